// trailhunt_bench_hunt: how hunt throughput changes with the number of
// rules. Sets of exactly 10, 100 and 1,000 Sigma detection rules (real
// rules, then generated variants of them: hunt/rule_sets.h) each hunt the
// same in-memory corpus; the issue asks that 1,000 rules stay within 3x of
// 10 rules. The rule index is what should make that hold, and a hunt cannot
// switch it off, so every row reports how many predicates ran per record
// (`evals/record`): without the index it would equal the rule count.
//
// Rows:
//   BM_SpeedOfLight, BM_SpeedOfLight_Threads  the simdjson baseline of
//                        trailhunt_bench_read, 1 and N cores, for ratios.py
//   BM_Hunt/rules:R/threads:T   trailhunt::Hunt end to end over the corpus
//                        sources, T engine threads (1 and the hardware's)
//   BM_HuntEvaluate/rules:R     ReadSource + RuleEvaluator::Evaluate per
//                        record on one thread: projection, index and
//                        predicates without the engine or match delivery
//   BM_HuntProject/rules:R      ReadSource + the set's Projection::Extract
//                        alone: what projecting the set's fields costs
// The last two split a hunt's time between projection and predicates.
//   BM_HuntPack/pack:P/threads:T  the built-in pack P (cis, securityhub,
//                        blog, aws-threats) as it ships, detections and
//                        correlations, over the same sources: compliance
//                        packs as a posture run (RunPosture, what
//                        `trailhunt cis` does), the others as a hunt
//
// Before timing, each set is checked once: it holds exactly R detections
// that all compile; the hunt's counters reconcile (every record delivered
// and evaluated, none rejected, reported matches = the sum per rule); the
// matches (rule, source, record), the per-rule counts and the predicate
// count are identical with 1 and N threads and equal what RuleEvaluator
// finds record by record; and every rule whose condition is only a list of
// eventNames matched exactly as many records as the generator wrote with
// those names. BM_Hunt rows then compare their first hunt with that
// answer, the other rows every pass. A mismatch skips the row with an error
// instead of timing it.
//
// Packs are checked the same way (all their documents load and compile; 1
// and N threads agree on every match, alert and per-rule count; counters
// reconcile; RuleEvaluator agrees record by record; eventName-list rules
// and the errorCode and MFAUsed patterns match what the generator's counts
// imply), and a posture run's report must agree with its hunt. The corpus
// fires only some CIS controls (the generator writes no KMS key, Config,
// NACL, gateway, route, VPC or Organizations change), so the silent ones are
// checked on records of our own (hunt/pack_runs.h); the context lists the
// controls that never fired.
//
// Counters: matches (reported, per hunt), evals/record, evaluated% (of the
// rules), fields (projected), always (rules the index cannot key), faults
// (the process's minor page faults per iteration: memory taken afresh from
// the kernel).
//
// Environment: TRAILHUNT_BENCH_MB (corpus MiB, default 32),
// TRAILHUNT_BENCH_PARTS (sources, default 64), TRAILHUNT_BENCH_SIGMA_DIR (a
// directory of SigmaHQ CloudTrail rules to use first; unset: the built-in
// pack and variants only).
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bench_common.h"
#include "corpus.h"
#include "hunt/generator_check.h"
#include "hunt/hunt_runs.h"
#include "hunt/pack_runs.h"
#include "hunt/rule_sets.h"
#include "read/read_result.h"
#include "read/speed_of_light.h"
#include "read/speed_of_light_rows.h"
#include "simdjson.h"
#include "trailhunt/hunt.h"
#include "trailhunt/input.h"
#include "trailhunt/packs.h"
#include "trailhunt/posture.h"

