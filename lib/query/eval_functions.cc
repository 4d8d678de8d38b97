// The eval function library. Choices where Splunk's documents are silent
// or where we differ, in one place:
// - Null in, null out: a function whose main argument is null returns null
//   (isnull/isnotnull/coalesce/if/case/null() are the exceptions that
//   exist to handle null).
// - Multivalues: the text-to-text functions (lower, upper, trim, ltrim,
//   rtrim, replace) apply to every item and return a multivalue; match,
//   like and cidrmatch are true when any item matches; mv* functions read
//   all items; every other function reads the first item.
// - like() is case-sensitive, as every eval/where string comparison is;
//   `%` is any run of characters, `_` one character (a UTF-8 code point),
//   and a backslash makes the next `%`, `_` or backslash literal.
// - len() and substr() count UTF-8 code points. substr's start is 1-based,
//   a negative start counts from the end, 0 reads as 1; a negative length
//   is null.
// - split() with an empty delimiter splits into characters; split("", d) is
//   one empty item.
// - mvindex() is 0-based with negative indices from the end and an
//   inclusive end clamped to the last item; a start outside the list is
//   null. A range of one item is that item, not a multivalue.
// - isnum() is true for numbers and numeric text (as Splunk reads extracted
//   fields); isstr() for other text, so the two never both hold.
// - null() is Missing (eval's way of removing a field); tostring(true()) is
//   "true".
// - round(x) and floor/ceil of a double give an integer when it fits.
// - trim's character set is a set of bytes (ASCII characters).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "query/compare.h"
#include "query/eval_functions.h"
#include "query/time_format.h"

