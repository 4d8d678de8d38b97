// Flags that only some commands take (hunt's --rules, --output, ...), peeled
// off argv before the shared parser (cli_options.h) sees the rest, so the
// shared parser keeps rejecting them everywhere else as unknown.
#ifndef TRAILHUNT_CLI_COMMAND_FLAGS_H_
#define TRAILHUNT_CLI_COMMAND_FLAGS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli_options.h"

namespace cli {

struct FlagSpec {
  std::string name;  // "--rules"
  bool takes_value = false;
};

struct CommandFlags {
  // Values in command-line order per flag; a flag without a value records
  // one empty string per use.
  std::map<std::string, std::vector<std::string>> values;

  bool Has(const std::string& name) const { return values.count(name) > 0; }
  const std::vector<std::string>& All(const std::string& name) const;
  // The last value given (flags given twice: the last one wins).
  std::string Last(const std::string& name) const;
};

// Takes the flags in `specs` out of argv[first..] (as `--name value` or
// `--name=value`, anywhere before a `--`), and parses what is left with
// ParseOptions. Errors name the flag.
absl::StatusOr<Options> ParseCommandOptions(int argc, char** argv, int first,
                                            const std::vector<FlagSpec>& specs,
                                            CommandFlags* flags);

}  // namespace cli

#endif  // TRAILHUNT_CLI_COMMAND_FLAGS_H_
