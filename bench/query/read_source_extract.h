// File: query/read_source_extract.h
// trailhunt::ReadSource over NDJSON MemorySources, one after the other on the
// calling thread, into a sink that runs Projection::Extract of the blog
// searches' fields on every record: the input stage plus the projection,
// the per-record work of a query before any search term or command.
#ifndef TRAILHUNT_BENCH_QUERY_READ_SOURCE_EXTRACT_H_
#define TRAILHUNT_BENCH_QUERY_READ_SOURCE_EXTRACT_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "query/blog_projection.h"
#include "trailhunt/input.h"

namespace trailhunt_bench {

class ReadSourceExtract {
 public:
  explicit ReadSourceExtract(const std::vector<std::string_view>& pieces) : projection_(BuildBlogProjection()) {
    for (size_t i = 0; i < pieces.size(); ++i) {
      sources_.push_back(trailhunt::MemorySource("part-" + std::to_string(i), pieces[i]));
    }
  }

  bool Run(QueryAnswer* answer, bool tally = false) {
    if (!projection_) return false;
    Sink sink(*projection_, tally, answer);
    for (const trailhunt::Source& source : sources_) {
      trailhunt::InputCounters counters;
      const absl::Status status = trailhunt::ReadSource(source, options_, sink, counters);
      if (!status.ok() || !counters.Reconciles()) return false;
    }
    return true;
  }

 private:
  class Sink : public trailhunt::RecordSink {
   public:
    Sink(const trailhunt::Projection& projection, bool tally, QueryAnswer* answer)
        : projection_(projection), slots_(projection.slot_count()), tally_(tally), answer_(answer) {}
    void OnRecord(const trailhunt::Record& record) override {
      if (!projection_.Extract(record, absl::MakeSpan(slots_), &error_)) {
        ++answer_->rejected;
        return;
      }
      ++answer_->records;
      UseSlots(slots_, tally_, answer_);
    }
    void OnError(const trailhunt::RecordError& error) override {
      (void)error;
      ++answer_->rejected;
    }

   private:
    const trailhunt::Projection& projection_;
    std::vector<trailhunt::Value> slots_;
    trailhunt::ProjectionError error_;
    bool tally_;
    QueryAnswer* answer_;
  };

  std::shared_ptr<const trailhunt::Projection> projection_;
  std::vector<trailhunt::Source> sources_;
  trailhunt::ReadOptions options_;
};

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_QUERY_READ_SOURCE_EXTRACT_H_
