// The Sigma specification's own examples and wording, as small inline rules
// against small inline CloudTrail-like events: for every modifier and every
// condition form, cases that must match and cases that must not. Each group
// cites the section it comes from in SigmaHQ/sigma-specification v2.1:
//   R = specification/sigma-rules-specification.md
//   M = specification/sigma-appendix-modifiers.md
// Where the specification is silent (nested fields, arrays, objects), the
// group cites the behaviour include/trailhunt/sigma.h fixes instead.
// The specification's Windows examples say EventID; here it is EventCode,
// because trailhunt's catalog resolves a name that differs from a CloudTrail
// field only in case to that field (catalog.h: EventID reads eventID, with
// a compile warning), which is not what these cases are about.
#include <doctest/doctest.h>

#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "trailhunt/hunt.h"
#include "trailhunt/sigma.h"

namespace {

// A whole rule around `detection`, whose lines are written from column 0.
std::string RuleText(std::string_view detection) {
  std::string out =
      "title: specification case\n"
      "logsource:\n"
      "    product: aws\n"
      "    service: cloudtrail\n"
      "detection:\n";
  std::istringstream lines{std::string(detection)};
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(' ') == std::string::npos) continue;
    out += "    " + line + "\n";
  }
  return out;
}

std::string LoadErrors(const trailhunt::sigma::RuleCollection& collection) {
  std::string out;
  for (const auto& d : collection.diagnostics) {
    if (d.severity == trailhunt::sigma::Diagnostic::Severity::kError) out += d.ToString() + "\n";
  }
  return out;
}

// "match", "no match", or what went wrong: load, compile or evaluation
// errors are verdicts of their own, so a case that fails to load fails
// loudly with the loader's words instead of passing as "no match".
std::string Verdict(std::string_view detection, std::string_view event,
                    const trailhunt::sigma::LoadOptions& options = {}) {
  trailhunt::sigma::RuleCollection collection;
  trailhunt::sigma::LoadText(RuleText(detection), "spec.yml", options, &collection);
  std::string errors = LoadErrors(collection);
  if (!errors.empty() || collection.rules.size() != 1) {
    return "load error: " + errors + std::to_string(collection.rules.size()) + " rules";
  }
  std::vector<trailhunt::sigma::Diagnostic> diagnostics;
  auto rules = trailhunt::RuleSet::Compile(collection, {}, &diagnostics);
  for (const auto& d : diagnostics) {
    if (d.severity == trailhunt::sigma::Diagnostic::Severity::kError) errors += d.ToString() + "\n";
  }
  if (!rules || rules->detection_count() != 1 || !errors.empty()) return "compile error: " + errors;
  trailhunt::RuleEvaluator evaluator(rules);
  auto matched = evaluator.EvaluateJson(event);
  if (!matched.ok()) return "evaluation error: " + std::string(matched.status().message());
  return matched->empty() ? "no match" : "match";
}

std::string Shown(std::string_view detection, std::string_view event) {
  return "rule:\n" + RuleText(detection) + "event: " + std::string(event);
}

// Whether loading `detection` is refused with an error.
bool Rejected(std::string_view detection, const trailhunt::sigma::LoadOptions& options = {}) {
  trailhunt::sigma::RuleCollection collection;
  trailhunt::sigma::LoadText(RuleText(detection), "spec.yml", options, &collection);
  return !LoadErrors(collection).empty() && collection.rules.empty();
}

trailhunt::sigma::LoadOptions WithPlaceholders() {
  trailhunt::sigma::LoadOptions options;
  options.placeholders = {{"Legitimate_Countries", {"US", "DE"}}, {"name", {"value"}}};
  return options;
}

}  // namespace

#define MATCHES(detection, event) \
  CHECK_MESSAGE(Verdict(detection, event) == "match", Shown(detection, event))
#define DOES_NOT_MATCH(detection, event) \
  CHECK_MESSAGE(Verdict(detection, event) == "no match", Shown(detection, event))

// R "#### General" (all values are case-insensitive strings) and
// "#### String Wildcard": a plain value is the whole field value; `?` is one
// mandatory character, `*` any run of characters including none.
TEST_CASE("spec: whole-value match and the * ? wildcards") {
  const char* plain = R"(
sel:
    eventName: ListBuckets
condition: sel
)";
  MATCHES(plain, R"({"eventName":"ListBuckets"})");
  DOES_NOT_MATCH(plain, R"({"eventName":"ListBucketsV2"})");
  DOES_NOT_MATCH(plain, R"({"eventName":"XListBuckets"})");
  DOES_NOT_MATCH(plain, R"({"eventName":"List"})");

  const char* question = R"(
sel:
    Image: prog?.exe
condition: sel
)";
  MATCHES(question, R"({"Image":"progA.exe"})");
  MATCHES(question, R"({"Image":"progB.exe"})");
  DOES_NOT_MATCH(question, R"({"Image":"prog.exe"})");
  DOES_NOT_MATCH(question, R"({"Image":"progAB.exe"})");

  const char* star = R"(
sel:
    Image: antivirus_V*.exe
