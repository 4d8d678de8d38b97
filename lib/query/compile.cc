#include "query/compile.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "trailhunt/catalog.h"

namespace trailhunt::query_internal {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;

bool BuiltinFor(std::string_view name, Builtin* out) {
  if (name == "_raw") *out = Builtin::kRaw;
  else if (name == "_time") *out = Builtin::kTime;
  else if (name == "source") *out = Builtin::kSource;
  else if (name == "sourcetype") *out = Builtin::kSourcetype;
  else return false;
  return true;
}

bool CaptureAt(std::string_view pattern, std::string_view name,
               std::vector<std::string>* captures) {
  const size_t star = pattern.find('*');
  if (star == std::string_view::npos) return pattern == name;
  if (name.substr(0, star) != pattern.substr(0, star)) return false;
  const std::string_view rest_pattern = pattern.substr(star + 1);
  const std::string_view rest_name = name.substr(star);
  // Longest capture first, as a glob on field names reads.
  for (size_t len = rest_name.size() + 1; len-- > 0;) {
    const size_t mark = captures->size();
    captures->emplace_back(rest_name.substr(0, len));
    if (CaptureAt(rest_pattern, rest_name.substr(len), captures)) return true;
    captures->resize(mark);
  }
  return false;
}

}  // namespace

absl::Status LimitExceeded(std::string_view limit, size_t value, std::string_view what) {
  return absl::ResourceExhaustedError(
      absl::StrCat("query limit ", std::string(limit), " (", value, ") exceeded by ",
                   std::string(what), "; raise QueryLimits::", std::string(limit)));
}

Value TimeValue(int64_t time_ns) {
  if (time_ns == kNoTime) return Value();
  if (time_ns % kNsPerSecond == 0) return Value::Int(time_ns / kNsPerSecond);
  return Value::Double(static_cast<double>(time_ns) / 1e9);
}

int64_t TimeNs(const Value& value) {
  if (value.kind() == Value::Kind::kInt) return value.int_value() * kNsPerSecond;
  double d = 0;
  if (!value.AsNumber(&d) || !std::isfinite(d) || std::fabs(d) > 9.2e9) return kNoTime;
  return static_cast<int64_t>(std::llround(d * 1e9));
}

bool HasWildcard(std::string_view name) { return name.find('*') != std::string_view::npos; }

bool WildcardCapture(std::string_view pattern, std::string_view name,
                     std::vector<std::string>* captures) {
  captures->clear();
  return CaptureAt(pattern, name, captures);
}

SymbolTable SymbolTable::ForEvents(ProjectionBuilder* projection,
                                   std::vector<spl::Diagnostic>* warnings) {
  SymbolTable t;
  t.projection_ = projection;
  t.warnings_ = warnings;
  t.missing_slot_ = t.next_slot_++;
  t.raw_last_ = true;
  const SlotIndex time = *t.Lookup("_time");
  t.visible_.push_back({"_time", time});
  return t;
}

SymbolTable SymbolTable::ForTable(const std::vector<std::string>& columns,
                                  const std::vector<bool>& visible) {
  SymbolTable t;
  for (size_t i = 0; i < columns.size(); ++i) {
    const SlotIndex slot = t.next_slot_++;
    t.bound_[columns[i]] = slot;
    if (i >= visible.size() || visible[i]) {
      t.visible_.push_back({columns[i], slot});
    } else {
      t.hidden_.push_back({columns[i], slot});
    }
  }
  t.missing_slot_ = t.next_slot_++;
  return t;
}

void SymbolTable::Bind(std::string_view name, SlotIndex slot) {
  auto it = bound_.find(name);
  if (it == bound_.end()) {
    bound_.emplace(std::string(name), slot);
  } else {
    it->second = slot;
  }
}

