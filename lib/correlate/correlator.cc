// The Correlator drives the parts: observations wait in the reorder buffer
// until event time has settled past them, are applied in time order to
// their group's window, and windows are checked at each event (sliding,
// lower bounds on growing aggregates) or once when event time passes their
// end (anchored, everything else). See docs/correlations.md.
#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "correlate/condition_plan.h"
#include "correlate/group_table.h"
#include "correlate/reorder_buffer.h"
#include "correlate/value_text.h"
#include "correlate/window.h"
#include "trailhunt/correlate.h"
#include "trailhunt/input.h"

namespace trailhunt::correlate {
namespace {

using correlate_internal::ConditionPlan;
using correlate_internal::FiringMode;
using correlate_internal::Group;
using correlate_internal::GroupTable;
using correlate_internal::ReorderBuffer;
using correlate_internal::WindowSpec;

constexpr int64_t kMaxTime = std::numeric_limits<int64_t>::max();
constexpr int64_t kMinTime = std::numeric_limits<int64_t>::min();

uint64_t NonNegative(int64_t v) { return v < 0 ? 0 : static_cast<uint64_t>(v); }

// Event times come from records and may be anything: window ends and the
// watermark saturate instead of wrapping.
int64_t SaturatingAdd(int64_t time, uint64_t span) {
  if (time >= 0 && span > static_cast<uint64_t>(kMaxTime - time)) return kMaxTime;
  return static_cast<int64_t>(static_cast<uint64_t>(time) + span);
}
int64_t SaturatingSub(int64_t time, uint64_t span) {
  if (time < 0 && span > static_cast<uint64_t>(time - kMinTime)) return kMinTime;
  return static_cast<int64_t>(static_cast<uint64_t>(time) - span);
}

// The hunt sends an event once per referenced rule it matches, one after
// the other. Types that count events must count it once; temporal types
// count the rules, so every observation counts there.
bool CountsEventsOnce(sigma::CorrelationType type) {
  return type != sigma::CorrelationType::kTemporal &&
         type != sigma::CorrelationType::kTemporalOrdered;
}

bool SameEventAgain(const Group& group, const Observation& o) {
  return group.has_last && o.rule != group.last_rule &&
         o.ref.source_index == group.last_ref.source_index &&
         o.ref.record_index == group.last_ref.record_index &&
         o.ref.time_ns == group.last_ref.time_ns && o.time_ns == group.last_ref.time_ns;
}

WindowSpec MakeSpec(const sigma::CorrelationRule& rule, const ConditionPlan& plan) {
  WindowSpec spec;
  spec.type = rule.type;
  spec.rule_count = static_cast<uint32_t>(
      std::min<size_t>(rule.rules.size(), std::numeric_limits<uint32_t>::max()));
  spec.timespan_ns = NonNegative(rule.timespan_ns);
  spec.percentile = plan.percentile();
  return spec;
}

}  // namespace

struct Correlator::State {
  State(const sigma::CorrelationRule& rule, const CorrelatorOptions& opts)
      : options(opts), plan(rule), spec(MakeSpec(rule, plan)),
        reorder_ns(NonNegative(opts.reorder_window_ns)) {}

  void Add(Observation observation, const AlertSink& sink);
  void Finish(const AlertSink& sink);

  // Applies buffered observations up to `until_ns` (inclusive) in time
  // order, then ends the groups whose deadline is before it: no event that
  // can still be applied reaches them.
  void Drain(int64_t until_ns);
  void EndGroupsBefore(int64_t time_ns);
  void Apply(Observation& observation);
  // Anchored windows: evaluates the window; then frees the group.
  void EndGroup(uint32_t id);
  void RaiseAlert(Group& group, size_t start, double value, int64_t decided_ns);
  void Emit(const AlertSink& sink);
  void DropForLimit() {
    ++counters.dropped_for_limit;
    counters.limit_hit = true;
  }

  CorrelatorOptions options;
  ConditionPlan plan;
  WindowSpec spec;
  uint64_t reorder_ns;

  ReorderBuffer buffer;
  GroupTable groups;
  CorrelatorCounters counters;
  bool seen_time = false;
  int64_t newest_ns = 0;
  int64_t watermark_ns = kMinTime;  // observations before it are late
  size_t held_in_windows = 0;

  // Reused across events.
  std::string key;
  Observation applying;
  std::vector<double> percentile_scratch;

