#include "sigma/detection.h"

#include <algorithm>
#include <unordered_set>

#include "sigma/modifiers.h"
#include "sigma/values.h"

namespace trailhunt::sigma_internal {
namespace {

using match::Expr;

// One map: the AND of its entries.
bool BuildMap(const YamlNode& map, const LoadOptions& options, Report& report, Expr* out) {
  if (map.entries.empty()) {
    report.Error(map, "empty selection", "an empty map selects nothing; give it field: value entries");
    return false;
  }
  std::vector<Expr> parts;
  bool ok = true;
  for (const auto& [key, value] : map.entries) {
    FieldSpec spec;
    Expr e;
    if (ParseFieldSpec(key, report, &spec) && BuildValuesExpr(spec, value, options, report, &e)) {
      parts.push_back(std::move(e));
    } else {
      ok = false;
    }
  }
  if (!ok) return false;
  *out = parts.size() == 1 ? std::move(parts[0]) : Expr::And(std::move(parts));
  return true;
}

bool BuildKeywords(const YamlNode& values, const LoadOptions& options, Report& report, Expr* out) {
  FieldSpec keywords;  // no field, no modifiers
  keywords.line = values.line;
  keywords.column = values.column;
  return BuildValuesExpr(keywords, values, options, report, out);
}

bool BuildIdentifier(const YamlNode& value, const LoadOptions& options, Report& report, Expr* out) {
  switch (value.kind) {
    case YamlNode::Kind::kNull:
      report.Error(value, "empty selection", "the search identifier has no content");
      return false;
    case YamlNode::Kind::kScalar: return BuildKeywords(value, options, report, out);
    case YamlNode::Kind::kMap: return BuildMap(value, options, report, out);
    case YamlNode::Kind::kSequence: break;
  }
  if (value.items.empty()) {
    report.Error(value, "empty selection", "the search identifier is an empty list");
    return false;
  }
  const bool all_scalars = std::all_of(value.items.begin(), value.items.end(),
                                       [](const YamlNode& n) { return !n.is_map(); });
  if (all_scalars) return BuildKeywords(value, options, report, out);
  // A list of maps (keywords may be mixed in): the OR of its items.
  std::vector<Expr> alternatives;
  bool ok = true;
  for (const YamlNode& item : value.items) {
    Expr e;
    bool built = false;
    if (item.is_map()) {
      built = BuildMap(item, options, report, &e);
    } else if (item.is_scalar()) {
      built = BuildKeywords(item, options, report, &e);
    } else {
      report.Error(item, item.is_null() ? "null in a list" : "nested list",
                   "a list of maps may hold only maps and keywords");
    }
    if (built) {
      alternatives.push_back(std::move(e));
    } else {
      ok = false;
    }
  }
  if (!ok) return false;
  *out = alternatives.size() == 1 ? std::move(alternatives[0]) : Expr::Or(std::move(alternatives));
  return true;
}

void CollectFields(const Expr& e, std::unordered_set<std::string>* seen,
                   std::vector<std::string>* out) {
  auto add = [seen, out](const match::Target& t) {
    if (t.raw || t.field.empty()) return;
    if (seen->insert(t.field).second) out->push_back(t.field);
  };
  switch (e.op) {
    case match::Op::kAnd:
    case match::Op::kOr:
    case match::Op::kNot:
      for (const Expr& c : e.children) CollectFields(c, seen, out);
      return;
    case match::Op::kTrue:
    case match::Op::kFalse:
    case match::Op::kKeyword: return;
    case match::Op::kFieldRef:
      add(e.target);
      add(e.other);
      return;
    default: add(e.target); return;
  }
}

}  // namespace

bool ReadSearchIdentifiers(const YamlNode& section, const std::vector<std::string_view>& reserved,
                           const LoadOptions& options, Report& report,
                           std::vector<SearchIdentifier>* out) {
  bool ok = true;
  if (section.entries.size() > kMaxSearchIdentifiers + reserved.size()) {
    report.Error(section, "search identifiers",
                 "the detection defines " + std::to_string(section.entries.size()) +
                     " entries; at most " + std::to_string(kMaxSearchIdentifiers) +
                     " search identifiers are read");
    return false;
  }
  for (const auto& [key, value] : section.entries) {
    if (std::find(reserved.begin(), reserved.end(), key.text) != reserved.end()) continue;
    SearchIdentifier id;
    id.name = key.text;
    id.line = key.line;
    id.column = key.column;
    if (value.is_null()) {
      // yaml-cpp places an empty value at the next token; the key is clearer.
      report.Error(key, "empty selection", "the search identifier '" + key.text + "' has no content");
      id.ok = false;
    } else {
      id.ok = BuildIdentifier(value, options, report, &id.expr);
    }
    if (id.ok) id.size = ExprSize(id.expr);
    ok = ok && id.ok;
    out->push_back(std::move(id));
  }
  return ok;
}

size_t ExprSize(const Expr& e) {
  size_t n = 1;
  for (const Expr& c : e.children) n += ExprSize(c);
  return n;
}

std::vector<std::string> FieldsRead(const Expr& e) {
  std::vector<std::string> fields;
  std::unordered_set<std::string> seen;
  CollectFields(e, &seen, &fields);
  return fields;
}

}  // namespace trailhunt::sigma_internal
