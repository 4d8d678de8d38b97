// File: projection.h
// Projection: capture, in one simdjson On-Demand pass per record, only the
// fields a compiled query or rule set reads. The fields are compiled into a
// trie of path steps; every other value in the record is skipped, never
// materialised. Computed fields (the canonical principal, errorCode with
// "success", ...) are derived from captured inputs after the pass.
//
// Every field yields exactly the Value that Event::Get(ResolvedField) gives
// for the same record (same flat-dotted-key rule, last duplicate key wins,
// `{}` yields a multivalue when it finds more than one value, objects and
// arrays as the same compact JSON text, implicit-arrays paths reading the
// elements of the arrays they meet); tests check the two against each
// other.
//
// Thread-safety: a built Projection is immutable; Extract is const and may
// run on many threads at once, each with its own slot array.
#ifndef TRAILHUNT_PROJECTION_H_
#define TRAILHUNT_PROJECTION_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "trailhunt/catalog.h"
#include "trailhunt/input.h"
#include "trailhunt/limits.h"
#include "trailhunt/match.h"
#include "trailhunt/value.h"

namespace trailhunt {

class Projection;

// Collects the fields to capture. Not thread-safe; used while compiling.
class ProjectionBuilder {
 public:
  ProjectionBuilder();
  ~ProjectionBuilder();
  ProjectionBuilder(ProjectionBuilder&&) noexcept;
  ProjectionBuilder& operator=(ProjectionBuilder&&) noexcept;

  // The slot that will hold `field`. Adding the same path (or the same
  // computed field) twice returns the same slot. Slots are numbered from 0
  // in the order fields were first added.
  SlotIndex Add(const ResolvedField& field);
  size_t slot_count() const;

  // Freezes the set. The builder is left empty.
  std::shared_ptr<const Projection> Build();

 private:
  friend class Projection;
  struct State;
  std::unique_ptr<State> state_;
};

// Why a record could not be projected (it passed the reader's validation, so
// this means a limit, e.g. depth, or a bug; the caller reports it like a
// rejected record).
struct ProjectionError {
  std::string message;
  size_t offset = 0;  // byte offset in the record text when known
};

class Projection {
 public:
  ~Projection();
  size_t slot_count() const;
  // The field each slot holds, in slot order.
  const std::vector<ResolvedField>& fields() const;

  // Captures every slot of `record` into `slots[0, slot_count())` (other
  // entries are left alone). `record.json` must be followed by kJsonPadding
  // readable bytes, as the reader delivers it. Reuses the Values' storage,
  // so a caller that keeps one slot array per thread allocates little.
  // Uses a per-thread simdjson parser.
  bool Extract(const Record& record, absl::Span<Value> slots, ProjectionError* error,
               const Limits& limits = Limits()) const;

 private:
  friend class ProjectionBuilder;
  struct Plan;
  explicit Projection(std::unique_ptr<Plan> plan);
  std::unique_ptr<Plan> plan_;
};

}  // namespace trailhunt

#endif  // TRAILHUNT_PROJECTION_H_
