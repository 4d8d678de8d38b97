// File: read/speed_of_light_rows.h
// The two baseline rows every benchmark binary reports and ratios.py
// divides by: the simdjson walk (read/speed_of_light.h) over the whole
// corpus on one thread, and each benchmark thread walking its share of the
// corpus's parts (every threads()-th part from its own index), the N-core
// ceiling. Each walk is checked against the expected record count first.
#ifndef TRAILHUNT_BENCH_READ_SPEED_OF_LIGHT_ROWS_H_
#define TRAILHUNT_BENCH_READ_SPEED_OF_LIGHT_ROWS_H_

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "bench_common.h"
#include "corpus.h"
#include "read/read_result.h"
#include "read/speed_of_light.h"

namespace trailhunt_bench {

// Checks once, then times the walk over `ndjson` (padded as simdjson needs).
inline void TimeSpeedOfLight(benchmark::State& state, std::string_view ndjson, uint64_t records) {
  SpeedOfLight adapter(ndjson);
  ReadResult check;
  if (!adapter.Run(&check) || check.records != records) {
    state.SkipWithError("the speed-of-light walk did not see every record");
    return;
  }
  for (auto _ : state) {
    ReadResult r;
    if (!adapter.Run(&r)) {
      state.SkipWithError("the walk failed while timed");
      return;
    }
    benchmark::DoNotOptimize(r.checksum);
  }
  Report(state, ndjson.size(), records);
}

// This benchmark thread's share of `parts`, walked as above.
template <typename Parts>
void TimeSpeedOfLightShare(benchmark::State& state, const Parts& parts) {
  std::string mine;
  for (size_t i = static_cast<size_t>(state.thread_index()); i < parts.size();
       i += static_cast<size_t>(state.threads())) {
    mine.append(parts[i]);
  }
  const uint64_t records = CountLines(mine);
  Pad(mine);
  TimeSpeedOfLight(state, std::string_view(mine.data(), mine.size()), records);
}

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_READ_SPEED_OF_LIGHT_ROWS_H_
