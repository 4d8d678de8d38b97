// The predicate IR: every op and flag, table-driven with one-line helpers
// ("this expression matches this record").
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "trailhunt/match.h"
#include "trailhunt/value.h"

using trailhunt::SlotIndex;
using trailhunt::Value;
using trailhunt::match::CidrMatch;
using trailhunt::match::CompareOp;
using trailhunt::match::ContainerMode;
using trailhunt::match::Expr;
using trailhunt::match::FieldSet;
using trailhunt::match::LeafFlags;
using trailhunt::match::NumberMode;
using trailhunt::match::Op;
using trailhunt::match::Predicate;
using trailhunt::match::TranslatePcreToRe2;
using trailhunt::match::WildcardMatch;

namespace {

// A record for these tests: named values plus the raw text.
struct Rec {
  std::map<std::string, Value> fields;
  std::string raw;
};

Value S(std::string s) { return Value::String(std::move(s)); }
Value I(int64_t i) { return Value::Int(i); }
Value D(double d) { return Value::Double(d); }
Value M(std::vector<Value> items) { return Value::Multi(std::move(items)); }

absl::StatusOr<Predicate> CompileFor(Expr e, std::vector<std::string>* names) {
  return Predicate::Compile(std::move(e), [names](std::string_view f) -> absl::StatusOr<SlotIndex> {
    for (size_t i = 0; i < names->size(); ++i) {
      if ((*names)[i] == f) return static_cast<SlotIndex>(i);
    }
    names->emplace_back(f);
    return static_cast<SlotIndex>(names->size() - 1);
  });
}

bool Eval(const Expr& e, const Rec& r) {
  std::vector<std::string> names;
  auto p = CompileFor(e, &names);
  REQUIRE_MESSAGE(p.ok(), std::string(p.status().message()));
  std::vector<Value> slots;
  for (const auto& n : names) {
    auto it = r.fields.find(n);
    slots.push_back(it == r.fields.end() ? Value() : it->second);
  }
  return p->Matches(FieldSet{absl::MakeConstSpan(slots), r.raw});
}

std::string CompileError(const Expr& e) {
  std::vector<std::string> names;
  auto p = CompileFor(e, &names);
  return p.ok() ? std::string("(compiled)") : std::string(p.status().message());
}

#define MATCHES(e, r) CHECK_MESSAGE(Eval(e, r), #e)
#define NO_MATCH(e, r) CHECK_FALSE_MESSAGE(Eval(e, r), #e)

Expr Leaf(Op op, std::string field, LeafFlags flags = {}) {
  Expr e;
  e.op = op;
  e.target.field = std::move(field);
  e.flags = flags;
  return e;
}
Expr Cmp(std::string field, CompareOp op, Value lit, LeafFlags flags = {}) {
  Expr e = Leaf(Op::kCompare, std::move(field), flags);
  e.compare = op;
  e.literal = std::move(lit);
  return e;
}
Expr Eq(std::string field, Value lit, LeafFlags flags = {}) {
  return Cmp(std::move(field), CompareOp::kEq, std::move(lit), flags);
}
Expr Pat(Op op, std::string field, std::string pattern, LeafFlags flags = {}) {
  Expr e = Leaf(op, std::move(field), flags);
  e.pattern = std::move(pattern);
  return e;
}
Expr Kw(std::string pattern, LeafFlags flags = {}) {
  return Pat(Op::kKeyword, "", std::move(pattern), flags);
}
LeafFlags Term() {
  LeafFlags f;
  f.major_breakers_only = true;
  return f;
}
LeafFlags CaseSensitive() {
  LeafFlags f;
  f.case_sensitive = true;
  return f;
}
LeafFlags Numbers(NumberMode m) {
  LeafFlags f;
  f.numbers = m;
  return f;
}

}  // namespace

