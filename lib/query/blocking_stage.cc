#include "query/blocking_stage.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "query/aggregate.h"
#include "query/compare.h"
#include "query/time_bins.h"

namespace trailhunt::query_internal {
namespace {

using Row = std::vector<Value>;

std::string Where(const spl::Command& c) {
  return absl::StrCat("line ", c.pos.line, ", column ", c.pos.column, ": ", c.name, ": ");
}

// The text a group key is made of: a value's display text, so Int 5 and
// String "5" are one group (and "1" and "01" are two).
std::string_view KeyText(const Value& v, std::string* scratch) {
  const bool text = v.kind() == Value::Kind::kString || v.kind() == Value::Kind::kJson ||
                    v.kind() == Value::Kind::kNumberText;
  if (text) return v.text();
  *scratch = v.ToDisplayString();
  return *scratch;
}

void AppendKeyPart(std::string& key, const Value& v) {
  std::string scratch;
  const std::string_view part = KeyText(v, &scratch);
  key += std::to_string(part.size());
  key += ':';
  key += part;
}

// Orders group keys field by field: CompareValues, ties broken by the key
// text. Groups are keyed by that text, so values equal as numbers but apart
// as text ("1", "01") are distinct groups and must never interleave.
int CompareGroupKeys(const std::vector<Value>& a, const std::vector<Value>& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    int c = CompareValues(a[i], b[i]);
    if (c == 0) {
      std::string a_scratch, b_scratch;
      c = KeyText(a[i], &a_scratch).compare(KeyText(b[i], &b_scratch));
    }
    if (c != 0) return c;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

// The values one event contributes for a field: each item of a multivalue.
const Value* ItemsOf(const Value& v, size_t* count) {
  if (v.is_multi()) {
    *count = v.items().size();
    return v.items().data();
  }
  *count = 1;
  return &v;
}

// Scratch for ForEachCombination, reused across events.
struct Combination {
  std::vector<const Value*> items;
  std::vector<size_t> counts, at;
  std::vector<const Value*> values;
};

// Calls `fn(values)` once per combination of the fields' items (a
// multivalue splits the event); nothing when a field is missing.
template <typename Fn>
void ForEachCombination(absl::Span<const Value> row, const std::vector<SlotIndex>& slots,
                        Combination& c, Fn fn) {
  const size_t n = slots.size();
  c.items.resize(n);
  c.counts.resize(n);
  c.at.assign(n, 0);
  c.values.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const Value& v = row[slots[i]];
    if (v.is_missing()) return;
    c.items[i] = ItemsOf(v, &c.counts[i]);
    if (c.counts[i] == 0) return;
  }
  while (true) {
    for (size_t i = 0; i < n; ++i) c.values[i] = &c.items[i][c.at[i]];
    fn(c.values);
    size_t i = n;
    while (i > 0) {
      --i;
      if (++c.at[i] < c.counts[i]) break;
      c.at[i] = 0;
      if (i == 0) return;
    }
    if (n == 0) return;
  }
}

void AppendKey(std::string& key, const std::vector<const Value*>& values) {
  for (const Value* v : values) AppendKeyPart(key, *v);
}

std::vector<Value> Copy(const std::vector<const Value*>& values) {
  std::vector<Value> out;
  out.reserve(values.size());
  for (const Value* v : values) out.push_back(*v);
  return out;
}

std::string KeyOf(const std::vector<Value>& values) {
  std::string key;
  for (const Value& v : values) AppendKeyPart(key, v);
  return key;
}

// Which columns a plan that keeps whole events keeps.
struct Capture {
  std::vector<Column> columns;
  std::vector<bool> visible;

  static absl::StatusOr<Capture> Of(SymbolTable& symbols, const std::vector<std::string>& later) {
    Capture c;
    for (const Column& col : symbols.OutputColumns()) {
      c.columns.push_back(col);
      c.visible.push_back(true);
    }
    const auto has = [&](const std::string& name) {
      for (const Column& col : c.columns) {
        if (col.name == name) return true;
      }
      return false;
    };
    for (const Column& col : symbols.HiddenColumns()) {
      if (has(col.name)) continue;
      c.columns.push_back(col);
      c.visible.push_back(false);
    }
    for (const std::string& name : later) {
      if (has(name) || HasWildcard(name)) continue;
      auto slot = symbols.Lookup(name);
      if (!slot.ok()) return slot.status();
      if (*slot == symbols.missing_slot()) continue;
      c.columns.push_back({name, *slot});
      c.visible.push_back(false);
    }
    return c;
  }
  Row Take(absl::Span<const Value> row) const {
    Row out;
    out.reserve(columns.size());
    for (const Column& col : columns) out.push_back(row[col.slot]);
    return out;
  }
  PhaseTable Table(std::vector<Row> rows) const {
    PhaseTable t;
    for (const Column& col : columns) t.table.columns.push_back(col.name);
    t.visible = visible;
    t.table.rows = std::move(rows);
    return t;
  }
};

// ------------------------------------------------------------------ rows, head, tail

class RowsState : public BlockingState {
 public:
  RowsState(const Capture& capture, int64_t limit, size_t max_held, bool streaming)
      : capture_(capture), limit_(limit), max_held_(max_held), streaming_(streaming) {}
  absl::Status Add(absl::Span<const Value> row, int64_t) override {
    if (saturated()) return absl::OkStatus();
    if (rows_.size() >= max_held_) return LimitExceeded("max_events_held", max_held_, "events returned");
    rows_.push_back(capture_.Take(row));
    return absl::OkStatus();
  }
  absl::Status Merge(BlockingState& later_base) override {
    auto& later = static_cast<RowsState&>(later_base);
    for (Row& r : later.rows_) {
      if (saturated()) break;
      if (rows_.size() >= max_held_) {
        return LimitExceeded("max_events_held", max_held_, "events returned");
      }
      rows_.push_back(std::move(r));
    }
    return absl::OkStatus();
  }
  bool saturated() const override {
    return limit_ >= 0 && rows_.size() >= static_cast<size_t>(limit_);
  }
  std::vector<Row>* streamed_rows() override { return streaming_ ? &rows_ : nullptr; }
  std::vector<Row>& rows() { return rows_; }

