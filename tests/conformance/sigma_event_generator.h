// File: sigma_event_generator.h
// A second, independent reading of Sigma, used to test the first one: it
// shares no code with lib/sigma, lib/match or lib/hunt. It reads a rule's
// YAML with yaml-cpp, parses and evaluates the condition grammar itself, and
// for each satisfying true/false assignment of the search identifiers builds
// a CloudTrail-shaped JSON event that makes exactly those identifiers true
// and the others false. For every event it also derives mutations that each
// change one required condition (break one field of a true selection, or
// make one false selection true), with the verdict its own evaluator expects.
//
// The semantics it assumes are the specification's plus those sigma.h fixes
// where the specification is silent: case-insensitive whole-value matching
// with `*`/`?` wildcards and backslash escapes; a field resolved flat key
// first, then as a dotted path in which every array element is tried; an
// object value matched as its compact JSON text; `null` matching a missing
// field or JSON null.
//
// What it cannot generate (keywords, numeric and encoding modifiers, IPv6
// CIDRs) is an error naming the construct: the corpus it serves does not use
// them, and tests/unit/sigma_spec_test.cc covers them by hand.
//
// Thread-safety: functions are reentrant; results are plain values.
#ifndef TRAILHUNT_TESTS_CONFORMANCE_SIGMA_EVENT_GENERATOR_H_
#define TRAILHUNT_TESTS_CONFORMANCE_SIGMA_EVENT_GENERATOR_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace trailhunt::sigma_gen {

struct GeneratorOptions {
  // Every random choice derives from this seed and the rule's origin, so a
  // run is reproducible and two rules do not share one random stream.
  uint64_t seed = 0x7261696c68756e74;  // "railhunt"
  // Values for `|expand` placeholders, keyed by name without the '%'s.
  std::map<std::string, std::vector<std::string>> placeholders;
  // How many satisfying assignments become events (fewest true first).
  size_t max_assignments = 8;
  // Random constructions tried per assignment before calling it infeasible
  // (two selections may need one field to hold different values).
  size_t attempts = 12;
};

struct Mutation {
  std::string description;  // what was changed, e.g. "break selection: eventName = \"ListBuckets\""
  std::string event_json;
  bool expect_match = false;  // the generator's own verdict on the mutated event
};

struct GeneratedEvent {
  std::string assignment;  // "selection=true filter=false"
  std::string event_json;  // one compact JSON object the rule must match
  std::vector<Mutation> mutations;
};

struct GeneratedRule {
  std::vector<GeneratedEvent> events;
  // Assignments found infeasible and mutations dropped because they changed
  // more than the one condition they were meant to change.
  std::vector<std::string> notes;
};

// Generates events for the one detection rule in `yaml_text`; `origin`
// names it in errors and seeds its random stream. Errors: YAML that does not
// parse, no detection, a condition that does not parse or names an unknown
// identifier, a construct the generator does not handle, or no satisfying
// assignment it can realise.
absl::StatusOr<GeneratedRule> Generate(std::string_view yaml_text, std::string_view origin,
                                       const GeneratorOptions& options);

// Building blocks, exposed for the generator's own tests.

// Sigma's whole-value match of `text` against a value with `*`/`?`
// wildcards and the specification's backslash escapes.
bool WildcardValueMatches(std::string_view sigma_value, std::string_view text, bool cased);

// Parses `condition` and evaluates it with `identifiers` giving the truth of
// every defined search identifier (the domain of `1 of x*` and `them`).
absl::StatusOr<bool> EvaluateConditionText(std::string_view condition,
                                           const std::map<std::string, bool>& identifiers);

// A string the regex (the specification's PCRE subset) matches, built from
// its atoms and checked with std::regex; an error naming the construct when
// it cannot build one.
absl::StatusOr<std::string> RegexExample(std::string_view regex, uint64_t seed);

}  // namespace trailhunt::sigma_gen

#endif  // TRAILHUNT_TESTS_CONFORMANCE_SIGMA_EVENT_GENERATOR_H_
