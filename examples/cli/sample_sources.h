// The embedded sample as sources: what every command reads without a PATH.
#ifndef TRAILHUNT_CLI_SAMPLE_SOURCES_H_
#define TRAILHUNT_CLI_SAMPLE_SOURCES_H_

#include <vector>

#include "trailhunt/input.h"

namespace cli {
std::vector<trailhunt::Source> SampleSources();
}  // namespace cli

#endif  // TRAILHUNT_CLI_SAMPLE_SOURCES_H_