condition: sel
)";
  MATCHES(star, R"({"Image":"antivirus_V1.exe"})");
  MATCHES(star, R"({"Image":"antivirus_V21.2.1.exe"})");
  MATCHES(star, R"({"Image":"antivirus_V.exe"})");  // unbounded length includes none
  DOES_NOT_MATCH(star, R"({"Image":"antivirus_V1.dll"})");
  DOES_NOT_MATCH(star, R"({"Image":"my_antivirus_V1.exe"})");
}

// R "#### Escaping": `\` escapes `*`, `?` and itself; a lone `\` before
// anything else is a plain backslash; `\\*` is a backslash then a wildcard;
// `\\\*` a backslash then a plain `*`; three or four backslashes are two.
// (Values are YAML single-quoted, which keeps backslashes as written; in the
// JSON events "\\" is one backslash.)
TEST_CASE("spec: backslash escapes") {
  const char* lone = R"(
sel:
    Image: 'C:\Windows\System32\cmd.exe'
condition: sel
)";
  MATCHES(lone, R"({"Image":"C:\\Windows\\System32\\cmd.exe"})");
  DOES_NOT_MATCH(lone, R"({"Image":"C:\\\\Windows\\\\System32\\\\cmd.exe"})");

  const char* doubled = R"(
sel:
    Image: 'C:\\Windows'
condition: sel
)";
  MATCHES(doubled, R"({"Image":"C:\\Windows"})");
  DOES_NOT_MATCH(doubled, R"({"Image":"C:\\\\Windows"})");

  const char* literal_star = R"(
sel:
    CommandLine: 'a\*b'
condition: sel
)";
  MATCHES(literal_star, R"({"CommandLine":"a*b"})");
  DOES_NOT_MATCH(literal_star, R"({"CommandLine":"axb"})");
  DOES_NOT_MATCH(literal_star, R"({"CommandLine":"a\\xb"})");

  const char* literal_question = R"(
sel:
    CommandLine: 'what\?'
condition: sel
)";
  MATCHES(literal_question, R"({"CommandLine":"what?"})");
  DOES_NOT_MATCH(literal_question, R"({"CommandLine":"whatx"})");

  const char* backslash_then_wildcard = R"(
sel:
    Path: 'dir\\*'
condition: sel
)";
  MATCHES(backslash_then_wildcard, R"({"Path":"dir\\anything"})");
  MATCHES(backslash_then_wildcard, R"({"Path":"dir\\"})");
  DOES_NOT_MATCH(backslash_then_wildcard, R"({"Path":"dirx"})");

  const char* backslash_then_star = R"(
sel:
    Path: 'dir\\\*'
condition: sel
)";
  MATCHES(backslash_then_star, R"({"Path":"dir\\*"})");
  DOES_NOT_MATCH(backslash_then_star, R"({"Path":"dir\\abc"})");

  const char* four = R"(
sel:
    Path: 'a\\\\b'
condition: sel
)";
  MATCHES(four, R"({"Path":"a\\\\b"})");
  DOES_NOT_MATCH(four, R"({"Path":"a\\b"})");

  const char* three = R"(
sel:
    Path: 'a\\\b'
condition: sel
)";
  MATCHES(three, R"({"Path":"a\\\\b"})");
  DOES_NOT_MATCH(three, R"({"Path":"a\\b"})");
}

// R "#### General" (case-insensitive by default) and M "### Generic
// Modifiers" (`cased`: values are applied case sensitively).
TEST_CASE("spec: case-insensitive by default, cased on request") {
  const char* insensitive = R"(
sel:
    eventName: listbuckets
condition: sel
)";
  MATCHES(insensitive, R"({"eventName":"ListBuckets"})");
  MATCHES(insensitive, R"({"eventName":"LISTBUCKETS"})");

  const char* wildcard = R"(
sel:
    eventName: list*
condition: sel
)";
  MATCHES(wildcard, R"({"eventName":"ListBuckets"})");

  const char* cased = R"(
sel:
    eventName|cased: ListBuckets
condition: sel
)";
  MATCHES(cased, R"({"eventName":"ListBuckets"})");
  DOES_NOT_MATCH(cased, R"({"eventName":"listbuckets"})");
  DOES_NOT_MATCH(cased, R"({"eventName":"LISTBUCKETS"})");

  const char* cased_contains = R"(
sel:
    userAgent|contains|cased: TruffleHog
condition: sel
)";
  MATCHES(cased_contains, R"({"userAgent":"TruffleHog v3.63"})");
  DOES_NOT_MATCH(cased_contains, R"({"userAgent":"trufflehog v3.63"})");
}

// R "#### Lists" (a value list is OR; a list of maps is OR of the maps) and
// "#### Maps" (map entries are AND; the EventLog/EventID example), M "###
// Generic Modifiers" (`all` turns a value list into AND).
TEST_CASE("spec: value lists, all, lists of maps, maps") {
  const char* spec_map = R"(
selection:
    EventLog: Security
    EventCode:
        - 517
        - 1102
condition: selection
)";
  MATCHES(spec_map, R"({"EventLog":"Security","EventCode":517})");
  MATCHES(spec_map, R"({"EventLog":"Security","EventCode":1102})");
  DOES_NOT_MATCH(spec_map, R"({"EventLog":"Security","EventCode":4624})");
  DOES_NOT_MATCH(spec_map, R"({"EventLog":"System","EventCode":1102})");
  DOES_NOT_MATCH(spec_map, R"({"EventCode":1102})");

  const char* all = R"(
