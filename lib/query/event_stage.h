// The commands that look at one row at a time (search, where, eval, rex,
// spath, regex, lookup, rename, fillnull, bin, fields, table), compiled
// against a SymbolTable into operations on slot rows. The same compiled form
// runs per event on the workers (slots from the projection) and over a
// result table after the merge (slots are its columns).
//
// Thread-safety: a compiled EventStage is immutable and shared; each partial
// owns its Scratch.
#ifndef TRAILHUNT_LIB_QUERY_EVENT_STAGE_H_
#define TRAILHUNT_LIB_QUERY_EVENT_STAGE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "query/compile.h"
#include "query/eval_expr.h"
#include "query/spath.h"
#include "trailhunt/query.h"
#include "trailhunt/spl.h"
#include "trailhunt/value.h"

namespace trailhunt::query_internal {

struct StageContext {
  const QueryOptions* options = nullptr;
  EvalContext eval;
  std::vector<spl::Diagnostic>* warnings = nullptr;
};

// True for the commands an EventStage runs.
bool IsStreamingCommand(const spl::Command& command);

// What one row carries besides its slots.
struct RowContext {
  std::string_view raw;        // the record's JSON text (or the _raw column)
  int64_t time_ns = kNoTime;   // the event's time
};

class EventStage {
 public:
  // Per-partial mutable state: parsers and buffers reused across rows.
  class Scratch {
   public:
    explicit Scratch(size_t max_depth) : max_depth_(max_depth) {}
    SpathExtractor& spath() {
      if (!spath_) spath_ = std::make_unique<SpathExtractor>(max_depth_);
      return *spath_;
    }
    std::string text;
    std::string key;
    std::vector<Value> captures;

   private:
    size_t max_depth_;
    std::unique_ptr<SpathExtractor> spath_;
  };
  class Op;

  static absl::StatusOr<std::unique_ptr<EventStage>> Compile(
      absl::Span<const spl::Command> commands, SymbolTable& symbols, const StageContext& context);
  ~EventStage();

  // Completes what depends on every name the pipeline binds (fillnull
  // without fields fills every field the pipeline reads). Call once, after
  // the rest of the pipeline is compiled against the same table.
  void Finalize(const SymbolTable& symbols);

  std::unique_ptr<Scratch> NewScratch() const;
  // Runs the operations in order; false when a filter dropped the row.
  // `row` has at least the table's slot_count() entries.
  bool Run(std::vector<Value>& row, const RowContext& context, Scratch& scratch) const;

  // One line per operation.
  std::vector<std::string> Explain() const;
  bool empty() const { return ops_.empty(); }

 private:
  EventStage();
  std::vector<std::unique_ptr<Op>> ops_;
  std::vector<std::string> explain_;
  size_t max_depth_ = 256;
};

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_EVENT_STAGE_H_
