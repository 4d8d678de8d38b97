#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "trailhunt/correlate.h"
#include "trailhunt/input.h"
#include "trailhunt/sigma.h"
#include "trailhunt/value.h"

namespace {

using trailhunt::Value;
using trailhunt::correlate::Alert;
using trailhunt::correlate::Correlator;
using trailhunt::correlate::CorrelatorCounters;
using trailhunt::correlate::CorrelatorOptions;
using trailhunt::correlate::Observation;
using trailhunt::sigma::CorrelationRule;
using trailhunt::sigma::CorrelationType;

constexpr int64_t kSecond = 1000000000;

CorrelationRule MakeRule(CorrelationType type, int64_t timespan_s, size_t rule_count = 1) {
  CorrelationRule rule;
  rule.type = type;
  rule.timespan_ns = timespan_s * kSecond;
  for (size_t i = 0; i < rule_count; ++i) rule.rules.push_back("rule" + std::to_string(i));
  rule.group_by = {"userIdentity.arn"};
  return rule;
}

// An observation at `time_ns` for group `user`; the record index says which
// event it was so alerts can be checked event by event.
Observation At(int64_t time_ns, const std::string& user, uint64_t record, uint32_t rule = 0,
               Value value = Value::Missing()) {
  Observation o;
  o.time_ns = time_ns;
  o.rule = rule;
  o.group = {Value::String(user)};
  o.value = std::move(value);
  o.ref.record_index = record;
  o.ref.time_ns = time_ns;
  return o;
}

struct Outcome {
  std::vector<Alert> alerts;
  CorrelatorCounters counters;
};

CorrelatorOptions NoReorder() {
  CorrelatorOptions options;
  options.reorder_window_ns = 0;
  return options;
}

Outcome Run(const CorrelationRule& rule, std::vector<Observation> observations,
            const CorrelatorOptions& options = NoReorder()) {
  Outcome out;
  Correlator correlator(rule, options);
  auto sink = [&out](const Alert& alert) { out.alerts.push_back(alert); };
  for (Observation& o : observations) correlator.Add(std::move(o), sink);
  correlator.Finish(sink);
  out.counters = correlator.counters();
  return out;
}

std::vector<uint64_t> Records(const Alert& alert) {
  std::vector<uint64_t> out;
  for (const auto& ref : alert.events) out.push_back(ref.record_index);
  return out;
}

std::string Describe(const Alert& alert) {
  std::string out = alert.group.empty() ? "?" : alert.group[0].ToJson();
  out += " " + std::to_string(alert.first_ns) + ".." + std::to_string(alert.last_ns) +
         " v=" + std::to_string(alert.value) + " n=" + std::to_string(alert.events_total) + " [";
  for (uint64_t r : Records(alert)) out += std::to_string(r) + ",";
  return out + "]";
}

std::vector<std::string> DescribeAll(const std::vector<Alert>& alerts) {
  std::vector<std::string> out;
  for (const Alert& a : alerts) out.push_back(Describe(a));
  return out;
}

void CheckReconciles(const CorrelatorCounters& c) {
  CHECK(c.observations == c.applied + c.late + c.no_time + c.dropped_for_limit);
}

}  // namespace

TEST_CASE("correlate: event_count gte reaching N exactly at the window bound fires") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 10);
  rule.condition.gte = 3;
  Outcome out = Run(rule, {At(0, "alice", 0), At(5 * kSecond, "alice", 1),
                           At(10 * kSecond, "alice", 2)});
  REQUIRE(out.alerts.size() == 1);
  const Alert& a = out.alerts[0];
  CHECK(a.value == 3);
  CHECK(a.first_ns == 0);
  CHECK(a.last_ns == 10 * kSecond);
  CHECK(a.events_total == 3);
  CHECK(Records(a) == std::vector<uint64_t>{0, 1, 2});
  REQUIRE(a.group.size() == 1);
  CHECK(a.group[0] == Value::String("alice"));
  CHECK(out.counters.alerts == 1);
  CheckReconciles(out.counters);
}

TEST_CASE("correlate: event_count one nanosecond past the window bound does not fire") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 10);
  rule.condition.gte = 3;
  Outcome out = Run(rule, {At(0, "alice", 0), At(5 * kSecond, "alice", 1),
                           At(10 * kSecond + 1, "alice", 2)});
  CHECK(out.alerts.empty());
  CHECK(out.counters.applied == 3);
}

TEST_CASE("correlate: event_count gt fires one past the threshold, once per burst") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 60);
  rule.condition.gt = 2;
  std::vector<Observation> obs;
  for (uint64_t i = 0; i < 7; ++i) obs.push_back(At(static_cast<int64_t>(i) * kSecond, "bob", i));
  Outcome out = Run(rule, std::move(obs));
  // 3 events make the first alert, the group starts over, 3 more the second;
  // the seventh alone stays below.
  REQUIRE(out.alerts.size() == 2);
  CHECK(Records(out.alerts[0]) == std::vector<uint64_t>{0, 1, 2});
  CHECK(Records(out.alerts[1]) == std::vector<uint64_t>{3, 4, 5});
  CHECK(out.alerts[1].first_ns == 3 * kSecond);
  CHECK(out.alerts[1].value == 3);
}

TEST_CASE("correlate: a lower bound fires during Add, as soon as it holds") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 60);
  rule.condition.gte = 2;
  Correlator correlator(rule, NoReorder());
  int alerts = 0;
  auto sink = [&alerts](const Alert&) { ++alerts; };
  correlator.Add(At(0, "a", 0), sink);
  CHECK(alerts == 0);
  correlator.Add(At(kSecond, "a", 1), sink);
  CHECK(alerts == 1);
  correlator.Finish(sink);
  CHECK(alerts == 1);
}

