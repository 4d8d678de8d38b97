// The `correlation:` section of a Sigma correlation rule (specification
// v2.1): type, rules, group-by, timespan, condition, aliases, generate.
#ifndef TRAILHUNT_LIB_SIGMA_CORRELATION_H_
#define TRAILHUNT_LIB_SIGMA_CORRELATION_H_

#include "sigma/report.h"
#include "sigma/yaml_reader.h"
#include "trailhunt/sigma.h"

namespace trailhunt::sigma_internal {

// Fills everything of `out` but `info` from the document's `correlation`
// map (and the top-level `generate`, where the specification puts it);
// `key` is the `correlation` key, where missing parts are reported. False
// when anything is missing, unknown or malformed.
bool ReadCorrelation(const YamlNode& document, const YamlNode& key, const YamlNode& section,
                     Report& report, CorrelationRule* out);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_CORRELATION_H_
