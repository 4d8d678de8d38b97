// The Sigma loader (sigma.h): document structure, metadata, every error
// kind with its exact position and construct, the Expr every modifier
// yields, and matching semantics checked through a small harness (the
// rule's Expr compiled with match::Predicate over fields read from an
// Event), without the hunt layer.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "trailhunt/catalog.h"
#include "trailhunt/event.h"
#include "trailhunt/match.h"
#include "trailhunt/sigma.h"

namespace sigma = trailhunt::sigma;
using trailhunt::SlotIndex;
using trailhunt::Value;
using trailhunt::match::Expr;
using trailhunt::match::Op;
using trailhunt::match::Predicate;

namespace {

sigma::RuleCollection Load(std::string_view text, sigma::LoadOptions options = {}) {
  sigma::RuleCollection c;
  sigma::LoadText(text, "t.yml", options, &c);
  return c;
}

// A detection rule around one selection body (indented 8 spaces) and a
// condition; the selection starts on line 6.
std::string Rule(std::string_view selection, std::string_view condition = "selection") {
  return "title: T\n"
         "logsource: {product: aws, service: cloudtrail}\n"
         "detection:\n"
         "    selection:\n"
         "        eventSource: iam.amazonaws.com\n" +
         std::string(selection) + "    condition: " + std::string(condition) + "\n";
}

std::string Errors(const sigma::RuleCollection& c) {
  std::string out;
  for (const sigma::Diagnostic& d : c.diagnostics) out += "[" + d.construct + "] " + d.ToString() + "\n";
  return out;
}

// The one diagnostic of `c`, which must be an error.
const sigma::Diagnostic& OnlyError(const sigma::RuleCollection& c) {
  INFO(Errors(c));
  REQUIRE(c.diagnostics.size() == 1);
  REQUIRE(c.diagnostics[0].severity == sigma::Diagnostic::Severity::kError);
  return c.diagnostics[0];
}

void CheckError(std::string_view text, int line, int column, std::string_view construct) {
  const sigma::RuleCollection c = Load(text);
  const sigma::Diagnostic& d = OnlyError(c);
  CHECK(d.where.file == "t.yml");
  CHECK(d.where.line == line);
  CHECK(d.where.column == column);
  CHECK(d.construct == construct);
  CHECK(!d.message.empty());
  CHECK(c.rules.empty());
  CHECK(c.correlations.empty());
  CHECK(c.filters.empty());
}

absl::StatusOr<Predicate> Compile(const Expr& e, std::vector<std::string>* names) {
  return Predicate::Compile(e, [names](std::string_view f) -> absl::StatusOr<SlotIndex> {
    for (size_t i = 0; i < names->size(); ++i) {
      if ((*names)[i] == f) return static_cast<SlotIndex>(i);
    }
    names->emplace_back(f);
    return static_cast<SlotIndex>(names->size() - 1);
  });
}

// The rule's expression as Predicate::ToString renders it.
std::string Render(const Expr& e) {
  std::vector<std::string> names;
  auto p = Compile(e, &names);
  if (!p.ok()) return "compile error: " + std::string(p.status().message());
  return p->ToString();
}

// The loaded rule's expression, rendered; "" when the rule did not load.
std::string RuleExpr(std::string_view text, sigma::LoadOptions options = {}) {
  const sigma::RuleCollection c = Load(text, options);
  INFO(Errors(c));
  if (c.rules.size() != 1 || c.error_count() != 0) return "";
  return Render(c.rules[0].expr);
}

// The expression of `selection` (whose first entry is eventSource = iam).
std::string SelectionExpr(std::string_view entries, sigma::LoadOptions options = {}) {
  std::string r = RuleExpr(Rule(entries), options);
  const std::string prefix = "(eventSource = \"iam.amazonaws.com\" AND ";
  if (r.rfind(prefix, 0) != 0 || r.back() != ')') return "unexpected: " + r;
  return r.substr(prefix.size(), r.size() - prefix.size() - 1);
}

// Evaluates a loaded rule against a CloudTrail record: each field name is
// resolved through the catalog (raw view) and read from the Event.
bool Matches(const Expr& expr, std::string_view json) {
  auto event = trailhunt::Event::Parse(json);
  REQUIRE(event.ok());
  std::vector<std::string> names;
  auto p = Compile(expr, &names);
  REQUIRE(p.ok());
  std::vector<Value> slots;
  for (const std::string& name : names) {
    auto resolved = trailhunt::Catalog::Default().Resolve(name, trailhunt::FieldView::kRaw);
    REQUIRE(resolved.ok());
    slots.push_back(event->Get(*resolved));
  }
  trailhunt::match::FieldSet fields;
  fields.slots = slots;
  fields.raw = json;
  return p->Matches(fields);
}

bool RuleMatches(std::string_view text, std::string_view json, sigma::LoadOptions options = {}) {
  const sigma::RuleCollection c = Load(text, options);
  INFO(Errors(c));
  REQUIRE(c.rules.size() == 1);
  return Matches(c.rules[0].expr, json);
}

}  // namespace

// ---------------------------------------------------------------------------
// Structure and metadata
// ---------------------------------------------------------------------------

TEST_CASE("metadata, tags and ATT&CK ids are read") {
  const std::string text =
      "title: Root login\n"
      "id: 11111111-2222-3333-4444-555555555555\n"
      "name: root_login\n"
      "status: test\n"
      "description: Detects the root user\n"
      "references:\n"
      "    - https://example.com/a\n"
      "author: Someone, Other\n"
      "date: 2024-01-02\n"
      "modified: 2024/03/04\n"
      "license: DRL-1.1\n"
      "tags:\n"
      "    - attack.privilege_escalation\n"
      "    - attack.t1078.004\n"
      "    - attack.TA0004\n"
      "    - attack.t1078.004\n"
      "    - attack.g0016\n"
      "    - attack.s0002\n"
      "    - attack.t123\n"
      "    - cve.2021-44228\n"
      "logsource:\n"
      "    product: aws\n"
      "    service: cloudtrail\n"
      "    definition: management events\n"
      "detection:\n"
      "    selection:\n"
      "        userIdentity.type: Root\n"
      "    condition: selection\n"
      "fields:\n"
      "    - sourceIPAddress\n"
      "falsepositives: Break-glass logins\n"
      "level: high\n"
      "custom_attribute: {anything: [goes]}\n";
  const sigma::RuleCollection c = Load(text);
  INFO(Errors(c));
  REQUIRE(c.rules.size() == 1);
  CHECK(c.diagnostics.empty());
  const sigma::RuleInfo& info = c.rules[0].info;
  CHECK(info.title == "Root login");
  CHECK(info.id == "11111111-2222-3333-4444-555555555555");
  CHECK(info.name == "root_login");
  CHECK(info.status == "test");
  CHECK(info.level == "high");
  CHECK(info.description == "Detects the root user");
  CHECK(info.author == "Someone, Other");
  CHECK(info.date == "2024-01-02");
  CHECK(info.modified == "2024/03/04");
  CHECK(info.license == "DRL-1.1");
  CHECK(info.references == std::vector<std::string>{"https://example.com/a"});
  CHECK(info.falsepositives == std::vector<std::string>{"Break-glass logins"});
  CHECK(info.fields == std::vector<std::string>{"sourceIPAddress"});
  CHECK(info.tags.size() == 8);
  CHECK(info.attack_ids == std::vector<std::string>{"T1078.004", "TA0004", "G0016", "S0002"});
  CHECK(info.logsource.product == "aws");
  CHECK(info.logsource.service == "cloudtrail");
  CHECK(info.logsource.category.empty());
  CHECK(info.logsource.definition == "management events");
  CHECK(info.where.file == "t.yml");
  CHECK(info.where.line == 1);
  CHECK(c.rules[0].fields_read == std::vector<std::string>{"userIdentity.type"});
  CHECK(c.rules[0].timeframe.empty());
  CHECK(c.documents == 1);
}

