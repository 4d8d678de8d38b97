#include "query/time_bins.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "trailhunt/time.h"

namespace trailhunt::query_internal {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }


}  // namespace

absl::StatusOr<Binner> Binner::ForTime(const spl::Span& span) {
  Binner b;
  if (!(span.amount > 0) || span.amount != std::floor(span.amount)) {
    return absl::InvalidArgumentError(absl::StrCat("span '", span.text, "': need a whole positive amount"));
  }
  const auto n = static_cast<int64_t>(span.amount);
  const std::string& u = span.unit;
  if (u == "s" || u == "sec" || u == "secs" || u == "second" || u == "seconds" || u.empty()) {
    b.seconds_ = n;
  } else if (u == "m" || u == "min" || u == "mins" || u == "minute" || u == "minutes") {
    b.seconds_ = n * 60;
  } else if (u == "h" || u == "hr" || u == "hrs" || u == "hour" || u == "hours") {
    b.seconds_ = n * 3600;
  } else if (u == "d" || u == "day" || u == "days") {
    b.seconds_ = n * 86400;
  } else if (u == "w" || u == "week" || u == "weeks") {
    b.seconds_ = n * 7 * 86400;
  } else if (u == "mon" || u == "month" || u == "months") {
    b.months_ = n;
  } else if (u == "q" || u == "qtr" || u == "quarter" || u == "quarters") {
    b.months_ = n * 3;
  } else if (u == "y" || u == "yr" || u == "year" || u == "years") {
    b.months_ = n * 12;
  } else {
    return absl::InvalidArgumentError(absl::StrCat("span '", span.text, "': unknown time unit '", u,
                                                   "' (use s, m, h, d, w, mon, q or y)"));
  }
  return b;
}

absl::StatusOr<Binner> Binner::ForNumber(const spl::Span& span) {
  if (!span.unit.empty()) return ForTime(span);
  Binner b;
  if (!(span.amount > 0) || !std::isfinite(span.amount)) {
    return absl::InvalidArgumentError(absl::StrCat("span '", span.text, "': need a positive number"));
  }
  b.number_ = span.amount;
  return b;
}

absl::StatusOr<Binner> Binner::For(const spl::Span& span, bool time_field) {
  if (time_field) return ForTime(span);
  return ForNumber(span);
}

int64_t Binner::FloorSeconds(int64_t seconds) const {
  if (seconds_ > 0) return FloorDiv(seconds, seconds_) * seconds_;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(FloorDiv(seconds, 86400), &y, &m, &d);
  const int64_t index = y * 12 + (m - 1);
  const int64_t floored = FloorDiv(index, months_) * months_;
  return DaysFromCivil(FloorDiv(floored, 12), static_cast<unsigned>(floored - FloorDiv(floored, 12) * 12 + 1), 1) *
         86400;
}

int64_t Binner::NextSeconds(int64_t bucket) const {
  if (seconds_ > 0) return bucket + seconds_;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(FloorDiv(bucket, 86400), &y, &m, &d);
  const int64_t index = y * 12 + (m - 1) + months_;
  return DaysFromCivil(FloorDiv(index, 12), static_cast<unsigned>(index - FloorDiv(index, 12) * 12 + 1), 1) *
         86400;
}

Value Binner::Bin(const Value& value) const {
  // Seconds past this are no time, and the start of their bucket (floored
  // toward minus infinity, a whole month or span earlier) may not fit int64.
  constexpr int64_t kMaxTimeSeconds = 9'200'000'000'000'000;
  double v = 0;
  if (value.kind() == Value::Kind::kInt) {
    if (is_time()) {
      const int64_t seconds = value.int_value();
      if (seconds > kMaxTimeSeconds || seconds < -kMaxTimeSeconds) return Value();
      return Value::Int(FloorSeconds(seconds));
    }
    v = static_cast<double>(value.int_value());
  } else if (!value.AsNumber(&v) || !std::isfinite(v)) {
    return Value();
  }
  if (is_time()) {
    if (std::fabs(v) > static_cast<double>(kMaxTimeSeconds)) return Value();
    return Value::Int(FloorSeconds(static_cast<int64_t>(std::floor(v))));
  }
  const double floored = std::floor(v / number_) * number_;
  if (std::fabs(floored) < 9.2e18 && floored == std::floor(floored)) {
    return Value::Int(static_cast<int64_t>(floored));
  }
  return Value::Double(floored);
}

}  // namespace trailhunt::query_internal
