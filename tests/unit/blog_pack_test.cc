// The blog pack: the hunts of the post the project starts from, as
// detections. Each rule on hand-written records, then the whole pack over
// the embedded sample, where the blog's answers are known: bstoll signs in
// four times without MFA, web_admin is denied seven times (the correlation
// fires on it), frothly_admin creates the key pair the post shows.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "test_data.h"
#include "trailhunt/hunt.h"
#include "trailhunt/input.h"
#include "trailhunt/packs.h"
#include "trailhunt/sigma.h"

namespace packs = trailhunt::packs;
namespace sigma = trailhunt::sigma;

namespace {

constexpr std::string_view kMfaTitle = "Console Sign-In Without MFA";
constexpr std::string_view kDeniedTitle = "API Call Denied";
constexpr std::string_view kRepeatedTitle = "Repeated API Calls Denied For One Principal";
constexpr std::string_view kKeyPairTitle = "EC2 Key Pair Created By A Person";
constexpr std::string_view kWebAdmin = "arn:aws:iam::111122223333:user/web_admin";

std::string AllDiagnostics(const std::vector<sigma::Diagnostic>& diagnostics) {
  std::string text;
  for (const sigma::Diagnostic& d : diagnostics) text += d.ToString() + "\n";
  return text;
}

sigma::RuleCollection LoadBlog() {
  sigma::RuleCollection rules;
  REQUIRE(packs::LoadPack("blog", sigma::LoadOptions(), &rules));
  INFO(AllDiagnostics(rules.diagnostics));
  REQUIRE(rules.diagnostics.empty());
  return rules;
}

std::shared_ptr<const trailhunt::RuleSet> Compile(const sigma::RuleCollection& rules,
                                                  const trailhunt::RuleSetOptions& options = {}) {
  std::vector<sigma::Diagnostic> diagnostics;
  auto set = trailhunt::RuleSet::Compile(rules, options, &diagnostics);
  INFO(AllDiagnostics(diagnostics));
  REQUIRE(set != nullptr);
  REQUIRE(diagnostics.empty());
  return set;
}

uint32_t RuleNamed(const trailhunt::RuleSet& set, std::string_view title) {
  for (uint32_t i = 0; i < set.size(); ++i) {
    if (set.rule(i).info.title == title) return i;
  }
  FAIL("no rule titled " << title);
  return 0;
}

// A record at 2024-01-15T10:<minute>:<second>Z with `body` added.
std::string At(int minute, int second, std::string_view body) {
  return R"({"eventVersion":"1.08","eventTime":"2024-01-15T10:)" +
         testing_support::TwoDigits(minute) + ":" + testing_support::TwoDigits(second) +
         R"(Z","awsRegion":"us-east-1",)" + std::string(body) + "}";
}

// Which detections of the blog pack fire on `json`, by title.
std::vector<std::string> Titles(const std::shared_ptr<const trailhunt::RuleSet>& set,
                                const std::string& json) {
  trailhunt::RuleEvaluator evaluator(set);
  auto matched = evaluator.EvaluateJson(json);
  REQUIRE_MESSAGE(matched.ok(), matched.status().ToString());
  std::vector<std::string> titles;
  for (uint32_t rule : *matched) titles.push_back(set->rule(rule).info.title);
  return titles;
}

bool Fires(const std::shared_ptr<const trailhunt::RuleSet>& set, std::string_view title,
           const std::string& json) {
  const std::vector<std::string> titles = Titles(set, json);
  return std::find(titles.begin(), titles.end(), title) != titles.end();
}

struct Collector : trailhunt::HuntSink {
  std::vector<trailhunt::HuntMatch> matches;  // views cleared: only plain fields kept
  std::vector<std::string> principals;
  std::vector<trailhunt::HuntAlert> alerts;
  void OnMatch(const trailhunt::HuntMatch& m) override {
    trailhunt::HuntMatch kept;
    kept.rule = m.rule;
    kept.source_index = m.source_index;
    kept.record_index = m.record_index;
    kept.time_ns = m.time_ns;
    matches.push_back(kept);
    principals.push_back(std::string(m.principal));
  }
  void OnAlert(const trailhunt::HuntAlert& a) override { alerts.push_back(a); }
};

