// trailhunt_bench_read: how fast trailhunt reads CloudTrail, against a bare
// simdjson On-Demand walk of the same bytes (the speed of light).
//
// Every benchmark first runs its adapter once and compares the answer with
// the generator's counts (records; eventNames where the adapter reads them),
// and skips itself with an error on a mismatch. Then it times, reporting
// bytes/s (uncompressed JSON bytes) and events/s.
//
// Environment: TRAILHUNT_BENCH_MB (corpus size in MiB, default 32),
// TRAILHUNT_BENCH_PARTS (sources for the Scan benchmarks, default 64).
// The ReadSource rows run twice: one source holding the whole corpus
// (source_MiB = corpus size) and the same records as ~1 MiB sources.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_common.h"
#include "corpus.h"
#include "read/read_result.h"
#include "read/speed_of_light.h"
#include "read/speed_of_light_rows.h"
#include "read/trailhunt_event_parse.h"
#include "read/trailhunt_read_source.h"
#include "read/trailhunt_scan.h"
#include "simdjson.h"

namespace trailhunt_bench {
namespace {

uint64_t CorpusMiB() { return EnvNumber("TRAILHUNT_BENCH_MB", 32); }

// The same records cut into sources of one size, in each form ReadSource
// reads: NDJSON pieces (views into the corpus), S3 documents and their gzip.
struct Pieces {
  std::vector<std::string_view> ndjson;
  std::vector<std::string> s3, s3_gz;
  uint64_t ndjson_bytes = 0, s3_bytes = 0, s3_gz_bytes = 0;

