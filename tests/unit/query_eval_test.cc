#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "query/eval_expr.h"

namespace {

using trailhunt::SlotIndex;
using trailhunt::Value;
using trailhunt::query_internal::CompiledExpr;
using trailhunt::query_internal::EvalContext;
using trailhunt::spl::EvalExpr;

// ---- builders: trees by hand, so these tests do not depend on the parser.
EvalExpr Lit(Value v) {
  EvalExpr e;
  e.kind = EvalExpr::Kind::kLiteral;
  e.literal = std::move(v);
  return e;
}
EvalExpr S(std::string s) { return Lit(Value::String(std::move(s))); }
EvalExpr I(int64_t i) { return Lit(Value::Int(i)); }
EvalExpr D(double d) { return Lit(Value::Double(d)); }
EvalExpr F(std::string name) {
  EvalExpr e;
  e.kind = EvalExpr::Kind::kField;
  e.name = std::move(name);
  return e;
}
EvalExpr Bin(std::string op, EvalExpr a, EvalExpr b) {
  EvalExpr e;
  e.kind = EvalExpr::Kind::kBinary;
  e.op = std::move(op);
  e.args.push_back(std::move(a));
  e.args.push_back(std::move(b));
  return e;
}
EvalExpr Un(std::string op, EvalExpr a) {
  EvalExpr e;
  e.kind = EvalExpr::Kind::kUnary;
  e.op = std::move(op);
  e.args.push_back(std::move(a));
  return e;
}
EvalExpr Call(std::string name, std::vector<EvalExpr> args = {}) {
  EvalExpr e;
  e.kind = EvalExpr::Kind::kCall;
  e.name = std::move(name);
  e.args = std::move(args);
  return e;
}

Value Str(std::string s) { return Value::String(std::move(s)); }
Value Multi(std::vector<std::string> items) {
  std::vector<Value> values;
  for (auto& s : items) values.push_back(Str(std::move(s)));
  return Value::Multi(std::move(values));
}

// The row every case reads. "missing" resolves to a slot past the row's end.
const std::vector<std::pair<std::string, Value>>& Row() {
  static const auto* row = new std::vector<std::pair<std::string, Value>>{
      {"s", Str("Hello")},
      {"n", Value::Int(42)},
      {"d", Value::Double(1.5)},
      {"ns", Str("10")},
      {"mv", Multi({"a", "b", "c"})},
      {"nul", Value::Null()},
      {"t", Value::Bool(true)},
      {"f", Value::Bool(false)},
      {"ip", Str("10.1.2.3")},
      {"time", Value::Int(1700000000)},
      {"one", Multi({"x"})},
      {"empty", Value::Multi({})},
      {"nums", Value::Multi({Value::Int(3), Value::Int(5)})},
      {"user", Str("Bob")},
      {"utf", Str("h\xC3\xA9llo")},  // héllo
  };
  return *row;
}

constexpr int64_t kNow = int64_t{1700000000} * 1000000000 + 250000000;

absl::StatusOr<CompiledExpr> Compile(const EvalExpr& e) {
  auto resolve = [](std::string_view name) -> absl::StatusOr<SlotIndex> {
    if (name == "bad") return absl::NotFoundError("no field 'bad'");
    const auto& row = Row();
    for (size_t i = 0; i < row.size(); ++i) {
      if (row[i].first == name) return static_cast<SlotIndex>(i);
    }
    return static_cast<SlotIndex>(1000);
  };
  EvalContext context;
  context.now_ns = kNow;
  return CompiledExpr::Compile(e, resolve, context);
}

std::vector<Value> Slots() {
  std::vector<Value> slots;
  for (const auto& [name, value] : Row()) slots.push_back(value);
  return slots;
}

Value Eval(const EvalExpr& e) {
  auto compiled = Compile(e);
  REQUIRE_MESSAGE(compiled.ok(), compiled.status().ToString());
  const std::vector<Value> slots = Slots();
  return compiled->Evaluate(slots);
}

bool TestRow(const EvalExpr& e) {
  auto compiled = Compile(e);
  REQUIRE_MESSAGE(compiled.ok(), compiled.status().ToString());
  const std::vector<Value> slots = Slots();
  return compiled->Test(slots);
}

std::string CompileError(const EvalExpr& e) {
  auto compiled = Compile(e);
  return compiled.ok() ? "" : std::string(compiled.status().message());
}

struct Case {
  const char* what;
  EvalExpr expr;
  Value want;
};

void RunCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    CAPTURE(c.what);
    const Value got = Eval(c.expr);
    CHECK_MESSAGE(got == c.want, "got " << std::string(trailhunt::ValueKindName(got.kind())) << " "
                                        << got.ToJson() << ", want "
                                        << std::string(trailhunt::ValueKindName(c.want.kind())) << " "
                                        << c.want.ToJson());
  }
}

