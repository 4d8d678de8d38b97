// `[a, b, ..., c = 4*, d > 100]` patterns: the raw record split into
// space-delimited fields, each named by its position. Without `...` the
// record must have exactly as many fields as the pattern names; `...`
// stands for any number of fields (at most one `...`: with two, a field's
// position would be ambiguous). Fields before it count from the first,
// fields after it from the last.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "filterpattern/forms.h"

namespace trailhunt::filterpattern_internal {
namespace {

using match::Expr;
using match::Op;

// A field's name also takes dots ("request.path").
bool IsNameChar(char c) { return IsPropertyChar(c) || c == '.'; }

class DelimitedParser {
 public:
  DelimitedParser(Scanner& s, ParseState& state) : s_(s), state_(state) {}

  bool Pattern(Expr* out) {
    s_.SkipSpaces();
    if (!s_.Accept("[")) return s_.Expected(s_.pos(), "'['");
    std::vector<Expr> conditions;
    for (;;) {
      s_.SkipSpaces();
      const size_t at = s_.pos();
      if (s_.Accept("...")) {
        if (ellipsis_ >= 0) return s_.Fail(at, "a pattern may hold one '...' only");
        ellipsis_ = static_cast<int>(names_.size());
      } else {
        std::string name;
        if (!Name(&name)) return false;
        if (positions_.count(name) != 0) {
          return s_.Fail(at, "the field name '" + name + "' is used twice");
        }
        positions_.emplace(name, static_cast<int>(names_.size()));
        names_.push_back(name);
        s_.SkipSpaces();
        if (s_.peek() != ',' && s_.peek() != ']') {
          conditions.emplace_back();
          if (!Or(name, &conditions.back())) return false;
        }
      }
      s_.SkipSpaces();
      if (s_.Accept(",")) continue;
      if (s_.Accept("]")) break;
      return s_.Expected(s_.pos(), "',' or ']'");
    }
    s_.SkipSpaces();
    if (!s_.at_end()) return s_.Expected(s_.pos(), "the end of the pattern after ']'");
    if (names_.empty()) return s_.Fail(0, "a space-delimited pattern names at least one field");
    for (Expr& c : conditions) {
      if (!Resolve(c)) return false;
    }
    std::vector<Expr> all;
    all.push_back(CountCheck());
    for (Expr& c : conditions) all.push_back(std::move(c));
    *out = Expr::And(std::move(all));
    return true;
  }

 private:
  bool Name(std::string* out) {
    const size_t start = s_.pos();
    name_start_ = start;
    while (IsNameChar(s_.peek())) s_.advance();
    if (s_.pos() == start) return s_.Expected(start, "a field name or '...'");
    out->assign(s_.text().substr(start, s_.pos() - start));
    return true;
  }

  // `a = 1 || a = 2 && b > 3` after the first field's name: && binds tighter.
  bool Or(const std::string& first, Expr* out) {
    std::vector<Expr> terms(1);
    if (!And(first, &terms.back())) return false;
    for (;;) {
      s_.SkipSpaces();
      if (!s_.Accept("||")) break;
      std::string name;
      s_.SkipSpaces();
      if (!Name(&name)) return false;
      terms.emplace_back();
      if (!And(name, &terms.back())) return false;
    }
    *out = terms.size() == 1 ? std::move(terms[0]) : Expr::Or(std::move(terms));
    return true;
  }

  bool And(const std::string& first, Expr* out) {
    std::vector<Expr> factors(1);
    if (!Condition(first, &factors.back())) return false;
    for (;;) {
      s_.SkipSpaces();
      if (!s_.Accept("&&")) break;
      std::string name;
      s_.SkipSpaces();
      if (!Name(&name)) return false;
      factors.emplace_back();
      if (!Condition(name, &factors.back())) return false;
    }
    *out = factors.size() == 1 ? std::move(factors[0]) : Expr::And(std::move(factors));
    return true;
  }

  // The leaf is placed at the field's name (the last one Name read), so an
  // error about the name points at it.
  bool Condition(const std::string& name, Expr* out) {
    const size_t at = name_start_;
    match::Target target;
    target.field = name;
    target.raw = true;
    if (!ParseCondition(s_, Context::kDelimited, target, state_, out)) return false;
    out->column = static_cast<int>(at) + 1;
    return true;
  }

  // Gives every leaf the position of the field it names (known only once
  // the whole list, and where `...` stands, has been read).
  bool Resolve(Expr& e) {
    for (Expr& child : e.children) {
      if (!Resolve(child)) return false;
    }
    if (!e.target.raw || e.target.field.empty()) return true;
    auto it = positions_.find(e.target.field);
    if (it == positions_.end()) {
      return s_.Fail(static_cast<size_t>(e.column - 1),
                     "the condition names '" + e.target.field + "', which is not a field of "
                     "the pattern");
    }
    const int index = it->second;
    const int named = static_cast<int>(names_.size());
    // Before `...`: from the first field; after it: from the last.
    e.target.delimited = (ellipsis_ < 0 || index < ellipsis_) ? index : index - named;
    return true;
  }

  Expr CountCheck() const {
    Expr e;
    e.op = Op::kCompare;
    e.target.raw = true;
    e.target.delimited = match::kDelimitedFieldCount;
    e.compare = ellipsis_ < 0 ? match::CompareOp::kEq : match::CompareOp::kGe;
    e.literal = Value::Int(static_cast<int64_t>(names_.size()));
    e.flags = CloudWatchFlags();
    e.flags.numbers = match::NumberMode::kNumericOnly;
    return e;
  }

  Scanner& s_;
  ParseState& state_;
  std::vector<std::string> names_;
  std::map<std::string, int> positions_;
  int ellipsis_ = -1;  // how many names precede `...`; -1 without one
  size_t name_start_ = 0;
};

}  // namespace

bool ParseDelimitedPattern(Scanner& s, ParseState& state, Expr* out) {
  return DelimitedParser(s, state).Pattern(out);
}

}  // namespace trailhunt::filterpattern_internal
