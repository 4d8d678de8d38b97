// The stats functions as mergeable partial states: each source's partial is
// built on a worker, then merged in source order, so first/last/list keep
// event order and a distributed run can merge partials the same way.
#ifndef TRAILHUNT_LIB_QUERY_AGGREGATE_H_
#define TRAILHUNT_LIB_QUERY_AGGREGATE_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"
#include "trailhunt/value.h"

namespace trailhunt::query_internal {

enum class AggKind : uint8_t {
  kCount,       // count: events; count(f): values of f (a multivalue counts each)
  kDistinctCount,  // dc(f)
  kValues,      // values(f): distinct, in sort order (numbers numerically)
  kList,        // list(f): in event order, the first 100
  kMin, kMax,   // numeric when every value is a number, else text order
  kAvg, kSum,   // numbers only; other values are ignored
  kEarliest, kLatest,  // the value at the lowest / highest _time
  kFirst, kLast,       // the first / last value in event order
};

// Parses a function name (lower-case; aliases: distinct_count -> dc,
// mean -> avg). Errors name the function.
absl::StatusOr<AggKind> ParseAggKind(std::string_view name);

class AggState {
 public:
  virtual ~AggState() = default;
  // One event's value of the field (Missing when absent; for bare `count`
  // the caller passes any non-missing value). `time_ns` is the event's
  // _time. Calls come in event order.
  virtual void Add(const Value& value, int64_t time_ns) = 0;
  // Folds in a state built from events that all come after this one's.
  virtual void Merge(AggState& later) = 0;
  virtual Value Result() const = 0;
  // Values this state holds (values, list, dc), for max_events_held.
  virtual size_t held() const { return 0; }
};

std::unique_ptr<AggState> NewAggState(AggKind kind);

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_AGGREGATE_H_