TEST_CASE("correlate: event_count lt fires for a quiet group only when its window closes") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 10);
  rule.condition.lt = 3;
  Correlator correlator(rule, NoReorder());
  std::vector<Alert> alerts;
  auto sink = [&alerts](const Alert& a) { alerts.push_back(a); };
  correlator.Add(At(0, "quiet", 0), sink);
  correlator.Add(At(1 * kSecond, "busy", 1), sink);
  correlator.Add(At(2 * kSecond, "busy", 2), sink);
  correlator.Add(At(3 * kSecond, "busy", 3), sink);
  correlator.Add(At(4 * kSecond, "quiet", 4), sink);
  // quiet's window is [0s, 10s]: an event at exactly 10s could still join.
  correlator.Add(At(10 * kSecond, "other", 5), sink);
  CHECK(alerts.empty());
  correlator.Add(At(10 * kSecond + 1, "other", 6), sink);
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].group[0] == Value::String("quiet"));
  CHECK(alerts[0].value == 2);
  CHECK(alerts[0].first_ns == 0);
  CHECK(alerts[0].last_ns == 4 * kSecond);
  CHECK(Records(alerts[0]) == std::vector<uint64_t>{0, 4});
  correlator.Finish(sink);
  // busy had 3 (not < 3); other's window [10s, 20s] had 2, closed by Finish.
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[1].group[0] == Value::String("other"));
  CHECK(alerts[1].value == 2);
}

TEST_CASE("correlate: eq counts the window anchored at the first event, bound included") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 10);
  rule.condition.eq = 3;
  Outcome in = Run(rule, {At(0, "u", 0), At(5 * kSecond, "u", 1), At(10 * kSecond, "u", 2)});
  REQUIRE(in.alerts.size() == 1);
  CHECK(in.alerts[0].value == 3);
  CHECK(in.alerts[0].events_total == 3);

  // One nanosecond later the third event opens the next window: 2, then 1.
  Outcome out = Run(rule, {At(0, "u", 0), At(5 * kSecond, "u", 1), At(10 * kSecond + 1, "u", 2)});
  CHECK(out.alerts.empty());

  // Four events in the window are not three.
  Outcome four = Run(rule, {At(0, "u", 0), At(1, "u", 1), At(2, "u", 2), At(3, "u", 3)});
  CHECK(four.alerts.empty());
}

TEST_CASE("correlate: a range (gt and lte) and neq are decided per window") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 10);
  rule.condition.gt = 1;
  rule.condition.lte = 3;
  std::vector<Observation> obs;
  uint64_t rec = 0;
  for (int i = 0; i < 1; ++i) obs.push_back(At(i, "one", rec++));
  for (int i = 0; i < 2; ++i) obs.push_back(At(i, "two", rec++));
  for (int i = 0; i < 3; ++i) obs.push_back(At(i, "three", rec++));
  for (int i = 0; i < 4; ++i) obs.push_back(At(i, "four", rec++));
  std::sort(obs.begin(), obs.end(),
            [](const Observation& a, const Observation& b) { return a.time_ns < b.time_ns; });
  Outcome out = Run(rule, obs);
  REQUIRE(out.alerts.size() == 2);
  // Both windows end at 10s: ties come out in group key order.
  CHECK(out.alerts[0].group[0] == Value::String("three"));
  CHECK(out.alerts[0].value == 3);
  CHECK(out.alerts[1].group[0] == Value::String("two"));
  CHECK(out.alerts[1].value == 2);

  CorrelationRule neq = MakeRule(CorrelationType::kEventCount, 10);
  neq.condition.neq = 2;
  Outcome not_two = Run(neq, obs);
  std::vector<std::string> groups;
  for (const Alert& a : not_two.alerts) groups.push_back(a.group[0].text());
  CHECK(groups == std::vector<std::string>{"four", "one", "three"});
}

TEST_CASE("correlate: value_count counts distinct values by text; missing does not count") {
  CorrelationRule rule = MakeRule(CorrelationType::kValueCount, 60);
  rule.condition.field = "sourceIPAddress";
  rule.condition.gte = 3;
  Outcome out = Run(rule, {
      At(0, "u", 0, 0, Value::String("1.1.1.1")),
      At(1, "u", 1, 0, Value::String("1.1.1.1")),
      At(2, "u", 2, 0, Value::Missing()),
      At(3, "u", 3, 0, Value::Null()),
      At(4, "u", 4, 0, Value::String("2.2.2.2")),
      At(5, "u", 5, 0, Value::String("3.3.3.3")),
  });
  REQUIRE(out.alerts.size() == 1);
  CHECK(out.alerts[0].value == 3);
  CHECK(out.alerts[0].last_ns == 5);
  CHECK(out.alerts[0].events_total == 6);
  CHECK(out.counters.values_not_counted == 2);

  // The number 7 and the string "7" are one value.
  Outcome same = Run(rule, {At(0, "u", 0, 0, Value::Int(7)), At(1, "u", 1, 0, Value::String("7")),
                            At(2, "u", 2, 0, Value::String("8"))});
  CHECK(same.alerts.empty());
}

TEST_CASE("correlate: value_count forgets values that slide out of the window") {
  CorrelationRule rule = MakeRule(CorrelationType::kValueCount, 10);
  rule.condition.gte = 3;
  Outcome out = Run(rule, {At(0, "u", 0, 0, Value::String("a")),
                           At(6 * kSecond, "u", 1, 0, Value::String("b")),
                           At(12 * kSecond, "u", 2, 0, Value::String("c")),
                           At(13 * kSecond, "u", 3, 0, Value::String("b")),
                           At(14 * kSecond, "u", 4, 0, Value::String("a"))});
  // At 12s "a" has left; at 14s the window [4s, 14s] holds b, c, b, a.
  REQUIRE(out.alerts.size() == 1);
  CHECK(out.alerts[0].first_ns == 6 * kSecond);
  CHECK(Records(out.alerts[0]) == std::vector<uint64_t>{1, 2, 3, 4});
}