namespace trailhunt_bench {
namespace {

static_assert(trailhunt::kJsonPadding >= simdjson::SIMDJSON_PADDING, "Pad() must satisfy the reader's padding");

constexpr size_t kRuleCounts[] = {10, 100, 1000};

struct Corpus {
  std::string ndjson;  // padded
  CorpusCounts counts;
  std::vector<std::string_view> parts;
  std::vector<trailhunt::Source> sources;  // one MemorySource per part
};

const Corpus& GetCorpus() {
  static const Corpus* const corpus = [] {
    auto* c = new Corpus;
    c->ndjson = MakeNdjson(EnvNumber("TRAILHUNT_BENCH_MB", 32) << 20, kDefaultSeed, &c->counts);
    Pad(c->ndjson);
    c->parts = SplitNdjson(c->ndjson, EnvNumber("TRAILHUNT_BENCH_PARTS", 64));
    c->sources = MakeSources(c->parts);
    return c;
  }();
  return *corpus;
}

const RuleSources& GetRuleSources() {
  static const RuleSources* const sources = new RuleSources(LoadRuleSources());
  return *sources;
}

// A compiled N-rule set and its checked answer over the corpus.
struct PreparedSet {
  size_t n = 0;
  std::string error;  // set when the set could not be built or its answer is wrong
  RuleSetDocuments documents;
  std::shared_ptr<const trailhunt::RuleSet> rules;
  IndexShape shape;
  uint64_t matches = 0;      // reported matches of one hunt
  uint64_t evaluations = 0;  // predicates run by one hunt
  std::vector<uint64_t> per_rule;
  size_t generator_checked = 0;  // rules checked against the generator's counts
};

// The hunt's own bookkeeping for one run: counters reconcile, every record
// of the corpus evaluated, nothing rejected, matches add up.
// Every record of the corpus delivered and evaluated, none rejected, and
// the input counters reconcile; "" when so, else what is wrong.
std::string CheckEveryRecordEvaluated(const trailhunt::HuntSummary& s, uint64_t record_errors) {
  const uint64_t records = GetCorpus().counts.records;
  const trailhunt::InputCounters& c = s.scan.counters;
  if (s.scan.sources_failed != 0) return std::to_string(s.scan.sources_failed) + " sources failed";
  if (!c.Reconciles()) return "input counters do not reconcile";
  if (c.records_delivered != records || c.records_rejected != 0 || record_errors != 0) {
    return "records delivered " + std::to_string(c.records_delivered) + ", rejected " +
           std::to_string(c.records_rejected) + "; the generator wrote " + std::to_string(records);
  }
  if (s.records_evaluated != records || s.records_unprojectable != 0) {
    return "records evaluated " + std::to_string(s.records_evaluated) + " of " + std::to_string(records);
  }
  return "";
}

std::string CheckSummary(const trailhunt::HuntSummary& s, const HuntCollector& sink, const PreparedSet& set) {
  if (std::string wrong = CheckEveryRecordEvaluated(s, sink.record_errors); !wrong.empty()) return wrong;
  uint64_t reported = 0;
  for (size_t r = 0; r < set.rules->detection_count(); ++r) {
    if (set.rules->rule(r).reported) reported += s.per_rule[r];
  }
  if (s.matches != sink.matches || reported != s.matches) {
    return "matches: summary " + std::to_string(s.matches) + ", delivered " + std::to_string(sink.matches) +
           ", per rule " + std::to_string(reported);
  }
  return "";
}

std::string Prepare(PreparedSet* set) {
  const Corpus& corpus = GetCorpus();
  set->documents = ChooseDocuments(GetRuleSources(), set->n);
  if (set->documents.documents.size() != set->n) {
    return "only " + std::to_string(set->documents.documents.size()) + " rules could be built";
  }
  const trailhunt::sigma::RuleCollection collection = LoadDocuments(set->documents.documents);
  if (collection.error_count() != 0 || collection.rules.size() != set->n || !collection.correlations.empty()) {
    return "the rule documents loaded into " + std::to_string(collection.rules.size()) + " detections with " +
           std::to_string(collection.error_count()) + " errors";
  }
  std::vector<trailhunt::sigma::Diagnostic> diagnostics;
  set->rules = trailhunt::RuleSet::Compile(collection, trailhunt::RuleSetOptions(), &diagnostics);
  if (set->rules->detection_count() != set->n || !diagnostics.empty()) {
    return std::to_string(set->rules->detection_count()) + " of " + std::to_string(set->n) +
           " rules compiled" + (diagnostics.empty() ? "" : ": " + diagnostics.front().ToString());
  }
  set->shape = ReadIndexShape(set->rules->Explain());

  HuntCollector one(/*keep=*/true);
  const trailhunt::HuntSummary s1 = HuntOnce(set->rules, corpus.sources, 1, &one);
  if (std::string e = CheckSummary(s1, one, *set); !e.empty()) return "1 thread: " + e;
  const int hw = HardwareThreads();
  HuntCollector all(/*keep=*/true);
  const trailhunt::HuntSummary sn = HuntOnce(set->rules, corpus.sources, hw, &all);
  if (std::string e = CheckSummary(sn, all, *set); !e.empty()) return std::to_string(hw) + " threads: " + e;
  if (all.keys != one.keys || sn.per_rule != s1.per_rule || sn.rule_evaluations != s1.rule_evaluations) {
    return "matches or predicate counts differ between 1 and " + std::to_string(hw) + " threads";
  }
  const PassResult reference = EvaluateOnce(set->rules, corpus.sources, /*keep=*/true);
  if (!reference.ok || reference.records != corpus.counts.records || reference.unprojectable != 0) {
    return "RuleEvaluator could not evaluate every record";
  }
  const std::vector<uint64_t> hunt_detections(s1.per_rule.begin(),
                                              s1.per_rule.begin() + static_cast<std::ptrdiff_t>(set->n));
  if (reference.keys != one.keys || reference.per_rule != hunt_detections ||
      reference.evaluations != s1.rule_evaluations) {
    return "the hunt's matches differ from RuleEvaluator's record by record";
  }
  for (size_t d = 0; d < set->n; ++d) {
    std::vector<NameLiteral> names;
    if (!EventNameLiterals(collection.rules[d].expr, &names)) continue;
    const uint64_t want = GeneratorMatches(names, corpus.counts);
    if (s1.per_rule[d] != want) {
      return "rule '" + collection.rules[d].info.title + "' matched " + std::to_string(s1.per_rule[d]) +
             " records; the generator wrote " + std::to_string(want) + " with its eventNames";
    }
    ++set->generator_checked;
  }
  set->matches = s1.matches;
  set->evaluations = s1.rule_evaluations;
  set->per_rule = s1.per_rule;
  return "";
}

const PreparedSet& GetSet(size_t n) {
  static std::mutex mu;
  static std::map<size_t, std::unique_ptr<PreparedSet>>* const sets = new std::map<size_t, std::unique_ptr<PreparedSet>>;
  std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<PreparedSet>& slot = (*sets)[n];
  if (!slot) {
    slot = std::make_unique<PreparedSet>();
    slot->n = n;
    slot->error = Prepare(slot.get());
  }
  return *slot;
}

// Rows check their own configuration once (the harness calls a benchmark
// function several times per row), the first time they run.
bool FirstRun(const std::string& row) {
  static std::mutex mu;
  static std::set<std::string>* const seen = new std::set<std::string>;
  std::lock_guard<std::mutex> lock(mu);
  return seen->insert(row).second;
}

// Minor page faults of the whole process so far: memory the hunt takes
// from the kernel afresh (each fault is a zeroed page) shows up here.
uint64_t MinorFaults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_minflt);
}