 private:
  const Capture& capture_;
  int64_t limit_;  // -1: all
  size_t max_held_;
  bool streaming_;
  std::vector<Row> rows_;
};

class RowsPlan : public BlockingPlan {
 public:
  RowsPlan(Capture capture, int64_t limit, size_t max_held, bool streaming, std::string explain)
      : capture_(std::move(capture)), limit_(limit), max_held_(max_held), streaming_(streaming),
        explain_(std::move(explain)) {}
  std::unique_ptr<BlockingState> NewState() const override {
    return std::make_unique<RowsState>(capture_, limit_, max_held_, streaming_);
  }
  absl::StatusOr<PhaseTable> Finish(BlockingState& state) const override {
    return capture_.Table(std::move(static_cast<RowsState&>(state).rows()));
  }
  PhaseTable Shape() const override { return capture_.Table({}); }
  std::string Explain() const override { return explain_; }

 private:
  Capture capture_;
  int64_t limit_;
  size_t max_held_;
  bool streaming_;
  std::string explain_;
};

class TailState : public BlockingState {
 public:
  TailState(const Capture& capture, size_t n) : capture_(capture), n_(n) {}
  absl::Status Add(absl::Span<const Value> row, int64_t) override {
    if (n_ == 0) return absl::OkStatus();
    if (rows_.size() == n_) rows_.pop_front();
    rows_.push_back(capture_.Take(row));
    return absl::OkStatus();
  }
  absl::Status Merge(BlockingState& later_base) override {
    auto& later = static_cast<TailState&>(later_base);
    for (Row& r : later.rows_) {
      if (rows_.size() == n_) rows_.pop_front();
      rows_.push_back(std::move(r));
    }
    return absl::OkStatus();
  }
  std::deque<Row> rows_;

 private:
  const Capture& capture_;
  size_t n_;
};

class TailPlan : public BlockingPlan {
 public:
  TailPlan(Capture capture, size_t n) : capture_(std::move(capture)), n_(n) {}
  std::unique_ptr<BlockingState> NewState() const override {
    return std::make_unique<TailState>(capture_, n_);
  }
  absl::StatusOr<PhaseTable> Finish(BlockingState& state) const override {
    auto& s = static_cast<TailState&>(state);
    return capture_.Table(std::vector<Row>(std::make_move_iterator(s.rows_.begin()),
                                           std::make_move_iterator(s.rows_.end())));
  }
  PhaseTable Shape() const override { return capture_.Table({}); }
  std::string Explain() const override { return absl::StrCat("tail ", n_); }

 private:
  Capture capture_;
  size_t n_;
};

// ------------------------------------------------------------------ sort

struct SortSpec {
  std::vector<SlotIndex> slots;
  std::vector<spl::SortKey> keys;
};

struct Keyed {
  std::vector<Value> keys;
  Row row;
};

// Missing sorts last in both directions: Splunk treats it as the largest
// value ascending and the smallest descending.
bool KeyLess(const std::vector<spl::SortKey>& spec, const std::vector<Value>& a,
             const std::vector<Value>& b) {
  for (size_t i = 0; i < spec.size(); ++i) {
    const bool am = a[i].is_missing();
    const bool bm = b[i].is_missing();
    if (am || bm) {
      if (am && bm) continue;
      return bm;
    }
    int c = CompareValues(a[i], b[i], spec[i].as);
    if (spec[i].descending) c = -c;
    if (c != 0) return c < 0;
  }
  return false;
}

void SortKeyed(const std::vector<spl::SortKey>& spec, std::vector<Keyed>& entries) {
  std::stable_sort(entries.begin(), entries.end(), [&](const Keyed& a, const Keyed& b) {
    return KeyLess(spec, a.keys, b.keys);
  });
}

class SortState : public BlockingState {
 public:
  SortState(const Capture& capture, const SortSpec& spec, int64_t limit, size_t max_held)
      : capture_(capture), spec_(spec), limit_(limit), max_held_(max_held) {}
  absl::Status Add(absl::Span<const Value> row, int64_t) override {
    Keyed k;
    k.keys.reserve(spec_.slots.size());
    for (SlotIndex s : spec_.slots) k.keys.push_back(row[s]);
    k.row = capture_.Take(row);
    entries_.push_back(std::move(k));
    return Trim();
  }
  absl::Status Merge(BlockingState& later_base) override {
    auto& later = static_cast<SortState&>(later_base);
    for (Keyed& k : later.entries_) entries_.push_back(std::move(k));
    dropped_ += later.dropped_;
    return Trim();
  }
  std::vector<Keyed> entries_;
  uint64_t dropped_ = 0;  // rows cut by the limit so far

 private:
  // With a limit only the first `limit` rows can ever be returned: drop the
  // rest now and then, so memory stays near 2 x limit.
  absl::Status Trim() {
    if (limit_ > 0 && entries_.size() >= 2 * static_cast<size_t>(limit_) + 1024) {
      SortKeyed(spec_.keys, entries_);
      dropped_ += entries_.size() - static_cast<size_t>(limit_);
      entries_.resize(static_cast<size_t>(limit_));
    }
    if (entries_.size() > max_held_) return LimitExceeded("max_events_held", max_held_, "sort");
    return absl::OkStatus();
  }
  const Capture& capture_;
  const SortSpec& spec_;
  int64_t limit_;
  size_t max_held_;
};

// A trailing `desc` reverses the whole order: every key flips direction.
// Folded into the comparison (not a reverse after sorting) so the limit, and
// Trim during the scan, keep the top rows rather than the bottom ones, and
// ties stay in event order.
SortSpec Directed(SortSpec spec, bool reverse) {
  if (reverse) {
    for (spl::SortKey& k : spec.keys) k.descending = !k.descending;
  }
  return spec;
}

class SortPlan : public BlockingPlan {
 public:
  SortPlan(Capture capture, SortSpec spec, int64_t limit, bool reverse, size_t max_held)
      : capture_(std::move(capture)), spec_(std::move(spec)), order_(Directed(spec_, reverse)),
        limit_(limit), reverse_(reverse), max_held_(max_held) {}
  std::unique_ptr<BlockingState> NewState() const override {
    return std::make_unique<SortState>(capture_, order_, limit_, max_held_);
  }
  absl::StatusOr<PhaseTable> Finish(BlockingState& state) const override {
    auto& sort_state = static_cast<SortState&>(state);
    auto& entries = sort_state.entries_;
    SortKeyed(order_.keys, entries);
    uint64_t dropped = sort_state.dropped_;
    if (limit_ > 0 && entries.size() > static_cast<size_t>(limit_)) {
      dropped += entries.size() - static_cast<size_t>(limit_);
      entries.resize(static_cast<size_t>(limit_));
    }
    std::vector<Row> rows;
    rows.reserve(entries.size());
    for (Keyed& k : entries) rows.push_back(std::move(k.row));
    PhaseTable table = capture_.Table(std::move(rows));
    // Splunk cuts silently at its default limit; trailhunt says so.
    if (dropped > 0) {
      table.table.notes.push_back(absl::StrCat(
          "sort kept the first ", limit_, " of ", static_cast<uint64_t>(limit_) + dropped,
          " results (", limit_ == 10000 ? "sort's default limit; " : "", "'sort 0' keeps all)"));
    }
    return table;
  }
  PhaseTable Shape() const override { return capture_.Table({}); }
  std::string Explain() const override {
    std::vector<std::string> keys;
    for (const auto& k : spec_.keys) keys.push_back((k.descending ? "-" : "+") + k.field);
    return absl::StrCat("sort limit=", limit_, " ", absl::StrJoin(keys, ", "),
                        reverse_ ? " desc" : "");
  }

