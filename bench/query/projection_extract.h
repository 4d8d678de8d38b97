// File: query/projection_extract.h
// Projection::Extract alone: the blog searches' eight fields captured from
// every NDJSON line of the corpus, already framed (each line is exactly the
// Record the reader would deliver), one slot array reused. Set against the
// speed of light, which walks the same lines, it is the price of the
// projection pass itself.
#ifndef TRAILHUNT_BENCH_QUERY_PROJECTION_EXTRACT_H_
#define TRAILHUNT_BENCH_QUERY_PROJECTION_EXTRACT_H_

#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "query/blog_projection.h"
#include "trailhunt/input.h"

namespace trailhunt_bench {

class ProjectionExtract {
 public:
  // `ndjson` must be followed by trailhunt::kJsonPadding readable bytes.
  explicit ProjectionExtract(std::string_view ndjson) : ndjson_(ndjson), projection_(BuildBlogProjection()) {
    if (projection_) slots_.resize(projection_->slot_count());
  }

  bool Run(QueryAnswer* answer, bool tally = false) {
    if (!projection_) return false;
    const char* const base = ndjson_.data();
    const size_t size = ndjson_.size();
    trailhunt::Record record;
    record.location.source = "bench.ndjson";
    trailhunt::ProjectionError error;
    size_t pos = 0;
    while (pos < size) {
      const void* nl = std::memchr(base + pos, '\n', size - pos);
      const size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - base) : size;
      if (end > pos) {
        record.json = std::string_view(base + pos, end - pos);
        record.location.byte_offset = pos;
        if (!projection_->Extract(record, absl::MakeSpan(slots_), &error)) {
          ++answer->rejected;
        } else {
          ++answer->records;
          UseSlots(slots_, tally, answer);
        }
        ++record.location.record_index;
      }
      pos = end + 1;
    }
    return true;
  }

 private:
  std::string_view ndjson_;
  std::shared_ptr<const trailhunt::Projection> projection_;
  std::vector<trailhunt::Value> slots_;
};

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_QUERY_PROJECTION_EXTRACT_H_
