// File: read/trailhunt_scan.h
// trailhunt::Scan over many MemorySources (as a directory of S3 objects would
// be), a counting SourceWork per source, at a given thread count.
#ifndef TRAILHUNT_BENCH_READ_TRAILHUNT_SCAN_H_
#define TRAILHUNT_BENCH_READ_TRAILHUNT_SCAN_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "read/read_result.h"
#include "trailhunt/engine.h"

namespace trailhunt_bench {

class TrailhuntScan {
 public:
  TrailhuntScan(const std::vector<std::string_view>& parts, int threads) {
    for (size_t i = 0; i < parts.size(); ++i) {
      sources_.push_back(trailhunt::MemorySource("part-" + std::to_string(i), parts[i]));
    }
    options_.threads = threads;
  }

  bool Run(ReadResult* result) {
    bool ok = true;
    const trailhunt::ScanSummary summary = trailhunt::Scan(
        sources_, options_, [](size_t) { return std::make_unique<CountingWork>(); },
        [&](size_t, std::unique_ptr<trailhunt::SourceWork> work, const trailhunt::SourceOutcome& outcome) {
          const auto* counting = static_cast<const CountingWork*>(work.get());
          result->records += counting->records;
          result->rejected += counting->rejected;
          result->checksum += counting->checksum;
          ok = ok && outcome.status.ok();
        });
    return ok && summary.sources_failed == 0 && summary.counters.Reconciles();
  }

 private:
  std::vector<trailhunt::Source> sources_;
  trailhunt::ScanOptions options_;
};

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_READ_TRAILHUNT_SCAN_H_