 private:
  Capture capture_;
  SortSpec spec_;   // as written, for Explain
  SortSpec order_;  // spec_ with `desc` folded in: what Trim and Finish sort by
  int64_t limit_;
  bool reverse_;
  size_t max_held_;
};

absl::StatusOr<SortSpec> BindSortKeys(const std::vector<spl::SortKey>& keys, SymbolTable& symbols) {
  SortSpec spec;
  spec.keys = keys;
  for (const auto& k : keys) {
    auto slot = symbols.Lookup(k.field);
    if (!slot.ok()) return slot.status();
    spec.slots.push_back(*slot);
  }
  return spec;
}

// ------------------------------------------------------------------ dedup

struct DedupEntry {
  std::string key;
  bool empty = false;  // a listed field was missing (keepempty=true)
  std::vector<Value> sort_keys;
  Row row;
};

class DedupState : public BlockingState {
 public:
  DedupState(const Capture& capture, const spl::DedupCommand& command,
             const std::vector<SlotIndex>& slots, const SortSpec& sortby, const QueryLimits& limits)
      : capture_(capture), command_(command), slots_(slots), sortby_(sortby), limits_(limits) {}
  absl::Status Add(absl::Span<const Value> row, int64_t) override {
    DedupEntry e;
    for (SlotIndex s : slots_) {
      if (row[s].is_missing()) {
        if (!command_.keepempty) return absl::OkStatus();
        e.empty = true;
        break;
      }
      AppendKeyPart(e.key, row[s]);
    }
    if (!e.empty && !command_.consecutive) {
      int64_t& seen = counts_[e.key];
      if (seen >= command_.count) return absl::OkStatus();
      ++seen;
      if (counts_.size() > limits_.max_groups) {
        return LimitExceeded("max_groups", limits_.max_groups, "dedup");
      }
    }
    for (SlotIndex s : sortby_.slots) e.sort_keys.push_back(row[s]);
    e.row = capture_.Take(row);
    entries_.push_back(std::move(e));
    if (entries_.size() > limits_.max_events_held) {
      return LimitExceeded("max_events_held", limits_.max_events_held, "dedup");
    }
    return absl::OkStatus();
  }
  absl::Status Merge(BlockingState& later_base) override {
    auto& later = static_cast<DedupState&>(later_base);
    for (DedupEntry& e : later.entries_) {
      if (!e.empty && !command_.consecutive) {
        int64_t& seen = counts_[e.key];
        if (seen >= command_.count) continue;
        ++seen;
      }
      entries_.push_back(std::move(e));
    }
    if (counts_.size() > limits_.max_groups) {
      return LimitExceeded("max_groups", limits_.max_groups, "dedup");
    }
    if (entries_.size() > limits_.max_events_held) {
      return LimitExceeded("max_events_held", limits_.max_events_held, "dedup");
    }
    return absl::OkStatus();
  }
  std::vector<DedupEntry> entries_;

 private:
  const Capture& capture_;
  const spl::DedupCommand& command_;
  const std::vector<SlotIndex>& slots_;
  const SortSpec& sortby_;
  const QueryLimits& limits_;
  absl::flat_hash_map<std::string, int64_t> counts_;
};

class DedupPlan : public BlockingPlan {
 public:
  DedupPlan(Capture capture, spl::DedupCommand command, std::vector<SlotIndex> slots,
            SortSpec sortby, QueryLimits limits)
      : capture_(std::move(capture)), command_(std::move(command)), slots_(std::move(slots)),
        sortby_(std::move(sortby)), limits_(limits) {}
  std::unique_ptr<BlockingState> NewState() const override {
    return std::make_unique<DedupState>(capture_, command_, slots_, sortby_, limits_);
  }
  absl::StatusOr<PhaseTable> Finish(BlockingState& state) const override {
    auto& entries = static_cast<DedupState&>(state).entries_;
    if (command_.consecutive) {
      // Runs of equal keys keep their first `count` events; an event kept
      // for a missing field (keepempty) neither starts nor breaks a run.
      std::vector<DedupEntry> kept;
      const std::string* run_key = nullptr;
      int64_t run = 0;
      for (DedupEntry& e : entries) {
        if (e.empty) {
          kept.push_back(std::move(e));
          continue;
        }
        if (run_key != nullptr && *run_key == e.key) {
          ++run;
        } else {
          run = 1;
        }
        run_key = &e.key;
        if (run <= command_.count) kept.push_back(e);
      }
      entries = std::move(kept);
    }
    if (!sortby_.keys.empty()) {
      std::stable_sort(entries.begin(), entries.end(), [&](const DedupEntry& a, const DedupEntry& b) {
        return KeyLess(sortby_.keys, a.sort_keys, b.sort_keys);
      });
    }
    std::vector<Row> rows;
    rows.reserve(entries.size());
    for (DedupEntry& e : entries) rows.push_back(std::move(e.row));
    return capture_.Table(std::move(rows));
  }
  PhaseTable Shape() const override { return capture_.Table({}); }
  std::string Explain() const override {
    return absl::StrCat("dedup ", command_.count, " ", absl::StrJoin(command_.fields, ", "),
                        command_.keepempty ? " keepempty" : "",
                        command_.consecutive ? " consecutive" : "");
  }

