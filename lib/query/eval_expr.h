// Compiled eval/where expressions: an spl::EvalExpr with its field names
// bound to slots, evaluated per row with Splunk's eval semantics (null
// propagates through arithmetic and string functions; string comparison is
// case-sensitive; `=` and `==` are the same; a comparison is numeric when
// both sides are numbers).
#ifndef TRAILHUNT_LIB_QUERY_EVAL_EXPR_H_
#define TRAILHUNT_LIB_QUERY_EVAL_EXPR_H_

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "trailhunt/match.h"
#include "trailhunt/spl.h"
#include "trailhunt/value.h"

namespace trailhunt::query_internal {

struct EvalContext {
  int64_t now_ns = 0;  // now(), relative_time()
};

// Name -> slot, called once per field reference at Compile.
using SlotResolver = std::function<absl::StatusOr<SlotIndex>(std::string_view name)>;

class CompiledExpr {
 public:
  // Errors (unknown function, wrong argument count, a regex RE2 rejects)
  // read "line L, column C: ..." from the expression's position.
  static absl::StatusOr<CompiledExpr> Compile(const spl::EvalExpr& expr,
                                              const SlotResolver& resolve,
                                              const EvalContext& context);
  CompiledExpr(CompiledExpr&&) noexcept;
  CompiledExpr& operator=(CompiledExpr&&) noexcept;
  ~CompiledExpr();

  // Never fails: what Splunk would make null (a type error, a division by
  // zero) is Missing.
  Value Evaluate(absl::Span<const Value> slots) const;
  // `where`: true only when the result is boolean true.
  bool Test(absl::Span<const Value> slots) const;

 private:
  struct Node;
  explicit CompiledExpr(std::unique_ptr<Node> root);
  std::unique_ptr<Node> root_;
};

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_EVAL_EXPR_H_
