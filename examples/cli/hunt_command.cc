// trailhunt hunt: runs Sigma rules (built-in packs, files, directories) over
// CloudTrail and prints one result per (rule, record) match and one per
// correlation alert, in (source, record) order whatever --threads.
//
// Output contract (DESIGN.md): stdout carries data only. The data is the
// matches; the per-rule summary goes to stderr after the scan. With
// --summary the summary table IS the data: it goes to stdout (in --format)
// and the matches are not printed, unless --output FILE names a place for
// them. Rule diagnostics, rejected records and scan statistics are always on
// stderr.
#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "command_flags.h"
#include "commands.h"
#include "match_writer.h"
#include "report.h"
#include "rule_loading.h"
#include "sample_sources.h"
#include "scan_notes.h"
#include "table_writer.h"
#include "trailhunt/hunt.h"

namespace cli {
namespace {

constexpr char kHuntUsage[] = R"(usage: trailhunt hunt [FLAGS] [PATH...]

Runs Sigma detection, correlation and filter rules over CloudTrail and prints
one result per (rule, record) match, in (source, record) order whatever
--threads. With no PATH it reads the embedded sample.

rules (repeatable; with no --rules, --filter-pattern and --pack, the built-in
threat packs):
  --rules FILE|DIR         rule files (*.yml, *.yaml under a directory): Sigma,
                           or documents whose detection is a `filterpattern:`
  --filter-pattern TEXT    a CloudWatch Logs filter pattern, as a metric filter
                           states it: '{ $.errorCode = "AccessDenied*" }'
  --pack NAME              a built-in pack (see `trailhunt rules list`); the
                           compliance packs (cis, cis-v5, securityhub) restate
                           threats as a benchmark's controls and run only when
                           named here or by `trailhunt cis`
  --filters FILE|DIR       Sigma filter documents applied to the loaded rules
  --placeholder NAME=VALUE a value for %NAME% in `|expand` rules (repeat a
                           NAME to give it several values)

output:
  --format jsonl|csv|table jsonl (default): one object per match with rule_id,
                           rule_title, level, tags, source, record_index
                           (0-based in its source), eventTime, principal,
                           src_ip, eventName; one per correlation alert with
                           kind "correlation", group, first_eventTime,
                           last_eventTime, value, events, events_total.
                           csv, table: the same scalar columns
  --raw                    jsonl: add "raw", the matching record itself
  --output FILE            write the matches to FILE instead of stdout
  --summary                print the summary table (matches per rule, alerts
                           per correlation, most severe level first) on
                           stdout as the data, in --format, instead of the
                           matches (which still go to --output FILE)
  --explain                the compiled rules and the rule index on stderr
  --fail-on-match          exit 1 when anything matched
  --strict, --errors FILE, --threads N, --since, --until: as for every command

Without --summary, the summary table and the scan's statistics (records read
and rejected, rule evaluations per record) go to stderr after the matches.

exit codes: 0 success, matches or not; 1 matches with --fail-on-match;
2 usage error, unreadable input, a rule that does not load or compile (nothing
is scanned then), or rejected records with --strict.
)";

bool IsMatchFormat(const std::string& format) {
  return format == "jsonl" || format == "csv" || format == "table";
}

// Matches and alerts to the writer; the rest as every hunting command does.
class HuntOutput : public ScanNotes {
 public:
  HuntOutput(const trailhunt::RuleSet* rules, MatchWriter* writer, Reporter* reporter)
      : ScanNotes(reporter), rules_(rules), writer_(writer) {}

  void OnMatch(const trailhunt::HuntMatch& match) override {
    const trailhunt::HuntRule& rule = rules_->rule(match.rule);
    if (!rule.reported) return;
    if (writer_ != nullptr) writer_->Match(match, rule);
  }
  void OnAlert(const trailhunt::HuntAlert& alert) override {
    if (writer_ != nullptr) writer_->Alert(alert, rules_->rule(alert.rule));
  }

 private:
  const trailhunt::RuleSet* rules_;
  MatchWriter* writer_;
};

// Severity order for the summary: the most urgent rules first.
int LevelRank(const std::string& level) {
  static const char* const kLevels[] = {"critical", "high", "medium", "low", "informational"};
  for (int i = 0; i < 5; ++i) {
    if (level == kLevels[i]) return i;
  }
  return 5;
}

struct SummaryRow {
  size_t rule = 0;
  uint64_t matches = 0;
};

