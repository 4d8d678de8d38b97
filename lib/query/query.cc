// Query::Compile, QueryRun and RunQuery: the pipeline split into the
// per-source phase (event stage + the first blocking command's partial
// state) and the table phase, and the engine scan that drives them.
#include "trailhunt/query.h"

#include <atomic>

#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "query/blocking_stage.h"
#include "query/compile.h"
#include "query/event_stage.h"
#include "query/table_ops.h"
#include "trailhunt/projection.h"

namespace trailhunt {

int ResultTable::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  return -1;
}

namespace {

using query_internal::BlockingPlan;
using query_internal::BlockingState;
using query_internal::Builtin;
using query_internal::EventStage;
using query_internal::PhaseTable;
using query_internal::StageContext;
using query_internal::SymbolTable;

class QueryImpl : public Query {
 public:
  const std::vector<spl::Diagnostic>& warnings() const override { return warnings_; }
  int64_t earliest_ns() const override { return earliest_ns_; }
  int64_t latest_ns() const override { return latest_ns_; }
  bool streams_rows() const override { return streams_; }
  const Projection& projection() const override { return *projection_; }
  std::string Explain() const override { return absl::StrJoin(explain_, "\n"); }
  const QueryOptions& options() const override { return options_; }

  QueryOptions options_;
  std::vector<spl::Diagnostic> warnings_;
  int64_t earliest_ns_ = kNoTime;
  int64_t latest_ns_ = kNoTime;
  bool streams_ = false;
  std::shared_ptr<const Projection> projection_;
  std::unique_ptr<EventStage> stage_;
  std::unique_ptr<BlockingPlan> plan_;
  std::vector<spl::Command> table_commands_;
  std::vector<std::string> explain_;
  std::vector<std::string> streaming_columns_;
  // The row layout.
  size_t slot_count_ = 0;
  std::vector<std::pair<SlotIndex, SlotIndex>> projection_map_;
  std::vector<SlotIndex> reset_slots_;
  SlotIndex builtin_[query_internal::kBuiltinCount] = {kNoSlot, kNoSlot, kNoSlot, kNoSlot};
  int64_t now_ns_ = 0;

  SlotIndex builtin(Builtin b) const { return builtin_[static_cast<int>(b)]; }
  StageContext Context(std::vector<spl::Diagnostic>* warnings) const {
    StageContext c;
    c.options = &options_;
    c.eval.now_ns = now_ns_;
    c.warnings = warnings;
    return c;
  }
};

class Partial : public QueryPartial {
 public:
  Partial(const QueryImpl& query, std::string_view source_name)
      : query_(query),
        row_(query.slot_count_),
        projected_(query.projection_->slot_count()),
        scratch_(query.stage_->NewScratch()),
        state_(query.plan_->NewState()) {
    if (SlotIndex s = query.builtin(Builtin::kSource); s != kNoSlot) {
      row_[s] = Value::String(std::string(source_name));
    }
    if (SlotIndex s = query.builtin(Builtin::kSourcetype); s != kNoSlot) {
      row_[s] = Value::String(std::string(query_internal::kSourcetype));
    }
  }

  absl::Status AddRecord(const Record& record) override {
    if (!failed_.ok()) return failed_;
    if (state_->saturated()) return absl::OkStatus();
    if (query_.earliest_ns_ != kNoTime &&
        (record.time_ns == kNoTime || record.time_ns < query_.earliest_ns_)) {
      return absl::OkStatus();
    }
    if (query_.latest_ns_ != kNoTime &&
        (record.time_ns == kNoTime || record.time_ns >= query_.latest_ns_)) {
      return absl::OkStatus();
    }
    if (!projected_.empty()) {
      ProjectionError error;
      if (!query_.projection_->Extract(record, absl::MakeSpan(projected_), &error,
                                       query_.options_.record_limits)) {
        return absl::InvalidArgumentError(
            absl::StrCat("record ", record.location.record_index, " at byte ",
                         record.location.byte_offset + error.offset, ": ", error.message));
      }
      // Swapping keeps each Value's storage cycling between the two arrays.
      for (const auto& [from, to] : query_.projection_map_) std::swap(row_[to], projected_[from]);
    }
    row_[query_.builtin(Builtin::kTime)] = query_internal::TimeValue(record.time_ns);
    if (SlotIndex s = query_.builtin(Builtin::kRaw); s != kNoSlot) {
      row_[s] = Value::String(std::string(record.json));
    }
    for (SlotIndex s : query_.reset_slots_) row_[s] = Value();
    query_internal::RowContext context;
    context.raw = record.json;
    context.time_ns = record.time_ns;
    if (!query_.stage_->Run(row_, context, *scratch_)) return absl::OkStatus();
    absl::Status status = state_->Add(row_, record.time_ns);
    if (!status.ok()) failed_ = status;
    return status;
  }

