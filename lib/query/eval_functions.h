// The compiled form of an eval expression, shared by the evaluator
// (eval_expr.cc) and the function library (eval_functions.cc). A function
// is found by name once, at Compile, and may prepare its constant
// arguments then (a regex compiled, a time format checked), so evaluation
// does no lookups and reports no errors.
#ifndef TRAILHUNT_LIB_QUERY_EVAL_FUNCTIONS_H_
#define TRAILHUNT_LIB_QUERY_EVAL_FUNCTIONS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "query/eval_expr.h"
#include "re2/re2.h"
#include "trailhunt/match.h"
#include "trailhunt/spl.h"
#include "trailhunt/value.h"

namespace trailhunt::query_internal::eval_internal {

struct ExprNode;
using EvalFn = Value (*)(const ExprNode& call, absl::Span<const Value> slots);

struct ExprNode {
  enum class Op : uint8_t {
    kConstant, kSlot, kNegate, kNot,
    kAdd, kSubtract, kMultiply, kDivide, kModulo, kConcat,
    kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual,
    kAnd, kOr, kXor,
    kCall,  // also the LIKE operator, compiled as like()
  };
  Op op = Op::kConstant;
  Value constant;            // kConstant
  SlotIndex slot = kNoSlot;  // kSlot
  std::vector<ExprNode> args;
  EvalFn fn = nullptr;       // kCall

  // What a function prepared from constant arguments at Compile.
  std::unique_ptr<RE2> regex;            // match(), replace()
  std::string text;                      // like(): wildcard pattern; strftime/strptime: format;
                                         // tostring(): mode; trim(): characters; replace(): rewrite
  bool has_text = false;
  int64_t number = 0;                    // now(): seconds; tonumber(): base
  std::unique_ptr<spl::TimeSpec> time_spec;  // relative_time()

  Value Eval(absl::Span<const Value> slots) const;
  // The result without copying when this node is a slot or a constant;
  // otherwise evaluated into *scratch.
  const Value& Ref(absl::Span<const Value> slots, Value* scratch) const;
  bool IsConstant() const { return op == Op::kConstant; }
};

struct FunctionSpec {
  std::string_view name;
  int min_args;
  int max_args;  // -1: no limit
  EvalFn fn;
  // Validates and prepares constant arguments; the message is prefixed with
  // the call's position by the caller. Null when there is nothing to do.
  absl::Status (*prepare)(ExprNode& call, const EvalContext& context);
};

// Nullptr for an unknown name (names are lower-case).
const FunctionSpec* FindFunction(std::string_view name);

// Shared value helpers.
const Value& MissingValue();
// Missing, JSON null, or a multivalue with no items: Splunk's null.
bool IsAbsent(const Value& v);
// The first item of a multivalue (recursively), or the value itself; null
// for an empty multivalue.
const Value* FirstItem(const Value& v);
// The text a value compares and concatenates as, without copying strings.
std::string_view TextOf(const Value& v, std::string* scratch);

}  // namespace trailhunt::query_internal::eval_internal

#endif  // TRAILHUNT_LIB_QUERY_EVAL_FUNCTIONS_H_
