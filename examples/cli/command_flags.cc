#include "command_flags.h"

namespace cli {

const std::vector<std::string>& CommandFlags::All(const std::string& name) const {
  static const std::vector<std::string> kNone;
  auto it = values.find(name);
  return it == values.end() ? kNone : it->second;
}

std::string CommandFlags::Last(const std::string& name) const {
  const auto& all = All(name);
  return all.empty() ? std::string() : all.back();
}

absl::StatusOr<Options> ParseCommandOptions(int argc, char** argv, int first,
                                            const std::vector<FlagSpec>& specs,
                                            CommandFlags* flags) {
  std::vector<char*> rest;
  bool flags_done = false;
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    if (flags_done || arg.rfind("--", 0) != 0) {
      rest.push_back(argv[i]);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      rest.push_back(argv[i]);
      continue;
    }
    const size_t eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    const FlagSpec* spec = nullptr;
    for (const FlagSpec& s : specs) {
      if (s.name == name) spec = &s;
    }
    if (spec == nullptr) {
      rest.push_back(argv[i]);
      continue;
    }
    if (!spec->takes_value) {
      if (eq != std::string::npos) {
        return absl::InvalidArgumentError(name + " takes no value");
      }
      flags->values[name].emplace_back();
      continue;
    }
    if (eq != std::string::npos) {
      flags->values[name].push_back(arg.substr(eq + 1));
    } else if (i + 1 < argc) {
      flags->values[name].emplace_back(argv[++i]);
    } else {
      return absl::InvalidArgumentError(name + " needs a value");
    }
  }
  return ParseOptions(static_cast<int>(rest.size()), rest.data(), 0);
}

}  // namespace cli
