// The SPL front end: query text -> rendered commands, table-driven. The
// renderings come from a printer here (not match::Predicate::ToString) so
// that these tests pin the parser's output, flags included, on their own.
#include <cstdio>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <doctest/doctest.h>

#include "trailhunt/match.h"
#include "trailhunt/spl.h"

namespace {

using trailhunt::Value;
using trailhunt::match::CompareOp;
using trailhunt::match::Expr;
using trailhunt::match::Op;
namespace spl = trailhunt::spl;

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

std::string LiteralText(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString: return Quoted(v.text());
    case Value::Kind::kInt: return std::to_string(v.int_value());
    case Value::Kind::kDouble: {
      char buf[64];
      std::snprintf(buf, sizeof(buf), "%g", v.double_value());
      return std::string(buf) + "d";
    }
    case Value::Kind::kBool: return v.bool_value() ? "true()" : "false()";
    case Value::Kind::kNull: return "null()";
    default: return "?";
  }
}

// Leaves show their non-default flags after '#': cs (case-sensitive), num
// (numeric if both), nullpresent (kExists counting null), sub (no token
// boundaries), term (a whole term between major breakers: TERM).
std::string Render(const Expr& e) {
  auto flags = [&e](bool exists) {
    std::string f;
    if (e.flags.case_sensitive) f += "#cs";
    if (e.flags.numbers == trailhunt::match::NumberMode::kNumericIfBoth) f += "#num";
    if (e.flags.numbers == trailhunt::match::NumberMode::kNumericOnly) f += "#numonly";
    if (e.flags.containers != trailhunt::match::ContainerMode::kMatchJsonText) f += "#nojson";
    if (exists && e.flags.null_is_present) f += "#nullpresent";
    if (!e.flags.token_boundaries) f += "#sub";
    if (e.flags.major_breakers_only) f += "#term";
    if (e.flags.all_items) f += "#all";
    return f;
  };
  auto join = [](const std::vector<Expr>& children, std::string_view sep) {
    std::string out = "(";
    for (size_t i = 0; i < children.size(); ++i) {
      if (i > 0) out += sep;
      out += Render(children[i]);
    }
    return out + ")";
  };
  switch (e.op) {
    case Op::kAnd: return join(e.children, " AND ");
    case Op::kOr: return join(e.children, " OR ");
    case Op::kNot: return "NOT " + Render(e.children.at(0));
    case Op::kTrue: return "TRUE";
    case Op::kFalse: return "FALSE";
    case Op::kCompare: {
      static const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
      return e.target.field + kOps[static_cast<int>(e.compare)] + LiteralText(e.literal) +
             flags(false);
    }
    case Op::kWildcard: return e.target.field + "~" + Quoted(e.pattern) + flags(false);
    case Op::kExists: return "exists(" + e.target.field + ")" + flags(true);
    case Op::kKeyword:
      return std::string(e.target.raw ? "kw(" : "kw-not-raw(") + Quoted(e.pattern) + ")" +
             flags(false);
    default: return "?";
  }
}

std::string Render(const spl::EvalExpr& e) {
  using K = spl::EvalExpr::Kind;
  switch (e.kind) {
    case K::kLiteral: return LiteralText(e.literal);
    case K::kField: return "'" + e.name + "'";
    case K::kUnary: return "(" + e.op + " " + Render(e.args.at(0)) + ")";
    case K::kBinary:
      return "(" + Render(e.args.at(0)) + " " + e.op + " " + Render(e.args.at(1)) + ")";
    case K::kCall: {
      std::string out = e.name + "(";
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i > 0) out += ", ";
        out += Render(e.args[i]);
      }
      return out + ")";
    }
  }
  return "?";
}

std::string Join(const std::vector<std::string>& v, std::string_view sep = ",") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += sep;
    out += v[i];
  }
  return out;
}

std::string RenderAggs(const std::vector<spl::Aggregation>& aggs) {
  std::vector<std::string> parts;
  for (const auto& a : aggs) {
    parts.push_back(a.function + "(" + a.field + ")->" + a.as);
  }
  return Join(parts);
}

std::string RenderSortKeys(const std::vector<spl::SortKey>& keys) {
  std::vector<std::string> parts;
  for (const auto& k : keys) {
    static const char* kAs[] = {"", "str:", "num:", "ip:"};
    parts.push_back(std::string(k.descending ? "-" : "+") + kAs[static_cast<int>(k.as)] + k.field);
  }
  return Join(parts);
}

std::string RenderSpan(const spl::Span& s) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%g", s.amount);
  return std::string(buf) + s.unit;
}

std::string RenderBody(const spl::Command& c) {
  struct Visitor {
    std::string operator()(const spl::SearchCommand& s) const {
      std::string out = Render(s.expr);
      if (s.earliest) out += " earliest=" + s.earliest->text;
      if (s.latest) out += " latest=" + s.latest->text;
      return out;
    }
    std::string operator()(const spl::WhereCommand& w) const { return Render(w.condition); }
    std::string operator()(const spl::EvalCommand& e) const {
      std::vector<std::string> parts;
      for (const auto& a : e.assignments) parts.push_back(a.field + "=" + Render(a.value));
      return Join(parts, "; ");
    }
    std::string operator()(const spl::StatsCommand& s) const {
      return RenderAggs(s.aggregations) + (s.by.empty() ? "" : " by " + Join(s.by));
    }
    std::string operator()(const spl::TopCommand& t) const {
      return Join(t.fields) + (t.by.empty() ? "" : " by " + Join(t.by)) +
             " limit=" + std::to_string(t.limit) + " countfield=" + t.countfield +
             " percentfield=" + t.percentfield + " showcount=" + std::to_string(t.showcount) +
             " showperc=" + std::to_string(t.showperc) + " useother=" +
             std::to_string(t.useother) + " otherstr=" + t.otherstr;
    }
    std::string operator()(const spl::DedupCommand& d) const {
      return std::to_string(d.count) + " " + Join(d.fields) +
             " keepempty=" + std::to_string(d.keepempty) +
             " consecutive=" + std::to_string(d.consecutive) +
             (d.sortby.empty() ? "" : " sortby " + RenderSortKeys(d.sortby));
    }
    std::string operator()(const spl::SortCommand& s) const {
      return std::to_string(s.limit) + " " + RenderSortKeys(s.keys) + (s.reverse ? " desc" : "");
    }
    std::string operator()(const spl::HeadCommand& h) const { return std::to_string(h.count); }
    std::string operator()(const spl::TailCommand& t) const { return std::to_string(t.count); }
    std::string operator()(const spl::TableCommand& t) const { return Join(t.fields); }
    std::string operator()(const spl::FieldsCommand& f) const {
      return std::string(f.remove ? "- " : "+ ") + Join(f.fields);
    }
    std::string operator()(const spl::RenameCommand& r) const {
      std::vector<std::string> parts;
      for (const auto& p : r.pairs) parts.push_back(p.from + "->" + p.to);
      return Join(parts);
    }
    std::string operator()(const spl::FillnullCommand& f) const {
      return "value=" + f.value + " " + Join(f.fields);
    }
    std::string operator()(const spl::BinCommand& b) const {
      return b.field + " span=" + RenderSpan(b.span) + (b.as.empty() ? "" : " as " + b.as);
    }
    std::string operator()(const spl::TimechartCommand& t) const {
      return "span=" + RenderSpan(t.span) + " " + RenderAggs(t.aggregations) +
             (t.by.empty() ? "" : " by " + t.by) + " limit=" + std::to_string(t.limit) +
             " useother=" + std::to_string(t.useother) + " usenull=" + std::to_string(t.usenull) +
             " otherstr=" + t.otherstr + " nullstr=" + t.nullstr;
    }
    std::string operator()(const spl::SpathCommand& s) const {
      return "input=" + s.input + " output=" + s.output + " path=" + s.path;
    }
    std::string operator()(const spl::RexCommand& r) const {
      return "field=" + r.field + " max_match=" + std::to_string(r.max_match) + " regex=" + r.regex;
    }
    std::string operator()(const spl::RegexCommand& r) const {
      return r.field + (r.negate ? "!=" : "=") + r.regex;
    }
    std::string operator()(const spl::LookupCommand& l) const {
      std::vector<std::string> in, out;
      for (const auto& m : l.inputs) in.push_back(m.lookup_field + "->" + m.event_field);
      for (const auto& o : l.outputs) out.push_back(o.lookup_field + "->" + o.event_field);
      return l.table + " " + Join(in) + (l.outputs.empty() && !l.output_new ? "" : (
                                             l.output_new ? " OUTPUTNEW " : " OUTPUT ")) +
             Join(out);
    }
  };
  return std::visit(Visitor{}, c.body);
}

