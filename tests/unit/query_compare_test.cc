#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "query/compare.h"

namespace {

using trailhunt::Value;
using trailhunt::query_internal::CompareKeys;
using trailhunt::query_internal::CompareValues;
using As = trailhunt::spl::SortKey::As;

Value S(std::string s) { return Value::String(std::move(s)); }
Value I(int64_t i) { return Value::Int(i); }

int Sign(int c) { return c < 0 ? -1 : (c > 0 ? 1 : 0); }

}  // namespace

TEST_CASE("compare: per class, as Splunk's sort documents") {
  struct Case {
    Value a, b;
    As as;
    int want;
  };
  const std::vector<Case> cases = {
      {I(9), I(10), As::kAuto, -1},
      {S("9"), S("10"), As::kAuto, -1},            // numeric text is numeric
      {S("9"), I(10), As::kAuto, -1},
      {S("1"), S("1.0"), As::kAuto, 0},
      {Value::Double(2.5), I(2), As::kAuto, 1},
      {I(9007199254740993), Value::Double(9007199254740992.0), As::kAuto, 1},  // exact past 2^53
      {S("abc"), S("abd"), As::kAuto, -1},
      {S("Z"), S("a"), As::kAuto, -1},             // uppercase before lowercase
      {S("b"), S("B"), As::kAuto, 1},
      {S("10.0.0.2"), S("9.0.0.1"), As::kAuto, 1},  // IPv4 order
      {S("10.0.0.2"), S("9.0.0.1"), As::kString, -1},
      {S("9"), S("10"), As::kString, 1},
      {S("9"), S("10"), As::kNumber, -1},
      {S("x"), I(10), As::kNumber, 1},             // non-numbers after numbers
      {S("10.0.0.2"), S("9.0.0.1"), As::kIp, 1},
      {S("1.2.3.4"), I(5), As::kIp, -1},           // ip() puts addresses first
      {I(5), S("abc"), As::kAuto, -1},             // numbers before text
      {S("1.2.3.4"), S("abc"), As::kAuto, -1},     // addresses before other text
      {I(5), S("1.2.3.4"), As::kAuto, -1},
      {S("256.1.1.1"), S("3.x"), As::kAuto, -1},   // not an address: text
      {S("256.1.1.1"), S("3.1.1.1"), As::kAuto, 1},  // text after addresses
      {Value::Missing(), S("a"), As::kAuto, 1},    // missing after everything
      {S("a"), Value::Missing(), As::kAuto, -1},
      {Value::Missing(), Value::Missing(), As::kAuto, 0},
      {Value::Null(), Value::Missing(), As::kAuto, 0},
      {Value::Null(), S("zzz"), As::kAuto, 1},
      {Value::Missing(), I(1), As::kNumber, 1},
      {Value::Multi({S("b"), S("a")}), S("a"), As::kAuto, 1},  // first item
      {Value::Multi({I(2)}), I(10), As::kAuto, -1},
      {Value::Multi({}), S("a"), As::kAuto, 1},                  // empty: like missing
      {Value::Bool(true), S("true"), As::kAuto, 0},
      {Value::Bool(false), Value::Bool(true), As::kAuto, -1},
  };
  for (const Case& c : cases) {
    CAPTURE(c.a.ToJson());
    CAPTURE(c.b.ToJson());
    CAPTURE(static_cast<int>(c.as));
    CHECK(Sign(CompareValues(c.a, c.b, c.as)) == c.want);
    CHECK(Sign(CompareValues(c.b, c.a, c.as)) == -c.want);
  }
}

TEST_CASE("compare: a total order, safe for std::sort") {
  // Splunk's per-pair rule has cycles ("10a" < "9" < "10" < "10a"); ours
  // must not, for every mode.
  const std::vector<Value> pool = {
      S("10a"), S("9"), S("10"), I(10), Value::Double(9.5), S("1.0"), S("1"), S("abc"), S("ABC"),
      S("10.0.0.1"), S("9.0.0.1"), S("5"), Value::Missing(), Value::Null(), Value::Bool(true),
      Value::Multi({S("b")}), S(""), S("-3"), I(-3), S("1e3")};
  for (As as : {As::kAuto, As::kString, As::kNumber, As::kIp}) {
    CAPTURE(static_cast<int>(as));
    for (const Value& a : pool) {
      CHECK(CompareValues(a, a, as) == 0);
      for (const Value& b : pool) {
        CHECK(Sign(CompareValues(a, b, as)) == -Sign(CompareValues(b, a, as)));
        for (const Value& c : pool) {
          if (CompareValues(a, b, as) <= 0 && CompareValues(b, c, as) <= 0) {
            CAPTURE(a.ToJson());
            CAPTURE(b.ToJson());
            CAPTURE(c.ToJson());
            CHECK(CompareValues(a, c, as) <= 0);
          }
        }
      }
    }
  }
  std::vector<Value> sorted = pool;
  std::mt19937 rng(7);
  std::shuffle(sorted.begin(), sorted.end(), rng);
  std::sort(sorted.begin(), sorted.end(),
            [](const Value& a, const Value& b) { return CompareValues(a, b) < 0; });
  CHECK(CompareValues(sorted.front(), I(-3)) == 0);
  CHECK(sorted.back().is_missing() != sorted.back().is_null());  // absent values last
}

TEST_CASE("compare: keys field by field") {
  CHECK(CompareKeys({S("a"), I(2)}, {S("a"), I(10)}) < 0);
  CHECK(CompareKeys({S("b"), I(2)}, {S("a"), I(10)}) > 0);
  CHECK(CompareKeys({S("a"), I(2)}, {S("a"), S("2")}) == 0);
  CHECK(CompareKeys({S("a")}, {S("a"), I(1)}) < 0);
  CHECK(CompareKeys({}, {}) == 0);
}
