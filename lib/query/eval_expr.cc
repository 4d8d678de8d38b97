// Evaluation follows Splunk's eval: null (Missing, JSON null, an empty
// multivalue) propagates through arithmetic, concatenation and comparisons;
// AND/OR use three-valued logic (false AND null is false, true OR null is
// true), so `where` keeps a row only when the result is true.
//
// Choices where Splunk's documents are silent:
// - `+ - * %` keep integers exact and fall back to doubles on overflow; `/`
//   gives an integer only when both sides are integers and it divides
//   exactly (6/3 = 2, 7/2 = 3.5). Division or modulo by zero is null.
// - `+` adds when both sides are numbers (numeric text counts, as for
//   extracted fields) and concatenates when both are strings; a mix is null.
// - A multivalue with one item acts as that item in arithmetic and `.`;
//   with more it is null there. Comparisons on a multivalue are true when
//   any item compares true (as `field=value` in search).
// - Comparisons are numeric when both sides read as numbers, else
//   case-sensitive byte comparisons of the display text; booleans compare as
//   "true"/"false".
// - AND/OR/XOR/NOT on a non-boolean operand (Splunk rejects the search) give
//   null here, which `where` treats as false.
#include "query/eval_expr.h"

#include <cmath>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "query/compare.h"
#include "query/eval_functions.h"

