// SPL time modifiers and spans: parsing, and resolution on the UTC calendar.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "trailhunt/spl.h"
#include "trailhunt/time.h"

namespace {

namespace spl = trailhunt::spl;

int64_t T(std::string_view iso) {
  auto ns = trailhunt::ParseIso8601(iso);
  REQUIRE(ns.has_value());
  return *ns;
}

// Resolves `spec` against `now`, as ISO-8601, or "ERROR: ...".
std::string R(std::string_view spec, std::string_view now) {
  auto parsed = spl::ParseTimeSpec(spec);
  if (!parsed.ok()) return "ERROR: " + std::string(parsed.status().message());
  auto t = spl::ResolveTime(*parsed, T(now));
  if (!t.ok()) return "ERROR: " + std::string(t.status().message());
  return trailhunt::FormatIso8601(*t);
}

}  // namespace

TEST_CASE("relative times resolve on the UTC calendar") {
  // 2025-10-22 is a Wednesday.
  const char* now = "2025-10-22T13:47:25.5Z";
  struct Case {
    const char* spec;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"now", "2025-10-22T13:47:25.5Z"},
      {"NOW", "2025-10-22T13:47:25.5Z"},
      {"-24h", "2025-10-21T13:47:25.5Z"},
      {"-24h@h", "2025-10-21T13:00:00Z"},
      {"+1h", "2025-10-22T14:47:25.5Z"},
      {"-30s", "2025-10-22T13:46:55.5Z"},
      {"-15m@m", "2025-10-22T13:32:00Z"},
      {"-15m@m+5m", "2025-10-22T13:37:00Z"},
      {"-h", "2025-10-22T12:47:25.5Z"},
      {"-2hours", "2025-10-22T11:47:25.5Z"},
      {"-7days", "2025-10-15T13:47:25.5Z"},
      {"@s", "2025-10-22T13:47:25Z"},
      {"@d", "2025-10-22T00:00:00Z"},
      {"@d+3h", "2025-10-22T03:00:00Z"},
      {"@d-1d", "2025-10-21T00:00:00Z"},
      {"-1d@d", "2025-10-21T00:00:00Z"},
      {"@w", "2025-10-19T00:00:00Z"},     // Sunday
      {"@w0", "2025-10-19T00:00:00Z"},
      {"@w7", "2025-10-19T00:00:00Z"},
      {"@w1", "2025-10-20T00:00:00Z"},    // Monday
      {"@w3", "2025-10-22T00:00:00Z"},    // today is Wednesday
      {"@w4", "2025-10-16T00:00:00Z"},    // last Thursday
      {"-7d@w1", "2025-10-13T00:00:00Z"},
      {"-1w", "2025-10-15T13:47:25.5Z"},
      {"@mon", "2025-10-01T00:00:00Z"},
      {"-1mon@mon", "2025-09-01T00:00:00Z"},
      {"-1mon", "2025-09-22T13:47:25.5Z"},
      {"+3mon", "2026-01-22T13:47:25.5Z"},
      {"@q", "2025-10-01T00:00:00Z"},
      {"-1q@q", "2025-07-01T00:00:00Z"},
      {"-1y", "2024-10-22T13:47:25.5Z"},
      {"@y", "2025-01-01T00:00:00Z"},
      {"-1y@y", "2024-01-01T00:00:00Z"},
      {"@mon+1mon", "2025-11-01T00:00:00Z"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.spec);
    CHECK(R(c.spec, now) == c.expected);
  }
}

TEST_CASE("calendar arithmetic clamps the day and crosses years") {
  CHECK(R("-1mon", "2025-03-31T10:00:00Z") == "2025-02-28T10:00:00Z");
  CHECK(R("-1mon", "2024-03-31T10:00:00Z") == "2024-02-29T10:00:00Z");
  CHECK(R("+1y", "2024-02-29T00:00:00Z") == "2025-02-28T00:00:00Z");
  CHECK(R("-1mon", "2025-01-15T00:00:00Z") == "2024-12-15T00:00:00Z");
  CHECK(R("-13mon", "2025-01-15T00:00:00Z") == "2023-12-15T00:00:00Z");
  CHECK(R("@q", "2025-03-31T23:59:59Z") == "2025-01-01T00:00:00Z");
  CHECK(R("@q", "2025-06-30T00:00:00Z") == "2025-04-01T00:00:00Z");
  CHECK(R("@w1", "2025-10-20T00:00:00Z") == "2025-10-20T00:00:00Z");
  CHECK(R("@w1", "2025-10-19T23:59:59Z") == "2025-10-13T00:00:00Z");
  // Before the epoch the floor still goes down (the result is negative).
  auto spec = spl::ParseTimeSpec("-1d@d");
  REQUIRE(spec.ok());
  auto t = spl::ResolveTime(*spec, 12 * 3600 * int64_t{1000000000});
  REQUIRE(t.ok());
  CHECK(*t == -86400 * int64_t{1000000000});
  auto monday = spl::ParseTimeSpec("@w1");
  REQUIRE(monday.ok());
  auto m = spl::ResolveTime(*monday, 0);  // 1970-01-01 was a Thursday
  REQUIRE(m.ok());
  CHECK(*m == -3 * 86400 * int64_t{1000000000});
}