Collector HuntSample(const std::shared_ptr<const trailhunt::RuleSet>& set, int threads) {
  auto sources = trailhunt::ExpandPaths({std::string(TRAILHUNT_SAMPLE_DIR) + "/data"});
  REQUIRE(sources.ok());
  Collector sink;
  trailhunt::HuntOptions options;
  options.scan.threads = threads;
  trailhunt::HuntSummary summary = trailhunt::Hunt(set, *sources, options, &sink);
  CHECK(summary.scan.counters.Reconciles());
  CHECK(summary.records_unprojectable == 0);
  return sink;
}

std::string Denied(int minute, int second, std::string_view arn, std::string_view name) {
  return At(minute, second,
            R"("eventSource":"iam.amazonaws.com","eventName":")" + std::string(name) +
                R"(","errorCode":"AccessDenied","errorMessage":"denied",)"
                R"("userIdentity":{"type":"IAMUser","arn":")" +
                std::string(arn) + R"("},"sourceIPAddress":"203.0.113.77")");
}

std::vector<trailhunt::HuntAlert> HuntMemory(const std::shared_ptr<const trailhunt::RuleSet>& set,
                                             const std::vector<std::string>& records) {
  std::string text;
  for (const std::string& r : records) text += r + "\n";
  trailhunt::Source source;
  source.kind = trailhunt::Source::Kind::kMemory;
  source.name = "mem";
  source.memory = text;
  Collector sink;
  trailhunt::Hunt(set, {source}, trailhunt::HuntOptions(), &sink);
  return sink.alerts;
}

}  // namespace

TEST_CASE("blog pack: three detections and one correlation, loaded with no diagnostic") {
  const sigma::RuleCollection rules = LoadBlog();
  REQUIRE(rules.rules.size() == 3);
  REQUIRE(rules.correlations.size() == 1);
  auto set = Compile(rules);
  CHECK(set->size() == 4);
  for (size_t i = 0; i < set->size(); ++i) {
    const trailhunt::HuntRule& rule = set->rule(i);
    CAPTURE(rule.info.title);
    CHECK(rule.reported);
    CHECK(rule.info.author == "trailhunt");
    CHECK(rule.info.status == "stable");
    CHECK(rule.info.compliance.control.empty());
    CHECK(rule.info.where.file.rfind("pack:blog/blog_", 0) == 0);
  }
  const trailhunt::HuntRule& repeated = set->rule(RuleNamed(*set, kRepeatedTitle));
  REQUIRE(repeated.kind == trailhunt::HuntRule::Kind::kCorrelation);
  REQUIRE(repeated.correlation != nullptr);
  CHECK(repeated.correlation->group_by == std::vector<std::string>{"userIdentity.arn"});
  CHECK(repeated.correlation->timespan_ns == int64_t{600} * testing_support::kSecond);
  REQUIRE(repeated.correlation->condition.gte.has_value());
  CHECK(*repeated.correlation->condition.gte == 5);
  CHECK(repeated.references == std::vector<uint32_t>{RuleNamed(*set, kDeniedTitle)});
  // Reports say who signed in without MFA.
  const trailhunt::HuntRule& mfa = set->rule(RuleNamed(*set, kMfaTitle));
  CHECK(std::find(mfa.info.fields.begin(), mfa.info.fields.end(), "userIdentity.userName") !=
        mfa.info.fields.end());
  CHECK(packs::IsCompliancePack("blog") == false);
}

