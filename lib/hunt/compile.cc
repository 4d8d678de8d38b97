// RuleSet::Compile: binds every rule's field names once into one
// projection, applies filters, resolves correlation references and builds
// the rule index.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "hunt/rule_set_impl.h"
#include "trailhunt/catalog.h"

namespace trailhunt {
namespace {

using hunt_internal::CorrelationInput;
using hunt_internal::CorrelationPlan;
using hunt_internal::Feed;
using hunt_internal::RuleSetImpl;
using sigma::Diagnostic;

// Debian's abseil has its own string_view type.
std::string Message(const absl::Status& status) { return std::string(status.message()); }

Diagnostic Problem(Diagnostic::Severity severity, const sigma::RuleInfo& info,
                   std::string construct, std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.where = info.where;
  d.construct = std::move(construct);
  d.message = std::move(message);
  return d;
}

std::string RuleLabel(const sigma::RuleInfo& info) {
  if (!info.title.empty()) return "'" + info.title + "'";
  return "'" + info.id + "'";
}

// Resolves names as Sigma writes them (raw CloudTrail names; a flat key
// first, then the dotted path with any array element matching) into slots
// of one projection, each name once. A CloudWatch selector ("$.a.b"; the
// Sigma front end drops a "$." its rules write) is an exact path: a step
// never reaches into an array, which the selector must index ("$.a[0].b"),
// and its "$." keeps it apart from Sigma's name for the same path, whose
// slot reads arrays. (Like every path, a selector also matches a flat key
// holding dots, as OCSF-mapped records carry: "additionalEventData.MFAUsed".)
class FieldBinding {
 public:
  explicit FieldBinding(ProjectionBuilder* projection) : projection_(projection) {}

  absl::StatusOr<SlotIndex> Bind(std::string_view name) {
    auto it = slots_.find(name);
    if (it != slots_.end()) return it->second;
    absl::StatusOr<ResolvedField> field = Resolve(name);
    if (!field.ok()) {
      return absl::InvalidArgumentError("field '" + std::string(name) +
                                        "': " + Message(field.status()));
    }
    const SlotIndex slot = projection_->Add(*field);
    slots_.emplace(std::string(name), slot);
    return slot;
  }

  // A CloudWatch selector is a path: no catalog name, no case-insensitive
  // match ("$.ErrorCode" is not errorCode).
  static absl::StatusOr<ResolvedField> Resolve(std::string_view name) {
    if (!HasDollarPrefix(name)) {
      PathOptions options;
      options.implicit_arrays = true;
      return Catalog::Default().Resolve(name, FieldView::kRaw, options);
    }
    absl::StatusOr<FieldPath> path = FieldPath::Parse(name);
    if (!path.ok()) return path.status();
    ResolvedField field;
    field.name = std::string(name);
    field.canonical = path->text();
    field.path = *std::move(path);
    return field;
  }

  match::FieldBinder AsBinder() {
    return [this](std::string_view name) { return Bind(name); };
  }

 private:
  ProjectionBuilder* projection_;
  std::map<std::string, SlotIndex, std::less<>> slots_;
};

bool Names(const sigma::RuleInfo& info, const std::string& reference) {
  return (!info.id.empty() && info.id == reference) ||
         (!info.name.empty() && info.name == reference);
}

// The field a correlation reads from the events of the rule `reference`
// names: the alias's field for that rule when `name` is an alias.
std::string AliasedField(const sigma::CorrelationRule& rule, const std::string& name,
                         const std::string& reference) {
  auto alias = rule.aliases.find(name);
  if (alias == rule.aliases.end()) return name;
  auto field = alias->second.find(reference);
  return field == alias->second.end() ? name : field->second;
}

class Compiler {
 public:
  Compiler(const sigma::RuleCollection& rules, std::vector<Diagnostic>* diagnostics,
           RuleSetImpl* out)
      : rules_(rules), diagnostics_(diagnostics), out_(out), fields_(&projection_) {}

  void Run() {
    BindReportedFields();
    CompileDetections();
    WarnAboutUnusedFilters();
    CompileCorrelations();
    out_->projection_ptr = projection_.Build();
    std::vector<const match::Expr*> exprs;
    exprs.reserve(out_->predicates.size());
    for (const match::Predicate& p : out_->predicates) exprs.push_back(&p.expr());
    out_->index = match::RuleIndex::Build(exprs);
  }

