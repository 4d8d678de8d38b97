// The comparison grammar the JSON and space-delimited forms share, and what
// each comparison means in the IR (filterpattern.h states the semantics).
#include <string>

#include "filterpattern/forms.h"
#include "trailhunt/value.h"

namespace trailhunt::filterpattern_internal {
namespace {

using match::CompareOp;
using match::Expr;
using match::Op;

// Where a bare value stops.
bool EndsBare(const Scanner& s, Context context) {
  const char c = s.peek();
  if (c == '\0' || IsSpace(c)) return true;
  if ((c == '&' && s.peek(1) == '&') || (c == '|' && s.peek(1) == '|')) return true;
  if (context == Context::kJson) return c == ')' || c == '}';
  return c == ',' || c == ']';
}

// A value as the pattern wrote it: quoted or bare, its text unescaped, and
// whether an unescaped '*' made it a wildcard (in canonical syntax).
struct ValueText {
  bool quoted = false;
  bool wildcard = false;
  std::string text;      // unescaped, for an equality
  std::string pattern;   // canonical wildcard syntax (match.h), when wildcard
  size_t start = 0;
};

bool ReadQuoted(Scanner& s, ValueText* v) {
  v->quoted = true;
  s.advance();  // the opening quote
  for (;;) {
    if (s.at_end()) return s.Fail(v->start, "the quoted value has no closing '\"'");
    const char c = s.peek();
    if (c == '"') {
      s.advance();
      return true;
    }
    if (c == '\\' && (s.peek(1) == '"' || s.peek(1) == '\\' || s.peek(1) == '*')) {
      // \" and \\ stand for the character; \* is a literal star.
      v->text.push_back(s.peek(1));
      AppendLiteral(&v->pattern, s.peek(1));
      s.advance(2);
      continue;
    }
    if (c == '*') {
      v->wildcard = true;
      v->text.push_back(c);
      v->pattern.push_back('*');
    } else {
      v->text.push_back(c);
      AppendLiteral(&v->pattern, c);
    }
    s.advance();
  }
}

bool ReadBare(Scanner& s, Context context, ValueText* v) {
  // An operator where the value should be ("==", "=>") is a typo.
  if (s.peek() == '=' || s.peek() == '<' || s.peek() == '>' || s.peek() == '!') {
    return s.Expected(s.pos(), "a value");
  }
  while (!EndsBare(s, context)) {
    const char c = s.peek();
    if (c == '"' || c == '(' || (context == Context::kJson && c == '{')) {
      return s.Fail(s.pos(), "'" + std::string(1, c) +
                                 "' cannot stand in an unquoted value: put the value in "
                                 "double quotes");
    }
    if (c == '*') {
      v->wildcard = true;
      v->pattern.push_back('*');
    } else {
      AppendLiteral(&v->pattern, c);
    }
    v->text.push_back(c);
    s.advance();
  }
  if (v->text.empty()) return s.Expected(s.pos(), "a value");
  return true;
}

Expr Leaf(Op op, const match::Target& target, size_t pos) {
  Expr e;
  e.op = op;
  e.target = target;
  e.flags = CloudWatchFlags();
  e.line = 1;
  e.column = static_cast<int>(pos) + 1;
  return e;
}

bool ParseEquality(Scanner& s, Context context, bool negate, const match::Target& target,
                   ParseState& state, Expr* out) {
  s.SkipSpaces();
  const size_t start = s.pos();
  if (s.peek() == '%') {
    std::string re2;
    if (!ParseRegex(s, state, &re2)) return false;
    *out = Leaf(Op::kRegex, target, start);
    out->pattern = std::move(re2);
    out->flags.negated = negate;
    return true;
  }
  ValueText v;
  v.start = start;
  if (s.peek() == '"') {
    if (!ReadQuoted(s, &v)) return false;
  } else if (!ReadBare(s, context, &v)) {
    return false;
  }
  if (v.wildcard) {
    *out = Leaf(Op::kWildcard, target, start);
    out->pattern = std::move(v.pattern);
    out->flags.negated = negate;
    return true;
  }
  *out = Leaf(Op::kCompare, target, start);
  out->compare = negate ? CompareOp::kNe : CompareOp::kEq;
  double unused = 0;
  if (!v.quoted && ParseDecimal(v.text, &unused)) {
    // A number compares numerically with a JSON number or a numeric string.
    out->literal = Value::NumberText(std::move(v.text));
    out->flags.numbers = match::NumberMode::kNumericIfBoth;
  } else {
    out->literal = Value::String(std::move(v.text));
  }
  return true;
}

bool ParseOrdering(Scanner& s, Context context, CompareOp op, const match::Target& target,
                   Expr* out) {
  s.SkipSpaces();
  const size_t start = s.pos();
  ValueText v;
  v.start = start;
  if (s.peek() == '"' || s.peek() == '%') {
    return s.Expected(start, "a number after a relational operator (<, <=, >, >= compare numbers)");
  }
  if (!ReadBare(s, context, &v)) return false;
  double unused = 0;
  if (v.wildcard || !ParseDecimal(v.text, &unused)) {
    return s.Fail(start, "expected a number after a relational operator (<, <=, >, >= compare "
                         "numbers), found '" + v.text + "'");
  }
  *out = Leaf(Op::kCompare, target, start);
  out->compare = op;
  out->literal = Value::NumberText(std::move(v.text));
  out->flags.numbers = match::NumberMode::kNumericOnly;
  return true;
}

}  // namespace

match::LeafFlags CloudWatchFlags() {
  match::LeafFlags f;
  f.case_sensitive = true;
  f.containers = match::ContainerMode::kNeverMatch;
  f.null_as_text = false;
  f.token_boundaries = false;
  return f;
}

bool ParseCondition(Scanner& s, Context context, const match::Target& target, ParseState& state,
                    Expr* out) {
  s.SkipSpaces();
  const size_t at = s.pos();
  if (s.Accept("!=")) return ParseEquality(s, context, true, target, state, out);
  if (s.Accept("=")) return ParseEquality(s, context, false, target, state, out);
  if (s.Accept("<=")) return ParseOrdering(s, context, CompareOp::kLe, target, out);
  if (s.Accept(">=")) return ParseOrdering(s, context, CompareOp::kGe, target, out);
  if (s.Accept("<")) return ParseOrdering(s, context, CompareOp::kLt, target, out);
  if (s.Accept(">")) return ParseOrdering(s, context, CompareOp::kGt, target, out);
  if (context == Context::kJson && s.AcceptWord("IS")) {
    s.SkipSpaces();
    const size_t word = s.pos();
    if (s.AcceptWord("TRUE") || s.AcceptWord("FALSE")) {
      *out = Leaf(Op::kCompare, target, word);
      out->literal = Value::Bool(s.text()[word] == 'T');
      out->flags.booleans_only = true;
      return true;
    }
    if (s.AcceptWord("NULL")) {
      *out = Leaf(Op::kNull, target, word);
      return true;
    }
    if (s.AcceptWord("NOT")) {
      return s.Fail(word, "'IS NOT' is not supported by CloudWatch: write '!= value', or "
                          "'NOT EXISTS' for an absent field");
    }
    return s.Expected(word, "TRUE, FALSE or NULL after IS");
  }
  if (context == Context::kJson && s.AcceptWord("NOT")) {
    s.SkipSpaces();
    const size_t word = s.pos();
    if (!s.AcceptWord("EXISTS")) return s.Expected(word, "EXISTS after NOT");
    *out = Expr::Not(Leaf(Op::kExists, target, at));
    return true;
  }
  if (context == Context::kJson && s.AcceptWord("EXISTS")) {
    return s.Fail(at, "'EXISTS' is not supported by CloudWatch: write '= *' for a field that "
                      "is present");
  }
  return s.Expected(at, context == Context::kJson
                            ? "an operator (=, !=, <, <=, >, >=, IS, NOT EXISTS)"
                            : "an operator (=, !=, <, <=, >, >=)");
}

}  // namespace trailhunt::filterpattern_internal
