// CloudWatch Logs filter patterns: the documented grammar (JSON, terms,
// space-delimited, regex), CloudWatch's semantics per operator on present,
// absent, null, array and object values, the && over || precedence the CIS
// 4.1 pattern depends on, and errors that name the column.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "trailhunt/filterpattern.h"
#include "trailhunt/hunt.h"
#include "trailhunt/sigma.h"

namespace fp = trailhunt::filterpattern;
namespace sigma = trailhunt::sigma;
using trailhunt::RuleEvaluator;
using trailhunt::RuleSet;
using trailhunt::RuleSetOptions;

namespace {

// Runs `pattern` over one record through the whole hunt path (rule set
// compile, projection, rule index, predicate).
bool Matches(std::string_view pattern, std::string_view json) {
  absl::StatusOr<fp::Pattern> parsed = fp::Parse(pattern);
  INFO("pattern: ", std::string(pattern));
  REQUIRE_MESSAGE(parsed.ok(), std::string(parsed.status().message()));
  sigma::RuleCollection collection;
  sigma::DetectionRule rule;
  rule.info.id = "fp-test";
  rule.info.title = "filter pattern under test";
  rule.info.language = sigma::RuleLanguage::kFilterPattern;
  rule.filter_pattern = std::string(pattern);
  rule.expr = parsed->expr;
  rule.fields_read = parsed->fields_read;
  collection.rules.push_back(std::move(rule));
  std::vector<sigma::Diagnostic> diagnostics;
  auto rules = RuleSet::Compile(collection, RuleSetOptions(), &diagnostics);
  for (const sigma::Diagnostic& d : diagnostics) INFO(d.ToString());
  REQUIRE(diagnostics.empty());
  REQUIRE(rules->size() == 1);
  RuleEvaluator evaluator(rules);
  absl::StatusOr<std::vector<uint32_t>> matched = evaluator.EvaluateJson(json);
  REQUIRE_MESSAGE(matched.ok(), std::string(matched.status().message()));
  return !matched->empty();
}

// Runs a pattern that reads only the raw text (terms, space-delimited,
// a regex) over any text, through the predicate alone.
bool MatchesRaw(std::string_view pattern, std::string_view text) {
  absl::StatusOr<fp::Pattern> parsed = fp::Parse(pattern);
  INFO("pattern: ", std::string(pattern));
  REQUIRE_MESSAGE(parsed.ok(), std::string(parsed.status().message()));
  auto no_fields = [](std::string_view field) -> absl::StatusOr<trailhunt::SlotIndex> {
    return absl::InvalidArgumentError("no field may be read: " + std::string(field));
  };
  absl::StatusOr<trailhunt::match::Predicate> predicate =
      trailhunt::match::Predicate::Compile(parsed->expr, no_fields);
  REQUIRE_MESSAGE(predicate.ok(), std::string(predicate.status().message()));
  trailhunt::match::FieldSet fields;
  fields.raw = text;
  return predicate->Matches(fields);
}

// The error message of a pattern that must not parse, with its column.
std::string ErrorOf(std::string_view pattern, int* column = nullptr) {
  fp::SyntaxError error;
  absl::StatusOr<fp::Pattern> parsed = fp::Parse(pattern, fp::ParseOptions(), &error);
  INFO("pattern: ", std::string(pattern));
  REQUIRE_FALSE(parsed.ok());
  if (column != nullptr) *column = error.column;
  CHECK(std::string(parsed.status().message()) ==
        "column " + std::to_string(error.column) + ": " + error.message);
  return error.message;
}

// The example log event of CloudWatch's JSON filter documentation, in our
// own words: nested objects, arrays of scalars and objects, a null, booleans
// and numbers.
constexpr std::string_view kDocEvent = R"({
  "eventType": "UpdateTrail",
  "sourceIPAddress": "123.123.123.123",
  "arrayKey": ["value", "another value"],
  "objectList": [{"name": "a", "id": 1}, {"name": "b", "id": 2}],
  "SomeObject": null,
  "ThisFlag": true,
  "ThatFlag": false,
  "FlagText": "true",
  "user": {"id": 1, "email": "John.Stiles@example.com"},
  "coordinates": [[0, 1], [2, 3]],
  "actions": ["GET", "PUT", "DELETE"],
  "number": [0.001, 42],
  "latency": 1200,
  "codeText": "404",
  "eventName": "DeleteBucket"
})";

}  // namespace