const Value kNull = Value::Missing();
Value B(bool b) { return Value::Bool(b); }

}  // namespace

TEST_CASE("eval: arithmetic keeps integers exact and propagates null") {
  RunCases({
      {"int+int", Bin("+", I(2), I(3)), Value::Int(5)},
      {"int+double", Bin("+", I(2), D(0.5)), Value::Double(2.5)},
      {"numeric text", Bin("+", F("ns"), I(1)), Value::Int(11)},
      {"string+string concatenates", Bin("+", S("ab"), S("cd")), Str("abcd")},
      {"string+number is null", Bin("+", S("ab"), I(1)), kNull},
      {"sub", Bin("-", I(2), I(5)), Value::Int(-3)},
      {"mul", Bin("*", F("n"), I(2)), Value::Int(84)},
      {"mul overflow -> double", Bin("*", I(INT64_MAX), I(2)), Value::Double(2.0 * 9223372036854775807.0)},
      {"add overflow -> double", Bin("+", I(INT64_MAX), I(1)), Value::Double(9223372036854775808.0)},
      {"exact division stays int", Bin("/", I(6), I(3)), Value::Int(2)},
      {"inexact division", Bin("/", I(7), I(2)), Value::Double(3.5)},
      {"division by zero", Bin("/", I(7), I(0)), kNull},
      {"double division by zero", Bin("/", D(7), D(0)), kNull},
      {"modulo", Bin("%", I(7), I(3)), Value::Int(1)},
      {"modulo negative", Bin("%", I(-7), I(3)), Value::Int(-1)},
      {"modulo double", Bin("%", D(7.5), I(2)), Value::Double(1.5)},
      {"modulo zero", Bin("%", I(7), I(0)), kNull},
      {"missing + 1", Bin("+", F("missing"), I(1)), kNull},
      {"null + 1", Bin("+", F("nul"), I(1)), kNull},
      {"bool + 1", Bin("+", F("t"), I(1)), kNull},
      {"multivalue + 1", Bin("+", F("mv"), I(1)), kNull},
      {"single-item multivalue + 1", Bin("+", F("nums"), I(1)), kNull},
      {"negate", Un("-", F("n")), Value::Int(-42)},
      {"negate double", Un("-", F("d")), Value::Double(-1.5)},
      {"negate min int", Un("-", I(INT64_MIN)), Value::Double(9223372036854775808.0)},
      {"negate text", Un("-", S("x")), kNull},
      {"concat", Bin(".", F("s"), S("!")), Str("Hello!")},
      {"concat number", Bin(".", S("n="), F("n")), Str("n=42")},
      {"concat double and bool", Bin(".", F("d"), F("t")), Str("1.5true")},
      {"concat missing", Bin(".", S("a"), F("missing")), kNull},
      {"concat one-item multivalue", Bin(".", F("one"), S("y")), Str("xy")},
      {"concat multivalue", Bin(".", F("mv"), S("y")), kNull},
  });
}