void ReportFaults(benchmark::State& state, uint64_t before) {
  const double iterations = static_cast<double>(std::max<benchmark::IterationCount>(1, state.iterations()));
  state.counters["faults"] = static_cast<double>(MinorFaults() - before) / iterations;
}

bool Fail(benchmark::State& state, const std::string& why) {
  state.SkipWithError(why.c_str());
  return false;
}

const PreparedSet* SetFor(benchmark::State& state) {
  const PreparedSet& set = GetSet(static_cast<size_t>(state.range(0)));
  if (!set.error.empty()) {
    Fail(state, std::to_string(set.n) + " rules: " + set.error);
    return nullptr;
  }
  return &set;
}

void ReportSet(benchmark::State& state, const PreparedSet& set, uint64_t evaluations) {
  const Corpus& c = GetCorpus();
  Report(state, c.ndjson.size(), c.counts.records);
  const double per_record = static_cast<double>(evaluations) / static_cast<double>(c.counts.records);
  state.counters["rules"] = static_cast<double>(set.n);
  state.counters["matches"] = static_cast<double>(set.matches);
  state.counters["evals/record"] = per_record;
  state.counters["evaluated%"] = 100.0 * per_record / static_cast<double>(set.n);
  state.counters["fields"] = static_cast<double>(set.rules->projection().slot_count());
  state.counters["always"] = static_cast<double>(set.shape.always);
}