TEST_CASE("the form is told from the first character") {
  auto kind = [](std::string_view p) {
    absl::StatusOr<fp::Pattern> parsed = fp::Parse(p);
    REQUIRE(parsed.ok());
    return parsed->kind;
  };
  CHECK(kind("") == fp::PatternKind::kMatchAll);
  CHECK(kind("   ") == fp::PatternKind::kMatchAll);
  CHECK(kind("{ $.a = 1 }") == fp::PatternKind::kJson);
  CHECK(kind("  [a, b]") == fp::PatternKind::kSpaceDelimited);
  CHECK(kind("%ERR[0-9]%") == fp::PatternKind::kRegex);
  CHECK(kind("ERROR -DEBUG") == fp::PatternKind::kTerms);
  CHECK(fp::PatternKindName(fp::PatternKind::kSpaceDelimited) == "space-delimited");
}

TEST_CASE("selectors are kept as written and listed once, in first-use order") {
  absl::StatusOr<fp::Pattern> p =
      fp::Parse(R"({ $.a.b = 1 && ($.c[0].d = x || $.a.b = 2) && $.e-f_g[1][2] NOT EXISTS })");
  REQUIRE(p.ok());
  CHECK(p->fields_read == std::vector<std::string>{"$.a.b", "$.c[0].d", "$.e-f_g[1][2]"});
}

TEST_CASE("documented JSON examples behave as documented") {
  // && binds tighter than ||: A || (B && C) matches on A alone.
  CHECK(Matches(R"({ $.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch" && $.actions[2] = "nonmatch" })",
                kDocEvent));
  // With the parentheses the other way it does not.
  CHECK_FALSE(Matches(R"({ ($.user.email = "John.Stiles@example.com" || $.coordinates[0][1] = "nonmatch") && $.actions[2] = "nonmatch" })",
                      kDocEvent));
  CHECK(Matches(R"({ $.eventType = "*" && $.sourceIPAddress != 123.123.* })",
                R"({"eventType": "x", "sourceIPAddress": "10.0.0.1"})"));
  CHECK_FALSE(Matches(R"({ $.eventType = "*" && $.sourceIPAddress != 123.123.* })", kDocEvent));
  CHECK(Matches("{ $.eventType = \"UpdateTrail\" }", kDocEvent));
  CHECK(Matches("{ $.arrayKey[0] = \"value\" }", kDocEvent));
  CHECK(Matches("{ $.arrayKey[1] = \"another value\" }", kDocEvent));
  CHECK(Matches("{ $.objectList[1].id = 2 }", kDocEvent));
  CHECK_FALSE(Matches("{ $.objectList[0].id = 2 }", kDocEvent));
  CHECK(Matches("{ $.coordinates[1][0] = 2 }", kDocEvent));
  CHECK(Matches("{ $.number[0] = 1e-3 }", kDocEvent));
  CHECK(Matches("{ $.SomeObject IS NULL }", kDocEvent));
  CHECK(Matches("{ $.SomeOtherObject NOT EXISTS }", kDocEvent));
  CHECK(Matches("{ $.ThisFlag IS TRUE }", kDocEvent));
  CHECK(Matches("{ $.ThatFlag IS FALSE }", kDocEvent));
  CHECK(Matches("{ $.latency > 1000 }", kDocEvent));
  CHECK(Matches("{ $.eventName = %Delete.*% }", kDocEvent));
  CHECK(Matches("{ ($.user.id = 1) && ($.user.email = \"John.Stiles@example.com\") }", kDocEvent));
}