std::string RenderPipeline(const spl::Pipeline& p) {
  std::vector<std::string> parts;
  for (const auto& c : p.commands) parts.push_back(c.name + " " + RenderBody(c));
  return Join(parts, " | ");
}

// Parses and renders; a parse error renders as "ERROR: <message>".
std::string P(std::string_view query) {
  auto parsed = spl::Parse(query);
  if (!parsed.ok()) return "ERROR: " + std::string(parsed.status().message());
  return RenderPipeline(*parsed);
}

// Only the search expression of a one-command query.
std::string S(std::string_view query) {
  auto parsed = spl::ParseSearch(query);
  if (!parsed.ok()) return "ERROR: " + std::string(parsed.status().message());
  std::string out = Render(parsed->expr);
  if (parsed->earliest) out += " earliest=" + parsed->earliest->text;
  if (parsed->latest) out += " latest=" + parsed->latest->text;
  return out;
}

// The body of the only command after the first: `| <command ...>`.
std::string C(std::string_view command) {
  auto parsed = spl::Parse("* | " + std::string(command));
  if (!parsed.ok()) return "ERROR: " + std::string(parsed.status().message());
  if (parsed->commands.size() != 2) return "ERROR: not one command";
  return RenderBody(parsed->commands[1]);
}

// The eval expression of `| where <expr>`.
std::string W(std::string_view expr) {
  auto parsed = spl::Parse("* | where " + std::string(expr));
  if (!parsed.ok()) return "ERROR: " + std::string(parsed.status().message());
  return RenderBody(parsed->commands.at(1));
}

struct Case {
  const char* input;
  const char* expected;
};

void RunTable(const std::vector<Case>& cases, std::string (*fn)(std::string_view)) {
  for (const Case& c : cases) {
    CAPTURE(c.input);
    CHECK(fn(c.input) == c.expected);
  }
}

}  // namespace

TEST_CASE("the blog's three searches") {
  RunTable(
      {
          {"sourcetype=aws:cloudtrail eventName=ConsoleLogin | stats count by username, "
           "additionalEventData.MFAUsed",
           "search (sourcetype==\"aws:cloudtrail\" AND eventName==\"ConsoleLogin\") | stats "
           "count()->count by username,additionalEventData.MFAUsed"},
          {"sourcetype=aws:cloudtrail | stats count by errorCode | sort - count",
           "search sourcetype==\"aws:cloudtrail\" | stats count()->count by errorCode | sort "
           "10000 -count"},
          {"sourcetype=aws:cloudtrail errorCode=AccessDenied | table awsregion, eventName, "
           "userName, src_ip, userAgent, errorMessage",
           "search (sourcetype==\"aws:cloudtrail\" AND errorCode==\"AccessDenied\") | table "
           "awsregion,eventName,userName,src_ip,userAgent,errorMessage"},
      },
      P);
}

TEST_CASE("search leaves carry Splunk's flags") {
  auto parsed = spl::ParseSearch("errorCode=AccessDenied");
  REQUIRE(parsed.ok());
  const Expr& e = parsed->expr;
  CHECK(e.op == Op::kCompare);
  CHECK(e.compare == CompareOp::kEq);
  CHECK(e.target.field == "errorCode");
  CHECK_FALSE(e.target.raw);
  CHECK(e.literal == Value::String("AccessDenied"));
  CHECK_FALSE(e.flags.case_sensitive);
  CHECK(e.flags.numbers == trailhunt::match::NumberMode::kText);
  CHECK(e.flags.containers == trailhunt::match::ContainerMode::kMatchJsonText);
  CHECK(e.line == 1);
  CHECK(e.column == 1);

  // A value that looks numeric stays a string: `=` compares text.
  auto numeric = spl::ParseSearch("  status=1");
  REQUIRE(numeric.ok());
  CHECK(numeric->expr.literal == Value::String("1"));
  CHECK(numeric->expr.column == 3);

  auto keyword = spl::ParseSearch("error");
  REQUIRE(keyword.ok());
  CHECK(keyword->expr.op == Op::kKeyword);
  CHECK(keyword->expr.target.raw);
  CHECK(keyword->expr.target.field.empty());
  CHECK(keyword->expr.flags.token_boundaries);
  CHECK_FALSE(keyword->expr.flags.case_sensitive);

  auto exists = spl::ParseSearch("userIdentity.arn=*");
  REQUIRE(exists.ok());
  CHECK(exists->expr.op == Op::kExists);
  CHECK_FALSE(exists->expr.flags.null_is_present);
}

TEST_CASE("search terms") {
  RunTable(
      {
          {"", "TRUE"},
          {"   ", "TRUE"},
          {"*", "TRUE"},
          {"search", "TRUE"},
          {"search eventName=ConsoleLogin", "eventName==\"ConsoleLogin\""},
          {"SEARCH eventName=ConsoleLogin", "eventName==\"ConsoleLogin\""},
          {"searching", "kw(\"searching\")"},
          {"search=x", "search==\"x\""},
          // Values: unquoted runs keep : / . @ -.
          {"sourcetype=aws:cloudtrail", "sourcetype==\"aws:cloudtrail\""},
          {"src_ip=10.0.0.0/8", "src_ip==\"10.0.0.0/8\""},
          {"userIdentity.arn=arn:aws:iam::123:user/a-b@c",
           "userIdentity.arn==\"arn:aws:iam::123:user/a-b@c\""},
          {"requestParameters.items{}.id=i-123", "requestParameters.items{}.id==\"i-123\""},
          {"_time>5", "_time>\"5\"#num"},
          {"eventName = ConsoleLogin", "eventName==\"ConsoleLogin\""},
          {"f=\"web error\"", "f==\"web error\""},
          {"f=\"say \\\"hi\\\" \\\\ now\"", "f==\"say \"hi\" \\ now\""},
          {"f=\"\"", "f==\"\""},
          // Wildcards, and the canonical escapes of ? and backslash.
          {"eventName=Delete*", "eventName~\"Delete*\""},
          {"eventName=*Bucket*", "eventName~\"*Bucket*\""},
          {"f=\"a b*\"", "f~\"a b*\""},
          {"f=what?*", "f~\"what\\?*\""},
          {"f=C:\\\\dir*", "f~\"C:\\\\dir*\""},
          {"f=C:\\x*", "f~\"C:\\\\x*\""},
          {"f=what?", "f==\"what?\""},
          // Comparisons.
          {"f!=v", "f!=\"v\""},
          {"f<10", "f<\"10\"#num"},
          {"f<=10", "f<=\"10\"#num"},
          {"f>10", "f>\"10\"#num"},
          {"f>=10", "f>=\"10\"#num"},
          {"f>a*", "f>\"a*\"#num"},
          // CASE and TERM.
          {"userName=CASE(Admin)", "userName==\"Admin\"#cs"},
          {"userName=CASE(Adm*)", "userName~\"Adm*\"#cs"},
          {"userName=CASE(\"Ad min\")", "userName==\"Ad min\"#cs"},
          {"CASE(Error)", "kw(\"Error\")#cs"},
          {"TERM(10.0.0.1)", "kw(\"10.0.0.1\")#term"},
          {"TERM( 10.0.0.1 )", "kw(\"10.0.0.1\")#term"},
          {"TERM(\"10.0.0.1\")", "kw(\"10.0.0.1\")#term"},
          {"NOT TERM(10.0.0.1) x", "(NOT kw(\"10.0.0.1\")#term AND kw(\"x\"))"},
          {"CASE(10.0.0.1)", "kw(\"10.0.0.1\")#cs"},
          {"10.0.0.1", "kw(\"10.0.0.1\")"},
          // Keywords and phrases.
          {"error", "kw(\"error\")"},
          {"web error", "(kw(\"web\") AND kw(\"error\"))"},
          {"\"web error\"", "kw(\"web error\")"},
          {"\"fail*\"", "kw(\"fail*\")"},
          {"10.0.0.1", "kw(\"10.0.0.1\")"},
          {"what?", "kw(\"what\\?\")"},
          {"a,b", "kw(\"a,b\")"},
          {"hello!", "kw(\"hello!\")"},
          // Field names in Splunk's JSON spellings.
          {"additionalEventData.MFAUsed=No", "additionalEventData.MFAUsed==\"No\""},
          {"_time=1", "_time==\"1\""},
          {"@timestamp=1", "@timestamp==\"1\""},
      },
      S);
}