sel:
    userAgent|contains|all:
        - 'S3 Browser'
        - '11.'
condition: sel
)";
  MATCHES(all, R"({"userAgent":"S3 Browser 11.5.7 https://s3browser.com"})");
  DOES_NOT_MATCH(all, R"({"userAgent":"S3 Browser 10.1 https://s3browser.com"})");
  DOES_NOT_MATCH(all, R"({"userAgent":"aws-cli/11.2"})");

  const char* list_of_maps = R"(
selection:
    - Image|endswith: '\\example.exe'
    - Description|contains: 'Test executable'
condition: selection
)";
  MATCHES(list_of_maps, R"({"Image":"C:\\temp\\example.exe"})");
  MATCHES(list_of_maps, R"({"Image":"C:\\x.exe","Description":"A Test executable file"})");
  DOES_NOT_MATCH(list_of_maps, R"({"Image":"C:\\x.exe","Description":"Production"})");
  DOES_NOT_MATCH(list_of_maps, R"({"Image":"C:\\temp\\myexample.exe"})");

  const char* spec_and = R"(
selection:
    EventLog: Security
    EventCode: 4769
    TicketOptions: '0x40810000'
    TicketEncryption: '0x17'
condition: selection
)";
  MATCHES(
      spec_and,
      R"({"EventLog":"Security","EventCode":4769,"TicketOptions":"0x40810000","TicketEncryption":"0x17"})");
  DOES_NOT_MATCH(
      spec_and,
      R"({"EventLog":"Security","EventCode":4769,"TicketOptions":"0x40810000","TicketEncryption":"0x12"})");
  DOES_NOT_MATCH(spec_and,
                 R"({"EventLog":"Security","EventCode":4769,"TicketOptions":"0x40810000"})");
}

// R "#### Special Field Values": `''` is an empty value, `null` a null value;
// "not null" is a negated selection (the PasswordLastSet example). sigma.h
// fixes the application: null matches a missing field and JSON null.
TEST_CASE("spec: null, not null and the empty value") {
  const char* null = R"(
sel:
    errorCode: null
condition: sel
)";
  MATCHES(null, R"({"eventName":"DeleteBucket"})");
  MATCHES(null, R"({"eventName":"DeleteBucket","errorCode":null})");
  DOES_NOT_MATCH(null, R"({"eventName":"DeleteBucket","errorCode":""})");
  DOES_NOT_MATCH(null, R"({"eventName":"DeleteBucket","errorCode":"AccessDenied"})");

  const char* not_null = R"(
selection:
    EventCode: 4738
filter:
    PasswordLastSet: null
condition: selection and not filter
)";
  MATCHES(not_null, R"({"EventCode":4738,"PasswordLastSet":"2024-01-02 10:00"})");
  DOES_NOT_MATCH(not_null, R"({"EventCode":4738})");
  DOES_NOT_MATCH(not_null, R"({"EventCode":4738,"PasswordLastSet":null})");

  const char* empty = R"(
sel:
    errorMessage: ''
condition: sel
)";
  MATCHES(empty, R"({"errorMessage":""})");
  DOES_NOT_MATCH(empty, R"({"errorMessage":"x"})");
  DOES_NOT_MATCH(empty, R"({"errorMessage":" "})");
}

// R "#### General" (values are strings) and "#### Maps" (a map value is "a
// string or integer value"): integers and booleans in the event compare as
// their text.
TEST_CASE("spec: numbers and booleans") {
  const char* integer = R"(
sel:
    EventCode: 4769
condition: sel
)";
  MATCHES(integer, R"({"EventCode":4769})");
  MATCHES(integer, R"({"EventCode":"4769"})");
  DOES_NOT_MATCH(integer, R"({"EventCode":4770})");
  DOES_NOT_MATCH(integer, R"({"EventCode":47690})");

  const char* quoted_true = R"(
sel:
    responseElements.publiclyAccessible: 'true'
condition: sel
)";
  MATCHES(quoted_true, R"({"responseElements":{"publiclyAccessible":true}})");
  MATCHES(quoted_true, R"({"responseElements":{"publiclyAccessible":"true"}})");
  DOES_NOT_MATCH(quoted_true, R"({"responseElements":{"publiclyAccessible":false}})");

  const char* plain_false = R"(
sel:
    requestParameters.enable: false
condition: sel
)";
  MATCHES(plain_false, R"({"requestParameters":{"enable":false}})");
  DOES_NOT_MATCH(plain_false, R"({"requestParameters":{"enable":true}})");
}