 private:
  void Report(Diagnostic d) {
    if (diagnostics_ != nullptr) diagnostics_->push_back(std::move(d));
  }

  void BindReportedFields() {
    // Built-in names that resolve whatever a rule set reads.
    out_->event_time_slot = *fields_.Bind("eventTime");
    out_->principal_slot = *fields_.Bind("principal");
    out_->source_ip_slot = *fields_.Bind("sourceIPAddress");
    out_->event_name_slot = *fields_.Bind("eventName");
  }

  void CompileDetections() {
    filter_used_.assign(rules_.filters.size(), false);
    for (const sigma::DetectionRule& rule : rules_.rules) {
      match::Expr expr = rule.expr;
      HuntRule hunt_rule;
      hunt_rule.kind = HuntRule::Kind::kDetection;
      hunt_rule.info = rule.info;
      hunt_rule.fields_read = rule.fields_read;
      ApplyFilters(rule.info, &expr, &hunt_rule);
      absl::StatusOr<match::Predicate> predicate =
          match::Predicate::Compile(std::move(expr), fields_.AsBinder());
      if (!predicate.ok()) {
        Report(Problem(Diagnostic::Severity::kError, rule.info, "detection",
                       "rule " + RuleLabel(rule.info) +
                           " cannot be compiled: " + Message(predicate.status())));
        continue;
      }
      out_->predicates.push_back(*std::move(predicate));
      out_->rules.push_back(std::move(hunt_rule));
    }
    out_->feeds.assign(out_->predicates.size(), {});
  }

  // A filter's condition is ANDed to every rule it names (by id or name).
  void ApplyFilters(const sigma::RuleInfo& info, match::Expr* expr, HuntRule* hunt_rule) {
    for (size_t f = 0; f < rules_.filters.size(); ++f) {
      const sigma::FilterRule& filter = rules_.filters[f];
      bool applies = false;
      for (const std::string& reference : filter.rules) applies = applies || Names(info, reference);
      if (!applies) continue;
      filter_used_[f] = true;
      *expr = match::Expr::And({std::move(*expr), filter.expr});
      hunt_rule->filters.push_back(filter.info.id.empty() ? filter.info.title : filter.info.id);
      for (const std::string& field : filter.fields_read) {
        if (std::find(hunt_rule->fields_read.begin(), hunt_rule->fields_read.end(), field) ==
            hunt_rule->fields_read.end()) {
          hunt_rule->fields_read.push_back(field);
        }
      }
    }
  }

  void WarnAboutUnusedFilters() {
    for (size_t f = 0; f < rules_.filters.size(); ++f) {
      if (filter_used_[f]) continue;
      const sigma::FilterRule& filter = rules_.filters[f];
      Report(Problem(Diagnostic::Severity::kWarning, filter.info, "filter",
                     "filter " + RuleLabel(filter.info) +
                         " names no loaded rule; it applies to nothing"));
    }
  }

  // The detection `reference` names, or an error naming what it is instead.
  absl::StatusOr<uint32_t> ResolveReference(const std::string& reference) const {
    for (uint32_t d = 0; d < out_->predicates.size(); ++d) {
      if (Names(out_->rules[d].info, reference)) return d;
    }
    for (const sigma::CorrelationRule& other : rules_.correlations) {
      if (Names(other.info, reference)) {
        return absl::UnimplementedError("it names correlation '" + reference +
                                        "': correlations of correlations are not supported");
      }
    }
    for (const sigma::DetectionRule& rule : rules_.rules) {
      if (Names(rule.info, reference)) {
        return absl::FailedPreconditionError("rule '" + reference +
                                             "' it references failed to compile");
      }
    }
    return absl::NotFoundError("no loaded rule has id or name '" + reference + "'");
  }

