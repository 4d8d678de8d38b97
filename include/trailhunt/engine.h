// File: engine.h
// Scanning many sources on several threads with deterministic results: each
// source is read by one worker into its own SourceWork, and the caller sees
// the finished works strictly in source order, whatever the thread count.
// Memory stays bounded: at most 2 x threads sources are in flight.
//
// Thread-safety: Scan may be called from any thread; SourceWork objects are
// touched by one worker, then handed to the calling thread.
#ifndef TRAILHUNT_ENGINE_H_
#define TRAILHUNT_ENGINE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "trailhunt/input.h"
#include "trailhunt/limits.h"

namespace trailhunt {

struct ScanOptions {
  // 0: one per hardware thread. 1: only the calling thread (for hosts that
  // forbid spawning threads).
  int threads = 0;
  Limits limits;
  // Event-time bounds, [since, until), epoch ns; kNoTime means unbounded. A
  // record without a time is outside any bound that is set.
  int64_t since_ns = kNoTime;
  int64_t until_ns = kNoTime;
  // Optional: once it reads true (set it from `done`, e.g. when a query has
  // all the rows it can use), no further source is started; sources already
  // being read finish and are delivered in order, the rest never are.
  const std::atomic<bool>* stop = nullptr;
};

// What a scan does with one source's output. Subclass it; OnRecord receives
// only records within the time bounds.
class SourceWork : public RecordSink {};

struct SourceOutcome {
  InputCounters counters;
  uint64_t records_out_of_range = 0;  // delivered, but outside the time bounds
  absl::Status status;                // the source could not be read at all
};

struct ScanSummary {
  InputCounters counters;
  uint64_t records_out_of_range = 0;
  uint64_t sources_failed = 0;
  uint64_t sources_not_read = 0;  // left unread because `stop` was set
};

using SourceWorkFactory = std::function<std::unique_ptr<SourceWork>(size_t source_index)>;
using SourceWorkDone = std::function<void(size_t source_index, std::unique_ptr<SourceWork> work,
                                          const SourceOutcome& outcome)>;

// Reads every source (until options.stop). `make` runs on worker threads;
// `done` runs on the calling thread, once per source read, in source order.
ScanSummary Scan(const std::vector<Source>& sources, const ScanOptions& options,
                 const SourceWorkFactory& make, const SourceWorkDone& done);

// The thread count `options.threads` resolves to.
int EffectiveThreads(const ScanOptions& options);

}  // namespace trailhunt

#endif  // TRAILHUNT_ENGINE_H_