TEST_CASE("blog: console sign-in without MFA") {
  auto set = Compile(LoadBlog());
  auto login = [](std::string_view extra) {
    return At(0, 1, R"("eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",)"
                    R"("userIdentity":{"type":"IAMUser","userName":"bstoll"},)" +
                        std::string(extra));
  };
  CHECK(Fires(set, kMfaTitle,
              login(R"("additionalEventData":{"MFAUsed":"No"},"responseElements":{"ConsoleLogin":"Success"})")));
  // The hunt counted every sign-in by MFAUsed, failed ones too.
  CHECK(Fires(set, kMfaTitle,
              login(R"("additionalEventData":{"MFAUsed":"No"},"responseElements":{"ConsoleLogin":"Failure"})")));
  CHECK_FALSE(Fires(set, kMfaTitle, login(R"("additionalEventData":{"MFAUsed":"Yes"})")));
  CHECK_FALSE(Fires(set, kMfaTitle, login(R"("additionalEventData":{"MobileVersion":"No"})")));
  CHECK_FALSE(Fires(set, kMfaTitle, login(R"("responseElements":{"ConsoleLogin":"Success"})")));
  CHECK_FALSE(Fires(set, kMfaTitle,
                    At(0, 1, R"("eventName":"CheckMfa","additionalEventData":{"MFAUsed":"No"})")));
}

TEST_CASE("blog: AccessDenied, and only AccessDenied") {
  auto set = Compile(LoadBlog());
  CHECK(Fires(set, kDeniedTitle, Denied(0, 1, kWebAdmin, "CreateUser")));
  CHECK_FALSE(Fires(set, kDeniedTitle,
                    At(0, 1, R"("eventName":"GetUser","errorCode":"NoSuchEntityException")")));
  CHECK_FALSE(Fires(set, kDeniedTitle,
                    At(0, 1, R"("eventName":"RunInstances","errorCode":"Client.UnauthorizedOperation")")));
  CHECK_FALSE(Fires(set, kDeniedTitle, At(0, 1, R"("eventName":"CreateUser")")));
}

TEST_CASE("blog: CreateKeyPair by a person, not by automation") {
  auto set = Compile(LoadBlog());
  auto create = [](std::string_view identity, std::string_view extra = "") {
    std::string body = R"("eventSource":"ec2.amazonaws.com","eventName":"CreateKeyPair",)"
                       R"("requestParameters":{"keyName":"BOTS"},"userIdentity":)" +
                       std::string(identity);
    if (!extra.empty()) body += "," + std::string(extra);
    return At(0, 1, body);
  };
  CHECK(Fires(set, kKeyPairTitle, create(R"({"type":"IAMUser","userName":"frothly_admin"})")));
  CHECK(Fires(set, kKeyPairTitle, create(R"({"type":"Root"})")));
  // Older console records name the sign-in service as invokedBy (the post's record does).
  CHECK(Fires(set, kKeyPairTitle,
              create(R"({"type":"IAMUser","invokedBy":"signin.amazonaws.com"})")));
  CHECK(Fires(set, kKeyPairTitle,
              create(R"({"type":"AssumedRole","invokedBy":"signin.amazonaws.com"})")));
  CHECK(Fires(set, kKeyPairTitle,
              create(R"({"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/AWSReservedSSO_Admin/alice"})",
                     R"("sessionCredentialFromConsole":"true")")));
  // A role session from an SDK is automation.
  CHECK_FALSE(Fires(set, kKeyPairTitle,
                    create(R"({"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/deploy/ci"})")));
  // A service acting for the user (CloudFormation creating the key pair).
  CHECK_FALSE(Fires(set, kKeyPairTitle,
                    create(R"({"type":"IAMUser","invokedBy":"cloudformation.amazonaws.com"})")));
  CHECK_FALSE(Fires(set, kKeyPairTitle, create(R"({"type":"AWSService"})")));
  // Neighbouring calls.
  CHECK_FALSE(Fires(set, kKeyPairTitle,
                    At(0, 1, R"("eventSource":"ec2.amazonaws.com","eventName":"ImportKeyPair",)"
                             R"("userIdentity":{"type":"IAMUser"})")));
  CHECK_FALSE(Fires(set, kKeyPairTitle,
                    At(0, 1, R"("eventSource":"lightsail.amazonaws.com","eventName":"CreateKeyPair",)"
                             R"("userIdentity":{"type":"IAMUser"})")));
}