// The reported rules that matched (detections) or alerted (correlations),
// by level, then in rule order.
std::vector<SummaryRow> SummaryRows(const trailhunt::RuleSet& rules,
                                    const trailhunt::HuntSummary& summary) {
  std::vector<SummaryRow> rows;
  for (size_t i = 0; i < rules.size() && i < summary.per_rule.size(); ++i) {
    if (rules.rule(i).reported && summary.per_rule[i] > 0) rows.push_back({i, summary.per_rule[i]});
  }
  std::stable_sort(rows.begin(), rows.end(), [&rules](const SummaryRow& a, const SummaryRow& b) {
    return LevelRank(rules.rule(a.rule).info.level) < LevelRank(rules.rule(b.rule).info.level);
  });
  return rows;
}

// The table of matches per rule. `with_total` adds a closing total row (for
// people: a CSV or JSON consumer sums for itself).
void WriteSummaryTable(const trailhunt::RuleSet& rules, const std::vector<SummaryRow>& rows,
                       RowFormat format, bool with_total, std::FILE* out) {
  RowWriter writer(format, {"rule_id", "rule_title", "level", "matches"}, out);
  uint64_t total = 0;
  for (const SummaryRow& r : rows) {
    const trailhunt::sigma::RuleInfo& info = rules.rule(r.rule).info;
    writer.Add({trailhunt::Value::String(RuleIdOf(info)), trailhunt::Value::String(info.title),
                trailhunt::Value::String(info.level),
                trailhunt::Value::Int(static_cast<int64_t>(r.matches))});
    total += r.matches;
  }
  if (with_total) {
    writer.Add({trailhunt::Value::String("total"), trailhunt::Value::Missing(),
                trailhunt::Value::Missing(), trailhunt::Value::Int(static_cast<int64_t>(total))});
  }
  writer.Finish();
}

// One line of scan statistics; the evaluations per record show what the
// rule index saved against evaluating every rule on every record.
void PrintScanStatistics(const trailhunt::RuleSet& rules, const trailhunt::HuntSummary& s) {
  const auto& c = s.scan.counters;
  std::string per_record = "n/a";
  if (s.records_evaluated > 0) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f",
                  static_cast<double>(s.rule_evaluations) / static_cast<double>(s.records_evaluated));
    per_record = buffer;
  }
  // Records outside --since/--until are read but neither evaluated nor
  // rejected; name them so the numbers add up.
  std::string out_of_range;
  if (s.scan.records_out_of_range > 0) {
    out_of_range = ", " + std::to_string(s.scan.records_out_of_range) + " outside the time bounds";
  }
  std::fprintf(stderr,
               "trailhunt hunt: %s, %s evaluated, %s rejected%s; %s, %s; %s rule evaluations per "
               "record (of %s)\n",
               Counted(c.records_seen, "record read", "records read").c_str(),
               std::to_string(s.records_evaluated).c_str(),
               std::to_string(c.records_rejected).c_str(), out_of_range.c_str(),
               Counted(s.matches, "match", "matches").c_str(),
               Counted(s.alerts, "alert", "alerts").c_str(), per_record.c_str(),
               Counted(rules.detection_count(), "detection rule", "detection rules").c_str());
}

// Everything after the data, on stderr: the summary table (unless it was
// the data), the statistics line, skipped files and unreadable sources.
// False when a source could not be read.
bool ReportScan(const trailhunt::RuleSet& rules, const trailhunt::HuntSummary& summary,
                bool with_table) {
  if (with_table) {
    const std::vector<SummaryRow> rows = SummaryRows(rules, summary);
    if (rows.empty()) {
      std::fprintf(stderr, "trailhunt hunt: no rule matched\n");
    } else {
      WriteSummaryTable(rules, rows, RowFormat::kTable, true, stderr);
    }
  }
  PrintScanStatistics(rules, summary);
  // Skipped files and unreadable sources were named as they came (the
  // sink's OnSkipped/OnSourceDone); an unreadable source still fails.
  return summary.scan.sources_failed == 0;
}

}  // namespace