TEST_CASE("eval: comparisons are numeric when both sides are numbers, else case-sensitive text") {
  RunCases({
      {"= numbers", Bin("=", F("n"), I(42)), B(true)},
      {"== numbers", Bin("==", F("n"), D(42.0)), B(true)},
      {"numeric text vs number", Bin("=", F("ns"), I(10)), B(true)},
      {"numeric text vs numeric text", Bin("=", S("1"), S("1.0")), B(true)},
      {"9 < 10 numerically", Bin("<", I(9), F("ns")), B(true)},
      {"'9' > '10a' as text", Bin(">", S("9"), S("10a")), B(true)},
      {"case-sensitive =", Bin("=", F("user"), S("bob")), B(false)},
      {"exact =", Bin("=", F("user"), S("Bob")), B(true)},
      {"!=", Bin("!=", F("user"), S("bob")), B(true)},
      {"uppercase before lowercase", Bin("<", S("Z"), S("a")), B(true)},
      {"<=", Bin("<=", I(3), I(3)), B(true)},
      {">", Bin(">", D(3.5), I(3)), B(true)},
      {">=", Bin(">=", S("abc"), S("abd")), B(false)},
      {"missing = x is null", Bin("=", F("missing"), S("x")), kNull},
      {"missing != x is null", Bin("!=", F("missing"), S("x")), kNull},
      {"null = null is null", Bin("=", F("nul"), F("nul")), kNull},
      {"bool vs text", Bin("=", F("t"), S("true")), B(true)},
      {"multivalue: any item", Bin("=", F("mv"), S("b")), B(true)},
      {"multivalue: no item", Bin("=", F("mv"), S("z")), B(false)},
      {"multivalue numeric any", Bin(">", F("nums"), I(4)), B(true)},
      {"empty multivalue is null", Bin("=", F("empty"), S("")), kNull},
      {"exact int compare beyond 2^53",
       Bin("<", I(9007199254740992), I(9007199254740993)), B(true)},
  });
}

TEST_CASE("eval: boolean logic is three-valued; where keeps only true") {
  RunCases({
      {"AND", Bin("AND", F("t"), F("t")), B(true)},
      {"AND false", Bin("AND", F("t"), F("f")), B(false)},
      {"false AND null", Bin("AND", F("f"), Bin("=", F("missing"), I(1))), B(false)},
      {"null AND false", Bin("AND", Bin("=", F("missing"), I(1)), F("f")), B(false)},
      {"true AND null", Bin("AND", F("t"), Bin("=", F("missing"), I(1))), kNull},
      {"OR", Bin("OR", F("f"), F("t")), B(true)},
      {"null OR true", Bin("OR", Bin("=", F("missing"), I(1)), F("t")), B(true)},
      {"false OR null", Bin("OR", F("f"), Bin("=", F("missing"), I(1))), kNull},
      {"XOR", Bin("XOR", F("t"), F("f")), B(true)},
      {"XOR same", Bin("XOR", F("t"), F("t")), B(false)},
      {"XOR null", Bin("XOR", F("t"), F("missing")), kNull},
      {"NOT", Un("NOT", F("t")), B(false)},
      {"NOT null", Un("NOT", F("missing")), kNull},
      {"non-boolean operand", Bin("AND", S("true"), F("t")), kNull},
      {"NOT of text", Un("NOT", S("x")), kNull},
  });
  CHECK(TestRow(Bin("=", F("user"), S("Bob"))));
  CHECK_FALSE(TestRow(Bin("=", F("user"), S("bob"))));
  CHECK_FALSE(TestRow(Bin("!=", F("missing"), S("x"))));  // != is false on a missing field
  CHECK(TestRow(Un("NOT", Bin("=", F("user"), S("bob")))));
  CHECK_FALSE(TestRow(Un("NOT", Bin("=", F("missing"), S("x")))));
  CHECK_FALSE(TestRow(S("true")));  // only a boolean true passes
  CHECK_FALSE(TestRow(F("missing")));
  CHECK(TestRow(Call("true")));
}