absl::StatusOr<SlotIndex> SymbolTable::Resolve(std::string_view name) {
  Builtin builtin;
  if (BuiltinFor(name, &builtin)) {
    SlotIndex& slot = builtin_[static_cast<int>(builtin)];
    if (slot == kNoSlot) slot = next_slot_++;
    return slot;
  }
  auto resolved = Catalog::Default().Resolve(name, FieldView::kSplunkAddOn);
  if (!resolved.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "field '", std::string(name), "': ", std::string(resolved.status().message())));
  }
  if (!resolved->warning.empty() && warned_.insert(std::string(name)).second) {
    warnings_->push_back({position_, resolved->warning});
  }
  const SlotIndex projected = projection_->Add(*resolved);
  for (const auto& [p, r] : projection_map_) {
    if (p == projected) return r;
  }
  const SlotIndex slot = next_slot_++;
  projection_map_.emplace_back(projected, slot);
  std::sort(projection_map_.begin(), projection_map_.end());
  return slot;
}

absl::StatusOr<SlotIndex> SymbolTable::Lookup(std::string_view name) {
  if (auto it = bound_.find(name); it != bound_.end()) return it->second;
  if (closed_ || !is_event_phase()) return missing_slot_;
  auto slot = Resolve(name);
  if (!slot.ok()) return slot.status();
  Bind(name, *slot);
  return *slot;
}

absl::StatusOr<SlotIndex> SymbolTable::LookupPath(std::string_view path) {
  auto parsed = FieldPath::Parse(path);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "path '", std::string(path), "': ", std::string(parsed.status().message())));
  }
  ResolvedField field;
  field.name = std::string(path);
  field.canonical = std::string(path);
  field.path = *std::move(parsed);
  const SlotIndex projected = projection_->Add(field);
  for (const auto& [p, r] : projection_map_) {
    if (p == projected) return r;
  }
  const SlotIndex slot = next_slot_++;
  projection_map_.emplace_back(projected, slot);
  std::sort(projection_map_.begin(), projection_map_.end());
  return slot;
}

absl::StatusOr<SlotIndex> SymbolTable::LookupForWrite(std::string_view name) {
  auto slot = Lookup(name);
  if (!slot.ok()) return slot;
  if (*slot != missing_slot_) return slot;
  const SlotIndex created = Create(name);
  reset_slots_.push_back(created);
  return created;
}

void SymbolTable::ShowAs(std::string_view name, SlotIndex slot) {
  for (Column& c : visible_) {
    if (c.name == name) {
      c.slot = slot;
      return;
    }
  }
  visible_.push_back({std::string(name), slot});
}

SlotIndex SymbolTable::Create(std::string_view name) {
  const SlotIndex slot = next_slot_++;
  Bind(name, slot);
  ShowAs(name, slot);
  return slot;
}

void SymbolTable::Alias(std::string_view name, SlotIndex slot) {
  Bind(name, slot);
  ShowAs(name, slot);
}

std::vector<std::string> SymbolTable::KnownNames() const {
  std::vector<std::string> names;
  for (const auto& [name, slot] : bound_) {
    if (slot != missing_slot_) names.push_back(name);
  }
  return names;  // std::map order: sorted
}

std::vector<std::string> SymbolTable::Expand(std::string_view pattern) const {
  if (!HasWildcard(pattern)) return {std::string(pattern)};
  std::vector<std::string> out;
  std::vector<std::string> captures;
  // Shown columns first, in their order, then other known names.
  for (const Column& c : visible_) {
    if (WildcardCapture(pattern, c.name, &captures)) out.push_back(c.name);
  }
  for (const std::string& name : KnownNames()) {
    if (std::find(out.begin(), out.end(), name) == out.end() &&
        WildcardCapture(pattern, name, &captures)) {
      out.push_back(name);
    }
  }
  // Per event, a record's keys are unknown until it is read: a wildcard
  // also expands against the catalog's names (CloudTrail's documented
  // fields and the add-on's), so `table event*` has fixed columns.
  if (is_event_phase() && !closed_) {
    std::set<std::string> catalog;
    for (const CatalogEntry& e : Catalog::Default().entries()) {
      if (e.view == FieldView::kRaw || e.view == FieldView::kSplunkAddOn) {
        catalog.insert(std::string(e.name));
      }
    }
    for (const std::string& name : catalog) {
      if (std::find(out.begin(), out.end(), name) == out.end() &&
          WildcardCapture(pattern, name, &captures)) {
        out.push_back(name);
      }
    }
  }
  return out;
}

