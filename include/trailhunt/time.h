// File: time.h
// CloudTrail timestamps. eventTime is ISO-8601 UTC ("2018-07-26T21:08:28Z");
// we keep epoch nanoseconds everywhere so ordering and windows are integer
// arithmetic.
#ifndef TRAILHUNT_TIME_H_
#define TRAILHUNT_TIME_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace trailhunt {

// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`; a space may stand
// for the `T`, and a missing zone means UTC. Up to 9 fraction digits are kept,
// more are truncated. Invalid dates (2018-02-30, hour 24, month 13) and times
// outside 1970-01-01 .. 2262-04-11T23:47:16.854775807Z (the int64 nanosecond
// range) give nullopt.
std::optional<int64_t> ParseIso8601(std::string_view text);

// Formats epoch nanoseconds as `YYYY-MM-DDTHH:MM:SS[.fff…]Z`, with the
// fraction only when non-zero (trailing zeros trimmed).
std::string FormatIso8601(int64_t epoch_ns);

// Days since 1970-01-01 for a proleptic Gregorian date (no validation).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
// The proleptic Gregorian date `days` after 1970-01-01 (negative: before);
// month and day are 1-based.
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);
bool IsLeapYear(int64_t year);

// Epoch nanoseconds broken down in UTC (floor semantics before 1970).
struct CivilTime {
  int64_t days = 0;  // since 1970-01-01
  int64_t year = 1970;
  unsigned month = 1, day = 1;  // 1-based
  int hour = 0, minute = 0, second = 0;
  int64_t nanos = 0;  // 0..999999999
};
CivilTime CivilFromEpochNs(int64_t epoch_ns);
// 28..31; `month` is 1..12.
unsigned DaysInMonth(int64_t year, unsigned month);

}  // namespace trailhunt

#endif  // TRAILHUNT_TIME_H_