TEST_CASE("eval: LIKE is case-sensitive with % and _") {
  RunCases({
      {"prefix", Bin("LIKE", F("s"), S("He%")), B(true)},
      {"case", Bin("LIKE", F("s"), S("he%")), B(false)},
      {"underscore", Bin("LIKE", F("s"), S("H_llo")), B(true)},
      {"underscore is one code point", Call("like", {F("utf"), S("h_llo")}), B(true)},
      {"whole string", Bin("LIKE", F("s"), S("Hell")), B(false)},
      {"star is literal", Call("like", {S("a*c"), S("a*c")}), B(true)},
      {"star does not wildcard", Call("like", {S("abc"), S("a*c")}), B(false)},
      {"question mark literal", Call("like", {S("abc"), S("a?c")}), B(false)},
      {"escaped percent", Call("like", {S("100%"), S("100\\%")}), B(true)},
      {"escaped percent is literal", Call("like", {S("1000"), S("100\\%")}), B(false)},
      {"ip prefix", Call("like", {F("ip"), S("10.%")}), B(true)},
      {"multivalue any", Call("like", {F("mv"), S("b")}), B(true)},
      {"missing", Call("like", {F("missing"), S("%")}), kNull},
      {"pattern from a field", Call("like", {S("Hello world"), Bin(".", F("s"), S("%"))}), B(true)},
  });
}

TEST_CASE("eval: conditionals and null tests") {
  RunCases({
      {"if true", Call("if", {F("t"), S("y"), S("n")}), Str("y")},
      {"if false", Call("if", {F("f"), S("y"), S("n")}), Str("n")},
      {"if null condition takes else", Call("if", {Bin(">", F("missing"), I(1)), S("y"), S("n")}), Str("n")},
      {"case first true", Call("case", {F("f"), I(1), F("t"), I(2), F("t"), I(3)}), Value::Int(2)},
      {"case none", Call("case", {F("f"), I(1)}), kNull},
      {"case default", Call("case", {F("f"), I(1), Call("true"), S("other")}), Str("other")},
      {"coalesce skips null and missing", Call("coalesce", {F("missing"), F("nul"), F("s")}), Str("Hello")},
      {"coalesce keeps empty string", Call("coalesce", {S(""), F("s")}), Str("")},
      {"coalesce all null", Call("coalesce", {F("missing"), F("nul")}), kNull},
      {"isnull missing", Call("isnull", {F("missing")}), B(true)},
      {"isnull json null", Call("isnull", {F("nul")}), B(true)},
      {"isnull empty multivalue", Call("isnull", {F("empty")}), B(true)},
      {"isnull value", Call("isnull", {F("s")}), B(false)},
      {"isnotnull", Call("isnotnull", {F("s")}), B(true)},
      {"isnotnull missing", Call("isnotnull", {F("missing")}), B(false)},
      {"isnum int", Call("isnum", {F("n")}), B(true)},
      {"isnum numeric text", Call("isnum", {F("ns")}), B(true)},
      {"isnum text", Call("isnum", {F("s")}), B(false)},
      {"isnum missing", Call("isnum", {F("missing")}), B(false)},
      {"isstr text", Call("isstr", {F("s")}), B(true)},
      {"isstr numeric text", Call("isstr", {F("ns")}), B(false)},
      {"isstr int", Call("isstr", {F("n")}), B(false)},
      {"isstr bool", Call("isstr", {F("t")}), B(false)},
      {"null()", Call("null"), kNull},
      {"true()", Call("true"), B(true)},
      {"false()", Call("false"), B(false)},
      {"now() in seconds", Call("now"), Value::Int(1700000000)},
  });
}

