// The rule index never leaves out a rule that matches: a differential check
// of every rule against every record (hand-built rules, rules derived from
// the sample data, random rules), plus the automaton it runs, Explain, and
// how few rules a record gets.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <iterator>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "match/aho_corasick.h"
#include "match/rule_index.h"
#include "match/text.h"
#include "test_data.h"
#include "trailhunt/catalog.h"
#include "trailhunt/filterpattern.h"
#include "trailhunt/input.h"
#include "trailhunt/match.h"
#include "trailhunt/projection.h"

using trailhunt::Catalog;
using trailhunt::FieldView;
using trailhunt::Projection;
using trailhunt::ProjectionBuilder;
using trailhunt::ProjectionError;
using trailhunt::Record;
using trailhunt::SlotIndex;
using trailhunt::Value;
using trailhunt::match::CompareOp;
using trailhunt::match::Expr;
using trailhunt::match::FieldRefMode;
using trailhunt::match::FieldSet;
using trailhunt::match::NumberMode;
using trailhunt::match::Op;
using trailhunt::match::Predicate;
using trailhunt::match::RuleIndex;
using trailhunt::match_internal::AhoCorasick;

namespace {

// ---------------------------------------------------------------------------
// Expressions, as the front ends build them.

Expr Leaf(Op op, std::string field) {
  Expr e;
  e.op = op;
  e.target.field = std::move(field);
  return e;
}
Expr EqV(std::string field, Value literal, bool cased = false) {
  Expr e = Leaf(Op::kCompare, std::move(field));
  e.compare = CompareOp::kEq;
  e.literal = std::move(literal);
  e.flags.case_sensitive = cased;
  return e;
}
Expr Eq(std::string field, std::string text, bool cased = false) {
  return EqV(std::move(field), Value::String(std::move(text)), cased);
}
Expr AnyOf(const std::string& field, const std::vector<std::string>& texts, bool cased = false) {
  std::vector<Expr> children;
  for (const std::string& t : texts) children.push_back(Eq(field, t, cased));
  return Expr::Or(std::move(children));
}
Expr Wild(std::string field, std::string pattern, bool cased = false) {
  Expr e = Leaf(Op::kWildcard, std::move(field));
  e.pattern = std::move(pattern);
  e.flags.case_sensitive = cased;
  return e;
}
std::string Escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '*' || c == '?' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}
Expr Contains(std::string field, std::string_view s, bool cased = false) {
  return Wild(std::move(field), "*" + Escape(s) + "*", cased);
}
Expr StartsWith(std::string field, std::string_view s, bool cased = false) {
  return Wild(std::move(field), Escape(s) + "*", cased);
}
Expr EndsWith(std::string field, std::string_view s, bool cased = false) {
  return Wild(std::move(field), "*" + Escape(s), cased);
}
Expr Null(std::string field) {
  Expr e = Leaf(Op::kNull, std::move(field));
  e.flags.missing_is_null = true;
  return e;
}
Expr Exists(std::string field) { return Leaf(Op::kExists, std::move(field)); }
Expr Keyword(std::string pattern, bool boundaries = true, bool cased = false) {
  Expr e;
  e.op = Op::kKeyword;
  e.pattern = std::move(pattern);
  e.flags.token_boundaries = boundaries;
  e.flags.case_sensitive = cased;
  return e;
}
Expr Regex(std::string field, std::string pattern) {
  Expr e = Leaf(Op::kRegex, std::move(field));
  e.pattern = std::move(pattern);
  return e;
}
Expr Cidr(std::string field, std::string block) {
  Expr e = Leaf(Op::kCidr, std::move(field));
  e.pattern = std::move(block);
  return e;
}
Expr Compare(std::string field, CompareOp op, Value literal, NumberMode mode) {
  Expr e = EqV(std::move(field), std::move(literal));
  e.compare = op;
  e.flags.numbers = mode;
  return e;
}
Expr RawWild(std::string pattern) {
  Expr e;
  e.op = Op::kWildcard;
  e.target.raw = true;
  e.pattern = std::move(pattern);
  return e;
}
Expr RawEq(std::string text) {
  Expr e = Eq("", std::move(text));
  e.target.raw = true;
  return e;
}
Expr FieldRef(std::string field, std::string other, FieldRefMode mode) {
  Expr e = Leaf(Op::kFieldRef, std::move(field));
  e.other.field = std::move(other);
  e.field_ref = mode;
  return e;
}
Expr AllItems(Expr e) {
  e.flags.all_items = true;
  return e;
}
Expr NeverOnObjects(Expr e) {
  e.flags.containers = trailhunt::match::ContainerMode::kNeverMatch;
  return e;
}
Expr And(std::vector<Expr> c) { return Expr::And(std::move(c)); }
Expr Or(std::vector<Expr> c) { return Expr::Or(std::move(c)); }
Expr Not(Expr c) { return Expr::Not(std::move(c)); }

struct NamedRule {
  std::string name;
  Expr expr;
};

// ---------------------------------------------------------------------------
// Compiling rules and projecting records, as a hunt does.

// A record as the reader delivers it: padded.
struct PaddedRecord {
  explicit PaddedRecord(std::string_view json)
      : text(std::string(json) + std::string(trailhunt::kJsonPadding, ' ')) {
    record.json = std::string_view(text.data(), json.size());
  }
  std::string text;
  Record record;
};

struct CompiledRules {
  std::vector<std::string> names;
  std::vector<Predicate> predicates;
  std::shared_ptr<const Projection> projection;
  RuleIndex index;
};

