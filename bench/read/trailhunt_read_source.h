// File: read/trailhunt_read_source.h
// trailhunt::ReadSource over MemorySources (NDJSON, S3 {"Records":[...]}
// documents or their gzip), one after the other on the calling thread, into a
// counting sink: the input stage alone, i.e. detection, decompression,
// framing and per-record validation.
#ifndef TRAILHUNT_BENCH_READ_TRAILHUNT_READ_SOURCE_H_
#define TRAILHUNT_BENCH_READ_TRAILHUNT_READ_SOURCE_H_

#include <string>
#include <string_view>
#include <vector>

#include "read/read_result.h"
#include "trailhunt/input.h"

namespace trailhunt_bench {

class TrailhuntReadSource {
 public:
  TrailhuntReadSource(const std::string& name, const std::vector<std::string_view>& pieces) {
    for (size_t i = 0; i < pieces.size(); ++i) {
      sources_.push_back(trailhunt::MemorySource(name + "." + std::to_string(i), pieces[i]));
    }
  }

  bool Run(ReadResult* result) {
    for (const trailhunt::Source& source : sources_) {
      CountingWork sink;
      trailhunt::InputCounters counters;
      const absl::Status status = trailhunt::ReadSource(source, options_, sink, counters);
      result->records += sink.records;
      result->rejected += sink.rejected;
      result->checksum += sink.checksum;
      if (!status.ok() || !counters.Reconciles()) return false;
    }
    return true;
  }

 private:
  std::vector<trailhunt::Source> sources_;
  trailhunt::ReadOptions options_;
};

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_READ_TRAILHUNT_READ_SOURCE_H_
