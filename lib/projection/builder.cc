// ProjectionBuilder: collects fields into slots and the captures behind
// them, sharing a capture between slots that read the same place.
#include <map>

#include "projection/plan.h"

namespace trailhunt {

using projection_internal::Capture;
using projection_internal::kNone;
using projection_internal::SlotPlan;

struct ProjectionBuilder::State {
  std::vector<ResolvedField> fields;
  std::vector<SlotPlan> slots;
  std::map<std::string, SlotIndex> slot_keys;
  std::vector<Capture> captures;
  std::map<std::string, uint32_t> capture_keys;
  projection_internal::IdentityCaptures identity;

  static std::string StepsKey(const std::vector<PathStep>& steps) {
    std::string key;
    for (const PathStep& s : steps) {
      switch (s.kind) {
        case PathStep::Kind::kKey:
          key += 'k' + std::to_string(s.key.size()) + ':' + s.key;
          break;
        case PathStep::Kind::kIndex: key += 'i' + std::to_string(s.index) + ';'; break;
        case PathStep::Kind::kAll: key += 'a'; break;
      }
    }
    return key;
  }

  // The mode a path is read in is part of what it captures.
  static std::string PathKey(const FieldPath& path) {
    return (path.implicit_arrays() ? "I" : "-") + StepsKey(path.steps());
  }

  uint32_t AddCapture(std::vector<PathStep> steps, bool exact, bool shape_only,
                      bool implicit_arrays = false) {
    std::string key = std::string(exact ? "e" : "n") + (shape_only ? "s" : "v") +
                      (implicit_arrays ? "I" : "-") + StepsKey(steps);
    auto it = capture_keys.find(key);
    if (it != capture_keys.end()) return it->second;
    const uint32_t id = static_cast<uint32_t>(captures.size());
    captures.push_back({std::move(steps), exact, shape_only, implicit_arrays});
    capture_keys.emplace(std::move(key), id);
    return id;
  }

  // A member of userIdentity the way Event::user_identity reads it.
  uint32_t IdentityMember(uint32_t& slot, std::initializer_list<std::string_view> keys) {
    if (slot != kNone) return slot;
    std::vector<PathStep> steps;
    PathStep root;
    root.key = "userIdentity";
    steps.push_back(root);
    for (std::string_view k : keys) {
      PathStep step;
      step.key = std::string(k);
      steps.push_back(std::move(step));
    }
    slot = AddCapture(std::move(steps), /*exact=*/true, /*shape_only=*/true);
    return slot;
  }
};

ProjectionBuilder::ProjectionBuilder() : state_(std::make_unique<State>()) {}
ProjectionBuilder::~ProjectionBuilder() = default;
ProjectionBuilder::ProjectionBuilder(ProjectionBuilder&&) noexcept = default;
ProjectionBuilder& ProjectionBuilder::operator=(ProjectionBuilder&&) noexcept = default;

SlotIndex ProjectionBuilder::Add(const ResolvedField& field) {
  State& s = *state_;
  std::string key = std::to_string(static_cast<int>(field.computed)) + '/';
  const bool reads_path = field.computed == ComputedField::kNone ||
                          field.computed == ComputedField::kErrorCodeOrSuccess;
  if (reads_path) key += State::PathKey(field.path);
  auto it = s.slot_keys.find(key);
  if (it != s.slot_keys.end()) return it->second;

  SlotPlan plan;
  plan.computed = field.computed;
  auto& id = s.identity;
  switch (field.computed) {
    case ComputedField::kNone:
    case ComputedField::kErrorCodeOrSuccess:
      plan.capture = s.AddCapture(field.path.steps(), /*exact=*/false, /*shape_only=*/false,
                                  field.path.implicit_arrays());
      break;
    case ComputedField::kPrincipalName:
      if (id.user_identity == kNone) {
        PathStep root;
        root.key = "userIdentity";
        id.user_identity = s.AddCapture({root}, /*exact=*/true, /*shape_only=*/true);
      }
      s.IdentityMember(id.type, {"type"});
      s.IdentityMember(id.principal_id, {"principalId"});
      s.IdentityMember(id.arn, {"arn"});
      s.IdentityMember(id.account_id, {"accountId"});
      s.IdentityMember(id.user_name, {"userName"});
      s.IdentityMember(id.invoked_by, {"invokedBy"});
      s.IdentityMember(id.on_behalf_of_user_id, {"onBehalfOf", "userId"});
      s.IdentityMember(id.issuer_user_name, {"sessionContext", "sessionIssuer", "userName"});
      break;
    case ComputedField::kSessionName:
      s.IdentityMember(id.type, {"type"});
      s.IdentityMember(id.arn, {"arn"});
      break;
    case ComputedField::kEventTimeIso: break;  // the record's time, no capture
  }
  const SlotIndex slot = static_cast<SlotIndex>(s.slots.size());
  s.slots.push_back(plan);
  s.fields.push_back(field);
  s.slot_keys.emplace(std::move(key), slot);
  return slot;
}

size_t ProjectionBuilder::slot_count() const { return state_->slots.size(); }

std::shared_ptr<const Projection> ProjectionBuilder::Build() {
  auto plan = std::make_unique<Projection::Plan>();
  State& s = *state_;
  plan->fields = std::move(s.fields);
  plan->slots = std::move(s.slots);
  plan->captures = std::move(s.captures);
  plan->identity = s.identity;
  plan->root = projection_internal::BuildTrie(plan->captures, &plan->nodes);
  state_ = std::make_unique<State>();
  return std::shared_ptr<const Projection>(new Projection(std::move(plan)));
}

}  // namespace trailhunt