namespace trailhunt::query_internal {

struct CompiledExpr::Node {
  eval_internal::ExprNode expr;
};

namespace eval_internal {
namespace {

using Op = ExprNode::Op;

// A result of `/` or `%` that is not finite (overflow to inf) is null.
Value NumberResult(double d) { return std::isfinite(d) ? Value::Double(d) : Value::Missing(); }

// The operand of arithmetic: one item of a single-item multivalue.
const Value* ArithmeticOperand(const Value& v) {
  if (!v.is_multi()) return &v;
  if (v.items().size() != 1) return nullptr;
  return ArithmeticOperand(v.items().front());
}

Value Arithmetic(Op op, const Value& left, const Value& right) {
  const Value* a = ArithmeticOperand(left);
  const Value* b = ArithmeticOperand(right);
  if (a == nullptr || b == nullptr || IsAbsent(*a) || IsAbsent(*b)) return Value::Missing();
  Number x, y;
  if (!ToNumber(*a, &x) || !ToNumber(*b, &y)) {
    if (op == Op::kAdd && a->is_string() && b->is_string()) {
      return Value::String(a->text() + b->text());
    }
    return Value::Missing();
  }
  if (x.is_int && y.is_int) {
    int64_t r = 0;
    switch (op) {
      case Op::kAdd:
        if (!__builtin_add_overflow(x.i, y.i, &r)) return Value::Int(r);
        break;
      case Op::kSubtract:
        if (!__builtin_sub_overflow(x.i, y.i, &r)) return Value::Int(r);
        break;
      case Op::kMultiply:
        if (!__builtin_mul_overflow(x.i, y.i, &r)) return Value::Int(r);
        break;
      case Op::kDivide:
        if (y.i == 0) return Value::Missing();
        if (!(x.i == INT64_MIN && y.i == -1) && x.i % y.i == 0) return Value::Int(x.i / y.i);
        break;
      case Op::kModulo:
        if (y.i == 0) return Value::Missing();
        return Value::Int(y.i == -1 ? 0 : x.i % y.i);
      default: break;
    }
  }
  switch (op) {
    case Op::kAdd: return NumberResult(x.d + y.d);
    case Op::kSubtract: return NumberResult(x.d - y.d);
    case Op::kMultiply: return NumberResult(x.d * y.d);
    case Op::kDivide: return y.d == 0 ? Value::Missing() : NumberResult(x.d / y.d);
    case Op::kModulo: return y.d == 0 ? Value::Missing() : NumberResult(std::fmod(x.d, y.d));
    default: return Value::Missing();
  }
}

Value Concat(const Value& left, const Value& right) {
  const Value* a = ArithmeticOperand(left);
  const Value* b = ArithmeticOperand(right);
  if (a == nullptr || b == nullptr || IsAbsent(*a) || IsAbsent(*b)) return Value::Missing();
  std::string a_scratch, b_scratch;
  const std::string_view a_text = TextOf(*a, &a_scratch);
  const std::string_view b_text = TextOf(*b, &b_scratch);
  std::string out;
  out.reserve(a_text.size() + b_text.size());
  out.append(a_text).append(b_text);
  return Value::String(std::move(out));
}

// -1/0/1, or 2 when either side is null.
int CompareScalars(const Value& a, const Value& b) {
  if (IsAbsent(a) || IsAbsent(b)) return 2;
  Number x, y;
  if (ToNumber(a, &x) && ToNumber(b, &y)) return CompareNumbers(x, y);
  std::string a_scratch, b_scratch;
  const int c = TextOf(a, &a_scratch).compare(TextOf(b, &b_scratch));
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool Holds(Op op, int c) {
  switch (op) {
    case Op::kEqual: return c == 0;
    case Op::kNotEqual: return c != 0;
    case Op::kLess: return c < 0;
    case Op::kLessEqual: return c <= 0;
    case Op::kGreater: return c > 0;
    case Op::kGreaterEqual: return c >= 0;
    default: return false;
  }
}

// 1 true, 0 false, -1 null.
int CompareAny(Op op, const Value& a, const Value& b) {
  if (a.is_multi() || b.is_multi()) {
    const Value* a_items = a.is_multi() ? a.items().data() : &a;
    const size_t a_count = a.is_multi() ? a.items().size() : 1;
    const Value* b_items = b.is_multi() ? b.items().data() : &b;
    const size_t b_count = b.is_multi() ? b.items().size() : 1;
    int result = -1;
    for (size_t i = 0; i < a_count; ++i) {
      for (size_t j = 0; j < b_count; ++j) {
        const int r = CompareAny(op, a_items[i], b_items[j]);
        if (r == 1) return 1;
        if (r == 0) result = 0;
      }
    }
    return result;
  }
  const int c = CompareScalars(a, b);
  if (c == 2) return -1;
  return Holds(op, c) ? 1 : 0;
}

// 1 true, 0 false, -1 null or not a boolean.
int Truth(const Value& v) {
  if (v.kind() != Value::Kind::kBool) return -1;
  return v.bool_value() ? 1 : 0;
}

Value FromTruth(int t) { return t < 0 ? Value::Missing() : Value::Bool(t == 1); }

}  // namespace

const Value& ExprNode::Ref(absl::Span<const Value> slots, Value* scratch) const {
  if (op == Op::kConstant) return constant;
  if (op == Op::kSlot) return slot < slots.size() ? slots[slot] : MissingValue();
  *scratch = Eval(slots);
  return *scratch;
}

Value ExprNode::Eval(absl::Span<const Value> slots) const {
  Value left_scratch, right_scratch;
  switch (op) {
    case Op::kConstant: return constant;
    case Op::kSlot: return slot < slots.size() ? slots[slot] : Value::Missing();
    case Op::kCall: return fn(*this, slots);
    case Op::kNegate: {
      const Value* v = ArithmeticOperand(args[0].Ref(slots, &left_scratch));
      Number n;
      if (v == nullptr || !ToNumber(*v, &n)) return Value::Missing();
      if (n.is_int && n.i != INT64_MIN) return Value::Int(-n.i);
      return Value::Double(-n.d);
    }
    case Op::kNot: {
      const int t = Truth(args[0].Ref(slots, &left_scratch));
      return t < 0 ? Value::Missing() : Value::Bool(t == 0);
    }
    case Op::kAnd: {
      const int a = Truth(args[0].Ref(slots, &left_scratch));
      if (a == 0) return Value::Bool(false);
      const int b = Truth(args[1].Ref(slots, &right_scratch));
      if (b == 0) return Value::Bool(false);
      return FromTruth(a == 1 && b == 1 ? 1 : -1);
    }
    case Op::kOr: {
      const int a = Truth(args[0].Ref(slots, &left_scratch));
      if (a == 1) return Value::Bool(true);
      const int b = Truth(args[1].Ref(slots, &right_scratch));
      if (b == 1) return Value::Bool(true);
      return FromTruth(a == 0 && b == 0 ? 0 : -1);
    }
    case Op::kXor: {
      const int a = Truth(args[0].Ref(slots, &left_scratch));
      const int b = Truth(args[1].Ref(slots, &right_scratch));
      return FromTruth(a < 0 || b < 0 ? -1 : (a != b ? 1 : 0));
    }
    case Op::kAdd:
    case Op::kSubtract:
    case Op::kMultiply:
    case Op::kDivide:
    case Op::kModulo:
      return Arithmetic(op, args[0].Ref(slots, &left_scratch), args[1].Ref(slots, &right_scratch));
    case Op::kConcat:
      return Concat(args[0].Ref(slots, &left_scratch), args[1].Ref(slots, &right_scratch));
    case Op::kEqual:
    case Op::kNotEqual:
    case Op::kLess:
    case Op::kLessEqual:
    case Op::kGreater:
    case Op::kGreaterEqual:
      return FromTruth(
          CompareAny(op, args[0].Ref(slots, &left_scratch), args[1].Ref(slots, &right_scratch)));
  }
  return Value::Missing();
}

namespace {

absl::Status PositionError(const spl::SourcePos& pos, std::string_view message) {
  return absl::InvalidArgumentError("line " + std::to_string(pos.line) + ", column " +
                                    std::to_string(pos.column) + ": " + std::string(message));
}

bool BinaryOp(std::string_view op, Op* out) {
  static constexpr std::pair<std::string_view, Op> kOps[] = {
      {"+", Op::kAdd},         {"-", Op::kSubtract},     {"*", Op::kMultiply},
      {"/", Op::kDivide},      {"%", Op::kModulo},       {".", Op::kConcat},
      {"=", Op::kEqual},       {"==", Op::kEqual},       {"!=", Op::kNotEqual},
      {"<", Op::kLess},        {"<=", Op::kLessEqual},   {">", Op::kGreater},
      {">=", Op::kGreaterEqual}, {"AND", Op::kAnd},      {"OR", Op::kOr},
      {"XOR", Op::kXor},
  };
  for (const auto& [name, value] : kOps) {
    if (name == op) {
      *out = value;
      return true;
    }
  }
  return false;
}

absl::Status CompileCall(const spl::EvalExpr& expr, const FunctionSpec& spec,
                         std::vector<ExprNode> args, const EvalContext& context,
                         ExprNode* out) {
  const int count = static_cast<int>(args.size());
  if (count < spec.min_args || (spec.max_args >= 0 && count > spec.max_args)) {
    std::string expected;
    if (spec.min_args == spec.max_args) {
      expected = std::to_string(spec.min_args);
    } else if (spec.max_args < 0) {
      expected = "at least " + std::to_string(spec.min_args);
    } else {
      expected = std::to_string(spec.min_args) + " to " + std::to_string(spec.max_args);
    }
    return PositionError(expr.pos, std::string(spec.name) + "() takes " + expected +
                                       (spec.max_args == 1 && spec.min_args == 1 ? " argument"
                                                                                 : " arguments") +
                                       ", got " + std::to_string(count));
  }
  out->op = Op::kCall;
  out->fn = spec.fn;
  out->args = std::move(args);
  if (spec.prepare != nullptr) {
    if (absl::Status status = spec.prepare(*out, context); !status.ok()) {
      return PositionError(expr.pos, std::string(status.message()));
    }
  }
  return absl::OkStatus();
}

absl::Status CompileNode(const spl::EvalExpr& expr, const SlotResolver& resolve,
                         const EvalContext& context, ExprNode* out) {
  using Kind = spl::EvalExpr::Kind;
  std::vector<ExprNode> args(expr.args.size());
  for (size_t i = 0; i < expr.args.size(); ++i) {
    if (absl::Status status = CompileNode(expr.args[i], resolve, context, &args[i]);
        !status.ok()) {
      return status;
    }
  }
  switch (expr.kind) {
    case Kind::kLiteral:
      out->op = Op::kConstant;
      out->constant = expr.literal;
      return absl::OkStatus();
    case Kind::kField: {
      absl::StatusOr<SlotIndex> slot = resolve(expr.name);
      if (!slot.ok()) return PositionError(expr.pos, std::string(slot.status().message()));
      out->op = Op::kSlot;
      out->slot = *slot;
      return absl::OkStatus();
    }
    case Kind::kUnary:
      if (args.size() != 1) return PositionError(expr.pos, "'" + expr.op + "' takes one operand");
      if (expr.op == "-") {
        out->op = Op::kNegate;
      } else if (expr.op == "NOT") {
        out->op = Op::kNot;
      } else {
        return PositionError(expr.pos, "unknown operator '" + expr.op + "'");
      }
      out->args = std::move(args);
      return absl::OkStatus();
    case Kind::kBinary: {
      if (args.size() != 2) return PositionError(expr.pos, "'" + expr.op + "' takes two operands");
      if (expr.op == "LIKE") return CompileCall(expr, *FindFunction("like"), std::move(args), context, out);
      Op op;
      if (!BinaryOp(expr.op, &op)) return PositionError(expr.pos, "unknown operator '" + expr.op + "'");
      out->op = op;
      out->args = std::move(args);
      return absl::OkStatus();
    }
    case Kind::kCall: {
      const FunctionSpec* spec = FindFunction(expr.name);
      if (spec == nullptr) return PositionError(expr.pos, "unknown function '" + expr.name + "'");
      return CompileCall(expr, *spec, std::move(args), context, out);
    }
  }
  return PositionError(expr.pos, "unknown expression kind");
}

}  // namespace
}  // namespace eval_internal

absl::StatusOr<CompiledExpr> CompiledExpr::Compile(const spl::EvalExpr& expr,
                                                   const SlotResolver& resolve,
                                                   const EvalContext& context) {
  auto root = std::make_unique<Node>();
  if (absl::Status status = eval_internal::CompileNode(expr, resolve, context, &root->expr);
      !status.ok()) {
    return status;
  }
  return CompiledExpr(std::move(root));
}

CompiledExpr::CompiledExpr(std::unique_ptr<Node> root) : root_(std::move(root)) {}
CompiledExpr::CompiledExpr(CompiledExpr&&) noexcept = default;
CompiledExpr& CompiledExpr::operator=(CompiledExpr&&) noexcept = default;
CompiledExpr::~CompiledExpr() = default;

Value CompiledExpr::Evaluate(absl::Span<const Value> slots) const {
  return root_->expr.Eval(slots);
}

bool CompiledExpr::Test(absl::Span<const Value> slots) const {
  Value scratch;
  const Value& v = root_->expr.Ref(slots, &scratch);
  return v.kind() == Value::Kind::kBool && v.bool_value();
}

}  // namespace trailhunt::query_internal
