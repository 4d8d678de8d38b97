// File: condition_plan.h
// What a correlation's condition means for one rule type: the bounds that
// apply (temporal rules without a condition require every referenced rule)
// and when the condition can be decided. A condition whose bounds are all
// lower bounds (gt, gte) on an aggregate that only grows as events join a
// window can be decided at the event that makes it hold; anything else (an
// upper bound, eq, neq, a range, an average, a percentile) only when the
// window is complete.
#ifndef TRAILHUNT_LIB_CORRELATE_CONDITION_PLAN_H_
#define TRAILHUNT_LIB_CORRELATE_CONDITION_PLAN_H_

#include "trailhunt/sigma.h"

namespace trailhunt::correlate_internal {

enum class FiringMode : uint8_t {
  // Checked on the trailing timespan at every applied event; fires at once.
  kAtEvent,
  // Checked once, on the window anchored at the group's first event, when
  // event time has passed its end.
  kAtWindowClose,
};

class ConditionPlan {
 public:
  explicit ConditionPlan(const sigma::CorrelationRule& rule);

  FiringMode mode() const { return mode_; }
  // All bounds hold for `value` (no bound at all: always).
  bool Holds(double value) const;
  // value_percentile's percentile, 0..100 (the median for value_median).
  double percentile() const { return percentile_; }

 private:
  // The rule's condition, with the lower bound temporal rules without a
  // condition imply.
  sigma::CorrelationCondition condition_;
  FiringMode mode_ = FiringMode::kAtEvent;
  double percentile_ = 50;
};

}  // namespace trailhunt::correlate_internal

#endif  // TRAILHUNT_LIB_CORRELATE_CONDITION_PLAN_H_
