// The CLI's commands. Each returns the process exit code (DESIGN.md: 0 ok,
// 1 matches with hunt --fail-on-match, 2 usage or unreadable input,
// --strict makes rejected records exit 2).
#ifndef TRAILHUNT_CLI_COMMANDS_H_
#define TRAILHUNT_CLI_COMMANDS_H_

#include <string>
#include <vector>

#include "cli_options.h"
#include "trailhunt/input.h"

namespace cli {

int RunCat(const Options& options, const std::vector<trailhunt::Source>& sources);
int RunStats(const Options& options, const std::vector<trailhunt::Source>& sources);
int RunFields(const Options& options);
// `spl` is the query text (the first argument after `query`).
int RunQuery(const Options& options, const std::string& spl,
             const std::vector<trailhunt::Source>& sources);
// hunt, rules and cis take flags of their own (--rules, --pack, ...), so they
// parse argv[first..] themselves.
int RunHunt(int argc, char** argv, int first);
int RunRules(int argc, char** argv, int first);
// The posture report over a compliance pack (`trailhunt cis`).
int RunCis(int argc, char** argv, int first);

}  // namespace cli

#endif  // TRAILHUNT_CLI_COMMANDS_H_