TEST_CASE("match: and/or/not/true/false") {
  Rec r{{{"a", S("x")}, {"b", S("y")}}, "{}"};
  MATCHES(Expr::And({}), r);
  NO_MATCH(Expr::Or({}), r);
  MATCHES(Expr::True(), r);
  NO_MATCH(Expr::False(), r);
  MATCHES(Expr::And({Eq("a", S("x")), Eq("b", S("y"))}), r);
  NO_MATCH(Expr::And({Eq("a", S("x")), Eq("b", S("z"))}), r);
  MATCHES(Expr::Or({Eq("a", S("z")), Eq("b", S("y"))}), r);
  MATCHES(Expr::Not(Eq("a", S("z"))), r);
  NO_MATCH(Expr::Not(Eq("a", S("x"))), r);
}

TEST_CASE("match: missing fields (SPL != vs NOT =)") {
  Rec r{{{"a", S("x")}}, "{}"};
  NO_MATCH(Cmp("f", CompareOp::kNe, S("x")), r);
  MATCHES(Expr::Not(Eq("f", S("x"))), r);
  NO_MATCH(Eq("f", S("x")), r);
  NO_MATCH(Pat(Op::kWildcard, "f", "*"), r);
  NO_MATCH(Pat(Op::kRegex, "f", ".*"), r);
  NO_MATCH(Pat(Op::kCidr, "f", "0.0.0.0/0"), r);
  NO_MATCH(Leaf(Op::kExists, "f"), r);
  MATCHES(Leaf(Op::kExists, "a"), r);
  NO_MATCH(Leaf(Op::kNull, "f"), r);
  LeafFlags mn;
  mn.missing_is_null = true;
  MATCHES(Leaf(Op::kNull, "f", mn), r);
  NO_MATCH(Leaf(Op::kNull, "a", mn), r);
}

TEST_CASE("match: null and exists flags") {
  Rec r{{{"n", Value::Null()}, {"o", Value::Json("{\"a\":1}")}, {"m", M({S("a"), Value::Null()})}},
        "{}"};
  MATCHES(Leaf(Op::kNull, "n"), r);
  NO_MATCH(Leaf(Op::kNull, "o"), r);
  MATCHES(Leaf(Op::kExists, "n"), r);
  LeafFlags absent;
  absent.null_is_present = false;
  NO_MATCH(Leaf(Op::kExists, "n", absent), r);
  MATCHES(Leaf(Op::kExists, "o", absent), r);
  MATCHES(Leaf(Op::kNull, "m"), r);  // any item
  LeafFlags all;
  all.all_items = true;
  NO_MATCH(Leaf(Op::kNull, "m", all), r);
  // JSON null compares as its display text.
  MATCHES(Eq("n", S("null")), r);
}

TEST_CASE("match: compare text, case and numbers") {
  Rec r{{{"s", S("ConsoleLogin")},
         {"num", S("42")},
         {"i", I(42)},
         {"d", D(1.5)},
         {"t", Value::Bool(true)},
         {"big", Value::NumberText("1e400")},
         {"ver", S("1.08")}},
        "{}"};
  struct Row {
    Expr e;
    bool want;
  };
  const LeafFlags cs = CaseSensitive();
  const LeafFlags nb = Numbers(NumberMode::kNumericIfBoth);
  const LeafFlags no = Numbers(NumberMode::kNumericOnly);
  std::vector<Row> rows = {
      {Eq("s", S("consolelogin")), true},
      {Eq("s", S("CONSOLELOGIN")), true},
      {Eq("s", S("consolelogin"), cs), false},
      {Eq("s", S("ConsoleLogin"), cs), true},
      {Cmp("s", CompareOp::kNe, S("consolelogin")), false},
      {Cmp("s", CompareOp::kNe, S("consolelogin"), cs), true},
      {Eq("i", S("42")), true},
      {Eq("i", I(42)), true},
      {Eq("num", I(42)), true},
      {Eq("i", S("42.0")), false},            // text: "1" is not "1.0"
      {Eq("i", S("42.0"), nb), true},         // numeric when both are numbers
      {Eq("d", S("1.5")), true},
      {Eq("t", S("true")), true},             // JSON true equals literal "true"
      {Eq("t", S("TRUE")), true},
      {Eq("t", Value::Bool(true)), true},
      {Eq("big", S("1e400")), true},          // kept as its text
      {Cmp("i", CompareOp::kLt, I(100), nb), true},
      {Cmp("i", CompareOp::kLt, I(100)), false},  // text: "42" > "100"
      {Cmp("num", CompareOp::kGt, S("9"), nb), true},
      {Cmp("num", CompareOp::kGe, I(42), nb), true},
      {Cmp("num", CompareOp::kLe, I(41), nb), false},
      {Cmp("s", CompareOp::kGt, S("a"), nb), true},   // text fallback
      {Cmp("s", CompareOp::kLt, S("d"), nb), true},   // case folded: "consolelogin" < "d"
      {Cmp("s", CompareOp::kLt, S("a"), cs), true},   // byte order: 'C' < 'a'
      {Cmp("s", CompareOp::kGt, S("a"), no), false},  // numeric only: text never matches
      {Cmp("s", CompareOp::kNe, S("a"), no), false},
      {Cmp("i", CompareOp::kNe, I(41), no), true},
      {Cmp("ver", CompareOp::kGe, D(1.05), no), true},
      {Cmp("t", CompareOp::kEq, I(1), no), false},    // a bool is not a number
      {Cmp("d", CompareOp::kGt, I(1), no), true},
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    CHECK(Eval(rows[i].e, r) == rows[i].want);
  }
}

