// The `filter:` section of a Sigma filter (global exclusion) document: the
// rules it applies to, its own search identifiers and its condition, which
// the hunt ANDs to the condition of every rule it names.
#ifndef TRAILHUNT_LIB_SIGMA_FILTER_H_
#define TRAILHUNT_LIB_SIGMA_FILTER_H_

#include "sigma/report.h"
#include "sigma/yaml_reader.h"
#include "trailhunt/sigma.h"

namespace trailhunt::sigma_internal {

// Fills everything of `out` but `info`; `key` is the `filter` key, where
// missing parts are reported. False on any error.
bool ReadFilter(const YamlNode& key, const YamlNode& section, const LoadOptions& options,
                Report& report, FilterRule* out);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_FILTER_H_
