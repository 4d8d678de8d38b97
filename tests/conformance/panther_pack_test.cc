// The built-in aws-threats pack against Panther's own test cases
// (../shared/corpus/panther/cloudtrail_tests.jsonl): each case belongs to
// the pack rule whose references cite its Panther rule file, and the rule
// must match the case's event exactly when Panther expects it to. Cases a
// stateless Sigma rule cannot pass (mocked caches and allow-lists, events
// Panther reads case-insensitively) are listed with their reason in
// panther_skips.tsv, next to this file; an entry that no longer names a
// case of a shipped rule, or whose case now passes, fails the suite so the
// list cannot rot.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "simdjson.h"
#include "trailhunt/hunt.h"
#include "trailhunt/packs.h"
#include "trailhunt/sigma.h"

namespace {

namespace sigma = trailhunt::sigma;

const std::string kCases = std::string(TRAILHUNT_SHARED_DIR) + "/corpus/panther/cloudtrail_tests.jsonl";
const std::string kSkips =
    (std::filesystem::path(__FILE__).parent_path() / "panther_skips.tsv").string();
// The commit the corpus was taken from; a rule cites its Panther source as
// this prefix + the path after "panther-labs/panther-analysis:".
constexpr std::string_view kPantherUrl =
    "https://github.com/panther-labs/panther-analysis/blob/"
    "daa10c888566839e9918dfba1cd652743781e5fe/";
constexpr std::string_view kSourcePrefix = "panther-labs/panther-analysis:";

struct PantherCase {
  std::string rule_id;
  std::string test_name;
  bool expected = false;
  std::string log;  // compact JSON
  std::string url;  // the Panther rule file, as a pack rule cites it
};

using CaseKey = std::pair<std::string, std::string>;  // rule_id, test_name

std::vector<PantherCase> ReadCases() {
  std::vector<PantherCase> cases;
  std::ifstream in(kCases);
  REQUIRE_MESSAGE(in.good(), "cannot read " << kCases);
  simdjson::dom::parser parser;
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    INFO(kCases << ":" << line_number);
    simdjson::dom::element doc;
    REQUIRE(parser.parse(line).get(doc) == simdjson::SUCCESS);
    PantherCase c;
    std::string_view text;
    REQUIRE(doc["rule_id"].get_string().get(text) == simdjson::SUCCESS);
    c.rule_id = std::string(text);
    REQUIRE(doc["test_name"].get_string().get(text) == simdjson::SUCCESS);
    c.test_name = std::string(text);
    REQUIRE(doc["expected"].get_bool().get(c.expected) == simdjson::SUCCESS);
    REQUIRE(doc["source"].get_string().get(text) == simdjson::SUCCESS);
    REQUIRE(text.substr(0, kSourcePrefix.size()) == kSourcePrefix);
    c.url = std::string(kPantherUrl) + std::string(text.substr(kSourcePrefix.size()));
    simdjson::dom::element log;
    REQUIRE(doc["log"].get(log) == simdjson::SUCCESS);
    c.log = simdjson::minify(log);
    cases.push_back(std::move(c));
  }
  return cases;
}

// rule_id <TAB> test_name <TAB> reason; '#' starts a comment line.
std::map<CaseKey, std::string> ReadSkips() {
  std::map<CaseKey, std::string> skips;
  std::ifstream in(kSkips);
  REQUIRE_MESSAGE(in.good(), "cannot read " << kSkips);
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    INFO(kSkips << ":" << line_number << ": " << line);
    std::vector<std::string> fields;
    std::stringstream split(line);
    std::string field;
    while (std::getline(split, field, '\t')) fields.push_back(field);
    REQUIRE(fields.size() == 3);
    CHECK_FALSE(fields[2].empty());
    CHECK(skips.emplace(CaseKey(fields[0], fields[1]), fields[2]).second);
  }
  return skips;
}

std::string AllDiagnostics(const std::vector<sigma::Diagnostic>& diagnostics) {
  std::string text;
  for (const sigma::Diagnostic& d : diagnostics) text += d.ToString() + "\n";
  return text;
}

// The Panther rule file a rule re-expresses; "" when it cites none.
std::string PantherReference(const sigma::RuleInfo& info) {
  std::string found;
  for (const std::string& ref : info.references) {
    if (ref.rfind(kPantherUrl, 0) == 0) found = ref;
  }
  return found;
}

struct LoadedPack {
  sigma::RuleCollection rules;
  std::shared_ptr<const trailhunt::RuleSet> set;
  std::vector<sigma::Diagnostic> compile_diagnostics;
};

LoadedPack LoadAwsThreats() {
  LoadedPack pack;
  REQUIRE(trailhunt::packs::LoadPack("aws-threats", sigma::LoadOptions(), &pack.rules));
  pack.set = trailhunt::RuleSet::Compile(pack.rules, trailhunt::RuleSetOptions(),
                                         &pack.compile_diagnostics);
  REQUIRE(pack.set != nullptr);
  return pack;
}

}  // namespace

