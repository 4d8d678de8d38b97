#include "sample_sources.h"

#include <string>

#include "sample_embedded.h"

namespace cli {

std::vector<trailhunt::Source> SampleSources() {
  std::vector<trailhunt::Source> out;
  for (unsigned long i = 0; i < sample::kFileCount; ++i) {
    const sample::EmbeddedFile& f = sample::kFiles[i];
    out.push_back(trailhunt::MemorySource(
        std::string("sample:") + f.name,
        std::string_view(reinterpret_cast<const char*>(f.data), f.size)));
  }
  return out;
}

absl::StatusOr<std::vector<trailhunt::Source>> SourcesOrSample(
    const std::vector<std::string>& paths) {
  if (paths.empty()) return SampleSources();
  return trailhunt::ExpandPaths(paths);
}

}  // namespace cli