absl::Status SymbolTable::Rename(std::string_view from, std::string_view to) {
  std::vector<std::pair<std::string, std::string>> pairs;
  if (HasWildcard(from)) {
    std::vector<std::string> captures;
    for (const std::string& name : Expand(from)) {
      if (!WildcardCapture(from, name, &captures)) continue;
      std::string target;
      size_t used = 0;
      for (char c : to) {
        if (c == '*' && used < captures.size()) {
          target += captures[used++];
        } else {
          target += c;
        }
      }
      pairs.emplace_back(name, std::move(target));
    }
  } else {
    pairs.emplace_back(std::string(from), std::string(to));
  }
  for (const auto& pair : pairs) {
    // Named references, not a structured binding: C++17 lambdas (clang)
    // cannot capture structured bindings.
    const std::string& old_name = pair.first;
    const std::string& new_name = pair.second;
    if (old_name == new_name) continue;
    auto slot = Lookup(old_name);
    if (!slot.ok()) return slot.status();
    Bind(new_name, *slot);
    Bind(old_name, missing_slot_);
    if (old_name == "_raw") raw_last_ = false;
    // The renamed column keeps its place; a column already named like the
    // target gives way to it.
    visible_.erase(std::remove_if(visible_.begin(), visible_.end(),
                                  [&](const Column& c) { return c.name == new_name; }),
                   visible_.end());
    bool shown = false;
    for (Column& c : visible_) {
      if (c.name == old_name) {
        c.name = new_name;
        shown = true;
      }
    }
    if (!shown && *slot != missing_slot_) visible_.push_back({new_name, *slot});
  }
  return absl::OkStatus();
}

void SymbolTable::Remove(std::string_view name) {
  for (const std::string& n : Expand(name)) {
    Bind(n, missing_slot_);
    if (n == "_raw") raw_last_ = false;
    visible_.erase(std::remove_if(visible_.begin(), visible_.end(),
                                  [&](const Column& c) { return c.name == n; }),
                   visible_.end());
  }
}

absl::Status SymbolTable::SetColumns(const std::vector<std::string>& names) {
  std::vector<Column> columns;
  for (const std::string& pattern : names) {
    for (const std::string& name : Expand(pattern)) {
      bool dup = false;
      for (const Column& c : columns) dup = dup || c.name == name;
      if (dup) continue;
      auto slot = Lookup(name);
      if (!slot.ok()) return slot.status();
      columns.push_back({name, *slot});
    }
  }
  // Everything not listed is gone for later commands.
  for (auto& [name, slot] : bound_) {
    bool kept = false;
    for (const Column& c : columns) kept = kept || c.name == name;
    if (!kept) slot = missing_slot_;
  }
  visible_ = std::move(columns);
  hidden_.clear();
  closed_ = true;
  raw_last_ = false;
  return absl::OkStatus();
}

std::vector<Column> SymbolTable::OutputColumns() {
  std::vector<Column> out = visible_;
  if (raw_last_) {
    bool shown = false;
    for (const Column& c : out) shown = shown || c.name == "_raw";
    if (!shown) {
      const SlotIndex raw = *Lookup("_raw");
      if (raw != missing_slot_) out.push_back({"_raw", raw});
    }
  }
  return out;
}

std::vector<Column> SymbolTable::HiddenColumns() const {
  std::vector<Column> out;
  for (const Column& c : hidden_) {
    auto it = bound_.find(c.name);
    if (it == bound_.end() || it->second != c.slot) continue;
    bool shown = false;
    for (const Column& v : visible_) shown = shown || v.name == c.name;
    if (!shown) out.push_back(c);
  }
  return out;
}

}  // namespace trailhunt::query_internal
