#include "query/table_ops.h"

#include <utility>
#include <vector>

namespace trailhunt::query_internal {
namespace {

int Find(const ResultTable& t, std::string_view name) {
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (t.columns[i] == name) return static_cast<int>(i);
  }
  return -1;
}

RowContext ContextOf(const std::vector<Value>& row, int raw, int time) {
  RowContext c;
  if (raw >= 0 && row[static_cast<size_t>(raw)].is_string()) {
    c.raw = row[static_cast<size_t>(raw)].text();
  }
  if (time >= 0) c.time_ns = TimeNs(row[static_cast<size_t>(time)]);
  return c;
}

absl::StatusOr<PhaseTable> RunStreaming(absl::Span<const spl::Command> commands, PhaseTable in,
                                        const StageContext& context) {
  SymbolTable symbols = SymbolTable::ForTable(in.table.columns, in.visible);
  auto stage = EventStage::Compile(commands, symbols, context);
  if (!stage.ok()) return stage.status();
  (*stage)->Finalize(symbols);
  std::vector<Column> columns = symbols.OutputColumns();
  PhaseTable out;
  for (const Column& c : columns) {
    out.table.columns.push_back(c.name);
    out.visible.push_back(true);
  }
  for (const Column& c : symbols.HiddenColumns()) {
    columns.push_back(c);
    out.table.columns.push_back(c.name);
    out.visible.push_back(false);
  }
  const int raw = Find(in.table, "_raw");
  const int time = Find(in.table, "_time");
  auto scratch = (*stage)->NewScratch();
  for (std::vector<Value>& row : in.table.rows) {
    row.resize(symbols.slot_count());
    const RowContext rc = ContextOf(row, raw, time);
    if (!(*stage)->Run(row, rc, *scratch)) continue;
    std::vector<Value> kept;
    kept.reserve(columns.size());
    for (const Column& c : columns) kept.push_back(row[c.slot]);
    out.table.rows.push_back(std::move(kept));
  }
  return out;
}

absl::StatusOr<PhaseTable> RunBlocking(const spl::Command& command,
                                       absl::Span<const spl::Command> later, PhaseTable in,
                                       const StageContext& context) {
  SymbolTable symbols = SymbolTable::ForTable(in.table.columns, in.visible);
  auto plan = BlockingPlan::Compile(command, symbols, FieldsRead(later), context, kNoTime, kNoTime);
  if (!plan.ok()) return plan.status();
  auto state = (*plan)->NewState();
  const int time = Find(in.table, "_time");
  for (std::vector<Value>& row : in.table.rows) {
    const int64_t time_ns = time >= 0 ? TimeNs(row[static_cast<size_t>(time)]) : kNoTime;
    row.resize(symbols.slot_count());
    absl::Status s = state->Add(row, time_ns);
    if (!s.ok()) return s;
    if (state->saturated()) break;
  }
  return (*plan)->Finish(*state);
}

}  // namespace

absl::StatusOr<PhaseTable> RunTablePhase(absl::Span<const spl::Command> commands,
                                         PhaseTable input, const StageContext& context) {
  PhaseTable current = std::move(input);
  size_t i = 0;
  while (i < commands.size()) {
    // Each step builds a new table; the notes of earlier steps carry over.
    std::vector<std::string> notes = std::move(current.table.notes);
    current.table.notes.clear();
    const auto carry = [&notes](PhaseTable& next) {
      notes.insert(notes.end(), next.table.notes.begin(), next.table.notes.end());
      next.table.notes = std::move(notes);
    };
    if (IsStreamingCommand(commands[i])) {
      size_t j = i;
      while (j < commands.size() && IsStreamingCommand(commands[j])) ++j;
      auto next = RunStreaming(commands.subspan(i, j - i), std::move(current), context);
      if (!next.ok()) return next.status();
      carry(*next);
      current = *std::move(next);
      i = j;
    } else {
      auto next = RunBlocking(commands[i], commands.subspan(i + 1), std::move(current), context);
      if (!next.ok()) return next.status();
      carry(*next);
      current = *std::move(next);
      ++i;
    }
  }
  return current;
}

ResultTable VisibleOnly(PhaseTable table) {
  bool all = true;
  for (bool v : table.visible) all = all && v;
  if (all) return std::move(table.table);
  ResultTable out;
  out.notes = std::move(table.table.notes);
  std::vector<size_t> keep;
  for (size_t i = 0; i < table.table.columns.size(); ++i) {
    if (i >= table.visible.size() || table.visible[i]) {
      keep.push_back(i);
      out.columns.push_back(table.table.columns[i]);
    }
  }
  out.rows.reserve(table.table.rows.size());
  for (auto& row : table.table.rows) {
    std::vector<Value> kept;
    kept.reserve(keep.size());
    for (size_t i : keep) kept.push_back(std::move(row[i]));
    out.rows.push_back(std::move(kept));
  }
  return out;
}

}  // namespace trailhunt::query_internal