// ------------------------------------------------------------- baselines

void BM_SpeedOfLight(benchmark::State& state) {
  TimeSpeedOfLight(state, GetCorpus().ndjson, GetCorpus().counts.records);
}

// Each benchmark thread walks its share of the sources the hunt scans: the
// N-core ceiling for the hunt rows at N threads.
void BM_SpeedOfLight_Threads(benchmark::State& state) {
  TimeSpeedOfLightShare(state, GetCorpus().parts);
}

// ------------------------------------------------------------- hunts

void BM_Hunt(benchmark::State& state) {
  const PreparedSet* set = SetFor(state);
  if (set == nullptr) return;
  const int threads = static_cast<int>(state.range(1));
  const Corpus& c = GetCorpus();
  if (FirstRun(std::to_string(set->n) + "/" + std::to_string(threads))) {
    HuntCollector sink(/*keep=*/false);
    const trailhunt::HuntSummary s = HuntOnce(set->rules, c.sources, threads, &sink);
    if (std::string e = CheckSummary(s, sink, *set); !e.empty()) return void(Fail(state, e));
    if (s.per_rule != set->per_rule || s.rule_evaluations != set->evaluations) {
      return void(Fail(state, "matches per rule differ from the checked answer"));
    }
  }
  const uint64_t faults = MinorFaults();
  for (auto _ : state) {
    HuntCollector sink(/*keep=*/false);
    const trailhunt::HuntSummary s = HuntOnce(set->rules, c.sources, threads, &sink);
    if (s.matches != set->matches) return void(Fail(state, "a timed hunt found a different number of matches"));
    benchmark::DoNotOptimize(sink.checksum);
  }
  ReportFaults(state, faults);
  ReportSet(state, *set, set->evaluations);
}

void BM_HuntEvaluate(benchmark::State& state) {
  const PreparedSet* set = SetFor(state);
  if (set == nullptr) return;
  const Corpus& c = GetCorpus();
  const uint64_t faults = MinorFaults();
  for (auto _ : state) {
    const PassResult r = EvaluateOnce(set->rules, c.sources, /*keep=*/false);
    if (!r.ok || r.records != c.counts.records || r.per_rule.size() != set->n ||
        !std::equal(r.per_rule.begin(), r.per_rule.end(), set->per_rule.begin()) ||
        r.evaluations != set->evaluations) {
      return void(Fail(state, "RuleEvaluator's answer differs from the checked one"));
    }
    benchmark::DoNotOptimize(r.checksum);
  }
  ReportFaults(state, faults);
  ReportSet(state, *set, set->evaluations);
}

void BM_HuntProject(benchmark::State& state) {
  const PreparedSet* set = SetFor(state);
  if (set == nullptr) return;
  const Corpus& c = GetCorpus();
  const uint64_t faults = MinorFaults();
  for (auto _ : state) {
    const PassResult r = ProjectOnce(*set->rules, c.sources);
    if (!r.ok || r.records != c.counts.records || r.unprojectable != 0) {
      return void(Fail(state, "the projection did not capture every record"));
    }
    benchmark::DoNotOptimize(r.checksum);
  }
  ReportFaults(state, faults);
  ReportSet(state, *set, 0);
  state.counters.erase("evals/record");
  state.counters.erase("evaluated%");
}

void HuntArgs(benchmark::internal::Benchmark* b) {
  const int hw = HardwareThreads();
  for (size_t n : kRuleCounts) {
    b->Args({static_cast<int64_t>(n), 1});
    if (hw > 1) b->Args({static_cast<int64_t>(n), hw});
  }
  b->ArgNames({"rules", "threads"});
}

void RuleArgs(benchmark::internal::Benchmark* b) {
  for (size_t n : kRuleCounts) b->Arg(static_cast<int64_t>(n));
  b->ArgName("rules");
}

// Rows on the engine use real time (its workers are threads the harness's
// CPU clock does not see; at 1 thread the engine runs on the calling thread,
// so their CPU time, also in the JSON, is meaningful too); the single-thread
// decomposition rows use the CPU clock, which a busy machine disturbs least.
BENCHMARK(BM_SpeedOfLight)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SpeedOfLight_Threads)->ThreadRange(1, HardwareThreads())->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Hunt)->Apply(HuntArgs)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HuntEvaluate)->Apply(RuleArgs)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HuntProject)->Apply(RuleArgs)->Unit(benchmark::kMillisecond);

