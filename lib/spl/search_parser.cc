// Search terms -> match::Expr, with Splunk's search-command semantics set on
// every leaf (spl.h). Grammar, loosest first:
//
//   terms   := or ( [AND] or )*          implicit AND between terms
//   or      := unary ( OR unary )*       OR binds tighter than AND here
//   unary   := NOT unary | primary       NOT takes only the next term/group
//   primary := '(' terms ')' | "phrase" | field op value | field IN (values)
//            | TERM(x) | CASE(x) | keyword
//
// Operators are upper-case only ("The operators must be capitalized"): a
// lower-case `or` is a keyword. So are IN, CASE( and TERM(, which keeps a
// search for the word `case(x)` possible.
//
// Choices where Splunk's documents leave room:
//  - `*` is a wildcard in every value and keyword, quoted or not ("fail*"
//    matches "failed"), and nothing escapes it, as Splunk documents; `?`
//    and `\` are literal.
//  - a lone `*` is every event (True), not a keyword.
//  - spaces around an operator are allowed (`eventName = ConsoleLogin`).
//  - `f!=*` can never match (!= needs the field, and any value matches *).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spl/lexer.h"
#include "spl/parsers.h"
#include "trailhunt/match.h"
#include "trailhunt/spl.h"

namespace trailhunt::spl_internal {
namespace {

using match::Expr;
using match::Op;

Expr Combine(Op op, std::vector<Expr> children) {
  if (children.size() == 1) return std::move(children.front());
  Expr e;
  e.op = op;
  e.children = std::move(children);
  return e;
}

// Expr::True() and friends are defined by the evaluator (lib/match); the
// parser builds its nodes directly so it links without it.
Expr TrueExpr() {
  Expr e;
  e.op = Op::kTrue;
  return e;
}

Expr Negate(Expr child) {
  Expr e;
  e.op = Op::kNot;
  e.children.push_back(std::move(child));
  return e;
}

// SPL has no escape for '*' in search values (Splunk's docs: a backslash
// does not escape an asterisk), and no '?' wildcard: rewrite into the
// canonical pattern syntax where only '*' is special.
std::string ToPattern(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '?' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

bool HasWildcard(std::string_view text) { return text.find('*') != std::string_view::npos; }

bool IsFieldNameChar(char c) {
  return IsAlpha(c) || IsDigit(c) || c == '_' || c == '.' || c == '{' || c == '}' ||
         c == '@' || c == '-' || c == ':' || c == '$' || c == '[' || c == ']';
}

// Where a term ends in search: whitespace, a parenthesis or the pipe.
bool IsTermStop(char c) { return IsSpace(c) || c == '(' || c == ')' || c == '|' || c == '\0'; }

// A value read after an operator or inside IN (...).
struct SearchValue {
  std::string text;
  bool case_sensitive = false;  // CASE(...)
  size_t begin = 0;
};

// The result of a sub-parse: an expression, or a time modifier that only
// the top level may take out.
struct Node {
  Expr expr;
  bool is_time = false;
  bool earliest = false;
  spl::TimeSpec spec;
  size_t offset = 0;
};

class SearchParser {
 public:
  explicit SearchParser(Lexer& lex) : lex_(lex) {}

  bool Parse(spl::SearchCommand* out) {
    std::vector<Node> nodes;
    if (!ParseTerms(/*top=*/true, &nodes)) return false;
    std::vector<Expr> terms;
    for (Node& n : nodes) {
      if (!n.is_time) {
        terms.push_back(std::move(n.expr));
        continue;
      }
      std::optional<spl::TimeSpec>& slot = n.earliest ? out->earliest : out->latest;
      if (slot.has_value()) {
        return lex_.Fail(n.offset, std::string("found a second '") +
                                       (n.earliest ? "earliest" : "latest") +
                                       "='; expected at most one per search");
      }
      slot = std::move(n.spec);
    }
    out->expr = terms.empty() ? TrueExpr() : Combine(Op::kAnd, std::move(terms));
    return true;
  }

 private:
  // The upper-case operator word at the cursor, if it stands alone.
  bool AtOperator(std::string_view word) const {
    for (size_t i = 0; i < word.size(); ++i) {
      if (lex_.Peek(i) != word[i]) return false;
    }
    const char after = lex_.Peek(word.size());
    return IsTermStop(after) || after == '"';
  }

  bool AtTermsEnd() const {
    const char c = lex_.Peek();
    return lex_.AtEnd() || c == '|' || c == ')';
  }

  bool ParseTerms(bool top, std::vector<Node>* out) {
    while (true) {
      lex_.SkipSpace();
      if (AtTermsEnd()) break;
      if (AtOperator("AND")) {
        if (out->empty()) return lex_.ExpectedAt(lex_.offset(), "a search term before 'AND'");
        lex_.Advance(3);
        lex_.SkipSpace();
        if (AtTermsEnd() || AtOperator("AND") || AtOperator("OR")) {
          return lex_.ExpectedAt(lex_.offset(), "a search term after 'AND'");
        }
      }
      Node node;
      if (!ParseOr(&node)) return false;
      out->push_back(std::move(node));
    }
    if (top && lex_.Peek() == ')') {
      return lex_.ExpectedAt(lex_.offset(), "a search term ('(' does not open it)");
    }
    return true;
  }

  bool ParseOr(Node* out) {
    if (AtOperator("OR")) return lex_.ExpectedAt(lex_.offset(), "a search term before 'OR'");
    Node first;
    if (!ParseUnary(&first)) return false;
    lex_.SkipSpace();
    if (!AtOperator("OR")) {
      *out = std::move(first);
      return true;
    }
    if (first.is_time) return TimeNotTopLevel(first.offset);
    std::vector<Expr> alternatives;
    alternatives.push_back(std::move(first.expr));
    while (AtOperator("OR")) {
      lex_.Advance(2);
      lex_.SkipSpace();
      if (AtTermsEnd() || AtOperator("OR") || AtOperator("AND")) {
        return lex_.ExpectedAt(lex_.offset(), "a search term after 'OR'");
      }
      Node next;
      if (!ParseUnary(&next)) return false;
      if (next.is_time) return TimeNotTopLevel(next.offset);
      alternatives.push_back(std::move(next.expr));
      lex_.SkipSpace();
    }
    out->expr = Combine(Op::kOr, std::move(alternatives));
    return true;
  }

  bool ParseUnary(Node* out) {
    lex_.SkipSpace();
    if (AtOperator("NOT")) {
      const size_t at = lex_.offset();
      lex_.Advance(3);
      lex_.SkipSpace();
      if (AtTermsEnd() || AtOperator("OR") || AtOperator("AND")) {
        return lex_.ExpectedAt(lex_.offset(), "a search term after 'NOT'");
      }
      if (++depth_ > kMaxNesting) return TooDeep(at);
      Node inner;
      const bool ok = ParseUnary(&inner);
      --depth_;
      if (!ok) return false;
      if (inner.is_time) return TimeNotTopLevel(inner.offset);
      out->expr = Negate(std::move(inner.expr));
      return true;
    }
    return ParsePrimary(out);
  }

  bool ParsePrimary(Node* out) {
    lex_.SkipSpace();
    const size_t start = lex_.offset();
    const char c = lex_.Peek();
    if (c == '(') {
      if (++depth_ > kMaxNesting) return TooDeep(start);
      lex_.Advance();
      std::vector<Node> inner;
      const bool ok = ParseTerms(/*top=*/false, &inner);
      --depth_;
      if (!ok) return false;
      if (lex_.Peek() != ')') return lex_.ExpectedAt(lex_.offset(), "')' closing the '(' at " +
                                                                       PosText(start));
      lex_.Advance();
      if (inner.empty()) return lex_.ExpectedAt(start + 1, "a search term inside '( )'");
      std::vector<Expr> terms;
      for (Node& n : inner) terms.push_back(std::move(n.expr));
      out->expr = Combine(Op::kAnd, std::move(terms));
      return true;
    }
    if (c == '"') {
      std::string phrase;
      if (!lex_.ReadQuoted(&phrase, Escapes::kQuoteAndBackslash)) return false;
      out->expr = Keyword(phrase, /*case_sensitive=*/false, start);
      return true;
    }
    return ParseTerm(out);
  }

  bool ParseTerm(Node* out) {
    const size_t start = lex_.offset();
    const std::string_view text = lex_.text();
    // The field-name candidate: up to an operator character or a term stop.
    size_t i = start;
    while (i < text.size()) {
      const char ch = text[i];
      if (IsTermStop(ch) || ch == '=' || ch == '<' || ch == '>' || ch == '"' || ch == ',') break;
      if (ch == '!' && i + 1 < text.size() && text[i + 1] == '=') break;
      ++i;
    }
    const std::string_view name = text.substr(start, i - start);
    // Spaces around the operator are allowed (`eventName = ConsoleLogin`).
    size_t j = i;
    while (j < text.size() && IsSpace(text[j])) ++j;
    match::CompareOp op = match::CompareOp::kEq;
    size_t op_len = 0;
    if (j < text.size()) {
      const char a = text[j];
      const char b = j + 1 < text.size() ? text[j + 1] : '\0';
      if (a == '=') {
        op_len = 1;
      } else if (a == '!' && b == '=') {
        op = match::CompareOp::kNe;
        op_len = 2;
      } else if (a == '<') {
        op = b == '=' ? match::CompareOp::kLe : match::CompareOp::kLt;
        op_len = b == '=' ? 2 : 1;
      } else if (a == '>') {
        op = b == '=' ? match::CompareOp::kGe : match::CompareOp::kGt;
        op_len = b == '=' ? 2 : 1;
      }
    }
    if (op_len > 0) {
      if (name.empty()) return lex_.ExpectedAt(start, "a search term");
      for (char ch : name) {
        if (!IsFieldNameChar(ch)) {
          return lex_.Fail(start, "found " + Quote(name) +
                                      "; expected a field name (letters, digits and _ . { } @ - :) "
                                      "before the comparison");
        }
      }
      lex_.set_offset(j + op_len);
      return ParseComparison(std::string(name), op, start, out);
    }
    // `field IN (...)`.
    if (!name.empty() && j > i && j + 2 <= text.size() && text.substr(j, 2) == "IN") {
      size_t k = j + 2;
      while (k < text.size() && IsSpace(text[k])) ++k;
      if (k < text.size() && text[k] == '(') {
        lex_.set_offset(k + 1);
        return ParseIn(std::string(name), start, out);
      }
    }
    if ((name == "TERM" || name == "CASE") && i < text.size() && text[i] == '(') {
      lex_.set_offset(i);
      SearchValue value;
      if (!ReadWrapped(&value)) return false;
      out->expr = Keyword(value.text, /*case_sensitive=*/name == "CASE", start);
      // TERM(x): x only as a whole term between major breakers.
      out->expr.flags.major_breakers_only = name == "TERM";
      return true;
    }
    // A keyword: the whole run up to whitespace, a parenthesis or the pipe.
    size_t end = start;
    while (end < text.size() && !IsTermStop(text[end])) ++end;
    if (end == start) return lex_.ExpectedAt(start, "a search term");
    const std::string_view word = text.substr(start, end - start);
    lex_.set_offset(end);
    // A lone `*` is Splunk's "every event".
    out->expr = word == "*" ? TrueExpr() : Keyword(word, /*case_sensitive=*/false, start);
    return true;
  }

  bool ParseComparison(std::string field, match::CompareOp op, size_t start, Node* out) {
    lex_.SkipSpace();
    SearchValue value;
    if (!ReadValue(/*in_list=*/false, &value)) return false;
    if (field == "earliest" || field == "latest") {
      if (op != match::CompareOp::kEq) {
        return lex_.Fail(start, "found '" + field + "' with an operator other than '='; expected " +
                                    field + "=<time>");
      }
      if (depth_ > 0) return TimeNotTopLevel(start);
      auto spec = spl::ParseTimeSpec(value.text);
      if (!spec.ok()) {
        return lex_.Fail(value.begin, "found " + Quote(value.text) + "; expected a time for " +
                                          field + "= (" + std::string(spec.status().message()) +
                                          ")");
      }
      out->is_time = true;
      out->earliest = field == "earliest";
      out->spec = *std::move(spec);
      out->offset = start;
      return true;
    }
    out->expr = FieldLeaf(field, op, value, start);
    return true;
  }

  bool ParseIn(std::string field, size_t start, Node* out) {
    std::vector<Expr> alternatives;
    while (true) {
      lex_.SkipSpace();
      if (lex_.Peek() == ')') {
        lex_.Advance();
        break;
      }
      if (lex_.AtEnd() || lex_.Peek() == '|') {
        return lex_.ExpectedAt(lex_.offset(), "a value or ')' in the IN list");
      }
      if (lex_.Peek() == ',') {
        return lex_.ExpectedAt(lex_.offset(), "a value in the IN list");
      }
      SearchValue value;
      if (!ReadValue(/*in_list=*/true, &value)) return false;
      alternatives.push_back(FieldLeaf(field, match::CompareOp::kEq, value, start));
      lex_.SkipSpace();
      if (lex_.Peek() == ',') {
        lex_.Advance();
        lex_.SkipSpace();
        if (lex_.Peek() == ')') return lex_.ExpectedAt(lex_.offset(), "a value after ','");
      }
    }
    if (alternatives.empty()) return lex_.ExpectedAt(lex_.offset() - 1, "a value in the IN list");
    out->expr = Combine(Op::kOr, std::move(alternatives));
    return true;
  }

  // A value: "quoted", CASE(v), TERM(v), or an unquoted run up to
  // whitespace, ')' or '|' (and ',' inside IN lists).
  bool ReadValue(bool in_list, SearchValue* out) {
    const size_t start = lex_.offset();
    out->begin = start;
    const std::string_view text = lex_.text();
    if (lex_.Peek() == '"') return lex_.ReadQuoted(&out->text, Escapes::kQuoteAndBackslash);
    if ((text.substr(start, 5) == "CASE(" || text.substr(start, 5) == "TERM(")) {
      const bool case_sensitive = text[start] == 'C';
      lex_.set_offset(start + 4);
      if (!ReadWrapped(out)) return false;
      out->case_sensitive = case_sensitive;
      return true;
    }
    size_t end = start;
    while (end < text.size() && !IsTermStop(text[end]) && !(in_list && text[end] == ',')) ++end;
    if (end == start) return lex_.ExpectedAt(start, "a value (use \"\" for an empty one)");
    out->text = Unescape(text.substr(start, end - start));
    lex_.set_offset(end);
    return true;
  }

  // `(value)` after CASE or TERM; the cursor is on '('.
  bool ReadWrapped(SearchValue* out) {
    const size_t open = lex_.offset();
    lex_.Advance();
    lex_.SkipSpace();
    out->begin = lex_.offset();
    if (lex_.Peek() == '"') {
      if (!lex_.ReadQuoted(&out->text, Escapes::kQuoteAndBackslash)) return false;
    } else {
      const std::string_view text = lex_.text();
      size_t end = lex_.offset();
      while (end < text.size() && text[end] != ')' && text[end] != '|' && !IsSpace(text[end])) {
        ++end;
      }
      if (end == lex_.offset()) return lex_.ExpectedAt(end, "a value inside the parentheses");
      out->text = Unescape(text.substr(lex_.offset(), end - lex_.offset()));
      lex_.set_offset(end);
    }
    lex_.SkipSpace();
    if (lex_.Peek() != ')') {
      return lex_.ExpectedAt(lex_.offset(), "')' closing the '(' at " + PosText(open));
    }
    lex_.Advance();
    return true;
  }

  // Unquoted values read backslashes as quoted ones do.
  static std::string Unescape(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] == '\\' && k + 1 < raw.size() && (raw[k + 1] == '"' || raw[k + 1] == '\\')) ++k;
      out.push_back(raw[k]);
    }
    return out;
  }

