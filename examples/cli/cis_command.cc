// trailhunt cis: the posture report. Runs a compliance pack (a benchmark's
// monitoring controls, one rule each) over CloudTrail and prints, per
// control, what it would have alarmed on: matches, distinct principals,
// first and last event time and the top principals, then the controls that
// never fired.
//
// Output contract (DESIGN.md): the report is the data and the only thing on
// stdout (or --output FILE); rule diagnostics, rejected records and the
// scan's statistics go to stderr.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
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
#include "trailhunt/json_text.h"
#include "trailhunt/packs.h"
#include "trailhunt/posture.h"

namespace cli {
namespace {

constexpr char kCisUsage[] =
    R"(usage: trailhunt cis [--pack cis|cis-v5|securityhub | --rules PATH...]
                     [--format table|markdown|json] [--output FILE] [FLAGS] [PATH...]

The posture report: runs a benchmark's monitoring controls (CloudWatch Logs
metric-filter patterns, as the benchmark states them) over CloudTrail and
shows what each would have alarmed on. With no PATH it reads the embedded
sample.

  --pack NAME      cis (default): CIS AWS Foundations Benchmark v3.0.0, 4.1-4.15;
                   cis-v5: the v5.0.0 text; securityhub: the patterns AWS
                   Security Hub's CloudWatch.1-14 controls check for
  --rules PATH     instead of a pack, your own controls: rule files (or
                   directories of them) whose rules carry a `compliance:`
                   map naming their control (filter patterns or Sigma);
                   repeatable
  --format F       table (default): one row per control with its Security Hub
                   id, title, matches, distinct principals, first and last
                   eventTime and the top 3 principals, then the controls that
                   never fired; markdown: the same as a Markdown table;
                   json: one document {"benchmark", "pack" (null with
                   --rules), "controls": [...],
                   "never_fired": [...], "records", "records_rejected"}
  --output FILE    write the report to FILE instead of stdout
  --threads N, --strict, --errors FILE, --since, --until: as for every command

The scan's statistics and rejected records go to stderr.

exit codes: 0 success, whatever fired; 2 usage error, unreadable input, a
rule that does not load, or rejected records with --strict.
)";

constexpr size_t kMaxTitleWidth = 48;  // table only; markdown and json keep it whole

std::string CompliancePacks() {
  std::string out;
  for (std::string_view name : trailhunt::packs::PackNames()) {
    if (!trailhunt::packs::IsCompliancePack(name)) continue;
    out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out.empty() ? "none built in" : out;
}

// Cuts `text` to `width` code points, marking the cut.
std::string Truncated(const std::string& text, size_t width) {
  if (DisplayWidth(text) <= width) return text;
  std::string out;
  size_t points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool starts_point = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_point && ++points > width - 1) break;
    out += text[i];
  }
  return out + "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
}

std::string PrincipalCount(const trailhunt::ControlPosture& c) {
  std::string out = std::to_string(c.principals);
  if (c.principals_capped) out += "+";  // the cap was hit: at least this many
  return out;
}

std::string TopPrincipals(const trailhunt::ControlPosture& c) {
  std::string out;
  for (const trailhunt::PrincipalMatches& p : c.top_principals) {
    if (!out.empty()) out += ", ";
    out += p.principal + " (" + std::to_string(p.matches) + ")";
  }
  return out;
}

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

// The benchmarks the controls name, each once in first-seen order.
std::string Benchmarks(const trailhunt::PostureReport& report) {
  std::string out;
  std::set<std::string> seen;
  for (const trailhunt::ControlPosture& c : report.controls) {
    if (c.benchmark.empty() || !seen.insert(c.benchmark).second) continue;
    out += (out.empty() ? "" : "; ") + c.benchmark;
  }
  return out;
}

std::string NeverFired(const trailhunt::PostureReport& report) {
  std::string out;
  for (const std::string& id : report.never_fired) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "none" : out;
}

