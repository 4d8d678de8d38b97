// trailhunt cat: records as an analyst reads them (pretty), as JSON lines,
// or as rows of chosen fields (csv, table).
#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"
#include "pretty_printer.h"
#include "report.h"
#include "table_writer.h"
#include "trailhunt/catalog.h"
#include "trailhunt/engine.h"
#include "trailhunt/event.h"

namespace cli {
namespace {

enum class CatFormat { kPretty, kJsonl, kCsv, kTable };

const std::vector<std::string> kDefaultColumns = {
    "event_time", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "principal",
    "errorCode"};

// Formats one source's records on a worker thread; the in-order callback
// writes them, so output order is (source, record index) for any --threads.
class CatWork : public trailhunt::SourceWork {
 public:
  CatWork(CatFormat format, bool color, const std::vector<trailhunt::ResolvedField>* fields,
          const trailhunt::Limits& limits)
      : format_(format), color_(color), fields_(fields), limits_(limits) {}

  void OnRecord(const trailhunt::Record& record) override {
    auto event = trailhunt::Event::FromRecord(record, limits_);
    if (!event.ok()) {
      diagnostics.AddEventFailure(record, event.status());
      return;
    }
    if (format_ == CatFormat::kPretty) {
      AppendPretty(*event, color_, text);
      return;
    }
    if (format_ == CatFormat::kJsonl && fields_->empty()) {
      event->document().AppendJson(event->document().root(), text);
      text += '\n';
      return;
    }
    std::vector<trailhunt::Value> row;
    row.reserve(fields_->size());
    for (const auto& f : *fields_) row.push_back(event->Get(f));
    rows.push_back(std::move(row));
  }
  void OnError(const trailhunt::RecordError& e) override { diagnostics.AddError(e); }
  void OnSkipped(std::string_view source, std::string_view why) override {
    diagnostics.AddSkipped(source, why);
  }

  std::string text;
  std::vector<std::vector<trailhunt::Value>> rows;
  SourceDiagnostics diagnostics;

 private:
  CatFormat format_;
  bool color_;
  const std::vector<trailhunt::ResolvedField>* fields_;
  trailhunt::Limits limits_;
};

}  // namespace

int RunCat(const Options& options, const std::vector<trailhunt::Source>& sources) {
  CatFormat format;
  if (options.format.empty() || options.format == "pretty") format = CatFormat::kPretty;
  else if (options.format == "jsonl") format = CatFormat::kJsonl;
  else if (options.format == "csv") format = CatFormat::kCsv;
  else if (options.format == "table") format = CatFormat::kTable;
  else {
    std::fprintf(stderr, "trailhunt cat: --format must be pretty, jsonl, csv or table\n");
    return 2;
  }
  if (format == CatFormat::kPretty && !options.fields.empty()) format = CatFormat::kTable;
  std::vector<std::string> columns = options.fields;
  if (columns.empty() && (format == CatFormat::kCsv || format == CatFormat::kTable)) {
    columns = kDefaultColumns;
  }
  std::vector<trailhunt::ResolvedField> fields;
  for (const std::string& name : columns) {
    auto resolved = trailhunt::Catalog::Default().Resolve(name, trailhunt::FieldView::kRaw);
    if (!resolved.ok()) {
      std::fprintf(stderr, "trailhunt cat: --fields: %s\n",
                   std::string(resolved.status().message()).c_str());
      return 2;
    }
    if (!resolved->warning.empty()) {
      std::fprintf(stderr, "trailhunt: warning: %s\n", resolved->warning.c_str());
    }
    fields.push_back(*std::move(resolved));
  }
  Reporter reporter;
  if (auto st = reporter.Open(options.errors_file); !st.ok()) {
    std::fprintf(stderr, "trailhunt: %s\n", std::string(st.message()).c_str());
    return 2;
  }
  const bool color = UseColor(options.color);
  std::unique_ptr<RowWriter> writer;
  if (format == CatFormat::kCsv || format == CatFormat::kTable ||
      (format == CatFormat::kJsonl && !fields.empty())) {
    writer = std::make_unique<RowWriter>(
        format == CatFormat::kCsv ? RowFormat::kCsv
                                  : format == CatFormat::kTable ? RowFormat::kTable : RowFormat::kJsonl,
        columns, stdout);
  }
  const trailhunt::Limits limits = options.scan.limits;
  trailhunt::ScanSummary summary = trailhunt::Scan(
      sources, options.scan,
      [&](size_t) { return std::make_unique<CatWork>(format, color, &fields, limits); },
      [&](size_t i, std::unique_ptr<trailhunt::SourceWork> base,
          const trailhunt::SourceOutcome& outcome) {
        auto* work = static_cast<CatWork*>(base.get());
        std::fwrite(work->text.data(), 1, work->text.size(), stdout);
        if (writer) {
          for (const auto& row : work->rows) writer->Add(row);
        }
        reporter.Source(work->diagnostics, outcome, sources[i].name);
      });
  if (writer) writer->Finish();
  std::fflush(stdout);
  return reporter.Finish(summary, options.strict);
}

}  // namespace cli