  const absl::Status& failed() const { return failed_; }
  std::unique_ptr<BlockingState> TakeState() { return std::move(state_); }

 private:
  const QueryImpl& query_;
  std::vector<Value> row_;
  std::vector<Value> projected_;
  std::unique_ptr<EventStage::Scratch> scratch_;
  std::unique_ptr<BlockingState> state_;
  absl::Status failed_;
};

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Query>> Query::Compile(std::string_view spl,
                                                            const QueryOptions& options) {
  auto pipeline = spl::Parse(spl);
  if (!pipeline.ok()) return pipeline.status();
  auto query = std::make_shared<QueryImpl>();
  query->options_ = options;
  query->now_ns_ = options.now_ns == kNoTime ? NowNs() : options.now_ns;
  query->options_.now_ns = query->now_ns_;
  query->warnings_ = pipeline->warnings;
  const std::vector<spl::Command>& commands = pipeline->commands;

  size_t blocking = commands.size();
  for (size_t i = 0; i < commands.size(); ++i) {
    if (query_internal::IsBlockingCommand(commands[i])) {
      blocking = i;
      break;
    }
  }
  ProjectionBuilder builder;
  SymbolTable symbols = SymbolTable::ForEvents(&builder, &query->warnings_);
  const StageContext context = query->Context(&query->warnings_);

  if (!commands.empty()) {
    if (const auto* search = std::get_if<spl::SearchCommand>(&commands[0].body)) {
      if (search->earliest) {
        auto t = spl::ResolveTime(*search->earliest, query->now_ns_);
        if (!t.ok()) return t.status();
        query->earliest_ns_ = *t;
      }
      if (search->latest) {
        auto t = spl::ResolveTime(*search->latest, query->now_ns_);
        if (!t.ok()) return t.status();
        query->latest_ns_ = *t;
      }
    }
  }
  auto stage = EventStage::Compile(absl::MakeConstSpan(commands).subspan(0, blocking), symbols,
                                   context);
  if (!stage.ok()) return stage.status();
  query->stage_ = *std::move(stage);

  const auto later = absl::MakeConstSpan(commands).subspan(std::min(blocking + 1, commands.size()));
  if (blocking < commands.size()) {
    auto plan = BlockingPlan::Compile(commands[blocking], symbols,
                                      query_internal::FieldsRead(later), context,
                                      query->earliest_ns_, query->latest_ns_);
    if (!plan.ok()) return plan.status();
    query->plan_ = *std::move(plan);
    query->table_commands_.assign(later.begin(), later.end());
  } else {
    query->plan_ = BlockingPlan::ForRows(symbols, options.limits);
    query->streams_ = true;
    for (const auto& c : symbols.OutputColumns()) query->streaming_columns_.push_back(c.name);
  }
  query->stage_->Finalize(symbols);

  // Check the table phase now (bad regexes, unknown functions, unreadable
  // lookups) rather than after the scan.
  {
    auto checked = query_internal::RunTablePhase(query->table_commands_, query->plan_->Shape(),
                                                 context);
    if (!checked.ok()) return checked.status();
  }

  query->slot_count_ = symbols.slot_count();
  query->projection_map_ = symbols.projection_map();
  query->reset_slots_ = symbols.reset_slots();
  for (int b = 0; b < query_internal::kBuiltinCount; ++b) {
    query->builtin_[b] = symbols.builtin_slot(static_cast<Builtin>(b));
  }
  query->projection_ = builder.Build();

  std::vector<std::string> fields;
  for (const ResolvedField& f : query->projection_->fields()) {
    fields.push_back(f.name == f.canonical ? f.name : f.name + "=" + f.canonical);
  }
  query->explain_.push_back("project " + absl::StrJoin(fields, ", "));
  for (std::string& line : query->stage_->Explain()) {
    query->explain_.push_back("per event: " + line);
  }
  query->explain_.push_back(std::string(query->streams_ ? "returns events: " : "per source, merged: ") +
                            query->plan_->Explain());
  for (const spl::Command& c : query->table_commands_) {
    query->explain_.push_back("on the table: " + c.name);
  }
  return std::shared_ptr<const Query>(std::move(query));
}

struct QueryRun::State {
  std::shared_ptr<const Query> holder;
  const QueryImpl* query = nullptr;
  std::unique_ptr<BlockingState> merged;
  absl::Status failed;
};

QueryRun::QueryRun(std::shared_ptr<const Query> query) : state_(std::make_unique<State>()) {
  state_->query = static_cast<const QueryImpl*>(query.get());
  state_->holder = std::move(query);
}

QueryRun::~QueryRun() = default;

std::unique_ptr<QueryPartial> QueryRun::NewPartial(size_t source_index,
                                                   std::string_view source_name) const {
  (void)source_index;  // merge order is the caller's; the partial needs only the name
  return std::make_unique<Partial>(*state_->query, source_name);
}

absl::Status QueryRun::Merge(std::unique_ptr<QueryPartial> partial_base) {
  if (!state_->failed.ok()) return state_->failed;
  auto* partial = static_cast<Partial*>(partial_base.get());
  if (!partial->failed().ok()) {
    state_->failed = partial->failed();
    return state_->failed;
  }
  std::unique_ptr<BlockingState> state = partial->TakeState();
  if (!state_->merged) {
    state_->merged = std::move(state);
    return absl::OkStatus();
  }
  absl::Status s = state_->merged->Merge(*state);
  if (!s.ok()) state_->failed = s;
  return s;
}

std::vector<std::vector<Value>> QueryRun::TakeRows() {
  std::vector<std::vector<Value>> out;
  if (state_->merged) {
    if (auto* rows = state_->merged->streamed_rows()) out.swap(*rows);
  }
  return out;
}

const std::vector<std::string>& QueryRun::streaming_columns() const {
  return state_->query->streaming_columns_;
}

bool QueryRun::saturated() const {
  return state_->merged != nullptr && state_->merged->saturated();
}

absl::StatusOr<ResultTable> QueryRun::Finish() {
  if (!state_->failed.ok()) return state_->failed;
  const QueryImpl& query = *state_->query;
  if (!state_->merged) state_->merged = query.plan_->NewState();
  auto table = query.plan_->Finish(*state_->merged);
  if (!table.ok()) return table.status();
  std::vector<spl::Diagnostic> ignored;  // reported at Compile
  auto result = query_internal::RunTablePhase(query.table_commands_, *std::move(table),
                                              query.Context(&ignored));
  if (!result.ok()) return result.status();
  return query_internal::VisibleOnly(*std::move(result));
}

namespace {

class QueryWork : public SourceWork {
 public:
  explicit QueryWork(std::unique_ptr<QueryPartial> partial) : partial_(std::move(partial)) {}
  void OnRecord(const Record& record) override {
    if (stopped_) return;
    absl::Status s = partial_->AddRecord(record);
    if (s.ok()) return;
    if (absl::IsResourceExhausted(s)) {
      stopped_ = true;  // Merge reports it
      return;
    }
    RecordError e;
    e.location = record.location;
    const std::string m(s.message());
    e.reason = m.find("depth") != std::string_view::npos ? RejectReason::kTooDeep
                                                         : RejectReason::kInvalidJson;
    e.message = std::string(m);
    Keep(std::move(e));
    ++unprojected_;
  }
  void OnError(const RecordError& error) override { Keep(error); }