// ------------------------------------------------------------- packs
//
// The built-in packs as they ship (detections and correlations), over the
// same corpus: what `trailhunt hunt --pack NAME` runs and, for compliance
// packs, what `trailhunt cis --pack NAME` runs (RunPosture with its
// PostureBuilder sink). Row names: BM_HuntPack/pack:NAME/threads:T.

const char* const kPacks[] = {"cis", "securityhub", "blog", "aws-threats"};

struct PreparedPack {
  std::string name;
  bool posture = false;  // a compliance pack: timed as a posture run
  std::string error;
  LoadedPack loaded;
  IndexShape shape;
  uint64_t matches = 0;      // reported detection matches of one run
  uint64_t alerts = 0;       // correlation alerts of one run
  uint64_t evaluations = 0;  // predicates run by one run
  std::vector<uint64_t> per_rule;
  size_t generator_checked = 0;  // detections checked against the generator's counts
  size_t silent_checked = 0;     // controls checked on records of our own
  std::vector<std::string> never_fired;
  size_t controls = 0;
};

// The run's bookkeeping: every record delivered and evaluated, nothing
// rejected, matches and alerts add up per rule.
std::string CheckPackSummary(const trailhunt::HuntSummary& s, const PackCollector& sink, const PreparedPack& pack) {
  const trailhunt::RuleSet& rules = *pack.loaded.rules;
  if (std::string wrong = CheckEveryRecordEvaluated(s, sink.record_errors); !wrong.empty()) return wrong;
  if (s.per_rule.size() != rules.size() || s.correlations.size() != rules.size() - rules.detection_count()) {
    return "the summary has " + std::to_string(s.per_rule.size()) + " per-rule counts for " +
           std::to_string(rules.size()) + " rules";
  }
  uint64_t reported = 0;
  uint64_t alerts = 0;
  for (size_t r = 0; r < rules.size(); ++r) {
    if (r >= rules.detection_count()) {
      alerts += s.per_rule[r];
    } else if (rules.rule(r).reported) {
      reported += s.per_rule[r];
    }
  }
  if (s.matches != sink.matches || reported != s.matches) {
    return "matches: summary " + std::to_string(s.matches) + ", delivered " + std::to_string(sink.matches) +
           ", per rule " + std::to_string(reported);
  }
  if (s.alerts != sink.alerts || alerts != s.alerts) {
    return "alerts: summary " + std::to_string(s.alerts) + ", delivered " + std::to_string(sink.alerts) +
           ", per rule " + std::to_string(alerts);
  }
  return "";
}

// A posture report agrees with the hunt it summarises: one entry per rule
// naming a control, its matches the rule's, never_fired exactly the
// controls whose rules all stayed silent.
std::string CheckReport(const trailhunt::PostureReport& report, const PreparedPack& pack, size_t* controls,
                        std::vector<std::string>* never_fired) {
  const trailhunt::RuleSet& rules = *pack.loaded.rules;
  size_t naming = 0;
  for (size_t r = 0; r < rules.detection_count(); ++r) naming += !rules.rule(r).info.compliance.control.empty();
  if (report.controls.size() != naming || naming == 0) {
    return "the report lists " + std::to_string(report.controls.size()) + " controls; " + std::to_string(naming) +
           " rules name one";
  }
  std::map<std::string, uint64_t> by_control;
  for (const trailhunt::ControlPosture& c : report.controls) {
    if (c.rule >= rules.detection_count() || rules.rule(c.rule).info.compliance.control != c.control ||
        c.matches != report.summary.per_rule[c.rule]) {
      return "control " + c.control + ": the report's matches differ from its rule's";
    }
    by_control[c.control] += c.matches;
  }
  std::vector<std::string> silent;
  for (const trailhunt::ControlPosture& c : report.controls) {
    if (by_control[c.control] == 0 && (silent.empty() || silent.back() != c.control)) silent.push_back(c.control);
  }
  if (silent != report.never_fired) return "never_fired does not list exactly the silent controls";
  *controls = by_control.size();
  *never_fired = silent;
  return "";
}