CompiledRules CompileRules(std::vector<NamedRule> rules) {
  CompiledRules out;
  ProjectionBuilder builder;
  // Names resolve as the Sigma front end resolves them (implicit arrays),
  // except "$." paths, which read an array as its JSON text.
  trailhunt::match::FieldBinder bind = [&builder](std::string_view field) -> absl::StatusOr<SlotIndex> {
    trailhunt::PathOptions options;
    options.implicit_arrays = field.rfind("$.", 0) != 0;
    auto resolved = Catalog::Default().Resolve(field, FieldView::kRaw, options);
    if (!resolved.ok()) return resolved.status();
    return builder.Add(*resolved);
  };
  for (NamedRule& rule : rules) {
    auto p = Predicate::Compile(std::move(rule.expr), bind);
    REQUIRE_MESSAGE(p.ok(), rule.name << ": " << std::string(p.status().message()));
    out.names.push_back(rule.name);
    out.predicates.push_back(*std::move(p));
  }
  out.projection = builder.Build();
  std::vector<const Expr*> exprs;
  for (const Predicate& p : out.predicates) exprs.push_back(&p.expr());
  out.index = RuleIndex::Build(exprs);
  return out;
}

std::vector<std::string> SampleRecords() {
  std::vector<std::string> out;
  auto sources = trailhunt::ExpandPaths({std::string(TRAILHUNT_SAMPLE_DIR) + "/data"});
  REQUIRE(sources.ok());
  for (const auto& source : *sources) {
    for (auto& r : testing_support::ReadAny(source).records) out.push_back(std::move(r.json));
  }
  REQUIRE(out.size() > 100);
  return out;
}

// Hand-written records for what the sample data lacks: case, absence,
// arrays, objects, numbers, non-ASCII text.
const char* const kEdgeRecords[] = {
    R"({})",
    R"({"eventName":"consolelogin","eventSource":"SIGNIN.AMAZONAWS.COM"})",
    R"({"eventName":"CONSOLELOGIN","eventSource":"signin.amazonaws.com","errorCode":"AccessDenied"})",
    R"({"eventName":null,"eventSource":null,"userAgent":null})",
    R"({"eventName":["ConsoleLogin","GetObject"],"eventSource":{"s":"iam.amazonaws.com"}})",
    R"({"eventName":123,"eventSource":true,"readOnly":"true","eventVersion":1.05})",
    R"({"eventName":"GetObject","readOnly":true,"eventVersion":"1.05"})",
    R"({"eventName":"CreateUser","userAgent":"J\u00fcrgen's AWS-CLI/2.0 Python","errorCode":"AccessDenied"})",
    R"({"eventName":"CreateUser","userAgent":"Jürgen trufflehog/3.1"})",
    R"({"eventName":"PutUserPolicy","requestParameters":{"policyDocument":"{\"Action\":\"s3:GetObject\"}","userName":"web_admin"}})",
    R"({"resources":[{"ARN":"arn:aws:s3:::frothly-billing-reports","type":"AWS::S3::Bucket"},{"ARN":"x","type":"AWS::S3::Object"}]})",
    R"({"resources":[{"ARN":"ARN:AWS:S3:::FROTHLY-BILLING-REPORTS"}],"eventName":"DeleteBucket"})",
    R"({"resources":[],"eventName":"DeleteBucket","errorCode":null})",
    R"({"requestParameters":{"bucketName":"frothly-billing"},"responseElements":null})",
    R"({"requestParameters":"frothly-billing","responseElements":"null"})",
    R"({"eventName":"Describe","eventSource":"ec2.amazonaws.com","userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"}})",
    R"({"eventName":"DescribeInstances","eventName":"ConsoleLogin"})",
    R"({"eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"No"},"responseElements":{"ConsoleLogin":"Success"}})",
    R"({"eventName":"AttachUserPolicy","errorMessage":"User: arn:aws:iam::111122223333:user/web_admin is not authorized"})",
    R"({"eventName":"  ConsoleLogin","userAgent":"aws-cli"})",
    R"({"eventName":"\u0043onsoleLogin","sourceIPAddress":"203.0.113.77"})",
    R"({"eventName":"GetObject","eventSource":"s3.amazonaws.com","sourceIPAddress":"2001:db8::1"})",
    R"({"userIdentity":{"arn":"arn:aws:iam::111122223333:user/bstoll","userName":"bstoll"},"requestParameters":{"userName":"bstoll"}})",
    R"({"eventName":"ListBuckets","userAgent":"AccessDenied","errorCode":""})",
    R"({"eventName":"GetCallerIdentity","eventVersion":1e400,"readOnly":false})",
};

struct Outcome {
  size_t records = 0;
  size_t matches = 0;     // (rule, record) pairs that matched
  size_t candidates = 0;  // (rule, record) pairs the index returned
  std::vector<size_t> per_rule;
};

// For every record: the candidates are ascending and distinct, and every
// rule that matches is among them.
Outcome CheckSuperset(const CompiledRules& rules, const std::vector<std::string>& records) {
  Outcome o;
  o.per_rule.assign(rules.predicates.size(), 0);
  std::vector<Value> slots(rules.projection->slot_count());
  RuleIndex::Scratch scratch;
  std::vector<uint32_t> candidates;
  for (const std::string& json : records) {
    PaddedRecord rec(json);
    ProjectionError error;
    REQUIRE_MESSAGE(rules.projection->Extract(rec.record, absl::MakeSpan(slots), &error),
                    error.message << " in " << json);
    const FieldSet fields{absl::MakeConstSpan(slots), rec.record.json};
    rules.index.Candidates(fields, &scratch, &candidates);
    ++o.records;
    o.candidates += candidates.size();
    for (size_t i = 1; i < candidates.size(); ++i) {
      REQUIRE_MESSAGE(candidates[i - 1] < candidates[i], "not ascending and distinct for " << json);
    }
    for (size_t r = 0; r < rules.predicates.size(); ++r) {
      if (!rules.predicates[r].Matches(fields)) continue;
      ++o.matches;
      ++o.per_rule[r];
      const bool found = std::binary_search(candidates.begin(), candidates.end(),
                                            static_cast<uint32_t>(r));
      CHECK_MESSAGE(found, "rule " << rules.names[r] << " (" << rules.predicates[r].ToString()
                                   << ") matches but is no candidate for " << json);
    }
  }
  return o;
}

std::vector<std::string> AllRecords() {
  std::vector<std::string> records = SampleRecords();
  for (const char* json : kEdgeRecords) records.emplace_back(json);
  return records;
}

