// Bucketing for `bin`/`bucket` and `timechart`: _time floored to a span
// (s, m, h, d, w; `mon`, `q`, `y` by calendar, in UTC), numbers floored to a
// multiple of the span. A bucket is its lower bound, kept as a number so
// sort and stats order it numerically (Splunk shows numeric bins as "10-20"
// text; trailhunt keeps 10).
#ifndef TRAILHUNT_LIB_QUERY_TIME_BINS_H_
#define TRAILHUNT_LIB_QUERY_TIME_BINS_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "trailhunt/spl.h"
#include "trailhunt/value.h"

namespace trailhunt::query_internal {

class Binner {
 public:
  // Errors name an unknown unit or a span that is not positive.
  static absl::StatusOr<Binner> ForTime(const spl::Span& span);
  static absl::StatusOr<Binner> ForNumber(const spl::Span& span);
  // `span` with a time unit bins time; a plain number bins numbers.
  static absl::StatusOr<Binner> For(const spl::Span& span, bool time_field);

  // The bucket of a value (Missing when it is not a number).
  Value Bin(const Value& value) const;
  // Time buckets in epoch seconds.
  int64_t FloorSeconds(int64_t seconds) const;
  int64_t NextSeconds(int64_t bucket) const;
  bool is_time() const { return months_ > 0 || seconds_ > 0; }

 private:
  int64_t seconds_ = 0;  // fixed-length time span
  int64_t months_ = 0;   // calendar span
  double number_ = 0;    // numeric span
};

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_TIME_BINS_H_