// `pack` is "" for a report over --rules files.
void WriteRows(const trailhunt::PostureReport& report, const std::string& pack, bool markdown,
               std::FILE* out) {
  const std::string benchmark = Benchmarks(report);
  const std::string from = pack.empty() ? "rule files" : "pack " + pack;
  std::fprintf(out, markdown ? "## %s (%s)\n\n" : "%s (%s)\n\n",
               benchmark.empty() ? "Controls" : benchmark.c_str(), from.c_str());
  {
    RowWriter writer(markdown ? RowFormat::kMarkdown : RowFormat::kTable,
                     {"control", "securityhub", "title", "matches", "principals", "first", "last",
                      "top principals"},
                     out);
    for (const trailhunt::ControlPosture& c : report.controls) {
      writer.Add({trailhunt::Value::String(c.control),
                  trailhunt::Value::String(OrDash(c.securityhub)),
                  trailhunt::Value::String(markdown ? c.title : Truncated(c.title, kMaxTitleWidth)),
                  trailhunt::Value::Int(static_cast<int64_t>(c.matches)),
                  trailhunt::Value::String(PrincipalCount(c)),
                  trailhunt::Value::String(OrDash(c.first_time)),
                  trailhunt::Value::String(OrDash(c.last_time)),
                  trailhunt::Value::String(OrDash(TopPrincipals(c)))});
    }
    writer.Finish();
  }
  std::fprintf(out, markdown ? "\nNever fired: %s\n" : "\nnever fired: %s\n",
               NeverFired(report).c_str());
}

// One document, one control per line: readable, and a diff shows which
// control changed.
void WriteJson(const trailhunt::PostureReport& report, const std::string& pack, std::FILE* out) {
  std::string text = "{\n  \"benchmark\": ";
  trailhunt::AppendJsonString(text, Benchmarks(report));
  text += ",\n  \"pack\": ";
  AppendJsonStringOrNull(text, pack);
  text += ",\n  \"controls\": [";
  for (size_t i = 0; i < report.controls.size(); ++i) {
    const trailhunt::ControlPosture& c = report.controls[i];
    text += i ? ",\n    {" : "\n    {";
    text += "\"id\": ";
    trailhunt::AppendJsonString(text, c.control);
    text += ", \"securityhub_id\": ";
    AppendJsonStringOrNull(text, c.securityhub);
    text += ", \"title\": ";
    trailhunt::AppendJsonString(text, c.title);
    text += ", \"profile\": ";
    AppendJsonStringOrNull(text, c.profile);
    text += ", \"rule_id\": ";
    trailhunt::AppendJsonString(text, c.rule_id);
    text += ", \"matches\": ";
    trailhunt::AppendJsonInt(text, static_cast<int64_t>(c.matches));
    text += ", \"principals\": ";
    trailhunt::AppendJsonInt(text, static_cast<int64_t>(c.principals));
    text +=
        c.principals_capped ? ", \"principals_capped\": true" : ", \"principals_capped\": false";
    text += ", \"first_time\": ";
    AppendJsonStringOrNull(text, c.first_time);
    text += ", \"last_time\": ";
    AppendJsonStringOrNull(text, c.last_time);
    text += ", \"top_principals\": [";
    for (size_t p = 0; p < c.top_principals.size(); ++p) {
      text += p ? ", {\"principal\": " : "{\"principal\": ";
      trailhunt::AppendJsonString(text, c.top_principals[p].principal);
      text += ", \"matches\": ";
      trailhunt::AppendJsonInt(text, static_cast<int64_t>(c.top_principals[p].matches));
      text += '}';
    }
    text += "]}";
  }
  text += report.controls.empty() ? "],\n" : "\n  ],\n";
  text += "  \"never_fired\": [";
  for (size_t i = 0; i < report.never_fired.size(); ++i) {
    if (i) text += ", ";
    trailhunt::AppendJsonString(text, report.never_fired[i]);
  }
  text += "],\n  \"records\": ";
  trailhunt::AppendJsonInt(text, static_cast<int64_t>(report.summary.scan.counters.records_seen));
  text += ",\n  \"records_rejected\": ";
  trailhunt::AppendJsonInt(text, static_cast<int64_t>(report.summary.scan.counters.records_rejected));
  text += "\n}\n";
  std::fwrite(text.data(), 1, text.size(), out);
}

void PrintStatistics(const trailhunt::PostureReport& report) {
  const trailhunt::HuntSummary& s = report.summary;
  const auto& c = s.scan.counters;
  uint64_t matches = 0;
  // Several rules may name one control: count controls, not rows.
  std::set<std::string> controls;
  for (const trailhunt::ControlPosture& control : report.controls) {
    matches += control.matches;
    controls.insert(control.control);
  }
  std::string out_of_range;
  if (s.scan.records_out_of_range > 0) {
    out_of_range = ", " + std::to_string(s.scan.records_out_of_range) + " outside the time bounds";
  }
  std::fprintf(stderr, "trailhunt cis: %s, %llu evaluated, %llu rejected%s; %s; %zu of %s fired\n",
               Counted(c.records_seen, "record read", "records read").c_str(),
               static_cast<unsigned long long>(s.records_evaluated),
               static_cast<unsigned long long>(c.records_rejected), out_of_range.c_str(),
               Counted(matches, "match", "matches").c_str(),
               controls.size() - report.never_fired.size(),
               Counted(controls.size(), "control", "controls").c_str());
}

}  // namespace