// Everything a report says per control, principals and times included.
bool SameControls(const trailhunt::PostureReport& a, const trailhunt::PostureReport& b) {
  if (a.controls.size() != b.controls.size() || a.never_fired != b.never_fired) return false;
  for (size_t i = 0; i < a.controls.size(); ++i) {
    const trailhunt::ControlPosture& x = a.controls[i];
    const trailhunt::ControlPosture& y = b.controls[i];
    if (x.control != y.control || x.rule != y.rule || x.matches != y.matches || x.principals != y.principals ||
        x.principals_capped != y.principals_capped || x.first_time_ns != y.first_time_ns ||
        x.last_time_ns != y.last_time_ns || x.first_time != y.first_time || x.last_time != y.last_time ||
        x.top_principals.size() != y.top_principals.size()) {
      return false;
    }
    for (size_t t = 0; t < x.top_principals.size(); ++t) {
      if (x.top_principals[t].principal != y.top_principals[t].principal ||
          x.top_principals[t].matches != y.top_principals[t].matches) {
        return false;
      }
    }
  }
  return true;
}

std::string PreparePack(PreparedPack* pack) {
  const Corpus& corpus = GetCorpus();
  pack->posture = trailhunt::packs::IsCompliancePack(pack->name);
  pack->loaded = LoadBuiltinPack(pack->name);
  if (!pack->loaded.error.empty()) return pack->loaded.error;
  const std::shared_ptr<const trailhunt::RuleSet>& rules = pack->loaded.rules;
  pack->shape = ReadIndexShape(rules->Explain());

  PackCollector one(/*keep=*/true);
  trailhunt::PostureReport report1;
  const trailhunt::HuntSummary s1 = RunPack(rules, corpus.sources, 1, pack->posture, &one, &report1);
  if (std::string e = CheckPackSummary(s1, one, *pack); !e.empty()) return "1 thread: " + e;
  const int hw = HardwareThreads();
  PackCollector all(/*keep=*/true);
  trailhunt::PostureReport reportn;
  const trailhunt::HuntSummary sn = RunPack(rules, corpus.sources, hw, pack->posture, &all, &reportn);
  if (std::string e = CheckPackSummary(sn, all, *pack); !e.empty()) return std::to_string(hw) + " threads: " + e;
  if (all.keys != one.keys || all.alert_keys != one.alert_keys || sn.per_rule != s1.per_rule ||
      sn.rule_evaluations != s1.rule_evaluations) {
    return "matches, alerts or predicate counts differ between 1 and " + std::to_string(hw) + " threads";
  }
  if (pack->posture) {
    if (std::string e = CheckReport(report1, *pack, &pack->controls, &pack->never_fired); !e.empty()) {
      return "1 thread: " + e;
    }
    size_t controls = 0;
    std::vector<std::string> never_fired;
    if (std::string e = CheckReport(reportn, *pack, &controls, &never_fired); !e.empty()) {
      return std::to_string(hw) + " threads: " + e;
    }
    if (!SameControls(report1, reportn)) {
      return "the posture report differs between 1 and " + std::to_string(hw) + " threads";
    }
  }
  // RuleEvaluator, record by record, must find the hunt's detection matches.
  const PassResult reference = EvaluateOnce(rules, corpus.sources, /*keep=*/true);
  if (!reference.ok || reference.records != corpus.counts.records || reference.unprojectable != 0) {
    return "RuleEvaluator could not evaluate every record";
  }
  const std::vector<uint64_t> hunt_detections(
      s1.per_rule.begin(), s1.per_rule.begin() + static_cast<std::ptrdiff_t>(rules->detection_count()));
  if (reference.keys != one.keys || reference.per_rule != hunt_detections ||
      reference.evaluations != s1.rule_evaluations) {
    return "the hunt's matches differ from RuleEvaluator's record by record";
  }
  // Answers that owe nothing to the evaluator: eventName lists, and the two
  // patterns that read only what the generator counts.
  for (size_t d = 0; d < rules->detection_count(); ++d) {
    const trailhunt::sigma::DetectionRule& rule = pack->loaded.collection.rules[d];
    uint64_t want = 0;
    std::vector<NameLiteral> names;
    if (EventNameLiterals(rule.expr, &names)) {
      want = GeneratorMatches(names, corpus.counts);
    } else if (!ComplianceGeneratorMatches(rule, corpus.counts, &want)) {
      continue;
    }
    if (s1.per_rule[d] != want) {
      return "rule '" + rule.info.title + "' matched " + std::to_string(s1.per_rule[d]) +
             " records; the generator's counts say " + std::to_string(want);
    }
    ++pack->generator_checked;
  }
  // The CIS controls the corpus cannot fire, on records of our own.
  if (pack->name == "cis") {
    if (std::string e = CheckSilentControls(rules); !e.empty()) return e;
    pack->silent_checked = SilentControlRecords().size();
  }
  pack->matches = s1.matches;
  pack->alerts = s1.alerts;
  pack->evaluations = s1.rule_evaluations;
  pack->per_rule = s1.per_rule;
  return "";
}