TEST_CASE("correlate: temporal needs every referenced rule within the timespan") {
  CorrelationRule rule = MakeRule(CorrelationType::kTemporal, 10, 3);
  Outcome out = Run(rule, {At(0, "u", 0, 2), At(1 * kSecond, "u", 1, 2), At(2 * kSecond, "u", 2, 0),
                           At(9 * kSecond, "u", 3, 1)});
  REQUIRE(out.alerts.size() == 1);
  CHECK(out.alerts[0].value == 3);
  CHECK(out.alerts[0].last_ns == 9 * kSecond);

  Outcome late_third = Run(rule, {At(0, "u", 0, 0), At(1 * kSecond, "u", 1, 1),
                                  At(10 * kSecond + 1, "u", 2, 2)});
  CHECK(late_third.alerts.empty());

  // The same rule thrice is one rule; an index beyond the list is none.
  Outcome repeats = Run(rule, {At(0, "u", 0, 0), At(1, "u", 1, 0), At(2, "u", 2, 7),
                               At(3, "u", 3, 1)});
  CHECK(repeats.alerts.empty());
  CHECK(repeats.counters.applied == 4);

  CorrelationRule two_of_three = rule;
  two_of_three.condition.gte = 2;
  Outcome two = Run(two_of_three, {At(0, "u", 0, 0), At(1, "u", 1, 0), At(2, "u", 2, 2)});
  REQUIRE(two.alerts.size() == 1);
  CHECK(two.alerts[0].value == 2);
}

TEST_CASE("correlate: an event matching two referenced rules counts once, but as two rules") {
  auto twice = [](int64_t t, uint64_t record, Value value) {
    std::vector<Observation> out = {At(t, "u", record, 0, value), At(t, "u", record, 1, value)};
    return out;
  };
  std::vector<Observation> obs = twice(0, 0, Value::String("a"));
  obs.push_back(At(1, "u", 1, 1, Value::String("b")));

  CorrelationRule count = MakeRule(CorrelationType::kEventCount, 10, 2);
  count.condition.gte = 3;
  Outcome counted = Run(count, obs);
  CHECK(counted.alerts.empty());
  CHECK(counted.counters.applied == 3);
  count.condition.gte = 2;
  Outcome two = Run(count, obs);
  REQUIRE(two.alerts.size() == 1);
  CHECK(two.alerts[0].events_total == 2);
  CHECK(Records(two.alerts[0]) == std::vector<uint64_t>{0, 1});

  CorrelationRule temporal = MakeRule(CorrelationType::kTemporal, 10, 2);
  Outcome both = Run(temporal, twice(0, 0, Value::Missing()));
  REQUIRE(both.alerts.size() == 1);
  CHECK(both.alerts[0].value == 2);

  // Another event at the same time (another record) counts again.
  CorrelationRule sum = MakeRule(CorrelationType::kValueSum, 10, 2);
  sum.condition.gte = 3;
  std::vector<Observation> numbers = twice(0, 0, Value::Int(1));
  numbers.push_back(At(0, "u", 1, 1, Value::Int(1)));
  numbers.push_back(At(0, "u", 2, 0, Value::Int(1)));
  Outcome summed = Run(sum, numbers);
  REQUIRE(summed.alerts.size() == 1);
  CHECK(Records(summed.alerts[0]) == std::vector<uint64_t>{0, 1, 2});
}

TEST_CASE("correlate: temporal_ordered fires only for the listed order") {
  CorrelationRule rule = MakeRule(CorrelationType::kTemporalOrdered, 10, 3);
  Outcome in_order = Run(rule, {At(0, "u", 0, 0), At(1 * kSecond, "u", 1, 1),
                                At(2 * kSecond, "u", 2, 2)});
  REQUIRE(in_order.alerts.size() == 1);
  CHECK(in_order.alerts[0].value == 3);

  Outcome out_of_order = Run(rule, {At(0, "u", 0, 1), At(1 * kSecond, "u", 1, 0),
                                    At(2 * kSecond, "u", 2, 2)});
  CHECK(out_of_order.alerts.empty());

  // A later start keeps the chain alive: 0@0s 0@3s 1@5s 2@12s spans 9s
  // from the second start, 12s from the first.
  Outcome restart = Run(rule, {At(0, "u", 0, 0), At(3 * kSecond, "u", 1, 0),
                               At(5 * kSecond, "u", 2, 1), At(12 * kSecond, "u", 3, 2)});
  REQUIRE(restart.alerts.size() == 1);
  CHECK(restart.alerts[0].first_ns == 3 * kSecond);
  CHECK(Records(restart.alerts[0]) == std::vector<uint64_t>{1, 2, 3});

  // A newer chain replaces an older one at every step, not only the first.
  Outcome newer = Run(rule, {At(0, "u", 0, 0), At(1 * kSecond, "u", 1, 1),
                             At(8 * kSecond, "u", 2, 0), At(9 * kSecond, "u", 3, 1),
                             At(15 * kSecond, "u", 4, 2)});
  REQUIRE(newer.alerts.size() == 1);
  CHECK(newer.alerts[0].first_ns == 8 * kSecond);
  CHECK(Records(newer.alerts[0]) == std::vector<uint64_t>{2, 3, 4});

  // The whole chain at exactly one timespan is in; one nanosecond more is out.
  Outcome edge = Run(rule, {At(0, "u", 0, 0), At(kSecond, "u", 1, 1), At(10 * kSecond, "u", 2, 2)});
  CHECK(edge.alerts.size() == 1);
  Outcome past = Run(rule, {At(0, "u", 0, 0), At(kSecond, "u", 1, 1),
                            At(10 * kSecond + 1, "u", 2, 2)});
  CHECK(past.alerts.empty());
}

