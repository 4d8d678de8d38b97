// Every SigmaHQ CloudTrail rule in ../shared/corpus/sigma/cloudtrail (the 57
// of rules/ and the placeholder rule) against events built for it by an
// independent generator (sigma_event_generator.h: its own YAML reading,
// condition evaluator and matcher, no lib/sigma). The rule, loaded and
// compiled by trailhunt, must match each generated event and give, for each
// mutation that changes one required condition, the verdict the generator's
// own evaluator expects (for a broken true selection or a false selection
// made true: no match).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "sigma_event_generator.h"
#include "simdjson.h"
#include "trailhunt/hunt.h"
#include "trailhunt/sigma.h"

namespace {

namespace gen = trailhunt::sigma_gen;

const std::string kCorpus = std::string(TRAILHUNT_SHARED_DIR) + "/corpus/sigma/cloudtrail";

// The placeholder rule's lists, given to the loader and to the generator
// alike. Single addresses, not ranges: what `expand` does with a CIDR text is
// the pipeline's business, not the specification's.
std::map<std::string, std::vector<std::string>> Placeholders() {
  return {{"Legitimate_Countries", {"US", "DE"}},
          {"Legitimate_IP_Ranges", {"198.51.100.10", "203.0.113.25"}}};
}

gen::GeneratorOptions Options() {
  gen::GeneratorOptions options;
  options.placeholders = Placeholders();
  return options;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> RuleFiles() {
  std::vector<std::string> files;
  for (const char* dir : {"rules", "rules-placeholder"}) {
    const std::string path = kCorpus + "/" + dir;
    if (!std::filesystem::is_directory(path)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      if (entry.path().extension() == ".yml") files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Relative(const std::string& path) {
  return std::filesystem::path(path).lexically_relative(kCorpus).string();
}

// One rule through trailhunt's loader and compiler; `errors` says why not.
struct Compiled {
  std::shared_ptr<const trailhunt::RuleSet> rules;
  std::string errors;
};

Compiled LoadAndCompile(const std::string& text, const std::string& origin) {
  Compiled out;
  trailhunt::sigma::LoadOptions options;
  options.placeholders = Placeholders();
  trailhunt::sigma::RuleCollection collection;
  trailhunt::sigma::LoadText(text, origin, options, &collection);
  for (const auto& d : collection.diagnostics) {
    if (d.severity == trailhunt::sigma::Diagnostic::Severity::kError)
      out.errors += d.ToString() + "\n";
  }
  if (collection.rules.size() != 1) {
    out.errors +=
        "loaded " + std::to_string(collection.rules.size()) + " detection rules, want 1\n";
    return out;
  }
  std::vector<trailhunt::sigma::Diagnostic> diagnostics;
  out.rules = trailhunt::RuleSet::Compile(collection, {}, &diagnostics);
  for (const auto& d : diagnostics) {
    if (d.severity == trailhunt::sigma::Diagnostic::Severity::kError)
      out.errors += d.ToString() + "\n";
  }
  if (!out.rules || out.rules->detection_count() != 1) {
    out.errors += "compiled no detection\n";
    out.rules = nullptr;
  }
  return out;
}

// 1 match, 0 no match, -1 the evaluator refused the record (`error` says why).
int Verdict(trailhunt::RuleEvaluator& evaluator, const std::string& json, std::string* error) {
  auto matched = evaluator.EvaluateJson(json);
  if (!matched.ok()) {
    *error = std::string(matched.status().message());
    return -1;
  }
  return std::find(matched->begin(), matched->end(), 0u) != matched->end() ? 1 : 0;
}

bool ParsesAsJson(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  return !parser.parse(json).get(doc) && doc.is_object();
}

}  // namespace

TEST_CASE("generator: Sigma wildcards and escapes as the specification lists them") {
  CHECK(gen::WildcardValueMatches("prog?.exe", "progA.exe", false));
  CHECK_FALSE(gen::WildcardValueMatches("prog?.exe", "prog.exe", false));
  CHECK(gen::WildcardValueMatches("antivirus_V*.exe", "antivirus_V21.2.1.exe", false));
  CHECK(gen::WildcardValueMatches("ListBuckets", "listbuckets", false));
  CHECK_FALSE(gen::WildcardValueMatches("ListBuckets", "listbuckets", true));
  CHECK_FALSE(gen::WildcardValueMatches("List", "ListBuckets", false));
  CHECK(gen::WildcardValueMatches(R"(a\*b)", "a*b", false));
  CHECK_FALSE(gen::WildcardValueMatches(R"(a\*b)", "axb", false));
  CHECK(gen::WildcardValueMatches(R"(C:\Windows)", R"(C:\Windows)", false));
  CHECK(gen::WildcardValueMatches(R"(C:\\Windows)", R"(C:\Windows)", false));
  CHECK(gen::WildcardValueMatches(R"(dir\\*)", R"(dir\anything)", false));
  CHECK(gen::WildcardValueMatches(R"(dir\\\*)", R"(dir\*)", false));
  CHECK_FALSE(gen::WildcardValueMatches(R"(dir\\\*)", R"(dir\x)", false));
  CHECK(gen::WildcardValueMatches(R"(a\\\\b)", R"(a\\b)", false));
  CHECK(gen::WildcardValueMatches("caf?", "café", false));  // '?' is one code point
}

TEST_CASE("generator: condition grammar and precedence") {
  const std::map<std::string, bool> ids = {{"a", true},     {"b", false},     {"c", false},
                                           {"sel_1", true}, {"sel_2", false}, {"_hidden", false}};
  auto eval = [&](const char* condition) {
    auto v = gen::EvaluateConditionText(condition, ids);
    REQUIRE_MESSAGE(v.ok(), condition);
    return *v;
  };
  CHECK(eval("a or b and c"));  // a or (b and c)
  CHECK_FALSE(eval("(a or b) and c"));
  CHECK_FALSE(eval("not a and b"));  // (not a) and b
  CHECK(eval("not b and a"));
  CHECK(eval("1 of sel_*"));
  CHECK_FALSE(eval("all of sel_*"));
  CHECK(eval("1 of them"));
  CHECK_FALSE(eval("all of them"));
  CHECK(eval("a and not 1 of _hid*"));
  CHECK(eval("not (b or c)"));
  CHECK_FALSE(gen::EvaluateConditionText("a and nope", ids).ok());
  CHECK_FALSE(gen::EvaluateConditionText("1 of nothing*", ids).ok());
  CHECK_FALSE(gen::EvaluateConditionText("a and (b", ids).ok());
  // `them` skips identifiers that start with '_'.
  CHECK(gen::EvaluateConditionText("all of them", {{"x", true}, {"_y", false}}).value());
}

TEST_CASE("generator: regex examples match their regex") {
  for (const char* re : {".+:assumed-role/aws:.+", "^arn:aws:iam::[0-9]{12}:user/(alice|bob)$",
                         "a[^x]c\\.d?e*", "(?:ab)+c"}) {
    for (uint64_t seed = 1; seed <= 5; ++seed) {
      auto text = gen::RegexExample(re, seed);
      REQUIRE_MESSAGE(text.ok(), re);
      CHECK_MESSAGE(std::regex_search(*text, std::regex(re)), re << " -> " << *text);
    }
  }
}

TEST_CASE("generator: deterministic, valid JSON, every rule covered") {
  const auto files = RuleFiles();
  REQUIRE(files.size() == 58);
  size_t events = 0, notes = 0;
  for (const auto& file : files) {
    const std::string text = ReadFile(file);
    auto first = gen::Generate(text, Relative(file), Options());
    auto second = gen::Generate(text, Relative(file), Options());
    REQUIRE_MESSAGE(first.ok(), file << ": " << first.status().ToString());
    REQUIRE(second.ok());
    REQUIRE(first->events.size() == second->events.size());
    notes += first->notes.size();
    for (size_t i = 0; i < first->events.size(); ++i) {
      const auto& e = first->events[i];
      CHECK(e.event_json == second->events[i].event_json);
      CHECK_MESSAGE(ParsesAsJson(e.event_json), file << ": " << e.event_json);
      for (const auto& m : e.mutations) CHECK_MESSAGE(ParsesAsJson(m.event_json), m.event_json);
      ++events;
    }
  }
  MESSAGE("generator: "
          << events << " events for " << files.size() << " rules; " << notes
          << " notes (infeasible assignments, mutations that would change two identifiers)");
}

TEST_CASE(
    "generated events: each SigmaHQ CloudTrail rule matches its events and not their "
    "single-condition mutations") {
  const auto files = RuleFiles();
  REQUIRE(files.size() == 58);
  // A few fixed seeds: each picks other values from value lists, other
  // letter cases, null or absent, so one run covers more than one draw.
  const uint64_t seeds[] = {Options().seed, 20240611, 977};
  size_t positives = 0, positive_failures = 0;
  size_t negative_mutations = 0, positive_mutations = 0, mutation_failures = 0;
  size_t rules_covered = 0;
  for (const auto& file : files) {
    const std::string origin = Relative(file);
    const std::string text = ReadFile(file);
    Compiled compiled = LoadAndCompile(text, origin);
    CHECK_MESSAGE(compiled.errors.empty(), origin << ":\n" << compiled.errors);
    if (!compiled.rules) continue;
    trailhunt::RuleEvaluator evaluator(compiled.rules);

    size_t rule_positives = 0, rule_negatives = 0;
    for (uint64_t seed : seeds) {
      gen::GeneratorOptions options = Options();
      options.seed = seed;
      auto generated = gen::Generate(text, origin, options);
      CHECK_MESSAGE(generated.ok(), origin << ": " << generated.status().ToString());
      if (!generated.ok()) continue;
      for (const auto& event : generated->events) {
        std::string error;
        const int verdict = Verdict(evaluator, event.event_json, &error);
        ++positives;
        CHECK_MESSAGE(verdict == 1, "rule " << origin << " does not match its generated event\n"
                                            << "  seed: " << seed << "\n"
                                            << "  assignment: " << event.assignment << "\n"
                                            << "  event: " << event.event_json << "\n"
                                            << (error.empty() ? "" : "  error: " + error));
        if (verdict != 1) {
          ++positive_failures;
          continue;
        }
        ++rule_positives;
        for (const auto& m : event.mutations) {
          const int got = Verdict(evaluator, m.event_json, &error);
          (m.expect_match ? positive_mutations : negative_mutations)++;
          if (!m.expect_match) ++rule_negatives;
          CHECK_MESSAGE(got == (m.expect_match ? 1 : 0),
                        "rule " << origin << ": mutation gives the wrong verdict\n"
                                << "  seed: " << seed << "\n"
                                << "  assignment: " << event.assignment << "\n"
                                << "  mutation: " << m.description << "\n"
                                << "  expected: "
                                << std::string(m.expect_match ? "match" : "no match") << ", got: "
                                << (got == 1   ? "match"
                                    : got == 0 ? "no match"
                                               : "error " + error)
                                << "\n  event: " << m.event_json);
          if (got != (m.expect_match ? 1 : 0)) ++mutation_failures;
        }
      }
    }
    CHECK_MESSAGE(rule_positives > 0, origin << ": no generated event matched");
    CHECK_MESSAGE(rule_negatives > 0, origin << ": no single-condition mutation was checked");
    if (rule_positives > 0 && rule_negatives > 0) ++rules_covered;
  }
  MESSAGE("generated: " << files.size() << " rules, " << positives << " positive events ("
                        << positive_failures << " not matched), " << negative_mutations
                        << " negative and " << positive_mutations << " positive mutations ("
                        << mutation_failures << " wrong verdicts)");
  REQUIRE(rules_covered == files.size());
}