 private:
  Capture capture_;
  spl::DedupCommand command_;
  std::vector<SlotIndex> slots_;
  SortSpec sortby_;
  QueryLimits limits_;
};

// ------------------------------------------------------------------ stats

struct BoundAgg {
  AggKind kind;
  SlotIndex slot = kNoSlot;  // kNoSlot: bare count
  std::string as;
  bool holds = false;
};

absl::StatusOr<std::vector<BoundAgg>> BindAggs(const spl::Command& c,
                                               const std::vector<spl::Aggregation>& aggs,
                                               SymbolTable& symbols) {
  std::vector<BoundAgg> out;
  for (const auto& a : aggs) {
    auto kind = ParseAggKind(a.function);
    if (!kind.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("line ", a.pos.line, ", column ", a.pos.column,
                                                     ": ", std::string(kind.status().message())));
    }
    BoundAgg b;
    b.kind = *kind;
    b.as = a.as;
    b.holds = *kind == AggKind::kValues || *kind == AggKind::kList ||
              *kind == AggKind::kDistinctCount;
    if (!a.field.empty()) {
      auto slot = symbols.Lookup(a.field);
      if (!slot.ok()) return slot.status();
      b.slot = *slot;
    } else if (*kind != AggKind::kCount) {
      return absl::InvalidArgumentError(Where(c) + a.function + " needs a field");
    }
    out.push_back(std::move(b));
  }
  return out;
}

struct Group {
  std::vector<Value> by;
  std::vector<std::unique_ptr<AggState>> aggs;
};

// Groups keyed by display text, in first-seen order, shared by stats and
// timechart.
class Groups {
 public:
  Groups(const std::vector<BoundAgg>& aggs, const QueryLimits& limits, std::string_view what)
      : aggs_(aggs), limits_(limits), what_(what) {}

  absl::StatusOr<Group*> Find(const std::string& key, const std::vector<const Value*>& by) {
    auto it = index_.find(key);
    if (it != index_.end()) return &groups_[it->second];
    if (groups_.size() >= limits_.max_groups) {
      return LimitExceeded("max_groups", limits_.max_groups, what_);
    }
    index_.emplace(key, groups_.size());
    Group g;
    g.by = Copy(by);
    for (const BoundAgg& a : aggs_) g.aggs.push_back(NewAggState(a.kind));
    groups_.push_back(std::move(g));
    return &groups_.back();
  }

  absl::Status Add(Group& g, absl::Span<const Value> row, int64_t time_ns) {
    static const Value kOne = Value::Int(1);
    for (size_t i = 0; i < aggs_.size(); ++i) {
      const BoundAgg& a = aggs_[i];
      const Value& v = a.slot == kNoSlot ? kOne : row[a.slot];
      if (!a.holds) {
        g.aggs[i]->Add(v, time_ns);
        continue;
      }
      const size_t before = g.aggs[i]->held();
      g.aggs[i]->Add(v, time_ns);
      held_ += g.aggs[i]->held() - before;
      if (held_ > limits_.max_events_held) {
        return LimitExceeded("max_events_held", limits_.max_events_held, what_);
      }
    }
    return absl::OkStatus();
  }

  absl::Status Merge(Groups& later) {
    for (size_t i = 0; i < later.groups_.size(); ++i) {
      Group& theirs = later.groups_[i];
      const std::string key = KeyOf(theirs.by);
      auto it = index_.find(key);
      if (it == index_.end()) {
        if (groups_.size() >= limits_.max_groups) {
          return LimitExceeded("max_groups", limits_.max_groups, what_);
        }
        index_.emplace(key, groups_.size());
        groups_.push_back(std::move(theirs));
        continue;
      }
      Group& mine = groups_[it->second];
      for (size_t a = 0; a < mine.aggs.size(); ++a) mine.aggs[a]->Merge(*theirs.aggs[a]);
    }
    held_ = 0;
    for (const Group& g : groups_) {
      for (const auto& s : g.aggs) held_ += s->held();
    }
    if (held_ > limits_.max_events_held) {
      return LimitExceeded("max_events_held", limits_.max_events_held, what_);
    }
    return absl::OkStatus();
  }

  std::vector<Group>& groups() { return groups_; }

 private:
  const std::vector<BoundAgg>& aggs_;
  const QueryLimits& limits_;
  std::string what_;
  std::vector<Group> groups_;
  absl::flat_hash_map<std::string, size_t> index_;
  size_t held_ = 0;
};

class StatsState : public BlockingState {
 public:
  StatsState(const std::vector<SlotIndex>& by, const std::vector<BoundAgg>& aggs,
             const QueryLimits& limits)
      : by_(by), groups_(aggs, limits, "stats") {
    if (by_.empty()) (void)groups_.Find(std::string(), {});
  }
  absl::Status Add(absl::Span<const Value> row, int64_t time_ns) override {
    if (by_.empty()) return groups_.Add(groups_.groups()[0], row, time_ns);
    absl::Status status;
    ForEachCombination(row, by_, combination_, [&](const std::vector<const Value*>& values) {
      if (!status.ok()) return;
      key_.clear();
      AppendKey(key_, values);
      auto group = groups_.Find(key_, values);
      if (!group.ok()) {
        status = group.status();
        return;
      }
      status = groups_.Add(**group, row, time_ns);
    });
    return status;
  }
  absl::Status Merge(BlockingState& later) override {
    return groups_.Merge(static_cast<StatsState&>(later).groups_);
  }
  Groups& groups() { return groups_; }

 private:
  const std::vector<SlotIndex>& by_;
  Groups groups_;
  Combination combination_;
  std::string key_;
};

class StatsPlan : public BlockingPlan {
 public:
  StatsPlan(std::vector<std::string> by_names, std::vector<SlotIndex> by,
            std::vector<BoundAgg> aggs, QueryLimits limits)
      : by_names_(std::move(by_names)), by_(std::move(by)), aggs_(std::move(aggs)),
        limits_(limits) {}
  std::unique_ptr<BlockingState> NewState() const override {
    return std::make_unique<StatsState>(by_, aggs_, limits_);
  }
  absl::StatusOr<PhaseTable> Finish(BlockingState& state) const override {
    auto& groups = static_cast<StatsState&>(state).groups().groups();
    std::vector<size_t> order(groups.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return CompareGroupKeys(groups[a].by, groups[b].by) < 0;
    });
    PhaseTable out = Shape();
    for (size_t i : order) {
      Row row = std::move(groups[i].by);
      for (const auto& agg : groups[i].aggs) row.push_back(agg->Result());
      out.table.rows.push_back(std::move(row));
    }
    return out;
  }
  PhaseTable Shape() const override {
    PhaseTable t;
    t.table.columns = by_names_;
    for (const BoundAgg& a : aggs_) t.table.columns.push_back(a.as);
    t.visible.assign(t.table.columns.size(), true);
    return t;
  }
  std::string Explain() const override {
    std::vector<std::string> aggs;
    for (const BoundAgg& a : aggs_) aggs.push_back(a.as);
    return "stats " + absl::StrJoin(aggs, ", ") +
           (by_names_.empty() ? "" : " by " + absl::StrJoin(by_names_, ", "));
  }

