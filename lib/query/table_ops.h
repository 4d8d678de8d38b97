// The table phase: every command after the first blocking one, applied to
// the merged result table on the calling thread. Each command's names are
// resolved against the table's columns (a name no column has reads
// Missing); runs of per-row commands reuse the event stage's compiled form,
// with slots standing for columns.
#ifndef TRAILHUNT_LIB_QUERY_TABLE_OPS_H_
#define TRAILHUNT_LIB_QUERY_TABLE_OPS_H_

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "query/blocking_stage.h"
#include "query/event_stage.h"
#include "trailhunt/query.h"
#include "trailhunt/spl.h"

namespace trailhunt::query_internal {

absl::StatusOr<PhaseTable> RunTablePhase(absl::Span<const spl::Command> commands,
                                         PhaseTable input, const StageContext& context);

// Drops the hidden columns.
ResultTable VisibleOnly(PhaseTable table);

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_TABLE_OPS_H_