TEST_CASE("values match the whole field, case-sensitively, with * wildcards") {
  constexpr std::string_view kEvent = R"({"errorCode": "AccessDeniedException", "eventSource": "kms.amazonaws.com"})";
  CHECK_FALSE(Matches(R"({ $.errorCode = "AccessDenied" })", kEvent));
  CHECK(Matches(R"({ $.errorCode = "AccessDenied*" })", kEvent));
  CHECK(Matches(R"({ $.errorCode = "*Exception" })", kEvent));
  CHECK(Matches(R"({ $.errorCode = "Access*Exception" })", kEvent));
  CHECK_FALSE(Matches(R"({ $.errorCode = "accessdenied*" })", kEvent));
  CHECK_FALSE(Matches(R"({ $.ErrorCode = "AccessDenied*" })", kEvent));
  // Unquoted values with dots, as the CIS patterns write them.
  CHECK(Matches("{ $.eventSource = kms.amazonaws.com }", kEvent));
  CHECK(Matches("{($.eventSource=kms.amazonaws.com)}", kEvent));
  CHECK_FALSE(Matches("{ $.eventSource = kms.amazonaws.co }", kEvent));
  // '?' is no wildcard; \* is a literal star.
  CHECK_FALSE(Matches(R"({ $.errorCode = "AccessDenied?xception" })", kEvent));
  CHECK(Matches(R"({ $.s = "a\*b" })", R"({"s": "a*b"})"));
  CHECK_FALSE(Matches(R"({ $.s = "a\*b" })", R"({"s": "axxb"})"));
  CHECK(Matches(R"({ $.s = "say \"hi\"" })", R"({"s": "say \"hi\""})"));
}

TEST_CASE("numbers compare numerically with JSON numbers and numeric strings") {
  CHECK(Matches("{ $.latency = 1200 }", kDocEvent));
  CHECK(Matches("{ $.latency = 1.2e3 }", kDocEvent));
  CHECK(Matches("{ $.latency != 1201 }", kDocEvent));
  CHECK(Matches("{ $.codeText = 404 }", kDocEvent));
  CHECK(Matches("{ $.codeText >= 400 && $.codeText < 500 }", kDocEvent));
  // A quoted number is text.
  CHECK_FALSE(Matches(R"({ $.latency = "1.2e3" })", kDocEvent));
  CHECK(Matches(R"({ $.latency = "1200" })", kDocEvent));
  // A wildcard on a number matches its text.
  CHECK(Matches("{ $.latency = 12* }", kDocEvent));
  // Relational operators need a number on the record's side too.
  CHECK_FALSE(Matches("{ $.eventType > 5 }", kDocEvent));
  CHECK_FALSE(Matches("{ $.eventType < 5 }", kDocEvent));
}

