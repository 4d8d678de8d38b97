// RuleSet and Hunt: compiling loaded Sigma rules (filters, correlation
// references, generate), evaluating records, and scanning sources with
// deterministic, reconciled results.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "test_data.h"
#include "trailhunt/hunt.h"
#include "trailhunt/sigma.h"

using trailhunt::HuntAlert;
using trailhunt::HuntMatch;
using trailhunt::HuntOptions;
using trailhunt::HuntRule;
using trailhunt::HuntSink;
using trailhunt::HuntSummary;
using trailhunt::RecordError;
using trailhunt::RuleEvaluator;
using trailhunt::RuleSet;
using trailhunt::RuleSetOptions;
using trailhunt::Source;
using trailhunt::sigma::Diagnostic;
using trailhunt::sigma::LoadOptions;
using trailhunt::sigma::LoadText;
using trailhunt::sigma::RuleCollection;

namespace {

constexpr const char* kDescribe = R"(title: Describe instances
id: 00000000-0000-0000-0000-000000000001
logsource: {product: aws, service: cloudtrail}
detection:
  selection:
    eventName: DescribeInstances
  condition: selection
level: low
)";

constexpr const char* kRunInstances = R"(title: Run instances
id: 00000000-0000-0000-0000-000000000002
name: run_instances
logsource: {product: aws, service: cloudtrail}
detection:
  selection:
    eventName: RunInstances
    userIdentity.type: IAMUser
  condition: selection
level: medium
)";

constexpr const char* kFilterAdmin = R"(title: Not the admin
id: 00000000-0000-0000-0000-0000000000f1
logsource: {product: aws, service: cloudtrail}
filter:
  rules:
    - run_instances
  selection:
    userIdentity.userName: admin
  condition: not selection
)";

constexpr const char* kBurst = R"(title: Burst of instance launches
id: 00000000-0000-0000-0000-0000000000c1
correlation:
  type: event_count
  rules:
    - run_instances
  group-by:
    - userIdentity.userName
  timespan: 1m
  condition:
    gte: 3
level: high
)";

RuleCollection Load(const std::vector<std::string>& texts) {
  RuleCollection rules;
  for (size_t i = 0; i < texts.size(); ++i) {
    LoadText(texts[i], "rule" + std::to_string(i) + ".yml", LoadOptions(), &rules);
  }
  for (const Diagnostic& d : rules.diagnostics) MESSAGE(d.ToString());
  REQUIRE(rules.error_count() == 0);
  return rules;
}

std::shared_ptr<const RuleSet> Compile(const RuleCollection& rules,
                                       std::vector<Diagnostic>* diagnostics = nullptr) {
  std::vector<Diagnostic> local;
  auto set = RuleSet::Compile(rules, RuleSetOptions(), diagnostics ? diagnostics : &local);
  REQUIRE(set != nullptr);
  return set;
}

std::string Run(int i, const std::string& user, int second) {
  return R"({"eventVersion":"1.08","eventTime":"2024-01-15T10:)" +
         testing_support::TwoDigits(second / 60) + ":" + testing_support::TwoDigits(second % 60) +
         R"(Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances","userIdentity":{"type":"IAMUser","userName":")" +
         user + R"("},"sourceIPAddress":"198.51.100.)" + std::to_string(i) +
         R"(","awsRegion":"us-east-1","eventID":"run-)" + std::to_string(i) + "\"}";
}

struct Collector : HuntSink {
  std::vector<std::string> lines;
  std::vector<HuntAlert> alerts;
  std::vector<std::string> errors;
  void OnMatch(const HuntMatch& m) override {
    lines.push_back(std::to_string(m.rule) + " " + std::string(m.source) + "#" +
                    std::to_string(m.record_index) + " " + std::string(m.event_name) + " " +
                    std::string(m.principal) + " " + std::string(m.source_ip) + " " +
                    std::string(m.event_time));
  }
  void OnAlert(const HuntAlert& a) override { alerts.push_back(a); }
  void OnRecordError(const RecordError& e) override {
    errors.push_back(std::string(e.location.source) + "#" +
                     std::to_string(e.location.record_index));
  }
};

Source Memory(const std::string& name, const std::string& bytes) {
  Source s;
  s.kind = Source::Kind::kMemory;
  s.name = name;
  s.memory = bytes;
  return s;
}

}  // namespace

TEST_CASE("a rule set evaluates only matching detections and reports their fields") {
  auto set = Compile(Load({kDescribe, kRunInstances}));
  REQUIRE(set->size() == 2);
  CHECK(set->detection_count() == 2);
  CHECK(set->rule(0).info.title == "Describe instances");
  RuleEvaluator evaluator(set);
  auto describe = evaluator.EvaluateJson(testing_support::Rec(1));
  REQUIRE(describe.ok());
  CHECK(*describe == std::vector<uint32_t>{0});
  auto run = evaluator.EvaluateJson(Run(7, "alice", 3));
  REQUIRE(run.ok());
  CHECK(*run == std::vector<uint32_t>{1});
  CHECK(evaluator.principal().ToDisplayString() == "alice");
  CHECK(evaluator.source_ip().ToDisplayString() == "198.51.100.7");
  CHECK(evaluator.event_name().ToDisplayString() == "RunInstances");
  // The index picks by eventName: one predicate per record, not two.
  CHECK(evaluator.rule_evaluations() == 2);
  auto bad = evaluator.EvaluateJson("{\"a\":");
  CHECK_FALSE(bad.ok());
}