const PreparedPack& GetPack(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<PreparedPack>>* const packs =
      new std::map<std::string, std::unique_ptr<PreparedPack>>;
  std::lock_guard<std::mutex> lock(mu);
  std::unique_ptr<PreparedPack>& slot = (*packs)[name];
  if (!slot) {
    slot = std::make_unique<PreparedPack>();
    slot->name = name;
    slot->error = PreparePack(slot.get());
  }
  return *slot;
}

void BM_HuntPack(benchmark::State& state, const std::string& name, int threads) {
  const PreparedPack& pack = GetPack(name);
  if (!pack.error.empty()) return void(Fail(state, "pack " + name + ": " + pack.error));
  const Corpus& c = GetCorpus();
  if (FirstRun("pack:" + name + "/" + std::to_string(threads))) {
    PackCollector sink(/*keep=*/false);
    const trailhunt::HuntSummary s = RunPack(pack.loaded.rules, c.sources, threads, pack.posture, &sink);
    if (std::string e = CheckPackSummary(s, sink, pack); !e.empty()) return void(Fail(state, e));
    if (s.per_rule != pack.per_rule || s.rule_evaluations != pack.evaluations) {
      return void(Fail(state, "matches per rule differ from the checked answer"));
    }
  }
  const uint64_t faults = MinorFaults();
  for (auto _ : state) {
    PackCollector sink(/*keep=*/false);
    const trailhunt::HuntSummary s = RunPack(pack.loaded.rules, c.sources, threads, pack.posture, &sink);
    if (s.matches != pack.matches || s.alerts != pack.alerts) {
      return void(Fail(state, "a timed run found a different number of matches or alerts"));
    }
    benchmark::DoNotOptimize(sink.checksum);
  }
  ReportFaults(state, faults);
  Report(state, c.ndjson.size(), c.counts.records);
  const trailhunt::RuleSet& rules = *pack.loaded.rules;
  const double per_record = static_cast<double>(pack.evaluations) / static_cast<double>(c.counts.records);
  state.counters["rules"] = static_cast<double>(rules.detection_count());
  state.counters["correlations"] = static_cast<double>(rules.size() - rules.detection_count());
  state.counters["matches"] = static_cast<double>(pack.matches);
  state.counters["alerts"] = static_cast<double>(pack.alerts);
  state.counters["evals/record"] = per_record;
  state.counters["evaluated%"] = 100.0 * per_record / static_cast<double>(rules.detection_count());
  state.counters["fields"] = static_cast<double>(rules.projection().slot_count());
  state.counters["always"] = static_cast<double>(pack.shape.always);
  state.SetLabel(pack.posture ? "RunPosture" : "Hunt");
}