TEST_CASE("eval: text functions") {
  RunCases({
      {"lower", Call("lower", {F("s")}), Str("hello")},
      {"upper", Call("upper", {F("s")}), Str("HELLO")},
      {"lower of multivalue maps items", Call("lower", {Lit(Multi({"A", "B"}))}), Multi({"a", "b"})},
      {"lower of number", Call("lower", {F("n")}), Str("42")},
      {"lower null", Call("lower", {F("missing")}), kNull},
      {"len", Call("len", {F("s")}), Value::Int(5)},
      {"len counts code points", Call("len", {F("utf")}), Value::Int(5)},
      {"len empty", Call("len", {S("")}), Value::Int(0)},
      {"len of number", Call("len", {F("n")}), Value::Int(2)},
      {"len missing", Call("len", {F("missing")}), kNull},
      {"substr", Call("substr", {S("splunk"), I(2), I(3)}), Str("plu")},
      {"substr to end", Call("substr", {S("splunk"), I(3)}), Str("lunk")},
      {"substr negative start", Call("substr", {S("splunk"), I(-3)}), Str("unk")},
      {"substr negative start with length", Call("substr", {S("splunk"), I(-3), I(2)}), Str("un")},
      {"substr start 0 reads as 1", Call("substr", {S("splunk"), I(0), I(2)}), Str("sp")},
      {"substr before the start", Call("substr", {S("abc"), I(-10), I(2)}), Str("ab")},
      {"substr past the end", Call("substr", {S("abc"), I(10)}), Str("")},
      {"substr long length", Call("substr", {S("abc"), I(2), I(100)}), Str("bc")},
      {"substr zero length", Call("substr", {S("abc"), I(2), I(0)}), Str("")},
      {"substr negative length", Call("substr", {S("abc"), I(1), I(-1)}), kNull},
      {"substr code points", Call("substr", {F("utf"), I(2), I(2)}), Str("\xC3\xA9l")},
      {"substr missing", Call("substr", {F("missing"), I(1)}), kNull},
      {"trim", Call("trim", {S("  a b \t")}), Str("a b")},
      {"ltrim", Call("ltrim", {S("  a  ")}), Str("a  ")},
      {"rtrim", Call("rtrim", {S("  a  ")}), Str("  a")},
      {"trim chars", Call("trim", {S("xxaxyx"), S("xy")}), Str("a")},
      {"ltrim chars", Call("ltrim", {S("zzaz"), S("z")}), Str("az")},
      {"trim chars from a field", Call("trim", {S("HaH"), Call("substr", {F("s"), I(1), I(1)})}), Str("a")},
      {"trim multivalue", Call("trim", {Lit(Multi({" a", "b "}))}), Multi({"a", "b"})},
      {"replace", Call("replace", {S("a1b22"), S("\\d+"), S("#")}), Str("a#b#")},
      {"replace backreference", Call("replace", {S("2024-01-31"), S("(\\d+)-(\\d+)-(\\d+)"), S("\\3/\\2/\\1")}),
       Str("31/01/2024")},
      {"replace no match", Call("replace", {S("abc"), S("x"), S("y")}), Str("abc")},
      {"replace multivalue", Call("replace", {F("mv"), S("[ab]"), S("_")}), Multi({"_", "_", "c"})},
      {"replace missing", Call("replace", {F("missing"), S("a"), S("b")}), kNull},
      {"replace regex from a field", Call("replace", {S("aXb"), Call("upper", {S("x")}), S("-")}), Str("a-b")},
      {"match", Call("match", {F("s"), S("^H.l")}), B(true)},
      {"match unanchored", Call("match", {F("s"), S("ll")}), B(true)},
      {"match case-sensitive", Call("match", {F("s"), S("hello")}), B(false)},
      {"match (?i)", Call("match", {F("s"), S("(?i)hello")}), B(true)},
      {"match multivalue any", Call("match", {F("mv"), S("^c$")}), B(true)},
      {"match missing", Call("match", {F("missing"), S(".")}), kNull},
      {"match pcre named group", Call("match", {S("ab"), S("(?<x>a)b")}), B(true)},
      {"match regex from a field", Call("match", {S("xHellox"), F("s")}), B(true)},
      {"match bad regex from a field is null", Call("match", {S("x"), Bin(".", S("("), S(""))}), kNull},
  });
}