TEST_CASE("a filter is ANDed to the rules it names, and one naming nothing warns") {
  std::string orphan = kFilterAdmin;
  orphan.replace(orphan.find("run_instances"), 13, "no_such_rule");
  orphan.replace(orphan.find("0f1"), 3, "0f2");
  std::vector<Diagnostic> diagnostics;
  auto set = Compile(Load({kDescribe, kRunInstances, kFilterAdmin, orphan}), &diagnostics);
  REQUIRE(set->detection_count() == 2);
  CHECK(set->rule(1).filters == std::vector<std::string>{"00000000-0000-0000-0000-0000000000f1"});
  CHECK(set->rule(0).filters.empty());
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].severity == Diagnostic::Severity::kWarning);
  CHECK(diagnostics[0].message.find("names no loaded rule") != std::string::npos);
  RuleEvaluator evaluator(set);
  CHECK(evaluator.EvaluateJson(Run(1, "alice", 0))->size() == 1);
  CHECK(evaluator.EvaluateJson(Run(2, "admin", 0))->empty());
}

TEST_CASE("correlations resolve references; base rules report only with generate") {
  auto set = Compile(Load({kRunInstances, kBurst}));
  REQUIRE(set->size() == 2);
  const HuntRule& correlation = set->rule(1);
  CHECK(correlation.kind == HuntRule::Kind::kCorrelation);
  CHECK(correlation.references == std::vector<uint32_t>{0});
  CHECK_FALSE(set->rule(0).reported);

  std::string generating = kBurst;
  generating += "generate: true\n";
  auto with_generate = Compile(Load({kRunInstances, generating}));
  CHECK(with_generate->rule(0).reported);

  std::string unknown = kBurst;
  unknown.replace(unknown.find("- run_instances"), 15, "- nothing_here");
  std::vector<Diagnostic> diagnostics;
  auto broken = Compile(Load({kRunInstances, unknown}), &diagnostics);
  CHECK(broken->size() == 1);
  REQUIRE(diagnostics.size() == 1);
  CHECK(diagnostics[0].severity == Diagnostic::Severity::kError);
  CHECK(diagnostics[0].message.find("nothing_here") != std::string::npos);
}

TEST_CASE("a hunt delivers matches in source order and alerts, whatever the thread count") {
  std::string generating = kBurst;
  generating += "generate: true\n";
  auto set = Compile(Load({kDescribe, kRunInstances, generating}));
  // Source a: alice launches at 0s, 10s, 20s (an alert), bob once; source b
  // is damaged halfway; source c: describe calls.
  std::string a;
  a += Run(1, "alice", 0) + "\n" + Run(2, "bob", 5) + "\n" + Run(3, "alice", 10) + "\n" +
       Run(4, "alice", 20) + "\n";
  std::string b = testing_support::Rec(5) + "\n{\"eventName\":\n" + testing_support::Rec(6) + "\n";
  std::string c = testing_support::Rec(7) + "\n";
  std::vector<Source> sources = {Memory("a", a), Memory("b", b), Memory("c", c)};

  std::vector<std::string> first;
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    Collector sink;
    HuntOptions options;
    options.scan.threads = threads;
    HuntSummary summary = trailhunt::Hunt(set, sources, options, &sink);
    CHECK(summary.scan.counters.Reconciles());
    CHECK(summary.records_evaluated == summary.scan.counters.records_delivered);
    CHECK(summary.matches == sink.lines.size());
    REQUIRE(sink.lines.size() == 7);
    CHECK(sink.lines[0] == "1 a#0 RunInstances alice 198.51.100.1 2024-01-15T10:00:00Z");
    CHECK(sink.lines[4].rfind("0 b#0 DescribeInstances", 0) == 0);
    CHECK(sink.lines[6].rfind("0 c#0 DescribeInstances", 0) == 0);
    REQUIRE(sink.errors.size() == 1);
    CHECK(sink.errors[0] == "b#1");
    REQUIRE(sink.alerts.size() == 1);
    CHECK(sink.alerts[0].rule == 2);
    CHECK(sink.alerts[0].alert.value == 3);
    CHECK(sink.alerts[0].alert.group.at(0).ToDisplayString() == "alice");
    CHECK(sink.alerts[0].alert.events.size() == 3);
    CHECK(summary.per_rule == std::vector<uint64_t>{3, 4, 1});
    REQUIRE(summary.correlations.size() == 1);
    CHECK(summary.correlations[0].observations == 4);
    if (first.empty()) first = sink.lines;
    CHECK(sink.lines == first);
  }
}
