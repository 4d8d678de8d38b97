// trailhunt rules list | check: what a hunt would run, and a compile-only
// check for a rule author's CI. `list` prints one row (or JSON object) per
// compiled rule on stdout; `check` prints nothing on stdout. Diagnostics go
// to stderr as `file:line:column: error: message`; any error exits 2.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command_flags.h"
#include "commands.h"
#include "match_writer.h"
#include "rule_loading.h"
#include "table_writer.h"
#include "trailhunt/hunt.h"
#include "trailhunt/json_text.h"

namespace cli {
namespace {

constexpr char kRulesUsage[] = R"(usage: trailhunt rules list [--rules FILE|DIR]... [--pack NAME]...
                            [--format table|jsonl|csv]
       trailhunt rules check [--placeholder NAME=VALUE]... FILE|DIR...

list    one row per rule a hunt with the same flags would run (detections,
        then correlations): id, title, level, kind, tags, source file and the
        fields it reads. With no --rules and no --pack: every built-in pack;
        --pack NAME adds one. jsonl: one object per rule with id, title,
        level, status, tags, attack (ATT&CK ids), source, kind ("detection" or
        "correlation"), fields. --filters and --placeholder as for hunt.
check   loads and compiles the rule files (directories: every *.yml and
        *.yaml below), prints each problem on stderr as
        file:line:column: error|warning: message, then one summary line
        ("3 files, 5 rules, 0 errors, 1 warning"). Prints nothing on stdout.

exit codes: 0 success (warnings allowed); 2 usage error, or any rule that
does not load or compile (list still lists the rules that did).
)";

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

void AppendJsonStrings(std::string& line, const std::vector<std::string>& items) {
  line += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) line += ',';
    trailhunt::AppendJsonString(line, items[i]);
  }
  line += ']';
}

const char* KindName(const trailhunt::HuntRule& rule) {
  return rule.kind == trailhunt::HuntRule::Kind::kCorrelation ? "correlation" : "detection";
}

void WriteJsonRule(const trailhunt::HuntRule& rule, std::string& line) {
  const trailhunt::sigma::RuleInfo& info = rule.info;
  line.clear();
  line += "{\"id\":";
  trailhunt::AppendJsonString(line, RuleIdOf(info));
  line += ",\"title\":";
  trailhunt::AppendJsonString(line, info.title);
  line += ",\"level\":";
  trailhunt::AppendJsonString(line, info.level);
  line += ",\"status\":";
  trailhunt::AppendJsonString(line, info.status);
  line += ",\"tags\":";
  AppendJsonStrings(line, info.tags);
  line += ",\"attack\":";
  AppendJsonStrings(line, info.attack_ids);
  line += ",\"source\":";
  trailhunt::AppendJsonString(line, info.where.file);
  line += ",\"kind\":\"";
  line += KindName(rule);
  line += "\",\"fields\":";
  AppendJsonStrings(line, rule.fields_read);
  line += "}\n";
  std::fwrite(line.data(), 1, line.size(), stdout);
}