int RunCis(int argc, char** argv, int first) {
  CommandFlags flags;
  auto options =
      ParseCommandOptions(argc, argv, first,
                          {{"--pack", true}, {"--rules", true}, {"--output", true}}, &flags);
  if (!options.ok()) {
    std::fprintf(stderr, "trailhunt cis: %s (try trailhunt cis --help)\n",
                 std::string(options.status().message()).c_str());
    return 2;
  }
  if (options->help) {
    std::fputs(kCisUsage, stdout);
    return 0;
  }
  options->command = "cis";
  const std::string format = options->format.empty() ? "table" : options->format;
  if (format != "table" && format != "markdown" && format != "json") {
    std::fprintf(stderr, "trailhunt cis: --format must be table, markdown or json\n");
    return 2;
  }
  if (flags.Has("--pack") && flags.Has("--rules")) {
    std::fprintf(stderr, "trailhunt cis: --pack and --rules: one report is one benchmark; name "
                         "a pack or rule files\n");
    return 2;
  }
  std::string pack = flags.Has("--rules") ? "" : "cis";
  if (flags.Has("--pack")) {
    const std::set<std::string> named(flags.All("--pack").begin(), flags.All("--pack").end());
    if (named.size() > 1) {
      std::fprintf(stderr, "trailhunt cis: --pack: one report is one benchmark; name one pack\n");
      return 2;
    }
    pack = *named.begin();
  }
  if (!pack.empty() &&
      (!trailhunt::packs::IsCompliancePack(pack) || trailhunt::packs::PackFiles(pack).empty())) {
    std::fprintf(stderr, "trailhunt cis: --pack: '%s' is no built-in compliance pack (known: %s)\n",
                 pack.c_str(), CompliancePacks().c_str());
    return 2;
  }

  RuleRequest request;
  request.default_packs = RuleRequest::DefaultPacks::kNone;
  if (pack.empty()) {
    request.rule_paths = flags.All("--rules");
  } else {
    request.packs = {pack};
  }
  const std::string from = pack.empty() ? "the --rules files" : "pack '" + pack + "'";
  trailhunt::RuleSetOptions rule_options;
  rule_options.record_limits = options->scan.limits;
  LoadedRules loaded;
  DiagnosticCounts counts;
  std::shared_ptr<const trailhunt::RuleSet> rules =
      LoadAndCompile(request, rule_options, &loaded, &counts);
  if (counts.errors > 0 || rules == nullptr) {
    std::fprintf(stderr, "trailhunt cis: %s in %s; nothing was scanned\n",
                 Counted(counts.errors, "error", "errors").c_str(), from.c_str());
    return 2;
  }
  size_t controls = 0;
  for (size_t i = 0; i < rules->detection_count(); ++i) {
    controls += !rules->rule(i).info.compliance.control.empty();
  }
  if (controls == 0) {
    std::fprintf(stderr,
                 "trailhunt cis: %s hold%s no rule that names a control (a `compliance:` map "
                 "with a `control:`)\n",
                 from.c_str(), pack.empty() ? "" : "s");
    return 2;
  }

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

  // Opened before the scan, so an unwritable path fails before a long read.
  const std::string output_file = flags.Last("--output");
  std::FILE* out = stdout;
  if (!output_file.empty() && output_file != "-") {
    out = std::fopen(output_file.c_str(), "w");
    if (out == nullptr) {
      std::fprintf(stderr, "trailhunt cis: cannot write --output file '%s': %s\n",
                   output_file.c_str(), std::strerror(errno));
      return 2;
    }
  }

  trailhunt::HuntOptions hunt_options;
  hunt_options.scan = options->scan;
  ScanNotes notes(&reporter);
  const trailhunt::PostureReport report =
      trailhunt::RunPosture(rules, sources, hunt_options, trailhunt::PostureOptions{}, &notes);

  if (format == "json") {
    WriteJson(report, pack, out);
  } else {
    WriteRows(report, pack, format == "markdown", out);
  }
  int rc = 0;
  if (out != stdout) {
    const bool failed = std::ferror(out) != 0;
    if (std::fclose(out) != 0 || failed) {
      std::fprintf(stderr, "trailhunt cis: writing --output file '%s' failed\n",
                   output_file.c_str());
      rc = 2;
    }
  } else {
    std::fflush(stdout);
  }
  PrintStatistics(report);
  if (report.summary.scan.sources_failed > 0) rc = 2;
  if (reporter.Finish(report.summary.scan, options->strict) != 0) rc = 2;
  return rc;
}

}  // namespace cli
