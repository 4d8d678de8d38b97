// trailhunt query 'SPL' [PATH...]: runs an SPL pipeline and prints its result
// table. Rows of a pipeline that returns events stream out as each source
// finishes (in source order); a pipeline that aggregates prints once at the
// end. stdout holds the table only; warnings, the plan, progress and the
// rejected-record report go to stderr.
#include <atomic>
#include <cstdio>
#include <memory>
#include <string>

#include "chart_writer.h"
#include "commands.h"
#include "progress.h"
#include "report.h"
#include "table_writer.h"
#include "trailhunt/engine.h"
#include "trailhunt/query.h"

namespace cli {
namespace {

class QueryWork : public trailhunt::SourceWork {
 public:
  QueryWork(std::unique_ptr<trailhunt::QueryPartial> partial, Progress* progress)
      : partial(std::move(partial)), progress_(progress) {}

  void OnRecord(const trailhunt::Record& record) override {
    if (++unreported_ == kProgressBatch) {
      progress_->AddRecords(unreported_);
      unreported_ = 0;
    }
    if (stopped_) return;
    absl::Status st = partial->AddRecord(record);
    if (st.ok()) return;
    // A limit ends the query (Merge reports it); anything else is one bad
    // record, reported like a rejection.
    if (absl::IsResourceExhausted(st)) {
      stopped_ = true;
      return;
    }
    diagnostics.AddEventFailure(record, st);
  }
  void OnError(const trailhunt::RecordError& e) override { diagnostics.AddError(e); }
  void OnSkipped(std::string_view source, std::string_view why) override {
    diagnostics.AddSkipped(source, why);
  }
  void FlushProgress() {
    progress_->AddRecords(unreported_);
    unreported_ = 0;
  }

  std::unique_ptr<trailhunt::QueryPartial> partial;
  SourceDiagnostics diagnostics;