TEST_CASE("correlate: temporal_ordered with an upper bound counts the ordered prefix per window") {
  // "rule 0 then rule 1, but not then rule 2": fewer than 3 in order.
  CorrelationRule rule = MakeRule(CorrelationType::kTemporalOrdered, 10, 3);
  rule.condition.gte = 2;
  rule.condition.lt = 3;
  Outcome out = Run(rule, {At(0, "stopped", 0, 0), At(1, "stopped", 1, 1),
                           At(0, "finished", 2, 0), At(1, "finished", 3, 1),
                           At(2, "finished", 4, 2), At(0, "started", 5, 0)},
                    CorrelatorOptions());  // the default reorder window sorts them
  REQUIRE(out.alerts.size() == 1);
  CHECK(out.alerts[0].group[0] == Value::String("stopped"));
  CHECK(out.alerts[0].value == 2);
}

TEST_CASE("correlate: value_sum adds numbers and numeric strings over the sliding window") {
  CorrelationRule rule = MakeRule(CorrelationType::kValueSum, 10);
  rule.condition.field = "bytes";
  rule.condition.gte = 100;
  Outcome out = Run(rule, {At(0, "u", 0, 0, Value::Int(40)),
                           At(1, "u", 1, 0, Value::String("not a number")),
                           At(2, "u", 2, 0, Value::String("30")),
                           At(3, "u", 3, 0, Value::Double(30.0))});
  REQUIRE(out.alerts.size() == 1);
  CHECK(out.alerts[0].value == 100);
  CHECK(out.alerts[0].events_total == 4);
  CHECK(out.counters.values_not_counted == 1);

  Outcome slid = Run(rule, {At(0, "u", 0, 0, Value::Int(60)),
                            At(10 * kSecond + 1, "u", 1, 0, Value::Int(50))});
  CHECK(slid.alerts.empty());
}

TEST_CASE("correlate: value_avg is decided when the window closes") {
  CorrelationRule rule = MakeRule(CorrelationType::kValueAvg, 10);
  rule.condition.gt = 10;
  Outcome out = Run(rule, {At(0, "high", 0, 0, Value::Int(5)), At(1, "high", 1, 0, Value::Int(20)),
                           At(2, "high", 2, 0, Value::Int(20)),
                           At(0, "low", 3, 0, Value::Int(5)), At(1, "low", 4, 0, Value::Int(15)),
                           At(2, "none", 5, 0, Value::String("x"))},
                    CorrelatorOptions());
  REQUIRE(out.alerts.size() == 1);
  CHECK(out.alerts[0].group[0] == Value::String("high"));
  CHECK(out.alerts[0].value == 15);
  // "none" has no number: no average, no alert, whatever the bound.
  CHECK(out.counters.values_not_counted == 1);
}

TEST_CASE("correlate: value_percentile interpolates between the closest ranks") {
  CorrelationRule rule = MakeRule(CorrelationType::kValuePercentile, 60);
  rule.condition.percentile = 90;
  rule.condition.gte = 9;
  std::vector<Observation> obs;
  // 10, 9, ..., 1: arrival order must not matter to a percentile.
  for (int i = 0; i < 10; ++i) obs.push_back(At(i, "u", static_cast<uint64_t>(i), 0, Value::Int(10 - i)));
  Outcome out = Run(rule, obs);
  REQUIRE(out.alerts.size() == 1);
  // Position 0.9 * 9 = 8.1 between 9 and 10.
  CHECK(out.alerts[0].value == doctest::Approx(9.1));

  rule.condition.gte = 9.2;
  CHECK(Run(rule, obs).alerts.empty());
}

TEST_CASE("correlate: value_median of an even count is the mean of the middle two") {
  CorrelationRule rule = MakeRule(CorrelationType::kValueMedian, 60);
  rule.condition.eq = 6.5;
  Outcome out = Run(rule, {At(0, "u", 0, 0, Value::Int(100)), At(1, "u", 1, 0, Value::Int(3)),
                           At(2, "u", 2, 0, Value::Int(1)), At(3, "u", 3, 0, Value::Int(10))});
  REQUIRE(out.alerts.size() == 1);
  CHECK(out.alerts[0].value == 6.5);
}

TEST_CASE("correlate: disorder within the reorder window gives the alerts of sorted input") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 10);
  rule.condition.gte = 3;
  std::vector<Observation> sorted;
  const char* users[] = {"a", "b"};
  for (uint64_t i = 0; i < 12; ++i) {
    sorted.push_back(At(static_cast<int64_t>(i) * 2 * kSecond, users[i % 3 == 0 ? 1 : 0], i));
  }
  std::vector<Observation> shuffled = sorted;
  // Swap neighbours and move some events up to 3 places: at most 6s early.
  std::swap(shuffled[0], shuffled[1]);
  std::swap(shuffled[3], shuffled[6]);
  std::swap(shuffled[7], shuffled[9]);
  std::swap(shuffled[10], shuffled[11]);
  CorrelatorOptions options;
  options.reorder_window_ns = 10 * kSecond;
  Outcome expected = Run(rule, sorted, options);
  Outcome got = Run(rule, shuffled, options);
  REQUIRE(expected.alerts.size() >= 2);
  CHECK(DescribeAll(got.alerts) == DescribeAll(expected.alerts));
  CHECK(got.counters.late == 0);
  CHECK(got.counters.applied == 12);
}