TEST_CASE("search precedence: NOT > OR > AND") {
  RunTable(
      {
          {"a b OR c", "(kw(\"a\") AND (kw(\"b\") OR kw(\"c\")))"},
          {"a OR b c", "((kw(\"a\") OR kw(\"b\")) AND kw(\"c\"))"},
          {"a AND b OR c", "(kw(\"a\") AND (kw(\"b\") OR kw(\"c\")))"},
          {"a OR b AND c OR d", "((kw(\"a\") OR kw(\"b\")) AND (kw(\"c\") OR kw(\"d\")))"},
          {"a OR b OR c", "(kw(\"a\") OR kw(\"b\") OR kw(\"c\"))"},
          {"NOT a b", "(NOT kw(\"a\") AND kw(\"b\"))"},
          {"NOT a OR b", "(NOT kw(\"a\") OR kw(\"b\"))"},
          {"NOT (a OR b)", "NOT (kw(\"a\") OR kw(\"b\"))"},
          {"NOT(a)", "NOT kw(\"a\")"},
          {"NOT NOT a", "NOT NOT kw(\"a\")"},
          {"(a OR b) c", "((kw(\"a\") OR kw(\"b\")) AND kw(\"c\"))"},
          {"(a b) OR c", "((kw(\"a\") AND kw(\"b\")) OR kw(\"c\"))"},
          {"((a))", "kw(\"a\")"},
          // Lower-case operators are keywords.
          {"a or b", "(kw(\"a\") AND kw(\"or\") AND kw(\"b\"))"},
          {"not a", "(kw(\"not\") AND kw(\"a\"))"},
          {"a and b", "(kw(\"a\") AND kw(\"and\") AND kw(\"b\"))"},
          {"ANDROID", "kw(\"ANDROID\")"},
          {"NOT=1", "NOT==\"1\""},
          {"eventName=A OR eventName=B", "(eventName==\"A\" OR eventName==\"B\")"},
          {"a OR\"b c\"", "(kw(\"a\") OR kw(\"b c\"))"},
      },
      S);
}

TEST_CASE("!= is false on a missing field, NOT f=v is true there") {
  RunTable(
      {
          {"Location!=X", "Location!=\"X\""},
          {"NOT Location=X", "NOT Location==\"X\""},
          {"Location!=X*", "(NOT Location~\"X*\" AND exists(Location))"},
          {"NOT Location=X*", "NOT Location~\"X*\""},
          {"Location!=*", "(NOT exists(Location) AND exists(Location))"},
          {"NOT Location=*", "NOT exists(Location)"},
      },
      S);
}

TEST_CASE("IN lists") {
  RunTable(
      {
          {"status IN (4*, 5*)", "(status~\"4*\" OR status~\"5*\")"},
          {"status IN(400)", "status==\"400\""},
          {"f IN (a, b, \"v 3\", 4*)", "(f==\"a\" OR f==\"b\" OR f==\"v 3\" OR f~\"4*\")"},
          {"f IN (a b)", "(f==\"a\" OR f==\"b\")"},
          {"f IN (CASE(A), b)", "(f==\"A\"#cs OR f==\"b\")"},
          {"NOT f IN (a, b)", "NOT (f==\"a\" OR f==\"b\")"},
          {"x f IN (a)", "(kw(\"x\") AND f==\"a\")"},
          {"f IN x", "(kw(\"f\") AND kw(\"IN\") AND kw(\"x\"))"},
          {"f in (a)", "(kw(\"f\") AND kw(\"in\") AND kw(\"a\"))"},
          {"f IN ()", "ERROR: line 1, column 7: found ')'; expected a value in the IN list"},
          {"f IN (a,)", "ERROR: line 1, column 9: found ')'; expected a value after ','"},
          {"f IN (a", "ERROR: line 1, column 8: found end of query; expected a value or ')' in "
                      "the IN list"},
      },
      S);
}

TEST_CASE("earliest and latest are top-level time modifiers") {
  RunTable(
      {
          {"earliest=-24h@h eventName=X", "eventName==\"X\" earliest=-24h@h"},
          {"eventName=X earliest=-7d@d latest=now", "eventName==\"X\" earliest=-7d@d latest=now"},
          {"earliest=\"10/19/2025:00:00:00\"", "TRUE earliest=10/19/2025:00:00:00"},
          {"a AND earliest=-1h", "kw(\"a\") earliest=-1h"},
          {"earliest=-1h OR a",
           "ERROR: line 1, column 1: found a time modifier inside parentheses, OR or NOT; "
           "expected earliest=/latest= as top-level search terms"},
          {"a OR latest=now",
           "ERROR: line 1, column 6: found a time modifier inside parentheses, OR or NOT; "
           "expected earliest=/latest= as top-level search terms"},
          {"NOT earliest=-1h",
           "ERROR: line 1, column 5: found a time modifier inside parentheses, OR or NOT; "
           "expected earliest=/latest= as top-level search terms"},
          {"(earliest=-1h a)",
           "ERROR: line 1, column 2: found a time modifier inside parentheses, OR or NOT; "
           "expected earliest=/latest= as top-level search terms"},
          {"earliest=-1x",
           "ERROR: line 1, column 10: found '-1x'; expected a time for earliest= (time '-1x': "
           "expected a time unit (s, m, h, d, w, mon, q, y), not 'x')"},
          {"earliest=-1h earliest=-2h",
           "ERROR: line 1, column 14: found a second 'earliest='; expected at most one per "
           "search"},
          {"earliest>-1h",
           "ERROR: line 1, column 1: found 'earliest' with an operator other than '='; "
           "expected earliest=<time>"},
          // Other names are ordinary fields, sourcetype/index included.
          {"index=main source=s3", "(index==\"main\" AND source==\"s3\")"},
          {"Earliest=x", "Earliest==\"x\""},
      },
      S);
  auto parsed = spl::ParseSearch("earliest=-24h@h latest=@d");
  REQUIRE(parsed.ok());
  REQUIRE(parsed->earliest.has_value());
  CHECK(parsed->earliest->kind == spl::TimeSpec::Kind::kRelative);
  CHECK(parsed->earliest->amount == -24);
  CHECK(parsed->earliest->unit == "h");
  CHECK(parsed->earliest->snap == "h");
  REQUIRE(parsed->latest.has_value());
  CHECK(parsed->latest->snap == "d");
}

