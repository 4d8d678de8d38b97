// Detection documents written as a CloudWatch Logs filter pattern
// (`filterpattern: '{ … }'`) instead of Sigma's `detection:`: the pattern
// is parsed by the filterpattern front end, its errors placed in the file.
#ifndef TRAILHUNT_LIB_SIGMA_FILTER_PATTERN_RULE_H_
#define TRAILHUNT_LIB_SIGMA_FILTER_PATTERN_RULE_H_

#include <cstddef>

#include "sigma/report.h"
#include "sigma/yaml_reader.h"
#include "trailhunt/sigma.h"

namespace trailhunt::sigma_internal {

// Appends the rule to `out` unless the document has errors (`report`
// counted `errors_before` when the document started).
void LoadFilterPatternRule(const YamlNode& pattern, sigma::RuleInfo info, Report& report,
                           size_t errors_before, sigma::RuleCollection* out);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_FILTER_PATTERN_RULE_H_