TEST_CASE("match: multivalue any and all") {
  Rec r{{{"m", M({S("a"), S("b")})}, {"e", M({})}, {"same", M({S("x"), S("X")})}}, "{}"};
  LeafFlags all;
  all.all_items = true;
  MATCHES(Eq("m", S("b")), r);
  NO_MATCH(Eq("m", S("b"), all), r);
  MATCHES(Eq("same", S("x"), all), r);
  // != on a multivalue: any item differs (not the negation of =).
  MATCHES(Cmp("m", CompareOp::kNe, S("a")), r);
  MATCHES(Eq("m", S("a")), r);
  NO_MATCH(Eq("e", S("a")), r);
  NO_MATCH(Pat(Op::kWildcard, "e", "*", all), r);  // all needs at least one item
  MATCHES(Pat(Op::kWildcard, "m", "?", all), r);
}

TEST_CASE("match: objects and arrays by container mode") {
  Rec r{{{"o", Value::Json(R"({"MFAUsed":"Yes"})")}}, "{}"};
  MATCHES(Pat(Op::kWildcard, "o", "*mfaused*"), r);
  LeafFlags never;
  never.containers = ContainerMode::kNeverMatch;
  NO_MATCH(Pat(Op::kWildcard, "o", "*", never), r);
  NO_MATCH(Cmp("o", CompareOp::kNe, S("x"), never), r);
  MATCHES(Cmp("o", CompareOp::kNe, S("x")), r);
  MATCHES(Leaf(Op::kExists, "o", never), r);
  MATCHES(Pat(Op::kRegex, "o", "\"Yes\""), r);
}

TEST_CASE("match: wildcard leaves") {
  Rec r{{{"n", S("DescribeInstances")}, {"u", S("h\xC3\xA9llo")}, {"star", S("a*b?c\\d")},
         {"i", I(404)}},
        "{}"};
  struct Row {
    const char* pattern;
    const char* field;
    bool want;
  };
  const Row rows[] = {
      {"Describe*", "n", true},     {"describe*", "n", true},   {"*instances", "n", true},
      {"*scribeIn*", "n", true},    {"Describe", "n", false},   {"D*e*s", "n", true},
      {"D?scribe*", "n", true},     {"*", "n", true},           {"**", "n", true},
      {"?", "n", false},            {"h?llo", "u", true},       {"h??llo", "u", false},
      {"a\\*b\\?c\\\\d", "star", true}, {"a\\*b?c*", "star", true}, {"a\\*c*", "star", false},
      {"4*", "i", true},            {"4?4", "i", true},         {"", "n", false},
      {"*Instance*s", "n", true}, {"*Instances*s", "n", false},  {"*s*s*s*", "n", true},     {"*x*", "n", false},
  };
  for (const Row& row : rows) {
    const std::string pattern = row.pattern;
    CAPTURE(pattern);
    CHECK(Eval(Pat(Op::kWildcard, row.field, row.pattern), r) == row.want);
  }
  NO_MATCH(Pat(Op::kWildcard, "n", "describe*", CaseSensitive()), r);
  CHECK(CompileError(Pat(Op::kWildcard, "n", "abc\\")).find("lone") != std::string::npos);
}