 private:
  static constexpr uint64_t kProgressBatch = 1024;
  Progress* progress_;
  uint64_t unreported_ = 0;
  bool stopped_ = false;
};

// A library limit names its QueryLimits field; say which flag raises it.
std::string WithFlagHint(const absl::Status& status) {
  std::string message(status.message());
  if (!absl::IsResourceExhausted(status)) return message;
  if (message.find("max_groups") != std::string::npos) message += " (here: --max-groups N)";
  if (message.find("max_events_held") != std::string::npos) message += " (here: --max-events N)";
  return message;
}

// Prints a compile error; for errors in the query text ("line L, column C:
// ...") the offending line with a caret under the column.
void PrintCompileError(const std::string& spl, const absl::Status& status) {
  const std::string message = WithFlagHint(status);
  std::fprintf(stderr, "trailhunt query: %s\n", message.c_str());
  int line = 0, column = 0;
  if (std::sscanf(message.c_str(), "line %d, column %d", &line, &column) != 2 || line < 1 ||
      column < 1) {
    return;
  }
  size_t begin = 0;
  for (int l = 1; l < line && begin != std::string::npos; ++l) {
    begin = spl.find('\n', begin);
    if (begin != std::string::npos) ++begin;
  }
  if (begin == std::string::npos) return;
  const size_t end = spl.find('\n', begin);
  const std::string text = spl.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  std::string caret;
  for (int c = 1; c < column && static_cast<size_t>(c - 1) < text.size(); ++c) {
    caret += text[static_cast<size_t>(c - 1)] == '\t' ? '\t' : ' ';
  }
  std::fprintf(stderr, "  %s\n  %s^\n", text.c_str(), caret.c_str());
}

// `_time` cells print as ISO-8601 in every format.
std::vector<trailhunt::Value> ForDisplay(const std::vector<std::string>& columns,
                                         std::vector<trailhunt::Value> row) {
  for (size_t c = 0; c < columns.size() && c < row.size(); ++c) {
    if (columns[c] == "_time" && row[c].is_number()) {
      row[c] = trailhunt::Value::String(DisplayCell(columns[c], row[c]));
    }
  }
  return row;
}


}  // namespace

int RunQuery(const Options& options, const std::string& spl,
             const std::vector<trailhunt::Source>& sources) {
  const std::string format = options.format.empty() ? "table" : options.format;
  RowFormat row_format = RowFormat::kTable;
  if (format == "csv") row_format = RowFormat::kCsv;
  else if (format == "jsonl") row_format = RowFormat::kJsonl;
  else if (format == "markdown") row_format = RowFormat::kMarkdown;
  else if (format != "table" && format != "chart") {
    std::fprintf(stderr, "trailhunt query: --format must be table, csv, jsonl, markdown or chart\n");
    return 2;
  }
  const bool chart = format == "chart";

  trailhunt::QueryOptions query_options;
  query_options.now_ns = options.now_ns;
  query_options.record_limits = options.scan.limits;
  if (options.max_groups) query_options.limits.max_groups = options.max_groups;
  if (options.max_events) query_options.limits.max_events_held = options.max_events;
  auto query = trailhunt::Query::Compile(spl, query_options);
  if (!query.ok()) {
    PrintCompileError(spl, query.status());
    return 2;
  }
  for (const auto& w : (*query)->warnings()) {
    std::fprintf(stderr, "trailhunt query: warning: line %d, column %d: %s\n", w.pos.line,
                 w.pos.column, w.message.c_str());
  }
  if (options.explain) std::fprintf(stderr, "%s", (*query)->Explain().c_str());

  Reporter reporter;
  if (auto st = reporter.Open(options.errors_file); !st.ok()) {
    std::fprintf(stderr, "trailhunt: %s\n", std::string(st.message()).c_str());
    return 2;
  }
  trailhunt::ScanOptions scan = options.scan;
  if ((*query)->earliest_ns() != trailhunt::kNoTime &&
      (scan.since_ns == trailhunt::kNoTime || (*query)->earliest_ns() > scan.since_ns)) {
    scan.since_ns = (*query)->earliest_ns();
  }
  if ((*query)->latest_ns() != trailhunt::kNoTime &&
      (scan.until_ns == trailhunt::kNoTime || (*query)->latest_ns() < scan.until_ns)) {
    scan.until_ns = (*query)->latest_ns();
  }

  trailhunt::QueryRun run(*query);
  const bool streaming = (*query)->streams_rows() && !chart;
  std::unique_ptr<RowWriter> writer;
  if (streaming) {
    writer = std::make_unique<RowWriter>(row_format, run.streaming_columns(), stdout);
  }
  absl::Status failure;
  trailhunt::ScanSummary summary;
  // Stops reading once the result cannot change (`head` has its rows) or
  // the query failed.
  std::atomic<bool> stop{false};
  scan.stop = &stop;
  {
    Progress progress(UseProgress(options.progress), sources.size());
    summary = trailhunt::Scan(
        sources, scan,
        [&](size_t i) {
          return std::make_unique<QueryWork>(run.NewPartial(i, sources[i].name), &progress);
        },
        [&](size_t i, std::unique_ptr<trailhunt::SourceWork> base,
            const trailhunt::SourceOutcome& outcome) {
          auto* work = static_cast<QueryWork*>(base.get());
          work->FlushProgress();
          progress.SourceDone();
          reporter.Source(work->diagnostics, outcome, sources[i].name);
          if (!failure.ok()) return;
          failure = run.Merge(std::move(work->partial));
          if (!failure.ok() || run.saturated()) stop.store(true, std::memory_order_release);
          if (failure.ok() && writer) {
            for (auto& row : run.TakeRows()) {
              writer->Add(ForDisplay(run.streaming_columns(), std::move(row)));
            }
          }
        });
  }
  if (!failure.ok()) {
    if (writer) writer->Finish();
    std::fprintf(stderr, "trailhunt query: %s\n", WithFlagHint(failure).c_str());
    reporter.Finish(summary, options.strict);
    return 2;
  }
  auto table = run.Finish();
  if (!table.ok()) {
    if (writer) writer->Finish();
    std::fprintf(stderr, "trailhunt query: %s\n", WithFlagHint(table.status()).c_str());
    reporter.Finish(summary, options.strict);
    return 2;
  }
  for (const std::string& note : table->notes) {
    std::fprintf(stderr, "trailhunt query: note: %s\n", note.c_str());
  }
  if (chart) {
    if (auto st = WriteChart(*table, TerminalWidth(), stdout); !st.ok()) {
      std::fprintf(stderr, "trailhunt query: %s\n", std::string(st.message()).c_str());
      return 2;
    }
  } else {
    if (!writer) writer = std::make_unique<RowWriter>(row_format, table->columns, stdout);
    for (auto& row : table->rows) writer->Add(ForDisplay(table->columns, std::move(row)));
    writer->Finish();
  }
  return reporter.Finish(summary, options.strict);
}

}  // namespace cli