TEST_CASE("a known key of the wrong YAML kind is an error at its value") {
  CheckError("title: [a, b]\nlogsource: {product: aws}\ndetection:\n    s: {a: b}\n    condition: s\n",
             1, 8, "key 'title'");
  CheckError(Rule("", "selection") + "tags: {a: b}\n", 7, 7, "key 'tags'");
  CheckError(Rule("", "selection") + "tags: [attack.t1078, [nested]]\n", 7, 22, "key 'tags'");
}

TEST_CASE("missing title, logsource, condition and an empty document kind are errors") {
  CheckError("logsource: {product: aws}\ndetection:\n    s: {a: b}\n    condition: s\n", 1, 1,
             "key 'title'");
  CheckError("title: t\ndetection:\n    s: {a: b}\n    condition: s\n", 1, 1, "key 'logsource'");
  CheckError("title: t\nlogsource: {product: aws}\ndetection:\n    s: {a: b}\n", 3, 1,
             "detection.condition");
  CheckError("title: t\nlevel: high\n", 1, 1, "document kind");
  CheckError("- a\n- b\n", 1, 1, "document");
}

TEST_CASE("several documents in one file are separate rules; a broken one does not stop the others") {
  const std::string text =
      "title: Base\n"
      "name: base_rule\n"
      "logsource: {product: aws, service: cloudtrail}\n"
      "detection:\n"
      "    s: {eventName: ConsoleLogin}\n"
      "    condition: s\n"
      "---\n"
      "title: Broken\n"
      "logsource: {product: aws, service: cloudtrail}\n"
      "detection:\n"
      "    s: {eventName|nope: x}\n"
      "    condition: s\n"
      "---\n"
      "title: Many logins\n"
      "correlation:\n"
      "    type: event_count\n"
      "    rules: base_rule\n"
      "    group-by: [sourceIPAddress]\n"
      "    timespan: 10m\n"
      "    condition: {gte: 5}\n";
  const sigma::RuleCollection c = Load(text);
  CHECK(c.documents == 3);
  REQUIRE(c.rules.size() == 1);
  CHECK(c.rules[0].info.name == "base_rule");
  REQUIRE(c.correlations.size() == 1);
  CHECK(c.correlations[0].info.where.line == 14);
  CHECK(c.correlations[0].rules == std::vector<std::string>{"base_rule"});
  REQUIRE(c.error_count() == 1);
  CHECK(c.diagnostics[0].where.line == 11);
  CHECK(c.diagnostics[0].where.column == 19);
  CHECK(c.diagnostics[0].construct == "modifier 'nope'");
}

TEST_CASE("Diagnostic::ToString and RuleCollection bookkeeping") {
  sigma::Diagnostic d;
  d.where = {"rules/a.yml", 3, 7};
  d.message = "bad thing.";
  CHECK(d.ToString() == "rules/a.yml:3:7: error: bad thing.");
  d.severity = sigma::Diagnostic::Severity::kWarning;
  CHECK(d.ToString() == "rules/a.yml:3:7: warning: bad thing.");
  d.where.line = 0;
  CHECK(d.ToString() == "rules/a.yml: warning: bad thing.");

  sigma::RuleCollection a = Load(Rule(""));
  sigma::RuleCollection b = Load(Rule("        x|nope: 1\n") + "---\n" + Rule(""));
  CHECK(b.error_count() == 1);
  a.Append(std::move(b));
  CHECK(a.rules.size() == 2);
  CHECK(a.documents == 3);
  CHECK(a.error_count() == 1);
  CHECK(b.rules.empty());
  CHECK(b.documents == 0);
}

// ---------------------------------------------------------------------------
// Errors: position and construct of each kind
// ---------------------------------------------------------------------------

TEST_CASE("duplicate keys are errors at the second key, in any map") {
  CheckError(Rule("        eventName: A\n        eventName: B\n"), 7, 9, "duplicate key 'eventName'");
  CheckError("title: a\ntitle: b\nlogsource: {product: aws}\ndetection: {s: {a: b}, condition: s}\n",
             2, 1, "duplicate key 'title'");
  CheckError(Rule("        x: {a: 1, a: 2}\n"), 6, 19, "duplicate key 'a'");
}

TEST_CASE("unknown and time-part modifiers name themselves at their column") {
  CheckError(Rule("        eventName|contians: x\n"), 6, 19, "modifier 'contians'");
  // Quoted key: the column accounts for the quote.
  CheckError(Rule("        'eventName|contains|bogus': x\n"), 6, 29, "modifier 'bogus'");
  CheckError(Rule("        eventTime|hour: 3\n"), 6, 19, "modifier 'hour'");
  CheckError(Rule("        eventName||contains: x\n"), 6, 19, "modifier ''");
  CheckError(Rule("        eventName|contains|contains: x\n"), 6, 28, "modifier 'contains'");
}

TEST_CASE("invalid modifier chains are errors at the modifier that breaks them") {
  CheckError(Rule("        a|re|contains: x\n"), 6, 14, "modifier chain 're|contains'");
  CheckError(Rule("        a|cidr|contains: 10.0.0.0/8\n"), 6, 16, "modifier chain 'cidr|contains'");
  CheckError(Rule("        a|contains|base64: x\n"), 6, 20, "modifier chain 'contains|base64'");
  CheckError(Rule("        a|contains|startswith: x\n"), 6, 20, "modifier chain 'contains|startswith'");
  CheckError(Rule("        a|i: x\n"), 6, 11, "modifier chain 'i'");
  CheckError(Rule("        a|gt|lt: 5\n"), 6, 14, "modifier chain 'gt|lt'");
  CheckError(Rule("        a|exists|cased: true\n"), 6, 18, "modifier chain 'exists|cased'");
  CheckError(Rule("        a|neq|contains: x\n"), 6, 15, "modifier chain 'neq|contains'");
  CheckError(Rule("        a|fieldref|neq|contains: b\n"), 6, 24, "modifier chain 'fieldref|neq|contains'");
  CheckError(Rule("        a|re|i|cased: x\n"), 6, 16, "modifier chain 're|i|cased'");
  CheckError(Rule("        a|exists:\n            - true\n"), 6, 11, "modifier 'exists'");
  CheckError(Rule("        a|exists: maybe\n"), 6, 19, "modifier 'exists'");
  CheckError(Rule("        a|gt: ten\n"), 6, 15, "modifier 'gt'");
  CheckError(Rule("        a|base64offset|contains: a\n"), 6, 34, "modifier 'base64offset'");
  CheckError(Rule("        a|base64: 'x*'\n"), 6, 11, "modifier 'base64'");
  CheckError(Rule("        a|neq: 'x*'\n"), 6, 16, "modifier 'neq'");
  CheckError(Rule("        a|re: '(?=x)y'\n"), 6, 15, "modifier 're'");
  CheckError(Rule("        a|re: 'a(b'\n"), 6, 15, "modifier 're'");
  CheckError(Rule("        a|cidr: 10.0.0.0/33\n"), 6, 17, "modifier 'cidr'");
  CheckError(Rule("        a|startswith: null\n"), 6, 11, "null with modifier 'startswith'");
  CheckError(Rule("        '|startswith': x\n"), 6, 11, "modifier 'startswith'");
  CheckError(Rule("        a|fieldref: ''\n"), 6, 21, "modifier 'fieldref'");
}

