#include "correlate/condition_plan.h"

#include <algorithm>
#include <cmath>

namespace trailhunt::correlate_internal {
namespace {

using sigma::CorrelationType;

// Aggregates that never shrink while events join a window: for them the
// largest value over all windows is reached at some event, so a lower bound
// can be checked there. value_sum grows only with non-negative values; a
// negative one can hide a window (see docs/correlations.md).
bool GrowsWithEvents(CorrelationType type) {
  switch (type) {
    case CorrelationType::kEventCount:
    case CorrelationType::kValueCount:
    case CorrelationType::kTemporal:
    case CorrelationType::kTemporalOrdered:
    case CorrelationType::kValueSum:
      return true;
    case CorrelationType::kValueAvg:
    case CorrelationType::kValuePercentile:
    case CorrelationType::kValueMedian:
      return false;
  }
  return false;
}

}  // namespace

ConditionPlan::ConditionPlan(const sigma::CorrelationRule& rule) : condition_(rule.condition) {
  const sigma::CorrelationCondition& c = condition_;
  const bool any_bound = c.gt || c.gte || c.lt || c.lte || c.eq || c.neq;
  const bool temporal = rule.type == CorrelationType::kTemporal ||
                        rule.type == CorrelationType::kTemporalOrdered;
  if (temporal && !any_bound) {
    // The specification: all referenced rules must occur.
    condition_.gte = static_cast<double>(std::max<size_t>(1, rule.rules.size()));
  }
  const bool upper = c.lt || c.lte || c.eq || c.neq;
  mode_ = (!upper && GrowsWithEvents(rule.type)) ? FiringMode::kAtEvent
                                                 : FiringMode::kAtWindowClose;
  if (rule.type == CorrelationType::kValuePercentile && c.percentile &&
      !std::isnan(*c.percentile)) {
    percentile_ = std::clamp(*c.percentile, 0.0, 100.0);
  }
}

bool ConditionPlan::Holds(double value) const {
  // NaN satisfies neq (NaN != x); no aggregate of ours is NaN, but a bound
  // must never hold for one.
  return !std::isnan(value) && condition_.Holds(value);
}

}  // namespace trailhunt::correlate_internal