TEST_CASE("correlate: observations at one time are applied in arrival order") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 60);
  rule.condition.gte = 4;
  CorrelatorOptions options;
  options.reorder_window_ns = 60 * kSecond;
  Outcome out = Run(rule, {At(5, "u", 0), At(5, "u", 1), At(5, "u", 2), At(3, "u", 3)}, options);
  REQUIRE(out.alerts.size() == 1);
  CHECK(Records(out.alerts[0]) == std::vector<uint64_t>{3, 0, 1, 2});

  // In-order arrivals and early ones with the same time interleave by
  // arrival: 5s, 7s, 5s, 5s, 7s is applied as 5s 5s 5s 7s 7s in that order.
  rule.condition.gte = 5;
  Outcome mixed = Run(rule, {At(5, "u", 0), At(7, "u", 1), At(5, "u", 2), At(5, "u", 3),
                             At(7, "u", 4)},
                      options);
  REQUIRE(mixed.alerts.size() == 1);
  CHECK(Records(mixed.alerts[0]) == std::vector<uint64_t>{0, 2, 3, 1, 4});
}

TEST_CASE("correlate: an observation older than the reorder window is late and left out") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 600);
  rule.condition.gte = 3;
  CorrelatorOptions options;
  options.reorder_window_ns = 5 * kSecond;
  Outcome out = Run(rule, {At(100 * kSecond, "u", 0), At(101 * kSecond, "u", 1),
                           At(95 * kSecond, "u", 2),       // 101 - 5 = 96: late
                           At(96 * kSecond, "u", 3),       // exactly at the watermark: in
                           At(130 * kSecond, "u", 4)},
                    options);
  CHECK(out.counters.late == 1);
  CHECK(out.counters.applied == 4);
  REQUIRE(out.alerts.size() == 1);
  CHECK(Records(out.alerts[0]) == std::vector<uint64_t>{3, 0, 1});
  CheckReconciles(out.counters);
}

TEST_CASE("correlate: a missing group value is its own group, apart from null and empty") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 60);
  rule.condition.gte = 2;
  auto with = [](int64_t t, Value v, uint64_t record) {
    Observation o = At(t, "", record);
    o.group = {std::move(v)};
    return o;
  };
  Outcome out = Run(rule, {with(0, Value::Missing(), 0), with(1, Value::String(""), 1),
                           with(2, Value::Null(), 2), with(3, Value::String("null"), 3),
                           with(4, Value::Missing(), 4), with(5, Value::String(""), 5)});
  REQUIRE(out.alerts.size() == 2);
  CHECK(out.alerts[0].group[0].is_missing());
  CHECK(Records(out.alerts[0]) == std::vector<uint64_t>{0, 4});
  CHECK(out.alerts[1].group[0] == Value::String(""));
  CHECK(Records(out.alerts[1]) == std::vector<uint64_t>{1, 5});
}

TEST_CASE("correlate: group values holding NUL bytes stay apart") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 60);
  rule.condition.gte = 2;
  const std::string names[] = {"a", std::string("a\0", 2), std::string("a\0\x01", 3),
                               std::string("a\x01", 2)};
  std::vector<Observation> obs;
  for (uint64_t i = 0; i < 8; ++i) obs.push_back(At(static_cast<int64_t>(i), names[i % 4], i));
  Outcome out = Run(rule, obs);
  REQUIRE(out.alerts.size() == 4);
  for (size_t i = 0; i < 4; ++i) {
    CHECK(out.alerts[i].group[0].text() == names[i]);
    CHECK(Records(out.alerts[i]) == std::vector<uint64_t>{i, i + 4});
  }
}

TEST_CASE("correlate: two group-by fields, a multivalue and interleaved groups") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 60);
  rule.group_by = {"account", "ip"};
  rule.condition.gte = 3;
  auto obs = [](int64_t t, Value a, Value b, uint64_t record) {
    Observation o = At(t, "", record);
    o.group = {std::move(a), std::move(b)};
    return o;
  };
  const Value multi_ab = Value::Multi({Value::String("a"), Value::String("b")});
  const Value multi_ba = Value::Multi({Value::String("b"), Value::String("a")});
  Outcome out = Run(rule, {
      obs(0, Value::String("1"), Value::String("x"), 0),
      obs(1, Value::Int(1), Value::String("y"), 1),     // ("1","y"): another group
      obs(2, Value::Int(1), Value::String("x"), 2),     // the number 1 groups with "1"
      obs(3, Value::String("1"), multi_ab, 3),
      obs(4, Value::String("1"), multi_ba, 4),          // items in another order: another key
      obs(5, Value::String("1"), multi_ab, 5),
      obs(6, Value::String("1"), Value::String("x"), 6),
      obs(7, Value::String("1"), multi_ab, 7),
  });
  REQUIRE(out.alerts.size() == 2);
  CHECK(Records(out.alerts[0]) == std::vector<uint64_t>{0, 2, 6});
  CHECK(out.alerts[0].group[0] == Value::String("1"));
  CHECK(Records(out.alerts[1]) == std::vector<uint64_t>{3, 5, 7});
  CHECK(out.alerts[1].group[1] == multi_ab);
}

TEST_CASE("correlate: max_groups drops what a new group would need, and says so") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 10);
  rule.condition.gte = 2;
  CorrelatorOptions options = NoReorder();
  options.max_groups = 2;
  Outcome out = Run(rule, {At(0, "a", 0), At(1, "b", 1), At(2, "c", 2), At(3, "a", 3),
                           // a's and b's windows have passed: c finds room.
                           At(20 * kSecond, "c", 4), At(21 * kSecond, "c", 5)},
                    options);
  CHECK(out.counters.dropped_for_limit == 1);
  CHECK(out.counters.limit_hit);
  REQUIRE(out.alerts.size() == 2);
  CHECK(out.alerts[0].group[0] == Value::String("a"));
  CHECK(out.alerts[1].group[0] == Value::String("c"));
  CHECK(Records(out.alerts[1]) == std::vector<uint64_t>{4, 5});
  CheckReconciles(out.counters);
}