TEST_CASE("search syntax errors name line, column, token and expectation") {
  RunTable(
      {
          {"(a", "ERROR: line 1, column 3: found end of query; expected ')' closing the '(' at "
                 "line 1, column 1"},
          {"a)", "ERROR: line 1, column 2: found ')'; expected a search term ('(' does not open "
                 "it)"},
          {"()", "ERROR: line 1, column 2: found ')'; expected a search term inside '( )'"},
          {"OR a", "ERROR: line 1, column 1: found 'OR'; expected a search term before 'OR'"},
          {"a OR", "ERROR: line 1, column 5: found end of query; expected a search term after "
                   "'OR'"},
          {"a OR OR b", "ERROR: line 1, column 6: found 'OR'; expected a search term after 'OR'"},
          {"AND a", "ERROR: line 1, column 1: found 'AND'; expected a search term before 'AND'"},
          {"a AND", "ERROR: line 1, column 6: found end of query; expected a search term after "
                    "'AND'"},
          {"NOT", "ERROR: line 1, column 4: found end of query; expected a search term after "
                  "'NOT'"},
          {"f=", "ERROR: line 1, column 3: found end of query; expected a value (use \"\" for an "
                 "empty one)"},
          {"f= )", "ERROR: line 1, column 4: found ')'; expected a value (use \"\" for an empty "
                   "one)"},
          {"=x", "ERROR: line 1, column 1: found '=x'; expected a search term"},
          {"a/b=c", "ERROR: line 1, column 1: found 'a/b'; expected a field name (letters, "
                    "digits and _ . { } @ - :) before the comparison"},
          {"f=\"abc", "ERROR: line 1, column 3: found an unterminated string starting '\"abc'; "
                      "expected a closing '\"'"},
          {"\"abc", "ERROR: line 1, column 1: found an unterminated string starting '\"abc'; "
                    "expected a closing '\"'"},
          {"f=CASE(a", "ERROR: line 1, column 9: found end of query; expected ')' closing the "
                       "'(' at line 1, column 7"},
          {"a | stats", "ERROR: line 1, column 3: found '|'; expected the end of the search (a "
                        "rule's search has no '|')"},
      },
      S);
}

TEST_CASE("pipeline structure and command names") {
  RunTable(
      {
          {"a | STATS count", "search kw(\"a\") | stats count()->count"},
          {"a | Head 5", "search kw(\"a\") | head 5"},
          {"a|head", "search kw(\"a\") | head 10"},
          {"a | search b | search NOT c",
           "search kw(\"a\") | search kw(\"b\") | search NOT kw(\"c\")"},
          {"f=\"x | y\" | head 1", "search f==\"x | y\" | head 1"},
          {"| head 1", "search TRUE | head 1"},
          {"a | bucket _time span=1h", "search kw(\"a\") | bucket _time span=1h"},
          {"a | xyz",
           "ERROR: line 1, column 5: unknown command 'xyz'; expected one of search, where, eval, "
           "stats, top, rare, dedup, sort, head, tail, table, fields, rename, fillnull, bin, "
           "bucket, timechart, spath, rex, regex, lookup"},
          {"a |", "ERROR: line 1, column 4: found end of query; expected a command (one of "
                  "search, where, eval, stats, top, rare, dedup, sort, head, tail, table, fields, "
                  "rename, fillnull, bin, bucket, timechart, spath, rex, regex, lookup)"},
          {"a | | head", "ERROR: line 1, column 5: found '|'; expected a command (one of search, "
                         "where, eval, stats, top, rare, dedup, sort, head, tail, table, fields, "
                         "rename, fillnull, bin, bucket, timechart, spath, rex, regex, lookup)"},
          {"a | \"stats\"", "ERROR: line 1, column 5: found '\"stats\"'; expected a command (one "
                            "of search, where, eval, stats, top, rare, dedup, sort, head, tail, "
                            "table, fields, rename, fillnull, bin, bucket, timechart, spath, rex, "
                            "regex, lookup)"},
      },
      P);
}

TEST_CASE("multi-line queries report the line and column") {
  const std::string query =
      "sourcetype=aws:cloudtrail\n"
      "| stats count by errorCode\n"
      "| sort - count\n"
      "|   frobnicate x";
  spl::Diagnostic d;
  auto parsed = spl::Parse(query, &d);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(d.pos.line == 4);
  CHECK(d.pos.column == 5);
  CHECK(d.pos.offset == query.find("frobnicate"));
  CHECK(std::string(parsed.status().message()).rfind("line 4, column 5: unknown command "
                                                     "'frobnicate'; expected one of search",
                                                     0) == 0);

  auto ok = spl::Parse("eventName=A\n  OR eventName=B\n| where x > 1\n  AND y < 2");
  REQUIRE(ok.ok());
  REQUIRE(ok->commands.size() == 2);
  CHECK(ok->commands[1].pos.line == 3);
  CHECK(ok->commands[1].pos.column == 3);
  const Expr& or_expr = std::get<spl::SearchCommand>(ok->commands[0].body).expr;
  REQUIRE(or_expr.children.size() == 2);
  CHECK(or_expr.children[1].line == 2);
  CHECK(or_expr.children[1].column == 6);
  const auto& where = std::get<spl::WhereCommand>(ok->commands[1].body);
  CHECK(where.condition.op == "AND");
  CHECK(where.condition.pos.line == 4);
  CHECK(where.condition.pos.column == 3);

  CHECK(P("a\n| where x >\n") ==
        "ERROR: line 3, column 1: found end of query; expected a value, 'field', field or "
        "function");
  CHECK(P("a\r\n| stats foo") ==
        "ERROR: line 2, column 9: found unknown stats function 'foo'; expected one of count, c, "
        "dc, distinct_count, values, list, min, max, avg, mean, sum, earliest, latest, first, "
        "last");
}

TEST_CASE("where/eval expressions: precedence") {
  RunTable(
      {
          // AND binds tighter than OR in eval (the opposite of search).
          {"a OR b AND c", "('a' OR ('b' AND 'c'))"},
          {"a AND b OR c", "(('a' AND 'b') OR 'c')"},
          {"a OR b XOR c AND d", "('a' OR ('b' XOR ('c' AND 'd')))"},
          {"NOT a AND b", "((NOT 'a') AND 'b')"},
          {"NOT a = b", "(NOT ('a' = 'b'))"},
          {"a = 1 OR b != 2", "(('a' = 1) OR ('b' != 2))"},
          {"x == 1", "('x' == 1)"},
          {"a < b + 1", "('a' < ('b' + 1))"},
          {"a + b * c", "('a' + ('b' * 'c'))"},
          {"(a + b) * c", "(('a' + 'b') * 'c')"},
          {"a - b - c", "(('a' - 'b') - 'c')"},
          {"a / b % c", "(('a' / 'b') % 'c')"},
          {"-a * b", "((- 'a') * 'b')"},
          {"- - a", "(- (- 'a'))"},
          {"a . b . \"c\"", "(('a' . 'b') . \"c\")"},
          {"a.b", "('a' . 'b')"},
          {"'userIdentity.arn' = \"x\"", "('userIdentity.arn' = \"x\")"},
          {"'requestParameters.items{}.id' != b", "('requestParameters.items{}.id' != 'b')"},
          {"x LIKE \"a%\"", "('x' LIKE \"a%\")"},
          {"x LIKE \"a%\" AND y", "(('x' LIKE \"a%\") AND 'y')"},
          {"like(x, \"a%\")", "like('x', \"a%\")"},
          // A bare word on the right is a field; "x" is a literal.
          {"user=admin", "('user' = 'admin')"},
          {"user=\"admin\"", "('user' = \"admin\")"},
          // Literals.
          {"x = 42", "('x' = 42)"},
          {"x = 1.5", "('x' = 1.5d)"},
          {"x = 1e3", "('x' = 1000d)"},
          {"x = 99999999999999999999", "('x' = 1e+20d)"},
          {"x = \"a \\\"b\\\" \\\\\"", "('x' = \"a \"b\" \\\")"},
          {"true() OR false()", "(true() OR false())"},
          {"isnull(null())", "isnull(null())"},
          {"x >= 1 AND x <= 2", "(('x' >= 1) AND ('x' <= 2))"},
          {"a > b", "('a' > 'b')"},
      },
      W);
}

