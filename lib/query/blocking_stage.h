// The first command that needs many events (stats, top, rare, timechart,
// dedup, sort, head, tail), as a partial state per source that merges with
// the next source's: a later state's events all come after this one's, so
// order-sensitive results (head, tail, dedup, first, last, list, top's ties)
// are the same for any split of the records into sources and any thread
// count. A pipeline without such a command holds its rows in the same way.
//
// Thread-safety: a compiled plan is immutable and shared; each state is used
// by one thread at a time.
#ifndef TRAILHUNT_LIB_QUERY_BLOCKING_STAGE_H_
#define TRAILHUNT_LIB_QUERY_BLOCKING_STAGE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "query/compile.h"
#include "query/event_stage.h"
#include "trailhunt/query.h"
#include "trailhunt/spl.h"

namespace trailhunt::query_internal {

// A result table whose hidden columns (visible[i] false) are fields later
// commands read but the output does not show.
struct PhaseTable {
  ResultTable table;
  std::vector<bool> visible;
};

// True for the commands a BlockingPlan runs.
bool IsBlockingCommand(const spl::Command& command);

class BlockingState {
 public:
  virtual ~BlockingState() = default;
  // One row that passed the per-event stage, in event order. A limit hit is
  // ResourceExhausted.
  virtual absl::Status Add(absl::Span<const Value> row, int64_t time_ns) = 0;
  // Folds in a state whose events all come after this one's.
  virtual absl::Status Merge(BlockingState& later) = 0;
  // True when no later event can change the result (head has its rows).
  virtual bool saturated() const { return false; }
  // Rows ready to hand out (a pipeline that returns events), else null.
  virtual std::vector<std::vector<Value>>* streamed_rows() { return nullptr; }
};

class BlockingPlan {
 public:
  // `later_names`: fields the commands after this one read; a plan that
  // keeps whole events keeps them as hidden columns.
  static absl::StatusOr<std::unique_ptr<BlockingPlan>> Compile(
      const spl::Command& command, SymbolTable& symbols,
      const std::vector<std::string>& later_names, const StageContext& context,
      int64_t earliest_ns, int64_t latest_ns);
  // The pipeline returns its events: every row is kept, in order.
  static std::unique_ptr<BlockingPlan> ForRows(SymbolTable& symbols, const QueryLimits& limits);

  virtual ~BlockingPlan() = default;
  virtual std::unique_ptr<BlockingState> NewState() const = 0;
  // Consumes the merged state.
  virtual absl::StatusOr<PhaseTable> Finish(BlockingState& state) const = 0;
  // Columns known before any event (timechart's series are not), so the
  // commands after this one can be checked at compile time.
  virtual PhaseTable Shape() const = 0;
  virtual std::string Explain() const = 0;
};

// Names the commands read (fields, by-fields, keys, eval and search
// references); used to keep what later commands need.
std::vector<std::string> FieldsRead(absl::Span<const spl::Command> commands);

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_BLOCKING_STAGE_H_
