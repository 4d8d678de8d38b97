// trailhunt rules list | show | check: what a hunt would run, one rule in
// full, and a compile-only check for a rule author's CI. `list` prints one
// row (or JSON object) per compiled rule on stdout, `show` one rule;
// `check` prints nothing on stdout. Diagnostics go to stderr as
// `file:line:column: error: message`; any error exits 2.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "command_flags.h"
#include "commands.h"
#include "match_writer.h"
#include "rule_loading.h"
#include "table_writer.h"
#include "trailhunt/hunt.h"
#include "trailhunt/json_text.h"
#include "trailhunt/packs.h"

namespace cli {
namespace {

constexpr char kRulesUsage[] = R"(usage: trailhunt rules list [--rules FILE|DIR]... [--pack NAME]...
                            [--format table|jsonl|csv]
       trailhunt rules show ID [--rules FILE|DIR]... [--pack NAME]...
                            [--format text|json]
       trailhunt rules check [--placeholder NAME=VALUE]... FILE|DIR...

list    one row per rule (detections, then correlations): id, title, level,
        kind, language (sigma or filterpattern), control (the benchmark
        control a compliance rule implements), tags, source file and the
        fields it reads. With no --rules and no --pack: every built-in pack,
        compliance packs included; --pack NAME (repeatable) limits the list
        to those packs. jsonl: one object per rule with id, title, level,
        status, tags, attack (ATT&CK ids), source, kind ("detection" or
        "correlation"), language, control (null when none), fields.
        --filters and --placeholder as for hunt.
show    one rule, found by id, else name, else exact title, among the packs
        (default: every built-in pack) and --rules files: id, title, kind,
        language, level, status, its pack or file, its compliance control
        (benchmark, control, Security Hub id, profile), the fields it reads,
        the filters applied to it, for a correlation the rules it
        references, then its source text. --format json: one document with
        the same content.
check   loads and compiles the rule files (directories: every *.yml and
        *.yaml below), prints each problem on stderr as
        file:line:column: error|warning: message, then one summary line
        ("3 files, 5 rules, 0 errors, 1 warning"). Prints nothing on stdout.

exit codes: 0 success (warnings allowed); 2 usage error, or any rule that
does not load or compile (list still lists the rules that did), or no rule
that show was asked for.
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
  line += "\",\"language\":";
  trailhunt::AppendJsonString(line, trailhunt::sigma::RuleLanguageName(info.language));
  line += ",\"control\":";
  if (info.compliance.control.empty()) {
    line += "null";
  } else {
    trailhunt::AppendJsonString(line, info.compliance.control);
  }
  line += ",\"fields\":";
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
  // A listing shows everything built in; only a hunt leaves the compliance
  // packs out by default.
  request->default_packs = RuleRequest::DefaultPacks::kAllPacks;
  LoadedRules loaded;
  DiagnosticCounts counts;
  auto rules = LoadAndCompile(*request, trailhunt::RuleSetOptions{}, &loaded, &counts);
  if (rules != nullptr) {
    if (format == "jsonl") {
      std::string line;
      for (size_t i = 0; i < rules->size(); ++i) WriteJsonRule(rules->rule(i), line);
    } else {
      RowWriter writer(format == "csv" ? RowFormat::kCsv : RowFormat::kTable,
                       {"id", "title", "level", "kind", "language", "control", "tags", "source",
                        "fields"},
                       stdout);
      for (size_t i = 0; i < rules->size(); ++i) {
        const trailhunt::HuntRule& rule = rules->rule(i);
        writer.Add({trailhunt::Value::String(RuleIdOf(rule.info)),
                    trailhunt::Value::String(rule.info.title),
                    trailhunt::Value::String(rule.info.level),
                    trailhunt::Value::String(KindName(rule)),
                    trailhunt::Value::String(
                        std::string(trailhunt::sigma::RuleLanguageName(rule.info.language))),
                    trailhunt::Value::String(rule.info.compliance.control),
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

// "pack:cis/cis_4_1.yml" -> "cis/cis_4_1.yml"; "" for a rule from a file.
std::string_view PackFileOf(std::string_view origin) {
  constexpr std::string_view kPrefix = "pack:";
  return origin.substr(0, kPrefix.size()) == kPrefix ? origin.substr(kPrefix.size())
                                                     : std::string_view();
}

// `line` as split below, with its newline.
bool IsDocumentSeparator(std::string_view line) {
  if (line.substr(0, 3) != "---") return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' ||
         line[3] == '\n';
}

// The YAML document of `text` whose content starts at 1-based `line`: up to
// the next `---` line. A file's first document starts at the top of the
// file, so the comments above its first key are shown too.
std::string DocumentText(std::string_view text, int line) {
  std::vector<std::string_view> lines;
  for (size_t at = 0; at < text.size();) {
    const size_t end = text.find('\n', at);
    const size_t stop = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(at, stop - at));
    at = stop;
  }
  size_t first = line > 0 ? static_cast<size_t>(line - 1) : 0;
  if (first >= lines.size()) return std::string(text);
  bool separator_before = false;
  for (size_t i = 0; i < first; ++i) separator_before |= IsDocumentSeparator(lines[i]);
  if (!separator_before) first = 0;
  std::string out;
  for (size_t i = first; i < lines.size(); ++i) {
    if (i > first && IsDocumentSeparator(lines[i])) break;
    out.append(lines[i].data(), lines[i].size());
  }
  if (!out.empty() && out.back() != '\n') out += '\n';
  return out;
}

// The document text of the rule at `origin`:`line`, from the pack it is
// built into or the file it was loaded from.
absl::StatusOr<std::string> RuleSourceText(const std::string& origin, int line) {
  const std::string_view pack_file = PackFileOf(origin);
  if (!pack_file.empty()) {
    const std::string_view pack = pack_file.substr(0, pack_file.find('/'));
    for (const trailhunt::packs::PackFile& f : trailhunt::packs::PackFiles(pack)) {
      if (f.name == pack_file) return DocumentText(f.text, line);
    }
    return absl::NotFoundError("the built-in pack has no file '" + std::string(pack_file) + "'");
  }
  std::ifstream in(origin, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return absl::NotFoundError("cannot read '" + origin + "' again to show it");
  return DocumentText(text.str(), line);
}

struct ShownRule {
  const trailhunt::HuntRule* rule = nullptr;
  std::string pack;     // "" for a rule from a file
  std::string file;     // the pack file name, or the file as named
  std::string source_text;
  std::vector<std::string> references;  // correlations: the referenced rules' ids
};

void AppendJsonKey(std::string& out, std::string_view key, std::string_view value,
                   bool null_if_empty) {
  out += ",\n  ";
  trailhunt::AppendJsonString(out, key);
  out += ": ";
  if (null_if_empty) {
    AppendJsonStringOrNull(out, value);
  } else {
    trailhunt::AppendJsonString(out, value);
  }
}

void AppendJsonList(std::string& out, std::string_view key, const std::vector<std::string>& items) {
  out += ",\n  ";
  trailhunt::AppendJsonString(out, key);
  out += ": ";
  AppendJsonStrings(out, items);
}

void WriteShownJson(const ShownRule& shown) {
  const trailhunt::sigma::RuleInfo& info = shown.rule->info;
  std::string out = "{\n  \"id\": ";
  trailhunt::AppendJsonString(out, RuleIdOf(info));
  AppendJsonKey(out, "title", info.title, false);
  AppendJsonKey(out, "kind", KindName(*shown.rule), false);
  AppendJsonKey(out, "language", trailhunt::sigma::RuleLanguageName(info.language), false);
  AppendJsonKey(out, "level", info.level, true);
  AppendJsonKey(out, "status", info.status, true);
  AppendJsonKey(out, "pack", shown.pack, true);
  AppendJsonKey(out, "file", shown.file, false);
  out += ",\n  \"compliance\": ";
  const trailhunt::sigma::ComplianceRef& c = info.compliance;
  if (c.control.empty()) {
    out += "null";
  } else {
    out += "{\"benchmark\": ";
    trailhunt::AppendJsonString(out, c.benchmark);
    out += ", \"control\": ";
    trailhunt::AppendJsonString(out, c.control);
    out += ", \"securityhub\": ";
    if (c.securityhub.empty()) {
      out += "null";
    } else {
      trailhunt::AppendJsonString(out, c.securityhub);
    }
    out += ", \"profile\": ";
    if (c.profile.empty()) {
      out += "null";
    } else {
      trailhunt::AppendJsonString(out, c.profile);
    }
    out += '}';
  }
  AppendJsonList(out, "fields_read", shown.rule->fields_read);
  AppendJsonList(out, "filters", shown.rule->filters);
  AppendJsonList(out, "references", shown.references);
  AppendJsonKey(out, "source_text", shown.source_text, false);
  out += "\n}\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
}

std::string JoinedOrNone(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "(none)" : out;
}

void WriteShownText(const ShownRule& shown) {
  const trailhunt::sigma::RuleInfo& info = shown.rule->info;
  std::string out;
  auto field = [&out](std::string_view name, const std::string& value) {
    out += name;
    out.append(name.size() < 14 ? 14 - name.size() : 1, ' ');
    AppendWithoutControls(out, value.empty() ? "-" : value);
    out += '\n';
  };
  field("id:", RuleIdOf(info));
  field("title:", info.title);
  field("kind:", KindName(*shown.rule));
  field("language:", std::string(trailhunt::sigma::RuleLanguageName(info.language)));
  field("level:", info.level);
  field("status:", info.status);
  if (!shown.pack.empty()) field("pack:", shown.pack);
  field("file:", shown.file);
  const trailhunt::sigma::ComplianceRef& c = info.compliance;
  if (!c.control.empty()) {
    field("benchmark:", c.benchmark);
    field("control:", c.control);
    field("securityhub:", c.securityhub);
    field("profile:", c.profile);
  }
  field("fields read:", JoinedOrNone(shown.rule->fields_read));
  field("filters:", JoinedOrNone(shown.rule->filters));
  if (shown.rule->kind == trailhunt::HuntRule::Kind::kCorrelation) {
    field("references:", JoinedOrNone(shown.references));
  }
  out += "\n";
  AppendWithoutControls(out, shown.source_text);
  std::fwrite(out.data(), 1, out.size(), stdout);
}

// What show looked through, for the message when nothing matched.
std::string Searched(const RuleRequest& request) {
  std::string out;
  const std::vector<std::string> packs = RequestedPacks(request);
  if (!packs.empty()) out += (packs.size() == 1 ? "pack " : "packs ") + JoinedOrNone(packs);
  if (!request.rule_paths.empty()) {
    out += out.empty() ? "" : " and ";
    out += "rule files under " + JoinedOrNone(request.rule_paths);
  }
  return out.empty() ? "no rules" : out;
}

int RunShow(const Options& options, const CommandFlags& flags) {
  const std::string format = options.format.empty() ? "text" : options.format;
  if (format != "text" && format != "json") {
    std::fprintf(stderr, "trailhunt rules show: --format must be text or json\n");
    return 2;
  }
  if (options.paths.size() != 1) {
    std::fprintf(stderr,
                 "trailhunt rules show: %s: trailhunt rules show ID "
                 "[--pack NAME|--rules PATH]...\n",
                 options.paths.empty() ? "which rule?" : "name one rule");
    return 2;
  }
  const std::string& wanted = options.paths.front();
  auto request = RuleRequestFromFlags(flags);
  if (!request.ok()) {
    std::fprintf(stderr, "trailhunt rules show: %s\n",
                 std::string(request.status().message()).c_str());
    return 2;
  }
  request->default_packs = RuleRequest::DefaultPacks::kAllPacks;
  LoadedRules loaded;
  DiagnosticCounts counts;
  auto rules = LoadAndCompile(*request, trailhunt::RuleSetOptions{}, &loaded, &counts);
  // By id first: an id names one rule, while a name or a title may be
  // shared (the same control's title in two versions of a benchmark).
  std::vector<size_t> found;
  for (int pass = 0; pass < 3 && found.empty() && rules != nullptr; ++pass) {
    for (size_t i = 0; i < rules->size(); ++i) {
      const trailhunt::sigma::RuleInfo& info = rules->rule(i).info;
      const std::string& key = pass == 0 ? info.id : pass == 1 ? info.name : info.title;
      if (!key.empty() && key == wanted) found.push_back(i);
    }
  }
  if (found.empty()) {
    std::fprintf(stderr,
                 "trailhunt rules show: no rule has the id, name or title '%s' (searched %s)\n",
                 wanted.c_str(), Searched(*request).c_str());
    return 2;
  }
  if (found.size() > 1) {
    std::string where;
    for (size_t i : found) {
      where += "\n  " + RuleIdOf(rules->rule(i).info) + "  " + rules->rule(i).info.where.file;
    }
    std::fprintf(stderr,
                 "trailhunt rules show: %zu rules answer to '%s'; name one by id, or narrow the "
                 "search with --pack:%s\n",
                 found.size(), wanted.c_str(), where.c_str());
    return 2;
  }
  const trailhunt::HuntRule& rule = rules->rule(found.front());
  ShownRule shown;
  shown.rule = &rule;
  const std::string_view pack_file = PackFileOf(rule.info.where.file);
  if (!pack_file.empty()) {
    shown.pack = std::string(pack_file.substr(0, pack_file.find('/')));
    shown.file = std::string(pack_file);
  } else {
    shown.file = rule.info.where.file;
  }
  for (uint32_t r : rule.references) shown.references.push_back(RuleIdOf(rules->rule(r).info));
  auto text = RuleSourceText(rule.info.where.file, rule.info.where.line);
  if (!text.ok()) {
    std::fprintf(stderr, "trailhunt rules show: %s\n",
                 std::string(text.status().message()).c_str());
    return 2;
  }
  shown.source_text = *std::move(text);
  if (format == "json") {
    WriteShownJson(shown);
  } else {
    WriteShownText(shown);
  }
  std::fflush(stdout);
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
  request->default_packs = RuleRequest::DefaultPacks::kNone;
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
  if (sub != "list" && sub != "show" && sub != "check") {
    std::fprintf(stderr, "trailhunt rules: %s\n%s",
                 sub.empty() ? "which one: list, show or check?"
                             : ("unknown subcommand '" + sub + "' (list, show or check)").c_str(),
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
  if (sub == "list") return RunList(*options, flags);
  if (sub == "show") return RunShow(*options, flags);
  return RunCheck(*options, flags);
}

}  // namespace cli