  struct PendingAlert {
    // When the alert was decided: the completing event's time, or the end
    // of the anchored window. Alerts of one call are emitted in this order.
    int64_t decided_ns = 0;
    std::string group_key;
    Alert alert;
  };
  std::vector<PendingAlert> pending;
};

void Correlator::State::Add(Observation observation, const AlertSink& sink) {
  ++counters.observations;
  const int64_t time_ns = observation.time_ns;
  if (time_ns == kNoTime) {
    ++counters.no_time;
    return;
  }
  if (seen_time && time_ns < watermark_ns) {
    ++counters.late;
    return;
  }
  if (!seen_time || time_ns > newest_ns) {
    seen_time = true;
    newest_ns = time_ns;
    watermark_ns = SaturatingSub(newest_ns, reorder_ns);
  }
  // Settle first: what the new watermark releases makes room.
  Drain(watermark_ns);
  if (buffer.size() + held_in_windows >= options.max_events_held) {
    DropForLimit();
  } else {
    buffer.Push(std::move(observation));
    if (time_ns <= watermark_ns) Drain(watermark_ns);
  }
  Emit(sink);
}

void Correlator::State::Finish(const AlertSink& sink) {
  Drain(kMaxTime);
  while (groups.oldest() != GroupTable::kNone) EndGroup(groups.oldest());
  Emit(sink);
}

void Correlator::State::Drain(int64_t until_ns) {
  while (!buffer.empty() && buffer.earliest_time() <= until_ns) {
    buffer.Pop(&applying);
    Apply(applying);
  }
  EndGroupsBefore(until_ns);
}

void Correlator::State::EndGroupsBefore(int64_t time_ns) {
  while (groups.oldest() != GroupTable::kNone && groups.at(groups.oldest()).deadline < time_ns) {
    EndGroup(groups.oldest());
  }
}

void Correlator::State::Apply(Observation& observation) {
  const int64_t time_ns = observation.time_ns;
  // Windows that end before this event are complete: close them first so
  // alerts come out in the order they were decided.
  EndGroupsBefore(time_ns);

  key.clear();
  correlate_internal::AppendGroupKey(observation.group, &key);
  uint32_t id = groups.Find(key);
  if (id == GroupTable::kNone) {
    if (groups.size() >= options.max_groups) {
      DropForLimit();
      return;
    }
    id = groups.Create(key, std::move(observation.group), SaturatingAdd(time_ns, spec.timespan_ns));
    Group& created = groups.at(id);
    created.window.Reset(spec);
    created.window_start = time_ns;
  }
  ++counters.applied;
  Group& group = groups.at(id);
  if (CountsEventsOnce(spec.type) && SameEventAgain(group, observation)) return;
  group.has_last = true;
  group.last_rule = observation.rule;
  group.last_ref = observation.ref;
  const bool at_event = plan.mode() == FiringMode::kAtEvent;
  if (at_event) {
    held_in_windows -= group.window.ExpireBefore(spec, time_ns);
    groups.Touch(id, SaturatingAdd(time_ns, spec.timespan_ns));
  }
  if (!group.window.Add(spec, time_ns, observation.ref, observation.rule, observation.value)) {
    ++counters.values_not_counted;
  }
  ++held_in_windows;
  if (!at_event) return;

  const std::optional<double> value = group.window.ValueAtEvent(spec);
  if (value && plan.Holds(*value)) {
    RaiseAlert(group, group.window.AlertStartAtEvent(spec), *value, time_ns);
    // One alert per burst: the group starts over.
    held_in_windows -= group.window.events().size();
    group.window.Reset(spec);
  }
}

void Correlator::State::EndGroup(uint32_t id) {
  Group& group = groups.at(id);
  if (plan.mode() == FiringMode::kAtWindowClose && !group.window.events().empty()) {
    const std::optional<double> value = group.window.ValueAtClose(spec, &percentile_scratch);
    if (value && plan.Holds(*value)) RaiseAlert(group, 0, *value, group.deadline);
  }
  held_in_windows -= group.window.events().size();
  group.window.Reset(spec);
  groups.Erase(id);
}

void Correlator::State::RaiseAlert(Group& group, size_t start, double value,
                                   int64_t decided_ns) {
  const correlate_internal::HeldRing& events = group.window.events();
  pending.emplace_back();
  PendingAlert& out = pending.back();
  out.decided_ns = decided_ns;
  out.group_key = group.key;
  Alert& alert = out.alert;
  alert.group = group.values;
  alert.first_ns = events[start].time_ns;
  alert.last_ns = events.back().time_ns;
  alert.value = value;
  alert.events_total = events.size() - start;
  const size_t kept =
      static_cast<size_t>(std::min<uint64_t>(alert.events_total, options.max_events_per_alert));
  alert.events.reserve(kept);
  for (size_t i = start; i < start + kept; ++i) alert.events.push_back(events[i].ref);
}

void Correlator::State::Emit(const AlertSink& sink) {
  if (pending.empty()) return;
  // Ties in decision time (several groups at one event time or window end)
  // come out in group key order.
  std::stable_sort(pending.begin(), pending.end(),
                   [](const PendingAlert& a, const PendingAlert& b) {
                     if (a.decided_ns != b.decided_ns) return a.decided_ns < b.decided_ns;
                     return a.group_key < b.group_key;
                   });
  for (const PendingAlert& p : pending) {
    ++counters.alerts;
    if (sink) sink(p.alert);
  }
  pending.clear();
}

Correlator::Correlator(const sigma::CorrelationRule& rule, const CorrelatorOptions& options)
    : state_(std::make_unique<State>(rule, options)) {}
Correlator::~Correlator() = default;
Correlator::Correlator(Correlator&&) noexcept = default;
Correlator& Correlator::operator=(Correlator&&) noexcept = default;

void Correlator::Add(Observation observation, const AlertSink& sink) {
  if (state_) state_->Add(std::move(observation), sink);
}

void Correlator::Finish(const AlertSink& sink) {
  if (state_) state_->Finish(sink);
}

const CorrelatorCounters& Correlator::counters() const {
  static const CorrelatorCounters kMovedFrom;
  return state_ ? state_->counters : kMovedFrom;
}

}  // namespace trailhunt::correlate