TEST_CASE("where/eval expressions: functions and errors") {
  RunTable(
      {
          {"IF(a, 1, 2) = 1", "(if('a', 1, 2) = 1)"},
          {"cidrmatch(\"10.0.0.0/8\", src)", "cidrmatch(\"10.0.0.0/8\", 'src')"},
          {"match(x, \"^a\")", "match('x', \"^a\")"},
          {"case(a, 1, b, 2) = 1", "(case('a', 1, 'b', 2) = 1)"},
          {"coalesce(a, b, c) = now()", "(coalesce('a', 'b', 'c') = now())"},
          {"substr(x, 1, 3) = \"abc\"", "(substr('x', 1, 3) = \"abc\")"},
          {"mvindex(split(x, \",\"), 0) = 1", "(mvindex(split('x', \",\"), 0) = 1)"},
          {"frob(x)",
           "ERROR: line 1, column 11: found unknown function 'frob'; expected one of abs, case, "
           "ceil, ceiling, cidrmatch, coalesce, false, floor, if, isnotnull, isnull, isnum, "
           "isstr, len, like, lower, ltrim, match, mvcount, mvindex, mvjoin, now, null, "
           "relative_time, replace, round, rtrim, split, strftime, strptime, substr, tonumber, "
           "tostring, trim, true, upper"},
          {"if(a, b)",
           "ERROR: line 1, column 11: found if() with 2 arguments; expected 3"},
          {"substr(a)", "ERROR: line 1, column 11: found substr() with 1 argument; expected 2 to 3"},
          {"coalesce()", "ERROR: line 1, column 11: found coalesce() with 0 arguments; expected at "
                         "least 1"},
          {"case(a)", "ERROR: line 1, column 11: found case() with 1 argument; expected at least "
                      "2"},
          {"case(a, 1, b)", "ERROR: line 1, column 11: found case() with 3 arguments; expected "
                            "condition/value pairs"},
          {"if(a, b c)", "ERROR: line 1, column 19: found 'c'; expected ',' or ')' in the "
                         "arguments of if()"},
          {"a AND", "ERROR: line 1, column 16: found end of query; expected a value, 'field', "
                    "field or function"},
          {"a and b", "ERROR: line 1, column 13: found 'and'; expected an operator or the end of "
                      "the where command"},
          {"x like \"a\"", "ERROR: line 1, column 13: found 'like'; expected an operator or the "
                           "end of the where command"},
          {"a OR OR b", "ERROR: line 1, column 16: found 'OR'; expected a value, field or "
                        "function before it"},
          {"(a", "ERROR: line 1, column 13: found end of query; expected an operator or ')' "
                 "closing the '(' at line 1, column 11"},
          {"a @ b", "ERROR: line 1, column 13: found '@'; expected an operator or the end of the "
                    "where command"},
          {"x = 1e999", "ERROR: line 1, column 15: found '1e999'; expected a number within the "
                        "range of a double"},
          {"x = ''", "ERROR: line 1, column 15: found ''''; expected a field name inside ''"},
          {"x = \"abc", "ERROR: line 1, column 15: found an unterminated string starting "
                        "'\"abc'; expected a closing '\"'"},
          {"", "ERROR: line 1, column 11: found end of query; expected a condition after where"},
      },
      W);
}

TEST_CASE("eval assignments") {
  RunTable(
      {
          {"eval x=1", "x=1"},
          {"eval x = a . \"-\" . b, y=len(x)", "x=(('a' . \"-\") . 'b'); y=len('x')"},
          {"eval 'new field'=1", "new field=1"},
          {"eval user=coalesce('userIdentity.userName', 'userIdentity.arn')",
           "user=coalesce('userIdentity.userName', 'userIdentity.arn')"},
          {"eval x=if(a=\"b\", \"yes\", \"no\")", "x=if(('a' = \"b\"), \"yes\", \"no\")"},
          {"eval x", "ERROR: line 1, column 11: found end of query; expected '=' after the eval "
                     "field name"},
          {"eval x=", "ERROR: line 1, column 12: found end of query; expected an expression after "
                      "'='"},
          {"eval x=1,", "ERROR: line 1, column 14: found end of query; expected a field name to "
                        "assign (eval field=expression)"},
          {"eval x=1 y=2", "ERROR: line 1, column 14: found 'y'; expected an operator, ',' or "
                           "the end of the eval command"},
          {"eval =1", "ERROR: line 1, column 10: found '='; expected a field name to assign "
                      "(eval field=expression)"},
      },
      C);
}

TEST_CASE("stats") {
  RunTable(
      {
          {"stats count", "count()->count"},
          {"stats COUNT", "count()->count"},
          {"stats c", "count()->c"},
          {"stats count(errorCode)", "count(errorCode)->count(errorCode)"},
          {"stats Count(errorCode)", "count(errorCode)->count(errorCode)"},
          {"stats c(errorCode)", "count(errorCode)->c(errorCode)"},
          {"stats dc(userName) AS users", "dc(userName)->users"},
          {"stats distinct_count(userName) as users", "dc(userName)->users"},
          {"stats distinct_count(userName)", "dc(userName)->distinct_count(userName)"},
          {"stats mean(x), avg(x), sum(x)", "avg(x)->mean(x),avg(x)->avg(x),sum(x)->sum(x)"},
          {"stats values(eventName) list(eventName) min(t) max(t)",
           "values(eventName)->values(eventName),list(eventName)->list(eventName),min(t)->min(t),"
           "max(t)->max(t)"},
          {"stats earliest(_time) latest(_time) first(a) last(a)",
           "earliest(_time)->earliest(_time),latest(_time)->latest(_time),first(a)->first(a),"
           "last(a)->last(a)"},
          {"stats count by a b", "count()->count by a,b"},
          {"stats count BY a, b", "count()->count by a,b"},
          {"stats count as \"Event Count\" by 'a.b'", "count()->Event Count by a.b"},
          {"stats dc(requestParameters.items{}.id) by userIdentity.arn",
           "dc(requestParameters.items{}.id)->dc(requestParameters.items{}.id) by "
           "userIdentity.arn"},
          {"stats count, dc(a) as n by b", "count()->count,dc(a)->n by b"},
          {"stats", "ERROR: line 1, column 10: found end of query; expected a stats function "
                    "such as count or dc(field)"},
          {"stats by a", "ERROR: line 1, column 11: found 'by'; expected a stats function such "
                         "as count or dc(field)"},
          {"stats count by", "ERROR: line 1, column 19: found end of query; expected a field "
                             "name after by"},
          {"stats median(x)", "ERROR: line 1, column 11: found unknown stats function 'median'; "
                              "expected one of count, c, dc, distinct_count, values, list, min, "
                              "max, avg, mean, sum, earliest, latest, first, last"},
          {"stats dc", "ERROR: line 1, column 11: found 'dc' without a field; expected dc(<field>)"},
          {"stats count(", "ERROR: line 1, column 17: found end of query; expected a field name "
                           "inside count( )"},
          {"stats count(a", "ERROR: line 1, column 18: found end of query; expected ')' after the "
                            "field of count("},
          {"stats count(eval(x>1))", "ERROR: line 1, column 17: found 'eval'( inside count(); "
                                     "expected a field name (eval expressions inside functions "
                                     "are not supported: use eval first)"},
          {"stats count AS", "ERROR: line 1, column 19: found end of query; expected a name after "
                             "AS"},
          {"stats allnum=t count", "ERROR: line 1, column 11: found unsupported stats option "
                                   "'allnum'; expected no options"},
          {"stats count,, dc(a)", "ERROR: line 1, column 17: found ','; expected a stats "
                                  "function such as count"},
          {"stats count by a,", "ERROR: line 1, column 22: found end of query; expected a field "
                                "name after by"},
      },
      C);
}