TEST_CASE("correlate: max_events_held bounds windows and the reorder buffer together") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 10);
  rule.condition.gte = 100;  // never reached: the window only grows
  CorrelatorOptions options;
  options.reorder_window_ns = 5 * kSecond;
  options.max_events_held = 3;
  std::vector<Observation> obs;
  for (uint64_t i = 0; i < 6; ++i) obs.push_back(At(static_cast<int64_t>(i), "u", i));
  // Much later, the old window has expired and frees its room.
  obs.push_back(At(100 * kSecond, "u", 6));
  Outcome out = Run(rule, obs, options);
  CHECK(out.counters.dropped_for_limit == 3);
  CHECK(out.counters.limit_hit);
  CHECK(out.counters.applied == 4);
  CheckReconciles(out.counters);

  // Without a reorder window events go straight into the window, where an
  // alert empties it: the next three fit again.
  CorrelationRule small = rule;
  small.condition.gte = 3;
  options.reorder_window_ns = 0;
  Outcome fired = Run(small, obs, options);
  CHECK(fired.counters.dropped_for_limit == 0);
  CHECK(fired.alerts.size() == 2);
  CHECK_FALSE(fired.counters.limit_hit);
}

TEST_CASE("correlate: an alert lists at most max_events_per_alert events, oldest first") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 60);
  rule.condition.gte = 5;
  CorrelatorOptions options = NoReorder();
  options.max_events_per_alert = 2;
  std::vector<Observation> obs;
  for (uint64_t i = 0; i < 5; ++i) obs.push_back(At(static_cast<int64_t>(i), "u", i));
  Outcome out = Run(rule, obs, options);
  REQUIRE(out.alerts.size() == 1);
  CHECK(out.alerts[0].events_total == 5);
  CHECK(Records(out.alerts[0]) == std::vector<uint64_t>{0, 1});
  CHECK(out.alerts[0].value == 5);
}

TEST_CASE("correlate: counters reconcile across no-time, late, dropped and applied") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 10);
  rule.condition.lt = 10;
  CorrelatorOptions options;
  options.reorder_window_ns = kSecond;
  options.max_groups = 1;
  Outcome out = Run(rule, {At(trailhunt::kNoTime, "a", 0), At(5 * kSecond, "a", 1),
                           At(6 * kSecond, "b", 2),            // second group: dropped
                           At(3 * kSecond, "a", 3),            // before 6s - 1s: late
                           At(6 * kSecond, "a", 4), At(trailhunt::kNoTime, "a", 5)},
                    options);
  const CorrelatorCounters& c = out.counters;
  CHECK(c.observations == 6);
  CHECK(c.no_time == 2);
  CHECK(c.late == 1);
  CHECK(c.dropped_for_limit == 1);
  CHECK(c.applied == 2);
  CheckReconciles(c);
  REQUIRE(out.alerts.size() == 1);
  CHECK(out.alerts[0].value == 2);
}

TEST_CASE("correlate: the same observations in the same order give the same alerts") {
  CorrelationRule rule = MakeRule(CorrelationType::kValueCount, 30);
  rule.condition.gte = 2;
  std::vector<Observation> obs;
  uint64_t state = 12345;
  for (uint64_t i = 0; i < 400; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const int64_t jitter = static_cast<int64_t>((state >> 33) % 20) * kSecond;
    const std::string user = "user" + std::to_string((state >> 20) % 7);
    obs.push_back(At(static_cast<int64_t>(i) * kSecond + jitter, user, i, 0,
                     Value::String("ip" + std::to_string((state >> 40) % 3))));
  }
  CorrelatorOptions options;
  options.reorder_window_ns = 30 * kSecond;
  Outcome first = Run(rule, obs, options);
  Outcome second = Run(rule, obs, options);
  REQUIRE(first.alerts.size() > 10);
  CHECK(DescribeAll(first.alerts) == DescribeAll(second.alerts));
  CHECK(first.counters.late == 0);
  CheckReconciles(first.counters);
}

TEST_CASE("correlate: alerts decided at one time come out in group key order") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 10);
  rule.condition.gte = 1;
  CorrelatorOptions options;
  options.reorder_window_ns = 60 * kSecond;  // everything waits for Finish
  Outcome out = Run(rule, {At(kSecond, "carol", 0), At(kSecond, "alice", 1), At(0, "bob", 2)},
                    options);
  REQUIRE(out.alerts.size() == 3);
  CHECK(out.alerts[0].group[0] == Value::String("bob"));
  CHECK(out.alerts[1].group[0] == Value::String("alice"));
  CHECK(out.alerts[2].group[0] == Value::String("carol"));
}

TEST_CASE("correlate: hostile times and options neither crash nor wrap") {
  CorrelationRule rule = MakeRule(CorrelationType::kEventCount, 10);
  rule.condition.lt = 5;
  rule.timespan_ns = INT64_MAX;
  CorrelatorOptions options;
  options.reorder_window_ns = INT64_MAX;
  // The watermark saturates at the smallest time; the first window ends
  // exactly at 0 (INT64_MIN + 1 + INT64_MAX), so 0 is in it and INT64_MAX
  // opens the next, whose end saturates at INT64_MAX.
  Outcome out = Run(rule, {At(INT64_MIN + 1, "u", 0), At(INT64_MAX, "u", 1), At(0, "u", 2)},
                    options);
  CHECK(out.counters.applied == 3);
  CHECK(out.counters.late == 0);
  REQUIRE(out.alerts.size() == 2);
  CHECK(out.alerts[0].value == 2);
  CHECK(out.alerts[0].first_ns == INT64_MIN + 1);
  CHECK(out.alerts[0].last_ns == 0);
  CHECK(out.alerts[1].value == 1);
  CHECK(out.alerts[1].first_ns == INT64_MAX);

  CorrelationRule negative = MakeRule(CorrelationType::kEventCount, -5);
  negative.condition.gte = 2;
  CorrelatorOptions reorder_negative;
  reorder_negative.reorder_window_ns = -1;
  Outcome same_time = Run(negative, {At(7, "u", 0), At(7, "u", 1), At(8, "u", 2)},
                          reorder_negative);
  // A negative timespan is zero: only events at one instant share a window.
  REQUIRE(same_time.alerts.size() == 1);
  CHECK(Records(same_time.alerts[0]) == std::vector<uint64_t>{0, 1});

  // A moved-from correlator ignores calls instead of crashing.
  Correlator a(rule, options);
  Correlator b(std::move(a));
  a.Add(At(0, "u", 0), nullptr);  // NOLINT(bugprone-use-after-move): the point of the test
  a.Finish(nullptr);
  CHECK(a.counters().observations == 0);
  b.Add(At(0, "u", 0), nullptr);
  b.Finish(nullptr);
  CHECK(b.counters().alerts == 1);
}