int RunHunt(int argc, char** argv, int first) {
  std::vector<FlagSpec> specs = RuleFlagSpecs();
  specs.push_back({"--output", true});
  specs.push_back({"--raw", false});
  specs.push_back({"--summary", false});
  specs.push_back({"--fail-on-match", false});
  CommandFlags flags;
  auto options = ParseCommandOptions(argc, argv, first, specs, &flags);
  if (!options.ok()) {
    std::fprintf(stderr, "trailhunt hunt: %s (try trailhunt hunt --help)\n",
                 std::string(options.status().message()).c_str());
    return 2;
  }
  if (options->help) {
    std::fputs(kHuntUsage, stdout);
    return 0;
  }
  options->command = "hunt";
  const std::string format = options->format.empty() ? "jsonl" : options->format;
  if (!IsMatchFormat(format)) {
    std::fprintf(stderr, "trailhunt hunt: --format must be jsonl, csv or table\n");
    return 2;
  }
  const bool raw = flags.Has("--raw");
  const bool summary_only = flags.Has("--summary");
  const std::string output_file = flags.Last("--output");
  if (raw && format != "jsonl") {
    std::fprintf(stderr, "trailhunt hunt: --raw needs --format jsonl (csv and table hold scalar columns)\n");
    return 2;
  }
  auto request = RuleRequestFromFlags(flags);
  if (!request.ok()) {
    std::fprintf(stderr, "trailhunt hunt: %s\n", std::string(request.status().message()).c_str());
    return 2;
  }

  // Rules first: a rule that does not load stops the hunt before any input
  // is read or any output file is truncated.
  trailhunt::RuleSetOptions rule_options;
  rule_options.record_limits = options->scan.limits;
  LoadedRules loaded;
  DiagnosticCounts counts;
  std::shared_ptr<const trailhunt::RuleSet> rules =
      LoadAndCompile(*request, rule_options, &loaded, &counts);
  if (counts.errors > 0) {
    std::fprintf(stderr, "trailhunt hunt: %s in the rules; nothing was scanned\n",
                 Counted(counts.errors, "error", "errors").c_str());
    return 2;
  }
  if (rules == nullptr || rules->size() == 0) {
    std::fprintf(stderr, "trailhunt hunt: no rules to hunt with\n");
    return 2;
  }
  if (options->explain) std::fprintf(stderr, "%s", rules->Explain().c_str());

  auto expanded = SourcesOrSample(options->paths);
  if (!expanded.ok()) {
    std::fprintf(stderr, "trailhunt: %s\n", std::string(expanded.status().message()).c_str());
    return 2;
  }
  const std::vector<trailhunt::Source> sources = *std::move(expanded);
  Reporter reporter;
  if (auto st = reporter.Open(options->errors_file); !st.ok()) {
    std::fprintf(stderr, "trailhunt: %s\n", std::string(st.message()).c_str());
    return 2;
  }
  std::FILE* out = stdout;
  if (!output_file.empty() && output_file != "-") {
    out = std::fopen(output_file.c_str(), "w");
    if (out == nullptr) {
      std::fprintf(stderr, "trailhunt hunt: cannot write --output file '%s': %s\n",
                   output_file.c_str(), std::strerror(errno));
      return 2;
    }
  }
  const MatchFormat match_format = format == "csv"     ? MatchFormat::kCsv
                                   : format == "table" ? MatchFormat::kTable
                                                       : MatchFormat::kJsonl;
  const bool has_correlations = rules->size() > rules->detection_count();
  std::unique_ptr<MatchWriter> writer;
  if (!summary_only || out != stdout) {
    writer = std::make_unique<MatchWriter>(match_format, raw, has_correlations, &sources, out);
  }

  trailhunt::HuntOptions hunt_options;
  hunt_options.scan = options->scan;
  hunt_options.keep_raw = raw && writer != nullptr;
  HuntOutput sink(rules.get(), writer.get(), &reporter);
  trailhunt::HuntSummary summary = trailhunt::Hunt(rules, sources, hunt_options, &sink);
  int rc = 0;
  if (writer) writer->Finish();
  if (out != stdout) {
    const bool failed = std::ferror(out) != 0;
    if (std::fclose(out) != 0 || failed) {
      std::fprintf(stderr, "trailhunt hunt: writing --output file '%s' failed\n",
                   output_file.c_str());
      rc = 2;
    }
  }

  if (summary_only) {
    const RowFormat summary_format = match_format == MatchFormat::kCsv     ? RowFormat::kCsv
                                     : match_format == MatchFormat::kTable ? RowFormat::kTable
                                                                           : RowFormat::kJsonl;
    WriteSummaryTable(*rules, SummaryRows(*rules, summary), summary_format,
                      summary_format == RowFormat::kTable, stdout);
  }
  if (!ReportScan(*rules, summary, !summary_only)) rc = 2;
  // Hunt counts records no rule could read among the rejected ones, so the
  // counters reconcile as records seen = evaluated + rejected.
  if (reporter.Finish(summary.scan, options->strict) != 0) rc = 2;
  if (rc == 0 && flags.Has("--fail-on-match") && summary.matches + summary.alerts > 0) rc = 1;
  return rc;
}

}  // namespace cli
