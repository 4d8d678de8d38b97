// Command-line flags shared by every command, parsed once.
#ifndef TRAILHUNT_CLI_CLI_OPTIONS_H_
#define TRAILHUNT_CLI_CLI_OPTIONS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "trailhunt/engine.h"

namespace cli {

enum class ColorMode { kAuto, kAlways, kNever };

struct Options {
  std::string command;
  std::vector<std::string> paths;  // empty: the embedded sample
  trailhunt::ScanOptions scan;
  bool strict = false;
  std::string errors_file;         // rejected-record reports as JSON lines
  ColorMode color = ColorMode::kAuto;
  std::string format;              // "" = the command's default
  std::vector<std::string> fields;
  bool help = false;
  // query
  int64_t now_ns = trailhunt::kNoTime;  // --now: "now" for relative times
  bool explain = false;                 // --explain: the compiled plan on stderr
  ColorMode progress = ColorMode::kAuto;  // --progress: a bar on stderr
  size_t max_groups = 0;                // --max-groups (0 = library default)
  size_t max_events = 0;                // --max-events (0 = library default)
};

// Parses argv[first..]; flags may come before or after paths, `--` ends
// flags. Errors name the flag.
absl::StatusOr<Options> ParseOptions(int argc, char** argv, int first);

// ISO-8601 date or date-time (UTC when no zone), or epoch seconds.
absl::StatusOr<int64_t> ParseTimeBound(const std::string& text);

// Whether to colour stdout.
bool UseColor(ColorMode mode);
// Whether to draw a progress bar on stderr.
bool UseProgress(ColorMode mode);

}  // namespace cli

#endif  // TRAILHUNT_CLI_CLI_OPTIONS_H_
