// trailhunt: hunt threats in AWS CloudTrail logs from the command line.
// stdout carries data only; diagnostics go to stderr (DESIGN.md contract).
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "cli_options.h"
#include "commands.h"
#include "sample_sources.h"
#include "trailhunt/input.h"
#include "trailhunt/version.h"

namespace {

constexpr char kUsage[] = R"(usage: trailhunt [COMMAND] [FLAGS] [PATH...]
       trailhunt query 'SPL' [FLAGS] [PATH...]
       trailhunt hunt [--rules FILE|DIR]... [--pack NAME]... [FLAGS] [PATH...]
       trailhunt rules list|show|check ...
       trailhunt cis [--pack cis|cis-v5|securityhub] [FLAGS] [PATH...]

Reads AWS CloudTrail in every envelope it arrives in: S3 log files
({"Records":[...]}, gzip or not), JSON arrays, NDJSON, CloudWatch Logs
subscription payloads (and the Lambda awslogs wrapper), EventBridge, Splunk HEC,
aws cloudtrail lookup-events output, Security Lake OCSF; directories
(recursively), .zip/.tar/.tar.gz bundles and '-' for stdin.
With no PATH it reads its embedded sample dataset.

commands:
  stats     what the logs hold: envelopes, versions, services, calls, errors,
            console logins by MFA use, errors by principal (default command)
  fields    the field catalog: every name a query can use, what it reads,
            and whether its meaning is documented or inferred
  query     run an SPL search pipeline, e.g.
              trailhunt query 'eventName=ConsoleLogin | stats count by userName,
                               additionalEventData.MFAUsed' logs/
            --format table (default) | csv | jsonl | markdown | chart,
            --now TIME (for earliest=-24h@h), --explain (the plan, on stderr),
            --max-groups N, --max-events N (memory limits), --progress auto|always|never
  hunt      run Sigma rules (detections, correlations, filters; the built-in
            threat packs unless --rules/--pack say otherwise) and print each match:
            --format jsonl (default) | csv | table, --raw (the record too),
            --output FILE, --summary (the matches-per-rule table as the
            output), --fail-on-match (exit 1 on any match), --filters F,
            --placeholder NAME=VALUE; see trailhunt hunt --help
  rules     rules list: the rules a hunt would run (--format table | jsonl);
            rules show ID: one rule, its compliance control, the fields it
            reads and its source text; rules check FILE|DIR...: load and
            compile only, for CI; see trailhunt rules --help
  cis       the posture report: a benchmark's monitoring controls (the CIS
            AWS Foundations Benchmark by default) run over the logs, one row
            per control with matches, principals, first and last time and
            the top principals: --format table | markdown | json,
            --output FILE; see trailhunt cis --help
  cat       print records: --format pretty (default) | jsonl | csv | table,
            --fields a,b,... (dotted paths, {} for every array element,
            catalog names such as principal, event_time)

flags (every command):
  --since TIME, --until TIME   event-time bounds [since, until): 2018-07-26,
                               2018-07-26T21:00:00Z or epoch seconds
  --threads N                  worker threads (0 = all cores, 1 = this thread)
  --strict                     exit 2 when any record was rejected
  --errors FILE                write every rejected record there as JSON lines
  --color auto|always|never    colour for pretty output (auto: when a terminal)
  --format F                   output format (per command)
  -h, --help                   this text;  --version  the version

exit codes: 0 success, 1 matches with hunt --fail-on-match, 2 usage error,
unreadable input or rules that do not load (or rejected records with --strict).
Rejected records are reported on stderr and do not stop a scan.
)";

}  // namespace

int main(int argc, char** argv) {
  int first = 1;
  std::string command = "stats";
  if (argc > 1) {
    const std::string arg = argv[1];
    if (arg == "--version") {
      std::printf("trailhunt %s\n", TRAILHUNT_VERSION_STRING);
      return 0;
    }
    if (arg == "hunt") return cli::RunHunt(argc, argv, 2);
    if (arg == "rules") return cli::RunRules(argc, argv, 2);
    if (arg == "cis") return cli::RunCis(argc, argv, 2);
    if (arg == "cat" || arg == "stats" || arg == "fields" || arg == "query") {
      command = arg;
      first = 2;
    } else if (arg == "help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (!arg.empty() && arg[0] != '-' && !std::filesystem::exists(arg)) {
      // Not a command and not a path: most likely a mistyped command.
      std::fprintf(stderr, "trailhunt: '%s' is neither a command nor a readable path (try --help)\n",
                   arg.c_str());
      return 2;
    }
  }
  auto options = cli::ParseOptions(argc, argv, first);
  if (!options.ok()) {
    std::fprintf(stderr, "trailhunt: %s (try --help)\n", std::string(options.status().message()).c_str());
    return 2;
  }
  if (options->help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  options->command = command;
  if (command == "fields") return cli::RunFields(*options);
  std::string spl;
  if (command == "query") {
    if (options->paths.empty()) {
      std::fprintf(stderr, "trailhunt query: the query is missing: trailhunt query 'SPL' [PATH...]\n");
      return 2;
    }
    spl = options->paths.front();
    options->paths.erase(options->paths.begin());
  }
  auto expanded = cli::SourcesOrSample(options->paths);
  if (!expanded.ok()) {
    std::fprintf(stderr, "trailhunt: %s\n", std::string(expanded.status().message()).c_str());
    return 2;
  }
  const std::vector<trailhunt::Source> sources = *std::move(expanded);
  if (command == "cat") return cli::RunCat(*options, sources);
  if (command == "query") return cli::RunQuery(*options, spl, sources);
  return cli::RunStats(*options, sources);
}