 private:
  std::vector<std::string> by_names_;
  std::vector<SlotIndex> by_;
  std::vector<BoundAgg> aggs_;
  QueryLimits limits_;
};

// ------------------------------------------------------------------ top, rare

struct TopGroup {
  std::vector<Value> by;
  std::vector<Value> values;
  std::string by_key;
  int64_t count = 0;
};

class TopState : public BlockingState {
 public:
  TopState(const std::vector<SlotIndex>& by, const std::vector<SlotIndex>& fields,
           const QueryLimits& limits)
      : by_(by), fields_(fields), limits_(limits) {}
  absl::Status Add(absl::Span<const Value> row, int64_t) override {
    for (SlotIndex s : fields_) {
      if (row[s].is_missing()) return absl::OkStatus();
    }
    absl::Status status;
    ForEachCombination(row, by_, by_combination_, [&](const std::vector<const Value*>& by) {
      by_key_.clear();
      AppendKey(by_key_, by);
      ++totals_[by_key_];
      ForEachCombination(row, fields_, field_combination_,
                         [&](const std::vector<const Value*>& values) {
        if (!status.ok()) return;
        key_ = by_key_;
        key_ += '|';
        AppendKey(key_, values);
        auto it = index_.find(key_);
        if (it == index_.end()) {
          if (groups_.size() >= limits_.max_groups) {
            status = LimitExceeded("max_groups", limits_.max_groups, "top/rare");
            return;
          }
          it = index_.emplace(key_, groups_.size()).first;
          groups_.push_back({Copy(by), Copy(values), by_key_, 0});
        }
        ++groups_[it->second].count;
      });
    });
    return status;
  }
  absl::Status Merge(BlockingState& later_base) override {
    auto& later = static_cast<TopState&>(later_base);
    for (TopGroup& g : later.groups_) {
      std::string key = g.by_key + "|" + KeyOf(g.values);  // per group, not per event
      auto it = index_.find(key);
      if (it == index_.end()) {
        index_.emplace(std::move(key), groups_.size());
        groups_.push_back(std::move(g));
      } else {
        groups_[it->second].count += g.count;
      }
    }
    for (const auto& [k, n] : later.totals_) totals_[k] += n;
    if (groups_.size() > limits_.max_groups) {
      return LimitExceeded("max_groups", limits_.max_groups, "top/rare");
    }
    return absl::OkStatus();
  }
  std::vector<TopGroup> groups_;
  absl::flat_hash_map<std::string, int64_t> totals_;

 private:
  const std::vector<SlotIndex>& by_;
  const std::vector<SlotIndex>& fields_;
  const QueryLimits& limits_;
  absl::flat_hash_map<std::string, size_t> index_;
  Combination by_combination_, field_combination_;
  std::string by_key_, key_;
};

class TopPlan : public BlockingPlan {
 public:
  TopPlan(spl::TopCommand command, std::vector<SlotIndex> by, std::vector<SlotIndex> fields,
          QueryLimits limits)
      : command_(std::move(command)), by_(std::move(by)), fields_(std::move(fields)),
        limits_(limits) {}
  std::unique_ptr<BlockingState> NewState() const override {
    return std::make_unique<TopState>(by_, fields_, limits_);
  }
  absl::StatusOr<PhaseTable> Finish(BlockingState& state) const override {
    auto& s = static_cast<TopState&>(state);
    std::vector<size_t> order(s.groups_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    // By-groups in key order; inside, by count (desc for top, asc for
    // rare), ties in first-seen order (stable).
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      const TopGroup& ga = s.groups_[a];
      const TopGroup& gb = s.groups_[b];
      if (ga.by_key != gb.by_key) return CompareGroupKeys(ga.by, gb.by) < 0;
      if (ga.count != gb.count) return command_.rare ? ga.count < gb.count : ga.count > gb.count;
      return false;
    });
    PhaseTable out = Shape();
    size_t i = 0;
    while (i < order.size()) {
      const std::string& by_key = s.groups_[order[i]].by_key;
      size_t end = i;
      while (end < order.size() && s.groups_[order[end]].by_key == by_key) ++end;
      const int64_t total = s.totals_[by_key];
      const size_t keep = command_.limit <= 0 ? end - i
                                              : std::min(end - i, static_cast<size_t>(command_.limit));
      for (size_t k = i; k < i + keep; ++k) {
        const TopGroup& g = s.groups_[order[k]];
        out.table.rows.push_back(MakeRow(g.by, g.values, g.count, total));
      }
      if (command_.useother && i + keep < end) {
        int64_t rest = 0;
        for (size_t k = i + keep; k < end; ++k) rest += s.groups_[order[k]].count;
        std::vector<Value> other(fields_.size(), Value::String(command_.otherstr));
        out.table.rows.push_back(MakeRow(s.groups_[order[i]].by, other, rest, total));
      }
      i = end;
    }
    return out;
  }
  PhaseTable Shape() const override {
    PhaseTable t;
    t.table.columns = command_.by;
    for (const auto& f : command_.fields) t.table.columns.push_back(f);
    if (command_.showcount) t.table.columns.push_back(command_.countfield);
    if (command_.showperc) t.table.columns.push_back(command_.percentfield);
    t.visible.assign(t.table.columns.size(), true);
    return t;
  }
  std::string Explain() const override {
    return absl::StrCat(command_.rare ? "rare" : "top", " limit=", command_.limit, " ",
                        absl::StrJoin(command_.fields, ", "),
                        command_.by.empty() ? "" : " by " + absl::StrJoin(command_.by, ", "));
  }

 private:
  Row MakeRow(const std::vector<Value>& by, const std::vector<Value>& values, int64_t count,
              int64_t total) const {
    Row row = by;
    row.insert(row.end(), values.begin(), values.end());
    if (command_.showcount) row.push_back(Value::Int(count));
    if (command_.showperc) {
      const double percent = total > 0 ? 100.0 * static_cast<double>(count) / static_cast<double>(total) : 0;
      row.push_back(Value::Double(std::round(percent * 1e6) / 1e6));
    }
    return row;
  }
  spl::TopCommand command_;
  std::vector<SlotIndex> by_;
  std::vector<SlotIndex> fields_;
  QueryLimits limits_;
};

// ------------------------------------------------------------------ timechart

