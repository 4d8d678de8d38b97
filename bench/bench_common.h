// File: bench_common.h
// Helpers every Google Benchmark binary here shares: environment knobs, the
// padding simdjson needs, the MB/s + events/s report, thread arguments and
// the machine note in the report's context.
#ifndef TRAILHUNT_BENCH_BENCH_COMMON_H_
#define TRAILHUNT_BENCH_BENCH_COMMON_H_

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "simdjson.h"

namespace trailhunt_bench {

// A positive number from the environment, else `fallback`.
inline uint64_t EnvNumber(const char* name, uint64_t fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(v, &end, 10);
  return (*end == '\0' && n > 0) ? n : fallback;
}

// Gives `s` at least SIMDJSON_PADDING defined bytes past its end.
inline void Pad(std::string& s) {
  const size_t n = s.size();
  s.append(simdjson::SIMDJSON_PADDING, ' ');
  s.resize(n);
}

// Bytes/s of JSON and events/s, from what one iteration processes.
inline void Report(benchmark::State& state, uint64_t bytes, uint64_t records) {
  state.SetBytesProcessed(static_cast<int64_t>(bytes) * state.iterations());
  state.counters["events/s"] = benchmark::Counter(
      static_cast<double>(records) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

inline int HardwareThreads() { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); }

// 1, 2, 4, ... and the hardware thread count (re2's ThreadRange, as Args:
// the engine owns its threads, so the benchmark itself runs on one).
inline void ThreadArgs(benchmark::internal::Benchmark* b) {
  const int hw = HardwareThreads();
  for (int t = 1; t < hw; t *= 2) b->Arg(t);
  b->Arg(hw);
  b->ArgName("threads");
}

inline std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(std::min(line.size(), colon + 2));
    }
  }
  return "unknown";
}

// The machine, for the report's context (STYLE.md: note it in every report).
inline void AddMachineContext() {
  benchmark::AddCustomContext("cpu_model", CpuModel());
  benchmark::AddCustomContext("hardware_threads", std::to_string(HardwareThreads()));
  benchmark::AddCustomContext("simdjson_implementation",
                              std::string(simdjson::get_active_implementation()->name()));
}

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_BENCH_COMMON_H_
