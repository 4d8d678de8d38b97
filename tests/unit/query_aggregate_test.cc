#include <doctest/doctest.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "query/aggregate.h"

namespace {

using trailhunt::Value;
using trailhunt::query_internal::AggKind;
using trailhunt::query_internal::AggState;
using trailhunt::query_internal::NewAggState;
using trailhunt::query_internal::ParseAggKind;

Value S(std::string s) { return Value::String(std::move(s)); }
Value I(int64_t i) { return Value::Int(i); }
Value D(double d) { return Value::Double(d); }
Value M(std::vector<Value> items) { return Value::Multi(std::move(items)); }

struct Event {
  Value value;
  int64_t time_ns;
};

Value Run(AggKind kind, const std::vector<Event>& events) {
  auto state = NewAggState(kind);
  for (const Event& e : events) state->Add(e.value, e.time_ns);
  return state->Result();
}

// Values at times 0, 1, 2, ...
std::vector<Event> InOrder(std::vector<Value> values) {
  std::vector<Event> events;
  int64_t t = 0;
  for (Value& v : values) events.push_back({std::move(v), t++});
  return events;
}

constexpr AggKind kAllKinds[] = {
    AggKind::kCount, AggKind::kDistinctCount, AggKind::kValues, AggKind::kList,
    AggKind::kMin,   AggKind::kMax,           AggKind::kAvg,    AggKind::kSum,
    AggKind::kEarliest, AggKind::kLatest,     AggKind::kFirst,  AggKind::kLast};

}  // namespace

TEST_CASE("aggregate: function names") {
  CHECK(*ParseAggKind("count") == AggKind::kCount);
  CHECK(*ParseAggKind("dc") == AggKind::kDistinctCount);
  CHECK(*ParseAggKind("distinct_count") == AggKind::kDistinctCount);
  CHECK(*ParseAggKind("mean") == AggKind::kAvg);
  CHECK(*ParseAggKind("avg") == AggKind::kAvg);
  CHECK(*ParseAggKind("latest") == AggKind::kLatest);
  auto bad = ParseAggKind("median");
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).find("median") != std::string::npos);
  CHECK_FALSE(ParseAggKind("COUNT").ok());  // the parser lower-cases
}

TEST_CASE("aggregate: each function") {
  const std::vector<Event> mixed = InOrder(
      {S("b"), I(10), Value::Missing(), M({S("a"), I(2)}), Value::Null(), S("b"), D(2.5), S("9")});
  // Items: b, 10, a, 2, b, 2.5, 9 (missing and null contribute nothing).
  CHECK(Run(AggKind::kCount, mixed) == I(7));
  CHECK(Run(AggKind::kDistinctCount, mixed) == I(6));
  // values() is in lexicographic order of the text, as Splunk documents.
  CHECK(Run(AggKind::kValues, mixed) == M({I(10), I(2), D(2.5), S("9"), S("a"), S("b")}));
  CHECK(Run(AggKind::kList, mixed) == M({S("b"), I(10), S("a"), I(2), S("b"), D(2.5), S("9")}));
  // Not all numeric: text order over every value.
  CHECK(Run(AggKind::kMin, mixed) == I(10));  // "10" < "2" < "2.5" < "9" < "a"
  CHECK(Run(AggKind::kMax, mixed) == S("b"));
  CHECK(Run(AggKind::kSum, mixed) == D(23.5));  // 10 + 2 + 2.5 + 9
  CHECK(Run(AggKind::kAvg, mixed) == D(23.5 / 4));
  CHECK(Run(AggKind::kFirst, mixed) == S("b"));
  CHECK(Run(AggKind::kLast, mixed) == S("9"));
  CHECK(Run(AggKind::kEarliest, mixed) == S("b"));
  CHECK(Run(AggKind::kLatest, mixed) == S("9"));

  const std::vector<Event> numbers = InOrder({S("10"), I(9), D(-1.5), S("100")});
  CHECK(Run(AggKind::kMin, numbers) == D(-1.5));
  CHECK(Run(AggKind::kMax, numbers) == S("100"));  // numerically, the value as it was
  CHECK(Run(AggKind::kSum, numbers) == D(117.5));
  CHECK(Run(AggKind::kSum, InOrder({S("10"), I(9), S("x")})) == I(19));  // ints stay ints
  CHECK(Run(AggKind::kAvg, InOrder({I(1), I(2)})) == D(1.5));
  CHECK(Run(AggKind::kSum, InOrder({I(INT64_MAX), I(1)})) == D(9223372036854775808.0));
  CHECK(Run(AggKind::kValues, InOrder({S("1"), S("1.0"), I(1)})) == M({S("1"), S("1.0")}));
  CHECK(Run(AggKind::kValues, InOrder({S("b"), S("B"), S("a")})) == M({S("B"), S("a"), S("b")}));
  CHECK(Run(AggKind::kValues, InOrder({S("only"), S("only")})) == S("only"));
  CHECK(Run(AggKind::kDistinctCount, InOrder({I(1), S("1"), D(1.0)})) == I(1));  // same text "1"
}

