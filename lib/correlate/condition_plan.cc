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

ConditionPlan::ConditionPlan(const sigma::CorrelationRule& rule) {
  const sigma::CorrelationCondition& c = rule.condition;
  gt_ = c.gt;
  gte_ = c.gte;
  lt_ = c.lt;
  lte_ = c.lte;
  eq_ = c.eq;
  neq_ = c.neq;
  const bool any_bound = gt_ || gte_ || lt_ || lte_ || eq_ || neq_;
  const bool temporal = rule.type == CorrelationType::kTemporal ||
                        rule.type == CorrelationType::kTemporalOrdered;
  if (temporal && !any_bound) {
    // The specification: all referenced rules must occur.
    gte_ = static_cast<double>(std::max<size_t>(1, rule.rules.size()));
  }
  const bool upper = lt_ || lte_ || eq_ || neq_;
  mode_ = (!upper && GrowsWithEvents(rule.type)) ? FiringMode::kAtEvent
                                                 : FiringMode::kAtWindowClose;
  if (rule.type == CorrelationType::kValuePercentile && c.percentile &&
      !std::isnan(*c.percentile)) {
    percentile_ = std::clamp(*c.percentile, 0.0, 100.0);
  }
}

bool ConditionPlan::Holds(double value) const {
  if (std::isnan(value)) return false;
  if (gt_ && !(value > *gt_)) return false;
  if (gte_ && !(value >= *gte_)) return false;
  if (lt_ && !(value < *lt_)) return false;
  if (lte_ && !(value <= *lte_)) return false;
  if (eq_ && !(value == *eq_)) return false;
  if (neq_ && !(value != *neq_)) return false;
  return true;
}

}  // namespace trailhunt::correlate_internal
