// File: query/run_query.h
// A search end to end through trailhunt::RunQuery: compiled once, then run
// over NDJSON MemorySources (as a directory of trail files would be) on a
// given number of threads. Each run reads, projects, searches and
// aggregates every record and builds the result table.
#ifndef TRAILHUNT_BENCH_QUERY_RUN_QUERY_H_
#define TRAILHUNT_BENCH_QUERY_RUN_QUERY_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "query/query_answer.h"
#include "trailhunt/query.h"

namespace trailhunt_bench {

class TrailhuntRunQuery {
 public:
  TrailhuntRunQuery(std::string_view spl, const std::vector<std::string_view>& parts, int threads) {
    auto query = trailhunt::Query::Compile(spl);
    if (query.ok()) query_ = *std::move(query);
    for (size_t i = 0; i < parts.size(); ++i) {
      sources_.push_back(trailhunt::MemorySource("part-" + std::to_string(i), parts[i]));
    }
    options_.threads = threads;
  }

  // With `table`, also hands the result table over as display text.
  bool Run(QueryAnswer* answer, bool table = false) {
    if (!query_) return false;
    absl::StatusOr<trailhunt::QueryResult> result = trailhunt::RunQuery(query_, sources_, options_);
    if (!result.ok()) return false;
    const trailhunt::ScanSummary& summary = result->summary;
    if (summary.sources_failed != 0 || !summary.counters.Reconciles()) return false;
    answer->records += summary.counters.records_delivered;
    answer->rejected += summary.counters.records_rejected;
    answer->checksum += result->table.rows.size();
    if (!table) return true;
    answer->columns = result->table.columns;
    for (const auto& row : result->table.rows) {
      std::vector<std::string> cells;
      for (const trailhunt::Value& v : row) cells.push_back(v.ToDisplayString());
      answer->rows.push_back(std::move(cells));
    }
    return true;
  }

 private:
  std::shared_ptr<const trailhunt::Query> query_;
  std::vector<trailhunt::Source> sources_;
  trailhunt::ScanOptions options_;
};

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_QUERY_RUN_QUERY_H_