size_t Index(const CompiledRules& rules, std::string_view name) {
  for (size_t i = 0; i < rules.names.size(); ++i) {
    if (rules.names[i] == name) return i;
  }
  FAIL("no rule " << name);
  return 0;
}

// The candidates for one record.
std::vector<uint32_t> CandidatesFor(const CompiledRules& rules, std::string_view json) {
  PaddedRecord rec(json);
  std::vector<Value> slots(rules.projection->slot_count());
  ProjectionError error;
  REQUIRE(rules.projection->Extract(rec.record, absl::MakeSpan(slots), &error));
  RuleIndex::Scratch scratch;
  std::vector<uint32_t> out;
  rules.index.Candidates(FieldSet{absl::MakeConstSpan(slots), rec.record.json}, &scratch, &out);
  return out;
}

std::vector<NamedRule> HandBuiltRules() {
  std::vector<NamedRule> r;
  auto add = [&r](std::string name, Expr e) { r.push_back({std::move(name), std::move(e)}); };
  add("eq", Eq("eventName", "ConsoleLogin"));
  add("eq-lower", Eq("eventName", "consolelogin"));
  add("eq-cased", Eq("eventName", "ConsoleLogin", true));
  add("eq-cased-wrong", Eq("eventName", "consolelogin", true));
  add("or-list", AnyOf("eventName", {"CreateKeyPair", "RunInstances", "AuthorizeSecurityGroupIngress"}));
  add("or-list-folded",
      AnyOf("eventName", {"CreateUser", "DeleteUser", "AttachUserPolicy", "PutUserPolicy",
                          "CreateAccessKey", "AssumeRole", "Decrypt", "PutBucketPolicy",
                          "GetCallerIdentity", "ListBuckets"}));
  add("or-list-folded-cased",
      AnyOf("eventName", {"CreateUser", "DeleteUser", "AttachUserPolicy", "PutUserPolicy",
                          "CreateAccessKey", "AssumeRole", "Decrypt", "PutBucketPolicy", "getobject"},
            true));
  add("and-name-source", And({Eq("eventName", "GetObject"), Eq("eventSource", "s3.amazonaws.com")}));
  add("and-source-not", And({Eq("eventSource", "iam.amazonaws.com"), Not(Eq("eventName", "ListUsers"))}));
  add("and-source-error", And({Eq("eventSource", "iam.amazonaws.com"), Eq("errorCode", "AccessDenied")}));
  add("contains-ua", Contains("userAgent", "aws-cli"));
  add("contains-ua-upper", Contains("userAgent", "SIGNIN"));
  add("contains-ua-cased", Contains("userAgent", "Python", true));
  add("startswith", StartsWith("eventName", "Describe"));
  add("endswith", EndsWith("eventName", "Policy"));
  add("wildcard-mid", Wild("eventName", "Get*Object"));
  add("wildcard-one", Wild("eventName", "Put?serPolicy"));
  add("wildcard-short", Wild("eventName", "*ec*"));
  add("wildcard-escaped", Wild("userAgent", "*\\*not a star\\?*"));
  add("wildcard-equality", Wild("eventName", "consoleLOGIN"));
  add("wildcard-empty", Wild("errorCode", ""));
  add("wildcard-anything", Wild("errorCode", "*"));
  add("success-or-null",
      And({Eq("eventName", "DeleteBucket"), Or({Null("errorCode"), Eq("errorCode", "Success")})}));
  add("not-only", Not(Eq("eventName", "GetObject")));
  add("false", Expr::False());
  add("and-false", And({Eq("eventName", "ConsoleLogin"), Expr::False()}));
  add("or-false", Or({Expr::False(), Eq("eventName", "ConsoleLogin")}));
  add("or-all-false", Or({Expr::False(), Expr::False()}));
  add("empty-or", Or({}));
  add("empty-and", And({}));
  add("true", Expr::True());
  add("not-false", Not(Expr::False()));
  add("keyword", Keyword("AccessDenied"));
  add("keyword-star", Keyword("*trufflehog*"));
  add("keyword-ip", Keyword("203.0.113.77"));
  add("keyword-plain-cased", Keyword("FrothlyAdminRole", false, true));
  add("keyword-short", Keyword("ec"));
  add("keyword-escaped-json", Keyword("\\\"s3:GetObject\\\""));
  add("multi-contains", Contains("resources.ARN", "frothly-billing"));
  add("multi-eq", Eq("resources.type", "AWS::S3::Bucket"));
  add("multi-all", AllItems(StartsWith("resources.ARN", "arn:aws:s3:::")));
  add("multi-braces", Eq("resources{}.type", "aws::s3::object"));
  add("bool-literal", EqV("readOnly", Value::Bool(true)));
  add("bool-text", Eq("readOnly", "FALSE"));
  add("double-literal", EqV("eventVersion", Value::Double(1.05)));
  add("int-literal", EqV("recipientAccountId", Value::Int(111122223333)));
  add("int-as-text", Eq("eventName", "123"));
  add("null-literal", EqV("responseElements", Value::Null()));
  add("null-text", Eq("responseElements", "NULL"));
  add("null-leaf", Null("responseElements"));
  add("numeric-eq", Compare("eventVersion", CompareOp::kEq, Value::Double(1.05), NumberMode::kNumericIfBoth));
  add("numeric-text-eq", Compare("eventName", CompareOp::kEq, Value::String("consoleLogin"), NumberMode::kNumericIfBoth));
  add("numeric-text-number", Compare("eventVersion", CompareOp::kEq, Value::String("1.050"), NumberMode::kNumericIfBoth));
  add("numeric-only", Compare("eventVersion", CompareOp::kGe, Value::Int(1), NumberMode::kNumericOnly));
  add("not-equal", Compare("eventName", CompareOp::kNe, Value::String("GetObject"), NumberMode::kText));
  add("object-contains", Contains("requestParameters", "frothly-billing"));
  add("object-contains-escaped", Contains("requestParameters", "\\\"s3:GetObject\\\""));
  add("object-eq", Eq("eventSource", "{\"s\":\"iam.amazonaws.com\"}"));
  add("object-never", NeverOnObjects(Contains("requestParameters", "frothly")));
  add("array-contains", Contains("$.eventName", "\"GetObject\""));
  add("or-contains", Or({Contains("userAgent", "aws-cli"), Contains("userAgent", "Boto3")}));
  add("or-contains-eq", Or({Contains("userAgent", "trufflehog"), Eq("userAgent", "signin.amazonaws.com")}));
  add("or-contains-short-eq", Or({Contains("userAgent", "trufflehog"), Eq("userAgent", "a")}));
  add("or-contains-empty-eq", Or({Contains("userAgent", "trufflehog"), Eq("userAgent", "")}));
  add("or-other-fields", Or({Eq("eventName", "ConsoleLogin"), Contains("userAgent", "aws-cli")}));
  add("nested",
      And({Or({And({Eq("eventName", "RunInstances"), Exists("userAgent")}),
               And({Eq("eventName", "CreateKeyPair"), Not(Null("errorCode"))}),
               And({Eq("eventName", "ConsoleLogin"), Eq("additionalEventData.MFAUsed", "No")})}),
           Not(Eq("userIdentity.type", "AWSService"))}));
  add("nested-mixed-or",
      Or({And({Eq("eventSource", "s3.amazonaws.com"), Contains("eventName", "Bucket")}),
          And({Eq("eventSource", "iam.amazonaws.com"), Eq("eventName", "CreateUser")})}));
  add("regex", Regex("eventName", "^Get.*"));
  add("regex-and-eq", And({Regex("userIdentity.arn", ".+:assumed-role/.+"), Eq("eventSource", "sts.amazonaws.com")}));
  add("cidr", And({Cidr("sourceIPAddress", "203.0.113.0/24"), StartsWith("eventName", "Create")}));
  add("raw-contains", RawWild("*consolelogin*"));
  add("raw-eq", RawEq("{}"));
  add("non-ascii-eq", Eq("userAgent", "Jürgen trufflehog/3.1"));
  add("non-ascii-contains", Contains("userAgent", "Jürgen trufflehog"));
  add("non-ascii-and", And({Eq("userAgent", "Jürgen trufflehog/3.1"), Eq("eventName", "CreateUser")}));
  add("fieldref", FieldRef("userIdentity.arn", "requestParameters.userName", FieldRefMode::kEndsWith));
  add("exists", Exists("errorCode"));
  add("not-exists-and", And({Not(Exists("errorCode")), Eq("eventName", "GetCallerIdentity")}));
  add("double-not", Not(Not(Eq("eventName", "ConsoleLogin"))));
  add("leading-space", Eq("eventName", "  ConsoleLogin"));
  add("computed-principal", Eq("principal", "bstoll"));
  add("mfa", And({Eq("eventName", "CreateKeyPair"),
                  Eq("userIdentity.sessionContext.attributes.mfaAuthenticated", "false")}));
  // CloudWatch filter patterns: case-sensitive, negated wildcards and
  // regexes, booleans-only, null never compared, terms, delimited fields.
  auto pattern = [&add](std::string name, std::string_view text) {
    absl::StatusOr<trailhunt::filterpattern::Pattern> p = trailhunt::filterpattern::Parse(text);
    REQUIRE_MESSAGE(p.ok(), std::string(p.status().message()));
    add(std::move(name), p->expr);
  };
  pattern("cw-cis-4-1",
          R"({ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") })");
  pattern("cw-cis-4-2",
          R"({ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") })");
  pattern("cw-cis-4-4",
          "{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}");
  pattern("cw-negated-wildcard", R"({ $.eventName != "Describe*" })");
  pattern("cw-negated-regex", "{ $.eventName != %^Get% && $.eventSource = s3.amazonaws.com }");
  pattern("cw-is-true", "{ $.readOnly IS TRUE }");
  pattern("cw-not-exists", "{ $.errorCode NOT EXISTS && $.eventName = ConsoleLogin }");
  pattern("cw-number-text", "{ $.eventVersion = 1.05 }");
  pattern("cw-terms", "ConsoleLogin -Yes");
  pattern("cw-any-terms", "?AccessDenied ?UnauthorizedOperation");
  pattern("cw-delimited", "[first, ..., last = *}]");
  return r;
}