TEST_CASE("match: WildcardMatch, and patterns that would backtrack exponentially") {
  CHECK(WildcardMatch("a*b", "axxb", true));
  CHECK_FALSE(WildcardMatch("a*b", "axxc", true));
  CHECK(WildcardMatch("", "", true));
  CHECK_FALSE(WildcardMatch("", "x", true));
  CHECK(WildcardMatch("*", "", true));
  CHECK(WildcardMatch("ab\\", "ab\\", true));  // lenient: a lone '\' is literal
  CHECK(WildcardMatch("\xC3\xA9?", "\xC3\xA9\xE2\x82\xAC", true));  // '?' is one code point
  const std::string text(5000, 'a');
  std::string pattern;
  for (int i = 0; i < 40; ++i) pattern += "*a";
  pattern += "*b";
  CHECK_FALSE(WildcardMatch(pattern, text, true));
  CHECK(WildcardMatch(pattern.substr(0, pattern.size() - 1) + "a", text, true));
  CHECK_FALSE(WildcardMatch("*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*b", text, false));
}

TEST_CASE("match: regex leaves and errors") {
  Rec r{{{"ua", S("aws-cli/2.0 Python/3.8")}, {"n", S("GetObject")}}, "{}"};
  MATCHES(Pat(Op::kRegex, "ua", "python/\\d"), r);  // unanchored, case-insensitive
  NO_MATCH(Pat(Op::kRegex, "ua", "python/\\d", CaseSensitive()), r);
  MATCHES(Pat(Op::kRegex, "n", "^Get"), r);
  MATCHES(Pat(Op::kRegex, "n", "(?<verb>Get)Object"), r);
  NO_MATCH(Pat(Op::kRegex, "n", "^Object"), r);
  Expr bad = Pat(Op::kRegex, "n", "a(b");
  bad.line = 3;
  bad.column = 7;
  const std::string err = CompileError(bad);
  CHECK(err.find("line 3, column 7: invalid regex") == 0);
  CHECK(err.find("missing )") != std::string::npos);
  Expr look = Pat(Op::kRegex, "n", "foo(?=bar)");
  look.line = 1;
  look.column = 2;
  CHECK(CompileError(look).find("line 1, column 2: invalid regex \"foo(?=bar)\": lookahead '(?='") == 0);
  CHECK(CompileError(Pat(Op::kRegex, "n", "x{1001}")).find("invalid regex") != std::string::npos);
}

TEST_CASE("match: TranslatePcreToRe2 names what RE2 lacks") {
  struct Row {
    const char* pattern;
    const char* error;  // nullptr: translates to `out`
    const char* out;
  };
  const Row rows[] = {
      {"(?<name>x)", nullptr, "(?P<name>x)"},
      {"(?P<name>x)", nullptr, "(?P<name>x)"},
      {"(?i)abc", nullptr, "(?i)abc"},
      {"(?:a|b)+?", nullptr, "(?:a|b)+?"},
      {"\\(?=x", nullptr, "\\(?=x"},        // an escaped paren is no group
      {"[(?=]", nullptr, "[(?=]"},          // nor one inside a class
      {"[]\\]]+", nullptr, "[]\\]]+"},
      {"[^]]\\1", "backreference '\\1'", nullptr},
      {"\\\\1", nullptr, "\\\\1"},          // an escaped backslash, then '1'
      {"a\\+\\+", nullptr, "a\\+\\+"},
      {"a{2,3}", nullptr, "a{2,3}"},
      {"a{x}+", nullptr, "a{x}+"},          // '{x}' is literal, so '+' is a quantifier
      {"foo(?=bar)", "lookahead '(?='", nullptr},
      {"foo(?!bar)", "negative lookahead '(?!'", nullptr},
      {"(?<=a)b", "lookbehind '(?<='", nullptr},
      {"(?<!a)b", "negative lookbehind '(?<!'", nullptr},
      {"(a)\\1", "backreference '\\1'", nullptr},
      {"(a)\\9", "backreference '\\9'", nullptr},
      {"(?<n>a)\\k<n>", "backreference '\\k<n>'", nullptr},
      {"(?<n>a)\\g{1}", "backreference '\\g{1}'", nullptr},
      {"(?>a+)b", "atomic group '(?>'", nullptr},
      {"a*+", "possessive quantifier '*+'", nullptr},
      {"a++", "possessive quantifier '++'", nullptr},
      {"a?+", "possessive quantifier '?+'", nullptr},
      {"a{2}+", "possessive quantifier '}+'", nullptr},
  };
  for (const Row& row : rows) {
    const std::string pattern = row.pattern;
    CAPTURE(pattern);
    auto out = TranslatePcreToRe2(row.pattern);
    if (row.error == nullptr) {
      REQUIRE_MESSAGE(out.ok(), std::string(out.status().message()));
      CHECK(*out == row.out);
    } else {
      REQUIRE_FALSE(out.ok());
      CHECK(std::string(out.status().message()).find(row.error) != std::string::npos);
    }
  }
}

