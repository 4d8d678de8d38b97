// Built-in packs: the embedded aws-threats files are listed, load with no
// diagnostic, and compile into one rule set (correlations resolve to the
// detections they name). Needs no ../shared material.
#include <doctest/doctest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "trailhunt/hunt.h"
#include "trailhunt/packs.h"
#include "trailhunt/sigma.h"

namespace packs = trailhunt::packs;
namespace sigma = trailhunt::sigma;

namespace {

constexpr std::string_view kPack = "aws-threats";

std::string AllDiagnostics(const std::vector<sigma::Diagnostic>& diagnostics) {
  std::string text;
  for (const sigma::Diagnostic& d : diagnostics) text += d.ToString() + "\n";
  return text;
}

}  // namespace

TEST_CASE("PackNames lists aws-threats, sorted and without duplicates") {
  const std::vector<std::string_view> names = packs::PackNames();
  CHECK(std::find(names.begin(), names.end(), kPack) != names.end());
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
}

TEST_CASE("PackFiles names every file <pack>/<file>.yml, sorted, with its text") {
  const std::vector<packs::PackFile> files = packs::PackFiles(kPack);
  REQUIRE(files.size() >= 60);
  std::vector<std::string_view> names;
  for (const packs::PackFile& f : files) {
    const std::string name(f.name);
    CAPTURE(name);
    CHECK(name.rfind("aws-threats/aws_", 0) == 0);
    CHECK(name.size() > 4);
    CHECK(name.substr(name.size() - 4) == ".yml");
    CHECK(f.text.find("title:") != std::string_view::npos);
    names.push_back(f.name);
  }
  CHECK(std::is_sorted(names.begin(), names.end()));
  // The embedded bytes are the file as written: a known rule, verbatim.
  const auto root = std::find_if(files.begin(), files.end(), [](const packs::PackFile& f) {
    return f.name == "aws-threats/aws_root_activity.yml";
  });
  REQUIRE(root != files.end());
  CHECK(root->text.rfind("title: Root User Activity\n", 0) == 0);
  CHECK(root->text.back() == '\n');
}

TEST_CASE("an unknown pack has no files and LoadPack returns false, adding nothing") {
  CHECK(packs::PackFiles("no-such-pack").empty());
  CHECK(packs::PackFiles("").empty());
  CHECK(packs::PackFiles("aws").empty());  // a prefix of a pack name is not a pack
  sigma::RuleCollection rules;
  CHECK_FALSE(packs::LoadPack("no-such-pack", sigma::LoadOptions(), &rules));
  CHECK(rules.rules.empty());
  CHECK(rules.correlations.empty());
  CHECK(rules.diagnostics.empty());
  CHECK(rules.documents == 0);
}

TEST_CASE("aws-threats loads at least 60 rules with no diagnostic, unique ids, pack origins") {
  sigma::RuleCollection rules;
  REQUIRE(packs::LoadPack(kPack, sigma::LoadOptions(), &rules));
  INFO(AllDiagnostics(rules.diagnostics));
  CHECK(rules.diagnostics.empty());
  CHECK(rules.skipped_logsource == 0);
  CHECK(rules.rules.size() >= 60);
  CHECK(rules.correlations.size() >= 15);
  CHECK(rules.documents == rules.rules.size() + rules.correlations.size() + rules.filters.size());

  std::set<std::string> ids;
  std::vector<const sigma::RuleInfo*> infos;
  for (const sigma::DetectionRule& r : rules.rules) infos.push_back(&r.info);
  for (const sigma::CorrelationRule& c : rules.correlations) infos.push_back(&c.info);
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  for (const sigma::RuleInfo* info : infos) {
    CAPTURE(info->title);
    CHECK(std::regex_match(info->id, uuid));
    CHECK(ids.insert(info->id).second);
    CHECK(info->where.file.rfind("pack:aws-threats/aws_", 0) == 0);
    CHECK(info->author == "trailhunt");
  }
}

TEST_CASE("aws-threats compiles into one rule set: every correlation resolves, every base rule reports") {
  sigma::RuleCollection rules;
  REQUIRE(packs::LoadPack(kPack, sigma::LoadOptions(), &rules));
  std::vector<sigma::Diagnostic> diagnostics;
  std::shared_ptr<const trailhunt::RuleSet> set =
      trailhunt::RuleSet::Compile(rules, trailhunt::RuleSetOptions(), &diagnostics);
  REQUIRE(set != nullptr);
  INFO(AllDiagnostics(diagnostics));
  CHECK(diagnostics.empty());
  CHECK(set->detection_count() == rules.rules.size());
  CHECK(set->size() == rules.rules.size() + rules.correlations.size());
  for (size_t i = 0; i < set->size(); ++i) {
    const trailhunt::HuntRule& rule = set->rule(i);
    CAPTURE(rule.info.title);
    // generate: true everywhere, so a base rule still reports on its own.
    CHECK(rule.reported);
    if (rule.kind == trailhunt::HuntRule::Kind::kCorrelation) {
      REQUIRE(rule.correlation != nullptr);
      CHECK(rule.correlation->generate);
      CHECK(rule.references.size() == rule.correlation->rules.size());
    }
  }
}