// ---------------------------------------------------------------------------

TEST_CASE("rule index: hand-built rules are never left out") {
  CompiledRules rules = CompileRules(HandBuiltRules());
  const Outcome o = CheckSuperset(rules, AllRecords());
  // The rules do match: the check above is not vacuous.
  for (const char* name :
       {"eq", "eq-lower", "eq-cased", "or-list", "or-list-folded", "and-name-source",
        "and-source-not", "and-source-error", "contains-ua", "contains-ua-upper", "startswith",
        "endswith", "wildcard-mid", "wildcard-equality", "success-or-null", "not-only",
        "or-false", "keyword", "keyword-ip", "keyword-escaped-json", "multi-contains", "multi-eq",
        "multi-all", "multi-braces", "bool-literal", "bool-text", "double-literal", "int-literal",
        "int-as-text", "null-literal", "null-text", "null-leaf", "object-contains",
        "object-contains-escaped", "object-eq", "array-contains", "or-contains",
        "or-contains-eq", "nested", "nested-mixed-or", "cidr", "raw-contains", "raw-eq",
        "non-ascii-eq", "non-ascii-contains", "non-ascii-and", "fieldref", "leading-space",
        "computed-principal", "mfa", "keyword-star", "wildcard-empty", "not-exists-and",
        "numeric-text-eq", "numeric-text-number", "cw-cis-4-1", "cw-cis-4-2", "cw-cis-4-4",
        "cw-negated-wildcard", "cw-negated-regex", "cw-is-true", "cw-not-exists",
        "cw-number-text", "cw-terms", "cw-any-terms", "cw-delimited"}) {
    CHECK_MESSAGE(o.per_rule[Index(rules, name)] > 0, "rule " << std::string(name) << " matched no record");
  }
  for (const char* name : {"false", "and-false", "or-all-false", "empty-or"}) {
    CHECK_MESSAGE(o.per_rule[Index(rules, name)] == 0, std::string(name));
  }
  // Rules that can never match are never candidates.
  const std::string explain = rules.index.Explain(rules.names);
  CHECK(explain.find("never match: 4 rules: false, and-false, or-all-false, empty-or\n") !=
        std::string::npos);
  // The index saves most of the work even with this many unindexable rules.
  CHECK(o.candidates < o.records * rules.names.size() / 2);
  MESSAGE("records " << o.records << ", rules " << rules.names.size() << ", matches "
                     << o.matches << ", candidates " << o.candidates);
}

