// Where `hunt` and `rules` get their rules: --rules files and directories,
// built-in --pack's, --filters documents and --placeholder values, loaded
// into one collection and compiled once, with every diagnostic on stderr in
// the compiler form `file:line:column: error: message`.
#ifndef TRAILHUNT_CLI_RULE_LOADING_H_
#define TRAILHUNT_CLI_RULE_LOADING_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "command_flags.h"
#include "trailhunt/hunt.h"
#include "trailhunt/sigma.h"

namespace cli {

// The flags naming rules, as FlagSpecs for ParseCommandOptions.
std::vector<FlagSpec> RuleFlagSpecs();

struct RuleRequest {
  std::vector<std::string> rule_paths;    // --rules
  std::vector<std::string> packs;         // --pack
  std::vector<std::string> filter_paths;  // --filters
  // --filter-pattern: CloudWatch Logs filter patterns given on the command
  // line, each a rule with id "filter-pattern-N" titled by its text.
  std::vector<std::string> filter_patterns;
  // What runs with no --rules and no --pack. Hunts default to the threat
  // packs: the compliance packs restate the same behaviour as a
  // benchmark's controls and would report it twice (`trailhunt cis` and
  // --pack run them).
  enum class DefaultPacks { kNone, kThreatPacks, kAllPacks };
  DefaultPacks default_packs = DefaultPacks::kThreatPacks;
  trailhunt::sigma::LoadOptions load;     // --placeholder fills its placeholders
};

// Reads the rule flags out of `flags`. An unknown pack or a malformed
// --placeholder is a usage error (the message lists the known packs).
absl::StatusOr<RuleRequest> RuleRequestFromFlags(const CommandFlags& flags);

// `NAME=VALUE` (also `%NAME%=VALUE`) appended to the placeholder's values.
absl::Status AddPlaceholder(std::string_view assignment, trailhunt::sigma::LoadOptions* load);

struct LoadedRules {
  trailhunt::sigma::RuleCollection collection;
  size_t files = 0;  // rule files read, pack files included
  // Rule file path -> the name a table shows: relative to the parent of the
  // --rules directory it was found under ("hunt/access_denied.yml"), or the
  // file name of a file named directly. Short, and free of where the
  // directory happens to live.
  std::map<std::string, std::string> display_names;

  const std::string& DisplayName(const std::string& file) const;
};

// A path's rule files: the file itself, or every *.yml and *.yaml under a
// directory (recursively, sorted by path, symlinked directories not
// followed). A directory without any is a warning; a path that cannot be
// walked, an error.
std::vector<std::string> RuleFilesUnder(const std::string& path,
                                        std::vector<trailhunt::sigma::Diagnostic>* diagnostics);

// The packs `request` loads: its --pack's, else its default packs when it
// names no --rules either.
std::vector<std::string> RequestedPacks(const RuleRequest& request);

// Loads what `request` names, in the order: --rules, --pack (or the
// default packs), --filters. Never fails as a whole: problems are
// diagnostics in the collection.
LoadedRules LoadRules(const RuleRequest& request);

struct DiagnosticCounts {
  size_t errors = 0;
  size_t warnings = 0;
};
// Prints each diagnostic on its own line of stderr.
DiagnosticCounts PrintDiagnostics(const std::vector<trailhunt::sigma::Diagnostic>& diagnostics);

// LoadRules, then RuleSet::Compile, printing every diagnostic of both (and
// the skipped documents) on stderr. The rule set holds what compiled, even
// when some rules did not; `counts` says how many did not.
std::shared_ptr<const trailhunt::RuleSet> LoadAndCompile(const RuleRequest& request,
                                                         const trailhunt::RuleSetOptions& options,
                                                         LoadedRules* loaded,
                                                         DiagnosticCounts* counts);

// Notes on stderr about documents skipped for their logsource, so a rule
// for another log source never disappears without a word.
void PrintSkipped(const trailhunt::sigma::RuleCollection& collection);

// "3 files", "1 warning": the count and the noun, singular for one.
std::string Counted(size_t n, std::string_view singular, std::string_view plural);

// The identifier a rule is reported by: its id, else its `name:`.
std::string RuleIdOf(const trailhunt::sigma::RuleInfo& info);

}  // namespace cli

#endif  // TRAILHUNT_CLI_RULE_LOADING_H_