TEST_CASE("absolute times") {
  const char* now = "2025-10-22T13:47:25Z";
  CHECK(R("10/19/2025:00:00:00", now) == "2025-10-19T00:00:00Z");
  CHECK(R("1/2/2025:03:04:05", now) == "2025-01-02T03:04:05Z");
  CHECK(R("10/19/2025", now) == "2025-10-19T00:00:00Z");
  CHECK(R("2025-10-19T00:00:00Z", now) == "2025-10-19T00:00:00Z");
  CHECK(R("2025-10-19T02:00:00+02:00", now) == "2025-10-19T00:00:00Z");
  CHECK(R("1729296000", now) == "2024-10-19T00:00:00Z");
  CHECK(R("1729296000.25", now) == "2024-10-19T00:00:00.25Z");
  CHECK(R("0", now) == "1970-01-01T00:00:00Z");
  auto abs = spl::ParseTimeSpec("10/19/2025:00:00:00");
  REQUIRE(abs.ok());
  CHECK(abs->kind == spl::TimeSpec::Kind::kAbsolute);
  CHECK(abs->text == "10/19/2025:00:00:00");
}

TEST_CASE("malformed time specs are errors") {
  const char* now = "2025-10-22T13:47:25Z";
  CHECK(R("", now).rfind("ERROR: time '': expected a time such as", 0) == 0);
  CHECK(R("-24x", now) == "ERROR: time '-24x': expected a time unit (s, m, h, d, w, mon, q, y), "
                          "not 'x'");
  CHECK(R("-24", now) == "ERROR: time '-24': expected a time unit (s, m, h, d, w, mon, q, y) "
                         "after the amount");
  CHECK(R("@x", now) == "ERROR: time '@x': expected a snap unit after '@' (s, m, h, d, w, "
                        "w0..w6, mon, q, y)");
  CHECK(R("@w8", now) == "ERROR: time '@w8': expected a week day @w0 .. @w7");
  CHECK(R("@", now).rfind("ERROR: time '@': expected a snap unit", 0) == 0);
  CHECK(R("-1h-1h", now).rfind("ERROR: time '-1h-1h': expected a relative time", 0) == 0);
  CHECK(R("yesterday", now).rfind("ERROR: time 'yesterday': expected a relative time", 0) == 0);
  CHECK(R("13/01/2025:00:00:00", now).rfind("ERROR: time '13/01/2025:00:00:00': expected an "
                                            "absolute time", 0) == 0);
  CHECK(R("02/30/2025", now).rfind("ERROR", 0) == 0);
  CHECK(R("10/19/2025:24:00:00", now).rfind("ERROR", 0) == 0);
  CHECK(R("2025-13-01T00:00:00Z", now).rfind("ERROR: time '2025-13-01T00:00:00Z': expected an "
                                             "ISO-8601 time", 0) == 0);
  CHECK(R("99999999999", now) == "ERROR: time '99999999999': expected epoch seconds before the "
                                 "year 2262");
  CHECK(R("-9999999999d", now).rfind("ERROR: time '-9999999999d': expected an offset of at most",
                                     0) == 0);
  // In range to parse, out of range to resolve.
  CHECK(R("+999999999y", now) == "ERROR: time '+999999999y' is outside the representable range");
  CHECK(R("-999999999w", now) == "ERROR: time '-999999999w' is outside the representable range");
}

TEST_CASE("ResolveTime rejects a unit it does not know") {
  spl::TimeSpec spec;
  spec.kind = spl::TimeSpec::Kind::kRelative;
  spec.amount = 1;
  spec.unit = "fortnight";
  spec.text = "+1fortnight";
  auto t = spl::ResolveTime(spec, 0);
  REQUIRE_FALSE(t.ok());
  CHECK(std::string(t.status().message()) == "unknown time unit 'fortnight'");
  spec.unit = "";
  spec.snap = "decade";
  t = spl::ResolveTime(spec, 0);
  REQUIRE_FALSE(t.ok());
  CHECK(std::string(t.status().message()) == "unknown snap unit '@decade'");
}

TEST_CASE("resolution near the int64 limits fails cleanly") {
  // Each either resolves or reports OutOfRange; UBSan builds check that no
  // arithmetic overflows on the way (the fuzzer found "-q" at INT64_MIN).
  for (const char* text : {"-q", "+q", "@s", "@h", "@d", "@w1", "@mon", "@q", "@y", "-1mon",
                           "+1y", "+1d", "-1d", "@d+1h"}) {
    auto spec = spl::ParseTimeSpec(text);
    REQUIRE(spec.ok());
    for (int64_t now : {INT64_MIN, INT64_MIN + 1, INT64_MAX, INT64_MAX - 1}) {
      CAPTURE(text);
      CAPTURE(now);
      auto t = spl::ResolveTime(*spec, now);
      if (!t.ok()) CHECK(t.status().code() == absl::StatusCode::kOutOfRange);
    }
  }
}
