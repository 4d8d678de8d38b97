#include <doctest/doctest.h>

#include <string>

#include "query/time_format.h"
#include "trailhunt/time.h"

namespace {

using trailhunt::ParseIso8601;
using trailhunt::query_internal::CheckTimeFormat;
using trailhunt::query_internal::FormatTime;
using trailhunt::query_internal::ParseTime;

constexpr int64_t kSec = 1000000000;
// 2023-11-14T22:13:20.123456789Z, a Tuesday, day 318.
constexpr int64_t kT = int64_t{1700000000} * kSec + 123456789;

}  // namespace

TEST_CASE("time_format: every conversion formats in UTC") {
  struct Case {
    const char* format;
    const char* want;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"%Y-%m-%d %H:%M:%S", "2023-11-14 22:13:20"},
           {"%F %T", "2023-11-14 22:13:20"},
           {"%y", "23"},
           {"%b %B", "Nov November"},
           {"%a %A", "Tue Tuesday"},
           {"%j", "318"},
           {"%I %p", "10 PM"},
           {"%e", "14"},
           {"%Z %z", "UTC +0000"},
           {"%s", "1700000000"},
           {"%%", "%"},
           {"%3N", "123"},
           {"%6N", "123456"},
           {"%9N", "123456789"},
           {"%N", "123456789"},
           {"%Q", "123"},
           {"%6Q", "123456"},
           {"literal text", "literal text"},
           {"", ""},
       }) {
    CAPTURE(c.format);
    CHECK(CheckTimeFormat(c.format).ok());
    CHECK(FormatTime(kT, c.format) == c.want);
  }
  CHECK(FormatTime(0, "%F %T %a %j %I %p") == "1970-01-01 00:00:00 Thu 001 12 AM");
  CHECK(FormatTime(int64_t{1704067200} * kSec + 5 * kSec, "%e|%I%p") == " 1|12AM");  // 2024-01-01
  // Subseconds truncate rather than round, so the seconds never disagree.
  CHECK(FormatTime(999999999, "%S.%3N") == "00.999");
  // Before 1970 (the int64 nanosecond range starts in 1677).
  CHECK(FormatTime(-1, "%F %T.%3N") == "1969-12-31 23:59:59.999");
  CHECK(FormatTime(-kSec, "%s") == "-1");
}

TEST_CASE("time_format: unsupported conversions are errors") {
  for (const char* bad : {"%q", "%Y-%E", "%", "abc%", "%3Y", "%0N", "%c", "%D"}) {
    CAPTURE(bad);
    CHECK_FALSE(CheckTimeFormat(bad).ok());
    CHECK_FALSE(ParseTime("x", bad).has_value());
  }
  CHECK(std::string(CheckTimeFormat("%Y %q").message()).find("%q") != std::string::npos);
}

TEST_CASE("time_format: strptime") {
  CHECK(ParseTime("2023-11-14 22:13:20", "%Y-%m-%d %H:%M:%S") == int64_t{1700000000} * kSec);
  CHECK(ParseTime("2023-11-14T22:13:20.123Z", "%Y-%m-%dT%H:%M:%S.%3NZ") ==
        int64_t{1700000000} * kSec + 123000000);
  CHECK(ParseTime("2023-11-14T22:13:20.123456789", "%FT%T.%9N") == kT);
  CHECK(ParseTime("20.5", "%S.%N") == 20 * kSec + 500000000);
  CHECK(ParseTime("14/Nov/2023:22:13:20 +0000", "%d/%b/%Y:%H:%M:%S %z") ==
        int64_t{1700000000} * kSec);
  CHECK(ParseTime("14/nov/2023:23:13:20 +01:00", "%d/%b/%Y:%H:%M:%S %z") ==
        int64_t{1700000000} * kSec);
  CHECK(ParseTime("Tuesday, November 14, 2023", "%A, %B %d, %Y") == int64_t{1699920000} * kSec);
  CHECK(ParseTime("11/14/23 10:13:20 PM", "%m/%d/%y %I:%M:%S %p") == int64_t{1700000000} * kSec);
  CHECK(ParseTime("12:00 AM", "%I:%M %p") == 0);
  CHECK(ParseTime("12:00 PM", "%I:%M %p") == 12 * 3600 * kSec);
  CHECK(ParseTime("1700000000", "%s") == int64_t{1700000000} * kSec);
  CHECK(ParseTime("2023 318", "%Y %j") == int64_t{1699920000} * kSec);
  CHECK(ParseTime("2023-11-14 UTC", "%F %Z") == int64_t{1699920000} * kSec);
  CHECK(ParseTime("69", "%y") == int64_t{-31536000} * kSec);  // POSIX: 69 is 1969
  CHECK(ParseTime("68", "%y") == ParseIso8601("2068-01-01T00:00:00Z"));
  CHECK(ParseTime("2023-1-5", "%Y-%m-%d") == ParseIso8601("2023-01-05T00:00:00Z"));
  CHECK(ParseTime("2023-11-14   22", "%Y-%m-%d %H") == ParseIso8601("2023-11-14T22:00:00Z"));
  CHECK(ParseTime("100%", "100%%") == 0);
  CHECK(ParseTime("1960-01-01", "%F") == int64_t{-315619200} * kSec);
}

TEST_CASE("time_format: strptime failures") {
  for (const auto& item : std::initializer_list<std::pair<const char*, const char*>>{
           {"2023-02-29", "%Y-%m-%d"},    // not a leap year
           {"2023-13-01", "%Y-%m-%d"},
           {"2023-00-01", "%Y-%m-%d"},
           {"2023-11-14 24:00:00", "%F %T"},
           {"2023-11-14 23:60:00", "%F %T"},
           {"2023-11-14 23:59:60", "%F %T"},
           {"2023-11-14x", "%Y-%m-%d"},   // trailing text
           {"2023-11", "%Y-%m-%d"},       // short
           {"", "%Y"},
           {"abcd", "%Y"},
           {"Novem 2023", "%B %Y"},
           {"13:00 PM", "%I:%M %p"},
           {"10:00 XM", "%I:%M %p"},
           {"2023 367", "%Y %j"},
           {"2023-11-14 +2500", "%F %z"},
           {"2023-11-14 EST", "%F %Z"},
           {"3000-01-01", "%F"},          // past the int64 nanosecond range
           {"x2023", "%Y"},
       }) {
    // Not a structured binding: CAPTURE's lambda cannot capture one (clang).
    const char* text = item.first;
    const char* format = item.second;
    CAPTURE(text);
    CAPTURE(format);
    CHECK_FALSE(ParseTime(text, format).has_value());
  }
}

TEST_CASE("time_format: format and parse round-trip") {
  const char* format = "%Y-%m-%dT%H:%M:%S.%9N";
  for (int64_t t : {int64_t{0}, kT, int64_t{951782400} * kSec, int64_t{4102444799} * kSec + 1,
                    int64_t{-86400} * kSec}) {
    CAPTURE(t);
    CHECK(ParseTime(FormatTime(t, format), format) == t);
  }
}
