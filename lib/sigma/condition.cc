#include "sigma/condition.h"

#include <string>
#include <string_view>

namespace trailhunt::sigma_internal {
namespace {

using match::Expr;

struct Token {
  enum class Kind : uint8_t { kWord, kOpen, kClose, kPipe, kEnd };
  Kind kind = Kind::kEnd;
  std::string_view text;
  size_t offset = 0;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    Token t;
    t.offset = i;
    if (c == '(' || c == ')' || c == '|') {
      t.kind = c == '(' ? Token::Kind::kOpen : c == ')' ? Token::Kind::kClose : Token::Kind::kPipe;
      t.text = text.substr(i, 1);
      ++i;
    } else {
      size_t j = i;
      while (j < text.size() && !IsSpace(text[j]) && text[j] != '(' && text[j] != ')' &&
             text[j] != '|') {
        ++j;
      }
      t.kind = Token::Kind::kWord;
      t.text = text.substr(i, j - i);
      i = j;
    }
    tokens.push_back(t);
  }
  Token end;
  end.offset = text.size();
  tokens.push_back(end);
  return tokens;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsWord(const Token& t, std::string_view lower_word) {
  return t.kind == Token::Kind::kWord && Lower(t.text) == lower_word;
}

// '*' matches any run of characters; everything else itself.
bool GlobMatch(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0, star = std::string_view::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] != '*' && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

class ConditionParser {
 public:
  ConditionParser(const YamlNode& node, const std::vector<SearchIdentifier>& identifiers,
                  Report& report, size_t* budget_used)
      : node_(node),
        text_(node.text),
        tokens_(Tokenize(node.text)),
        identifiers_(identifiers),
        report_(report),
        used_(budget_used) {}

  bool Parse(Expr* out) {
    if (!RejectAggregation()) return false;
    if (tokens_.size() == 1) {
      report_.Error(node_, "empty condition", "the condition is empty");
      return false;
    }
    if (!ParseOr(out)) return false;
    if (Peek().kind != Token::Kind::kEnd) {
      if (Peek().kind == Token::Kind::kClose) {
        return Fail(Peek(), "unbalanced parentheses", "')' closes no '('");
      }
      return Fail(Peek(), "unexpected '" + std::string(Peek().text) + "'",
                  "expected 'and', 'or' or the end of the condition, found '" +
                      std::string(Peek().text) + "'");
    }
    return true;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    const size_t i = pos_ + ahead;
    return tokens_[i < tokens_.size() ? i : tokens_.size() - 1];
  }
  const Token& Take() {
    const Token& t = Peek();
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }

  void Position(size_t offset, int* line, int* column) const {
    sigma_internal::ScalarPosition(node_, offset, line, column);
  }

  bool Fail(const Token& at, std::string construct, std::string message) {
    int line = 0, column = 0;
    Position(at.offset, &line, &column);
    report_.Error(line, column, std::move(construct), std::move(message));
    return false;
  }

  // Sigma 1's `selection | count() by x > 5` and `a | near b`.
  bool RejectAggregation() {
    for (size_t i = 0; i < tokens_.size(); ++i) {
      const Token& t = tokens_[i];
      const bool pipe = t.kind == Token::Kind::kPipe;
      if (!pipe && !IsWord(t, "near")) continue;
      const Token& what = pipe ? tokens_[i + 1] : t;
      const std::string word = Lower(what.text);
      if (word == "near") {
        return Fail(what, "near",
                    "'near' is the obsolete Sigma 1 temporal condition; write a correlation rule "
                    "of type temporal (or temporal_ordered) over the rules instead");
      }
      for (std::string_view fn : {"count", "min", "max", "avg", "sum"}) {
        if (word == fn) {
          return Fail(what, std::string(fn) + "() aggregation",
                      "the in-condition aggregation '| " + std::string(fn) +
                          "()' is obsolete since Sigma 2; write a correlation rule instead "
                          "(correlation: with type event_count or value_count, group-by, "
                          "timespan and condition)");
        }
      }
      return Fail(t, "|", "unexpected '|' in the condition");
    }
    return true;
  }

  bool Deeper(const Token& at) {
    if (++depth_ > kMaxConditionDepth) {
      return Fail(at, "condition depth",
                  "the condition nests deeper than " + std::to_string(kMaxConditionDepth) +
                      " levels of parentheses and 'not'");
    }
    return true;
  }

  bool ParseOr(Expr* out) {
    std::vector<Expr> terms(1);
    if (!ParseAnd(&terms[0])) return false;
    while (IsWord(Peek(), "or")) {
      Take();
      terms.emplace_back();
      if (!ParseAnd(&terms.back())) return false;
    }
    *out = terms.size() == 1 ? std::move(terms[0]) : Expr::Or(std::move(terms));
    return true;
  }

  bool ParseAnd(Expr* out) {
    std::vector<Expr> terms(1);
    if (!ParseNot(&terms[0])) return false;
    while (IsWord(Peek(), "and")) {
      Take();
      terms.emplace_back();
      if (!ParseNot(&terms.back())) return false;
    }
    *out = terms.size() == 1 ? std::move(terms[0]) : Expr::And(std::move(terms));
    return true;
  }

  bool ParseNot(Expr* out) {
    if (!IsWord(Peek(), "not")) return ParseQuantified(out);
    const Token& at = Take();
    if (!Deeper(at)) return false;
    Expr child;
    if (!ParseNot(&child)) return false;
    --depth_;
    *out = Expr::Not(std::move(child));
    return true;
  }