TEST_CASE("every aws-threats rule loads and compiles cleanly and carries its metadata") {
  const LoadedPack pack = LoadAwsThreats();
  {
    INFO(AllDiagnostics(pack.rules.diagnostics));
    CHECK(pack.rules.diagnostics.empty());
  }
  {
    INFO(AllDiagnostics(pack.compile_diagnostics));
    CHECK(pack.compile_diagnostics.empty());
  }
  REQUIRE(pack.rules.rules.size() >= 60);
  const std::regex technique("attack\\.t[0-9]{4}(\\.[0-9]{3})?");
  const std::set<std::string> levels = {"informational", "low", "medium", "high", "critical"};
  std::set<std::string> cited;
  std::vector<const sigma::RuleInfo*> infos;
  for (const sigma::DetectionRule& r : pack.rules.rules) infos.push_back(&r.info);
  for (const sigma::CorrelationRule& c : pack.rules.correlations) infos.push_back(&c.info);
  for (const sigma::RuleInfo* info : infos) {
    CAPTURE(info->where.file);
    CAPTURE(info->title);
    CHECK_FALSE(info->id.empty());
    CHECK_FALSE(info->title.empty());
    CHECK(levels.count(info->level) == 1);
    CHECK(std::any_of(info->tags.begin(), info->tags.end(),
                      [&technique](const std::string& t) { return std::regex_match(t, technique); }));
    CHECK_FALSE(info->attack_ids.empty());
    CHECK_FALSE(PantherReference(*info).empty());
  }
  // One detection per Panther rule, so a case maps to exactly one rule.
  for (const sigma::DetectionRule& r : pack.rules.rules) {
    CAPTURE(r.info.title);
    CHECK(r.info.logsource.product == "aws");
    CHECK(r.info.logsource.service == "cloudtrail");
    CHECK(cited.insert(PantherReference(r.info)).second);
  }
}

TEST_CASE("Panther's test cases pass on the aws-threats rules that re-express them") {
  const LoadedPack pack = LoadAwsThreats();
  const std::vector<PantherCase> cases = ReadCases();
  const std::map<CaseKey, std::string> skips = ReadSkips();
  REQUIRE(cases.size() == 461);

  // Panther rule file -> index of the detection (RuleSet indices follow
  // load order, detections first).
  std::map<std::string, uint32_t> rule_for_url;
  for (uint32_t i = 0; i < pack.set->detection_count(); ++i) {
    const std::string url = PantherReference(pack.set->rule(i).info);
    if (!url.empty()) rule_for_url.emplace(url, i);
  }
  REQUIRE(rule_for_url.size() >= 60);

  trailhunt::RuleEvaluator evaluator(pack.set);
  size_t covered = 0, passed = 0, skipped = 0;
  std::set<std::string> rules_with_cases;
  std::set<CaseKey> case_keys;
  std::vector<std::string> failures;
  for (const PantherCase& c : cases) {
    case_keys.emplace(c.rule_id, c.test_name);
    const auto rule = rule_for_url.find(c.url);
    if (rule == rule_for_url.end()) continue;
    ++covered;
    rules_with_cases.insert(c.url);
    absl::StatusOr<std::vector<uint32_t>> matched = evaluator.EvaluateJson(c.log);
    const std::string where = c.rule_id + " | " + c.test_name + " (" +
                              pack.set->rule(rule->second).info.where.file + ")";
    if (!matched.ok()) {
      failures.push_back(where + ": record not evaluated: " + std::string(matched.status().message()));
      continue;
    }
    const bool hit = std::count(matched->begin(), matched->end(), rule->second) > 0;
    const auto skip = skips.find(CaseKey(c.rule_id, c.test_name));
    if (skip != skips.end()) {
      ++skipped;
      // A skipped case that now passes means its reason no longer holds.
      if (hit == c.expected) failures.push_back(where + ": skipped, but passes now: " + skip->second);
      continue;
    }
    if (hit == c.expected) {
      ++passed;
    } else {
      failures.push_back(where + ": expected " + (c.expected ? "a match" : "no match") + ", got " +
                         (hit ? "a match" : "no match"));
    }
  }

  // Every skip names a case that exists, of a rule the pack ships.
  std::set<std::string> shipped_rule_ids;
  for (const PantherCase& c : cases) {
    if (rule_for_url.count(c.url)) shipped_rule_ids.insert(c.rule_id);
  }
  for (const auto& entry : skips) {
    const CaseKey& key = entry.first;
    if (!case_keys.count(key)) {
      failures.push_back("skip list: no case '" + key.second + "' of " + key.first + " in the corpus");
    } else if (!shipped_rule_ids.count(key.first)) {
      failures.push_back("skip list: " + key.first + " is not a shipped rule");
    }
  }

  MESSAGE("aws-threats: " << rule_for_url.size() << " rules cite a Panther rule, "
                          << rules_with_cases.size() << " of them have cases; " << covered
                          << " cases covered, " << passed << " passed, " << skipped << " skipped");
  for (const std::string& f : failures) FAIL_CHECK(f);
  CHECK(failures.empty());
  CHECK(passed + skipped == covered);
  REQUIRE(covered >= 200);
  REQUIRE(rule_for_url.size() >= 60);
}