TEST_CASE("'all' on a single value, null in a list, empty and nested values") {
  CheckError(Rule("        eventName|contains|all: x\n"), 6, 28, "modifier 'all'");
  CheckError(Rule("        errorCode:\n            - null\n            - Success\n"), 7, 15,
             "null in a list");
  CheckError(Rule("        errorCode: []\n"), 6, 20, "empty list");
  CheckError(Rule("        errorCode: [[a]]\n"), 6, 21, "nested value");
  CheckError(Rule("        errorCode: {a: b}\n"), 6, 20, "value");
  CheckError("title: t\nlogsource: {product: aws}\ndetection:\n    s: {}\n    condition: s\n", 4, 8,
             "empty selection");
  CheckError("title: t\nlogsource: {product: aws}\ndetection:\n    s:\n    condition: s\n", 4, 5,
             "empty selection");
}

TEST_CASE("a placeholder without values rejects the rule naming it") {
  CheckError(Rule("        src_ip|expand: '%trusted_ips%'\n"), 6, 24, "placeholder '%trusted_ips%'");
}

TEST_CASE("obsolete aggregations and near point to correlation rules") {
  const std::string count = Rule("", "selection | count() by sourceIPAddress > 5");
  const sigma::RuleCollection c = Load(count);
  const sigma::Diagnostic& d = OnlyError(c);
  CHECK(d.construct == "count() aggregation");
  CHECK(d.where.line == 6);
  CHECK(d.where.column == 28);
  CHECK(d.message.find("correlation rule") != std::string::npos);
  CheckError(Rule("", "selection | max(x) > 5"), 6, 28, "max() aggregation");
  CheckError(Rule("", "'selection | near selection'"), 6, 29, "near");
  CheckError(Rule("", "selection near selection"), 6, 26, "near");
  CheckError(Rule("", "selection |"), 6, 26, "|");
}

TEST_CASE("condition errors point inside the condition text") {
  CheckError(Rule("", "selection and not filter"), 6, 34, "identifier 'filter'");
  CheckError(Rule("", "\"selection and not filter\""), 6, 35, "identifier 'filter'");
  CheckError(Rule("", "(selection or selection"), 6, 16, "unbalanced parentheses");
  CheckError(Rule("", "selection)"), 6, 25, "unbalanced parentheses");
  CheckError(Rule("", "selection and"), 6, 29, "incomplete condition");
  CheckError(Rule("", "selection selection"), 6, 26, "unexpected 'selection'");
  CheckError(Rule("", "1 of filter*"), 6, 21, "pattern 'filter*'");
  CheckError(Rule("", "any of selection*"), 6, 16, "any of");
  CheckError(Rule("", "2 of selection*"), 6, 16, "2 of");
  CheckError(Rule("", "all of"), 6, 22, "x of");
  CheckError(Rule("", "and selection"), 6, 16, "unexpected 'and'");
  CheckError(Rule("", "''"), 6, 16, "empty condition");
  CheckError(Rule("", "{a: b}"), 6, 16, "condition");
  CheckError(Rule("", std::string(70, '(') + "selection" + std::string(70, ')')), 6, 80,
             "condition depth");
  CheckError(Rule("", "[selection, nope]"), 6, 28, "identifier 'nope'");
}

TEST_CASE("errors inside a literal block condition point at the token's line and column") {
  CheckError(Rule("", "|\n        selection and\n        not filter"), 8, 13, "identifier 'filter'");
  CheckError(Rule("", "|-\n\n          selection and (x"), 8, 26, "identifier 'x'");
}

TEST_CASE("them leaves out identifiers starting with an underscore") {
  CheckError("title: t\nlogsource: {product: aws}\ndetection:\n    _s: {a: b}\n    condition: 1 of them\n",
             5, 21, "them");
}

TEST_CASE("bad YAML is an error with yaml-cpp's position, after the documents before it") {
  const sigma::RuleCollection c = Load(Rule("") + "---\ntitle: [unclosed\nlevel: high\n");
  REQUIRE(c.rules.size() == 1);
  const sigma::Diagnostic& d = OnlyError(c);
  CHECK(d.construct == "YAML syntax");
  CHECK(d.where.line == 9);
  CHECK(d.message.rfind("invalid YAML: ", 0) == 0);
  CheckError("title: x\n  bad: indent\n", 2, 6, "YAML syntax");
}

TEST_CASE("yaml-cpp's endless empty documents after a malformed directive end in an error") {
  // yaml-cpp 0.7 starts an empty document at the ',' over and over
  // (found by fuzz_sigma; tests/fuzz/regressions/fuzz_sigma).
  CheckError("%A\n,\n", 2, 1, "YAML syntax");
}

