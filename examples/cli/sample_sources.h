// The embedded sample as sources: what every command reads without a PATH.
#ifndef TRAILHUNT_CLI_SAMPLE_SOURCES_H_
#define TRAILHUNT_CLI_SAMPLE_SOURCES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "trailhunt/input.h"

namespace cli {
std::vector<trailhunt::Source> SampleSources();

// What a command reads: its PATHs expanded (trailhunt::ExpandPaths), or the
// embedded sample when it names none.
absl::StatusOr<std::vector<trailhunt::Source>> SourcesOrSample(
    const std::vector<std::string>& paths);
}  // namespace cli

#endif  // TRAILHUNT_CLI_SAMPLE_SOURCES_H_