TEST_CASE("top and rare") {
  RunTable(
      {
          {"top eventName",
           "eventName limit=10 countfield=count percentfield=percent showcount=1 showperc=1 "
           "useother=0 otherstr=OTHER"},
          {"top 5 eventName, userName by awsRegion",
           "eventName,userName by awsRegion limit=5 countfield=count percentfield=percent "
           "showcount=1 showperc=1 useother=0 otherstr=OTHER"},
          {"rare limit=0 countfield=n percentfield=p showcount=f showperc=false useother=t "
           "otherstr=\"all else\" eventName",
           "eventName limit=0 countfield=n percentfield=p showcount=0 showperc=0 useother=1 "
           "otherstr=all else"},
          {"top eventName limit=3", "eventName limit=3 countfield=count percentfield=percent "
                                    "showcount=1 showperc=1 useother=0 otherstr=OTHER"},
          {"top", "ERROR: line 1, column 8: found end of query; expected a field for top"},
          {"top by x", "ERROR: line 1, column 9: found 'by'; expected a field before by"},
          {"top a by", "ERROR: line 1, column 13: found end of query; expected a field after by"},
          {"top limit=x a", "ERROR: line 1, column 15: found 'x'; expected a whole number for "
                            "limit="},
          {"top showcount=maybe a", "ERROR: line 1, column 19: found 'maybe'; expected true or "
                                    "false (t, f, 1, 0) for showcount="},
          {"rare foo=1 a", "ERROR: line 1, column 10: found unsupported rare option 'foo'; "
                           "expected one of limit, countfield, percentfield, showcount, "
                           "showperc, useother, otherstr"},
      },
      C);
  auto parsed = spl::Parse("* | rare a");
  REQUIRE(parsed.ok());
  CHECK(std::get<spl::TopCommand>(parsed->commands[1].body).rare);
  CHECK(parsed->commands[1].name == "rare");
}

TEST_CASE("dedup") {
  RunTable(
      {
          {"dedup userName", "1 userName keepempty=0 consecutive=0"},
          {"dedup 3 userName, sourceIPAddress keepempty=true consecutive=t",
           "3 userName,sourceIPAddress keepempty=1 consecutive=1"},
          {"dedup a b sortby -_time, +num(x) str(y)",
           "1 a,b keepempty=0 consecutive=0 sortby -_time,+num:x,+str:y"},
          {"dedup a sortby - _time", "1 a keepempty=0 consecutive=0 sortby -_time"},
          {"dedup", "ERROR: line 1, column 10: found end of query; expected a field for dedup"},
          {"dedup 0 a", "ERROR: line 1, column 11: found '0'; expected a count of at least 1"},
          {"dedup a sortby", "ERROR: line 1, column 19: found end of query; expected a field "
                             "after sortby"},
          {"dedup a keepempty=x", "ERROR: line 1, column 23: found 'x'; expected true or false "
                                  "(t, f, 1, 0) for keepempty="},
      },
      C);
}

TEST_CASE("sort") {
  RunTable(
      {
          {"sort count", "10000 +count"},
          {"sort - count", "10000 -count"},
          {"sort -count", "10000 -count"},
          {"sort +count", "10000 +count"},
          {"sort 0 -count", "0 -count"},
          {"sort 100 a, -b", "100 +a,-b"},
          {"sort limit=5 a", "5 +a"},
          {"sort num(x) str(y) ip(z) auto(w)", "10000 +num:x,+str:y,+ip:z,+w"},
          {"sort -num(x)", "10000 -num:x"},
          {"sort - num(x)", "10000 -num:x"},
          {"sort a desc", "10000 +a desc"},
          {"sort a d", "10000 +a desc"},
          {"sort a DESC", "10000 +a desc"},
          {"sort d", "10000 +d"},
          {"sort d, a", "10000 +d,+a"},
          {"sort a d b", "10000 +a,+d,+b"},
          {"sort 'a.b' \"c d\"", "10000 +a.b,+c d"},
          {"sort", "ERROR: line 1, column 9: found end of query; expected a field to sort by"},
          {"sort -", "ERROR: line 1, column 11: found end of query; expected a sort field "
                     "([+|-]field, num(field), str(field), ip(field))"},
          {"sort foo(x)", "ERROR: line 1, column 10: found 'foo'; expected a field, or num(), "
                          "str(), ip() or auto() around one"},
          {"sort num(x", "ERROR: line 1, column 15: found end of query; expected ')' after the "
                         "field of num("},
          {"sort by=1 a", "ERROR: line 1, column 10: found unsupported sort option 'by'; expected "
                          "one of limit"},
      },
      C);
}

TEST_CASE("sort: Splunk's default limit of 10000 unless a count says otherwise") {
  // No warning at parse time: the query stage reports a cut when one happens.
  auto parsed = spl::Parse("* | sort - count");
  REQUIRE(parsed.ok());
  CHECK(parsed->warnings.empty());
  CHECK(std::get<spl::SortCommand>(parsed->commands[1].body).limit == 10000);
  auto all = spl::Parse("* | sort 0 - count");
  REQUIRE(all.ok());
  CHECK(std::get<spl::SortCommand>(all->commands[1].body).limit == 0);
}

TEST_CASE("head, tail") {
  RunTable(
      {
          {"head", "10"},
          {"head 5", "5"},
          {"head 0", "0"},
          {"head limit=20", "20"},
          {"tail", "10"},
          {"tail 3", "3"},
          {"head -1", "ERROR: line 1, column 10: found '-1'; expected a count (head N or "
                      "limit=N; expressions are not supported)"},
          {"head (x>1)", "ERROR: line 1, column 10: found '('; expected a count (head N or "
                         "limit=N; expressions are not supported)"},
          {"head 5 6", "ERROR: line 1, column 12: found '6'; expected the end of the head "
                       "command"},
          {"head keeplast=t", "ERROR: line 1, column 10: found unsupported head option "
                              "'keeplast'; expected one of limit"},
          {"tail limit=3", "ERROR: line 1, column 10: found 'limit'; expected a count (tail N; "
                           "expressions are not supported)"},
      },
      C);
}

TEST_CASE("table, fields, rename, fillnull") {
  RunTable(
      {
          {"table a, b c", "a,b,c"},
          {"table eventName user* \"x y\"", "eventName,user*,x y"},
          {"table", "ERROR: line 1, column 10: found end of query; expected a field name"},
          {"table a,,b", "ERROR: line 1, column 13: found ','; expected a field name"},
          {"table a,", "ERROR: line 1, column 13: found end of query; expected a field name"},
          {"table a=b", "ERROR: line 1, column 12: found '='; expected a field name"},
          {"fields a, b", "+ a,b"},
          {"fields + a", "+ a"},
          {"fields - a b*", "- a,b*"},
          {"fields -", "ERROR: line 1, column 13: found end of query; expected a field name"},
          {"rename a AS b", "a->b"},
          {"rename a as b, c AS \"d e\"", "a->b,c->d e"},
          {"rename *ip AS *IP 'x.y' as z", "*ip->*IP,x.y->z"},
          {"rename responseElements.instancesSet.items{}.instanceId as instanceID",
           "responseElements.instancesSet.items{}.instanceId->instanceID"},
          {"rename a b", "ERROR: line 1, column 14: found 'b'; expected AS after the field name"},
          {"rename a AS", "ERROR: line 1, column 16: found end of query; expected the new name "
                          "after AS"},
          {"rename a AS b,", "ERROR: line 1, column 19: found end of query; expected a field "
                             "name after ','"},
          {"rename", "ERROR: line 1, column 11: found end of query; expected a field name to "
                     "rename"},
          {"fillnull", "value=0 "},
          {"fillnull value=NULL", "value=NULL "},
          {"fillnull value=\"\" a b", "value= a,b"},
          {"fillnull a, b value=unknown", "value=unknown a,b"},
          {"fillnull foo=1", "ERROR: line 1, column 14: found unsupported fillnull option 'foo'; "
                             "expected one of value"},
      },
      C);
}

