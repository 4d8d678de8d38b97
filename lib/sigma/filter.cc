#include "sigma/filter.h"

#include "sigma/condition.h"
#include "sigma/detection.h"
#include "sigma/metadata.h"

namespace trailhunt::sigma_internal {

bool ReadFilter(const YamlNode& key, const YamlNode& section, const LoadOptions& options,
                Report& report, FilterRule* out) {
  if (!section.is_map()) {
    report.Error(section, "key 'filter'",
                 "'filter' must be a map of rules, search identifiers and a condition");
    return false;
  }
  const size_t errors_before = report.errors();
  const YamlNode* rules = section.Find("rules");
  if (!rules) {
    report.Error(key, "filter.rules", "the filter has no 'rules' naming the rules it applies to");
  } else if (ReadTextList(*rules, "filter.rules", report, &out->rules) && out->rules.empty()) {
    report.Error(*rules, "filter.rules", "'rules' names no rule");
  }
  std::vector<SearchIdentifier> identifiers;
  ReadSearchIdentifiers(section, {"rules", "condition"}, options, report, &identifiers);
  const YamlNode* condition = section.Find("condition");
  if (!condition) {
    report.Error(key, "filter.condition", "the filter has no 'condition'");
  } else {
    BuildCondition(*condition, identifiers, report, &out->expr);
  }
  if (report.errors() != errors_before) return false;
  out->fields_read = FieldsRead(out->expr);
  return true;
}

}  // namespace trailhunt::sigma_internal