TEST_CASE("blog: the correlation needs five denials for one principal within ten minutes") {
  auto set = Compile(LoadBlog());
  const uint32_t repeated = RuleNamed(*set, kRepeatedTitle);
  const std::string other = "arn:aws:iam::111122223333:user/someone_else";
  // Four denials in four minutes: below the threshold.
  std::vector<std::string> four;
  for (int i = 0; i < 4; ++i) four.push_back(Denied(i, 0, kWebAdmin, "CreateUser"));
  CHECK(HuntMemory(set, four).empty());
  // A fifth eleven minutes after the first is too late for it...
  std::vector<std::string> late = four;
  late.push_back(Denied(11, 0, kWebAdmin, "AttachUserPolicy"));
  CHECK(HuntMemory(set, late).empty());
  // ...and nine minutes after it completes it.
  std::vector<std::string> five = four;
  five.push_back(Denied(9, 0, kWebAdmin, "AttachUserPolicy"));
  std::vector<trailhunt::HuntAlert> alerts = HuntMemory(set, five);
  REQUIRE(alerts.size() == 1);
  CHECK(alerts[0].rule == repeated);
  CHECK(alerts[0].alert.value == 5);
  CHECK(alerts[0].alert.group.at(0).ToDisplayString() == kWebAdmin);
  // Five denials split between two principals are two groups, neither full.
  std::vector<std::string> split = four;
  split.push_back(Denied(5, 0, other, "CreateUser"));
  CHECK(HuntMemory(set, split).empty());
}

TEST_CASE("blog pack over the embedded sample: the post's answers, with any thread count") {
  auto set = Compile(LoadBlog());
  const uint32_t mfa = RuleNamed(*set, kMfaTitle);
  const uint32_t denied = RuleNamed(*set, kDeniedTitle);
  const uint32_t key_pair = RuleNamed(*set, kKeyPairTitle);
  const uint32_t repeated = RuleNamed(*set, kRepeatedTitle);
  for (int threads : {1, 2}) {
    CAPTURE(threads);
    const Collector sink = HuntSample(set, threads);
    std::map<uint32_t, std::vector<std::string>> who;
    for (size_t i = 0; i < sink.matches.size(); ++i) {
      who[sink.matches[i].rule].push_back(sink.principals[i]);
    }
    CHECK(who[mfa] == std::vector<std::string>(4, "bstoll"));
    CHECK(who[denied] == std::vector<std::string>(7, "web_admin"));
    CHECK(who[key_pair] == std::vector<std::string>{"frothly_admin"});
    // web_admin's denials: 14:23:09, 14:24:33, 14:26:50 and 14:29:18 in the
    // us-east-1 S3 file, 15:02:37 in the HEC payload, 13:58:36 in the
    // CloudWatch Logs file and one on 2018-07-31: at most four within any
    // ten minutes, so the burst correlation stays quiet on the sample.
    CHECK(sink.alerts.empty());
    (void)repeated;
  }
}

TEST_CASE("blog correlation over the sample: it fires where the denials are dense enough") {
  // Four in ten minutes is the sample's densest run: the same correlation
  // asking for four fires once, on web_admin, and asking for five does not.
  sigma::RuleCollection rules = LoadBlog();
  REQUIRE(rules.correlations.size() == 1);
  rules.correlations[0].condition.gte = 4;
  auto set = Compile(rules);
  const Collector sink = HuntSample(set, 2);
  REQUIRE(sink.alerts.size() == 1);
  CHECK(sink.alerts[0].alert.group.at(0).ToDisplayString() == kWebAdmin);
  CHECK(sink.alerts[0].alert.value == 4);
}