  void Build(std::string_view corpus, size_t count) {
    ndjson = SplitNdjson(corpus, count);
    for (std::string_view piece : ndjson) {
      ndjson_bytes += piece.size();
      s3.push_back(NdjsonToS3Records(piece));
      s3_bytes += s3.back().size();
      std::string gz;
      Gzip(s3.back(), 6, &gz);
      s3_gz_bytes += gz.size();
      s3_gz.push_back(std::move(gz));
    }
  }
  static std::vector<std::string_view> Views(const std::vector<std::string>& v) {
    return std::vector<std::string_view>(v.begin(), v.end());
  }
};

struct Corpus {
  std::string ndjson;  // padded
  CorpusCounts counts;
  Pieces whole;        // one source holding every record
  Pieces mib;          // sources of about 1 MiB
  Pieces scan;         // TRAILHUNT_BENCH_PARTS sources for Scan
};

const Corpus& GetCorpus() {
  static const Corpus* const corpus = [] {
    auto* c = new Corpus;
    c->ndjson = MakeNdjson(CorpusMiB() << 20, kDefaultSeed, &c->counts);
    Pad(c->ndjson);
    c->whole.Build(c->ndjson, 1);
    c->mib.Build(c->ndjson, std::max<size_t>(1, c->ndjson.size() >> 20));
    c->scan.Build(c->ndjson, EnvNumber("TRAILHUNT_BENCH_PARTS", 64));
    return c;
  }();
  return *corpus;
}

// The ReadSource benchmarks' argument: source size in MiB; 1 or the corpus.
const Pieces& PiecesFor(const Corpus& c, int64_t source_mib) { return source_mib == 1 ? c.mib : c.whole; }

// The check before timing: same record count as the generator, none rejected.
bool Check(benchmark::State& state, bool ran, const ReadResult& r, uint64_t expected_records) {
  if (!ran) {
    state.SkipWithError("adapter failed on the corpus");
    return false;
  }
  if (r.records != expected_records || r.rejected != 0) {
    const std::string msg = "records: got " + std::to_string(r.records) + " (" + std::to_string(r.rejected) +
                            " rejected), generator wrote " + std::to_string(expected_records);
    state.SkipWithError(msg.c_str());
    return false;
  }
  return true;
}

// Runs `adapter` once to check, then times it.
template <typename Adapter>
void Measure(benchmark::State& state, Adapter& adapter, uint64_t bytes, uint64_t expected_records) {
  ReadResult check;
  const bool ran = adapter.Run(&check);
  if (!Check(state, ran, check, expected_records)) return;
  for (auto _ : state) {
    ReadResult r;
    if (!adapter.Run(&r)) {
      state.SkipWithError("adapter failed while timed");
      return;
    }
    benchmark::DoNotOptimize(r.checksum);
  }
  Report(state, bytes, expected_records);
}

void BM_SpeedOfLight(benchmark::State& state) {
  TimeSpeedOfLight(state, GetCorpus().ndjson, GetCorpus().counts.records);
}

// The baseline on several threads: each benchmark thread walks its share of
// the parts Scan reads, so the aggregate is the per-core ceiling for Scan.
void BM_SpeedOfLight_Threads(benchmark::State& state) {
  TimeSpeedOfLightShare(state, GetCorpus().scan.ndjson);
}

void BM_ReadSource_Ndjson(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const Pieces& p = PiecesFor(c, state.range(0));
  TrailhuntReadSource adapter("bench.ndjson", p.ndjson);
  Measure(state, adapter, p.ndjson_bytes, c.counts.records);
}

void BM_ReadSource_S3Records(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const Pieces& p = PiecesFor(c, state.range(0));
  TrailhuntReadSource adapter("bench.json", Pieces::Views(p.s3));
  Measure(state, adapter, p.s3_bytes, c.counts.records);
}

void BM_ReadSource_Gzip(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  const Pieces& p = PiecesFor(c, state.range(0));
  TrailhuntReadSource adapter("bench.json.gz", Pieces::Views(p.s3_gz));
  // Bytes are the decompressed JSON, comparable with the other rows.
  Measure(state, adapter, p.s3_bytes, c.counts.records);
  char label[64];
  std::snprintf(label, sizeof label, "gzip %.1fx",
                static_cast<double>(p.s3_bytes) / static_cast<double>(p.s3_gz_bytes));
  state.SetLabel(label);
}

void BM_EventParse(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  TrailhuntEventParse adapter(c.ndjson);
  ReadResult check;
  const bool ran = adapter.Run(&check, /*by_name=*/true);
  if (!Check(state, ran, check, c.counts.records)) return;
  if (check.by_event_name != c.counts.by_event_name) {
    state.SkipWithError("Get(\"eventName\") counts differ from the generator's");
    return;
  }
  for (auto _ : state) {
    ReadResult r;
    if (!adapter.Run(&r)) {
      state.SkipWithError("Event::Parse failed while timed");
      return;
    }
    benchmark::DoNotOptimize(r.checksum);
  }
  Report(state, c.ndjson.size(), c.counts.records);
}

void BM_Scan_Threads(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  TrailhuntScan adapter(c.scan.ndjson, static_cast<int>(state.range(0)));
  Measure(state, adapter, c.scan.ndjson_bytes, c.counts.records);
}

void BM_Scan_Threads_S3Gz(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  TrailhuntScan adapter(Pieces::Views(c.scan.s3_gz), static_cast<int>(state.range(0)));
  Measure(state, adapter, c.scan.s3_bytes, c.counts.records);
}

// Single-threaded rows use the CPU clock (the default), which a busy shared
// machine disturbs least; rows that run several threads use real time, since
// Scan works on threads the benchmark's CPU clock does not see. Ratios are
// taken within one clock: Scan at N threads against SpeedOfLight_Threads at N.
BENCHMARK(BM_SpeedOfLight)->Unit(benchmark::kMillisecond);
// One source holding the whole corpus, and the same records as 1 MiB sources
// (S3 delivery objects are small; exports are large).
void SourceSizes(benchmark::internal::Benchmark* b) {
  b->ArgName("source_MiB")->Arg(static_cast<int64_t>(CorpusMiB()));
  if (CorpusMiB() > 1) b->Arg(1);
}

BENCHMARK(BM_ReadSource_Ndjson)->Apply(SourceSizes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadSource_S3Records)->Apply(SourceSizes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReadSource_Gzip)->Apply(SourceSizes)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EventParse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SpeedOfLight_Threads)->ThreadRange(1, HardwareThreads())->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Scan_Threads)->Apply(ThreadArgs)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Scan_Threads_S3Gz)->Apply(ThreadArgs)->UseRealTime()->Unit(benchmark::kMillisecond);

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
  benchmark::AddCustomContext("corpus_s3_gz_bytes", std::to_string(c.whole.s3_gz_bytes));
  benchmark::AddCustomContext("scan_sources", std::to_string(c.scan.ndjson.size()));
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
