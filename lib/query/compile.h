// The query's symbol table: every field name a command reads or writes is
// bound to a slot of the row once, at compile time, so evaluation never
// looks a name up.
//
// Event phase (per source): a name resolves, in this order, to a field an
// earlier command created or renamed, to a built-in per-event field
//   _raw        the record's JSON text (filled only when something reads it)
//   _time       event time in epoch seconds: Int when whole, else Double
//   source      the source's name
//   sourcetype  always "aws:cloudtrail"
// or, through the catalog's Splunk add-on view, to a projection slot. The
// projection numbers its slots itself, in the order fields are added, while
// the row interleaves them with derived fields; projection_map() says where
// each projection slot lands in the row.
//
// Table phase (after the merge): slot i is column i of the result table; a
// name no column has reads a slot that is always Missing.
//
// Slots are never reused: a command that writes a field binds the name to a
// fresh slot (eval x=x+1 reads the old x and writes the new one), so later
// commands see the new value and earlier ones are unaffected.
#ifndef TRAILHUNT_LIB_QUERY_COMPILE_H_
#define TRAILHUNT_LIB_QUERY_COMPILE_H_

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "trailhunt/match.h"
#include "trailhunt/projection.h"
#include "trailhunt/spl.h"
#include "trailhunt/value.h"

namespace trailhunt::query_internal {

inline constexpr std::string_view kSourcetype = "aws:cloudtrail";

enum class Builtin : uint8_t { kRaw, kTime, kSource, kSourcetype };
inline constexpr int kBuiltinCount = 4;

struct Column {
  std::string name;
  SlotIndex slot = kNoSlot;
};

// A failed limit names the limit, its value, and the option that raises it.
absl::Status LimitExceeded(std::string_view limit, size_t value, std::string_view what);

// The epoch-seconds Value of a time in ns (Missing for kNoTime).
Value TimeValue(int64_t time_ns);
// The ns of a _time Value (kNoTime when it is not a number).
int64_t TimeNs(const Value& value);

// Matches `name` against a pattern where '*' matches any run; on a match
// fills `captures` with what each '*' matched, in order.
bool WildcardCapture(std::string_view pattern, std::string_view name,
                     std::vector<std::string>* captures);
bool HasWildcard(std::string_view name);

class SymbolTable {
 public:
  // `projection` and `warnings` must outlive the table.
  static SymbolTable ForEvents(ProjectionBuilder* projection,
                               std::vector<spl::Diagnostic>* warnings);
  // Column i is slot i; only columns with visible[i] are output.
  static SymbolTable ForTable(const std::vector<std::string>& columns,
                              const std::vector<bool>& visible);

  bool is_event_phase() const { return projection_ != nullptr; }
  // The command being compiled: warnings about the names it reads point there.
  void set_position(const spl::SourcePos& position) { position_ = position; }

  // The slot a command reads `name` from.
  absl::StatusOr<SlotIndex> Lookup(std::string_view name);
  // A slot a command may change in place (fillnull, lookup OUTPUTNEW):
  // never the always-Missing slot; a new one is reset to Missing per event.
  absl::StatusOr<SlotIndex> LookupForWrite(std::string_view name);
  // Binds `name` to a fresh slot and shows it (in place if already shown).
  SlotIndex Create(std::string_view name);
  // Binds `name` to an existing slot, shown like a created field.
  void Alias(std::string_view name, SlotIndex slot);
  // Event phase: a JSON path read from the record as it is (spath on _raw),
  // bypassing the catalog's names.
  absl::StatusOr<SlotIndex> LookupPath(std::string_view path);

  // `rename`: wildcards match known names; the column keeps its position.
  absl::Status Rename(std::string_view from, std::string_view to);
  // `fields - a, b*`.
  void Remove(std::string_view name);
  // `table` / `fields +`: exactly these columns, in this order; every other
  // name reads Missing from here on.
  absl::Status SetColumns(const std::vector<std::string>& names);

  // Names bound to a value-carrying slot, sorted (for wildcard expansion).
  std::vector<std::string> KnownNames() const;
  // What the stage outputs. Event phase: _time, created fields, then _raw,
  // unless table/fields set them. Table phase: the visible columns.
  std::vector<Column> OutputColumns();
  // Table phase: the input's hidden columns still bound as they were (kept
  // for later commands that read them, never shown).
  std::vector<Column> HiddenColumns() const;

  size_t slot_count() const { return next_slot_; }
  SlotIndex missing_slot() const { return missing_slot_; }
  SlotIndex builtin_slot(Builtin b) const { return builtin_[static_cast<int>(b)]; }
  // (projection slot, row slot), in projection slot order.
  const std::vector<std::pair<SlotIndex, SlotIndex>>& projection_map() const {
    return projection_map_;
  }
  // Slots reset to Missing before each event (see LookupForWrite).
  const std::vector<SlotIndex>& reset_slots() const { return reset_slots_; }

 private:
  SymbolTable() = default;
  absl::StatusOr<SlotIndex> Resolve(std::string_view name);
  void Bind(std::string_view name, SlotIndex slot);
  void ShowAs(std::string_view name, SlotIndex slot);
  std::vector<std::string> Expand(std::string_view pattern) const;

  ProjectionBuilder* projection_ = nullptr;
  std::vector<spl::Diagnostic>* warnings_ = nullptr;
  std::set<std::string> warned_;
  spl::SourcePos position_;  // the command being compiled, for warnings
  std::map<std::string, SlotIndex, std::less<>> bound_;
  std::vector<Column> visible_;
  std::vector<Column> hidden_;  // table phase
  bool closed_ = false;
  bool raw_last_ = false;
  SlotIndex missing_slot_ = 0;
  SlotIndex next_slot_ = 0;
  SlotIndex builtin_[kBuiltinCount] = {kNoSlot, kNoSlot, kNoSlot, kNoSlot};
  std::vector<std::pair<SlotIndex, SlotIndex>> projection_map_;
  std::vector<SlotIndex> reset_slots_;
};

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_COMPILE_H_