TEST_CASE("rule index: what each rule is indexed on") {
  CompiledRules rules = CompileRules(HandBuiltRules());
  const std::string explain = rules.index.Explain(rules.names);
  // Each line lists its rules ascending; pick the line a rule is on.
  auto line_of = [&explain](const std::string& name) -> std::string {
    size_t start = 0;
    while (start < explain.size()) {
      size_t end = explain.find('\n', start);
      if (end == std::string::npos) end = explain.size();
      const std::string line = explain.substr(start, end - start);
      const size_t colon = line.find(": ", line.find("rule"));
      if (colon != std::string::npos) {
        const std::string list = ", " + line.substr(colon + 2) + ",";
        if (list.find(", " + name + ",") != std::string::npos) return line.substr(0, line.find(':'));
      }
      start = end + 1;
    }
    return "(none)";
  };
  CHECK(line_of("eq") == "equals eventName (slot 0)");
  CHECK(line_of("eq-cased") == "equals eventName (slot 0)");
  CHECK(line_of("or-list-folded") == "equals eventName (slot 0)");
  CHECK(line_of("and-name-source") == "equals eventName (slot 0)");
  CHECK(line_of("and-source-not").rfind("equals eventSource", 0) == 0);
  CHECK(line_of("and-source-error").rfind("equals eventSource", 0) == 0);
  CHECK(line_of("success-or-null") == "equals eventName (slot 0)");
  CHECK(line_of("or-false") == "equals eventName (slot 0)");
  CHECK(line_of("double-not") == "always evaluated");
  CHECK(line_of("nested") == "equals eventName (slot 0)");
  CHECK(line_of("nested-mixed-or").rfind("equals eventSource", 0) == 0);
  CHECK(line_of("wildcard-equality") == "equals eventName (slot 0)");
  CHECK(line_of("numeric-text-eq") == "equals eventName (slot 0)");
  CHECK(line_of("contains-ua").rfind("contains userAgent", 0) == 0);
  CHECK(line_of("or-contains-eq").rfind("contains userAgent", 0) == 0);
  CHECK(line_of("or-contains-short-eq").rfind("contains userAgent", 0) == 0);
  CHECK(line_of("or-contains-empty-eq") == "always evaluated");
  CHECK(line_of("startswith").rfind("contains eventName", 0) == 0);
  CHECK(line_of("multi-contains").rfind("contains resources.ARN", 0) == 0);
  CHECK(line_of("keyword") == "contains raw record");
  CHECK(line_of("raw-contains") == "contains raw record");
  CHECK(line_of("raw-eq") == "equals raw record");
  CHECK(line_of("cidr").rfind("contains eventName", 0) == 0);
  CHECK(line_of("non-ascii-and") == "equals eventName (slot 0)");
  // Its ASCII run " trufflehog" is required; "Jürgen" is not.
  CHECK(line_of("non-ascii-contains").rfind("contains userAgent", 0) == 0);
  for (const char* name :
       {"not-only", "wildcard-short", "wildcard-anything", "regex", "numeric-eq", "numeric-only",
        "numeric-text-number",
        "not-equal", "or-other-fields", "non-ascii-eq", "fieldref", "exists",
        "keyword-short", "true", "empty-and", "not-false"}) {
    CHECK_MESSAGE(line_of(name) == "always evaluated", std::string(name));
  }
  CHECK(line_of("false") == "never match");
  CHECK(rules.index.rule_count() == rules.names.size());
}

// Rules made from the sample's own values (so that most of them match
// something), with the case changed the way a rule writer might.
std::vector<NamedRule> DerivedRules(const std::vector<std::string>& records) {
  std::set<std::string> names, agents, addresses, types;
  {
    ProjectionBuilder builder;
    std::vector<SlotIndex> slots;
    for (const char* f : {"eventName", "userAgent", "sourceIPAddress", "userIdentity.type"}) {
      slots.push_back(builder.Add(*Catalog::Default().Resolve(f, FieldView::kRaw)));
    }
    auto projection = builder.Build();
    std::vector<Value> values(projection->slot_count());
    for (const std::string& json : records) {
      PaddedRecord rec(json);
      ProjectionError error;
      REQUIRE(projection->Extract(rec.record, absl::MakeSpan(values), &error));
      std::set<std::string>* sets[] = {&names, &agents, &addresses, &types};
      for (size_t i = 0; i < 4; ++i) {
        if (values[slots[i]].is_string()) sets[i]->insert(values[slots[i]].text());
      }
    }
  }
  std::vector<NamedRule> r;
  int n = 0;
  auto flip = [&n](std::string s) {
    for (size_t i = 0; i < s.size(); ++i) {
      if ((i + static_cast<size_t>(n)) % 3 == 0) s[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i])));
    }
    return s;
  };
  for (const std::string& name : names) {
    ++n;
    r.push_back({"name:" + name, Eq("eventName", flip(name))});
    if (name.size() > 6) {
      r.push_back({"name-prefix:" + name, StartsWith("eventName", name.substr(0, 6))});
      r.push_back({"name-suffix:" + name, And({EndsWith("eventName", flip(name.substr(name.size() - 5))),
                                                 Not(Exists("errorCode"))})});
    }
  }
  for (const std::string& agent : agents) {
    ++n;
    if (agent.size() >= 8) {
      r.push_back({"agent:" + agent, Contains("userAgent", flip(agent.substr(agent.size() / 3, 5)))});
    }
  }
  for (const std::string& address : addresses) {
    ++n;
    r.push_back({"ip:" + address, Or({StartsWith("sourceIPAddress", address.substr(0, 7)),
                                      Eq("sourceIPAddress", address)})});
  }
  for (const std::string& type : types) {
    ++n;
    r.push_back({"type:" + type, And({Eq("userIdentity.type", type, true),
                                      Keyword(type.substr(0, std::min<size_t>(type.size(), 6)))})});
  }
  return r;
}

