// Predicate evaluation: per record, on slots only, with no allocation.
#include <charconv>
#include <string>

#include "match/compiled.h"
#include "match/delimited.h"
#include "match/text.h"

namespace trailhunt::match_internal {
namespace {

using match::CompareOp;
using match::ContainerMode;
using match::NumberMode;
using match::Op;

bool Ordered(CompareOp op, int c) {
  switch (op) {
    case CompareOp::kEq: return c == 0;
    case CompareOp::kNe: return c != 0;
    case CompareOp::kLt: return c < 0;
    case CompareOp::kLe: return c <= 0;
    case CompareOp::kGt: return c > 0;
    case CompareOp::kGe: return c >= 0;
  }
  return false;
}

// `needle` folded when the match is case-insensitive (Find and EqualsAt want
// it so), in a per-thread buffer: no allocation once it has grown.
std::string_view FoldedNeedle(std::string_view needle, bool case_sensitive) {
  if (case_sensitive) return needle;
  thread_local std::string folded;
  folded.assign(needle.data(), needle.size());
  for (char& c : folded) c = FoldAscii(c);
  return folded;
}

bool InSet(const Node& n, std::string_view text) {
  if (n.flags.case_sensitive) return n.any_of->contains(absl::string_view(text.data(), text.size()));
  // Folded into a per-thread buffer: no allocation once it has grown.
  thread_local std::string folded;
  folded.assign(text.data(), text.size());
  for (char& c : folded) c = FoldAscii(c);
  return n.any_of->contains(absl::string_view(folded));
}

bool CompareItem(const Node& n, const Value& v, std::string_view text) {
  if (n.any_of) return InSet(n, text);
  const bool cs = n.flags.case_sensitive;
  if (n.flags.numbers != NumberMode::kText) {
    double x = 0;
    const bool numeric = n.literal_is_number && v.AsNumber(&x);
    if (numeric) {
      const int c = x < n.literal_number ? -1 : x > n.literal_number ? 1 : 0;
      return Ordered(n.compare, c);
    }
    if (n.flags.numbers == NumberMode::kNumericOnly) return false;
  }
  if (n.compare == CompareOp::kEq) return Equals(text, n.literal_text, cs);
  if (n.compare == CompareOp::kNe) return !Equals(text, n.literal_text, cs);
  return Ordered(n.compare, CompareText(text, n.literal_text, cs));
}

// One item (never a multivalue, never missing).
bool MatchItem(const Node& n, const Value& v) {
  switch (n.op) {
    case Op::kExists: return n.flags.null_is_present || !v.is_null();
    case Op::kNull: return v.is_null();
    default: break;
  }
  if (v.kind() == Value::Kind::kJson && n.flags.containers == ContainerMode::kNeverMatch) {
    return false;
  }
  if (v.is_null() && !n.flags.null_as_text) return false;
  if (n.flags.booleans_only && n.op == Op::kCompare && v.kind() != Value::Kind::kBool) {
    return false;
  }
  char buf[32];
  const std::string_view text = ItemText(v, buf);
  switch (n.op) {
    case Op::kCompare: return CompareItem(n, v, text);
    case Op::kWildcard: return n.wildcard->Matches(text) != n.flags.negated;
    case Op::kRegex: return RE2::PartialMatch(text, *n.regex) != n.flags.negated;
    case Op::kCidr: return n.cidr->Contains(text);
    default: return false;
  }
}

const Value& SlotValue(const match::FieldSet& fields, SlotIndex slot) {
  static const Value kMissing;
  return slot < fields.slots.size() ? fields.slots[slot] : kMissing;
}

// One item of the field against one item of the other field.
bool FieldRefItems(const Node& n, const Value& a, const Value& b) {
  char abuf[32], bbuf[32];
  const std::string_view x = ItemText(a, abuf);
  const std::string_view y = ItemText(b, bbuf);
  const bool cs = n.flags.case_sensitive;
  switch (n.field_ref) {
    case match::FieldRefMode::kEquals: {
      const bool equal = x.size() == y.size() && CompareText(x, y, cs) == 0;
      return n.compare == CompareOp::kEq ? equal : !equal;
    }
    case match::FieldRefMode::kContains:
      return Find(x, FoldedNeedle(y, cs), 0, cs) != std::string_view::npos;
    case match::FieldRefMode::kStartsWith:
      return x.size() >= y.size() && EqualsAt(x, 0, FoldedNeedle(y, cs), cs);
    case match::FieldRefMode::kEndsWith:
      return x.size() >= y.size() && EqualsAt(x, x.size() - y.size(), FoldedNeedle(y, cs), cs);
  }
  return false;
}

// Any item of the field against any item of the other: both must be
// present (a missing or null other field never matches).
bool MatchFieldRef(const Node& n, const match::FieldSet& fields) {
  const Value& a = n.raw ? Value() : SlotValue(fields, n.slot);
  const Value& b = SlotValue(fields, n.other_slot);
  if (b.is_missing() || b.is_null() || (!n.raw && (a.is_missing() || a.is_null()))) return false;
  auto each = [](const Value& v, auto&& fn) {
    if (!v.is_multi()) return fn(v);
    for (const Value& item : v.items()) {
      if (fn(item)) return true;
    }
    return false;
  };
  if (n.raw) {
    const Value raw = Value::String(std::string(fields.raw));
    return each(b, [&](const Value& y) { return FieldRefItems(n, raw, y); });
  }
  return each(a, [&](const Value& x) {
    return each(b, [&](const Value& y) { return FieldRefItems(n, x, y); });
  });
}

bool MatchLeaf(const Node& n, const match::FieldSet& fields) {
  if (n.op == Op::kKeyword) return n.keyword->Matches(fields.raw);
  if (n.op == Op::kFieldRef) return MatchFieldRef(n, fields);
  if (n.raw && n.delimited != match::kWholeRecord) {
    // A space-delimited field, or their count, read like a string value.
    // A per-thread value keeps its capacity: no allocation once warm.
    thread_local Value part_value;
    if (n.delimited == match::kDelimitedFieldCount) {
      part_value.SetInt(static_cast<int64_t>(CountDelimitedFields(fields.raw)));
      return MatchItem(n, part_value);
    }
    std::string_view part;
    if (!DelimitedField(fields.raw, n.delimited, &part)) return false;
    part_value.SetString(part);
    return MatchItem(n, part_value);
  }
  if (n.raw) {
    // The record text is one string value.
    switch (n.op) {
      case Op::kExists: return true;
      case Op::kNull: return false;
      case Op::kCompare: return CompareItem(n, Value(), fields.raw);
      case Op::kWildcard: return n.wildcard->Matches(fields.raw) != n.flags.negated;
      case Op::kRegex: return RE2::PartialMatch(fields.raw, *n.regex) != n.flags.negated;
      case Op::kCidr: return n.cidr->Contains(fields.raw);
      default: return false;
    }
  }
  static const Value kMissing;
  const Value& v = n.slot < fields.slots.size() ? fields.slots[n.slot] : kMissing;
  if (v.is_missing()) {
    // A comparison on an absent field is false (SPL's `f!=x`, CloudWatch's
    // selectors); only the tree above (NOT) turns absence into a match.
    return n.op == Op::kNull && n.flags.missing_is_null;
  }
  if (!v.is_multi()) return MatchItem(n, v);
  const auto& items = v.items();
  if (n.flags.all_items) {
    if (items.empty()) return false;
    for (const Value& item : items) {
      if (!MatchItem(n, item)) return false;
    }
    return true;
  }
  for (const Value& item : items) {
    if (MatchItem(n, item)) return true;
  }
  return false;
}

}  // namespace

bool Evaluate(const Node& node, const match::FieldSet& fields) {
  switch (node.op) {
    case Op::kAnd:
      for (const Node& c : node.children) {
        if (!Evaluate(c, fields)) return false;
      }
      return true;
    case Op::kOr:
      for (const Node& c : node.children) {
        if (Evaluate(c, fields)) return true;
      }
      return false;
    case Op::kNot: return !Evaluate(node.children[0], fields);
    case Op::kTrue: return true;
    case Op::kFalse: return false;
    default: return MatchLeaf(node, fields);
  }
}

}  // namespace trailhunt::match_internal
