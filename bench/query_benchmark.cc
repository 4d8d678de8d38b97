// trailhunt_bench_query: how fast the query stage answers the blog's three
// SPL searches over CloudTrail, against a bare simdjson On-Demand walk of the
// same bytes (the speed of light, read/speed_of_light.h).
//
// Rows (one adapter per variant, query/*.h):
//   BM_SpeedOfLight, BM_SpeedOfLight_Threads  the baselines, 1 and N cores
//   BM_Extract           Projection::Extract alone of the searches' 8 fields,
//                        over the corpus lines (already framed)
//   BM_EventParse_Fields the same 8 fields by Event::Parse + Event::Get per
//                        line: what the projection replaces
//   BM_ReadSource_Extract  ReadSource + Extract, sources one after another
//   BM_Query_Logins, BM_Query_Errors, BM_Query_AccessDenied
//                        the searches end to end through RunQuery, 1..N threads
//   BM_EventParse_Logins the first search by hand: Scan + Event::FromRecord per
//                        record, counted in a map (no query stage)
//
// Every benchmark first runs its adapter once and compares the answer with
// the generator's counts (CorpusCounts: records, console_logins and their
// MFAUsed, errorCodes), and the by-hand answer of the first search with the
// query's, and skips itself with an error on a mismatch. Then it times,
// reporting bytes/s (NDJSON bytes) and events/s.
//
// Environment: TRAILHUNT_BENCH_MB (corpus size in MiB, default 32),
// TRAILHUNT_BENCH_PARTS (sources the engine scans, default 64).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "bench_common.h"
#include "corpus.h"
#include "query/event_parse_fields.h"
#include "query/event_parse_logins.h"
#include "query/projection_extract.h"
#include "query/query_answer.h"
#include "query/read_source_extract.h"
#include "query/run_query.h"
#include "read/read_result.h"
#include "read/speed_of_light.h"
#include "read/speed_of_light_rows.h"
#include "simdjson.h"
#include "trailhunt/input.h"