// R "#### Keywords search" (and "#### Lists": strings "applied to the full
// log message"): an unnamed list is searched across the entire event, OR by
// default, AND under '|all'; the spec's EVILSERVICE example shows keywords
// are case-insensitive too.
TEST_CASE("spec: keywords") {
  const char* keywords = R"(
mimikatz_keywords:
    - 'event::clear'
    - 'event::drop'
condition: mimikatz_keywords
)";
  MATCHES(keywords,
          R"({"eventName":"RunCommand","requestParameters":{"cmd":"mimikatz event::clear exit"}})");
  MATCHES(keywords, R"({"message":"run event::drop now"})");
  DOES_NOT_MATCH(keywords, R"({"message":"run event::list now"})");

  const char* all = R"(
keywords_cmdlet:
    '|all':
        - 'OabVirtualDirectory'
        - ' -ExternalUrl '
condition: keywords_cmdlet
)";
  MATCHES(all, R"({"cmd":"Set OabVirtualDirectory -ExternalUrl https://x.example"})");
  DOES_NOT_MATCH(all, R"({"cmd":"Set OabVirtualDirectory -InternalUrl https://x.example"})");
  DOES_NOT_MATCH(all, R"({"cmd":"Get-Mailbox -ExternalUrl https://x.example"})");

  const char* spec_list = R"(
keywords:
    - 'EVILSERVICE'
    - 'svchost.exe -n evil'
condition: keywords
)";
  MATCHES(spec_list, R"({"message":"service EvilService started"})");
  MATCHES(spec_list, R"({"cmd":"C:\\Windows\\svchost.exe -n evil"})");
  DOES_NOT_MATCH(spec_list, R"({"message":"service GoodService started"})");
}

// M "### Generic Modifiers": contains puts `*` around the value, startswith
// replaces 'adm*', endswith replaces '*\cmd.exe'.
TEST_CASE("spec: contains, startswith, endswith") {
  const char* contains = R"(
sel:
    userAgent|contains: 'TruffleHog'
condition: sel
)";
  MATCHES(contains, R"({"userAgent":"TruffleHog"})");
  MATCHES(contains, R"({"userAgent":"Mozilla trufflehog/3.0"})");
  DOES_NOT_MATCH(contains, R"({"userAgent":"Truffle Hog"})");
  DOES_NOT_MATCH(contains, R"({"eventName":"TruffleHog"})");

  const char* startswith = R"(
sel:
    eventName|startswith: 'UpdateFunctionConfiguration'
condition: sel
)";
  MATCHES(startswith, R"({"eventName":"UpdateFunctionConfiguration20150331v2"})");
  MATCHES(startswith, R"({"eventName":"UpdateFunctionConfiguration"})");
  DOES_NOT_MATCH(startswith, R"({"eventName":"XUpdateFunctionConfiguration"})");

  const char* endswith = R"(
sel:
    Image|endswith: '\cmd.exe'
condition: sel
)";
  MATCHES(endswith, R"({"Image":"C:\\Windows\\System32\\cmd.exe"})");
  DOES_NOT_MATCH(endswith, R"({"Image":"C:\\Windows\\System32\\cmd.exe.bak"})");
  DOES_NOT_MATCH(endswith, R"({"Image":"C:\\Windows\\System32\\xcmd.exe"})");

  const char* contains_star = R"(
sel:
    errorCode|contains: '*'
condition: sel
)";
  MATCHES(contains_star, R"({"errorCode":"AccessDenied"})");
  DOES_NOT_MATCH(contains_star, R"({"eventName":"ListBuckets"})");
}

// M "#### Regular Expression": `re` is case-sensitive by default; `i`
// makes it insensitive, `m` lets ^/$ match at line ends, `s` lets `.` match
// a newline.
TEST_CASE("spec: re and its i, m, s sub-modifiers") {
  const char* re = R"(
sel:
    userIdentity.arn|re: '.+:assumed-role/aws:.+'
condition: sel
)";
  MATCHES(
      re,
      R"({"userIdentity":{"arn":"arn:aws:sts::123456789012:assumed-role/aws:ec2-instance/i-0abc"}})");
  DOES_NOT_MATCH(re, R"({"userIdentity":{"arn":"arn:aws:iam::123456789012:user/alice"}})");

  const char* sensitive = R"(
sel:
    eventName|re: '^ListBuckets$'
condition: sel
)";
  MATCHES(sensitive, R"({"eventName":"ListBuckets"})");
  DOES_NOT_MATCH(sensitive, R"({"eventName":"listbuckets"})");

  const char* insensitive = R"(
sel:
    eventName|re|i: '^ListBuckets$'
condition: sel
)";
  MATCHES(insensitive, R"({"eventName":"listbuckets"})");
  DOES_NOT_MATCH(insensitive, R"({"eventName":"listbucket"})");

  const char* multiline = R"(
sel:
    message|re|m: '^second$'
condition: sel
)";
  const char* plain_lines = R"(
sel:
    message|re: '^second$'
condition: sel
)";
  MATCHES(multiline, R"({"message":"first\nsecond\nthird"})");
  DOES_NOT_MATCH(plain_lines, R"({"message":"first\nsecond\nthird"})");

  const char* dotall = R"(
sel:
    message|re|s: 'a.c'
condition: sel
)";
  const char* plain_dot = R"(
sel:
    message|re: 'a.c'
