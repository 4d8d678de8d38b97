// Predicate::ToString: a one-line rendering for diagnostics and `explain`.
#include <string>

#include "match/compiled.h"

namespace trailhunt::match {
namespace {

std::string_view CompareSymbol(CompareOp op) {
  switch (op) {
    case CompareOp::kEq: return "=";
    case CompareOp::kNe: return "!=";
    case CompareOp::kLt: return "<";
    case CompareOp::kLe: return "<=";
    case CompareOp::kGt: return ">";
    case CompareOp::kGe: return ">=";
  }
  return "?";
}

void AppendQuoted(std::string& out, std::string_view s) {
  Value::String(std::string(s)).AppendJson(out);
}

// Non-default flags that change a leaf's meaning, e.g. " [case-sensitive]".
void AppendFlags(std::string& out, const Expr& e) {
  std::string flags;
  auto add = [&](std::string_view f) {
    if (!flags.empty()) flags += ", ";
    flags += f;
  };
  const LeafFlags& f = e.flags;
  if (f.case_sensitive) add("case-sensitive");
  if (e.op == Op::kCompare && f.numbers == NumberMode::kNumericIfBoth) add("numeric-if-both");
  if (e.op == Op::kCompare && f.numbers == NumberMode::kNumericOnly) add("numeric");
  if (e.op != Op::kKeyword && e.op != Op::kExists && e.op != Op::kNull &&
      f.containers == ContainerMode::kNeverMatch) {
    add("objects-never-match");
  }
  if (f.all_items) add("all-items");
  if (e.op == Op::kNull && f.missing_is_null) add("missing-is-null");
  if (e.op == Op::kKeyword && !f.token_boundaries) add("substring");
  if (e.op == Op::kExists && !f.null_is_present) add("null-is-absent");
  if (!f.null_as_text && e.op != Op::kNull && e.op != Op::kExists && e.op != Op::kKeyword) {
    add("null-never-matches");
  }
  if (f.negated) add("negated");
  if (f.booleans_only && e.op == Op::kCompare && e.literal.kind() == Value::Kind::kBool) {
    add("booleans-only");
  }
  if (!flags.empty()) out += " [" + flags + "]";
}

// "_raw", a space-delimited field of it ("_raw[2]", "_raw[-1]"), their
// count ("count(_raw[])"), or the field's name.
std::string TargetName(const Target& t) {
  if (!t.raw) return t.field;
  if (t.delimited == kWholeRecord) return "_raw";
  if (t.delimited == kDelimitedFieldCount) return "count(_raw[])";
  return "_raw[" + std::to_string(t.delimited) + "]";
}

void Render(const Expr& e, std::string& out) {
  const std::string field = TargetName(e.target);
  switch (e.op) {
    case Op::kAnd:
    case Op::kOr: {
      if (e.children.empty()) {
        out += e.op == Op::kAnd ? "true" : "false";
        return;
      }
      if (e.children.size() == 1) {
        Render(e.children[0], out);
        return;
      }
      out += '(';
      for (size_t i = 0; i < e.children.size(); ++i) {
        if (i) out += e.op == Op::kAnd ? " AND " : " OR ";
        Render(e.children[i], out);
      }
      out += ')';
      return;
    }
    case Op::kNot:
      out += "NOT ";
      if (!e.children.empty()) Render(e.children[0], out);
      return;
    case Op::kTrue: out += "true"; return;
    case Op::kFalse: out += "false"; return;
    case Op::kCompare:
      out += field;
      out += ' ';
      out += CompareSymbol(e.compare);
      out += ' ';
      e.literal.AppendJson(out);
      break;
    case Op::kWildcard:
      out += "like(" + field + ", ";
      AppendQuoted(out, e.pattern);
      out += ')';
      break;
    case Op::kRegex:
      out += "match(" + field + ", ";
      AppendQuoted(out, e.pattern);
      out += ')';
      break;
    case Op::kCidr:
      out += "cidrmatch(" + field + ", ";
      AppendQuoted(out, e.pattern);
      out += ')';
      break;
    case Op::kExists: out += "exists(" + field + ")"; break;
    case Op::kNull: out += "isnull(" + field + ")"; break;
    case Op::kFieldRef: {
      static constexpr const char* kModes[] = {"", "contains", "startswith", "endswith"};
      const std::string other = e.other.raw ? "_raw" : e.other.field;
      if (e.field_ref == FieldRefMode::kEquals) {
        out += field + ' ';
        out += CompareSymbol(e.compare);
        out += " field(" + other + ")";
      } else {
        out += std::string(kModes[static_cast<int>(e.field_ref)]) + "(" + field + ", field(" +
               other + "))";
      }
      break;
    }
    case Op::kKeyword:
      // A whole term between major breakers (SPL's TERM) renders as term().
      out += e.flags.token_boundaries && e.flags.major_breakers_only ? "term(" : "keyword(";
      AppendQuoted(out, e.pattern);
      out += ')';
      break;
  }
  AppendFlags(out, e);
}

}  // namespace

std::string Predicate::ToString() const {
  std::string out;
  Render(compiled_->expr, out);
  return out;
}

}  // namespace trailhunt::match