  Expr Leaf(Op op, std::string field, size_t at) const {
    Expr e;
    e.op = op;
    e.target.field = std::move(field);
    e.flags.case_sensitive = false;
    e.flags.numbers = match::NumberMode::kText;
    e.flags.containers = match::ContainerMode::kMatchJsonText;
    const spl::SourcePos pos = lex_.PosAt(at);
    e.line = pos.line;
    e.column = pos.column;
    return e;
  }

  Expr Keyword(std::string_view text, bool case_sensitive, size_t at) const {
    Expr e = Leaf(Op::kKeyword, "", at);
    e.target.raw = true;
    e.pattern = ToPattern(text);
    e.flags.case_sensitive = case_sensitive;
    e.flags.token_boundaries = true;
    return e;
  }

  Expr FieldLeaf(const std::string& field, match::CompareOp op, const SearchValue& value,
                 size_t at) const {
    const bool equality = op == match::CompareOp::kEq || op == match::CompareOp::kNe;
    if (equality && value.text == "*") {
      Expr exists = Leaf(Op::kExists, field, at);
      exists.flags.null_is_present = false;
      if (op == match::CompareOp::kEq) return exists;
      // `f!=*`: != needs the field, and every present value matches `*`.
      Expr present = exists;
      return Combine(Op::kAnd, MakeVector(Negate(std::move(exists)), std::move(present)));
    }
    if (equality && HasWildcard(value.text)) {
      Expr wildcard = Leaf(Op::kWildcard, field, at);
      wildcard.pattern = ToPattern(value.text);
      wildcard.flags.case_sensitive = value.case_sensitive;
      if (op == match::CompareOp::kEq) return wildcard;
      // `!=` is false on a missing field (Splunk's NOT-expressions page),
      // while NOT of the wildcard alone would be true there.
      Expr exists = Leaf(Op::kExists, field, at);
      exists.flags.null_is_present = false;
      return Combine(Op::kAnd, MakeVector(Negate(std::move(wildcard)), std::move(exists)));
    }
    Expr compare = Leaf(Op::kCompare, field, at);
    compare.compare = op;
    compare.literal = Value::String(value.text);
    compare.flags.case_sensitive = value.case_sensitive;
    if (!equality) compare.flags.numbers = match::NumberMode::kNumericIfBoth;
    return compare;
  }

  static std::vector<Expr> MakeVector(Expr a, Expr b) {
    std::vector<Expr> v;
    v.push_back(std::move(a));
    v.push_back(std::move(b));
    return v;
  }

  std::string PosText(size_t offset) const {
    const spl::SourcePos p = lex_.PosAt(offset);
    return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
  }

  bool TimeNotTopLevel(size_t offset) {
    return lex_.Fail(offset,
                     "found a time modifier inside parentheses, OR or NOT; expected "
                     "earliest=/latest= as top-level search terms");
  }

  bool TooDeep(size_t offset) {
    return lex_.Fail(offset, "found more than " + std::to_string(kMaxNesting) +
                                 " nested parentheses or NOTs; expected a flatter search");
  }

  Lexer& lex_;
  int depth_ = 0;
};

}  // namespace

bool ParseSearchTerms(Lexer& lex, spl::SearchCommand* out) {
  SearchParser parser(lex);
  return parser.Parse(out);
}

}  // namespace trailhunt::spl_internal
