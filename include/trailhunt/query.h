// File: query.h
// Running an SPL pipeline over CloudTrail records.
//
// A query is compiled once: names are resolved through the catalog (the
// Splunk add-on view: `src_ip`, `userName`, `errorCode=success`), the fields
// every command reads become one Projection, the search terms become a
// match::Predicate, and lookups are loaded. Evaluation then runs in two
// phases:
//
//  - per source, on the engine's workers: projection, the search, and every
//    command that looks at one event at a time (eval, where, rex, spath,
//    regex, lookup, rename, fillnull, bin, fields, table), then the partial
//    state of the first command that needs many events (stats, top, rare,
//    timechart, dedup, sort, head, tail);
//  - on the calling thread: partial states merged in source order, then the
//    rest of the pipeline over the result table.
//
// Event order is (source index, record index): CloudTrail files are not time
// ordered, so head, tail, dedup, first, last and list follow that order, and
// results are identical whatever the thread count. Memory grows with the
// number of groups, not of events, except where a command must hold events
// (sort, tail, dedup keys, list, values), which count against
// QueryLimits::max_events_held. Hitting any limit fails the query with a
// ResourceExhausted status naming the limit and how to raise it.
//
// Fields every event has besides the record's: `_raw` (the record's JSON
// text), `_time` (event time in epoch seconds: Int when whole, else Double;
// kept a number so sort and bin work, and front ends format it), `source`
// (the source's name) and `sourcetype` ("aws:cloudtrail"). `index=` search
// terms are ignored with a warning. A pipeline that returns events shows
// `_time`, the fields eval/rex/spath/lookup created, then `_raw`, unless
// table or fields set the columns. Per event, a wildcard in table, fields,
// rename or fillnull expands against the names the pipeline has bound so far
// and the catalog's names; after the merge, against the table's columns.
// fillnull without fields fills, per event, every field the pipeline reads,
// and after the merge every column. bin keeps a bucket's lower bound as a
// number. timechart without span= sizes buckets from earliest/latest (one
// day when the search has no time range).
//
// Thread-safety: a compiled Query is immutable and shared. A QueryRun is
// used by one thread; its partials are filled by one worker each.
#ifndef TRAILHUNT_QUERY_H_
#define TRAILHUNT_QUERY_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "trailhunt/engine.h"
#include "trailhunt/input.h"
#include "trailhunt/limits.h"
#include "trailhunt/spl.h"
#include "trailhunt/value.h"

namespace trailhunt {

class Projection;

struct QueryLimits {
  // Distinct groups held by stats, top, rare, timechart (series x buckets)
  // and dedup.
  size_t max_groups = 1'000'000;
  // Events or values held by sort, tail, dedup keys, list, values, dc, and
  // rows of a pipeline that returns events.
  size_t max_events_held = 5'000'000;
  // Buckets a timechart or bin may create (a 1s span over a year is 31M).
  size_t max_time_buckets = 100'000;
  // Rows read from one lookup CSV file.
  size_t max_lookup_rows = 1'000'000;
  // Bytes of one lookup CSV file (only regular files are read).
  size_t max_lookup_bytes = size_t{256} << 20;
};

struct QueryOptions {
  // "Now" for relative times (`earliest=-24h@h`) and now(); kNoTime means
  // the clock when the query is compiled.
  int64_t now_ns = kNoTime;
  QueryLimits limits;
  Limits record_limits;
  // Relative lookup file names are resolved against this directory ("" =
  // the working directory).
  std::string lookup_dir;
};

// Rows and ordered columns; a cell is Missing when the row lacks the field.
struct ResultTable {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;  // each row has columns.size() cells
  // What the run did that changes the answer without being an error, e.g.
  // "sort kept the first 10000 of 12345 results (sort's default limit; use
  // 'sort 0' for all)". The CLI prints them on stderr.
  std::vector<std::string> notes;

  // -1 when absent.
  int ColumnIndex(std::string_view name) const;
};

class Query;

// One source's share of a run. Filled by one worker, in record order.
class QueryPartial {
 public:
  virtual ~QueryPartial() = default;
  // Evaluates one record. A record that cannot be projected returns an
  // error (the caller reports it like a rejected record) and the partial
  // goes on. A limit hit makes every later call return that same error, and
  // Merge fails with it.
  virtual absl::Status AddRecord(const Record& record) = 0;
};

class Query {
 public:
  // Parses and compiles. Errors carry "line L, column C" for the text, or
  // name the lookup file that could not be read.
  static absl::StatusOr<std::shared_ptr<const Query>> Compile(std::string_view spl,
                                                              const QueryOptions& options = {});
  virtual ~Query() = default;

  // Warnings found while compiling (a catalog name matched only
  // case-insensitively, a sourcetype that is not aws:cloudtrail, ...).
  virtual const std::vector<spl::Diagnostic>& warnings() const = 0;
  // Event-time bounds from earliest=/latest=, [earliest, latest), or kNoTime;
  // pass them to ScanOptions so the engine skips records outside them.
  virtual int64_t earliest_ns() const = 0;
  virtual int64_t latest_ns() const = 0;
  // True when the pipeline returns events as they come (no command needs
  // all of them): QueryRun::TakeRows can then stream results.
  virtual bool streams_rows() const = 0;
  virtual const Projection& projection() const = 0;
  // The compiled plan, one line per stage, for `--explain` and tests.
  virtual std::string Explain() const = 0;
  virtual const QueryOptions& options() const = 0;
};

// One execution of a compiled query.
class QueryRun {
 public:
  explicit QueryRun(std::shared_ptr<const Query> query);
  ~QueryRun();
  QueryRun(const QueryRun&) = delete;
  QueryRun& operator=(const QueryRun&) = delete;

  // Any thread; `source_name` is copied (it is the `source` field).
  std::unique_ptr<QueryPartial> NewPartial(size_t source_index, std::string_view source_name) const;
  // Calling thread, in source order.
  absl::Status Merge(std::unique_ptr<QueryPartial> partial);
  // For a streaming query (Query::streams_rows): the rows merged so far,
  // handed over and forgotten, so a caller can print them as they come.
  // Columns are those of the final table.
  std::vector<std::vector<Value>> TakeRows();
  // True when no further record can change the result (a `head` that has
  // its rows): the caller may stop reading (ScanOptions::stop).
  bool saturated() const;
  // Runs the rest of the pipeline. Call once, after the last Merge.
  absl::StatusOr<ResultTable> Finish();
  // Columns of a streaming query's rows (known before Finish).
  const std::vector<std::string>& streaming_columns() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

struct QueryResult {
  ResultTable table;
  ScanSummary summary;
  // Records the reader rejected or the query could not project:
  // (location, message), in source order.
  std::vector<RecordError> record_errors;
  // Owns the source names record_errors' locations view (an archive
  // member's name lives only while the reader reads it); moving the result
  // keeps the views valid, copying does not.
  std::deque<std::string> record_error_sources;
};

// Scans `sources` with the engine and runs the query: the one-call form.
// The query's earliest/latest narrow `options`' time bounds.
absl::StatusOr<QueryResult> RunQuery(std::shared_ptr<const Query> query,
                                     const std::vector<Source>& sources, ScanOptions options);

}  // namespace trailhunt

#endif  // TRAILHUNT_QUERY_H_
