// Term patterns for unstructured text: `ERROR Exception` (all), `?ERROR
// ?WARN` (any), `-DEBUG` (none), `"exact phrase"`. Searched in the raw
// record, case-sensitively, where the term stands between breakers (it
// does not match inside a longer word).
#include <string>
#include <utility>
#include <vector>

#include "filterpattern/forms.h"

namespace trailhunt::filterpattern_internal {
namespace {

using match::Expr;
using match::Op;

// The keyword leaf for one term; its text is literal (no wildcards).
Expr TermLeaf(const std::string& term, size_t pos) {
  Expr e;
  e.op = Op::kKeyword;
  e.target.raw = true;
  for (char c : term) AppendLiteral(&e.pattern, c);
  e.flags = CloudWatchFlags();
  e.flags.token_boundaries = true;
  e.line = 1;
  e.column = static_cast<int>(pos) + 1;
  return e;
}

bool Blank(const std::string& s) {
  for (char c : s) {
    if (!IsSpace(c)) return false;
  }
  return true;
}

}  // namespace

bool ParseTermPattern(Scanner& s, Expr* out) {
  std::vector<Expr> required, any, excluded;
  for (;;) {
    s.SkipSpaces();
    if (s.at_end()) break;
    const size_t start = s.pos();
    char sign = 0;
    if (s.peek() == '?' || s.peek() == '-') {
      sign = s.peek();
      s.advance();
    }
    std::string term;
    if (s.peek() == '"') {
      const size_t quote = s.pos();
      s.advance();
      for (;;) {
        if (s.at_end()) return s.Fail(quote, "the quoted term has no closing '\"'");
        if (s.peek() == '"') break;
        if (s.peek() == '\\' && (s.peek(1) == '"' || s.peek(1) == '\\')) s.advance();
        term.push_back(s.peek());
        s.advance();
      }
      s.advance();
      if (!s.at_end() && !IsSpace(s.peek())) {
        return s.Expected(s.pos(), "a space after the quoted term");
      }
      if (Blank(term)) {
        // `" "` is CloudWatch's spelling of "every event".
        if (sign == '-') return s.Fail(start, "'-\" \"' would exclude every event");
        if (sign == '?') any.push_back(Expr::True());
        continue;
      }
    } else {
      while (!s.at_end() && !IsSpace(s.peek())) {
        term.push_back(s.peek());
        s.advance();
      }
      if (term.empty()) return s.Expected(s.pos(), "a term after '" + std::string(1, sign) + "'");
    }
    Expr leaf = TermLeaf(term, start);
    if (sign == '?') {
      any.push_back(std::move(leaf));
    } else if (sign == '-') {
      excluded.push_back(Expr::Not(std::move(leaf)));
    } else {
      required.push_back(std::move(leaf));
    }
  }
  std::vector<Expr> all = std::move(required);
  if (!any.empty()) all.push_back(Expr::Or(std::move(any)));
  for (Expr& e : excluded) all.push_back(std::move(e));
  if (all.empty()) {
    *out = Expr::True();  // only blanks: every event
  } else {
    *out = all.size() == 1 ? std::move(all[0]) : Expr::And(std::move(all));
  }
  return true;
}

}  // namespace trailhunt::filterpattern_internal
