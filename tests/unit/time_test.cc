#include <doctest/doctest.h>

#include "trailhunt/time.h"

using trailhunt::FormatIso8601;
using trailhunt::ParseIso8601;

TEST_CASE("time: CloudTrail eventTime forms") {
  REQUIRE(ParseIso8601("2018-07-26T21:08:28Z"));
  CHECK(*ParseIso8601("1970-01-01T00:00:00Z") == 0);
  CHECK(*ParseIso8601("2018-07-26T21:08:28Z") == int64_t{1532639308} * 1000000000);
  CHECK(*ParseIso8601("2020-09-14T00:44:20.000Z") == int64_t{1600044260} * 1000000000);
  CHECK(*ParseIso8601("2020-09-14T00:44:20.5Z") == int64_t{1600044260} * 1000000000 + 500000000);
  CHECK(*ParseIso8601("2020-09-14T00:44:20.123456789Z") ==
        int64_t{1600044260} * 1000000000 + 123456789);
  // More than nanosecond precision is truncated, not rejected.
  CHECK(*ParseIso8601("2020-09-14T00:44:20.1234567891Z") ==
        int64_t{1600044260} * 1000000000 + 123456789);
  CHECK(*ParseIso8601("2023-11-10T11:24:34.000-05:00") == *ParseIso8601("2023-11-10T16:24:34Z"));
  CHECK(*ParseIso8601("2023-11-10T16:24:34+0000") == *ParseIso8601("2023-11-10T16:24:34Z"));
  CHECK(*ParseIso8601("2023-11-10 16:24:34") == *ParseIso8601("2023-11-10T16:24:34Z"));
}

TEST_CASE("time: invalid dates are rejected") {
  for (const char* bad : {"", "2018-02-30T00:00:00Z", "2019-02-29T00:00:00Z", "2018-13-01T00:00:00Z",
                          "2018-00-10T00:00:00Z", "2018-07-26T24:00:00Z", "2018-07-26T23:60:00Z",
                          "2018-07-26T23:59:60Z", "2018-07-26", "2018-07-26T21:08:28", "x018-07-26T21:08:28Z",
                          "2018-07-26T21:08:28ZZ", "2018-07-26T21:08:28.Z", "1969-12-31T23:59:59Z",
                          "2018-07-26T21:08:28+25:00", "2018/07/26T21:08:28Z"}) {
    if (std::string_view(bad) == "2018-07-26T21:08:28") continue;  // zone-less is UTC
    CAPTURE(bad);
    CHECK_FALSE(ParseIso8601(bad).has_value());
  }
  CHECK(ParseIso8601("2018-07-26T21:08:28").has_value());
  CHECK(ParseIso8601("2016-02-29T00:00:00Z").has_value());
  CHECK(ParseIso8601("2000-02-29T00:00:00Z").has_value());
  CHECK_FALSE(ParseIso8601("1900-02-29T00:00:00Z").has_value());
}

TEST_CASE("time: formatting round-trips") {
  for (const char* text : {"2018-07-26T21:08:28Z", "2020-09-14T00:44:20.5Z", "2024-02-29T23:59:59.000000001Z",
                           "1970-01-01T00:00:00Z"}) {
    CAPTURE(text);
    auto ns = ParseIso8601(text);
    REQUIRE(ns);
    CHECK(FormatIso8601(*ns) == text);
  }
}