// Every operator on a field that is present (matching and not), absent,
// JSON null, an array and an object. Only NOT EXISTS matches absence; only
// IS NULL matches null; nothing but NOT EXISTS matches an array or object
// selector (which exists).
TEST_CASE("each operator on present, absent, null, array and object values") {
  constexpr std::string_view kPresent = R"({"f": "abc", "n": 5, "b": true, "nb": false})";
  constexpr std::string_view kAbsent = R"({"other": 1})";
  constexpr std::string_view kNull = R"({"f": null, "n": null, "b": null, "nb": null})";
  constexpr std::string_view kArray = R"({"f": ["abc"], "n": [5], "b": [true], "nb": [false]})";
  constexpr std::string_view kObject =
      R"({"f": {"abc": 1}, "n": {"v": 5}, "b": {"v": true}, "nb": {"v": false}})";
  struct Case {
    const char* pattern;
    bool present, absent, null, array, object;
  };
  const Case cases[] = {
      {"{ $.f = \"abc\" }", true, false, false, false, false},
      {"{ $.f = \"abd\" }", false, false, false, false, false},
      {"{ $.f != \"abd\" }", true, false, false, false, false},
      {"{ $.f != \"abc\" }", false, false, false, false, false},
      {"{ $.f = \"a*\" }", true, false, false, false, false},
      {"{ $.f != \"z*\" }", true, false, false, false, false},
      {"{ $.f != \"a*\" }", false, false, false, false, false},
      {"{ $.f = * }", true, false, false, false, false},
      {"{ $.f = %^a.c$% }", true, false, false, false, false},
      {"{ $.f != %^z% }", true, false, false, false, false},
      {"{ $.f != %^a% }", false, false, false, false, false},
      {"{ $.n = 5 }", true, false, false, false, false},
      {"{ $.n != 6 }", true, false, false, false, false},
      {"{ $.n < 6 }", true, false, false, false, false},
      {"{ $.n <= 5 }", true, false, false, false, false},
      {"{ $.n > 4 }", true, false, false, false, false},
      {"{ $.n >= 5 }", true, false, false, false, false},
      {"{ $.n > 5 }", false, false, false, false, false},
      {"{ $.b IS TRUE }", true, false, false, false, false},
      {"{ $.b IS FALSE }", false, false, false, false, false},
      {"{ $.nb IS FALSE }", true, false, false, false, false},
      {"{ $.b = true }", true, false, false, false, false},
      {"{ $.b != false }", true, false, false, false, false},
      {"{ $.f != * }", false, false, false, false, false},
      {"{ $.n != abc }", true, false, false, false, false},
      {"{ $.f IS NULL }", false, false, true, false, false},
      {"{ $.f NOT EXISTS }", false, true, false, false, false},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CHECK(Matches(c.pattern, kPresent) == c.present);
    CHECK(Matches(c.pattern, kAbsent) == c.absent);
    CHECK(Matches(c.pattern, kNull) == c.null);
    CHECK(Matches(c.pattern, kArray) == c.array);
    CHECK(Matches(c.pattern, kObject) == c.object);
  }
}

TEST_CASE("IS TRUE and IS FALSE match JSON booleans only, not their text") {
  CHECK_FALSE(Matches("{ $.FlagText IS TRUE }", kDocEvent));
  CHECK_FALSE(Matches("{ $.s IS FALSE }", R"({"s": "false"})"));
  // `= *` needs a value, and "" is one.
  CHECK(Matches("{ $.s = * }", R"({"s": ""})"));
  CHECK(Matches("{ $.FlagText = \"true\" }", kDocEvent));
  CHECK_FALSE(Matches("{ $.ThisFlag = \"yes\" }", kDocEvent));
}

TEST_CASE("a selector does not reach into an array unless it indexes it") {
  constexpr std::string_view kEvent =
      R"({"resources": [{"ARN": "arn:aws:s3:::b", "type": "AWS::S3::Bucket"}]})";
  CHECK_FALSE(Matches("{ $.resources.ARN = \"arn:aws:s3:::b\" }", kEvent));
  CHECK(Matches("{ $.resources[0].ARN = \"arn:aws:s3:::b\" }", kEvent));
  CHECK_FALSE(Matches("{ $.resources[1].ARN = * }", kEvent));
  CHECK_FALSE(Matches("{ $.resources = * }", kEvent));
}

