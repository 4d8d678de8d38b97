// File: window.h
// One group's window: the events it holds and the aggregates over them,
// kept up to date as events join (and, for windows that slide, leave), so
// that checking a condition at an event costs O(1) (a percentile or median
// is computed once, when its window closes).
#ifndef TRAILHUNT_LIB_CORRELATE_WINDOW_H_
#define TRAILHUNT_LIB_CORRELATE_WINDOW_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "correlate/held_ring.h"
#include "trailhunt/correlate.h"
#include "trailhunt/sigma.h"
#include "trailhunt/value.h"

namespace trailhunt::correlate_internal {

// What every window of one correlator shares.
struct WindowSpec {
  sigma::CorrelationType type = sigma::CorrelationType::kEventCount;
  uint32_t rule_count = 0;   // CorrelationRule::rules.size()
  uint64_t timespan_ns = 0;  // never negative
  double percentile = 50;    // value_percentile / value_median
};

// True when `later` is more than one timespan after `earlier` (the window
// bound is inclusive). `later` must not be before `earlier`.
inline bool BeyondTimespan(int64_t earlier, int64_t later, uint64_t timespan_ns) {
  return static_cast<uint64_t>(later) - static_cast<uint64_t>(earlier) > timespan_ns;
}

class Window {
 public:
  // Empties the window for a group of `spec`'s correlator (keeps storage).
  void Reset(const WindowSpec& spec);

  // Adds an event no older than any it holds. False when the event's value
  // does not count for the aggregate (value_count: missing or null; the
  // numeric types: not a number); the event joins the window anyway.
  bool Add(const WindowSpec& spec, int64_t time_ns, const correlate::EventRef& ref,
           uint32_t rule, const Value& value);

  // Sliding windows: drops the events more than one timespan older than
  // `now_ns`. Returns how many were dropped.
  size_t ExpireBefore(const WindowSpec& spec, int64_t now_ns);

  // Sliding windows, right after Add: the aggregate over the events held
  // (temporal_ordered: the length of the ordered chain the last event
  // completed). Empty when there is none (no number in a value_sum window).
  std::optional<double> ValueAtEvent(const WindowSpec& spec) const;
  // Anchored windows: the aggregate over all the events held. `scratch` is
  // reused for percentiles.
  std::optional<double> ValueAtClose(const WindowSpec& spec, std::vector<double>* scratch) const;

  // Sliding windows, right after Add: where the events an alert reports
  // start (the oldest held event; temporal_ordered: the chain's first).
  size_t AlertStartAtEvent(const WindowSpec& spec) const;

  const HeldRing& events() const { return ring_; }

 private:
  void Remove(const WindowSpec& spec, const HeldEvent& event);

  HeldRing ring_;
  // value_count: events holding each distinct value text.
  absl::flat_hash_map<std::string, uint32_t> distinct_;
  // temporal, temporal_ordered: events per referenced rule.
  std::vector<uint32_t> rule_events_;
  uint32_t distinct_rules_ = 0;
  // value_sum / value_avg: over the events with a number.
  double sum_ = 0;
  size_t numbers_ = 0;
  // temporal_ordered, sliding: for each step i, the latest start time of a
  // chain that has matched rules 0..i in order (kNoChain: none).
  std::vector<int64_t> chain_start_;
  uint32_t chain_completed_ = 0;   // by the last event added
  int64_t completed_start_ = 0;    // and its start
  // temporal_ordered, anchored: the rules matched in order so far.
  uint32_t ordered_prefix_ = 0;
};

}  // namespace trailhunt::correlate_internal

#endif  // TRAILHUNT_LIB_CORRELATE_WINDOW_H_