condition: sel
)";
  MATCHES(dotall, R"({"message":"a\nc"})");
  DOES_NOT_MATCH(plain_dot, R"({"message":"a\nc"})");
  MATCHES(plain_dot, R"({"message":"abc"})");
}

// M "### IP (Internet Protocol) Modifiers": cidr, IPv4 and IPv6 notations.
TEST_CASE("spec: cidr") {
  const char* v4 = R"(
sel:
    DestinationIp|cidr: 10.0.0.0/8
condition: sel
)";
  MATCHES(v4, R"({"DestinationIp":"10.1.2.3"})");
  MATCHES(v4, R"({"DestinationIp":"10.255.255.255"})");
  DOES_NOT_MATCH(v4, R"({"DestinationIp":"11.0.0.1"})");
  DOES_NOT_MATCH(v4, R"({"DestinationIp":"not an address"})");

  const char* v6 = R"(
sel:
    sourceIPAddress|cidr: '2001:db8::/32'
condition: sel
)";
  MATCHES(v6, R"({"sourceIPAddress":"2001:db8::1"})");
  MATCHES(v6, R"({"sourceIPAddress":"2001:db8:ffff::42"})");
  DOES_NOT_MATCH(v6, R"({"sourceIPAddress":"2001:db9::1"})");
  DOES_NOT_MATCH(v6, R"({"sourceIPAddress":"10.1.2.3"})");

  const char* list = R"(
sel:
    sourceIPAddress|cidr:
        - 192.168.0.0/16
        - 172.16.0.0/12
condition: sel
)";
  MATCHES(list, R"({"sourceIPAddress":"172.31.0.9"})");
  DOES_NOT_MATCH(list, R"({"sourceIPAddress":"172.32.0.9"})");
}

// R "#### Field Existence" (the PasswordLastSet example) and M "### Generic
// Modifiers": exists checks presence only, "not its value, be it empty or
// null".
TEST_CASE("spec: exists") {
  const char* exists = R"(
selection:
    EventCode: 4738
    PasswordLastSet|exists: true
condition: selection
)";
  MATCHES(exists, R"({"EventCode":4738,"PasswordLastSet":"2024-01-02"})");
  MATCHES(exists, R"({"EventCode":4738,"PasswordLastSet":""})");
  MATCHES(exists, R"({"EventCode":4738,"PasswordLastSet":null})");
  DOES_NOT_MATCH(exists, R"({"EventCode":4738})");

  const char* absent = R"(
selection:
    errorCode|exists: false
condition: selection
)";
  MATCHES(absent, R"({"eventName":"ListBuckets"})");
  DOES_NOT_MATCH(absent, R"({"eventName":"ListBuckets","errorCode":null})");
  DOES_NOT_MATCH(absent, R"({"eventName":"ListBuckets","errorCode":"AccessDenied"})");
}

// M "#### Encoding": base64 encodes the value; base64offset gives the three
// variants for shifts of zero to two bytes; utf16le/utf16be/utf16 (with a
// byte order mark)/wide (= utf16le) transform it before base64.
TEST_CASE("spec: base64, base64offset, utf16 and wide") {
  const char* base64 = R"(
sel:
    CommandLine|base64: 'abc'
condition: sel
)";
  MATCHES(base64, R"({"CommandLine":"YWJj"})");
  DOES_NOT_MATCH(base64, R"({"CommandLine":"abc"})");

  const char* offset = R"(
sel:
    CommandLine|base64offset|contains: 'http://evil'
condition: sel
)";
  // base64 of "GET " / "GET  " / "GET   " + "http://evil.example/x": the
  // value starts at byte offsets 1, 2 and 0 (mod 3).
  MATCHES(offset, R"({"CommandLine":"powershell -enc R0VUIGh0dHA6Ly9ldmlsLmV4YW1wbGUveA=="})");
  MATCHES(offset, R"({"CommandLine":"powershell -enc R0VUICBodHRwOi8vZXZpbC5leGFtcGxlL3g="})");
  MATCHES(offset, R"({"CommandLine":"powershell -enc R0VUICAgaHR0cDovL2V2aWwuZXhhbXBsZS94"})");
  // base64 of "GET http://good.example/x"
  DOES_NOT_MATCH(offset,
                 R"({"CommandLine":"powershell -enc R0VUIGh0dHA6Ly9nb29kLmV4YW1wbGUveA=="})");

  const char* le = R"(
sel:
    CommandLine|utf16le|base64: 'cmd'
condition: sel
)";
  MATCHES(le, R"({"CommandLine":"YwBtAGQA"})");
  DOES_NOT_MATCH(le, R"({"CommandLine":"Y21k"})");

  const char* be = R"(
sel:
    CommandLine|utf16be|base64: 'cmd'
condition: sel
)";
  MATCHES(be, R"({"CommandLine":"AGMAbQBk"})");
  DOES_NOT_MATCH(be, R"({"CommandLine":"YwBtAGQA"})");

  const char* bom = R"(
sel:
    CommandLine|utf16|base64: 'cmd'
