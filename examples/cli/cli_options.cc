#include "cli_options.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "trailhunt/time.h"

namespace cli {

absl::StatusOr<int64_t> ParseTimeBound(const std::string& text) {
  if (auto ns = trailhunt::ParseIso8601(text)) return *ns;
  if (text.size() == 10) {
    if (auto ns = trailhunt::ParseIso8601(text + "T00:00:00Z")) return *ns;
  }
  int64_t seconds = 0;
  if (absl::SimpleAtoi(absl::string_view(text.data(), text.size()), &seconds) && seconds >= 0 &&
      seconds < 9223372036) {
    return seconds * 1000000000;
  }
  return absl::InvalidArgumentError("'" + text +
                                    "' is not a time: use 2018-07-26, 2018-07-26T21:00:00Z "
                                    "or epoch seconds");
}

absl::StatusOr<Options> ParseOptions(int argc, char** argv, int first) {
  Options o;
  bool flags_done = false;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    if (flags_done || arg == "-" || arg.empty() || arg[0] != '-') {
      o.paths.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    std::string name = arg, value;
    bool has_value = false;
    if (size_t eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    auto need_value = [&]() -> absl::StatusOr<std::string> {
      if (has_value) return value;
      if (i + 1 >= argc) return absl::InvalidArgumentError(name + " needs a value");
      return std::string(argv[++i]);
    };
    if (name == "-h" || name == "--help") {
      o.help = true;
    } else if (name == "--strict") {
      o.strict = true;
    } else if (name == "--since" || name == "--until") {
      auto v = need_value();
      if (!v.ok()) return v.status();
      auto t = ParseTimeBound(*v);
      if (!t.ok()) return absl::InvalidArgumentError(name + ": " + std::string(t.status().message()));
      (name == "--since" ? o.scan.since_ns : o.scan.until_ns) = *t;
    } else if (name == "--threads") {
      auto v = need_value();
      if (!v.ok()) return v.status();
      int n = 0;
      if (!absl::SimpleAtoi(absl::string_view(v->data(), v->size()), &n) || n < 0 || n > 1024) {
        return absl::InvalidArgumentError("--threads: expected 0..1024 (0 = all cores)");
      }
      o.scan.threads = n;
    } else if (name == "--errors") {
      auto v = need_value();
      if (!v.ok()) return v.status();
      o.errors_file = *v;
    } else if (name == "--color" || name == "--colour") {
      auto v = need_value();
      if (!v.ok()) return v.status();
      if (*v == "auto") o.color = ColorMode::kAuto;
      else if (*v == "always") o.color = ColorMode::kAlways;
      else if (*v == "never") o.color = ColorMode::kNever;
      else return absl::InvalidArgumentError("--color: expected auto, always or never");
    } else if (name == "--format" || name == "-f") {
      auto v = need_value();
      if (!v.ok()) return v.status();
      o.format = *v;
    } else if (name == "--fields") {
      auto v = need_value();
      if (!v.ok()) return v.status();
      for (absl::string_view f : absl::StrSplit(absl::string_view(v->data(), v->size()), ',',
                                                absl::SkipWhitespace())) {
        o.fields.emplace_back(f.data(), f.size());
      }
      if (o.fields.empty()) return absl::InvalidArgumentError("--fields: no field named");
    } else if (name == "--now") {
      auto v = need_value();
      if (!v.ok()) return v.status();
      auto t = ParseTimeBound(*v);
      if (!t.ok()) return absl::InvalidArgumentError("--now: " + std::string(t.status().message()));
      o.now_ns = *t;
    } else if (name == "--explain") {
      o.explain = true;
    } else if (name == "--progress") {
      auto v = need_value();
      if (!v.ok()) return v.status();
      if (*v == "auto") o.progress = ColorMode::kAuto;
      else if (*v == "always") o.progress = ColorMode::kAlways;
      else if (*v == "never") o.progress = ColorMode::kNever;
      else return absl::InvalidArgumentError("--progress: expected auto, always or never");
    } else if (name == "--max-groups" || name == "--max-events") {
      auto v = need_value();
      if (!v.ok()) return v.status();
      uint64_t n = 0;
      if (!absl::SimpleAtoi(absl::string_view(v->data(), v->size()), &n) || n == 0) {
        return absl::InvalidArgumentError(name + ": expected a positive count");
      }
      (name == "--max-groups" ? o.max_groups : o.max_events) = static_cast<size_t>(n);
    } else {
      return absl::InvalidArgumentError("unknown flag '" + name + "'");
    }
  }
  if (o.scan.since_ns != trailhunt::kNoTime && o.scan.until_ns != trailhunt::kNoTime &&
      o.scan.since_ns >= o.scan.until_ns) {
    return absl::InvalidArgumentError("--since must be before --until");
  }
  return o;
}

bool UseColor(ColorMode mode) {
  if (mode != ColorMode::kAuto) return mode == ColorMode::kAlways;
  if (std::getenv("NO_COLOR") != nullptr) return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

bool UseProgress(ColorMode mode) {
  if (mode != ColorMode::kAuto) return mode == ColorMode::kAlways;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return false;
  return ::isatty(STDERR_FILENO) == 1;
}

}  // namespace cli