TEST_CASE("rule index: rules derived from the sample data are never left out") {
  const std::vector<std::string> records = AllRecords();
  std::vector<NamedRule> derived = DerivedRules(records);
  REQUIRE(derived.size() > 50);
  CompiledRules rules = CompileRules(std::move(derived));
  const Outcome o = CheckSuperset(rules, records);
  size_t matched_rules = 0;
  for (size_t count : o.per_rule) matched_rules += count > 0 ? 1 : 0;
  CHECK(matched_rules >= rules.names.size() * 9 / 10);
  CHECK(o.matches > o.records);
  CHECK(rules.index.always_evaluated() == 0);
  // Each record gets a few rules, not all.
  CHECK(o.candidates < o.records * rules.names.size() / 10);
  MESSAGE("derived rules " << rules.names.size() << ", matches " << o.matches << ", candidates "
                           << o.candidates << " of " << o.records * rules.names.size());
}

// Random expressions over values the records hold, with random case, case
// rules, negations and nesting.
class RandomRules {
 public:
  explicit RandomRules(uint32_t seed) : rng_(seed) {}

  Expr Make(int depth) {
    const int pick = Uniform(depth >= 3 ? 10 : 14);
    switch (pick) {
      case 10: return And(Children(depth));
      case 11: return Or(Children(depth));
      case 12: return Not(Make(depth + 1));
      case 13: return And(Children(depth));
      default: break;
    }
    const Pool& pool = kPools[Uniform(sizeof(kPools) / sizeof(kPools[0]))];
    const std::string value = Case(pool.values[Uniform(pool.size)]);
    const bool cased = Uniform(4) == 0;
    switch (pick) {
      case 0:
      case 1: return Eq(pool.field, value, cased);
      case 2: return Contains(pool.field, Piece(value), cased);
      case 3: return StartsWith(pool.field, Piece(value), cased);
      case 4: return EndsWith(pool.field, Piece(value), cased);
      case 5: return Null(pool.field);
      case 6: return Uniform(8) == 0 ? Expr::False() : Exists(pool.field);
      case 7: {
        // One draw per statement: argument order is unspecified, and the
        // rules must be the same whatever the compiler.
        std::string piece = Piece(value);
        const bool boundaries = Uniform(2) == 0;
        return Keyword(std::move(piece), boundaries, cased);
      }
      case 8: {
        std::vector<std::string> values;
        const int n = 1 + Uniform(10);
        for (int i = 0; i < n; ++i) values.push_back(Case(pool.values[Uniform(pool.size)]));
        return AnyOf(pool.field, values, cased);
      }
      default: {
        const std::string first = Piece(value);
        const std::string second = Piece(value);
        return Wild(pool.field, "*" + Escape(first) + "*" + Escape(second), cased);
      }
    }
  }

 private:
  struct Pool {
    const char* field;
    const char* const* values;
    size_t size;
  };
  static constexpr const char* kNames[] = {"ConsoleLogin", "GetObject", "CreateKeyPair",
                                           "DescribeInstances", "AssumeRole", "PutUserPolicy",
                                           "CreateUser", "DeleteBucket", "123", "null"};
  static constexpr const char* kSources[] = {"s3.amazonaws.com", "iam.amazonaws.com",
                                             "ec2.amazonaws.com", "signin.amazonaws.com",
                                             "sts.amazonaws.com", "true"};
  static constexpr const char* kAgents[] = {"aws-cli/1.16.96", "signin.amazonaws.com",
                                            "config.amazonaws.com", "Boto3", "trufflehog",
                                            "AWS-CLI", "Jürgen"};
  static constexpr const char* kErrors[] = {"AccessDenied", "Client.UnauthorizedOperation",
                                            "Success", ""};
  static constexpr const char* kArns[] = {"arn:aws:s3:::frothly-billing-reports", "AWS::S3::Bucket",
                                          "frothly-web-assets", "x"};
  static constexpr const char* kVersions[] = {"1.05", "1.08", "true", "false"};
  static constexpr Pool kPools[] = {
      {"eventName", kNames, std::size(kNames)},
      {"eventName", kNames, std::size(kNames)},
      {"eventSource", kSources, std::size(kSources)},
      {"userAgent", kAgents, std::size(kAgents)},
      {"errorCode", kErrors, std::size(kErrors)},
      {"resources.ARN", kArns, std::size(kArns)},
      {"resources.type", kArns, std::size(kArns)},
      {"requestParameters", kArns, std::size(kArns)},
      {"eventVersion", kVersions, std::size(kVersions)},
      {"readOnly", kVersions, std::size(kVersions)},
  };