condition: sel
)";
  MATCHES(bom, R"({"CommandLine":"//5jAG0AZAA="})");
  DOES_NOT_MATCH(bom, R"({"CommandLine":"YwBtAGQA"})");

  const char* wide = R"(
sel:
    CommandLine|wide|base64: 'cmd'
condition: sel
)";
  MATCHES(wide, R"({"CommandLine":"YwBtAGQA"})");
  DOES_NOT_MATCH(wide, R"({"CommandLine":"AGMAbQBk"})");
}

// M "### String Modifiers": windash permutes `-`, `/`, `–` (en dash), `—`
// (em dash) and `―` (horizontal bar).
TEST_CASE("spec: windash") {
  const char* windash = R"(
sel:
    CommandLine|contains|windash: ' -exec '
condition: sel
)";
  MATCHES(windash, R"({"CommandLine":"tool.exe -exec bypass"})");
  MATCHES(windash, R"({"CommandLine":"tool.exe /exec bypass"})");
  MATCHES(windash,
          "{\"CommandLine\":\"tool.exe \xE2\x80\x93"
          "exec bypass\"}");  // en dash
  MATCHES(windash,
          "{\"CommandLine\":\"tool.exe \xE2\x80\x94"
          "exec bypass\"}");  // em dash
  MATCHES(windash,
          "{\"CommandLine\":\"tool.exe \xE2\x80\x95"
          "exec bypass\"}");  // horizontal bar
  DOES_NOT_MATCH(windash, R"({"CommandLine":"tool.exe +exec bypass"})");
  DOES_NOT_MATCH(windash, R"({"CommandLine":"tool.exe exec bypass"})");
}

// M "### Specific Modifiers": fieldref compares with another field of the
// same event (the SigmaHQ rule aws_update_login_profile.yml uses it).
TEST_CASE("spec: fieldref") {
  const char* equal = R"(
sel:
    userIdentity.arn|fieldref: requestParameters.userName
condition: sel
)";
  MATCHES(equal, R"({"userIdentity":{"arn":"alice"},"requestParameters":{"userName":"alice"}})");
  DOES_NOT_MATCH(
      equal,
      R"({"userIdentity":{"arn":"arn:aws:iam::1:user/alice"},"requestParameters":{"userName":"bob"}})");
  DOES_NOT_MATCH(equal, R"({"userIdentity":{"arn":"alice"}})");

  // Combined with startswith/endswith/contains where the loader supports it
  // (the specification names only neq as a companion): an ARN ending in the
  // user name is the case Panther's equivalent rule checks.
  const char* ends = R"(
sel:
    userIdentity.arn|fieldref|endswith: requestParameters.userName
condition: sel
)";
  const std::string support = Verdict(ends, R"({"a":1})");
  if (support.rfind("load error", 0) == 0) {
    MESSAGE("fieldref|endswith is not supported by the loader: " << support);
  } else {
    MATCHES(
        ends,
        R"({"userIdentity":{"arn":"arn:aws:iam::1:user/alice"},"requestParameters":{"userName":"alice"}})");
    DOES_NOT_MATCH(
        ends,
        R"({"userIdentity":{"arn":"arn:aws:iam::1:user/alice"},"requestParameters":{"userName":"bob"}})");
    const char* contains = R"(
sel:
    userIdentity.arn|fieldref|contains: requestParameters.userName
condition: sel
)";
    MATCHES(
        contains,
        R"({"userIdentity":{"arn":"arn:aws:iam::1:user/alice/x"},"requestParameters":{"userName":"alice"}})");
    DOES_NOT_MATCH(
        contains,
        R"({"userIdentity":{"arn":"arn:aws:iam::1:user/carol"},"requestParameters":{"userName":"alice"}})");
    const char* starts = R"(
sel:
    userIdentity.arn|fieldref|startswith: requestParameters.userName
condition: sel
)";
    MATCHES(starts,
            R"({"userIdentity":{"arn":"alice-admin"},"requestParameters":{"userName":"alice"}})");
    DOES_NOT_MATCH(
        starts, R"({"userIdentity":{"arn":"x-alice"},"requestParameters":{"userName":"alice"}})");
  }
}

// M "### Numeric Modifiers": lt, lte, gt, gte compare numbers; neq (also
// "### Generic Modifiers", v2.1: strings or numbers) is "different from".
TEST_CASE("spec: gt, gte, lt, lte, neq") {
  const char* gt = R"(
sel:
    EventCode|gt: 4000
condition: sel
)";
  MATCHES(gt, R"({"EventCode":4769})");
  DOES_NOT_MATCH(gt, R"({"EventCode":4000})");
  DOES_NOT_MATCH(gt, R"({"EventCode":100})");
  DOES_NOT_MATCH(gt, R"({"EventCode":"abc"})");

  const char* gte = R"(
sel:
    EventCode|gte: 4000
condition: sel
)";
  MATCHES(gte, R"({"EventCode":4000})");
  DOES_NOT_MATCH(gte, R"({"EventCode":3999})");

  const char* lt = R"(
sel:
    EventCode|lt: 10
condition: sel
)";
  MATCHES(lt, R"({"EventCode":9})");
  MATCHES(lt, R"({"EventCode":-1})");
  DOES_NOT_MATCH(lt, R"({"EventCode":10})");

  const char* lte = R"(