TEST_CASE("oversized, deeply nested and alias-expanding input is turned away") {
  const std::string big = Rule("") + "description: '" + std::string(4u << 20, 'a') + "'\n";
  CheckError(big, 1, 1, "file size");

  std::string flow = "title: t\nx: " + std::string(100, '[') + std::string(100, ']') + "\n";
  // The 64th bracket, inside one block level.
  CheckError(flow, 2, 67, "nesting");
  // Many more levels than yaml-cpp's own recursion guard would allow.
  CheckError("a: " + std::string(100000, '{'), 1, 67, "nesting");

  std::string block = "title: t\n";
  for (int i = 0; i < 70; ++i) block += std::string(i, ' ') + "k" + std::to_string(i) + ":\n";
  CheckError(block, 66, 65, "nesting");
  // Compact nested sequences on one line: "- - - ... x".
  std::string compact;
  for (int i = 0; i < 70; ++i) compact += "- ";
  CheckError(compact + "x\n", 1, 127, "nesting");

  // Each level doubles the tree: 2^30 nodes from a few hundred bytes.
  std::string bomb = "a0: &a0 [x, x]\n";
  for (int i = 1; i <= 30; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [*a" + std::to_string(i - 1) +
            ", *a" + std::to_string(i - 1) + "]\n";
  }
  const sigma::RuleCollection c = Load(bomb);
  const sigma::Diagnostic& d = OnlyError(c);
  CHECK(d.construct == "node limit");

  // An alias pasted deep enough to pass the nesting cap.
  std::string deep = "a: &a " + std::string(40, '[') + "x" + std::string(40, ']') + "\nb: " +
                     std::string(30, '[') + "*a" + std::string(30, ']') + "\n";
  CheckError(deep, 2, 34, "nesting");
}

TEST_CASE("expansions are capped") {
  // 5^6 windash spellings.
  CheckError(Rule("        a|windash: '-a -b -c -d -e -f'\n"), 6, 20, "alternatives limit");
  sigma::LoadOptions options;
  for (int i = 0; i < 100; ++i) options.placeholders["p"].push_back("v" + std::to_string(i));
  const sigma::RuleCollection c = Load(Rule("        a|expand: '%p%%p%'\n"), options);
  const sigma::Diagnostic& d = OnlyError(c);
  CHECK(d.construct == "alternatives limit");
}

TEST_CASE("a rule's size is bounded in its values and in its condition") {
  // 70 values of 5^5 windash spellings each: more leaves than one document may hold.
  std::string values = "        a|windash:\n";
  for (int i = 0; i < 70; ++i) values += "            - '-a -b -c -d -" + std::to_string(i) + "'\n";
  const sigma::RuleCollection many = Load(Rule(values));
  const sigma::Diagnostic& d = OnlyError(many);
  CHECK(d.construct == "rule size");
  CHECK(d.where.line == 6 + 64);

  // One identifier of 3125 leaves, referenced 70 times.
  std::string condition = "selection";
  for (int i = 0; i < 69; ++i) condition += " or selection";
  const sigma::RuleCollection copies =
      Load(Rule("        a|windash: '-a -b -c -d -e'\n", condition));
  const sigma::Diagnostic& c = OnlyError(copies);
  CHECK(c.construct == "rule size");
  CHECK(c.where.line == 7);
  CHECK(c.where.column == 16 + 63 * 13);
}

TEST_CASE("Sigma 1 collections are rejected by name") {
  CheckError("action: global\ntitle: t\nlogsource: {product: aws}\n", 1, 9, "action: global");
}

// ---------------------------------------------------------------------------
// timeframe, logsource
// ---------------------------------------------------------------------------

TEST_CASE("a timeframe without a correlation loads with a warning") {
  const std::string text =
      "title: t\n"
      "logsource: {product: aws, service: cloudtrail}\n"
      "detection:\n"
      "    s1: {eventName: A}\n"
      "    timeframe: 5m\n"
      "    condition: s1\n";
  const sigma::RuleCollection c = Load(text);
  REQUIRE(c.rules.size() == 1);
  CHECK(c.rules[0].timeframe == "5m");
  REQUIRE(c.diagnostics.size() == 1);
  CHECK(c.diagnostics[0].severity == sigma::Diagnostic::Severity::kWarning);
  CHECK(c.diagnostics[0].construct == "timeframe");
  CHECK(c.diagnostics[0].where.line == 5);
  CHECK(c.diagnostics[0].where.column == 16);
  CHECK(c.diagnostics[0].message.find("timeframe has no effect without a correlation rule") == 0);
  CHECK(c.error_count() == 0);
}

TEST_CASE("only_cloudtrail skips other log sources without a diagnostic") {
  const std::string windows =
      "title: w\nlogsource: {product: windows, category: process_creation}\n"
      "detection:\n    s: {Image|bogus: x}\n    condition: s\n";
  const std::string proxy =
      "title: p\nlogsource: {category: proxy}\ndetection:\n    s: {a: b}\n    condition: s\n";
  const std::string okta =
      "title: o\nlogsource: {product: aws, service: okta}\ndetection:\n    s: {a: b}\n    condition: s\n";
  const std::string upper = "title: u\nlogsource: {product: AWS, service: CloudTrail}\n"
                            "detection:\n    s: {a: b}\n    condition: s\n";
  const std::string product_only =
      "title: a\nlogsource: {product: aws}\ndetection:\n    s: {a: b}\n    condition: s\n";
  const std::string text = windows + "---\n" + proxy + "---\n" + okta + "---\n" + upper + "---\n" +
                           product_only;
  const sigma::RuleCollection c = Load(text);
  CHECK(c.diagnostics.empty());
  CHECK(c.documents == 5);
  CHECK(c.skipped_logsource == 3);
  CHECK(c.skipped_files == std::vector<std::string>{"t.yml", "t.yml", "t.yml"});
  REQUIRE(c.rules.size() == 2);
  CHECK(c.rules[0].info.title == "u");
  CHECK(c.rules[1].info.title == "a");

  sigma::LoadOptions all;
  all.only_cloudtrail = false;
  const sigma::RuleCollection every = Load(text, all);
  CHECK(every.skipped_logsource == 0);
  CHECK(every.rules.size() == 4);
  CHECK(every.error_count() == 1);  // the windows rule's bogus modifier
}

// ---------------------------------------------------------------------------
// Correlations and filters
// ---------------------------------------------------------------------------

TEST_CASE("correlation rules: every part is read") {
  const std::string text =
      "title: Brute force then success\n"
      "id: c-1\n"
      "level: high\n"
      "correlation:\n"
      "    type: value_count\n"
      "    rules:\n"
      "        - failed_login\n"
      "        - 5638f7c0-ac70-491d-8465-2a65075e0d86\n"
      "    group-by:\n"
      "        - ip\n"
      "        - recipientAccountId\n"
      "    timespan: 90m\n"
      "    condition:\n"
      "        field: userIdentity.arn\n"
      "        gt: 10\n"
      "        lte: 200\n"
      "    aliases:\n"
      "        ip:\n"
      "            failed_login: sourceIPAddress\n"
      "            other_rule: requestParameters.ip\n"
      "    generate: true\n";
  const sigma::RuleCollection c = Load(text);
  INFO(Errors(c));
  REQUIRE(c.correlations.size() == 1);
  CHECK(c.diagnostics.empty());
  const sigma::CorrelationRule& r = c.correlations[0];
  CHECK(r.info.title == "Brute force then success");
  CHECK(r.info.level == "high");
  CHECK(r.type == sigma::CorrelationType::kValueCount);
  CHECK(r.rules == std::vector<std::string>{"failed_login", "5638f7c0-ac70-491d-8465-2a65075e0d86"});
  CHECK(r.group_by == std::vector<std::string>{"ip", "recipientAccountId"});
  CHECK(r.timespan_ns == int64_t{90} * 60 * 1000000000);
  CHECK(r.condition.field == "userIdentity.arn");
  CHECK(r.condition.gt == 10.0);
  CHECK(r.condition.lte == 200.0);
  CHECK(!r.condition.gte);
  CHECK(!r.condition.percentile);
  CHECK(r.aliases.at("ip").at("failed_login") == "sourceIPAddress");
  CHECK(r.aliases.at("ip").at("other_rule") == "requestParameters.ip");
  CHECK(r.generate);
  CHECK_FALSE(r.condition.Holds(10));
  CHECK(r.condition.Holds(11));
  CHECK(r.condition.Holds(200));
  CHECK_FALSE(r.condition.Holds(201));
}

TEST_CASE("correlation types, timespans, defaults and conditions") {
  auto corr = [](std::string_view body) {
    return "title: c\ncorrelation:\n" + std::string(body);
  };
  for (sigma::CorrelationType t :
       {sigma::CorrelationType::kEventCount, sigma::CorrelationType::kValueCount,
        sigma::CorrelationType::kTemporal, sigma::CorrelationType::kTemporalOrdered,
        sigma::CorrelationType::kValueSum, sigma::CorrelationType::kValueAvg,
        sigma::CorrelationType::kValuePercentile, sigma::CorrelationType::kValueMedian}) {
    const std::string name(sigma::CorrelationTypeName(t));
    const std::string body = "    type: " + name + "\n    rules: r\n    timespan: 2d\n" +
                             "    condition: {gte: 3, field: bytes, percentile: 95}\n";
    const sigma::RuleCollection c = Load(corr(body));
    const bool value_type = t != sigma::CorrelationType::kEventCount &&
                            t != sigma::CorrelationType::kTemporal &&
                            t != sigma::CorrelationType::kTemporalOrdered;
    CAPTURE(name);
    if (t == sigma::CorrelationType::kValuePercentile) {
      REQUIRE(c.correlations.size() == 1);
      CHECK(c.correlations[0].type == t);
      CHECK(c.correlations[0].condition.percentile == 95.0);
      CHECK(c.correlations[0].timespan_ns == int64_t{2} * 86400 * 1000000000);
    } else {
      // Everything else rejects `percentile`, and non-value types `field`.
      CHECK(c.correlations.empty());
      CHECK(c.error_count() == (value_type ? 1u : 2u));
    }
  }
  // Temporal types without a condition: every referenced rule must be seen.
  const sigma::RuleCollection t =
      Load(corr("    type: temporal\n    rules: [a, b, c]\n    group-by: [user]\n    timespan: 30s\n"));
  REQUIRE(t.correlations.size() == 1);
  CHECK(t.correlations[0].condition.gte == 3.0);
  CHECK(t.correlations[0].timespan_ns == int64_t{30} * 1000000000);
  CHECK(t.correlations[0].rules.size() == 3);
  CHECK_FALSE(t.correlations[0].generate);

  // generate at the top level, where the specification puts it.
  const sigma::RuleCollection g = Load(
      "title: c\ngenerate: true\ncorrelation: {type: event_count, rules: r, timespan: 1s, condition: {eq: 1}}\n");
  REQUIRE(g.correlations.size() == 1);
  CHECK(g.correlations[0].generate);
  CHECK(g.correlations[0].group_by.empty());

  CheckError(corr("    type: event_count\n    rules: r\n    timespan: 1h\n"), 2, 1,
             "correlation.condition");
  CheckError(corr("    type: event_count\n    rules: r\n    condition: {gt: 1}\n"), 2, 1,
             "correlation.timespan");
  CheckError(corr("    type: event_count\n    timespan: 1h\n    condition: {gt: 1}\n"), 2, 1,
             "correlation.rules");
  CheckError(corr("    rules: r\n    timespan: 1h\n    condition: {gt: 1}\n"), 2, 1, "correlation.type");
  CheckError(corr("    type: event_sum\n    rules: r\n    timespan: 1h\n    condition: {gt: 1}\n"), 3,
             11, "correlation type 'event_sum'");
  CheckError(corr("    type: event_count\n    rules: r\n    timespan: 1w\n    condition: {gt: 1}\n"), 5,
             15, "correlation.timespan");
  CheckError(corr("    type: event_count\n    rules: r\n    timespan: 0s\n    condition: {gt: 1}\n"), 5,
             15, "correlation.timespan");
  CheckError(corr("    type: event_count\n    rules: r\n    timespan: 99999999999d\n    condition: {gt: 1}\n"),
             5, 15, "correlation.timespan");
  CheckError(corr("    type: event_count\n    rules: r\n    timespan: 1h\n    condition: {gt: x}\n"), 6,
             21, "correlation.condition.gt");
  CheckError(corr("    type: event_count\n    rules: r\n    timespan: 1h\n    condition: {gt: 1, field: f}\n"),
             6, 24, "correlation.condition.field");
  CheckError(corr("    type: value_sum\n    rules: r\n    timespan: 1h\n    condition: {gt: 1}\n"), 6,
             16, "correlation.condition.field");
  CheckError(corr("    type: value_percentile\n    rules: r\n    timespan: 1h\n"
                  "    condition: {gt: 1, field: f, percentile: 101}\n"),
             6, 46, "correlation.condition.percentile");
  CheckError(corr("    type: event_count\n    rules: r\n    timespan: 1h\n    condition: {gt: 1}\n"
                  "    timeframe: 1h\n"),
             7, 5, "key 'correlation.timeframe'");
  CheckError(corr("    type: event_count\n    rules: r\n    timespan: 1h\n    condition: {gt: 1, above: 2}\n"),
             6, 24, "key 'correlation.condition.above'");
  CheckError(corr("    type: event_count\n    rules: r\n    timespan: 1h\n    condition: {gt: 1}\n"
                  "    generate: sometimes\n"),
             7, 15, "key 'generate'");
}

TEST_CASE("CorrelationCondition::Holds checks every bound") {
  sigma::CorrelationCondition c;
  CHECK(c.Holds(0));
  c.eq = 3;
  CHECK(c.Holds(3));
  CHECK_FALSE(c.Holds(4));
  c = {};
  c.neq = 3;
  CHECK_FALSE(c.Holds(3));
  CHECK(c.Holds(2));
  c = {};
  c.gte = 2;
  c.lt = 5;
  CHECK_FALSE(c.Holds(1.5));
  CHECK(c.Holds(2));
  CHECK(c.Holds(4.9));
  CHECK_FALSE(c.Holds(5));
  CHECK(sigma::CorrelationTypeName(sigma::CorrelationType::kTemporalOrdered) == "temporal_ordered");
  CHECK(sigma::CorrelationTypeName(sigma::CorrelationType::kValueMedian) == "value_median");
}

TEST_CASE("filters: rules, the condition to AND and the fields it reads") {
  const std::string text =
      "title: Admin role is expected\n"
      "id: f-1\n"
      "logsource: {product: aws, service: cloudtrail}\n"
      "filter:\n"
      "    rules:\n"
      "        - r1\n"
      "        - root_login\n"
      "    selection:\n"
      "        userIdentity.arn|endswith: ':role/admin'\n"
      "    other:\n"
      "        sourceIPAddress|cidr: 10.0.0.0/8\n"
      "    condition: not (selection or other)\n";
  const sigma::RuleCollection c = Load(text);
  INFO(Errors(c));
  REQUIRE(c.filters.size() == 1);
  const sigma::FilterRule& f = c.filters[0];
  CHECK(f.info.id == "f-1");
  CHECK(f.rules == std::vector<std::string>{"r1", "root_login"});
  CHECK(Render(f.expr) ==
        "NOT (like(userIdentity.arn, \"*:role/admin\") OR cidrmatch(sourceIPAddress, \"10.0.0.0/8\"))");
  CHECK(f.fields_read == std::vector<std::string>{"userIdentity.arn", "sourceIPAddress"});

  CheckError("title: f\nlogsource: {product: aws}\nfilter:\n    s: {a: b}\n    condition: not s\n", 3,
             1, "filter.rules");
  CheckError("title: f\nlogsource: {product: aws}\nfilter:\n    rules: [x]\n    s: {a: b}\n", 3, 1,
             "filter.condition");
}

// ---------------------------------------------------------------------------
// The Expr of every value form and modifier
// ---------------------------------------------------------------------------

TEST_CASE("plain values: equality, wildcards, numbers, booleans, empty, null") {
  CHECK(SelectionExpr("        eventName: CreateUser\n") == "eventName = \"CreateUser\"");
  CHECK(SelectionExpr("        eventName: 'Create*'\n") == "like(eventName, \"Create*\")");
  CHECK(SelectionExpr("        eventName: 'Get?'\n") == "like(eventName, \"Get?\")");
  CHECK(SelectionExpr("        n: 5\n") == "n = \"5\"");
  CHECK(SelectionExpr("        b: false\n") == "b = \"false\"");
  CHECK(SelectionExpr("        e: ''\n") == "e = \"\"");
  CHECK(SelectionExpr("        errorCode: null\n") == "isnull(errorCode) [missing-is-null]");
  CHECK(SelectionExpr("        errorCode: ~\n") == "isnull(errorCode) [missing-is-null]");
  CHECK(SelectionExpr("        errorCode: 'null'\n") == "errorCode = \"null\"");
  CHECK(SelectionExpr("        eventName: [A, 'B*']\n") == "(eventName = \"A\" OR like(eventName, \"B*\"))");
  CHECK(SelectionExpr("        eventName|cased: CreateUser\n") ==
        "eventName = \"CreateUser\" [case-sensitive]");
}

TEST_CASE("Sigma escapes become the canonical wildcard syntax") {
  // \* and \? are the characters; \\ one backslash; a lone \ is literal.
  CHECK(SelectionExpr("        a: 'x\\*y'\n") == "a = \"x*y\"");
  CHECK(SelectionExpr("        a: 'x\\?'\n") == "a = \"x?\"");
  CHECK(SelectionExpr("        a: 'C:\\Windows\\x'\n") == "a = \"C:\\\\Windows\\\\x\"");
  CHECK(SelectionExpr("        a: 'C:\\\\Windows'\n") == "a = \"C:\\\\Windows\"");
  // \\* is a backslash then a wildcard; \\\* a backslash then a star.
  CHECK(SelectionExpr("        a: 'x\\\\*'\n") == "like(a, \"x\\\\\\\\*\")");
  CHECK(SelectionExpr("        a: 'x\\\\\\*'\n") == "a = \"x\\\\*\"");
  CHECK(SelectionExpr("        a: 'x\\\\\\\\'\n") == "a = \"x\\\\\\\\\"");
  CHECK(SelectionExpr("        a|contains: '\\*'\n") == "like(a, \"*\\\\**\")");
}

TEST_CASE("contains, startswith, endswith, all and cased") {
  CHECK(SelectionExpr("        a|contains: x\n") == "like(a, \"*x*\")");
  CHECK(SelectionExpr("        a|startswith: x\n") == "like(a, \"x*\")");
  CHECK(SelectionExpr("        a|endswith: x\n") == "like(a, \"*x\")");
  CHECK(SelectionExpr("        a|contains|all: [x, y]\n") == "(like(a, \"*x*\") AND like(a, \"*y*\"))");
  CHECK(SelectionExpr("        a|contains|cased: x\n") == "like(a, \"*x*\") [case-sensitive]");
  CHECK(SelectionExpr("        a|contains: '*'\n") == "like(a, \"***\")");
}

TEST_CASE("re with its sub-modifiers, cidr, exists, gt/gte/lt/lte") {
  CHECK(SelectionExpr("        a|re: '^x.+$'\n") == "match(a, \"^x.+$\") [case-sensitive]");
  CHECK(SelectionExpr("        a|re|i: '^x'\n") == "match(a, \"^x\")");
  CHECK(SelectionExpr("        a|re|m|s: '^x'\n") == "match(a, \"(?ms)^x\") [case-sensitive]");
  CHECK(SelectionExpr("        a|re: [x, y]\n") ==
        "(match(a, \"x\") [case-sensitive] OR match(a, \"y\") [case-sensitive])");
  CHECK(SelectionExpr("        ip|cidr: [10.0.0.0/8, '2001:db8::/32']\n") ==
        "(cidrmatch(ip, \"10.0.0.0/8\") OR cidrmatch(ip, \"2001:db8::/32\"))");
  CHECK(SelectionExpr("        a|exists: true\n") == "exists(a)");
  CHECK(SelectionExpr("        a|exists: false\n") == "NOT exists(a)");
  CHECK(SelectionExpr("        n|gt: 5\n") == "n > 5 [numeric]");
  CHECK(SelectionExpr("        n|gte: -1.5\n") == "n >= -1.5 [numeric]");
  CHECK(SelectionExpr("        n|lt: '7'\n") == "n < 7 [numeric]");
  CHECK(SelectionExpr("        n|lte: [1, 2]\n") == "(n <= 1 [numeric] OR n <= 2 [numeric])");
}

TEST_CASE("neq: the field differs from every listed value") {
  CHECK(SelectionExpr("        a|neq: x\n") == "a != \"x\"");
  CHECK(SelectionExpr("        a|neq: [x, 5]\n") == "(a != \"x\" AND a != \"5\")");
  CHECK(SelectionExpr("        a|neq|cased: x\n") == "a != \"x\" [case-sensitive]");
}

TEST_CASE("fieldref with its modes and neq") {
  CHECK(SelectionExpr("        a|fieldref: b.c\n") == "a = field(b.c)");
  CHECK(SelectionExpr("        a|fieldref|neq: b\n") == "a != field(b)");
  CHECK(SelectionExpr("        a|fieldref|contains: b\n") == "contains(a, field(b))");
  CHECK(SelectionExpr("        a|fieldref|startswith: b\n") == "startswith(a, field(b))");
  CHECK(SelectionExpr("        a|fieldref|endswith: b\n") == "endswith(a, field(b))");
  const sigma::RuleCollection c = Load(Rule("        a|fieldref: b.c\n"));
  REQUIRE(c.rules.size() == 1);
  CHECK(c.rules[0].fields_read == std::vector<std::string>{"eventSource", "a", "b.c"});
}

TEST_CASE("base64, base64offset and the utf16 encodings") {
  CHECK(SelectionExpr("        a|base64: 'abc'\n") == "a = \"YWJj\"");
  CHECK(SelectionExpr("        a|base64|contains: 'ab'\n") == "like(a, \"*YWI=*\")");
  CHECK(SelectionExpr("        a|base64offset|contains: 'abc'\n") ==
        "(like(a, \"*YWJj*\") OR like(a, \"*FiY*\") OR like(a, \"*hYm*\"))");
  CHECK(SelectionExpr("        a|base64offset|contains: 'http://'\n") ==
        "(like(a, \"*aHR0cDovL*\") OR like(a, \"*h0dHA6Ly*\") OR like(a, \"*odHRwOi8v*\"))");
  CHECK(SelectionExpr("        a|wide|base64: 'ab'\n") == "a = \"YQBiAA==\"");
  CHECK(SelectionExpr("        a|utf16le|base64: 'ab'\n") == "a = \"YQBiAA==\"");
  CHECK(SelectionExpr("        a|utf16be|base64: 'ab'\n") == "a = \"AGEAYg==\"");
  CHECK(SelectionExpr("        a|utf16|base64: 'ab'\n") == "a = \"//5hAGIA\"");
  CHECK(SelectionExpr("        a|utf16be|base64: \"\\u00e9\"\n") == "a = \"AOk=\"");
  CHECK(SelectionExpr("        a|wide|base64offset|contains: 'ab'\n") ==
        "(like(a, \"*YQBiA*\") OR like(a, \"*EAYg*\") OR like(a, \"*hAGIA*\"))");
}

TEST_CASE("windash spells every dash-like character every way") {
  const std::string e = SelectionExpr("        a|windash|contains: ' -x'\n");
  CHECK(e ==
        "(like(a, \"* -x*\") OR like(a, \"* /x*\") OR like(a, \"* \xE2\x80\x93x*\") OR "
        "like(a, \"* \xE2\x80\x94x*\") OR like(a, \"* \xE2\x80\x95x*\"))");
  const sigma::RuleCollection c = Load(Rule("        a|windash: '-a /b'\n"));
  REQUIRE(c.rules.size() == 1);
  // 5 x 5 spellings, all plain equalities.
  const Expr& sel = c.rules[0].expr.children[1];
  CHECK(sel.op == Op::kOr);
  CHECK(sel.children.size() == 25);
  CHECK(sel.children[0].op == Op::kCompare);
}

TEST_CASE("expand replaces placeholders with the supplied values") {
  sigma::LoadOptions options;
  options.placeholders["ips"] = {"10.*", "192.168.1.1"};
  options.placeholders["dom"] = {"corp"};
  CHECK(SelectionExpr("        ip|expand: '%ips%'\n", options) ==
        "(like(ip, \"10.*\") OR ip = \"192.168.1.1\")");
  CHECK(SelectionExpr("        u|expand|endswith: '@%dom%.com'\n", options) == "like(u, \"*@corp.com\")");
  // \% is a literal percent; each one escapes only itself.
  CHECK(SelectionExpr("        u|expand: '\\%dom\\%-%dom%'\n", options) == "u = \"%dom%-corp\"");
  CHECK(SelectionExpr("        u: '%dom%'\n", options) == "u = \"%dom%\"");
  CHECK(SelectionExpr("        ip|expand|cidr: '%cidrs%'\n",
                      [] {
                        sigma::LoadOptions o;
                        o.placeholders["cidrs"] = {"10.0.0.0/8"};
                        return o;
                      }()) == "cidrmatch(ip, \"10.0.0.0/8\")");
}

TEST_CASE("keywords search the whole record as substrings") {
  const std::string text =
      "title: k\nlogsource: {product: aws}\ndetection:\n"
      "    keywords:\n        - 'evil'\n        - 'bad*thing'\n"
      "    both:\n        '|all':\n            - one\n            - two\n"
      "    single: lonely\n"
      "    condition: keywords or both or single\n";
  const sigma::RuleCollection c = Load(text);
  INFO(Errors(c));
  REQUIRE(c.rules.size() == 1);
  CHECK(Render(c.rules[0].expr) ==
        "((keyword(\"*evil*\") [substring] OR keyword(\"*bad*thing*\") [substring]) OR "
        "(keyword(\"*one*\") [substring] AND keyword(\"*two*\") [substring]) OR "
        "keyword(\"*lonely*\") [substring])");
  CHECK(c.rules[0].fields_read.empty());
  const Expr& leaf = c.rules[0].expr.children[0].children[0];
  CHECK(leaf.op == Op::kKeyword);
  CHECK(leaf.target.raw);
  CHECK_FALSE(leaf.flags.token_boundaries);
  CHECK_FALSE(leaf.flags.case_sensitive);
  CHECK(leaf.line == 5);
  CHECK(leaf.column == 11);
}

TEST_CASE("leaves carry their flags and the position of their value") {
  const sigma::RuleCollection c = Load(Rule("        requestParameters|contains: x\n"));
  REQUIRE(c.rules.size() == 1);
  const Expr& e = c.rules[0].expr;
  REQUIRE(e.op == Op::kAnd);
  const Expr& eq = e.children[0];
  CHECK(eq.op == Op::kCompare);
  CHECK(eq.compare == trailhunt::match::CompareOp::kEq);
  CHECK(eq.flags.numbers == trailhunt::match::NumberMode::kText);
  CHECK(eq.literal == Value::String("iam.amazonaws.com"));
  CHECK(eq.line == 5);
  CHECK(eq.column == 22);
  const Expr& like = e.children[1];
  CHECK(like.op == Op::kWildcard);
  CHECK(like.target.field == "requestParameters");
  CHECK(like.flags.containers == trailhunt::match::ContainerMode::kMatchJsonText);
  CHECK(like.line == 6);
  CHECK(like.column == 37);
}

TEST_CASE("conditions: precedence, quantifiers, them and lists") {
  auto with = [](std::string_view condition) {
    return "title: c\nlogsource: {product: aws}\ndetection:\n"
           "    sel_a: {a: 1}\n    sel_b: {b: 2}\n    filter: {c: 3}\n    _hidden: {d: 4}\n"
           "    condition: " +
           std::string(condition) + "\n";
  };
  CHECK(RuleExpr(with("sel_a or sel_b and not filter")) ==
        "(a = \"1\" OR (b = \"2\" AND NOT c = \"3\"))");
  CHECK(RuleExpr(with("(sel_a or sel_b) and not filter")) ==
        "((a = \"1\" OR b = \"2\") AND NOT c = \"3\")");
  CHECK(RuleExpr(with("not sel_a and sel_b")) == "(NOT a = \"1\" AND b = \"2\")");
  CHECK(RuleExpr(with("not not sel_a")) == "NOT NOT a = \"1\"");
  CHECK(RuleExpr(with("1 of sel_* and not filter")) ==
        "((a = \"1\" OR b = \"2\") AND NOT c = \"3\")");
  CHECK(RuleExpr(with("all of sel_*")) == "(a = \"1\" AND b = \"2\")");
  CHECK(RuleExpr(with("1 of *_b")) == "b = \"2\"");
  CHECK(RuleExpr(with("all of them")) == "(a = \"1\" AND b = \"2\" AND c = \"3\")");
  CHECK(RuleExpr(with("1 of them")) == "(a = \"1\" OR b = \"2\" OR c = \"3\")");
  CHECK(RuleExpr(with("1 of _*")) == "d = \"4\"");
  CHECK(RuleExpr(with("sel_a AND NOT filter")) == "(a = \"1\" AND NOT c = \"3\")");
  CHECK(RuleExpr(with("\n        - sel_a\n        - sel_b and filter")) ==
        "(a = \"1\" OR (b = \"2\" AND c = \"3\"))");
}

TEST_CASE("fields_read: distinct, in first-use order, raw targets left out") {
  const sigma::RuleCollection c = Load(
      "title: f\nlogsource: {product: aws}\ndetection:\n"
      "    s1: {b: 1, a: 2}\n    s2: {c: 1, b: 2}\n    k: [word]\n"
      "    condition: s2 and s1 or k\n");
  REQUIRE(c.rules.size() == 1);
  CHECK(c.rules[0].fields_read == std::vector<std::string>{"c", "b", "a"});
}

// ---------------------------------------------------------------------------
// Matching semantics (through the predicate, not the hunt)
// ---------------------------------------------------------------------------

TEST_CASE("null matches a missing field and JSON null, not a value") {
  const std::string rule = Rule("        errorCode: null\n");
  CHECK(RuleMatches(rule, R"({"eventSource":"iam.amazonaws.com"})"));
  CHECK(RuleMatches(rule, R"({"eventSource":"iam.amazonaws.com","errorCode":null})"));
  CHECK_FALSE(RuleMatches(rule, R"({"eventSource":"iam.amazonaws.com","errorCode":"AccessDenied"})"));
  CHECK_FALSE(RuleMatches(rule, R"({"eventSource":"iam.amazonaws.com","errorCode":""})"));
}

TEST_CASE("numbers and booleans compare as text, case-insensitively") {
  const std::string b = Rule("        readOnly: false\n");
  CHECK(RuleMatches(b, R"({"eventSource":"iam.amazonaws.com","readOnly":false})"));
  CHECK(RuleMatches(b, R"({"eventSource":"iam.amazonaws.com","readOnly":"False"})"));
  CHECK_FALSE(RuleMatches(b, R"({"eventSource":"iam.amazonaws.com","readOnly":true})"));
  const std::string n = Rule("        port: 5\n");
  CHECK(RuleMatches(n, R"({"eventSource":"iam.amazonaws.com","port":5})"));
  CHECK(RuleMatches(n, R"({"eventSource":"iam.amazonaws.com","port":"5"})"));
  CHECK_FALSE(RuleMatches(n, R"({"eventSource":"iam.amazonaws.com","port":55})"));
  const std::string gt = Rule("        port|gt: 5\n");
  CHECK(RuleMatches(gt, R"({"eventSource":"iam.amazonaws.com","port":5.5})"));
  CHECK(RuleMatches(gt, R"({"eventSource":"iam.amazonaws.com","port":"10"})"));
  CHECK_FALSE(RuleMatches(gt, R"({"eventSource":"iam.amazonaws.com","port":5})"));
  CHECK_FALSE(RuleMatches(gt, R"({"eventSource":"iam.amazonaws.com","port":"many"})"));
}

TEST_CASE("case: insensitive by default, sensitive with cased") {
  const std::string plain = Rule("        eventName: createuser\n");
  CHECK(RuleMatches(plain, R"({"eventSource":"IAM.amazonaws.com","eventName":"CreateUser"})"));
  const std::string cased = Rule("        eventName|cased: createuser\n");
  CHECK_FALSE(RuleMatches(cased, R"({"eventSource":"iam.amazonaws.com","eventName":"CreateUser"})"));
  CHECK(RuleMatches(cased, R"({"eventSource":"iam.amazonaws.com","eventName":"createuser"})"));
}

TEST_CASE("contains searches an object's compact JSON text") {
  const std::string rule =
      Rule("        requestParameters|contains|all:\n            - '\"s3:GetObject\"'\n"
           "            - '\"Effect\":\"Allow\"'\n");
  CHECK(RuleMatches(rule,
                    R"({"eventSource":"iam.amazonaws.com","requestParameters":{"Effect": "Allow", "Action": ["s3:GetObject"]}})"));
  CHECK_FALSE(RuleMatches(rule,
                          R"({"eventSource":"iam.amazonaws.com","requestParameters":{"Effect":"Deny","Action":["s3:GetObject"]}})"));
  const std::string any = Rule("        requestParameters.layers|contains: '*'\n");
  CHECK(RuleMatches(any, R"({"eventSource":"iam.amazonaws.com","requestParameters":{"layers":["arn:x"]}})"));
  CHECK_FALSE(RuleMatches(any, R"({"eventSource":"iam.amazonaws.com","requestParameters":{}})"));
}

TEST_CASE("keywords, exists, fieldref and escapes match as documented") {
  const std::string kw =
      "title: k\nlogsource: {product: aws}\ndetection:\n    k: [trufflehog]\n    condition: k\n";
  CHECK(RuleMatches(kw, R"({"userAgent":"TruffleHog/3.0"})"));
  CHECK_FALSE(RuleMatches(kw, R"({"userAgent":"aws-cli"})"));

  const std::string exists = Rule("        errorCode|exists: true\n");
  CHECK(RuleMatches(exists, R"({"eventSource":"iam.amazonaws.com","errorCode":null})"));
  CHECK_FALSE(RuleMatches(exists, R"({"eventSource":"iam.amazonaws.com"})"));

  const std::string ref = Rule("        userIdentity.arn|fieldref|endswith: requestParameters.userName\n");
  CHECK(RuleMatches(ref,
                    R"({"eventSource":"iam.amazonaws.com","userIdentity":{"arn":"arn:aws:iam::1:user/Bob"},"requestParameters":{"userName":"bob"}})"));
  CHECK_FALSE(RuleMatches(ref,
                          R"({"eventSource":"iam.amazonaws.com","userIdentity":{"arn":"arn:aws:iam::1:user/Bob"},"requestParameters":{"userName":"alice"}})"));

  const std::string star = Rule("        a: 'x\\*'\n");
  CHECK(RuleMatches(star, R"({"eventSource":"iam.amazonaws.com","a":"x*"})"));
  CHECK_FALSE(RuleMatches(star, R"({"eventSource":"iam.amazonaws.com","a":"xy"})"));
}

// ---------------------------------------------------------------------------
// LoadPath
// ---------------------------------------------------------------------------

TEST_CASE("LoadPath reads *.yml and *.yaml recursively in sorted order") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("sigma_load_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "b" / "deeper");
  auto write = [](const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  };
  auto rule = [](std::string_view title) {
    return "title: " + std::string(title) +
           "\nlogsource: {product: aws}\ndetection:\n    s: {a: b}\n    condition: s\n";
  };
  write(dir / "b" / "deeper" / "z.yaml", rule("z"));
  write(dir / "b" / "a.yml", rule("ba"));
  write(dir / "c.yml", rule("c") + "---\n" + rule("c2"));
  write(dir / "notes.txt", rule("ignored"));
  write(dir / "bad.yml", "title: [");

  sigma::RuleCollection c;
  sigma::LoadPath(dir.string(), {}, &c);
  std::vector<std::string> titles;
  for (const auto& r : c.rules) titles.push_back(r.info.title);
  CHECK(titles == std::vector<std::string>{"ba", "z", "c", "c2"});
  REQUIRE(c.error_count() == 1);
  CHECK(c.diagnostics[0].where.file == (dir / "bad.yml").string());
  CHECK(c.rules[1].info.where.file == (dir / "b" / "deeper" / "z.yaml").string());

  sigma::RuleCollection one;
  sigma::LoadPath((dir / "c.yml").string(), {}, &one);
  CHECK(one.rules.size() == 2);

  sigma::RuleCollection missing;
  sigma::LoadPath((dir / "nope").string(), {}, &missing);
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(missing.diagnostics[0].construct == "path");
  CHECK(missing.diagnostics[0].where.file == (dir / "nope").string());
  fs::remove_all(dir);
}

TEST_CASE("a Sigma field name's leading '$.' is dropped: '$.' names are CloudWatch selectors") {
  trailhunt::sigma::RuleCollection c;
  trailhunt::sigma::LoadText(R"(title: t
logsource: {product: aws, service: cloudtrail}
detection:
  sel:
    $.userIdentity.type: Root
    eventName|fieldref: $.requestParameters.name
  condition: sel
)",
                             "dollar.yml", trailhunt::sigma::LoadOptions(), &c);
  REQUIRE(c.diagnostics.empty());
  REQUIRE(c.rules.size() == 1);
  CHECK(c.rules[0].fields_read ==
        std::vector<std::string>{"userIdentity.type", "eventName", "requestParameters.name"});
}
