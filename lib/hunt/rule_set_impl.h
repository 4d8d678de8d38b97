// The compiled rule set behind RuleSet: what compile.cc builds and the
// evaluator and the hunt read.
#ifndef TRAILHUNT_LIB_HUNT_RULE_SET_IMPL_H_
#define TRAILHUNT_LIB_HUNT_RULE_SET_IMPL_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "match/rule_index.h"
#include "trailhunt/hunt.h"
#include "trailhunt/match.h"

namespace trailhunt::hunt_internal {

// How one correlation reads its inputs from the events of one referenced
// detection: the slots of its group-by fields (through that rule's alias)
// and of its value field.
struct CorrelationInput {
  uint32_t detection = 0;
  std::vector<SlotIndex> group_slots;
  SlotIndex value_slot = kNoSlot;
};

struct CorrelationPlan {
  // One entry per CorrelationRule::rules entry, in that order.
  std::vector<CorrelationInput> inputs;
};

// A correlation (rule index - detection_count) that detection d feeds, and
// which of its references d is.
struct Feed {
  uint32_t correlation = 0;
  uint32_t reference = 0;
};

class RuleSetImpl final : public RuleSet {
 public:
  size_t size() const override { return rules.size(); }
  size_t detection_count() const override { return predicates.size(); }
  const HuntRule& rule(size_t index) const override { return rules[index]; }
  const Projection& projection() const override { return *projection_ptr; }
  const RuleSetOptions& options() const override { return options_value; }
  std::string Explain() const override;

  RuleSetOptions options_value;
  std::vector<HuntRule> rules;
  // Owned copies of the correlation rules HuntRule::correlation points at.
  std::vector<std::unique_ptr<sigma::CorrelationRule>> correlation_rules;
  std::vector<match::Predicate> predicates;  // one per detection
  match::RuleIndex index;
  std::shared_ptr<const Projection> projection_ptr;
  std::vector<CorrelationPlan> correlations;  // one per correlation
  std::vector<std::vector<Feed>> feeds;       // per detection
  // Slots of the fields a match reports.
  SlotIndex event_time_slot = kNoSlot;
  SlotIndex principal_slot = kNoSlot;
  SlotIndex source_ip_slot = kNoSlot;
  SlotIndex event_name_slot = kNoSlot;
};

}  // namespace trailhunt::hunt_internal

#endif  // TRAILHUNT_LIB_HUNT_RULE_SET_IMPL_H_