TEST_CASE("a pack rule matches a record through the compiled set") {
  sigma::RuleCollection rules;
  REQUIRE(packs::LoadPack(kPack, sigma::LoadOptions(), &rules));
  std::vector<sigma::Diagnostic> diagnostics;
  auto set = trailhunt::RuleSet::Compile(rules, trailhunt::RuleSetOptions(), &diagnostics);
  REQUIRE(set != nullptr);
  size_t stopped = set->size();
  for (size_t i = 0; i < set->detection_count(); ++i) {
    if (set->rule(i).info.title == "CloudTrail Trail Deleted Or Logging Stopped") stopped = i;
  }
  REQUIRE(stopped < set->size());
  trailhunt::RuleEvaluator evaluator(set);
  auto hit = evaluator.EvaluateJson(
      R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","userIdentity":{"type":"IAMUser"}})");
  REQUIRE(hit.ok());
  CHECK(std::count(hit->begin(), hit->end(), static_cast<uint32_t>(stopped)) == 1);
  // The same call that failed is no detection: "successful" means no
  // errorCode and no errorMessage.
  auto failed = evaluator.EvaluateJson(
      R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","errorCode":"AccessDenied"})");
  REQUIRE(failed.ok());
  CHECK(std::count(failed->begin(), failed->end(), static_cast<uint32_t>(stopped)) == 0);
  auto message_only = evaluator.EvaluateJson(
      R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","errorMessage":"denied"})");
  REQUIRE(message_only.ok());
  CHECK(std::count(message_only->begin(), message_only->end(), static_cast<uint32_t>(stopped)) == 0);
  auto empty_code = evaluator.EvaluateJson(
      R"({"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","errorCode":""})");
  REQUIRE(empty_code.ok());
  CHECK(std::count(empty_code->begin(), empty_code->end(), static_cast<uint32_t>(stopped)) == 1);
}

TEST_CASE("every built-in pack loads with no diagnostic and compiles; ids are unique across packs") {
  const std::vector<std::string_view> names = packs::PackNames();
  for (std::string_view pack : {"aws-threats", "blog", "cis", "cis-v5", "securityhub"}) {
    CHECK(std::find(names.begin(), names.end(), pack) != names.end());
  }
  std::set<std::string> ids;
  for (std::string_view pack : names) {
    CAPTURE(pack);
    sigma::RuleCollection rules;
    REQUIRE(packs::LoadPack(pack, sigma::LoadOptions(), &rules));
    INFO(AllDiagnostics(rules.diagnostics));
    CHECK(rules.diagnostics.empty());
    CHECK_FALSE(rules.rules.empty());
    std::vector<sigma::Diagnostic> diagnostics;
    auto set = trailhunt::RuleSet::Compile(rules, trailhunt::RuleSetOptions(), &diagnostics);
    REQUIRE(set != nullptr);
    INFO(AllDiagnostics(diagnostics));
    CHECK(diagnostics.empty());
    CHECK(set->size() == rules.rules.size() + rules.correlations.size());
    const std::string prefix = "pack:" + std::string(pack) + "/";
    for (const sigma::DetectionRule& r : rules.rules) {
      CAPTURE(r.info.title);
      CHECK(ids.insert(r.info.id).second);
      CHECK(r.info.where.file.rfind(prefix, 0) == 0);
      // A compliance pack's rules name their control; a threat pack's do not.
      CHECK(r.info.compliance.control.empty() == !packs::IsCompliancePack(pack));
    }
    for (const sigma::CorrelationRule& c : rules.correlations) CHECK(ids.insert(c.info.id).second);
  }
}

TEST_CASE("compliance packs are cis, cis-v5 and securityhub; the others are threat packs") {
  CHECK(packs::IsCompliancePack("cis"));
  CHECK(packs::IsCompliancePack("cis-v5"));
  CHECK(packs::IsCompliancePack("securityhub"));
  CHECK_FALSE(packs::IsCompliancePack("aws-threats"));
  CHECK_FALSE(packs::IsCompliancePack("blog"));
  const std::vector<std::string_view> threat = packs::ThreatPackNames();
  CHECK(std::find(threat.begin(), threat.end(), "blog") != threat.end());
  CHECK(std::find(threat.begin(), threat.end(), "aws-threats") != threat.end());
  CHECK(std::find(threat.begin(), threat.end(), "cis") == threat.end());
}