TEST_CASE("eval: multivalue functions") {
  RunCases({
      {"split", Call("split", {S("a,b,,c"), S(",")}), Multi({"a", "b", "", "c"})},
      {"split no delimiter", Call("split", {S("abc"), S(",")}), Multi({"abc"})},
      {"split empty string", Call("split", {S(""), S(",")}), Multi({""})},
      {"split empty delimiter", Call("split", {F("utf"), S("")}),
       Multi({"h", "\xC3\xA9", "l", "l", "o"})},
      {"split multi-char delimiter", Call("split", {S("a::b"), S("::")}), Multi({"a", "b"})},
      {"split trailing delimiter", Call("split", {S("a,"), S(",")}), Multi({"a", ""})},
      {"split missing", Call("split", {F("missing"), S(",")}), kNull},
      {"mvcount", Call("mvcount", {F("mv")}), Value::Int(3)},
      {"mvcount single", Call("mvcount", {F("s")}), Value::Int(1)},
      {"mvcount missing", Call("mvcount", {F("missing")}), kNull},
      {"mvcount empty", Call("mvcount", {F("empty")}), kNull},
      {"mvcount of split", Call("mvcount", {Call("split", {S("a b c d"), S(" ")})}), Value::Int(4)},
      {"mvindex", Call("mvindex", {F("mv"), I(0)}), Str("a")},
      {"mvindex last", Call("mvindex", {F("mv"), I(-1)}), Str("c")},
      {"mvindex range inclusive", Call("mvindex", {F("mv"), I(0), I(1)}), Multi({"a", "b"})},
      {"mvindex negative range", Call("mvindex", {F("mv"), I(-2), I(-1)}), Multi({"b", "c"})},
      {"mvindex one-item range", Call("mvindex", {F("mv"), I(1), I(1)}), Str("b")},
      {"mvindex end clamped", Call("mvindex", {F("mv"), I(1), I(10)}), Multi({"b", "c"})},
      {"mvindex out of range", Call("mvindex", {F("mv"), I(3)}), kNull},
      {"mvindex too negative", Call("mvindex", {F("mv"), I(-4)}), kNull},
      {"mvindex end before start", Call("mvindex", {F("mv"), I(2), I(1)}), kNull},
      {"mvindex single value", Call("mvindex", {F("s"), I(0)}), Str("Hello")},
      {"mvindex missing", Call("mvindex", {F("missing"), I(0)}), kNull},
      {"mvjoin", Call("mvjoin", {F("mv"), S(";")}), Str("a;b;c")},
      {"mvjoin numbers", Call("mvjoin", {F("nums"), S(",")}), Str("3,5")},
      {"mvjoin single", Call("mvjoin", {F("n"), S(",")}), Str("42")},
      {"mvjoin missing", Call("mvjoin", {F("missing"), S(",")}), kNull},
  });
}

TEST_CASE("eval: numbers") {
  RunCases({
      {"tonumber int", Call("tonumber", {S("42")}), Value::Int(42)},
      {"tonumber double", Call("tonumber", {S("-1.5")}), Value::Double(-1.5)},
      {"tonumber exponent", Call("tonumber", {S("1e3")}), Value::Double(1000)},
      {"tonumber of number", Call("tonumber", {F("d")}), Value::Double(1.5)},
      {"tonumber text", Call("tonumber", {S("abc")}), kNull},
      {"tonumber spaces", Call("tonumber", {S(" 5")}), kNull},
      {"tonumber hex", Call("tonumber", {S("FF"), I(16)}), Value::Int(255)},
      {"tonumber hex prefix", Call("tonumber", {S("0x1f"), I(16)}), Value::Int(31)},
      {"tonumber binary", Call("tonumber", {S("-101"), I(2)}), Value::Int(-5)},
      {"tonumber base 36", Call("tonumber", {S("zz"), I(36)}), Value::Int(1295)},
      {"tonumber bad digit", Call("tonumber", {S("12"), I(2)}), kNull},
      {"tonumber overflow", Call("tonumber", {S("ffffffffffffffffff"), I(16)}), kNull},
      {"tonumber base from a field", Call("tonumber", {S("10"), Bin("-", F("ns"), I(8))}), Value::Int(2)},
      {"tonumber missing", Call("tonumber", {F("missing")}), kNull},
      {"tonumber bool", Call("tonumber", {F("t")}), kNull},
      {"tostring number", Call("tostring", {F("n")}), Str("42")},
      {"tostring double", Call("tostring", {F("d")}), Str("1.5")},
      {"tostring bool", Call("tostring", {F("t")}), Str("true")},
      {"tostring missing", Call("tostring", {F("missing")}), kNull},
      {"tostring hex", Call("tostring", {I(255), S("hex")}), Str("0xFF")},
      {"tostring commas", Call("tostring", {I(1234567), S("commas")}), Str("1,234,567")},
      {"tostring commas small", Call("tostring", {I(123), S("commas")}), Str("123")},
      {"tostring commas negative", Call("tostring", {I(-1234), S("commas")}), Str("-1,234")},
      {"tostring commas fraction", Call("tostring", {D(12345.678), S("commas")}), Str("12,345.68")},
      {"tostring duration", Call("tostring", {I(615), S("duration")}), Str("00:10:15")},
      {"tostring duration days", Call("tostring", {I(90061), S("duration")}), Str("1+01:01:01")},
      {"tostring hex of text", Call("tostring", {S("x"), S("hex")}), kNull},
      {"abs", Call("abs", {I(-3)}), Value::Int(3)},
      {"abs double", Call("abs", {D(-2.5)}), Value::Double(2.5)},
      {"abs text", Call("abs", {S("x")}), kNull},
      {"round", Call("round", {D(2.5)}), Value::Int(3)},
      {"round negative half away from zero", Call("round", {D(-2.5)}), Value::Int(-3)},
      {"round places", Call("round", {D(3.14159), I(2)}), Value::Double(3.14)},
      {"round int", Call("round", {I(7)}), Value::Int(7)},
      {"round huge stays finite", Call("round", {D(1e308), I(15)}), Value::Double(1e308)},
      {"round int negative places", Call("round", {I(1250), I(-2)}), Value::Int(1300)},
      {"round numeric text", Call("round", {S("1.4")}), Value::Int(1)},
      {"floor", Call("floor", {D(1.7)}), Value::Int(1)},
      {"floor negative", Call("floor", {D(-1.2)}), Value::Int(-2)},
      {"ceil", Call("ceil", {D(1.2)}), Value::Int(2)},
      {"ceiling", Call("ceiling", {D(-1.7)}), Value::Int(-1)},
      {"floor int", Call("floor", {I(5)}), Value::Int(5)},
      {"floor huge", Call("floor", {D(1e300)}), Value::Double(1e300)},
      {"floor missing", Call("floor", {F("missing")}), kNull},
  });
}

