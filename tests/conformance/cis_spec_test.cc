// The compliance packs against the machine-readable copy of the benchmarks'
// text (spec/cis_cloudwatch_filters.json): each rule's filter pattern is the
// spec's string byte for byte (cis: `pattern`, cis-v5: `pattern_cis_v5`,
// securityhub: `pattern_securityhub`), every control the spec lists is in
// each pack that should have it, and every pattern the spec holds (all
// variants) parses. The spec is read with simdjson's DOM, not with
// anything of the library.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "simdjson.h"
#include "trailhunt/filterpattern.h"
#include "trailhunt/packs.h"
#include "trailhunt/sigma.h"

namespace {

const std::string kSpec = std::string(TRAILHUNT_SHARED_DIR) + "/spec/cis_cloudwatch_filters.json";

// One control of the spec: its CIS id and every string field it has.
struct SpecControl {
  std::string id;
  std::map<std::string, std::string> strings;  // key -> value, null values left out
};

std::vector<SpecControl> ReadSpec() {
  std::ifstream in(kSpec, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << kSpec);
  std::stringstream text;
  text << in.rdbuf();
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  const std::string json = text.str();
  REQUIRE_MESSAGE(parser.parse(json).get(root) == simdjson::SUCCESS, kSpec << " is no JSON");
  simdjson::dom::array controls;
  REQUIRE_MESSAGE(root.get_array().get(controls) == simdjson::SUCCESS, kSpec << " is no list");
  std::vector<SpecControl> out;
  for (simdjson::dom::element element : controls) {
    simdjson::dom::object object;
    REQUIRE(element.get_object().get(object) == simdjson::SUCCESS);
    SpecControl control;
    for (simdjson::dom::key_value_pair field : object) {
      std::string_view value;
      if (field.value.get_string().get(value) != simdjson::SUCCESS) continue;
      control.strings[std::string(field.key)] = std::string(value);
    }
    REQUIRE(control.strings.count("id_cis_v3") == 1);
    control.id = control.strings.at("id_cis_v3");
    out.push_back(std::move(control));
  }
  return out;
}

bool IsPatternKey(const std::string& key) {
  return key.rfind("pattern", 0) == 0 && key.find("_source") == std::string::npos;
}

}  // namespace

TEST_CASE("every pattern variant in the spec parses as a JSON filter pattern") {
  const std::vector<SpecControl> spec = ReadSpec();
  REQUIRE(spec.size() == 15);
  int parsed = 0;
  for (const SpecControl& control : spec) {
    for (const auto& field : control.strings) {
      if (!IsPatternKey(field.first)) continue;
      CAPTURE(control.id);
      CAPTURE(field.first);
      CAPTURE(field.second);
      trailhunt::filterpattern::SyntaxError error;
      auto pattern = trailhunt::filterpattern::Parse(field.second, {}, &error);
      CHECK_MESSAGE(pattern.ok(), "column " << error.column << ": " << error.message);
      if (pattern.ok()) {
        CHECK(pattern->kind == trailhunt::filterpattern::PatternKind::kJson);
        CHECK_FALSE(pattern->fields_read.empty());
        ++parsed;
      }
    }
  }
  // pattern and pattern_cis_v5 for 15 controls, pattern_securityhub for 14,
  // pattern_alternative_sso for 4.2.
  CHECK(parsed == 15 + 15 + 14 + 1);
}

TEST_CASE("each pack's filter patterns are the spec's strings, byte for byte") {
  const std::vector<SpecControl> spec = ReadSpec();
  struct PackKey {
    std::string_view pack;
    std::string key;
  };
  const PackKey packs[] = {
      {"cis", "pattern"}, {"cis-v5", "pattern_cis_v5"}, {"securityhub", "pattern_securityhub"}};
  for (const PackKey& p : packs) {
    CAPTURE(p.pack);
    trailhunt::sigma::RuleCollection rules;
    REQUIRE(trailhunt::packs::LoadPack(p.pack, trailhunt::sigma::LoadOptions(), &rules));
    for (const trailhunt::sigma::Diagnostic& d : rules.diagnostics) MESSAGE(d.ToString());
    REQUIRE(rules.diagnostics.empty());
    std::map<std::string, const trailhunt::sigma::DetectionRule*> by_control;
    for (const trailhunt::sigma::DetectionRule& rule : rules.rules) {
      CAPTURE(rule.info.title);
      CHECK(by_control.emplace(rule.info.compliance.control, &rule).second);
    }
    size_t expected = 0;
    for (const SpecControl& control : spec) {
      CAPTURE(control.id);
      const auto wanted = control.strings.find(p.key);
      const auto rule = by_control.find(control.id);
      if (wanted == control.strings.end()) {
        // The spec has no such pattern (4.15 in Security Hub): no rule.
        CHECK(rule == by_control.end());
        continue;
      }
      ++expected;
      REQUIRE(rule != by_control.end());
      CHECK(rule->second->info.language == trailhunt::sigma::RuleLanguage::kFilterPattern);
      CHECK(rule->second->filter_pattern == wanted->second);
      if (p.pack == "cis") CHECK(rule->second->info.title == control.strings.at("title"));
      const auto securityhub = control.strings.find("id_securityhub");
      CHECK(rule->second->info.compliance.securityhub ==
            (securityhub == control.strings.end() ? "" : securityhub->second));
    }
    CHECK(rules.rules.size() == expected);
  }
}