int RunList(const Options& options, const CommandFlags& flags) {
  const std::string format = options.format.empty() ? "table" : options.format;
  if (format != "table" && format != "jsonl" && format != "csv") {
    std::fprintf(stderr, "trailhunt rules list: --format must be table, jsonl or csv\n");
    return 2;
  }
  if (!options.paths.empty()) {
    std::fprintf(stderr,
                 "trailhunt rules list: unexpected argument '%s' (name rule files with --rules)\n",
                 options.paths.front().c_str());
    return 2;
  }
  auto request = RuleRequestFromFlags(flags);
  if (!request.ok()) {
    std::fprintf(stderr, "trailhunt rules list: %s\n", std::string(request.status().message()).c_str());
    return 2;
  }
  LoadedRules loaded;
  DiagnosticCounts counts;
  auto rules = LoadAndCompile(*request, trailhunt::RuleSetOptions{}, &loaded, &counts);
  if (rules != nullptr) {
    if (format == "jsonl") {
      std::string line;
      for (size_t i = 0; i < rules->size(); ++i) WriteJsonRule(rules->rule(i), line);
    } else {
      RowWriter writer(format == "csv" ? RowFormat::kCsv : RowFormat::kTable,
                       {"id", "title", "level", "kind", "tags", "source", "fields"}, stdout);
      for (size_t i = 0; i < rules->size(); ++i) {
        const trailhunt::HuntRule& rule = rules->rule(i);
        writer.Add({trailhunt::Value::String(RuleIdOf(rule.info)),
                    trailhunt::Value::String(rule.info.title),
                    trailhunt::Value::String(rule.info.level),
                    trailhunt::Value::String(KindName(rule)),
                    trailhunt::Value::String(JoinedTags(rule.info)),
                    trailhunt::Value::String(format == "csv"
                                                 ? rule.info.where.file
                                                 : loaded.DisplayName(rule.info.where.file)),
                    trailhunt::Value::String(Joined(rule.fields_read))});
      }
      writer.Finish();
    }
  }
  std::fflush(stdout);
  if (counts.errors > 0) {
    std::fprintf(stderr, "trailhunt rules list: %s; the rules above are those that loaded\n",
                 Counted(counts.errors, "error", "errors").c_str());
    return 2;
  }
  return 0;
}

int RunCheck(const Options& options, const CommandFlags& flags) {
  if (options.paths.empty()) {
    std::fprintf(stderr, "trailhunt rules check: name the rule files: trailhunt rules check FILE|DIR...\n");
    return 2;
  }
  auto request = RuleRequestFromFlags(flags);
  if (!request.ok()) {
    std::fprintf(stderr, "trailhunt rules check: %s\n", std::string(request.status().message()).c_str());
    return 2;
  }
  request->rule_paths = options.paths;
  request->all_packs_by_default = false;
  LoadedRules loaded;
  DiagnosticCounts counts;
  LoadAndCompile(*request, trailhunt::RuleSetOptions{}, &loaded, &counts);
  const trailhunt::sigma::RuleCollection& c = loaded.collection;
  const size_t rule_count = c.rules.size() + c.correlations.size() + c.filters.size();
  std::fprintf(stderr, "%s, %s, %s, %s\n", Counted(loaded.files, "file", "files").c_str(),
               Counted(rule_count, "rule", "rules").c_str(),
               Counted(counts.errors, "error", "errors").c_str(),
               Counted(counts.warnings, "warning", "warnings").c_str());
  return counts.errors > 0 ? 2 : 0;
}

}  // namespace

int RunRules(int argc, char** argv, int first) {
  const std::string sub = first < argc ? argv[first] : "";
  if (sub == "-h" || sub == "--help" || sub == "help") {
    std::fputs(kRulesUsage, stdout);
    return 0;
  }
  if (sub != "list" && sub != "check") {
    std::fprintf(stderr, "trailhunt rules: %s\n%s",
                 sub.empty() ? "which one: list or check?"
                             : ("unknown subcommand '" + sub + "' (list or check)").c_str(),
                 kRulesUsage);
    return 2;
  }
  std::vector<FlagSpec> specs = RuleFlagSpecs();
  if (sub == "check") specs = {{"--placeholder", true}};
  CommandFlags flags;
  auto options = ParseCommandOptions(argc, argv, first + 1, specs, &flags);
  if (!options.ok()) {
    std::fprintf(stderr, "trailhunt rules %s: %s (try trailhunt rules --help)\n", sub.c_str(),
                 std::string(options.status().message()).c_str());
    return 2;
  }
  if (options->help) {
    std::fputs(kRulesUsage, stdout);
    return 0;
  }
  options->command = "rules " + sub;
  return sub == "list" ? RunList(*options, flags) : RunCheck(*options, flags);
}

}  // namespace cli