namespace trailhunt::query_internal::eval_internal {

const Value& MissingValue() {
  static const Value* const kMissing = new Value();
  return *kMissing;
}

bool IsAbsent(const Value& v) {
  return v.is_missing() || v.is_null() || (v.is_multi() && v.items().empty());
}

const Value* FirstItem(const Value& v) {
  if (!v.is_multi()) return &v;
  return v.items().empty() ? nullptr : FirstItem(v.items().front());
}

std::string_view TextOf(const Value& v, std::string* scratch) {
  switch (v.kind()) {
    case Value::Kind::kString:
    case Value::Kind::kNumberText:
    case Value::Kind::kJson: return v.text();
    default: *scratch = v.ToDisplayString(); return *scratch;
  }
}

namespace {

constexpr int64_t kNanos = 1000000000;

// ---------------------------------------------------------------- helpers

// Argument i, evaluated (no copy for slots and constants).
struct Arg {
  Value scratch;
  const Value* value;
  Arg(const ExprNode& call, size_t i, absl::Span<const Value> slots)
      : value(&call.args[i].Ref(slots, &scratch)) {}
  const Value& operator*() const { return *value; }
  const Value* operator->() const { return value; }
};

// The first item of a present value, else null.
const Value* Scalar(const Value& v) {
  if (IsAbsent(v)) return nullptr;
  const Value* first = FirstItem(v);
  return first == nullptr || IsAbsent(*first) ? nullptr : first;
}

bool ScalarText(const Value& v, std::string* scratch, std::string_view* out) {
  const Value* s = Scalar(v);
  if (s == nullptr) return false;
  *out = TextOf(*s, scratch);
  return true;
}

// Argument i's first item as text. The view points into the row, the
// compiled expression or *scratch, never into a temporary.
bool TextArg(const ExprNode& call, size_t i, absl::Span<const Value> slots, std::string* scratch,
             std::string_view* out) {
  const ExprNode& arg = call.args[i];
  if (arg.op == ExprNode::Op::kSlot || arg.op == ExprNode::Op::kConstant) {
    return ScalarText(arg.Ref(slots, nullptr), scratch, out);
  }
  const Value v = arg.Eval(slots);
  std::string_view text;
  if (!ScalarText(v, scratch, &text)) return false;
  if (text.data() != scratch->data()) scratch->assign(text.data(), text.size());
  *out = *scratch;
  return true;
}

bool ScalarNumber(const Value& v, Number* out) {
  const Value* s = Scalar(v);
  return s != nullptr && ToNumber(*s, out);
}

// An integer argument (a double is truncated toward zero).
bool ScalarInt(const Value& v, int64_t* out) {
  Number n;
  if (!ScalarNumber(v, &n)) return false;
  if (n.is_int) {
    *out = n.i;
    return true;
  }
  if (!(n.d > -9.2e18 && n.d < 9.2e18)) return false;
  *out = static_cast<int64_t>(n.d);
  return true;
}

// An integer when the double holds one that fits, else the double.
Value WholeOrDouble(double d) {
  if (!std::isfinite(d)) return Value::Missing();
  if (d >= -9.2e18 && d <= 9.2e18 && d == std::trunc(d)) return Value::Int(static_cast<int64_t>(d));
  return Value::Double(d);
}

Value SecondsFromNanos(int64_t ns) {
  if (ns % kNanos == 0) return Value::Int(ns / kNanos);
  return Value::Double(static_cast<double>(ns / kNanos) + static_cast<double>(ns % kNanos) / 1e9);
}

// Epoch seconds (possibly fractional) as nanoseconds; false out of range.
bool NanosFromSeconds(const Number& n, int64_t* out) {
  if (n.is_int) return !__builtin_mul_overflow(n.i, kNanos, out);
  if (!(n.d > -9.2e9 && n.d < 9.2e9)) return false;
  // To the microsecond: a double near today's epoch holds no more, and
  // 1700000000.123 must format as .123, not .122999906.
  const double whole = std::floor(n.d);
  *out = static_cast<int64_t>(whole) * kNanos + std::llround((n.d - whole) * 1e6) * 1000;
  return true;
}

// Applies a text-to-text function to a value or to each item.
template <typename F>
Value MapText(const Value& v, F&& f) {
  if (IsAbsent(v)) return Value::Missing();
  std::string scratch;
  if (!v.is_multi()) return f(TextOf(v, &scratch));
  std::vector<Value> out;
  out.reserve(v.items().size());
  for (const Value& item : v.items()) {
    if (IsAbsent(item)) continue;
    Value mapped = MapText(item, f);
    if (!mapped.is_missing()) out.push_back(std::move(mapped));
  }
  return out.empty() ? Value::Missing() : Value::Multi(std::move(out));
}

// True when any item satisfies `test`; null when there is no item.
template <typename F>
Value AnyItem(const Value& v, F&& test) {
  if (IsAbsent(v)) return Value::Missing();
  if (!v.is_multi()) {
    std::string scratch;
    return Value::Bool(test(TextOf(v, &scratch)));
  }
  bool any_present = false;
  for (const Value& item : v.items()) {
    Value r = AnyItem(item, test);
    if (r.kind() == Value::Kind::kBool) {
      any_present = true;
      if (r.bool_value()) return r;
    }
  }
  return any_present ? Value::Bool(false) : Value::Missing();
}

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Byte offsets of each code point start, plus the end.
std::vector<size_t> CodePointOffsets(std::string_view s) {
  std::vector<size_t> offsets;
  offsets.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsContinuation(s[i])) offsets.push_back(i);
  }
  offsets.push_back(s.size());
  return offsets;
}

std::unique_ptr<RE2> CompileRegex(std::string_view pattern, std::string* error) {
  absl::StatusOr<std::string> translated = match::TranslatePcreToRe2(pattern);
  if (!translated.ok()) {
    *error = std::string(translated.status().message());
    return nullptr;
  }
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(*translated, options);
  if (!re->ok()) {
    *error = "invalid regex \"" + std::string(pattern) + "\": " + re->error();
    return nullptr;
  }
  return re;
}

// A constant string argument, or null.
const std::string* ConstantText(const ExprNode& call, size_t i) {
  if (i >= call.args.size() || !call.args[i].IsConstant()) return nullptr;
  const Value& v = call.args[i].constant;
  return v.is_string() ? &v.text() : nullptr;
}

// ---------------------------------------------------------------- conditionals

Value FnIf(const ExprNode& call, absl::Span<const Value> slots) {
  // A null or non-boolean condition takes the else branch, as a false
  // comparison with a missing field does in Splunk.
  Arg c(call, 0, slots);
  const bool yes = c->kind() == Value::Kind::kBool && c->bool_value();
  return call.args[yes ? 1 : 2].Eval(slots);
}

absl::Status PrepareCase(ExprNode& call, const EvalContext&) {
  if (call.args.size() % 2 != 0) return absl::InvalidArgumentError("case() takes condition/value pairs");
  return absl::OkStatus();
}

