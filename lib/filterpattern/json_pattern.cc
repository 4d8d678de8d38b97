// `{ … }` patterns: selectors compared with values, joined by && (tighter)
// and ||, with parentheses.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "filterpattern/forms.h"

namespace trailhunt::filterpattern_internal {
namespace {

using match::Expr;
using match::Op;

class JsonParser {
 public:
  JsonParser(Scanner& s, ParseState& state) : s_(s), state_(state) {}

  bool Pattern(Expr* out) {
    s_.SkipSpaces();
    if (!s_.Accept("{")) return s_.Expected(s_.pos(), "'{'");
    if (!Or(out, 0)) return false;
    s_.SkipSpaces();
    if (!s_.Accept("}")) return s_.Expected(s_.pos(), "'&&', '||' or '}'");
    s_.SkipSpaces();
    if (!s_.at_end()) return s_.Expected(s_.pos(), "the end of the pattern after '}'");
    return true;
  }

 private:
  bool Or(Expr* out, int depth) {
    std::vector<Expr> terms(1);
    if (!And(&terms.back(), depth)) return false;
    for (;;) {
      s_.SkipSpaces();
      if (!s_.Accept("||")) break;
      terms.emplace_back();
      if (!And(&terms.back(), depth)) return false;
    }
    *out = terms.size() == 1 ? std::move(terms[0]) : Expr::Or(std::move(terms));
    return true;
  }

  bool And(Expr* out, int depth) {
    std::vector<Expr> factors(1);
    if (!Unary(&factors.back(), depth)) return false;
    for (;;) {
      s_.SkipSpaces();
      if (!s_.Accept("&&")) break;
      factors.emplace_back();
      if (!Unary(&factors.back(), depth)) return false;
    }
    *out = factors.size() == 1 ? std::move(factors[0]) : Expr::And(std::move(factors));
    return true;
  }

  bool Unary(Expr* out, int depth) {
    s_.SkipSpaces();
    if (s_.peek() == '(') {
      if (depth >= state_.options->max_nesting) {
        return s_.Fail(s_.pos(), "parentheses nested deeper than " +
                                     std::to_string(state_.options->max_nesting));
      }
      s_.advance();
      if (!Or(out, depth + 1)) return false;
      s_.SkipSpaces();
      if (!s_.Accept(")")) return s_.Expected(s_.pos(), "'&&', '||' or ')'");
      return true;
    }
    if (s_.peek() == '!' && s_.peek(1) != '=') {
      return s_.Fail(s_.pos(), "JSON patterns have no NOT operator: compare with '!=', or use "
                               "'NOT EXISTS' for an absent field");
    }
    match::Target target;
    if (!Selector(&target.field)) return false;
    return ParseCondition(s_, Context::kJson, target, state_, out);
  }

  // $.a.b, $.a[0].b, $.a[0][1]: kept as written; path.h reads it.
  bool Selector(std::string* out) {
    const size_t start = s_.pos();
    if (!s_.Accept("$")) return s_.Expected(start, "a selector such as $.eventName, or '('");
    // The record is an object: a selector starts with a property.
    if (s_.peek() != '.') return s_.Expected(s_.pos(), "'.' after '$' (a selector such as $.eventName)");
    for (;;) {
      if (s_.peek() == '.') {
        s_.advance();
        const size_t name = s_.pos();
        while (IsPropertyChar(s_.peek())) s_.advance();
        if (s_.pos() == name) {
          return s_.Expected(name, "a property name (letters, digits, '-' and '_') after '.'");
        }
      } else if (s_.peek() == '[') {
        s_.advance();
        const size_t digits = s_.pos();
        while (s_.peek() >= '0' && s_.peek() <= '9') s_.advance();
        if (s_.pos() == digits) return s_.Expected(digits, "an array index (0, 1, ...) after '['");
        if (s_.pos() - digits > 9) {
          return s_.Fail(digits, "the array index is too large (at most 9 digits)");
        }
        if (!s_.Accept("]")) return s_.Expected(s_.pos(), "']'");
      } else {
        break;
      }
    }
    out->assign(s_.text().substr(start, s_.pos() - start));
    if (std::find(state_.fields_read.begin(), state_.fields_read.end(), *out) ==
        state_.fields_read.end()) {
      state_.fields_read.push_back(*out);
    }
    return true;
  }

  Scanner& s_;
  ParseState& state_;
};

}  // namespace

bool ParseJsonPattern(Scanner& s, ParseState& state, Expr* out) {
  return JsonParser(s, state).Pattern(out);
}

}  // namespace trailhunt::filterpattern_internal