// Real time, as BM_Hunt: the engine's workers are threads the harness's CPU
// clock does not see.
void RegisterPackBenchmarks() {
  std::vector<int> thread_counts = {1};
  if (HardwareThreads() > 1) thread_counts.push_back(HardwareThreads());
  for (const char* name : kPacks) {
    for (int threads : thread_counts) {
      const std::string row = "BM_HuntPack/pack:" + std::string(name) + "/threads:" + std::to_string(threads);
      benchmark::RegisterBenchmark(row.c_str(), BM_HuntPack, std::string(name), threads)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
}

std::string DescribePack(const PreparedPack& pack) {
  if (!pack.error.empty()) return "FAILED: " + pack.error;
  const trailhunt::RuleSet& rules = *pack.loaded.rules;
  const IndexShape& s = pack.shape;
  size_t firing_rules = 0;
  for (size_t d = 0; d < rules.detection_count(); ++d) firing_rules += pack.per_rule[d] != 0;
  std::string out = std::string(pack.posture ? "RunPosture" : "Hunt") + "; " +
                    std::to_string(rules.detection_count()) + " detections (" + std::to_string(firing_rules) +
                    " match the corpus), " + std::to_string(rules.size() - rules.detection_count()) +
                    " correlations; index: eventName " + std::to_string(s.by_event_name) + ", eventSource " +
                    std::to_string(s.by_event_source) + ", other equality " + std::to_string(s.by_other_equality) +
                    ", substring " + std::to_string(s.by_substring) + ", always evaluated " +
                    std::to_string(s.always) + "; fields projected " +
                    std::to_string(rules.projection().slot_count()) + "; matches " + std::to_string(pack.matches) +
                    ", alerts " + std::to_string(pack.alerts) + "; predicates per record " +
                    std::to_string(static_cast<double>(pack.evaluations) /
                                   static_cast<double>(GetCorpus().counts.records)) +
                    "; detections checked against the generator " + std::to_string(pack.generator_checked);
  if (pack.posture) {
    std::string silent;
    for (const std::string& c : pack.never_fired) silent += (silent.empty() ? "" : " ") + c;
    out += "; controls " + std::to_string(pack.controls) + ", never fired on the corpus: " +
           (silent.empty() ? "none" : silent);
  }
  if (pack.silent_checked != 0) {
    out += "; records of our own checked: " + std::to_string(pack.silent_checked);
  }
  return out;
}

// The set's makeup and index shape, for the report's context.
std::string DescribeSet(const PreparedSet& set) {
  if (!set.error.empty()) return "FAILED: " + set.error;
  const IndexShape& s = set.shape;
  const RuleSetDocuments& d = set.documents;
  return std::to_string(set.n - d.variants) + " real + " + std::to_string(d.variants) + " variants (" +
         std::to_string(d.variants_unchanged) + " with no literal to swap, " + std::to_string(d.variants_dropped) +
         " dropped); index: eventName " + std::to_string(s.by_event_name) + ", eventSource " +
         std::to_string(s.by_event_source) + ", other equality " + std::to_string(s.by_other_equality) +
         ", substring " + std::to_string(s.by_substring) + ", always evaluated " + std::to_string(s.always) +
         ", never " + std::to_string(s.never) + "; fields projected " +
         std::to_string(set.rules->projection().slot_count()) + "; matches " + std::to_string(set.matches) +
         "; predicates per record " +
         std::to_string(static_cast<double>(set.evaluations) / static_cast<double>(GetCorpus().counts.records)) +
         "; rules checked against the generator " + std::to_string(set.generator_checked);
}

}  // namespace
}  // namespace trailhunt_bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  using namespace trailhunt_bench;
  const Corpus& c = GetCorpus();
  const RuleSources& rules = GetRuleSources();
  AddMachineContext();
  benchmark::AddCustomContext("corpus_seed", std::to_string(kDefaultSeed));
  benchmark::AddCustomContext("corpus_records", std::to_string(c.counts.records));
  benchmark::AddCustomContext("corpus_ndjson_bytes", std::to_string(c.ndjson.size()));
  benchmark::AddCustomContext("scan_sources", std::to_string(c.parts.size()));
  benchmark::AddCustomContext(
      "real_rules", std::to_string(rules.documents.size()) + " detections: " + std::to_string(rules.sigma_documents) +
                        " SigmaHQ (" + (rules.sigma_dir.empty() ? "TRAILHUNT_BENCH_SIGMA_DIR unset" : rules.sigma_dir) +
                        ", " + std::to_string(rules.sigma_rejected) + " documents not usable) + " +
                        std::to_string(rules.pack_documents) + " aws-threats; " +
                        std::to_string(rules.correlations_left_out) + " correlation documents left out");
  for (size_t n : kRuleCounts) {
    benchmark::AddCustomContext("rules_" + std::to_string(n), DescribeSet(GetSet(n)));
  }
  for (const char* name : kPacks) benchmark::AddCustomContext(std::string("pack_") + name, DescribePack(GetPack(name)));
  RegisterPackBenchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