  std::unique_ptr<QueryPartial> partial_;
  std::vector<RecordError> errors_;
  std::vector<std::string> sources_;
  uint64_t unprojected_ = 0;

 private:
  void Keep(RecordError e) {
    sources_.emplace_back(e.location.source);
    errors_.push_back(std::move(e));
  }
  bool stopped_ = false;
};

}  // namespace

absl::StatusOr<QueryResult> RunQuery(std::shared_ptr<const Query> query,
                                     const std::vector<Source>& sources, ScanOptions options) {
  if (query->earliest_ns() != kNoTime &&
      (options.since_ns == kNoTime || options.since_ns < query->earliest_ns())) {
    options.since_ns = query->earliest_ns();
  }
  if (query->latest_ns() != kNoTime &&
      (options.until_ns == kNoTime || options.until_ns > query->latest_ns())) {
    options.until_ns = query->latest_ns();
  }
  QueryRun run(query);
  QueryResult result;
  absl::Status merge_status;
  uint64_t unprojected = 0;
  // `head` with its rows (or a failed merge) needs no further source.
  std::atomic<bool> stop{false};
  if (options.stop == nullptr) options.stop = &stop;
  result.summary = Scan(
      sources, options,
      [&](size_t i) -> std::unique_ptr<SourceWork> {
        return std::make_unique<QueryWork>(run.NewPartial(i, sources[i].name));
      },
      [&](size_t, std::unique_ptr<SourceWork> base, const SourceOutcome&) {
        auto* work = static_cast<QueryWork*>(base.get());
        for (size_t e = 0; e < work->errors_.size(); ++e) {
          result.record_error_sources.push_back(std::move(work->sources_[e]));
          RecordError error = std::move(work->errors_[e]);
          error.location.source = result.record_error_sources.back();
          result.record_errors.push_back(std::move(error));
        }
        unprojected += work->unprojected_;
        if (merge_status.ok()) merge_status = run.Merge(std::move(work->partial_));
        if (!merge_status.ok() || run.saturated()) stop.store(true, std::memory_order_release);
      });
  if (!merge_status.ok()) return merge_status;
  // A record the query could not read is rejected, not evaluated.
  result.summary.counters.records_delivered -= unprojected;
  result.summary.counters.records_rejected += unprojected;
  auto table = run.Finish();
  if (!table.ok()) return table.status();
  result.table = *std::move(table);
  return result;
}

}  // namespace trailhunt