  bool ParseQuantified(Expr* out) {
    const Token& count = Peek();
    if (count.kind != Token::Kind::kWord || !IsWord(Peek(1), "of")) return ParsePrimary(out);
    const std::string quantifier = Lower(count.text);
    if (quantifier == "any") {
      return Fail(count, "any of",
                  "'any of' is not in the Sigma specification; write '1 of'");
    }
    if (quantifier != "1" && quantifier != "all") {
      return Fail(count, std::string(count.text) + " of",
                  "only '1 of' and 'all of' exist in Sigma, not '" + std::string(count.text) +
                      " of'");
    }
    Take();
    Take();  // of
    const Token& target = Take();
    if (target.kind != Token::Kind::kWord) {
      return Fail(target, "x of", "'" + quantifier + " of' needs an identifier pattern or 'them'");
    }
    const bool them = IsWord(target, "them");
    std::vector<Expr> parts;
    for (const SearchIdentifier& id : identifiers_) {
      const bool selected = them ? (id.name.empty() || id.name[0] != '_') : GlobMatch(target.text, id.name);
      if (!selected) continue;
      Expr copy;
      if (!Copy(id, target, &copy)) return false;
      parts.push_back(std::move(copy));
    }
    if (parts.empty()) {
      return Fail(target, them ? "them" : "pattern '" + std::string(target.text) + "'",
                  them ? std::string("'them' finds no search identifier (those starting with '_' "
                                     "are left out)")
                       : "no search identifier matches '" + std::string(target.text) + "'");
    }
    if (parts.size() == 1) {
      *out = std::move(parts[0]);
    } else {
      *out = quantifier == "all" ? Expr::And(std::move(parts)) : Expr::Or(std::move(parts));
    }
    return true;
  }

  bool ParsePrimary(Expr* out) {
    const Token& t = Peek();
    switch (t.kind) {
      case Token::Kind::kOpen: {
        const Token& open = Take();
        if (!Deeper(open)) return false;
        if (!ParseOr(out)) return false;
        if (Peek().kind != Token::Kind::kClose) {
          if (Peek().kind == Token::Kind::kEnd) {
            int line = 0, column = 0;
            Position(open.offset, &line, &column);
            return Fail(open, "unbalanced parentheses",
                        "the '(' at column " + std::to_string(column) + " is never closed");
          }
          return Fail(Peek(), "unexpected '" + std::string(Peek().text) + "'",
                      "expected ')' or an operator, found '" + std::string(Peek().text) + "'");
        }
        Take();
        --depth_;
        return true;
      }
      case Token::Kind::kClose:
        return Fail(t, "unbalanced parentheses", "')' closes no '('");
      case Token::Kind::kEnd:
        return Fail(t, "incomplete condition", "the condition ends where an identifier was expected");
      default: break;
    }
    const std::string lower = Lower(t.text);
    if (lower == "and" || lower == "or" || lower == "of" || lower == "them") {
      return Fail(t, "unexpected '" + std::string(t.text) + "'",
                  "expected an identifier, found '" + std::string(t.text) + "'");
    }
    for (const SearchIdentifier& id : identifiers_) {
      if (id.name == t.text) {
        Take();
        return Copy(id, t, out);
      }
    }
    return Fail(t, "identifier '" + std::string(t.text) + "'",
                "the condition names '" + std::string(t.text) +
                    "', which is not a search identifier of this detection");
  }

  bool Copy(const SearchIdentifier& id, const Token& at, Expr* out) {
    *used_ += id.ok ? id.size : 1;
    if (*used_ > kMaxRuleExprNodes) {
      return Fail(at, "rule size",
                  "the condition expands to more than " + std::to_string(kMaxRuleExprNodes) +
                      " predicate nodes");
    }
    // A broken identifier is already reported; its place holds a stand-in.
    *out = id.ok ? id.expr : Expr::True();
    return true;
  }

  const YamlNode& node_;
  std::string_view text_;
  std::vector<Token> tokens_;
  const std::vector<SearchIdentifier>& identifiers_;
  Report& report_;
  size_t* used_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

bool BuildCondition(const YamlNode& condition, const std::vector<SearchIdentifier>& identifiers,
                    Report& report, match::Expr* out) {
  size_t used = 0;
  auto too_long = [&report](const YamlNode& c) {
    if (c.text.size() <= kMaxConditionBytes) return false;
    report.Error(c, "condition length",
                 "the condition has " + std::to_string(c.text.size()) + " characters; at most " +
                     std::to_string(kMaxConditionBytes) + " are read");
    return true;
  };
  if (condition.is_scalar()) {
    if (too_long(condition)) return false;
    ConditionParser parser(condition, identifiers, report, &used);
    return parser.Parse(out);
  }
  if (!condition.is_sequence() || condition.items.empty()) {
    report.Error(condition, "condition",
                 "'condition' must be a text or a list of texts (OR'ed)");
    return false;
  }
  std::vector<Expr> alternatives;
  for (const YamlNode& item : condition.items) {
    if (!item.is_scalar()) {
      report.Error(item, "condition", "each entry of a condition list must be a text");
      return false;
    }
    if (too_long(item)) return false;
    ConditionParser parser(item, identifiers, report, &used);
    Expr e;
    if (!parser.Parse(&e)) return false;
    alternatives.push_back(std::move(e));
  }
  *out = alternatives.size() == 1 ? std::move(alternatives[0]) : Expr::Or(std::move(alternatives));
  return true;
}

}  // namespace trailhunt::sigma_internal