  void CompileCorrelations() {
    std::vector<bool> referenced(out_->predicates.size(), false);
    std::vector<bool> generated(out_->predicates.size(), false);
    for (const sigma::CorrelationRule& rule : rules_.correlations) {
      absl::StatusOr<CorrelationPlan> plan = PlanCorrelation(rule);
      if (!plan.ok()) {
        Report(Problem(Diagnostic::Severity::kError, rule.info, "correlation rules",
                       "correlation " + RuleLabel(rule.info) +
                           " cannot be compiled: " + Message(plan.status())));
        continue;
      }
      const uint32_t correlation = static_cast<uint32_t>(out_->correlations.size());
      HuntRule hunt_rule;
      hunt_rule.kind = HuntRule::Kind::kCorrelation;
      hunt_rule.info = rule.info;
      hunt_rule.fields_read = rule.group_by;
      if (!rule.condition.field.empty()) hunt_rule.fields_read.push_back(rule.condition.field);
      for (uint32_t k = 0; k < plan->inputs.size(); ++k) {
        const uint32_t d = plan->inputs[k].detection;
        hunt_rule.references.push_back(d);
        out_->feeds[d].push_back(Feed{correlation, k});
        referenced[d] = true;
        generated[d] = generated[d] || rule.generate;
      }
      out_->correlation_rules.push_back(std::make_unique<sigma::CorrelationRule>(rule));
      hunt_rule.correlation = out_->correlation_rules.back().get();
      out_->correlations.push_back(*std::move(plan));
      pending_correlations_.push_back(std::move(hunt_rule));
    }
    // A rule that only feeds correlations reports its matches only when one
    // of them asks for it (`generate: true`), as the specification says.
    for (size_t d = 0; d < referenced.size(); ++d) {
      if (referenced[d] && !generated[d]) out_->rules[d].reported = false;
    }
    for (HuntRule& rule : pending_correlations_) out_->rules.push_back(std::move(rule));
  }

  absl::StatusOr<CorrelationPlan> PlanCorrelation(const sigma::CorrelationRule& rule) {
    if (rule.rules.empty()) return absl::InvalidArgumentError("it references no rule");
    CorrelationPlan plan;
    for (const std::string& reference : rule.rules) {
      absl::StatusOr<uint32_t> detection = ResolveReference(reference);
      if (!detection.ok()) {
        return absl::Status(detection.status().code(),
                            "reference '" + reference + "': " + Message(detection.status()));
      }
      CorrelationInput input;
      input.detection = *detection;
      for (const std::string& name : rule.group_by) {
        absl::StatusOr<SlotIndex> slot = fields_.Bind(AliasedField(rule, name, reference));
        if (!slot.ok()) return slot.status();
        input.group_slots.push_back(*slot);
      }
      if (!rule.condition.field.empty()) {
        absl::StatusOr<SlotIndex> slot =
            fields_.Bind(AliasedField(rule, rule.condition.field, reference));
        if (!slot.ok()) return slot.status();
        input.value_slot = *slot;
      }
      plan.inputs.push_back(std::move(input));
    }
    return plan;
  }

  const sigma::RuleCollection& rules_;
  std::vector<Diagnostic>* diagnostics_;
  RuleSetImpl* out_;
  ProjectionBuilder projection_;
  FieldBinding fields_;
  std::vector<bool> filter_used_;
  std::vector<HuntRule> pending_correlations_;
};

}  // namespace

std::shared_ptr<const RuleSet> RuleSet::Compile(const sigma::RuleCollection& rules,
                                                const RuleSetOptions& options,
                                                std::vector<sigma::Diagnostic>* diagnostics) {
  auto out = std::make_shared<RuleSetImpl>();
  out->options_value = options;
  Compiler(rules, diagnostics, out.get()).Run();
  return out;
}

namespace hunt_internal {

std::string RuleSetImpl::Explain() const {
  std::vector<std::string> names;
  names.reserve(predicates.size());
  for (size_t d = 0; d < predicates.size(); ++d) {
    const sigma::RuleInfo& info = rules[d].info;
    names.push_back(info.title.empty() ? info.id : info.title);
  }
  std::string out = "rules: " + std::to_string(predicates.size()) + " detections, " +
                    std::to_string(correlations.size()) + " correlations; fields projected: " +
                    std::to_string(projection_ptr->slot_count()) + "\n";
  out += index.Explain(names);
  for (size_t d = 0; d < predicates.size(); ++d) {
    out += "rule " + names[d] + ": " + predicates[d].ToString() + "\n";
  }
  return out;
}

}  // namespace hunt_internal
}  // namespace trailhunt