Value FnCase(const ExprNode& call, absl::Span<const Value> slots) {
  for (size_t i = 0; i + 1 < call.args.size(); i += 2) {
    Arg c(call, i, slots);
    if (c->kind() == Value::Kind::kBool && c->bool_value()) return call.args[i + 1].Eval(slots);
  }
  return Value::Missing();
}

Value FnCoalesce(const ExprNode& call, absl::Span<const Value> slots) {
  for (size_t i = 0; i < call.args.size(); ++i) {
    Arg v(call, i, slots);
    if (!IsAbsent(*v)) return *v;
  }
  return Value::Missing();
}

Value FnNull(const ExprNode&, absl::Span<const Value>) { return Value::Missing(); }
Value FnTrue(const ExprNode&, absl::Span<const Value>) { return Value::Bool(true); }
Value FnFalse(const ExprNode&, absl::Span<const Value>) { return Value::Bool(false); }

// ---------------------------------------------------------------- type tests

Value FnIsNull(const ExprNode& call, absl::Span<const Value> slots) {
  return Value::Bool(IsAbsent(*Arg(call, 0, slots)));
}
Value FnIsNotNull(const ExprNode& call, absl::Span<const Value> slots) {
  return Value::Bool(!IsAbsent(*Arg(call, 0, slots)));
}
Value FnIsNum(const ExprNode& call, absl::Span<const Value> slots) {
  Number n;
  return Value::Bool(ScalarNumber(*Arg(call, 0, slots), &n));
}
Value FnIsStr(const ExprNode& call, absl::Span<const Value> slots) {
  Arg v(call, 0, slots);
  const Value* s = Scalar(*v);
  Number n;
  return Value::Bool(s != nullptr &&
                     (s->kind() == Value::Kind::kString || s->kind() == Value::Kind::kJson) &&
                     !ToNumber(*s, &n));
}

// ---------------------------------------------------------------- text

Value FnLower(const ExprNode& call, absl::Span<const Value> slots) {
  return MapText(*Arg(call, 0, slots), [](std::string_view s) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return Value::String(std::move(out));
  });
}

Value FnUpper(const ExprNode& call, absl::Span<const Value> slots) {
  return MapText(*Arg(call, 0, slots), [](std::string_view s) {
    std::string out(s);
    for (char& c : out) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return Value::String(std::move(out));
  });
}

Value FnLen(const ExprNode& call, absl::Span<const Value> slots) {
  std::string scratch;
  std::string_view s;
  if (!TextArg(call, 0, slots, &scratch, &s)) return Value::Missing();
  int64_t n = 0;
  for (char c : s) n += IsContinuation(c) ? 0 : 1;
  return Value::Int(n);
}

Value FnSubstr(const ExprNode& call, absl::Span<const Value> slots) {
  std::string scratch;
  std::string_view s;
  int64_t start = 0, length = -1;
  if (!TextArg(call, 0, slots, &scratch, &s) || !ScalarInt(*Arg(call, 1, slots), &start)) {
    return Value::Missing();
  }
  if (call.args.size() > 2) {
    if (!ScalarInt(*Arg(call, 2, slots), &length) || length < 0) return Value::Missing();
  }
  const std::vector<size_t> offsets = CodePointOffsets(s);
  const int64_t n = static_cast<int64_t>(offsets.size()) - 1;
  int64_t first = start > 0 ? start - 1 : (start == 0 ? 0 : std::max<int64_t>(0, n + start));
  first = std::min(first, n);
  // n - first, not first + length: a record's length may be INT64_MAX.
  const int64_t last = length < 0 || length > n - first ? n : first + length;
  return Value::String(std::string(s.substr(offsets[first], offsets[last] - offsets[first])));
}

absl::Status PrepareTrim(ExprNode& call, const EvalContext&) {
  call.text = " \t";  // Splunk: spaces and tabs by default
  call.has_text = true;
  if (call.args.size() > 1) {
    const std::string* chars = ConstantText(call, 1);
    if (chars != nullptr) {
      call.text = *chars;
    } else {
      call.has_text = false;
    }
  }
  return absl::OkStatus();
}