// The CIS v3.0.0 4.1 pattern parses as A || (B && C && D): its exclusions
// guard only the AccessDenied* branch.
TEST_CASE("CIS 4.1: && binds tighter than ||") {
  constexpr std::string_view kCis41 =
      R"({ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") })";
  CHECK(Matches(kCis41, R"({"errorCode": "Client.UnauthorizedOperation", "sourceIPAddress": "delivery.logs.amazonaws.com", "eventName": "HeadBucket"})"));
  CHECK(Matches(kCis41, R"({"errorCode": "AccessDenied", "sourceIPAddress": "1.2.3.4", "eventName": "GetObject"})"));
  CHECK_FALSE(Matches(kCis41, R"({"errorCode": "AccessDenied", "sourceIPAddress": "delivery.logs.amazonaws.com", "eventName": "GetObject"})"));
  CHECK_FALSE(Matches(kCis41, R"({"errorCode": "AccessDenied", "sourceIPAddress": "1.2.3.4", "eventName": "HeadBucket"})"));
  // The exclusions are comparisons: on an absent field they are false.
  CHECK_FALSE(Matches(kCis41, R"({"errorCode": "AccessDenied", "eventName": "GetObject"})"));
  CHECK_FALSE(Matches(kCis41, R"({"errorCode": "ThrottlingException", "sourceIPAddress": "1.2.3.4", "eventName": "GetObject"})"));
}

TEST_CASE("CIS 4.2 and 4.3: != and NOT EXISTS on absent fields") {
  constexpr std::string_view kCis42 =
      R"({ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") })";
  CHECK(Matches(kCis42, R"({"eventName": "ConsoleLogin", "additionalEventData": {"MFAUsed": "No"}})"));
  CHECK_FALSE(Matches(kCis42, R"({"eventName": "ConsoleLogin", "additionalEventData": {"MFAUsed": "Yes"}})"));
  CHECK_FALSE(Matches(kCis42, R"({"eventName": "ConsoleLogin"})"));
  CHECK_FALSE(Matches(kCis42, R"({"eventName": "ConsoleLogin", "additionalEventData": {"MFAUsed": {"v": "No"}}})"));
  constexpr std::string_view kCis43 =
      R"({ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" })";
  CHECK(Matches(kCis43, R"({"userIdentity": {"type": "Root"}, "eventType": "AwsApiCall"})"));
  CHECK_FALSE(Matches(kCis43, R"({"userIdentity": {"type": "Root", "invokedBy": "s3.amazonaws.com"}, "eventType": "AwsApiCall"})"));
  CHECK_FALSE(Matches(kCis43, R"({"userIdentity": {"type": "Root"}, "eventType": "AwsServiceEvent"})"));
  CHECK_FALSE(Matches(kCis43, R"({"userIdentity": {"type": "Root"}})"));
  CHECK_FALSE(Matches(kCis43, R"({"userIdentity": {"type": "root"}, "eventType": "AwsApiCall"})"));
}

TEST_CASE("regex values: CloudWatch's subset, unanchored, case-sensitive") {
  constexpr std::string_view kText = R"({"m": "[ERROR 401] UNAUTHORIZED REQUEST"})";
  CHECK(Matches("%AUTHORIZED%", kText));
  CHECK_FALSE(Matches("%authorized%", kText));
  CHECK(Matches("%[Ee]RROR%", kText));
  CHECK(Matches("%\\d{3}%", kText));
  // The documentation's IP address regex.
  CHECK(Matches("%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", R"({"ip": "10.0.12.7"})"));
  CHECK_FALSE(Matches("%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}%", R"({"ip": "10.0.12"})"));
  CHECK(Matches("%gray|ERROR%", kText));
  CHECK(Matches("{ $.m = %^\\[ERROR% }", kText));
  CHECK_FALSE(Matches("{ $.m = %^ERROR% }", kText));
  int column = 0;
  CHECK(ErrorOf("%a(b)%", &column).find("'(' and ')' are not supported") != std::string::npos);
  CHECK(column == 3);
  CHECK(ErrorOf("%something!%", &column).find("'!' is not allowed") != std::string::npos);
  CHECK(column == 11);
  CHECK(ErrorOf("%caf\xc3\xa9%").find("multi-byte") != std::string::npos);
  CHECK(ErrorOf("%abc").find("no closing '%'") != std::string::npos);
  // An escape is held to the same characters.
  CHECK(ErrorOf("%\\(x\\)%", &column) ==
        "'\\(' is not allowed in a CloudWatch regex (letters, digits, : _ # = @ / ; , - and the "
        "operators ^ $ ? [ ] { } | \\ * + .)");
  CHECK(column == 3);
  CHECK(ErrorOf("%a\\!%").find("'\\!' is not allowed") != std::string::npos);
  CHECK(ErrorOf("%a\\%b%").find("'\\%' is not allowed") != std::string::npos);
  CHECK(MatchesRaw("%a\\.b\\[c\\]%", "xa.b[c]y"));
  CHECK(ErrorOf("%[E3}\\.%", &column) == "the regex does not compile: missing ]: [E3}\\.");
  CHECK(column == 2);
  CHECK(ErrorOf("{ $.a = %x% && $.b = %y% && $.c = %z% }", &column).find("at most 2 regexes") !=
        std::string::npos);
  CHECK(column == 35);
}

