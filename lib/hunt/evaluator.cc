// RuleEvaluator: one projection pass per record, then only the candidate
// rules' predicates.
#include <string>
#include <utility>
#include <vector>

#include "hunt/rule_set_impl.h"

namespace trailhunt {

using hunt_internal::RuleSetImpl;

struct RuleEvaluator::State {
  std::shared_ptr<const RuleSet> owner;
  const RuleSetImpl* rules = nullptr;
  std::vector<Value> slots;
  match::RuleIndex::Scratch scratch;
  std::vector<uint32_t> candidates;
  uint64_t evaluations = 0;
  std::string padded;  // EvaluateJson's copy of the record

  const Value& Slot(SlotIndex slot) const {
    static const Value kMissing;
    return slot < slots.size() ? slots[slot] : kMissing;
  }
};

RuleEvaluator::RuleEvaluator(std::shared_ptr<const RuleSet> rules)
    : state_(std::make_unique<State>()) {
  state_->rules = static_cast<const RuleSetImpl*>(rules.get());
  state_->owner = std::move(rules);
  state_->slots.resize(state_->rules->projection().slot_count());
}
RuleEvaluator::~RuleEvaluator() = default;
RuleEvaluator::RuleEvaluator(RuleEvaluator&&) noexcept = default;
RuleEvaluator& RuleEvaluator::operator=(RuleEvaluator&&) noexcept = default;

bool RuleEvaluator::Evaluate(const Record& record, std::vector<uint32_t>* matched,
                             ProjectionError* error) {
  State& s = *state_;
  matched->clear();
  if (!s.rules->projection().Extract(record, absl::MakeSpan(s.slots), error,
                                     s.rules->options().record_limits)) {
    return false;
  }
  const match::FieldSet fields{absl::MakeConstSpan(s.slots), record.json};
  s.rules->index.Candidates(fields, &s.scratch, &s.candidates);
  s.evaluations += s.candidates.size();
  for (uint32_t rule : s.candidates) {
    if (s.rules->predicates[rule].Matches(fields)) matched->push_back(rule);
  }
  return true;
}

absl::StatusOr<std::vector<uint32_t>> RuleEvaluator::EvaluateJson(std::string_view json) {
  State& s = *state_;
  s.padded.assign(json.data(), json.size());
  s.padded.append(kJsonPadding, '\0');
  Record record;
  record.json = std::string_view(s.padded.data(), json.size());
  std::vector<uint32_t> matched;
  ProjectionError error;
  if (!Evaluate(record, &matched, &error)) {
    return absl::InvalidArgumentError("record cannot be read at byte " +
                                      std::to_string(error.offset) + ": " + error.message);
  }
  return matched;
}

const Value& RuleEvaluator::event_time() const { return state_->Slot(state_->rules->event_time_slot); }
const Value& RuleEvaluator::principal() const { return state_->Slot(state_->rules->principal_slot); }
const Value& RuleEvaluator::source_ip() const { return state_->Slot(state_->rules->source_ip_slot); }
const Value& RuleEvaluator::event_name() const { return state_->Slot(state_->rules->event_name_slot); }

void RuleEvaluator::CorrelationInputs(size_t rule, size_t reference, std::vector<Value>* group,
                                      Value* value) const {
  const State& s = *state_;
  const hunt_internal::CorrelationInput& input =
      s.rules->correlations[rule - s.rules->detection_count()].inputs[reference];
  group->clear();
  for (SlotIndex slot : input.group_slots) group->push_back(s.Slot(slot));
  *value = input.value_slot == kNoSlot ? Value() : s.Slot(input.value_slot);
}

uint64_t RuleEvaluator::rule_evaluations() const { return state_->evaluations; }

}  // namespace trailhunt