TEST_CASE("bin, bucket, timechart") {
  RunTable(
      {
          {"bin _time span=1h", "_time span=1h"},
          {"bin span=5m _time AS t", "_time span=5m as t"},
          {"bucket _time span=1d", "_time span=1d"},
          {"bin x span=10", "x span=10"},
          {"bin x span=2.5", "x span=2.5"},
          {"bin _time span=30sec", "_time span=30s"},
          {"bin _time span=1mon", "_time span=1mon"},
          {"bin _time span=1w", "_time span=1w"},
          {"bin _time span=1y", "_time span=1y"},
          {"bin _time", "ERROR: line 1, column 14: found end of query; expected span= (bins "
                        "chosen from the data are not supported)"},
          {"bin _time bins=10", "ERROR: line 1, column 15: found unsupported bin option 'bins'; "
                                "expected one of span"},
          {"bucket _time minspan=1h", "ERROR: line 1, column 18: found unsupported bucket option "
                                      "'minspan'; expected one of span"},
          {"bin _time span=1x", "ERROR: line 1, column 15: found '1x' for span=; expected a span "
                                "unit: s, m, h, d, w, mon, q or y (found 'x')"},
          {"bin _time span=h", "ERROR: line 1, column 15: found 'h' for span=; expected a span "
                               "such as 1h, 5m, 30s, 1d, 1w, 1mon or a number"},
          {"bin _time span=0h", "ERROR: line 1, column 15: found '0h' for span=; expected a span "
                                "greater than 0"},
          {"bin _time span=1.5h", "ERROR: line 1, column 15: found '1.5h' for span=; expected a "
                                  "whole number of h in a time span"},
          {"bin span=1h", "ERROR: line 1, column 16: found end of query; expected a field to bin "
                          "(usually _time)"},
          {"bin a b span=1h", "ERROR: line 1, column 11: found 'b'; expected span=, AS <name> or "
                              "the end of the bin command"},
          {"timechart count",
           "span=0 count()->count limit=10 useother=1 usenull=1 otherstr=OTHER nullstr=NULL"},
          {"timechart span=1h count by eventName",
           "span=1h count()->count by eventName limit=10 useother=1 usenull=1 otherstr=OTHER "
           "nullstr=NULL"},
          {"timechart span=1h limit=0 useother=f usenull=false otherstr=Rest nullstr=None "
           "dc(userName) AS users",
           "span=1h dc(userName)->users limit=0 useother=0 usenull=0 otherstr=Rest nullstr=None"},
          {"timechart count by eventName limit=5",
           "span=0 count()->count by eventName limit=5 useother=1 usenull=1 otherstr=OTHER "
           "nullstr=NULL"},
          {"timechart count by a, b", "ERROR: line 1, column 25: found ','; expected an option "
                                      "or the end of timechart (it splits by one field only)"},
          {"timechart bins=10 count", "ERROR: line 1, column 15: found unsupported timechart "
                                      "option 'bins'; expected one of span, limit, useother, "
                                      "usenull, otherstr, nullstr"},
          {"timechart span=1h", "ERROR: line 1, column 22: found end of query; expected a "
                                "timechart function such as count or dc(field)"},
      },
      C);
}

TEST_CASE("spath, rex, regex, lookup") {
  RunTable(
      {
          {"spath path=commits{}.author.name", "input=_raw output= path=commits{}.author.name"},
          {"spath output=author input=raw \"commits{}.author.name\"",
           "input=raw output=author path=commits{}.author.name"},
          {"spath userIdentity.arn", "input=_raw output= path=userIdentity.arn"},
          {"spath", "ERROR: line 1, column 10: found end of query; expected a path (spath "
                    "path=<path>): automatic extraction of every field is not supported"},
          {"spath input=x", "ERROR: line 1, column 18: found end of query; expected a path (spath "
                            "path=<path>): automatic extraction of every field is not supported"},
          {"spath a b", "ERROR: line 1, column 13: found 'b'; expected input=, output= or the end "
                        "of spath (one path only)"},
          {"spath foo=1 a", "ERROR: line 1, column 11: found unsupported spath option 'foo'; "
                            "expected one of input, output, path"},
          {"rex field=eventName \"^(?<action>[A-Z][a-z]+)(?<resource>.*)\"",
           "field=eventName max_match=1 regex=^(?<action>[A-Z][a-z]+)(?<resource>.*)"},
          {"rex \"(?<ip>\\d+\\.\\d+)\" max_match=0", "field=_raw max_match=0 regex=(?<ip>\\d+\\.\\d+)"},
          {"rex \"a\\\"b\\\\\\\\c\"", "field=_raw max_match=1 regex=a\"b\\\\\\\\c"},
          {"rex mode=sed \"s/a/b/\"", "ERROR: line 1, column 9: found rex mode=sed; expected "
                                      "field extraction only (sed mode is not supported)"},
          {"rex field=a", "ERROR: line 1, column 16: found end of query; expected a regular "
                          "expression in double quotes"},
          {"rex abc", "ERROR: line 1, column 9: found 'abc'; expected a regular expression in "
                      "double quotes"},
          {"rex \"a\" \"b\"", "ERROR: line 1, column 13: found '\"b\"'; expected field=, "
                              "max_match= or the end of rex"},
          {"rex offset_field=o \"a\"", "ERROR: line 1, column 9: found unsupported rex option "
                                       "'offset_field'; expected one of field, max_match"},
          {"regex \"^Delete\"", "_raw=^Delete"},
          {"regex eventName=\"^Delete\"", "eventName=^Delete"},
          {"regex eventName!=\"^(Get|List)\"", "eventName!=^(Get|List)"},
          {"regex eventName=^Get\\w+", "eventName=^Get\\w+"},
          {"regex", "ERROR: line 1, column 10: found end of query; expected a regular expression "
                    "in double quotes or field=\"<regex>\""},
          {"regex a<\"b\"", "ERROR: line 1, column 13: found '\"b\"'; expected '=' or '!=' after the "
                            "field (regex field=\"<regex>\")"},
          {"regex a \"b\"", "ERROR: line 1, column 13: found '\"b\"'; expected '=' or '!=' after "
                            "the field (regex field=\"<regex>\")"},
          {"lookup users.csv userName", "users.csv userName->userName"},
          {"lookup users.csv user AS userName, account AS recipientAccountId OUTPUT team AS "
           "owner, tier",
           "users.csv user->userName,account->recipientAccountId OUTPUT team->owner,tier->tier"},
          {"lookup \"my users.csv\" user OUTPUTNEW team", "my users.csv user->user OUTPUTNEW "
                                                          "team->team"},
          {"lookup users.csv", "ERROR: line 1, column 21: found end of query; expected a lookup "
                               "field to match on"},
          {"lookup users.csv user OUTPUT", "ERROR: line 1, column 33: found end of query; "
                                           "expected a field after OUTPUT"},
          {"lookup local=t users.csv user", "ERROR: line 1, column 12: found unsupported lookup "
                                            "option 'local'; expected no options"},
      },
      C);

  auto parsed = spl::Parse("eventName=*\n| rex field=eventName \"^(?<action>[A-Z][a-z]+)\"");
  REQUIRE(parsed.ok());
  const auto& rex = std::get<spl::RexCommand>(parsed->commands.at(1).body);
  CHECK(rex.regex_pos.line == 2);
  CHECK(rex.regex_pos.column == 24);  // the first character inside the quotes
  CHECK(rex.regex_pos.offset == 12 + 23);
  CHECK(P("* | rex \"x|y\" | head 1") ==
        "search TRUE | rex field=_raw max_match=1 regex=x|y | head 1");
}