TEST_CASE("eval: cidrmatch") {
  RunCases({
      {"inside", Call("cidrmatch", {S("10.0.0.0/8"), F("ip")}), B(true)},
      {"outside", Call("cidrmatch", {S("192.168.0.0/16"), F("ip")}), B(false)},
      {"not an address", Call("cidrmatch", {S("10.0.0.0/8"), F("s")}), B(false)},
      {"missing address", Call("cidrmatch", {S("10.0.0.0/8"), F("missing")}), kNull},
      {"multivalue any",
       Call("cidrmatch", {S("192.168.0.0/16"), Lit(Multi({"10.0.0.1", "192.168.1.1"}))}), B(true)},
      {"ipv6", Call("cidrmatch", {S("2001:db8::/32"), S("2001:db8::1")}), B(true)},
      {"cidr from a field, malformed", Call("cidrmatch", {F("s"), F("ip")}), kNull},
  });
}

TEST_CASE("eval: strftime, strptime and relative_time") {
  RunCases({
      {"strftime", Call("strftime", {F("time"), S("%Y-%m-%dT%H:%M:%S")}), Str("2023-11-14T22:13:20")},
      {"strftime fractional %3N", Call("strftime", {D(1700000000.123), S("%H:%M:%S.%3N")}),
       Str("22:13:20.123")},
      {"strftime %6N", Call("strftime", {D(1700000000.5), S("%S.%6N")}), Str("20.500000")},
      {"strftime numeric text", Call("strftime", {S("0"), S("%F %T %Z")}), Str("1970-01-01 00:00:00 UTC")},
      {"strftime not a number", Call("strftime", {S("x"), S("%F")}), kNull},
      {"strftime missing", Call("strftime", {F("missing"), S("%F")}), kNull},
      {"strftime out of range", Call("strftime", {D(1e12), S("%F")}), kNull},
      {"strptime", Call("strptime", {S("2023-11-14 22:13:20"), S("%Y-%m-%d %H:%M:%S")}),
       Value::Int(1700000000)},
      {"strptime subseconds", Call("strptime", {S("2023-11-14T22:13:20.250Z"), S("%Y-%m-%dT%H:%M:%S.%3NZ")}),
       Value::Double(1700000000.25)},
      {"strptime mismatch", Call("strptime", {S("2023/11/14"), S("%Y-%m-%d")}), kNull},
      {"strptime trailing text", Call("strptime", {S("2023-11-14x"), S("%Y-%m-%d")}), kNull},
      {"strptime invalid date", Call("strptime", {S("2023-02-30"), S("%Y-%m-%d")}), kNull},
      {"strptime missing", Call("strptime", {F("missing"), S("%Y")}), kNull},
      {"strptime format from a field, unsupported", Call("strptime", {S("x"), Bin(".", S("%"), S("q"))}), kNull},
      {"relative_time snap", Call("relative_time", {F("time"), S("-1d@d")}), Value::Int(1699833600)},
      {"relative_time hour", Call("relative_time", {F("time"), S("-1h")}), Value::Int(1700000000 - 3600)},
      {"relative_time from a field spec", Call("relative_time", {F("time"), Bin(".", S("@"), S("h"))}),
       Value::Int(1699999200)},
      {"relative_time missing", Call("relative_time", {F("missing"), S("-1d")}), kNull},
  });
}