TEST_CASE("match: CIDR leaves, IPv4 and IPv6") {
  struct Row {
    const char* cidr;
    const char* address;
    bool want;
  };
  const Row rows[] = {
      {"10.0.0.0/8", "10.1.2.3", true},
      {"10.0.0.0/8", "11.0.0.0", false},
      {"0.0.0.0/0", "255.255.255.255", true},
      {"0.0.0.0/0", "::1", false},  // families never mix
      {"192.168.1.7/32", "192.168.1.7", true},
      {"192.168.1.7/32", "192.168.1.8", false},
      {"192.168.1.7", "192.168.1.7", true},  // a bare address is one host
      {"10.1.2.3/8", "10.200.0.1", true},    // host bits ignored
      {"172.16.0.0/12", "172.31.255.255", true},
      {"172.16.0.0/12", "172.32.0.0", false},
      {"10.0.0.0/8", "10.0.0", false},
      {"10.0.0.0/8", "10.0.0.1.5", false},
      {"10.0.0.0/8", "010.0.0.1", false},
      {"10.0.0.0/8", "ec2.amazonaws.com", false},
      {"10.0.0.0/8", "", false},
      {"10.0.0.0/8", "::ffff:10.9.8.7", true},  // IPv4-mapped
      {"2001:db8::/32", "2001:db8:1::5", true},
      {"2001:db8::/32", "2001:db9::5", false},
      {"::/0", "fe80::1", true},
      {"::/0", "1.2.3.4", false},
      {"::1/128", "::1", true},
      {"::1/128", "::2", false},
      {"2001:db8::/127", "2001:db8::1", true},
      {"2001:db8::/127", "2001:db8::2", false},
      {"::ffff:10.0.0.0/104", "10.1.1.1", true},
      {"2001:db8::/32", "2001:db8::1%eth0", false},
  };
  for (const Row& row : rows) {
    const std::string cidr = row.cidr;
    CAPTURE(cidr);
    const std::string address = row.address;
    CAPTURE(address);
    auto m = CidrMatch(row.cidr, row.address);
    REQUIRE(m.ok());
    CHECK(*m == row.want);
    Rec r{{{"ip", S(row.address)}}, "{}"};
    CHECK(Eval(Pat(Op::kCidr, "ip", row.cidr), r) == row.want);
  }
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "10.0.0/8", "10.0.0.0/-1", "x/8",
                          "::/129", "10.0.0.0/8/8", "256.0.0.0/8", "", "::ffff:1.2.3.4/95"}) {
    const std::string bad_text = bad;
    CAPTURE(bad_text);
    CHECK_FALSE(CidrMatch(bad, "10.0.0.1").ok());
    Expr e = Pat(Op::kCidr, "ip", bad);
    e.line = 2;
    e.column = 5;
    const std::string err = CompileError(e);
    CHECK(err.find("line 2, column 5: invalid CIDR \"" + std::string(bad) + "\"") == 0);
  }
  Rec num{{{"ip", I(10)}}, "{}"};
  NO_MATCH(Pat(Op::kCidr, "ip", "0.0.0.0/0"), num);
}