TEST_CASE("hostile input") {
  // Deep nesting is an error, not a stack overflow.
  const std::string deep_search(100000, '(');
  CHECK(P(deep_search).find("ERROR: line 1, column 257: found more than 256 nested") == 0);
  std::string deep_not;
  for (int i = 0; i < 100000; ++i) deep_not += "NOT ";
  deep_not += "a";
  CHECK(P(deep_not).find("ERROR: line 1, column 1025: found more than 256 nested") == 0);
  CHECK(P("* | where " + std::string(100000, '(') + "a").find("nested more than 256") !=
        std::string::npos);
  std::string deep_unary = "* | where ";
  for (int i = 0; i < 100000; ++i) deep_unary += "- ";
  CHECK(P(deep_unary + "a").find("nested more than 256") != std::string::npos);
  std::string deep_call = "* | eval x=";
  for (int i = 0; i < 100000; ++i) deep_call += "abs(";
  CHECK(P(deep_call).find("nested more than 256") != std::string::npos);
  // A long flat chain makes a deep binary tree: bounded too.
  std::string chain = "* | eval x=a";
  for (int i = 0; i < 100000; ++i) chain += "+a";
  CHECK(P(chain).find("nested more than 256") != std::string::npos);
  // Nesting within the bound is fine.
  std::string ok_nesting = std::string(200, '(') + "a" + std::string(200, ')');
  CHECK(P(ok_nesting) == "search kw(\"a\")");

  // Huge flat inputs parse.
  std::string many_terms;
  for (int i = 0; i < 20000; ++i) many_terms += "f" + std::to_string(i) + "=v ";
  auto parsed = spl::Parse(many_terms + "| head 1");
  REQUIRE(parsed.ok());
  CHECK(std::get<spl::SearchCommand>(parsed->commands[0].body).expr.children.size() == 20000);
  std::string many_ors = "a";
  for (int i = 0; i < 20000; ++i) many_ors += " OR b";
  CHECK(spl::Parse(many_ors).ok());
  const std::string long_value = "f=" + std::string(1 << 20, 'x');
  CHECK(spl::Parse(long_value).ok());

  // Bytes that are not text, NULs and unterminated quotes give errors or
  // parse as keywords, never crashes.
  CHECK(P(std::string("a\0b", 3)) ==
        "ERROR: line 1, column 2: found '\\x00b'; expected a search term");
  CHECK(P("* | where x = \"\xff\xfe\"") == "search TRUE | where ('x' = \"\xff\xfe\")");
  CHECK(P("* | where \x01") ==
        "ERROR: line 1, column 11: found '\\x01'; expected a value, 'field', field or function");
  CHECK(P("* | eval x=\"") == "ERROR: line 1, column 12: found an unterminated string starting "
                              "'\"'; expected a closing '\"'");
  CHECK(P("f=\"" + std::string(100, 'y')).find("'\"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy...'") !=
        std::string::npos);
}

namespace {

// Parses `search`, compiles it with lib/match and runs it on one event
// given as field values plus its raw text: the front end's flags must mean
// what Splunk documents once evaluated.
bool Matches(std::string_view search, const std::vector<std::pair<std::string, Value>>& fields,
             std::string_view raw = "") {
  auto parsed = spl::ParseSearch(search);
  REQUIRE_MESSAGE(parsed.ok(), parsed.status().ToString());
  std::vector<std::string> names;
  auto compiled = trailhunt::match::Predicate::Compile(
      parsed->expr, [&names](std::string_view field) -> absl::StatusOr<trailhunt::SlotIndex> {
        names.emplace_back(field);
        return static_cast<trailhunt::SlotIndex>(names.size() - 1);
      });
  REQUIRE_MESSAGE(compiled.ok(), compiled.status().ToString());
  std::vector<Value> slots(names.size());
  for (size_t i = 0; i < names.size(); ++i) {
    for (const auto& [name, value] : fields) {
      if (name == names[i]) slots[i] = value;
    }
  }
  trailhunt::match::FieldSet set;
  set.slots = slots;
  set.raw = raw;
  return compiled->Matches(set);
}

}  // namespace

TEST_CASE("evaluated: != needs the field, NOT does not") {
  const std::vector<std::pair<std::string, Value>> none;
  const std::vector<std::pair<std::string, Value>> other = {{"Location", Value::String("Y")}};
  const std::vector<std::pair<std::string, Value>> same = {{"Location", Value::String("x")}};
  CHECK_FALSE(Matches("Location!=X", none));
  CHECK(Matches("Location!=X", other));
  CHECK_FALSE(Matches("Location!=X", same));  // case-insensitive
  CHECK(Matches("NOT Location=X", none));
  CHECK(Matches("NOT Location=X", other));
  CHECK_FALSE(Matches("NOT Location=X", same));
  CHECK_FALSE(Matches("Location!=X*", none));
  CHECK(Matches("NOT Location=X*", none));
  CHECK(Matches("Location!=X*", other));
  CHECK_FALSE(Matches("Location=*", none));
  CHECK_FALSE(Matches("Location=*", {{"Location", Value::Null()}}));
  CHECK(Matches("Location=*", other));
  CHECK_FALSE(Matches("Location!=*", other));
}

TEST_CASE("evaluated: values, case, numbers, keywords") {
  CHECK(Matches("errorCode=AccessDenied", {{"errorCode", Value::String("accessdenied")}}));
  CHECK_FALSE(Matches("errorCode=AccessDenied",
                      {{"errorCode", Value::String("AccessDeniedException")}}));
  CHECK_FALSE(Matches("userName=CASE(Admin)", {{"userName", Value::String("admin")}}));
  CHECK(Matches("userName=CASE(Admin)", {{"userName", Value::String("Admin")}}));
  CHECK_FALSE(Matches("v=1", {{"v", Value::String("1.0")}}));
  CHECK(Matches("v<10", {{"v", Value::Int(9)}}));
  CHECK_FALSE(Matches("v<10", {{"v", Value::String("9x")}}));  // text: "9x" > "10"
  CHECK(Matches("f=what?", {{"f", Value::String("what?")}}));
  CHECK_FALSE(Matches("f=wha?*", {{"f", Value::String("what")}}));  // '?' is no wildcard
  CHECK(Matches("f=wha?*", {{"f", Value::String("wha?t")}}));
  CHECK(Matches("status IN (4*, 5*)", {{"status", Value::String("503")}}));
  CHECK_FALSE(Matches("status IN (4*, 5*)", {{"status", Value::String("200")}}));
  CHECK(Matches("a b OR c", {}, "a c"));
  CHECK_FALSE(Matches("a b OR c", {}, "b c"));
  CHECK(Matches("\"web error\"", {}, "{\"msg\":\"Web Error here\"}"));
  CHECK_FALSE(Matches("error", {}, "{\"msg\":\"errors\"}"));
  CHECK(Matches("TERM(10.0.0.1)", {}, "{\"ip\":\"10.0.0.1\"}"));
  // TERM: only the whole term between major breakers; a plain keyword also
  // matches at minor breakers ('.').
  CHECK(Matches("TERM(203.0.113.77)", {}, "{\"ip\":\"203.0.113.77\"}"));
  CHECK_FALSE(Matches("TERM(203.0.113)", {}, "{\"ip\":\"203.0.113.77\"}"));
  CHECK_FALSE(Matches("TERM(0.113.77)", {}, "{\"ip\":\"203.0.113.77\"}"));
  CHECK(Matches("203.0.113", {}, "{\"ip\":\"203.0.113.77\"}"));
  CHECK(Matches("0.113.77", {}, "{\"ip\":\"203.0.113.77\"}"));
}