// A slow model of the documented semantics, recomputing every window from
// scratch, to check the incremental bookkeeping against on random input.
namespace {

struct ModelEvent {
  int64_t time_ns;
  uint32_t rule;
  Value value;
  uint64_t record;
};

bool ModelHolds(const trailhunt::sigma::CorrelationCondition& c, double v) {
  if (c.gt && !(v > *c.gt)) return false;
  if (c.gte && !(v >= *c.gte)) return false;
  if (c.lt && !(v < *c.lt)) return false;
  if (c.lte && !(v <= *c.lte)) return false;
  if (c.eq && !(v == *c.eq)) return false;
  if (c.neq && !(v != *c.neq)) return false;
  return true;
}

// The aggregate over `events`; false when there is none.
bool ModelAggregate(const CorrelationRule& rule, const std::vector<ModelEvent>& events,
                    double* out) {
  std::vector<double> numbers;
  std::vector<std::string> texts;
  std::vector<bool> rules(rule.rules.size(), false);
  size_t prefix = 0;
  for (const ModelEvent& e : events) {
    double n;
    if (!e.value.is_multi() && e.value.AsNumber(&n)) numbers.push_back(n);
    if (!e.value.is_missing() && !e.value.is_null()) texts.push_back(e.value.ToDisplayString());
    if (e.rule < rules.size()) rules[e.rule] = true;
    if (prefix < rule.rules.size() && e.rule == prefix) ++prefix;
  }
  std::sort(texts.begin(), texts.end());
  texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
  std::sort(numbers.begin(), numbers.end());
  double sum = 0;
  for (double n : numbers) sum += n;
  switch (rule.type) {
    case CorrelationType::kEventCount: *out = static_cast<double>(events.size()); return true;
    case CorrelationType::kValueCount: *out = static_cast<double>(texts.size()); return true;
    case CorrelationType::kTemporal:
      *out = static_cast<double>(std::count(rules.begin(), rules.end(), true));
      return true;
    case CorrelationType::kTemporalOrdered: *out = static_cast<double>(prefix); return true;
    case CorrelationType::kValueSum: *out = sum; return !numbers.empty();
    case CorrelationType::kValueAvg:
      *out = sum / static_cast<double>(numbers.size());
      return !numbers.empty();
    case CorrelationType::kValuePercentile:
    case CorrelationType::kValueMedian: {
      if (numbers.empty()) return false;
      const double p = rule.type == CorrelationType::kValueMedian ? 50 : *rule.condition.percentile;
      const double pos = p / 100 * static_cast<double>(numbers.size() - 1);
      const size_t low = static_cast<size_t>(pos);
      const double high = low + 1 < numbers.size() ? numbers[low + 1] : numbers[low];
      *out = numbers[low] + (high - numbers[low]) * (pos - static_cast<double>(low));
      return true;
    }
  }
  return false;
}

bool FiresAtEvent(const CorrelationRule& rule) {
  const auto& c = rule.condition;
  const bool upper = c.lt || c.lte || c.eq || c.neq;
  return !upper && rule.type != CorrelationType::kValueAvg &&
         rule.type != CorrelationType::kValuePercentile &&
         rule.type != CorrelationType::kValueMedian;
}

Alert ModelAlert(const std::string& user, const std::vector<ModelEvent>& events, size_t start,
                 double value) {
  Alert a;
  a.group = {Value::String(user)};
  a.first_ns = events[start].time_ns;
  a.last_ns = events.back().time_ns;
  a.value = value;
  a.events_total = events.size() - start;
  for (size_t i = start; i < events.size(); ++i) {
    trailhunt::correlate::EventRef ref;
    ref.record_index = events[i].record;
    a.events.push_back(ref);
  }
  return a;
}

// Events in time order, as the correlator applies them.
std::vector<Alert> Model(const CorrelationRule& rule,
                         const std::vector<std::pair<std::string, ModelEvent>>& input) {
  const uint64_t span = static_cast<uint64_t>(rule.timespan_ns);
  std::vector<Alert> alerts;
  std::map<std::string, std::vector<ModelEvent>> windows;
  if (FiresAtEvent(rule)) {
    CorrelationRule implied = rule;
    const bool temporal = rule.type == CorrelationType::kTemporal ||
                          rule.type == CorrelationType::kTemporalOrdered;
    if (temporal && !rule.condition.gt && !rule.condition.gte) {
      implied.condition.gte = static_cast<double>(rule.rules.size());
    }
    for (const auto& [user, event] : input) {
      std::vector<ModelEvent>& w = windows[user];
      w.push_back(event);
      std::vector<ModelEvent> held;
      for (const ModelEvent& e : w) {
        if (static_cast<uint64_t>(event.time_ns - e.time_ns) <= span) held.push_back(e);
      }
      w = held;
      double value = 0;
      size_t start = 0;
      bool has;
      if (rule.type == CorrelationType::kTemporalOrdered) {
        // The chain the last event completes, latest start: walk back.
        has = event.rule < rule.rules.size();
        int64_t need = static_cast<int64_t>(event.rule) - 1;
        size_t i = w.size() - 1;
        start = i;
        while (has && need >= 0) {
          bool found = false;
          while (i-- > 0) {
            if (w[i].rule == static_cast<uint32_t>(need)) {
              found = true;
              break;
            }
          }
          if (!found) has = false;
          start = i;
          --need;
        }
        value = static_cast<double>(event.rule + 1);
        if (has) {
          while (start > 0 && w[start - 1].time_ns == w[start].time_ns) --start;
        }
      } else {
        has = ModelAggregate(rule, w, &value);
      }
      if (has && ModelHolds(implied.condition, value)) {
        alerts.push_back(ModelAlert(user, w, start, value));
        w.clear();
      }
    }
    return alerts;
  }
  std::map<std::string, int64_t> starts;
  auto close = [&](const std::string& user) {
    double value = 0;
    if (ModelAggregate(rule, windows[user], &value) && ModelHolds(rule.condition, value)) {
      alerts.push_back(ModelAlert(user, windows[user], 0, value));
    }
    windows.erase(user);
  };
  for (const auto& [user, event] : input) {
    auto it = windows.find(user);
    if (it != windows.end() && static_cast<uint64_t>(event.time_ns - it->second[0].time_ns) > span) {
      close(user);
    }
    windows[user].push_back(event);
  }
  while (!windows.empty()) close(windows.begin()->first);
  return alerts;
}

}  // namespace