TEST_CASE("term patterns: all, any, excluded, phrases, match-all") {
  constexpr std::string_view kEvent = R"({"m": "[ERROR 400] BAD REQUEST: ARGUMENTS missing"})";
  CHECK(Matches("ERROR", kEvent));
  CHECK_FALSE(Matches("error", kEvent));
  CHECK(Matches("ERROR ARGUMENTS", kEvent));
  CHECK_FALSE(Matches("ERROR WARN", kEvent));
  CHECK(Matches("?WARN ?ARGUMENTS", kEvent));
  CHECK_FALSE(Matches("?WARN ?FATAL", kEvent));
  CHECK_FALSE(Matches("ERROR -ARGUMENTS", kEvent));
  CHECK(Matches("ERROR -FATAL", kEvent));
  CHECK(Matches("\"BAD REQUEST\"", kEvent));
  CHECK_FALSE(Matches("\"REQUEST BAD\"", kEvent));
  // A term does not match inside a longer word.
  CHECK_FALSE(Matches("ARGUMENT", kEvent));
  CHECK(Matches("\" \"", kEvent));
  CHECK(Matches("?\" \" ?NOPE", kEvent));
  CHECK(ErrorOf("-\" \"") == "'-\" \"' would exclude every event");
  CHECK(Matches("", kEvent));
  // '*' in a term is a literal character.
  CHECK_FALSE(Matches("ERR*", kEvent));
}

TEST_CASE("space-delimited patterns over the raw text") {
  // Split at spaces; "…" and […] are one field each, read without them:
  // 7 fields.
  constexpr std::string_view kLine =
      R"(127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /index.html HTTP/1.0" 404 1534)";
  CHECK(MatchesRaw("[ip, user, username, timestamp, request, status_code, bytes]", kLine));
  CHECK(MatchesRaw("[ip, user, username, timestamp, request, status_code = 404, bytes]", kLine));
  CHECK(MatchesRaw(R"([ip, user, username, timestamp = "10/Oct/2000*", request = "GET *", status_code = 4*, bytes > 1000])",
                   kLine));
  CHECK_FALSE(MatchesRaw("[ip, user, username, timestamp, request, status_code = 200, bytes]", kLine));
  CHECK(MatchesRaw("[..., status_code = 404, bytes]", kLine));
  CHECK_FALSE(MatchesRaw("[..., bytes > 2000]", kLine));
  CHECK(MatchesRaw("[ip = 127.0.0.1, ...]", kLine));
  CHECK(MatchesRaw("[ip, ..., bytes = 1534]", kLine));
  CHECK(MatchesRaw("[ip, user, username = frank || username = bob, ...]", kLine));
  CHECK_FALSE(MatchesRaw("[ip, user, username = bob, ...]", kLine));
  CHECK(MatchesRaw("[..., status_code >= 400 && bytes < 2000, bytes]", kLine));
  CHECK_FALSE(MatchesRaw("[..., status_code >= 400 && bytes < 1000, bytes]", kLine));
  // Exactly as many fields as named, without `...`; at least as many with.
  CHECK_FALSE(MatchesRaw("[a, b]", kLine));
  CHECK_FALSE(MatchesRaw("[a, b, c, d, e, f, g, h]", kLine));
  CHECK_FALSE(MatchesRaw("[a, b, c, d, e, f, g, ..., h]", kLine));
  int column = 0;
  CHECK(ErrorOf("[a, ..., b, ..., c]", &column).find("one '...' only") != std::string::npos);
  CHECK(column == 13);
  CHECK(ErrorOf("[a, a]").find("used twice") != std::string::npos);
  CHECK(ErrorOf("[a = 1 || b = 2]", &column).find("'b', which is not a field") !=
        std::string::npos);
  CHECK(column == 11);
  // A field that opens a quote or a bracket it never closes is an ordinary
  // field up to the next space.
  CHECK(MatchesRaw("[a = \"[x\", b = y]", "[x y"));
  CHECK(MatchesRaw("[a = \"\\\"p\", b = q]", "\"p q"));
  CHECK_FALSE(MatchesRaw("[a, b]", "\"p q\""));
  CHECK(ErrorOf("[a b]") == "expected an operator (=, !=, <, <=, >, >=), found 'b'");
}

