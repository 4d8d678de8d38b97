// File: correlate.h
// Stateful rules over event time: one Correlator per Sigma correlation rule
// receives the events that matched the rules it references and raises an
// alert when its condition holds within `timespan` for one group.
//
// Windows slide (the specification: "should not be restricted to
// boundaries"): an alert covers events whose times lie within one timespan
// of each other, bound included (events at t and t + timespan are in one
// window, t + timespan + 1ns is not). Records arrive out of time order
// (CloudTrail files overlap), so observations wait in a reorder buffer of
// `reorder_window_ns` of event time and are applied in time order (ties in
// arrival order); results are exact for any disorder within that window. An
// observation older than the newest one seen minus the window is late: it is
// counted and left out, never applied out of order. State is bounded
// (max_groups, max_events_held); hitting a bound is counted and reported,
// never silent.
//
// When an alert fires (docs/correlations.md has the details and examples):
//  - A condition made only of lower bounds (gt, gte) on an aggregate that
//    grows as events join (event_count, value_count, temporal,
//    temporal_ordered, value_sum) is checked at every applied event, on the
//    group's events of the last timespan, and fires at once; the group then
//    starts over empty (one alert per burst, not one per event).
//  - Any other condition (lt, lte, eq, neq, a range) and every value_avg,
//    value_percentile and value_median is decided once per window: a window
//    opens at a group's first event, holds the events up to one timespan
//    after it, and is evaluated when event time passes its end (or at
//    Finish). So `lt: 5` fires for a group that had 1 to 4 events in the
//    timespan after its first.
//  - temporal: the aggregate is the number of distinct referenced rules
//    seen; without a condition all must be seen. temporal_ordered: the
//    number of referenced rules matched in the listed order (rules[0], then
//    rules[1], ...), within the timespan; without a condition all of them.
//  - value_count counts distinct values by their text (missing and null do
//    not count); the numeric types take numbers and numeric strings, other
//    values do not count (CorrelatorCounters::values_not_counted). A window
//    without a number has no sum, average or percentile and never fires.
//  - Group values compare by their text too (the number 1 and the string
//    "1" are one group); a missing value is a key of its own, distinct from
//    null and from ""; a multivalue is one key, its items in order.
//
// Thread-safety: a Correlator is used by one thread (the hunt feeds it in
// source order on the calling thread, so results do not depend on the
// thread count). A sink must not call back into the Correlator that called
// it.
#ifndef TRAILHUNT_CORRELATE_H_
#define TRAILHUNT_CORRELATE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "trailhunt/sigma.h"
#include "trailhunt/value.h"

namespace trailhunt::correlate {

// Where an event came from, to report it with an alert.
struct EventRef {
  uint64_t source_index = 0;
  uint64_t record_index = 0;
  int64_t time_ns = 0;
};

// One event that matched one of the correlation's referenced rules.
struct Observation {
  int64_t time_ns = 0;
  // Which referenced rule matched: the index into CorrelationRule::rules (an
  // index beyond the list joins the window but matches no rule). An event
  // that matches several referenced rules arrives once per rule, one
  // observation right after the other with the same `ref`: temporal types
  // count each rule, the others count the event once per group (with its
  // first observation's value), so `ref` must tell events apart.
  uint32_t rule = 0;
  // One value per CorrelationRule::group_by entry, already read from the
  // event (through the rule's alias when there is one). A missing field is
  // Value::Missing(); see docs/correlations.md for how it groups.
  std::vector<Value> group;
  // value_count: the value counted distinctly; value_sum/avg/percentile/
  // median: the number. Missing when the event lacks the field.
  Value value;
  EventRef ref;
};

struct Alert {
  std::vector<Value> group;  // the group's key, as its first observation gave it
  int64_t first_ns = 0;      // time of the first event in the window
  // Time of the event that completed it; for a window decided when it
  // closed, its last event.
  int64_t last_ns = 0;
  // The aggregate the condition held for: the count, the distinct count,
  // the sum, average, percentile or median; temporal: the number of
  // distinct referenced rules seen; temporal_ordered: the number matched in
  // the listed order.
  double value = 0;
  // Events in the window, oldest first, at most
  // CorrelatorOptions::max_events_per_alert (events_total says how many).
  std::vector<EventRef> events;
  uint64_t events_total = 0;
};

struct CorrelatorOptions {
  int64_t reorder_window_ns = int64_t{5} * 60 * 1000000000;  // 5 minutes
  size_t max_groups = 100000;           // open groups held at once
  size_t max_events_held = 1000000;     // in windows (all groups) + reorder buffer
  size_t max_events_per_alert = 100;
};

struct CorrelatorCounters {
  uint64_t observations = 0;  // received
  uint64_t applied = 0;       // taken into a window
  uint64_t late = 0;          // older than the reorder window allowed
  uint64_t no_time = 0;       // events without a time, left out
  uint64_t dropped_for_limit = 0;  // left out because a state bound was hit
  uint64_t alerts = 0;
  bool limit_hit = false;
  // Applied events whose value did not count for a value_* aggregate
  // (value_count: missing or null; the others: not a number); they are
  // part of `applied`. After Finish: observations == applied + late +
  // no_time + dropped_for_limit.
  uint64_t values_not_counted = 0;
};

using AlertSink = std::function<void(const Alert& alert)>;

class Correlator {
 public:
  // `rule` must outlive the correlator.
  Correlator(const sigma::CorrelationRule& rule, const CorrelatorOptions& options);
  ~Correlator();
  Correlator(Correlator&&) noexcept;
  Correlator& operator=(Correlator&&) noexcept;

  // May emit alerts (through `sink`) for observations now older than the
  // reorder window. The alerts of one call come out in the order they were
  // decided (the completing event's time, or the window's end), ties in
  // group order. An empty sink only counts them.
  void Add(Observation observation, const AlertSink& sink);
  // End of input: applies everything still buffered, closes every window
  // and emits what is due.
  void Finish(const AlertSink& sink);

  const CorrelatorCounters& counters() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace trailhunt::correlate

#endif  // TRAILHUNT_CORRELATE_H_