sel:
    EventCode|lte: 10
condition: sel
)";
  MATCHES(lte, R"({"EventCode":10})");
  DOES_NOT_MATCH(lte, R"({"EventCode":10.5})");

  const char* neq_text = R"(
sel:
    eventName|neq: ListBuckets
condition: sel
)";
  MATCHES(neq_text, R"({"eventName":"GetObject"})");
  DOES_NOT_MATCH(neq_text, R"({"eventName":"ListBuckets"})");

  const char* neq_number = R"(
sel:
    EventCode|neq: 4769
condition: sel
)";
  MATCHES(neq_number, R"({"EventCode":4770})");
  DOES_NOT_MATCH(neq_number, R"({"EventCode":4769})");
}

// R "#### Placeholders": only with expand is `%name%` a placeholder; `\%` is
// a plain percent; a tool that cannot resolve a placeholder must reject the
// rule.
TEST_CASE("spec: expand and placeholders") {
  const char* expand = R"(
sel:
    src_country|expand: '%Legitimate_Countries%'
condition: sel
)";
  CHECK_MESSAGE(Verdict(expand, R"({"src_country":"US"})", WithPlaceholders()) == "match", expand);
  CHECK_MESSAGE(Verdict(expand, R"({"src_country":"DE"})", WithPlaceholders()) == "match", expand);
  CHECK_MESSAGE(Verdict(expand, R"({"src_country":"FR"})", WithPlaceholders()) == "no match",
                expand);
  CHECK(Rejected(expand));

  const char* literal = R"(
sel:
    field: '%name%'
condition: sel
)";
  MATCHES(literal, R"({"field":"%name%"})");
  DOES_NOT_MATCH(literal, R"({"field":"value"})");

  const char* escaped = R"(
sel:
    field|expand: '\%plain%name%'
condition: sel
)";
  CHECK_MESSAGE(Verdict(escaped, R"({"field":"%plainvalue"})", WithPlaceholders()) == "match",
                escaped);
  CHECK_MESSAGE(Verdict(escaped, R"({"field":"value"})", WithPlaceholders()) == "no match",
                escaped);
}

// R "### Condition": and, or, not, brackets, `1 of`/`all of` a pattern,
// `1 of them`/`all of them` (identifiers starting with `_` excluded), a list
// of conditions is their OR, and the precedence (loosest first) or, and,
// not, x of, ( ).
TEST_CASE("spec: conditions") {
  // Three selections on three fields, so one event sets any combination.
  auto event = [](bool a, bool b, bool c) {
    return std::string("{\"A\":\"") + (a ? "yes" : "no") + "\",\"B\":\"" + (b ? "yes" : "no") +
           "\",\"C\":\"" + (c ? "yes" : "no") + "\"}";
  };
  auto rule = [](const std::string& condition) {
    return "a:\n    A: 'yes'\nb:\n    B: 'yes'\nc:\n    C: 'yes'\ncondition: " + condition + "\n";
  };
  struct Case {
    const char* condition;
    bool a, b, c;
    bool expected;
  };
  const Case cases[] = {
      {"a and b", true, true, false, true},
      {"a and b", true, false, true, false},
      {"a or b", false, true, false, true},
      {"a or b", false, false, true, false},
      {"not a", false, false, false, true},
      {"not a", true, false, false, false},
      {"a and (b or c)", true, false, true, true},
      {"a and (b or c)", false, true, true, false},
      // a or b and c == a or (b and c), not (a or b) and c
      {"a or b and c", true, false, false, true},
      {"a or b and c", false, true, false, false},
      // not a and b == (not a) and b, not not (a and b)
      {"not a and b", false, true, false, true},
      {"not a and b", false, false, false, false},
      {"not a and b", true, true, false, false},
      {"(a or b) and c", true, false, false, false},
  };
  for (const auto& k : cases) {
    const std::string r = rule(k.condition);
    const std::string e = event(k.a, k.b, k.c);
    CHECK_MESSAGE(Verdict(r, e) == (k.expected ? "match" : "no match"), Shown(r, e));
  }

  const char* of = R"(
selection_sts:
    eventSource: 'sts.amazonaws.com'
    eventName: 'AssumeRoleWithSAML'
selection_iam:
    eventSource: 'iam.amazonaws.com'
    eventName: 'UpdateSAMLProvider'
filter_a:
    userAgent: 'console.amazonaws.com'
condition: 1 of selection_*
)";
  MATCHES(of, R"({"eventSource":"iam.amazonaws.com","eventName":"UpdateSAMLProvider"})");
  DOES_NOT_MATCH(of, R"({"eventSource":"iam.amazonaws.com","eventName":"AssumeRoleWithSAML"})");

  const char* all_of = R"(
sel_source:
    eventSource: 's3.amazonaws.com'
sel_name:
    eventName: 'DeleteBucket'
other:
    errorCode: 'x'
condition: all of sel_*
)";
  MATCHES(all_of, R"({"eventSource":"s3.amazonaws.com","eventName":"DeleteBucket"})");
  DOES_NOT_MATCH(all_of, R"({"eventSource":"s3.amazonaws.com","eventName":"ListBuckets"})");

  // `x of` binds tighter than `not`: not 1 of filter* == not (1 of filter*).
  const char* not_of = R"(
