// File: read/read_result.h
// What one pass of a read benchmark adapter produces, and the counting sink
// the trailhunt adapters share. Every adapter does the same task on the same
// records: find every record (and, where the adapter parses fields, read its
// eventName), so the benchmark can check the answer against the generator's
// counts before it times anything.
#ifndef TRAILHUNT_BENCH_READ_READ_RESULT_H_
#define TRAILHUNT_BENCH_READ_READ_RESULT_H_

#include <cstdint>
#include <map>
#include <string>

#include "trailhunt/engine.h"
#include "trailhunt/input.h"

namespace trailhunt_bench {

struct ReadResult {
  uint64_t records = 0;
  uint64_t rejected = 0;
  uint64_t checksum = 0;  // keeps the work observable to the optimiser
  // Filled only by adapters that read eventName, and only when checking.
  std::map<std::string, uint64_t> by_event_name;
};

// Counts records and rejects; touches each record's first and last byte so
// the framed span is really used.
class CountingWork : public trailhunt::SourceWork {
 public:
  void OnRecord(const trailhunt::Record& r) override {
    ++records;
    checksum += r.json.size() + static_cast<unsigned char>(r.json.back());
  }
  void OnError(const trailhunt::RecordError& e) override {
    (void)e;
    ++rejected;
  }
  uint64_t records = 0;
  uint64_t rejected = 0;
  uint64_t checksum = 0;
};

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_READ_READ_RESULT_H_