TEST_CASE("match: keywords over the raw record") {
  const std::string raw =
      R"({"eventName":"ConsoleLogin","userAgent":"aws-cli/2.0 Python/3.8","sourceIPAddress":"10.1.2.3","msg":"access denied for user_bob","esc":"a\/b"})";
  Rec r{{}, raw};
  struct Row {
    const char* pattern;
    bool want;
  };
  const Row rows[] = {
      {"ConsoleLogin", true},   {"consolelogin", true},  {"Login", false},
      {"*Login", true},         {"Console*", true},      {"Consol", false},
      {"10.1.2.3", true},       {"10.1.2", true},        {"1.2.3", true},
      {"0.1.2.3", false},       {"aws-cli", true},       {"cli/2.0", true},
      {"access denied", true},  {"denied for", true},    {"access  denied", false},
      {"bob", true},            {"user_bob", true},      {"ser_bob", false},
      {"Python/3.?", true},     {"P*n/3.8", true},       {"\"eventName\"", true},
      {"a/b", false},           {"a\\\\/b", true},       {"nothere", false},
      {"*", true},              {"", true},
  };
  for (const Row& row : rows) {
    const std::string pattern = row.pattern;
    CAPTURE(pattern);
    CHECK(Eval(Kw(row.pattern), r) == row.want);
  }
  NO_MATCH(Kw("consolelogin", CaseSensitive()), r);
  MATCHES(Kw("ConsoleLogin", CaseSensitive()), r);
  LeafFlags substring;
  substring.token_boundaries = false;
  MATCHES(Kw("Login", substring), r);
  MATCHES(Kw("onsole", substring), r);
  // Keyword pathological: many stars over a long run.
  Rec long_raw{{}, std::string(4000, 'a')};
  NO_MATCH(Kw("a*a*a*a*a*a*a*a*a*a*a*a*b"), long_raw);
}

TEST_CASE("match: whole terms between major breakers (SPL TERM)") {
  const std::string raw =
      R"({"sourceIPAddress":"203.0.113.77","userAgent":"aws-cli/2.0 Python/3.8",)"
      R"("msg":"denied [x.y] (a-b);c|d,e","arn":"arn:aws:iam::1:user/bob"})";
  Rec r{{}, raw};
  const LeafFlags term = Term();
  struct Row {
    const char* pattern;
    bool want;
  };
  const Row rows[] = {
      // The whole value, bounded by '"' (a major breaker).
      {"203.0.113.77", true},
      {"203.0.113.*", true},
      // Parts of it, bounded by the minor breaker '.': a plain keyword
      // matches these, a term does not.
      {"203.0.113", false},
      {"0.113.77", false},
      {"113", false},
      {"203", false},
      {"77", false},
      {"aws-cli/2.0", true},
      {"aws-cli", false},
      {"cli/2.0", false},
      {"python/3.8", true},
      {"x.y", true},
      {"a-b", true},
      {"a", false},
      {"c", true},
      {"d", true},
      {"e", true},
      {"arn:aws:iam::1:user/bob", true},
      {"user/bob", false},
      {"bob", false},
      {"denied", true},
      {"nothere", false},
  };
  for (const Row& row : rows) {
    const std::string pattern = row.pattern;
    CAPTURE(pattern);
    CHECK(Eval(Kw(row.pattern, term), r) == row.want);
  }
  // The same parts match as plain keywords.
  MATCHES(Kw("203.0.113"), r);
  MATCHES(Kw("0.113.77"), r);
  MATCHES(Kw("user/bob"), r);
  // The start and end of the text are boundaries too.
  const Rec bare{{}, "10.0.0.1"};
  MATCHES(Kw("10.0.0.1", term), bare);
  NO_MATCH(Kw("10.0.0", term), bare);
  NO_MATCH(Kw("0.0.1", term), bare);
  const Rec spaced{{}, "a\t10.0.0.1 b"};
  MATCHES(Kw("10.0.0.1", term), spaced);
  NO_MATCH(Kw("10.0.0", term), spaced);
  // Without token boundaries the flag does nothing: a substring search.
  LeafFlags sub_term = term;
  sub_term.token_boundaries = false;
  MATCHES(Kw("03.0.113", sub_term), r);
}