// Many unclosed '[' or '"' must not make splitting quadratic: 2 MB of them
// would take hours so; linear, it is a moment (a liveness check, not a
// timing: the test would hang).
TEST_CASE("space-delimited splitting stays linear on unclosed brackets and quotes") {
  std::string hostile;
  for (int i = 0; i < 500000; ++i) hostile += "[ \" ";
  hostile += "last";
  CHECK(MatchesRaw("[..., end = last]", hostile));
  CHECK(MatchesRaw("[first = \"[\", ...]", hostile));
  CHECK_FALSE(MatchesRaw("[a, b]", hostile));
}

TEST_CASE("parse errors name the column and what was expected") {
  struct Case {
    const char* pattern;
    int column;
    const char* message;
  };
  const Case cases[] = {
      {"{ $.a = }", 9, "expected a value, found '}'"},
      {"{ $.a == 1 }", 8, "expected a value, found '='"},
      {"{ $.a }", 7, "expected an operator (=, !=, <, <=, >, >=, IS, NOT EXISTS), found '}'"},
      {"{ ($.a = 1 }", 12, "expected '&&', '||' or ')', found '}'"},
      {"{ $.a = 1", 10, "expected '&&', '||' or '}', found the end of the pattern"},
      {"{ $.a = 1 } x", 13, "expected the end of the pattern after '}', found 'x'"},
      {"{ a = 1 }", 3, "expected a selector such as $.eventName, or '(', found 'a'"},
      {"{ $. = 1 }", 5, "expected a property name (letters, digits, '-' and '_') after '.', found ' '"},
      {"{ $.a[x] = 1 }", 7, "expected an array index (0, 1, ...) after '[', found 'x'"},
      {"{ $.a > \"5\" }", 9, "expected a number after a relational operator (<, <=, >, >= compare numbers), found '\"'"},
      {"{ $.a > abc }", 9, "expected a number after a relational operator (<, <=, >, >= compare numbers), found 'abc'"},
      {"{ $.a IS MAYBE }", 10, "expected TRUE, FALSE or NULL after IS, found 'M'"},
      {"{ $.a NOT THERE }", 11, "expected EXISTS after NOT, found 'T'"},
      {"{ $.a = \"abc }", 9, "the quoted value has no closing '\"'"},
      {"{ $.a = 1 || }", 14, "expected a selector such as $.eventName, or '(', found '}'"},
      {"{ $[0] = 1 }", 4, "expected '.' after '$' (a selector such as $.eventName), found '['"},
      {"{ $.a[1234567890] = 1 }", 7, "the array index is too large (at most 9 digits)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    int column = 0;
    CHECK(ErrorOf(c.pattern, &column) == c.message);
    CHECK(column == c.column);
  }
  CHECK(ErrorOf("{ $.a IS NOT NULL }").find("'IS NOT' is not supported") != std::string::npos);
  CHECK(ErrorOf("{ $.a EXISTS }").find("write '= *'") != std::string::npos);
  CHECK(ErrorOf("{ !($.a = 1) }").find("no NOT operator") != std::string::npos);
}

TEST_CASE("limits: length and nesting are errors, not crashes") {
  const std::string long_pattern = "{ $.a = \"" + std::string(1100, 'x') + "\" }";
  int column = 0;
  CHECK(ErrorOf(long_pattern, &column).find("CloudWatch allows 1024") != std::string::npos);
  CHECK(column == 1025);
  fp::ParseOptions relaxed;
  relaxed.max_length = 1 << 20;
  CHECK(fp::Parse(long_pattern, relaxed).ok());
  std::string deep = "{ ";
  for (int i = 0; i < 200; ++i) deep += "(";
  deep += "$.a = 1";
  for (int i = 0; i < 200; ++i) deep += ")";
  deep += " }";
  CHECK_FALSE(fp::Parse(deep, relaxed).ok());
  CHECK(ErrorOf(deep).find("nested deeper than 64") != std::string::npos);
  relaxed.max_nesting = 300;
  CHECK(fp::Parse(deep, relaxed).ok());
}

TEST_CASE("a filterpattern document loads as a detection rule, errors placed in the file") {
  constexpr std::string_view kRule = R"(title: Console sign-in without MFA
id: 11111111-2222-3333-4444-555555555555
level: medium
compliance:
  benchmark: CIS AWS Foundations Benchmark v3.0.0
  control: "4.2"
  securityhub: CloudWatch.3
  profile: Level 1
filterpattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'
)";
  sigma::RuleCollection rules;
  sigma::LoadText(kRule, "cis.yml", sigma::LoadOptions(), &rules);
  REQUIRE(rules.diagnostics.empty());
  REQUIRE(rules.rules.size() == 1);
  const sigma::DetectionRule& r = rules.rules[0];
  CHECK(r.info.language == sigma::RuleLanguage::kFilterPattern);
  CHECK(sigma::RuleLanguageName(r.info.language) == "filterpattern");
  CHECK(r.info.compliance.control == "4.2");
  CHECK(r.info.compliance.securityhub == "CloudWatch.3");
  CHECK(r.info.compliance.profile == "Level 1");
  CHECK(r.filter_pattern ==
        R"({ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") })");
  CHECK(r.fields_read == std::vector<std::string>{"$.eventName", "$.additionalEventData.MFAUsed"});

  sigma::RuleCollection broken;
  sigma::LoadText("title: t\nfilterpattern: '{ $.a = }'\n", "bad.yml", sigma::LoadOptions(),
                  &broken);
  REQUIRE(broken.rules.empty());
  REQUIRE(broken.diagnostics.size() == 1);
  // The quote is at column 16, the text starts at 17; the error is at its 9th.
  CHECK(broken.diagnostics[0].ToString() ==
        "bad.yml:2:25: error: filter pattern, column 9: expected a value, found '}'");

  sigma::RuleCollection empty;
  sigma::LoadText("title: t\nfilterpattern:\n", "empty.yml", sigma::LoadOptions(), &empty);
  REQUIRE(empty.rules.empty());
  REQUIRE(empty.diagnostics.size() == 1);
  CHECK(empty.diagnostics[0].message.find("'' matches every record") != std::string::npos);

  sigma::RuleCollection unknown;
  sigma::LoadText("title: t\ncompliance: {control: '1', level: 2}\nfilterpattern: ''\n", "c.yml",
                  sigma::LoadOptions(), &unknown);
  REQUIRE(unknown.diagnostics.size() == 1);
  CHECK(unknown.diagnostics[0].message.find("unknown key 'level' in 'compliance'") !=
        std::string::npos);
}
