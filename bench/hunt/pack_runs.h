// File: hunt/pack_runs.h
// How the hunt benchmark runs a built-in pack as it ships (detections and
// correlations), and the answers it checks such a run against:
//   - PackCollector: a sink keeping every delivered match and alert, so two
//     runs (1 and N threads, Hunt and RunPosture) can be compared exactly;
//   - LoadBuiltinPack: the pack loaded and compiled, any diagnostic an error;
//   - ComplianceGeneratorMatches: for the two CloudWatch patterns that read
//     only what the corpus generator counts (errorCode; MFAUsed of a
//     ConsoleLogin), the matches the generator's counts imply;
//   - SilentControlRecords: records of our own for the CIS controls the
//     generator never exercises (it writes no KMS key, Config, NACL, gateway,
//     route, VPC or Organizations change), each with the control it must
//     fire and nothing else.
#ifndef TRAILHUNT_BENCH_HUNT_PACK_RUNS_H_
#define TRAILHUNT_BENCH_HUNT_PACK_RUNS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus.h"
#include "hunt/hunt_runs.h"
#include "trailhunt/hunt.h"
#include "trailhunt/packs.h"
#include "trailhunt/posture.h"
#include "trailhunt/sigma.h"

namespace trailhunt_bench {

// A correlation alert by what must not depend on the thread count.
struct AlertKey {
  uint32_t rule = 0;
  int64_t first_ns = 0;
  int64_t last_ns = 0;
  double value = 0;
  uint64_t events_total = 0;
  bool operator==(const AlertKey& o) const {
    return rule == o.rule && first_ns == o.first_ns && last_ns == o.last_ns && value == o.value &&
           events_total == o.events_total;
  }
  bool operator!=(const AlertKey& o) const { return !(*this == o); }
};

class PackCollector : public trailhunt::HuntSink {
 public:
  explicit PackCollector(bool keep) : keep_(keep) {}
  void OnMatch(const trailhunt::HuntMatch& m) override {
    ++matches;
    checksum += m.record_index + m.principal.size();
    if (keep_) keys.push_back(MatchKey{m.rule, m.source_index, m.record_index});
  }
  void OnAlert(const trailhunt::HuntAlert& a) override {
    ++alerts;
    checksum += a.alert.events_total;
    if (keep_) {
      alert_keys.push_back(
          AlertKey{a.rule, a.alert.first_ns, a.alert.last_ns, a.alert.value, a.alert.events_total});
    }
  }
  void OnRecordError(const trailhunt::RecordError& error) override {
    (void)error;
    ++record_errors;
  }

  uint64_t matches = 0;
  uint64_t alerts = 0;
  uint64_t record_errors = 0;
  uint64_t checksum = 0;
  std::vector<MatchKey> keys;
  std::vector<AlertKey> alert_keys;

 private:
  bool keep_;
};

// A built-in pack, loaded and compiled as `trailhunt hunt --pack` and
// `trailhunt cis` do, with its loaded collection (the detections'
// expressions) kept for the generator checks.
struct LoadedPack {
  std::string error;  // "" when every document loaded and compiled cleanly
  trailhunt::sigma::RuleCollection collection;
  std::shared_ptr<const trailhunt::RuleSet> rules;
};

inline LoadedPack LoadBuiltinPack(std::string_view name) {
  LoadedPack pack;
  if (!trailhunt::packs::LoadPack(name, trailhunt::sigma::LoadOptions(), &pack.collection)) {
    pack.error = "no built-in pack named " + std::string(name);
    return pack;
  }
  if (pack.collection.error_count() != 0) {
    pack.error = std::to_string(pack.collection.error_count()) + " load errors, first: " +
                 pack.collection.diagnostics.front().ToString();
    return pack;
  }
  std::vector<trailhunt::sigma::Diagnostic> diagnostics;
  pack.rules = trailhunt::RuleSet::Compile(pack.collection, trailhunt::RuleSetOptions(), &diagnostics);
  const size_t loaded = pack.collection.rules.size() + pack.collection.correlations.size();
  if (!diagnostics.empty() || pack.rules->size() != loaded ||
      pack.rules->detection_count() != pack.collection.rules.size()) {
    pack.error = std::to_string(pack.rules->size()) + " of " + std::to_string(loaded) + " rules compiled" +
                 (diagnostics.empty() ? "" : ": " + diagnostics.front().ToString());
    return pack;
  }
  // The checks below read detection d's expression from the collection.
  for (size_t d = 0; d < pack.collection.rules.size(); ++d) {
    if (pack.rules->rule(d).info.title != pack.collection.rules[d].info.title) {
      pack.error = "compiled detections are not in load order";
      return pack;
    }
  }
  return pack;
}

// One run of a pack: a posture run (RunPosture, what `trailhunt cis` does)
// for compliance packs, a plain hunt for the others. `report` is filled for
// posture runs only.
inline trailhunt::HuntSummary RunPack(const std::shared_ptr<const trailhunt::RuleSet>& rules,
                                      const std::vector<trailhunt::Source>& sources, int threads, bool posture,
                                      PackCollector* sink, trailhunt::PostureReport* report = nullptr) {
  trailhunt::HuntOptions options;
  options.scan.threads = threads;
  if (!posture) return trailhunt::Hunt(rules, sources, options, sink);
  trailhunt::PostureReport r = trailhunt::RunPosture(rules, sources, options, trailhunt::PostureOptions{}, sink);
  trailhunt::HuntSummary summary = r.summary;
  if (report != nullptr) *report = std::move(r);
  return summary;
}

inline bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
inline bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The CIS 4.1 / Security Hub CloudWatch.2 and CIS 4.2 (not Security Hub's
// CloudWatch.3, which also reads userIdentity.type and the sign-in's
// outcome) patterns, by their text, and what the generator's counts say
// they match. 4.1's exclusions (sourceIPAddress delivery.logs.amazonaws.com,
// eventName HeadBucket) are things the generator never writes, so both of
// its forms count every errorCode ending in UnauthorizedOperation or
// starting with AccessDenied, case-sensitively. 4.2 counts every
// ConsoleLogin whose MFAUsed is not Yes (the generator writes MFAUsed on
// every ConsoleLogin). False for any other rule.
inline bool ComplianceGeneratorMatches(const trailhunt::sigma::DetectionRule& rule, const CorpusCounts& counts,
                                       uint64_t* want) {
  static constexpr std::string_view kUnauthorizedCis =
      R"({ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") })";
  static constexpr std::string_view kUnauthorizedSecurityHub =
      R"({($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")})";
  static constexpr std::string_view kSigninWithoutMfa =
      R"({ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") })";
  const std::string& p = rule.filter_pattern;
  if (p == kUnauthorizedCis || p == kUnauthorizedSecurityHub) {
    *want = 0;
    for (const auto& [code, n] : counts.by_error_code) {
      if (EndsWith(code, "UnauthorizedOperation") || StartsWith(code, "AccessDenied")) *want += n;
    }
    return true;
  }
  if (p == kSigninWithoutMfa) {
    *want = 0;
    for (const auto& [mfa, n] : counts.by_mfa_used) {
      if (mfa != "Yes") *want += n;
    }
    return true;
  }
  return false;
}