TEST_CASE("eval: compile errors name the construct and its position") {
  auto at = [](EvalExpr e, int line, int column) {
    e.pos.line = line;
    e.pos.column = column;
    return e;
  };
  std::string error = CompileError(at(Call("nosuch", {I(1)}), 3, 7));
  CHECK(error.find("line 3, column 7") != std::string::npos);
  CHECK(error.find("nosuch") != std::string::npos);

  error = CompileError(Bin("+", I(1), at(Call("lower", {}), 1, 9)));
  CHECK(error.find("line 1, column 9") != std::string::npos);
  CHECK(error.find("lower") != std::string::npos);
  CHECK(error.find("got 0") != std::string::npos);

  for (auto& item : std::vector<std::pair<const char*, EvalExpr>>{
           {"if arity", Call("if", {F("t"), I(1)})},
           {"substr arity", Call("substr", {S("a"), I(1), I(2), I(3)})},
           {"case odd", Call("case", {F("t"), I(1), F("f")})},
           {"bad regex", Call("match", {F("s"), S("(")})},
           {"lookahead", Call("match", {F("s"), S("a(?=b)")})},
           {"bad replace regex", Call("replace", {F("s"), S("["), S("x")})},
           {"bad rewrite", Call("replace", {F("s"), S("(a)"), S("\\2")})},
           {"time format", Call("strftime", {F("time"), S("%Y %q")})},
           {"strptime format", Call("strptime", {F("s"), S("%E")})},
           {"tonumber base", Call("tonumber", {S("1"), I(37)})},
           {"tostring mode", Call("tostring", {I(1), S("binary")})},
           {"cidr", Call("cidrmatch", {S("10.0.0.0/99"), F("ip")})},
           {"relative_time", Call("relative_time", {F("time"), S("-1fortnight")})},
           {"unknown field", F("bad")},
           {"unknown operator", Bin("**", I(1), I(2))},
       }) {
    // Not a structured binding: CAPTURE's lambda cannot capture one (clang).
    const char* what = item.first;
    CAPTURE(what);
    error = CompileError(at(std::move(item.second), 2, 4));
    CHECK(error.find("line 2, column 4: ") == 0);
  }
  CHECK(CompileError(F("bad")).find("no field 'bad'") != std::string::npos);
}

TEST_CASE("eval: a compiled expression is reusable and reads only its slots") {
  auto compiled = Compile(Bin(">", F("n"), I(10)));
  REQUIRE(compiled.ok());
  std::vector<Value> slots = Slots();
  CHECK(compiled->Test(slots));
  slots[1] = Value::Int(3);
  CHECK_FALSE(compiled->Test(slots));
  slots[1] = Str("11");
  CHECK(compiled->Test(slots));
  CHECK(compiled->Evaluate(absl::Span<const Value>()).is_missing());  // short row: missing
  CompiledExpr moved = std::move(*compiled);
  CHECK(moved.Test(Slots()));
}