namespace trailhunt_bench {
namespace {

static_assert(trailhunt::kJsonPadding >= simdjson::SIMDJSON_PADDING, "Pad() must satisfy the reader's padding");

struct Corpus {
  std::string ndjson;  // padded
  CorpusCounts counts;
  std::vector<std::string_view> parts;  // TRAILHUNT_BENCH_PARTS pieces, for the engine
};

const Corpus& GetCorpus() {
  static const Corpus* const corpus = [] {
    auto* c = new Corpus;
    c->ndjson = MakeNdjson(EnvNumber("TRAILHUNT_BENCH_MB", 32) << 20, kDefaultSeed, &c->counts);
    Pad(c->ndjson);
    c->parts = SplitNdjson(c->ndjson, EnvNumber("TRAILHUNT_BENCH_PARTS", 64));
    return c;
  }();
  return *corpus;
}

// What the generator's counts say `stats count by errorCode` must give
// (errorCode is "success" for a call without one in this view).
std::map<std::string, uint64_t> ExpectedErrorCodes(const CorpusCounts& counts) {
  std::map<std::string, uint64_t> want = counts.by_error_code;
  want["success"] = counts.records - counts.errors;
  return want;
}

bool Fail(benchmark::State& state, const std::string& why) {
  state.SkipWithError(why.c_str());
  return false;
}

bool CheckRecords(benchmark::State& state, const QueryAnswer& a, const CorpusCounts& counts) {
  if (a.records != counts.records || a.rejected != 0) {
    return Fail(state, "records: got " + std::to_string(a.records) + " (" + std::to_string(a.rejected) +
                           " rejected), generator wrote " + std::to_string(counts.records));
  }
  return true;
}

uint64_t Number(const std::string& cell) { return std::strtoull(cell.c_str(), nullptr, 10); }

// The first search's rows: every login counted once, MFAUsed as generated.
bool CheckLogins(benchmark::State& state, const QueryAnswer& a, const CorpusCounts& counts) {
  if (a.columns.size() != 3) return Fail(state, "stats count by username, MFAUsed: not 3 columns");
  uint64_t total = 0;
  std::map<std::string, uint64_t> by_mfa;
  for (const auto& row : a.rows) {
    total += Number(row[2]);
    by_mfa[row[1]] += Number(row[2]);
  }
  if (total != counts.console_logins) {
    return Fail(state, "logins counted: " + std::to_string(total) + ", generator wrote " +
                           std::to_string(counts.console_logins));
  }
  if (by_mfa != counts.by_mfa_used) return Fail(state, "logins by MFAUsed differ from the generator's");
  return true;
}

// The by-hand answer, checked against the generator: the reference the
// query's first search must equal row for row (as sets: both sort by key,
// but the order of equal-looking keys is not the point here).
const QueryAnswer* LoginsReference(benchmark::State& state) {
  static const QueryAnswer* const reference = [] {
    const Corpus& c = GetCorpus();
    auto* a = new QueryAnswer;
    EventParseLogins by_hand(c.parts, 1);
    if (!by_hand.Run(a, /*table=*/true)) a->columns.clear();
    return a;
  }();
  const Corpus& c = GetCorpus();
  if (reference->columns.empty()) {
    Fail(state, "the by-hand first search failed");
    return nullptr;
  }
  if (!CheckRecords(state, *reference, c.counts) || !CheckLogins(state, *reference, c.counts)) return nullptr;
  return reference;
}

std::vector<std::vector<std::string>> Sorted(std::vector<std::vector<std::string>> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

// The three searches' answers against the generator's counts.
enum class Search { kLogins, kErrors, kAccessDenied };

bool CheckSearch(benchmark::State& state, Search search, const QueryAnswer& a) {
  const Corpus& c = GetCorpus();
  if (!CheckRecords(state, a, c.counts)) return false;
  switch (search) {
    case Search::kLogins: {
      const QueryAnswer* reference = LoginsReference(state);
      if (reference == nullptr || !CheckLogins(state, a, c.counts)) return false;
      if (Sorted(a.rows) != Sorted(reference->rows)) {
        return Fail(state, "the query's logins by user differ from the by-hand count's");
      }
      return true;
    }
    case Search::kErrors: {
      if (a.columns != std::vector<std::string>{"errorCode", "count"}) {
        return Fail(state, "stats count by errorCode: unexpected columns");
      }
      std::map<std::string, uint64_t> got;
      for (size_t i = 0; i < a.rows.size(); ++i) {
        got[a.rows[i][0]] += Number(a.rows[i][1]);
        if (i > 0 && Number(a.rows[i][1]) > Number(a.rows[i - 1][1])) {
          return Fail(state, "sort - count: rows are not in descending count order");
        }
      }
      if (got != ExpectedErrorCodes(c.counts)) return Fail(state, "counts by errorCode differ from the generator's");
      return true;
    }
    case Search::kAccessDenied: {
      const std::vector<std::string> want_columns = {"awsregion", "eventName", "userName",
                                                     "src_ip",    "userAgent", "errorMessage"};
      if (a.columns != want_columns) return Fail(state, "table: unexpected columns");
      const auto it = c.counts.by_error_code.find("AccessDenied");
      const uint64_t want = it == c.counts.by_error_code.end() ? 0 : it->second;
      if (a.rows.size() != want) {
        return Fail(state, "AccessDenied rows: " + std::to_string(a.rows.size()) + ", generator wrote " +
                               std::to_string(want));
      }
      for (const auto& row : a.rows) {
        for (const std::string& cell : row) {
          if (cell.empty()) return Fail(state, "an AccessDenied row has an empty cell");
        }
      }
      return true;
    }
  }
  return false;
}

// ------------------------------------------------------------- baselines

void BM_SpeedOfLight(benchmark::State& state) {
  TimeSpeedOfLight(state, GetCorpus().ndjson, GetCorpus().counts.records);
}

// Each benchmark thread walks its share of the parts the engine scans: the
// N-core ceiling for the query rows at N threads.
void BM_SpeedOfLight_Threads(benchmark::State& state) {
  TimeSpeedOfLightShare(state, GetCorpus().parts);
}

// ------------------------------------------------------------- projection

template <typename Adapter>
void MeasureExtract(benchmark::State& state, Adapter& adapter) {
  const Corpus& c = GetCorpus();
  QueryAnswer check;
  if (!adapter.Run(&check, /*tally=*/true)) return void(Fail(state, "adapter failed on the corpus"));
  if (!CheckRecords(state, check, c.counts)) return;
  if (check.console_logins != c.counts.console_logins || check.by_mfa_used != c.counts.by_mfa_used) {
    return void(Fail(state, "captured eventName / MFAUsed differ from the generator's counts"));
  }
  if (check.by_error_code != ExpectedErrorCodes(c.counts)) {
    return void(Fail(state, "captured errorCodes differ from the generator's counts"));
  }
  for (auto _ : state) {
    QueryAnswer a;
    if (!adapter.Run(&a)) return void(Fail(state, "adapter failed while timed"));
    benchmark::DoNotOptimize(a.checksum);
  }
  Report(state, c.ndjson.size(), c.counts.records);
}

void BM_Extract(benchmark::State& state) {
  ProjectionExtract adapter(GetCorpus().ndjson);
  MeasureExtract(state, adapter);
}

void BM_EventParse_Fields(benchmark::State& state) {
  EventParseFields adapter(GetCorpus().ndjson);
  MeasureExtract(state, adapter);
}

void BM_ReadSource_Extract(benchmark::State& state) {
  ReadSourceExtract adapter(GetCorpus().parts);
  MeasureExtract(state, adapter);
}

// ------------------------------------------------------------- searches

template <typename Adapter>
void MeasureSearch(benchmark::State& state, Adapter& adapter, Search search) {
  const Corpus& c = GetCorpus();
  QueryAnswer check;
  if (!adapter.Run(&check, /*table=*/true)) return void(Fail(state, "adapter failed on the corpus"));
  if (!CheckSearch(state, search, check)) return;
  for (auto _ : state) {
    QueryAnswer a;
    if (!adapter.Run(&a)) return void(Fail(state, "adapter failed while timed"));
    benchmark::DoNotOptimize(a.checksum);
  }
  Report(state, c.ndjson.size(), c.counts.records);
  state.SetLabel(std::to_string(check.rows.size()) + " rows");
}

void BM_Query_Logins(benchmark::State& state) {
  TrailhuntRunQuery adapter(kSearchLogins, GetCorpus().parts, static_cast<int>(state.range(0)));
  MeasureSearch(state, adapter, Search::kLogins);
}

void BM_Query_Errors(benchmark::State& state) {
  TrailhuntRunQuery adapter(kSearchErrors, GetCorpus().parts, static_cast<int>(state.range(0)));
  MeasureSearch(state, adapter, Search::kErrors);
}

void BM_Query_AccessDenied(benchmark::State& state) {
  TrailhuntRunQuery adapter(kSearchAccessDenied, GetCorpus().parts, static_cast<int>(state.range(0)));
  MeasureSearch(state, adapter, Search::kAccessDenied);
}

void BM_EventParse_Logins(benchmark::State& state) {
  EventParseLogins adapter(GetCorpus().parts, static_cast<int>(state.range(0)));
  MeasureSearch(state, adapter, Search::kLogins);
}

// Single-threaded rows use the CPU clock (which a busy shared machine
// disturbs least) and divide by BM_SpeedOfLight; rows on the engine use real
// time (its workers are threads the benchmark's CPU clock does not see) and
// divide by BM_SpeedOfLight_Threads at the same thread count (ratios.py).
BENCHMARK(BM_SpeedOfLight)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Extract)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EventParse_Fields)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadSource_Extract)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SpeedOfLight_Threads)->ThreadRange(1, HardwareThreads())->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Query_Logins)->Apply(ThreadArgs)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Query_Errors)->Apply(ThreadArgs)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Query_AccessDenied)->Apply(ThreadArgs)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EventParse_Logins)->Apply(ThreadArgs)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace trailhunt_bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const trailhunt_bench::Corpus& c = trailhunt_bench::GetCorpus();
  trailhunt_bench::AddMachineContext();
  benchmark::AddCustomContext("corpus_seed", std::to_string(trailhunt_bench::kDefaultSeed));
  benchmark::AddCustomContext("corpus_records", std::to_string(c.counts.records));
  benchmark::AddCustomContext("corpus_ndjson_bytes", std::to_string(c.ndjson.size()));
  benchmark::AddCustomContext("scan_sources", std::to_string(c.parts.size()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