TEST_CASE("correlate: random input gives the alerts of a from-scratch model") {
  uint64_t state = 99;
  auto next = [&state](uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  const CorrelationType types[] = {
      CorrelationType::kEventCount, CorrelationType::kValueCount, CorrelationType::kTemporal,
      CorrelationType::kTemporalOrdered, CorrelationType::kValueSum, CorrelationType::kValueAvg,
      CorrelationType::kValuePercentile, CorrelationType::kValueMedian};
  int alerts_seen = 0;
  for (int round = 0; round < 240; ++round) {
    const CorrelationType type = types[round % 8];
    CorrelationRule rule = MakeRule(type, 10, 3);
    switch ((round / 8) % 5) {
      case 0: rule.condition.gte = static_cast<double>(2 + next(3)); break;
      case 1: rule.condition.gt = static_cast<double>(1 + next(3)); break;
      case 2: rule.condition.lt = static_cast<double>(2 + next(3)); break;
      case 3:
        rule.condition.gte = 2;
        rule.condition.lte = static_cast<double>(3 + next(2));
        break;
      case 4:
        if (type != CorrelationType::kTemporal && type != CorrelationType::kTemporalOrdered) {
          rule.condition.eq = static_cast<double>(1 + next(3));
        }
        break;
    }
    rule.condition.percentile = static_cast<double>(next(101));
    const Value values[] = {Value::Int(1), Value::Int(2), Value::String("3"), Value::Double(0.5),
                            Value::String("x"), Value::Missing(), Value::Null()};
    const char* users[] = {"a", "b", "c"};
    std::vector<std::pair<std::string, ModelEvent>> input;
    std::vector<Observation> observations;
    int64_t time = 0;
    for (uint64_t record = 0; record < 60; ++record) {
      // One draw per statement: operand order is unspecified, and the
      // stream must be the same whichever compiler built the test.
      time += static_cast<int64_t>(next(4)) * kSecond;
      time += static_cast<int64_t>(next(2));
      const std::string user = users[next(3)];
      ModelEvent e{time, static_cast<uint32_t>(next(3)), values[next(7)], record};
      observations.push_back(At(e.time_ns, user, record, e.rule, e.value));
      input.emplace_back(user, e);
    }
    std::vector<std::string> got = DescribeAll(Run(rule, observations).alerts);
    std::vector<std::string> want = DescribeAll(Model(rule, input));
    std::sort(got.begin(), got.end());
    std::sort(want.begin(), want.end());
    CAPTURE(round);
    CHECK(got == want);
    alerts_seen += static_cast<int>(want.size());
  }
  CHECK(alerts_seen > 200);
}

TEST_CASE("correlate: random hostile streams stay within their bounds and reconcile") {
  uint64_t state = 7;
  auto next = [&state](uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  const int64_t extremes[] = {INT64_MIN + 1, -1, 0, 1, INT64_MAX - 1, INT64_MAX};
  for (int round = 0; round < 64; ++round) {
    const int64_t timespan_s = static_cast<int64_t>(next(20));
    const size_t rule_count = 1 + next(3);
    CorrelationRule rule =
        MakeRule(static_cast<CorrelationType>(round % 8), timespan_s, rule_count);
    if (round % 3 == 0) rule.condition.lt = 4; else rule.condition.gte = 3;
    CorrelatorOptions options;
    options.reorder_window_ns = static_cast<int64_t>(next(5)) * kSecond;
    options.max_groups = 1 + next(4);
    options.max_events_held = 1 + next(40);
    options.max_events_per_alert = next(4);
    std::vector<Observation> obs;
    int64_t time = 0;
    for (uint64_t i = 0; i < 300; ++i) {
      time += static_cast<int64_t>(next(3)) * kSecond - kSecond;
      int64_t t = time;
      if (next(50) == 0) t = extremes[next(6)];
      if (next(40) == 0) t = trailhunt::kNoTime;
      const std::string user(1, static_cast<char>('a' + next(6)));
      const auto referenced = static_cast<uint32_t>(next(5));
      const auto value = static_cast<int64_t>(next(9));
      obs.push_back(At(t, user, i, referenced, Value::Int(value)));
    }
    Outcome out = Run(rule, obs, options);
    CAPTURE(round);
    CheckReconciles(out.counters);
    CHECK(out.counters.alerts == out.alerts.size());
    for (const Alert& a : out.alerts) {
      CHECK(a.events_total <= options.max_events_held);
      CHECK(a.events.size() <= options.max_events_per_alert);
      CHECK(a.first_ns <= a.last_ns);
    }
  }
}