template <bool kLeft, bool kRight>
Value FnTrim(const ExprNode& call, absl::Span<const Value> slots) {
  std::string chars_scratch;
  std::string_view chars = call.text;
  if (!call.has_text && !TextArg(call, 1, slots, &chars_scratch, &chars)) {
    return Value::Missing();
  }
  return MapText(*Arg(call, 0, slots), [chars](std::string_view s) {
    size_t begin = 0, end = s.size();
    if (kLeft) {
      while (begin < end && chars.find(s[begin]) != std::string_view::npos) ++begin;
    }
    if (kRight) {
      while (end > begin && chars.find(s[end - 1]) != std::string_view::npos) --end;
    }
    return Value::String(std::string(s.substr(begin, end - begin)));
  });
}

// ---------------------------------------------------------------- multivalue

Value FnSplit(const ExprNode& call, absl::Span<const Value> slots) {
  std::string s_scratch, d_scratch;
  std::string_view s, delim;
  if (!TextArg(call, 0, slots, &s_scratch, &s) ||
      !TextArg(call, 1, slots, &d_scratch, &delim)) {
    return Value::Missing();
  }
  std::vector<Value> items;
  if (delim.empty()) {
    const std::vector<size_t> offsets = CodePointOffsets(s);
    for (size_t i = 0; i + 1 < offsets.size(); ++i) {
      items.push_back(Value::String(std::string(s.substr(offsets[i], offsets[i + 1] - offsets[i]))));
    }
    if (items.empty()) items.push_back(Value::String(""));
    return Value::Multi(std::move(items));
  }
  size_t begin = 0;
  while (true) {
    const size_t at = s.find(delim, begin);
    if (at == std::string_view::npos) {
      items.push_back(Value::String(std::string(s.substr(begin))));
      break;
    }
    items.push_back(Value::String(std::string(s.substr(begin, at - begin))));
    begin = at + delim.size();
  }
  return Value::Multi(std::move(items));
}

Value FnMvCount(const ExprNode& call, absl::Span<const Value> slots) {
  Arg v(call, 0, slots);
  if (IsAbsent(*v)) return Value::Missing();
  return Value::Int(v->is_multi() ? static_cast<int64_t>(v->items().size()) : 1);
}

Value FnMvIndex(const ExprNode& call, absl::Span<const Value> slots) {
  Arg v(call, 0, slots);
  if (IsAbsent(*v)) return Value::Missing();
  const Value* items = v->is_multi() ? v->items().data() : v.value;
  const int64_t n = v->is_multi() ? static_cast<int64_t>(v->items().size()) : 1;
  int64_t start = 0;
  if (!ScalarInt(*Arg(call, 1, slots), &start)) return Value::Missing();
  if (start < 0) start += n;
  if (start < 0 || start >= n) return Value::Missing();
  if (call.args.size() < 3) return items[start];
  int64_t end = 0;
  if (!ScalarInt(*Arg(call, 2, slots), &end)) return Value::Missing();
  if (end < 0) end += n;
  end = std::min(end, n - 1);
  if (end < start) return Value::Missing();
  if (end == start) return items[start];
  return Value::Multi(std::vector<Value>(items + start, items + end + 1));
}

Value FnMvJoin(const ExprNode& call, absl::Span<const Value> slots) {
  Arg v(call, 0, slots);
  std::string d_scratch;
  std::string_view delim;
  if (IsAbsent(*v) || !TextArg(call, 1, slots, &d_scratch, &delim)) return Value::Missing();
  if (!v->is_multi()) return Value::String(v->ToDisplayString());
  std::string out;
  std::string scratch;
  for (size_t i = 0; i < v->items().size(); ++i) {
    if (i) out.append(delim);
    out.append(TextOf(v->items()[i], &scratch));
  }
  return Value::String(std::move(out));
}

// ---------------------------------------------------------------- matching

absl::Status PrepareMatch(ExprNode& call, const EvalContext&) {
  if (const std::string* pattern = ConstantText(call, 1)) {
    std::string error;
    call.regex = CompileRegex(*pattern, &error);
    if (call.regex == nullptr) return absl::InvalidArgumentError(error);
  }
  return absl::OkStatus();
}

Value FnMatch(const ExprNode& call, absl::Span<const Value> slots) {
  std::unique_ptr<RE2> own;
  const RE2* re = call.regex.get();
  if (re == nullptr) {
    std::string scratch, error;
    std::string_view pattern;
    if (!TextArg(call, 1, slots, &scratch, &pattern)) return Value::Missing();
    own = CompileRegex(pattern, &error);
    if (own == nullptr) return Value::Missing();
    re = own.get();
  }
  return AnyItem(*Arg(call, 0, slots), [re](std::string_view s) {
    return RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *re);
  });
}