class TimechartState : public BlockingState {
 public:
  TimechartState(const Binner& binner, SlotIndex by, bool usenull,
                 const std::vector<BoundAgg>& aggs, const QueryLimits& limits)
      : binner_(binner), by_(by), usenull_(usenull), groups_(aggs, limits, "timechart") {}
  absl::Status Add(absl::Span<const Value> row, int64_t time_ns) override {
    if (time_ns == kNoTime) return absl::OkStatus();
    const int64_t seconds = time_ns >= 0 ? time_ns / 1'000'000'000
                                         : -((-time_ns + 999'999'999) / 1'000'000'000);
    key_values_.resize(2);
    key_values_[0] = Value::Int(binner_.FloorSeconds(seconds));
    if (by_ == kNoSlot) {
      key_values_.resize(1);
      return AddTo(row, time_ns);
    }
    const Value& v = row[by_];
    if (v.is_missing()) {
      if (!usenull_) return absl::OkStatus();
      key_values_[1] = Value();  // the NULL series
      return AddTo(row, time_ns);
    }
    size_t n = 0;
    const Value* items = ItemsOf(v, &n);
    for (size_t i = 0; i < n; ++i) {
      key_values_[1] = items[i];
      absl::Status s = AddTo(row, time_ns);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }
  absl::Status Merge(BlockingState& later) override {
    return groups_.Merge(static_cast<TimechartState&>(later).groups_);
  }
  Groups& groups() { return groups_; }

 private:
  absl::Status AddTo(absl::Span<const Value> row, int64_t time_ns) {
    key_.clear();
    for (const Value& v : key_values_) {
      if (v.is_missing()) {
        key_ += "N";  // NULL series: apart from any value's text
      } else {
        AppendKeyPart(key_, v);
      }
    }
    key_pointers_.clear();
    for (const Value& v : key_values_) key_pointers_.push_back(&v);
    auto group = groups_.Find(key_, key_pointers_);
    if (!group.ok()) return group.status();
    return groups_.Add(**group, row, time_ns);
  }
  const Binner& binner_;
  SlotIndex by_;
  bool usenull_;
  Groups groups_;
  std::vector<Value> key_values_;
  std::vector<const Value*> key_pointers_;
  std::string key_;
};

class TimechartPlan : public BlockingPlan {
 public:
  TimechartPlan(spl::TimechartCommand command, Binner binner, SlotIndex by,
                std::vector<BoundAgg> aggs, QueryLimits limits, std::string span_text)
      : command_(std::move(command)), binner_(binner), by_(by), aggs_(std::move(aggs)),
        limits_(limits), span_text_(std::move(span_text)) {}
  std::unique_ptr<BlockingState> NewState() const override {
    return std::make_unique<TimechartState>(binner_, by_, command_.usenull, aggs_, limits_);
  }
  absl::StatusOr<PhaseTable> Finish(BlockingState& state) const override {
    auto& groups = static_cast<TimechartState&>(state).groups().groups();
    PhaseTable out;
    out.table.columns.push_back("_time");
    // Series: display text -> index; NULL (missing by-value) apart.
    struct Series {
      std::string name;
      bool is_null = false;
      double total = 0;
      std::vector<size_t> cells;
    };
    std::vector<Series> series;
    absl::flat_hash_map<std::string, size_t> series_index;
    int64_t first = 0, last = 0;
    bool any = false;
    for (size_t i = 0; i < groups.size(); ++i) {
      const int64_t bucket = groups[i].by[0].int_value();
      first = any ? std::min(first, bucket) : bucket;
      last = any ? std::max(last, bucket) : bucket;
      any = true;
      std::string name;
      bool is_null = false;
      if (by_ != kNoSlot) {
        is_null = groups[i].by[1].is_missing();
        name = is_null ? command_.nullstr : groups[i].by[1].ToDisplayString();
      }
      const std::string key = (is_null ? "N" : "V") + name;
      auto it = series_index.find(key);
      if (it == series_index.end()) {
        it = series_index.emplace(key, series.size()).first;
        series.push_back({name, is_null, 0, {}});
      }
      Series& s = series[it->second];
      s.cells.push_back(i);
      double d = 0;
      if (!aggs_.empty() && groups[i].aggs[0]->Result().AsNumber(&d)) s.total += d;
    }
    // Which series get a column: the `limit` largest by total; the rest
    // fold into OTHER.
    std::vector<size_t> rank(series.size());
    for (size_t i = 0; i < rank.size(); ++i) rank[i] = i;
    std::stable_sort(rank.begin(), rank.end(), [&](size_t a, size_t b) {
      if (series[a].total != series[b].total) return series[a].total > series[b].total;
      return series[a].name < series[b].name;
    });
    std::vector<size_t> kept, folded;
    for (size_t r = 0; r < rank.size(); ++r) {
      if (by_ == kNoSlot || command_.limit <= 0 || r < static_cast<size_t>(command_.limit)) {
        kept.push_back(rank[r]);
      } else {
        folded.push_back(rank[r]);
      }
    }
    // Columns: named series in text order, then NULL, then OTHER.
    std::stable_sort(kept.begin(), kept.end(), [&](size_t a, size_t b) {
      if (series[a].is_null != series[b].is_null) return series[b].is_null;
      const int c =
          CompareValues(Value::String(series[a].name), Value::String(series[b].name));
      return c != 0 ? c < 0 : series[a].name < series[b].name;
    });
    const bool other = command_.useother && !folded.empty();
    std::vector<std::string> names;
    for (size_t s : kept) names.push_back(series[s].name);
    if (other) names.push_back(command_.otherstr);
    for (const std::string& n : names) {
      for (const BoundAgg& a : aggs_) {
        if (by_ == kNoSlot) {
          out.table.columns.push_back(a.as);
        } else if (aggs_.size() == 1) {
          out.table.columns.push_back(n);
        } else {
          out.table.columns.push_back(a.as + ": " + n);
        }
      }
      if (by_ == kNoSlot) break;
    }
    out.visible.assign(out.table.columns.size(), true);
    if (!any) return out;
    // Every bucket from the first to the last, empty ones included.
    std::vector<int64_t> buckets;
    for (int64_t b = first; b <= last; b = binner_.NextSeconds(b)) {
      if (buckets.size() >= limits_.max_time_buckets) {
        return LimitExceeded("max_time_buckets", limits_.max_time_buckets,
                             "timechart span=" + span_text_);
      }
      buckets.push_back(b);
    }
    if (buckets.size() * std::max<size_t>(names.size(), 1) > limits_.max_groups) {
      return LimitExceeded("max_groups", limits_.max_groups, "timechart (series x buckets)");
    }
    absl::flat_hash_map<int64_t, size_t> bucket_row;
    for (size_t i = 0; i < buckets.size(); ++i) bucket_row[buckets[i]] = i;
    const size_t width = out.table.columns.size();
    out.table.rows.assign(buckets.size(), Row(width));
    for (size_t r = 0; r < buckets.size(); ++r) {
      out.table.rows[r][0] = Value::Int(buckets[r]);
      for (size_t c = 1; c < width; ++c) {
        const BoundAgg& a = aggs_[(c - 1) % aggs_.size()];
        if (a.kind == AggKind::kCount || a.kind == AggKind::kDistinctCount) {
          out.table.rows[r][c] = Value::Int(0);
        }
      }
    }
    const auto put = [&](size_t column_group, Group& g) {
      const size_t r = bucket_row[g.by[0].int_value()];
      for (size_t a = 0; a < aggs_.size(); ++a) {
        out.table.rows[r][1 + column_group * aggs_.size() + a] = g.aggs[a]->Result();
      }
    };
    for (size_t k = 0; k < kept.size(); ++k) {
      for (size_t cell : series[kept[k]].cells) put(k, groups[cell]);
    }
    if (other) {
      absl::flat_hash_map<int64_t, Group> per_bucket;
      for (size_t s : folded) {
        for (size_t cell : series[s].cells) {
          Group& g = groups[cell];
          auto [it, inserted] = per_bucket.try_emplace(g.by[0].int_value());
          if (inserted) {
            it->second.by = {g.by[0]};
            for (const BoundAgg& a : aggs_) it->second.aggs.push_back(NewAggState(a.kind));
          }
          for (size_t a = 0; a < aggs_.size(); ++a) it->second.aggs[a]->Merge(*g.aggs[a]);
        }
      }
      for (auto& [bucket, g] : per_bucket) put(kept.size(), g);
    }
    return out;
  }
  PhaseTable Shape() const override {
    PhaseTable t;
    t.table.columns.push_back("_time");
    if (by_ == kNoSlot) {
      for (const BoundAgg& a : aggs_) t.table.columns.push_back(a.as);
    }
    t.visible.assign(t.table.columns.size(), true);
    return t;
  }
  std::string Explain() const override {
    std::vector<std::string> aggs;
    for (const BoundAgg& a : aggs_) aggs.push_back(a.as);
    return "timechart span=" + span_text_ + " " + absl::StrJoin(aggs, ", ") +
           (command_.by.empty() ? "" : " by " + command_.by);
  }

 private:
  spl::TimechartCommand command_;
  Binner binner_;
  SlotIndex by_;
  std::vector<BoundAgg> aggs_;
  QueryLimits limits_;
  std::string span_text_;
};

// Without span=, Splunk sizes buckets from the search's time range; with
// no range (all time) trailhunt uses one day.
spl::Span DefaultSpan(int64_t earliest_ns, int64_t latest_ns) {
  spl::Span span;
  span.amount = 1;
  span.unit = "d";
  if (earliest_ns == kNoTime || latest_ns == kNoTime || latest_ns <= earliest_ns) {
    span.text = "1d";
    return span;
  }
  const int64_t range = (latest_ns - earliest_ns) / 1'000'000'000;
  struct Step {
    int64_t up_to;
    double amount;
    const char* unit;
    const char* text;
  };
  static const Step kSteps[] = {{15 * 60, 10, "s", "10s"},   {3600, 1, "m", "1m"},
                                {4 * 3600, 5, "m", "5m"},    {86400, 30, "m", "30m"},
                                {7 * 86400, 1, "h", "1h"},   {60 * 86400, 1, "d", "1d"}};
  for (const Step& s : kSteps) {
    if (range <= s.up_to) {
      span.amount = s.amount;
      span.unit = s.unit;
      span.text = s.text;
      return span;
    }
  }
  span.unit = "mon";
  span.text = "1mon";
  return span;
}

// ------------------------------------------------------------------ fields read

void ReadExpr(const match::Expr& e, std::vector<std::string>& out) {
  for (const match::Expr& c : e.children) ReadExpr(c, out);
  if (e.children.empty() && !e.target.raw && !e.target.field.empty()) out.push_back(e.target.field);
}

void ReadEval(const spl::EvalExpr& e, std::vector<std::string>& out) {
  if (e.kind == spl::EvalExpr::Kind::kField) out.push_back(e.name);
  for (const spl::EvalExpr& a : e.args) ReadEval(a, out);
}

}  // namespace

std::vector<std::string> FieldsRead(absl::Span<const spl::Command> commands) {
  std::vector<std::string> out;
  for (const spl::Command& c : commands) {
    std::visit(
        [&](const auto& b) {
          using T = std::decay_t<decltype(b)>;
          if constexpr (std::is_same_v<T, spl::SearchCommand>) {
            ReadExpr(b.expr, out);
            out.push_back("_raw");
          } else if constexpr (std::is_same_v<T, spl::WhereCommand>) {
            ReadEval(b.condition, out);
          } else if constexpr (std::is_same_v<T, spl::EvalCommand>) {
            for (const auto& a : b.assignments) ReadEval(a.value, out);
          } else if constexpr (std::is_same_v<T, spl::StatsCommand>) {
            for (const auto& a : b.aggregations) out.push_back(a.field);
            out.insert(out.end(), b.by.begin(), b.by.end());
          } else if constexpr (std::is_same_v<T, spl::TimechartCommand>) {
            for (const auto& a : b.aggregations) out.push_back(a.field);
            out.push_back(b.by);
            out.push_back("_time");
          } else if constexpr (std::is_same_v<T, spl::TopCommand>) {
            out.insert(out.end(), b.fields.begin(), b.fields.end());
            out.insert(out.end(), b.by.begin(), b.by.end());
          } else if constexpr (std::is_same_v<T, spl::DedupCommand>) {
            out.insert(out.end(), b.fields.begin(), b.fields.end());
            for (const auto& k : b.sortby) out.push_back(k.field);
          } else if constexpr (std::is_same_v<T, spl::SortCommand>) {
            for (const auto& k : b.keys) out.push_back(k.field);
          } else if constexpr (std::is_same_v<T, spl::TableCommand>) {
            out.insert(out.end(), b.fields.begin(), b.fields.end());
          } else if constexpr (std::is_same_v<T, spl::FieldsCommand>) {
            if (!b.remove) out.insert(out.end(), b.fields.begin(), b.fields.end());
          } else if constexpr (std::is_same_v<T, spl::RenameCommand>) {
            for (const auto& p : b.pairs) out.push_back(p.from);
          } else if constexpr (std::is_same_v<T, spl::FillnullCommand>) {
            out.insert(out.end(), b.fields.begin(), b.fields.end());
          } else if constexpr (std::is_same_v<T, spl::BinCommand>) {
            out.push_back(b.field);
          } else if constexpr (std::is_same_v<T, spl::SpathCommand>) {
            out.push_back(b.input);
          } else if constexpr (std::is_same_v<T, spl::RexCommand>) {
            out.push_back(b.field);
          } else if constexpr (std::is_same_v<T, spl::RegexCommand>) {
            out.push_back(b.field);
          } else if constexpr (std::is_same_v<T, spl::LookupCommand>) {
            for (const auto& m : b.inputs) {
              out.push_back(m.event_field.empty() ? m.lookup_field : m.event_field);
            }
          }
        },
        c.body);
  }
  std::vector<std::string> unique;
  std::set<std::string> seen;
  for (std::string& n : out) {
    if (!n.empty() && seen.insert(n).second) unique.push_back(std::move(n));
  }
  return unique;
}

bool IsBlockingCommand(const spl::Command& command) {
  return std::visit(
      [](const auto& b) {
        using T = std::decay_t<decltype(b)>;
        return std::is_same_v<T, spl::StatsCommand> || std::is_same_v<T, spl::TopCommand> ||
               std::is_same_v<T, spl::TimechartCommand> || std::is_same_v<T, spl::DedupCommand> ||
               std::is_same_v<T, spl::SortCommand> || std::is_same_v<T, spl::HeadCommand> ||
               std::is_same_v<T, spl::TailCommand>;
      },
      command.body);
}

std::unique_ptr<BlockingPlan> BlockingPlan::ForRows(SymbolTable& symbols,
                                                    const QueryLimits& limits) {
  Capture capture;
  for (const Column& c : symbols.OutputColumns()) {
    capture.columns.push_back(c);
    capture.visible.push_back(true);
  }
  return std::make_unique<RowsPlan>(std::move(capture), -1, limits.max_events_held, true,
                                    "events");
}

absl::StatusOr<std::unique_ptr<BlockingPlan>> BlockingPlan::Compile(
    const spl::Command& command, SymbolTable& symbols, const std::vector<std::string>& later_names,
    const StageContext& context, int64_t earliest_ns, int64_t latest_ns) {
  const QueryLimits& limits = context.options->limits;
  symbols.set_position(command.pos);
  const auto prefix = [&](const absl::Status& s) {
    const std::string m(s.message());
    if (m.substr(0, 5) == "line ") return s;
    return absl::Status(s.code(), Where(command) + std::string(m));
  };
  const auto bind_all = [&](const std::vector<std::string>& names)
      -> absl::StatusOr<std::vector<SlotIndex>> {
    std::vector<SlotIndex> slots;
    for (const std::string& n : names) {
      auto slot = symbols.Lookup(n);
      if (!slot.ok()) return prefix(slot.status());
      slots.push_back(*slot);
    }
    return slots;
  };
  const auto capture = [&]() { return Capture::Of(symbols, later_names); };

  if (const auto* stats = std::get_if<spl::StatsCommand>(&command.body)) {
    auto by = bind_all(stats->by);
    if (!by.ok()) return by.status();
    auto aggs = BindAggs(command, stats->aggregations, symbols);
    if (!aggs.ok()) return prefix(aggs.status());
    return std::unique_ptr<BlockingPlan>(
        new StatsPlan(stats->by, *std::move(by), *std::move(aggs), limits));
  }
  if (const auto* top = std::get_if<spl::TopCommand>(&command.body)) {
    auto by = bind_all(top->by);
    if (!by.ok()) return by.status();
    auto fields = bind_all(top->fields);
    if (!fields.ok()) return fields.status();
    return std::unique_ptr<BlockingPlan>(
        new TopPlan(*top, *std::move(by), *std::move(fields), limits));
  }
  if (const auto* chart = std::get_if<spl::TimechartCommand>(&command.body)) {
    const spl::Span span = chart->span.amount > 0 ? chart->span : DefaultSpan(earliest_ns, latest_ns);
    auto binner = Binner::ForTime(span);
    if (!binner.ok()) return prefix(binner.status());
    SlotIndex by = kNoSlot;
    if (!chart->by.empty()) {
      auto slot = symbols.Lookup(chart->by);
      if (!slot.ok()) return prefix(slot.status());
      by = *slot;
    }
    auto aggs = BindAggs(command, chart->aggregations, symbols);
    if (!aggs.ok()) return prefix(aggs.status());
    if (aggs->empty()) return absl::InvalidArgumentError(Where(command) + "needs an aggregation");
    return std::unique_ptr<BlockingPlan>(new TimechartPlan(*chart, *binner, by, *std::move(aggs),
                                                           limits, span.text));
  }
  if (const auto* dedup = std::get_if<spl::DedupCommand>(&command.body)) {
    auto fields = bind_all(dedup->fields);
    if (!fields.ok()) return fields.status();
    auto sortby = BindSortKeys(dedup->sortby, symbols);
    if (!sortby.ok()) return prefix(sortby.status());
    auto c = capture();
    if (!c.ok()) return prefix(c.status());
    return std::unique_ptr<BlockingPlan>(new DedupPlan(*std::move(c), *dedup, *std::move(fields),
                                                       *std::move(sortby), limits));
  }
  if (const auto* sort = std::get_if<spl::SortCommand>(&command.body)) {
    auto spec = BindSortKeys(sort->keys, symbols);
    if (!spec.ok()) return prefix(spec.status());
    auto c = capture();
    if (!c.ok()) return prefix(c.status());
    return std::unique_ptr<BlockingPlan>(new SortPlan(*std::move(c), *std::move(spec), sort->limit,
                                                      sort->reverse, limits.max_events_held));
  }
  if (const auto* head = std::get_if<spl::HeadCommand>(&command.body)) {
    auto c = capture();
    if (!c.ok()) return prefix(c.status());
    const int64_t n = std::max<int64_t>(head->count, 0);
    return std::unique_ptr<BlockingPlan>(new RowsPlan(*std::move(c), n, limits.max_events_held,
                                                      false, absl::StrCat("head ", n)));
  }
  if (const auto* tail = std::get_if<spl::TailCommand>(&command.body)) {
    auto c = capture();
    if (!c.ok()) return prefix(c.status());
    const size_t n = static_cast<size_t>(std::max<int64_t>(tail->count, 0));
    if (n > limits.max_events_held) {
      return LimitExceeded("max_events_held", limits.max_events_held, "tail");
    }
    return std::unique_ptr<BlockingPlan>(new TailPlan(*std::move(c), n));
  }
  return absl::InternalError(Where(command) + "not a blocking command");
}

}  // namespace trailhunt::query_internal