TEST_CASE("aggregate: empty input") {
  for (AggKind kind : kAllKinds) {
    CAPTURE(static_cast<int>(kind));
    const Value want = kind == AggKind::kCount || kind == AggKind::kDistinctCount ? I(0)
                                                                                  : Value::Missing();
    CHECK(Run(kind, {}) == want);
    CHECK(Run(kind, InOrder({Value::Missing(), Value::Null(), M({})})) == want);
  }
  CHECK(Run(AggKind::kSum, InOrder({S("x")})).is_missing());
  CHECK(Run(AggKind::kAvg, InOrder({S("x")})).is_missing());
}

TEST_CASE("aggregate: earliest/latest by time, ties by event order") {
  const std::vector<Event> events = {
      {S("late"), 50}, {S("tie1"), 10}, {S("tie2"), 10}, {S("top1"), 90}, {S("top2"), 90}, {S("mid"), 40}};
  CHECK(Run(AggKind::kEarliest, events) == S("tie1"));
  CHECK(Run(AggKind::kLatest, events) == S("top2"));
  CHECK(Run(AggKind::kFirst, events) == S("late"));
  CHECK(Run(AggKind::kLast, events) == S("mid"));
  // A multivalue is one value here.
  CHECK(Run(AggKind::kEarliest, {{M({S("a"), S("b")}), 1}}) == M({S("a"), S("b")}));
}

TEST_CASE("aggregate: list keeps the first 100, held() reports what is kept") {
  std::vector<Value> values;
  for (int i = 0; i < 150; ++i) values.push_back(I(i % 120));
  auto list = NewAggState(AggKind::kList);
  auto dc = NewAggState(AggKind::kDistinctCount);
  auto vals = NewAggState(AggKind::kValues);
  for (const Value& v : values) {
    list->Add(v, 0);
    dc->Add(v, 0);
    vals->Add(v, 0);
  }
  const Value result = list->Result();
  REQUIRE(result.is_multi());
  CHECK(result.items().size() == 100);
  CHECK(result.items().back() == I(99));
  CHECK(list->held() == 100);
  CHECK(dc->held() == 120);
  CHECK(vals->held() == 120);
  CHECK(NewAggState(AggKind::kCount)->held() == 0);
}

TEST_CASE("aggregate: merging partials equals one pass (random splits)") {
  std::mt19937 rng(20240601);
  auto random_value = [&rng]() -> Value {
    switch (rng() % 9) {
      case 0: return Value::Missing();
      case 1: return Value::Null();
      case 2: return I(static_cast<int64_t>(rng() % 21) - 10);
      case 3: return D(static_cast<double>(rng() % 40) / 4.0 - 5);  // exact in binary
      case 4: return S(std::to_string(rng() % 30));
      case 5: return S(std::string(1, static_cast<char>('a' + rng() % 5)));
      case 6: return S(std::string(1, static_cast<char>('A' + rng() % 3)));
      case 7: return M({S(std::to_string(rng() % 5)), I(static_cast<int64_t>(rng() % 5))});
      default: return S("10.0.0." + std::to_string(rng() % 4));
    }
  };
  for (int round = 0; round < 300; ++round) {
    const size_t n = rng() % 260;  // past list()'s 100
    std::vector<Event> events;
    for (size_t i = 0; i < n; ++i) {
      // Few distinct times, so earliest/latest ties cross split points.
      events.push_back({random_value(), static_cast<int64_t>(rng() % 6)});
    }
    // Also an all-numeric sequence now and then, for numeric min/max.
    if (round % 4 == 0) {
      for (Event& e : events) e.value = I(static_cast<int64_t>(rng() % 1000) - 500);
    }
    std::vector<size_t> cuts = {0, n};
    const size_t parts = rng() % 5;
    for (size_t k = 0; k < parts; ++k) cuts.push_back(n == 0 ? 0 : rng() % (n + 1));
    std::sort(cuts.begin(), cuts.end());
    for (AggKind kind : kAllKinds) {
      CAPTURE(round);
      CAPTURE(static_cast<int>(kind));
      const Value whole = Run(kind, events);
      std::vector<std::unique_ptr<AggState>> partials;
      for (size_t k = 0; k + 1 < cuts.size(); ++k) {
        auto state = NewAggState(kind);
        for (size_t i = cuts[k]; i < cuts[k + 1]; ++i) state->Add(events[i].value, events[i].time_ns);
        partials.push_back(std::move(state));
      }
      // Fold left to right, as the engine merges sources in order.
      for (size_t k = 1; k < partials.size(); ++k) partials[0]->Merge(*partials[k]);
      CHECK(partials[0]->Result() == whole);
    }
  }
}

TEST_CASE("aggregate: merge in pairs (a tree of partials)") {
  const std::vector<Event> events = InOrder({S("x"), I(3), S("y"), I(1), S("x"), I(2), D(0.5), S("z")});
  for (AggKind kind : kAllKinds) {
    CAPTURE(static_cast<int>(kind));
    std::vector<std::unique_ptr<AggState>> parts;
    for (const Event& e : events) {
      parts.push_back(NewAggState(kind));
      parts.back()->Add(e.value, e.time_ns);
    }
    while (parts.size() > 1) {
      std::vector<std::unique_ptr<AggState>> next;
      for (size_t i = 0; i < parts.size(); i += 2) {
        if (i + 1 < parts.size()) parts[i]->Merge(*parts[i + 1]);
        next.push_back(std::move(parts[i]));
      }
      parts = std::move(next);
    }
    CHECK(parts[0]->Result() == Run(kind, events));
  }
}
