// The metadata keys every kind of Sigma document shares (title, id, tags,
// logsource...) and the ATT&CK ids read from tags. Unknown top-level keys
// are Sigma's custom attributes and are left alone; a known key holding the
// wrong kind of YAML (a title that is a list) is an error.
#ifndef TRAILHUNT_LIB_SIGMA_METADATA_H_
#define TRAILHUNT_LIB_SIGMA_METADATA_H_

#include <string>
#include <string_view>
#include <vector>

#include "sigma/report.h"
#include "sigma/yaml_reader.h"
#include "trailhunt/sigma.h"

namespace trailhunt::sigma_internal {

// Fills `info` from the document's top-level map (logsource included when
// present). `where` is set by the caller.
void ReadRuleInfo(const YamlNode& document, Report& report, RuleInfo* info);

// One text value: a scalar (numbers and dates keep their written text), or
// empty for null. Anything else is an error naming `what`.
bool ReadText(const YamlNode& node, std::string_view what, Report& report, std::string* out);
// A list of texts; a single scalar is a list of one, null an empty list.
bool ReadTextList(const YamlNode& node, std::string_view what, Report& report,
                  std::vector<std::string>* out);

// "attack.t1078.004" -> "T1078.004", "attack.ta0001" -> "TA0001", also
// groups (g0016) and software (s0002). Tactic names ("attack.persistence")
// and other namespaces yield nothing. Distinct, in tag order.
std::vector<std::string> AttackIds(const std::vector<std::string>& tags);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_METADATA_H_