TEST_CASE("match: raw targets read the record text") {
  Rec r{{}, R"({"a":"Hello"})"};
  Expr e = Pat(Op::kWildcard, "", "*hello*");
  e.target.raw = true;
  MATCHES(e, r);
  Expr x = Leaf(Op::kExists, "");
  x.target.raw = true;
  MATCHES(x, r);
}

TEST_CASE("match: binding, errors and rendering") {
  int calls = 0;
  auto binder = [&calls](std::string_view f) -> absl::StatusOr<SlotIndex> {
    ++calls;
    if (f == "bad") return absl::InvalidArgumentError("unknown field 'bad'");
    return static_cast<SlotIndex>(f.size());
  };
  Expr e = Expr::And({Eq("eventName", S("ConsoleLogin")),
                      Expr::Or({Cmp("errorCode", CompareOp::kNe, S("x")),
                                Expr::Not(Leaf(Op::kExists, "y"))}),
                      Eq("eventName", S("other"))});
  auto p = Predicate::Compile(e, binder);
  REQUIRE(p.ok());
  CHECK(calls == 3);  // once per distinct name
  CHECK(p->expr().children[0].target.slot == 9);
  CHECK(p->ToString() ==
        R"((eventName = "ConsoleLogin" AND (errorCode != "x" OR NOT exists(y)) AND eventName = "other"))");
  Expr b = Eq("bad", S("x"));
  b.line = 4;
  b.column = 9;
  auto q = Predicate::Compile(b, binder);
  REQUIRE_FALSE(q.ok());
  CHECK(std::string(q.status().message()) == "line 4, column 9: unknown field 'bad'");
  Expr flags = Expr::And({Pat(Op::kWildcard, "a", "x*", CaseSensitive()),
                          Cmp("n", CompareOp::kGe, I(3), Numbers(NumberMode::kNumericOnly)),
                          Kw("error"), Kw("10.0.0.1", Term()), Pat(Op::kCidr, "ip", "10.0.0.0/8"),
                          Pat(Op::kRegex, "ua", "a\"b"), Leaf(Op::kNull, "z"), Expr::False()});
  auto f = Predicate::Compile(flags, binder);
  REQUIRE(f.ok());
  CHECK(f->ToString() ==
        R"((like(a, "x*") [case-sensitive] AND n >= 3 [numeric] AND keyword("error") AND )"
        R"(term("10.0.0.1") AND cidrmatch(ip, "10.0.0.0/8") AND match(ua, "a\"b") AND isnull(z) AND false))");
  Expr not_two;
  not_two.op = Op::kNot;
  CHECK(CompileError(not_two).find("exactly one") != std::string::npos);
}

TEST_CASE("match: slots outside the field set read as missing") {
  auto p = Predicate::Compile(Cmp("f", CompareOp::kNe, S("x")),
                              [](std::string_view) -> absl::StatusOr<SlotIndex> { return 7; });
  REQUIRE(p.ok());
  CHECK_FALSE(p->Matches(FieldSet{}));
}