// A record of our own and the one CIS control it must fire.
struct ControlRecord {
  std::string_view control;
  std::string_view json;
};

// For the controls the generated corpus never fires: one record each, shaped
// like CloudTrail's (the fields the patterns read, plus the usual envelope),
// and two near misses that must fire nothing (a KMS call the pattern does
// not name, an Organizations call the pattern names under another service).
inline const std::vector<ControlRecord>& SilentControlRecords() {
  static const std::vector<ControlRecord>* const records = new std::vector<ControlRecord>{
      {"4.7",
       R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"ops"},"eventTime":"2024-03-01T10:00:00Z","eventSource":"kms.amazonaws.com","eventName":"ScheduleKeyDeletion","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventType":"AwsApiCall"})"},
      {"4.9",
       R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"ops"},"eventTime":"2024-03-01T10:01:00Z","eventSource":"config.amazonaws.com","eventName":"StopConfigurationRecorder","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventType":"AwsApiCall"})"},
      {"4.11",
       R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"ops"},"eventTime":"2024-03-01T10:02:00Z","eventSource":"ec2.amazonaws.com","eventName":"ReplaceNetworkAclEntry","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventType":"AwsApiCall"})"},
      {"4.12",
       R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"ops"},"eventTime":"2024-03-01T10:03:00Z","eventSource":"ec2.amazonaws.com","eventName":"AttachInternetGateway","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventType":"AwsApiCall"})"},
      {"4.13",
       R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"ops"},"eventTime":"2024-03-01T10:04:00Z","eventSource":"ec2.amazonaws.com","eventName":"CreateRoute","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventType":"AwsApiCall"})"},
      {"4.14",
       R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"ops"},"eventTime":"2024-03-01T10:05:00Z","eventSource":"ec2.amazonaws.com","eventName":"CreateVpcPeeringConnection","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventType":"AwsApiCall"})"},
      {"4.15",
       R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"ops"},"eventTime":"2024-03-01T10:06:00Z","eventSource":"organizations.amazonaws.com","eventName":"LeaveOrganization","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventType":"AwsApiCall"})"},
      {"",
       R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"ops"},"eventTime":"2024-03-01T10:07:00Z","eventSource":"kms.amazonaws.com","eventName":"EnableKey","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventType":"AwsApiCall"})"},
      {"",
       R"({"eventVersion":"1.09","userIdentity":{"type":"IAMUser","userName":"ops"},"eventTime":"2024-03-01T10:08:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccount","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","eventType":"AwsApiCall"})"},
  };
  return *records;
}

// "" when each record fires exactly its control (none for a near miss);
// else what differed.
inline std::string CheckSilentControls(const std::shared_ptr<const trailhunt::RuleSet>& rules) {
  trailhunt::RuleEvaluator evaluator(rules);
  for (const ControlRecord& r : SilentControlRecords()) {
    auto matched = evaluator.EvaluateJson(r.json);
    if (!matched.ok()) return "a record of our own does not evaluate: " + std::string(matched.status().message());
    std::string fired;
    for (uint32_t rule : *matched) {
      fired += (fired.empty() ? "" : ",") + rules->rule(rule).info.compliance.control;
    }
    if (fired != r.control) {
      return "the record for control '" + std::string(r.control) + "' fired '" + fired + "'";
    }
  }
  return "";
}

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_HUNT_PACK_RUNS_H_
