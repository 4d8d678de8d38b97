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
#include "hunt/rule_sets.h"
#include "read/read_result.h"
#include "read/speed_of_light.h"
#include "simdjson.h"
#include "trailhunt/hunt.h"
#include "trailhunt/input.h"

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
std::string CheckSummary(const trailhunt::HuntSummary& s, const HuntCollector& sink, const PreparedSet& set) {
  const uint64_t records = GetCorpus().counts.records;
  const trailhunt::InputCounters& c = s.scan.counters;
  if (s.scan.sources_failed != 0) return std::to_string(s.scan.sources_failed) + " sources failed";
  if (!c.Reconciles()) return "input counters do not reconcile";
  if (c.records_delivered != records || c.records_rejected != 0 || sink.record_errors != 0) {
    return "records delivered " + std::to_string(c.records_delivered) + ", rejected " +
           std::to_string(c.records_rejected) + "; the generator wrote " + std::to_string(records);
  }
  if (s.records_evaluated != records || s.records_unprojectable != 0) {
    return "records evaluated " + std::to_string(s.records_evaluated) + " of " + std::to_string(records);
  }
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
  const Corpus& c = GetCorpus();
  SpeedOfLight adapter(c.ndjson);
  ReadResult check;
  if (!adapter.Run(&check) || check.records != c.counts.records) {
    return void(Fail(state, "the speed-of-light walk did not see every record"));
  }
  for (auto _ : state) {
    ReadResult r;
    if (!adapter.Run(&r)) return void(Fail(state, "the walk failed while timed"));
    benchmark::DoNotOptimize(r.checksum);
  }
  Report(state, c.ndjson.size(), c.counts.records);
}

// Each benchmark thread walks its share of the sources the hunt scans: the
// N-core ceiling for the hunt rows at N threads.
void BM_SpeedOfLight_Threads(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  std::string mine;
  for (size_t i = static_cast<size_t>(state.thread_index()); i < c.parts.size();
       i += static_cast<size_t>(state.threads())) {
    mine.append(c.parts[i]);
  }
  Pad(mine);
  SpeedOfLight adapter(mine);
  ReadResult check;
  if (!adapter.Run(&check) || check.records != CountLines(mine)) {
    return void(Fail(state, "the speed-of-light walk did not see every record"));
  }
  for (auto _ : state) {
    ReadResult r;
    if (!adapter.Run(&r)) return void(Fail(state, "the walk failed while timed"));
    benchmark::DoNotOptimize(r.checksum);
  }
  Report(state, mine.size(), check.records);
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
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