TEST_CASE("match: a long OR of equalities on one field (IN) answers as the leaves would") {
  // Built past the set threshold, mixed with leaves that must stay apart: a
  // wildcard, an equality on another field, a case-sensitive one.
  std::vector<Expr> children;
  for (int i = 0; i < 40; ++i) children.push_back(Eq("ip", S("10.0.0." + std::to_string(i))));
  children.push_back(Pat(Op::kWildcard, "ip", "192.168.*"));
  children.push_back(Eq("user", S("alice")));
  children.push_back(Eq("ip", S("CaseOnly"), CaseSensitive()));
  const Expr in = Expr::Or(children);
  const std::vector<Rec> records = {
      {{{"ip", S("10.0.0.7")}}, ""},            {{{"ip", S("10.0.0.40")}}, ""},
      {{{"ip", S("192.168.1.1")}}, ""},          {{{"user", S("ALICE")}}, ""},
      {{{"ip", S("caseonly")}}, ""},             {{{"ip", S("CaseOnly")}}, ""},
      {{{"ip", M({S("x"), S("10.0.0.39")})}}, ""}, {{{"ip", I(5)}}, ""},
      {{}, ""},
  };
  for (const Rec& r : records) {
    bool expected = false;
    for (const Expr& c : children) expected = expected || Eval(c, r);
    CHECK(Eval(in, r) == expected);
    CHECK(Eval(Expr::Not(in), r) == !expected);
  }
  MATCHES(in, (Rec{{{"ip", S("10.0.0.7")}}, ""}));
  NO_MATCH(in, (Rec{{{"ip", S("10.0.0.40")}}, ""}));
  MATCHES(in, (Rec{{{"ip", M({S("x"), S("10.0.0.39")})}}, ""}));
  NO_MATCH(in, (Rec{{{"ip", S("caseonly")}}, ""}));
  MATCHES(Expr::Not(in), (Rec{{}, ""}));  // NOT f IN (...) matches a missing field
}

namespace {
Expr FieldRef(std::string field, std::string other, trailhunt::match::FieldRefMode mode,
              CompareOp op = CompareOp::kEq, bool cased = false) {
  Expr e;
  e.op = Op::kFieldRef;
  e.target.field = std::move(field);
  e.other.field = std::move(other);
  e.field_ref = mode;
  e.compare = op;
  e.flags.case_sensitive = cased;
  return e;
}
}  // namespace

TEST_CASE("kFieldRef compares two fields of one record") {
  using trailhunt::match::FieldRefMode;
  const Rec rec{{{"arn", S("arn:aws:iam::1:user/Alice")},
                 {"user", S("alice")},
                 {"same", S("ALICE")},
                 {"n", I(7)},
                 {"m", S("7")},
                 {"list", M({S("bob"), S("Alice")})}},
                ""};
  CHECK(Eval(FieldRef("same", "user", FieldRefMode::kEquals), rec));
  CHECK_FALSE(Eval(FieldRef("same", "user", FieldRefMode::kEquals, CompareOp::kEq, true), rec));
  CHECK_FALSE(Eval(FieldRef("same", "user", FieldRefMode::kEquals, CompareOp::kNe), rec));
  CHECK(Eval(FieldRef("arn", "user", FieldRefMode::kEquals, CompareOp::kNe), rec));
  CHECK(Eval(FieldRef("arn", "user", FieldRefMode::kEndsWith), rec));
  CHECK_FALSE(Eval(FieldRef("arn", "user", FieldRefMode::kEndsWith, CompareOp::kEq, true), rec));
  CHECK(Eval(FieldRef("arn", "user", FieldRefMode::kContains), rec));
  CHECK_FALSE(Eval(FieldRef("arn", "user", FieldRefMode::kStartsWith), rec));
  CHECK(Eval(FieldRef("n", "m", FieldRefMode::kEquals), rec));  // compared as text
  // Any item of a multivalue.
  CHECK(Eval(FieldRef("list", "user", FieldRefMode::kEquals), rec));
  // A missing field on either side never matches, not even with !=.
  CHECK_FALSE(Eval(FieldRef("arn", "absent", FieldRefMode::kEquals, CompareOp::kNe), rec));
  CHECK_FALSE(Eval(FieldRef("absent", "user", FieldRefMode::kEquals, CompareOp::kNe), rec));
  // Ordering operators are not field references.
  std::vector<std::string> names;
  CHECK_FALSE(CompileFor(FieldRef("a", "b", FieldRefMode::kEquals, CompareOp::kLt), &names).ok());
  names.clear();
  auto p = CompileFor(FieldRef("arn", "user", FieldRefMode::kEndsWith), &names);
  REQUIRE(p.ok());
  CHECK(p->ToString() == "endswith(arn, field(user))");
}