  int Uniform(size_t n) { return static_cast<int>(rng_() % n); }
  std::vector<Expr> Children(int depth) {
    std::vector<Expr> c;
    const int n = 1 + Uniform(3);
    for (int i = 0; i < n; ++i) c.push_back(Make(depth + 1));
    return c;
  }
  std::string Case(std::string s) {
    const int mode = Uniform(3);
    for (char& c : s) {
      if (mode == 1) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (mode == 2 && Uniform(2) == 0) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
  }
  // A run of the value: whole, or a slice of it.
  std::string Piece(const std::string& s) {
    if (s.empty() || Uniform(3) == 0) return s;
    const size_t begin = static_cast<size_t>(Uniform(s.size()));
    const size_t size = 1 + static_cast<size_t>(Uniform(s.size() - begin));
    return s.substr(begin, size);
  }

  std::mt19937 rng_;
};

TEST_CASE("rule index: random rules are never left out") {
  const std::vector<std::string> records = AllRecords();
  for (uint32_t seed : {1u, 2u, 3u}) {
    CAPTURE(seed);
    RandomRules gen(seed);
    std::vector<NamedRule> random;
    for (int i = 0; i < 150; ++i) random.push_back({"random" + std::to_string(i), gen.Make(0)});
    CompiledRules rules = CompileRules(std::move(random));
    const Outcome o = CheckSuperset(rules, records);
    CHECK(o.matches > 0);
    CHECK(rules.index.always_evaluated() < rules.names.size());
  }
}

TEST_CASE("rule index: a record gets only the rules for its eventName") {
  std::vector<NamedRule> list;
  for (int i = 0; i < 200; ++i) {
    list.push_back({"n" + std::to_string(i), Eq("eventName", "Event" + std::to_string(i))});
  }
  list.push_back({"agent", Contains("userAgent", "trufflehog")});
  list.push_back({"both", And({Eq("eventSource", "iam.amazonaws.com"), Eq("eventName", "Event7")})});
  list.push_back({"always", Not(Eq("eventName", "Event3"))});
  CompiledRules rules = CompileRules(std::move(list));
  CHECK(rules.index.always_evaluated() == 1);
  CHECK(CandidatesFor(rules, R"({"eventName":"Event7"})") == std::vector<uint32_t>{7, 201, 202});
  CHECK(CandidatesFor(rules, R"({"eventName":"event150","userAgent":"TruffleHog v3"})") ==
        std::vector<uint32_t>{150, 200, 202});
  CHECK(CandidatesFor(rules, R"({"eventName":"Unknown"})") == std::vector<uint32_t>{202});
  CHECK(CandidatesFor(rules, R"({})") == std::vector<uint32_t>{202});
  CHECK(CandidatesFor(rules, R"({"eventName":"Event1","userAgent":"trufflehog trufflehog"})") ==
        std::vector<uint32_t>{1, 200, 202});
}

TEST_CASE("rule index: the same index and scratch serve many records") {
  CompiledRules rules = CompileRules(HandBuiltRules());
  const std::vector<std::string> records = AllRecords();
  std::vector<Value> slots(rules.projection->slot_count());
  RuleIndex::Scratch scratch;
  std::vector<uint32_t> out;
  std::vector<std::vector<uint32_t>> first;
  // Warm up, then the same answers with no growth of the buffers.
  for (const std::string& json : records) {
    PaddedRecord rec(json);
    ProjectionError error;
    REQUIRE(rules.projection->Extract(rec.record, absl::MakeSpan(slots), &error));
    rules.index.Candidates(FieldSet{absl::MakeConstSpan(slots), rec.record.json}, &scratch, &out);
    first.push_back(out);
  }
  const uint32_t* out_data = out.data();
  const uint32_t* seen_data = scratch.seen.data();
  // Across a wrap of the generation counter too.
  scratch.generation = UINT32_MAX - 5;
  for (size_t i = 0; i < records.size(); ++i) {
    PaddedRecord rec(records[i]);
    ProjectionError error;
    REQUIRE(rules.projection->Extract(rec.record, absl::MakeSpan(slots), &error));
    rules.index.Candidates(FieldSet{absl::MakeConstSpan(slots), rec.record.json}, &scratch, &out);
    CHECK(out == first[i]);
  }
  CHECK(out.data() == out_data);
  CHECK(scratch.seen.data() == seen_data);
  CHECK(scratch.generation < 1000);
}

TEST_CASE("rule index: empty, null and oversized inputs") {
  RuleIndex empty = RuleIndex::Build({});
  RuleIndex::Scratch scratch;
  std::vector<uint32_t> out = {99};
  empty.Candidates(FieldSet{}, &scratch, &out);
  CHECK(out.empty());
  CHECK(empty.rule_count() == 0);
  CHECK(empty.Explain({}) == "always evaluated: 0 rules\n");

  // A null expression is evaluated for every record.
  RuleIndex with_null = RuleIndex::Build({nullptr});
  with_null.Candidates(FieldSet{}, &scratch, &out);
  CHECK(out == std::vector<uint32_t>{0});
  CHECK(with_null.Explain({}) == "always evaluated: 1 rule: #0\n");

  // Slots the record does not have read as missing.
  Expr bound = Eq("eventName", "x");
  bound.target.slot = 5;
  Expr unbound = Eq("eventName", "x");
  RuleIndex index = RuleIndex::Build({&bound, &unbound});
  index.Candidates(FieldSet{}, &scratch, &out);
  CHECK(out == std::vector<uint32_t>{1});

  // A deep chain and a huge OR: bounded work, no requirement lost.
  Expr deep = Eq("eventName", "Deep");
  deep.target.slot = 0;
  for (int i = 0; i < 3000; ++i) {
    std::vector<Expr> pair;
    pair.push_back(std::move(deep));
    pair.push_back(Expr::True());
    deep = And(std::move(pair));
  }
  std::vector<Expr> many;
  for (int i = 0; i < 70000; ++i) {
    Expr e = Eq("eventName", "N" + std::to_string(i));
    e.target.slot = 0;
    many.push_back(std::move(e));
  }
  Expr huge = Or(std::move(many));
  std::vector<Expr> some;
  for (int i = 0; i < 5000; ++i) {
    Expr e = Eq("eventName", "N" + std::to_string(i));
    e.target.slot = 0;
    some.push_back(std::move(e));
  }
  Expr big = Or(std::move(some));
  RuleIndex bounded = RuleIndex::Build({&deep, &huge, &big});
  CHECK(bounded.always_evaluated() == 2);  // too deep, too many literals
  const std::vector<Value> slots = {Value::String("n4999")};
  bounded.Candidates(FieldSet{absl::MakeConstSpan(slots), ""}, &scratch, &out);
  CHECK(out == std::vector<uint32_t>{0, 1, 2});
  const std::vector<Value> other = {Value::String("n5000")};
  bounded.Candidates(FieldSet{absl::MakeConstSpan(other), ""}, &scratch, &out);
  CHECK(out == std::vector<uint32_t>{0, 1});
}

TEST_CASE("rule index: Explain lists each indexed field, then the rest") {
  CompiledRules rules = CompileRules({
      {"login", Eq("eventName", "ConsoleLogin")},
      {"keys", AnyOf("eventName", {"CreateAccessKey", "CreateKeyPair"})},
      {"iam", And({Eq("eventSource", "iam.amazonaws.com"), Eq("errorCode", "AccessDenied")})},
      {"hog", Contains("userAgent", "trufflehog")},
      {"tools", Or({Contains("userAgent", "kali"), Contains("userAgent", "parrot"), Contains("userAgent", "PENTOO")})},
      {"kw", Keyword("backdoor")},
      {"any", Regex("eventName", "x")},
      {"off", Expr::False()},
  });
  CHECK(rules.index.Explain(rules.names) ==
        "equals eventName (slot 0): 3 literals, 2 rules: login, keys\n"
        "equals eventSource (slot 1): 1 literal, 1 rule: iam\n"
        "contains userAgent (slot 3): 4 patterns, 2 rules: hog, tools\n"
        "contains raw record: 1 pattern, 1 rule: kw\n"
        "always evaluated: 1 rule: any\n"
        "never match: 1 rule: off\n");
  // Unnamed rules are numbered.
  CHECK(rules.index.Explain({"login"}).find("2 rules: login, #1\n") != std::string::npos);
}

// ---------------------------------------------------------------------------
// The automaton.

std::vector<uint32_t> Found(const AhoCorasick& ac, std::string_view text) {
  std::vector<uint32_t> ids;
  ac.Search(text, [&ids](uint32_t id) { ids.push_back(id); });
  return ids;
}

// The same answers as the automaton, the slow way: at each end position,
// every pattern ending there, longest first.
std::vector<uint32_t> Naive(const std::vector<std::string>& patterns, std::string_view text) {
  std::vector<uint32_t> ids;
  for (size_t end = 1; end <= text.size(); ++end) {
    std::vector<std::pair<size_t, uint32_t>> here;
    for (size_t p = 0; p < patterns.size(); ++p) {
      const std::string& pat = patterns[p];
      if (pat.empty() || pat.size() > end) continue;
      bool same = true;
      for (size_t i = 0; i < pat.size(); ++i) {
        const char a = trailhunt::match_internal::FoldAscii(text[end - pat.size() + i]);
        const char b = trailhunt::match_internal::FoldAscii(pat[i]);
        if (a != b) {
          same = false;
          break;
        }
      }
      if (same) here.emplace_back(pat.size(), static_cast<uint32_t>(p));
    }
    // Longest first; equal patterns in id order.
    std::stable_sort(here.begin(), here.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& h : here) ids.push_back(h.second);
  }
  return ids;
}

TEST_CASE("aho-corasick: overlapping patterns, suffixes, case, empty text") {
  for (size_t cells : {AhoCorasick::kDefaultMaxDenseCells, size_t{0}}) {
    CAPTURE(cells);
    const AhoCorasick ac = AhoCorasick::Build({"he", "she", "his", "hers"}, cells);
    CHECK(ac.dense() == (cells != 0));
    CHECK(ac.pattern_count() == 4);
    // "ushers": she and he end at 4 (longest first), hers at 6.
    CHECK(Found(ac, "ushers") == std::vector<uint32_t>{1, 0, 3});
    CHECK(Found(ac, "USHERS") == std::vector<uint32_t>{1, 0, 3});
    CHECK(Found(ac, "").empty());
    CHECK(Found(ac, "xyz").empty());
    CHECK(Found(ac, "hehe") == std::vector<uint32_t>{0, 0});
    CHECK(Found(ac, "hishers") == std::vector<uint32_t>{2, 1, 0, 3});

    // A pattern that is a suffix of another, and one inside another.
    const AhoCorasick nested = AhoCorasick::Build({"assumerole", "role", "sumer", "ROLE"}, cells);
    CHECK(Found(nested, "sts:AssumeRole") == std::vector<uint32_t>{2, 0, 1, 3});
    CHECK(Found(nested, "rolerole") == std::vector<uint32_t>{1, 3, 1, 3});

    // Empty patterns are never reported; bytes outside every pattern and
    // non-ASCII bytes compare as themselves.
    const AhoCorasick odd = AhoCorasick::Build({"", "ü", "A\xff", "\x01"}, cells);
    CHECK(Found(odd, "jürgen a\xff\x01") == std::vector<uint32_t>{1, 2, 3});
    CHECK(Found(odd, "JÜRGEN").empty());  // no Unicode folding
    const AhoCorasick none = AhoCorasick::Build({}, cells);
    CHECK(Found(none, "anything").empty());
  }
}

TEST_CASE("aho-corasick: same answers as a naive search, dense and sparse") {
  std::mt19937 rng(7);
  const char alphabet[] = "abAB-c";
  auto random_text = [&rng, &alphabet](size_t max) {
    std::string s(rng() % (max + 1), ' ');
    for (char& c : s) c = alphabet[rng() % (sizeof(alphabet) - 1)];
    return s;
  };
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> patterns;
    const size_t n = 1 + rng() % 12;
    for (size_t i = 0; i < n; ++i) patterns.push_back(random_text(5));
    const AhoCorasick dense = AhoCorasick::Build(patterns);
    const AhoCorasick sparse = AhoCorasick::Build(patterns, 0);
    REQUIRE(dense.dense());
    REQUIRE(!sparse.dense());
    for (int t = 0; t < 10; ++t) {
      const std::string text = random_text(40);
      const std::vector<uint32_t> expected = Naive(patterns, text);
      CHECK(Found(dense, text) == expected);
      CHECK(Found(sparse, text) == expected);
    }
  }
}

}  // namespace