selection:
    eventName: 'ConsoleLogin'
filter_country:
    src_country: 'US'
filter_ip:
    src_ip: '198.51.100.10'
condition: selection and not 1 of filter_*
)";
  MATCHES(not_of, R"({"eventName":"ConsoleLogin","src_country":"FR","src_ip":"203.0.113.9"})");
  DOES_NOT_MATCH(not_of,
                 R"({"eventName":"ConsoleLogin","src_country":"FR","src_ip":"198.51.100.10"})");
  DOES_NOT_MATCH(not_of,
                 R"({"eventName":"ConsoleLogin","src_country":"US","src_ip":"203.0.113.9"})");

  const char* them = R"(
one:
    A: 'yes'
two:
    B: 'yes'
_helper:
    C: 'yes'
condition: all of them
)";
  MATCHES(them, event(true, true, false));  // _helper false does not count
  DOES_NOT_MATCH(them, event(true, false, true));

  const char* one_of_them = R"(
one:
    A: 'yes'
two:
    B: 'yes'
_helper:
    C: 'yes'
condition: 1 of them
)";
  MATCHES(one_of_them, event(false, true, false));
  DOES_NOT_MATCH(one_of_them, event(false, false, true));  // only _helper holds

  const char* list = R"(
a:
    A: 'yes'
b:
    B: 'yes'
condition:
    - a
    - b
)";
  MATCHES(list, event(false, true, false));
  MATCHES(list, event(true, false, false));
  DOES_NOT_MATCH(list, event(false, false, true));
}

// R "#### Field Usage" says nothing about dots, nesting or arrays;
// include/trailhunt/sigma.h fixes it: a field name is a flat key first, then
// a dotted path in which every array element is tried; an object value is
// matched as its compact JSON text.
TEST_CASE("trailhunt: dotted names, flat keys, arrays and objects") {
  const char* nested = R"(
sel:
    userIdentity.sessionContext.sessionIssuer.type: Role
condition: sel
)";
  MATCHES(
      nested,
      R"({"userIdentity":{"type":"AssumedRole","sessionContext":{"sessionIssuer":{"type":"Role"}}}})");
  DOES_NOT_MATCH(
      nested,
      R"({"userIdentity":{"type":"Role","sessionContext":{"sessionIssuer":{"type":"Root"}}}})");

  const char* flat_flat = R"(
sel:
    a.b: flat
condition: sel
)";
  const char* flat_nested = R"(
sel:
    a.b: nested
condition: sel
)";
  MATCHES(flat_flat, R"({"a.b":"flat","a":{"b":"nested"}})");
  DOES_NOT_MATCH(flat_nested, R"({"a.b":"flat","a":{"b":"nested"}})");
  MATCHES(flat_nested, R"({"a":{"b":"nested"}})");

  const char* element = R"(
sel:
    requestParameters.ipPermissions.items.ipRanges.items.cidrIp: '0.0.0.0/0'
condition: sel
)";
  MATCHES(
      element,
      R"({"requestParameters":{"ipPermissions":{"items":[{"ipRanges":{"items":[{"cidrIp":"10.0.0.0/8"}]}},{"ipRanges":{"items":[{"cidrIp":"172.16.0.0/12"},{"cidrIp":"0.0.0.0/0"}]}}]}}})");
  DOES_NOT_MATCH(
      element,
      R"({"requestParameters":{"ipPermissions":{"items":[{"ipRanges":{"items":[{"cidrIp":"10.0.0.0/8"}]}}]}}})");

  const char* strings = R"(
sel:
    requestParameters.containerDefinitions.command|contains: '$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'
condition: sel
)";
  MATCHES(
      strings,
      R"({"requestParameters":{"containerDefinitions":[{"command":["nginx"]},{"command":["sh","-c","curl 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]}]}})");
  DOES_NOT_MATCH(
      strings, R"({"requestParameters":{"containerDefinitions":[{"command":["sh","-c","env"]}]}})");

  const char* object = R"(
sel:
    requestParameters|contains|all:
        - '"s3:GetObject"'
        - '"Allow"'
condition: sel
)";
  MATCHES(object, R"({"requestParameters":{"Effect":"Allow","Action":["s3:GetObject"]}})");
  MATCHES(object,
          R"({"requestParameters": { "Effect" : "Allow", "Action" : [ "s3:GetObject" ] }})");
  DOES_NOT_MATCH(object, R"({"requestParameters":{"Effect":"Deny","Action":["s3:GetObject"]}})");
  DOES_NOT_MATCH(object,
                 R"({"requestParameters":{"Effect":"Allow","Action":["s3:GetObjectAcl"]}})");

  const char* compact = R"(
sel:
    requestParameters|contains: '{"bucketName":"logs"}'
condition: sel
)";
  MATCHES(compact, R"({"requestParameters": {"bucketName": "logs"}})");
  DOES_NOT_MATCH(compact, R"({"requestParameters": {"bucketName": "other"}})");
}