// SQL LIKE to the shared wildcard syntax ('*', '?', '\' escapes).
std::string LikeToWildcard(std::string_view like) {
  std::string out;
  out.reserve(like.size() + 4);
  for (size_t i = 0; i < like.size(); ++i) {
    const char c = like[i];
    if (c == '\\' && i + 1 < like.size() &&
        (like[i + 1] == '%' || like[i + 1] == '_' || like[i + 1] == '\\')) {
      const char next = like[++i];
      if (next == '\\') {
        out += "\\\\";
      } else {
        out += next;
      }
    } else if (c == '%') {
      out += '*';
    } else if (c == '_') {
      out += '?';
    } else if (c == '*' || c == '?' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

absl::Status PrepareLike(ExprNode& call, const EvalContext&) {
  if (const std::string* pattern = ConstantText(call, 1)) {
    call.text = LikeToWildcard(*pattern);
    call.has_text = true;
  }
  return absl::OkStatus();
}

Value FnLike(const ExprNode& call, absl::Span<const Value> slots) {
  std::string own;
  std::string_view pattern = call.text;
  if (!call.has_text) {
    std::string scratch;
    std::string_view like;
    if (!TextArg(call, 1, slots, &scratch, &like)) return Value::Missing();
    own = LikeToWildcard(like);
    pattern = own;
  }
  return AnyItem(*Arg(call, 0, slots), [pattern](std::string_view s) {
    return match::WildcardMatch(pattern, s, /*case_sensitive=*/true);
  });
}

absl::Status PrepareCidrMatch(ExprNode& call, const EvalContext&) {
  if (const std::string* cidr = ConstantText(call, 0)) {
    absl::StatusOr<bool> probe = match::CidrMatch(*cidr, "0.0.0.0");
    if (!probe.ok()) return probe.status();
  }
  return absl::OkStatus();
}

Value FnCidrMatch(const ExprNode& call, absl::Span<const Value> slots) {
  std::string scratch;
  std::string_view cidr;
  if (!TextArg(call, 0, slots, &scratch, &cidr)) return Value::Missing();
  bool bad_cidr = false;
  Value result = AnyItem(*Arg(call, 1, slots), [cidr, &bad_cidr](std::string_view ip) {
    absl::StatusOr<bool> in = match::CidrMatch(cidr, ip);
    if (!in.ok()) bad_cidr = true;
    return in.ok() && *in;
  });
  return bad_cidr ? Value::Missing() : result;
}

absl::Status PrepareReplace(ExprNode& call, const EvalContext& context) {
  if (absl::Status status = PrepareMatch(call, context); !status.ok()) return status;
  if (const std::string* rewrite = ConstantText(call, 2)) {
    call.text = *rewrite;
    call.has_text = true;
    std::string error;
    if (call.regex != nullptr && !call.regex->CheckRewriteString(*rewrite, &error)) {
      return absl::InvalidArgumentError("invalid replacement \"" + *rewrite + "\": " + error);
    }
  }
  return absl::OkStatus();
}

Value FnReplace(const ExprNode& call, absl::Span<const Value> slots) {
  std::unique_ptr<RE2> own;
  const RE2* re = call.regex.get();
  if (re == nullptr) {
    std::string scratch, error;
    std::string_view pattern;
    if (!TextArg(call, 1, slots, &scratch, &pattern)) return Value::Missing();
    own = CompileRegex(pattern, &error);
    if (own == nullptr) return Value::Missing();
    re = own.get();
  }
  std::string rewrite_scratch;
  std::string_view rewrite = call.text;
  if (!call.has_text && !TextArg(call, 2, slots, &rewrite_scratch, &rewrite)) {
    return Value::Missing();
  }
  std::string error;
  if (!call.has_text && !re->CheckRewriteString(re2::StringPiece(rewrite.data(), rewrite.size()), &error)) {
    return Value::Missing();
  }
  const re2::StringPiece rewrite_piece(rewrite.data(), rewrite.size());
  return MapText(*Arg(call, 0, slots), [re, rewrite_piece](std::string_view s) {
    std::string out(s);
    RE2::GlobalReplace(&out, *re, rewrite_piece);
    return Value::String(std::move(out));
  });
}

// ---------------------------------------------------------------- time

absl::Status PrepareTimeFormat(ExprNode& call, const EvalContext&) {
  if (const std::string* format = ConstantText(call, 1)) {
    if (absl::Status status = CheckTimeFormat(*format); !status.ok()) return status;
    call.text = *format;
    call.has_text = true;
  }
  return absl::OkStatus();
}

// The format argument: checked at Compile when constant, else now.
bool FormatArg(const ExprNode& call, absl::Span<const Value> slots, std::string* scratch,
               std::string_view* out) {
  if (call.has_text) {
    *out = call.text;
    return true;
  }
  return TextArg(call, 1, slots, scratch, out) && CheckTimeFormat(*out).ok();
}

Value FnStrftime(const ExprNode& call, absl::Span<const Value> slots) {
  Number t;
  int64_t ns = 0;
  std::string scratch;
  std::string_view format;
  if (!ScalarNumber(*Arg(call, 0, slots), &t) || !NanosFromSeconds(t, &ns) ||
      !FormatArg(call, slots, &scratch, &format)) {
    return Value::Missing();
  }
  return Value::String(FormatTime(ns, format));
}

Value FnStrptime(const ExprNode& call, absl::Span<const Value> slots) {
  std::string text_scratch, format_scratch;
  std::string_view text, format;
  if (!TextArg(call, 0, slots, &text_scratch, &text) ||
      !FormatArg(call, slots, &format_scratch, &format)) {
    return Value::Missing();
  }
  std::optional<int64_t> ns = ParseTime(text, format);
  return ns ? SecondsFromNanos(*ns) : Value::Missing();
}

absl::Status PrepareNow(ExprNode& call, const EvalContext& context) {
  int64_t seconds = context.now_ns / kNanos;
  if (context.now_ns % kNanos < 0) --seconds;
  call.number = seconds;
  return absl::OkStatus();
}

Value FnNow(const ExprNode& call, absl::Span<const Value>) { return Value::Int(call.number); }

absl::Status PrepareRelativeTime(ExprNode& call, const EvalContext&) {
  if (const std::string* text = ConstantText(call, 1)) {
    absl::StatusOr<spl::TimeSpec> spec = spl::ParseTimeSpec(*text);
    if (!spec.ok()) return spec.status();
    // Units are checked by resolving once; any time will do.
    if (absl::StatusOr<int64_t> probe = spl::ResolveTime(*spec, 0); !probe.ok()) return probe.status();
    call.time_spec = std::make_unique<spl::TimeSpec>(*std::move(spec));
  }
  return absl::OkStatus();
}

Value FnRelativeTime(const ExprNode& call, absl::Span<const Value> slots) {
  Number t;
  int64_t ns = 0;
  if (!ScalarNumber(*Arg(call, 0, slots), &t) || !NanosFromSeconds(t, &ns)) return Value::Missing();
  absl::StatusOr<int64_t> resolved = absl::InternalError("");
  if (call.time_spec != nullptr) {
    resolved = spl::ResolveTime(*call.time_spec, ns);
  } else {
    std::string scratch;
    std::string_view text;
    if (!TextArg(call, 1, slots, &scratch, &text)) return Value::Missing();
    absl::StatusOr<spl::TimeSpec> spec = spl::ParseTimeSpec(text);
    if (!spec.ok()) return Value::Missing();
    resolved = spl::ResolveTime(*spec, ns);
  }
  return resolved.ok() ? SecondsFromNanos(*resolved) : Value::Missing();
}

// ---------------------------------------------------------------- numbers

absl::Status PrepareToNumber(ExprNode& call, const EvalContext&) {
  call.number = 10;
  if (call.args.size() > 1 && call.args[1].IsConstant()) {
    Number base;
    if (!ToNumber(call.args[1].constant, &base) || !base.is_int || base.i < 2 || base.i > 36) {
      return absl::InvalidArgumentError("tonumber() base must be an integer from 2 to 36");
    }
    call.number = base.i;
  } else if (call.args.size() > 1) {
    call.number = 0;  // read per row
  }
  return absl::OkStatus();
}

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

Value FnToNumber(const ExprNode& call, absl::Span<const Value> slots) {
  Arg v(call, 0, slots);
  const Value* s = Scalar(*v);
  if (s == nullptr) return Value::Missing();
  int64_t base = call.number;
  if (base == 0 && (!ScalarInt(*Arg(call, 1, slots), &base) || base < 2 || base > 36)) {
    return Value::Missing();
  }
  if (base == 10) {
    Number n;
    if (!ToNumber(*s, &n)) return Value::Missing();
    return n.is_int ? Value::Int(n.i) : Value::Double(n.d);
  }
  if (s->kind() == Value::Kind::kInt) return *s;
  if (!s->is_string()) return Value::Missing();
  std::string_view text = s->text();
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (base == 16 && text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
  }
  if (text.empty()) return Value::Missing();
  int64_t result = 0;
  for (char c : text) {
    const int digit = DigitValue(c);
    if (digit >= base || __builtin_mul_overflow(result, base, &result) ||
        __builtin_add_overflow(result, negative ? -digit : digit, &result)) {
      return Value::Missing();
    }
  }
  return Value::Int(result);
}

absl::Status PrepareToString(ExprNode& call, const EvalContext&) {
  if (call.args.size() < 2) return absl::OkStatus();
  const std::string* mode = ConstantText(call, 1);
  if (mode == nullptr) return absl::OkStatus();
  if (*mode != "hex" && *mode != "commas" && *mode != "duration") {
    return absl::InvalidArgumentError("tostring() format must be \"hex\", \"commas\" or \"duration\", not \"" +
                                      *mode + "\"");
  }
  call.text = *mode;
  call.has_text = true;
  return absl::OkStatus();
}

std::string WithCommas(std::string digits) {
  std::string out;
  const size_t sign = !digits.empty() && digits[0] == '-' ? 1 : 0;
  out.append(digits, 0, sign);
  const size_t n = digits.size() - sign;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[sign + i];
  }
  return out;
}

Value FnToString(const ExprNode& call, absl::Span<const Value> slots) {
  Arg v(call, 0, slots);
  const Value* s = Scalar(*v);
  if (s == nullptr) return Value::Missing();
  std::string mode_scratch;
  std::string_view mode;
  if (call.args.size() < 2) return Value::String(s->ToDisplayString());
  if (call.has_text) {
    mode = call.text;
  } else if (!TextArg(call, 1, slots, &mode_scratch, &mode)) {
    return Value::Missing();
  }
  Number n;
  if (!ToNumber(*s, &n)) return Value::Missing();
  char buf[64];
  if (mode == "hex") {
    int64_t i = 0;
    if (!ScalarInt(*s, &i)) return Value::Missing();
    const uint64_t magnitude = i < 0 ? 0 - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
    std::snprintf(buf, sizeof(buf), "%s0x%llX", i < 0 ? "-" : "",
                  static_cast<unsigned long long>(magnitude));
    return Value::String(buf);
  }
  if (mode == "commas") {
    // Splunk rounds a fraction to two places.
    if (n.is_int) return Value::String(WithCommas(std::to_string(n.i)));
    // %.2f of a large double has up to 309 digits before the point; inf
    // and nan have no point.
    char wide[320];
    std::snprintf(wide, sizeof(wide), "%.2f", n.d);
    std::string text = wide;
    const size_t dot = text.find('.');
    if (dot == std::string::npos) return Value::String(std::move(text));
    std::string result = WithCommas(text.substr(0, dot));
    result += text.substr(dot);
    return Value::String(std::move(result));
  }
  if (mode == "duration") {
    int64_t total = 0;
    if (!ScalarInt(*s, &total)) return Value::Missing();
    const bool negative = total < 0;
    const uint64_t t = negative ? 0 - static_cast<uint64_t>(total) : static_cast<uint64_t>(total);
    const uint64_t days = t / 86400;
    std::string out = negative ? "-" : "";
    if (days > 0) out += std::to_string(days) + "+";
    std::snprintf(buf, sizeof(buf), "%02llu:%02llu:%02llu",
                  static_cast<unsigned long long>(t % 86400 / 3600),
                  static_cast<unsigned long long>(t % 3600 / 60),
                  static_cast<unsigned long long>(t % 60));
    out += buf;
    return Value::String(std::move(out));
  }
  return Value::Missing();
}

Value FnAbs(const ExprNode& call, absl::Span<const Value> slots) {
  Number n;
  if (!ScalarNumber(*Arg(call, 0, slots), &n)) return Value::Missing();
  if (n.is_int && n.i != INT64_MIN) return Value::Int(n.i < 0 ? -n.i : n.i);
  return Value::Double(std::fabs(n.d));
}

template <double (*kRound)(double)>
Value FnRoundTo(const ExprNode& call, absl::Span<const Value> slots) {
  Number n;
  if (!ScalarNumber(*Arg(call, 0, slots), &n)) return Value::Missing();
  if (n.is_int) return Value::Int(n.i);
  return WholeOrDouble(kRound(n.d));
}

Value FnRound(const ExprNode& call, absl::Span<const Value> slots) {
  Number n;
  if (!ScalarNumber(*Arg(call, 0, slots), &n)) return Value::Missing();
  int64_t places = 0;
  if (call.args.size() > 1 && !ScalarInt(*Arg(call, 1, slots), &places)) return Value::Missing();
  if (places <= 0 && n.is_int && places > -19) {
    if (places == 0) return Value::Int(n.i);
    int64_t scale = 1;
    for (int64_t k = 0; k < -places; ++k) scale *= 10;
    return WholeOrDouble(std::round(n.d / static_cast<double>(scale)) * static_cast<double>(scale));
  }
  if (places == 0) return WholeOrDouble(std::round(n.d));
  if (places > 15 || places < -18) return n.is_int ? Value::Int(n.i) : Value::Double(n.d);
  const double scale = std::pow(10.0, static_cast<double>(places));
  // A value too large to scale has no digits at that place to round.
  if (!std::isfinite(n.d * scale)) return n.is_int ? Value::Int(n.i) : Value::Double(n.d);
  const double r = std::round(n.d * scale) / scale;
  return places < 0 ? WholeOrDouble(r) : Value::Double(r);
}

// ---------------------------------------------------------------- the table

constexpr FunctionSpec kFunctions[] = {
    {"abs", 1, 1, FnAbs, nullptr},
    {"case", 2, -1, FnCase, PrepareCase},
    {"ceil", 1, 1, FnRoundTo<std::ceil>, nullptr},
    {"ceiling", 1, 1, FnRoundTo<std::ceil>, nullptr},
    {"cidrmatch", 2, 2, FnCidrMatch, PrepareCidrMatch},
    {"coalesce", 1, -1, FnCoalesce, nullptr},
    {"false", 0, 0, FnFalse, nullptr},
    {"floor", 1, 1, FnRoundTo<std::floor>, nullptr},
    {"if", 3, 3, FnIf, nullptr},
    {"isnotnull", 1, 1, FnIsNotNull, nullptr},
    {"isnull", 1, 1, FnIsNull, nullptr},
    {"isnum", 1, 1, FnIsNum, nullptr},
    {"isstr", 1, 1, FnIsStr, nullptr},
    {"len", 1, 1, FnLen, nullptr},
    {"like", 2, 2, FnLike, PrepareLike},
    {"lower", 1, 1, FnLower, nullptr},
    {"ltrim", 1, 2, FnTrim<true, false>, PrepareTrim},
    {"match", 2, 2, FnMatch, PrepareMatch},
    {"mvcount", 1, 1, FnMvCount, nullptr},
    {"mvindex", 2, 3, FnMvIndex, nullptr},
    {"mvjoin", 2, 2, FnMvJoin, nullptr},
    {"now", 0, 0, FnNow, PrepareNow},
    {"null", 0, 0, FnNull, nullptr},
    {"relative_time", 2, 2, FnRelativeTime, PrepareRelativeTime},
    {"replace", 3, 3, FnReplace, PrepareReplace},
    {"round", 1, 2, FnRound, nullptr},
    {"rtrim", 1, 2, FnTrim<false, true>, PrepareTrim},
    {"split", 2, 2, FnSplit, nullptr},
    {"strftime", 2, 2, FnStrftime, PrepareTimeFormat},
    {"strptime", 2, 2, FnStrptime, PrepareTimeFormat},
    {"substr", 2, 3, FnSubstr, nullptr},
    {"tonumber", 1, 2, FnToNumber, PrepareToNumber},
    {"tostring", 1, 2, FnToString, PrepareToString},
    {"trim", 1, 2, FnTrim<true, true>, PrepareTrim},
    {"true", 0, 0, FnTrue, nullptr},
    {"upper", 1, 1, FnUpper, nullptr},
};

}  // namespace

const FunctionSpec* FindFunction(std::string_view name) {
  for (const FunctionSpec& spec : kFunctions) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

}  // namespace trailhunt::query_internal::eval_internal
