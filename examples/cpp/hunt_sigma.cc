// Example: a Sigma hunt from C++. Loads rule files (or the built-in
// aws-threats pack when none are given), compiles them once and scans the
// given paths, printing one line per match and a count per rule.
//
//   hunt_sigma AWSLogs/ [--rules my_rules/]
#include <cstdio>
#include <string>
#include <vector>

#include "trailhunt/all.h"

namespace {

// Prints each match as it arrives (in source and record order).
class PrintMatches : public trailhunt::HuntSink {
 public:
  explicit PrintMatches(const trailhunt::RuleSet& rules) : rules_(rules) {}
  void OnMatch(const trailhunt::HuntMatch& m) override {
    const trailhunt::sigma::RuleInfo& info = rules_.rule(m.rule).info;
    std::printf("%s\t%s\t%s\t%s\t%s#%llu\n", info.level.c_str(), info.title.c_str(),
                std::string(m.event_name).c_str(), std::string(m.principal).c_str(),
                std::string(m.source).c_str(), static_cast<unsigned long long>(m.record_index));
  }
  void OnAlert(const trailhunt::HuntAlert& a) override {
    std::printf("alert\t%s\t%.0f events\n", rules_.rule(a.rule).info.title.c_str(),
                a.alert.value);
  }

 private:
  const trailhunt::RuleSet& rules_;
};

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> paths, rule_paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--rules" && i + 1 < argc) {
      rule_paths.push_back(argv[++i]);
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: hunt_sigma PATH... [--rules FILE|DIR]...\n");
    return 2;
  }
  trailhunt::sigma::RuleCollection collection;
  trailhunt::sigma::LoadOptions load_options;
  if (rule_paths.empty()) trailhunt::packs::LoadPack("aws-threats", load_options, &collection);
  for (const std::string& p : rule_paths) trailhunt::sigma::LoadPath(p, load_options, &collection);
  std::vector<trailhunt::sigma::Diagnostic> diagnostics = collection.diagnostics;
  auto rules = trailhunt::RuleSet::Compile(collection, trailhunt::RuleSetOptions(), &diagnostics);
  for (const auto& d : diagnostics) std::fprintf(stderr, "%s\n", d.ToString().c_str());
  if (collection.error_count() > 0) return 2;

  auto sources = trailhunt::ExpandPaths(paths);
  if (!sources.ok()) {
    std::fprintf(stderr, "%s\n", std::string(sources.status().message()).c_str());
    return 2;
  }
  PrintMatches sink(*rules);
  trailhunt::HuntSummary summary = trailhunt::Hunt(rules, *sources, trailhunt::HuntOptions(), &sink);
  std::fprintf(stderr, "%llu records, %llu matches, %llu alerts\n",
               static_cast<unsigned long long>(summary.records_evaluated),
               static_cast<unsigned long long>(summary.matches),
               static_cast<unsigned long long>(summary.alerts));
  for (size_t r = 0; r < rules->size(); ++r) {
    if (summary.per_rule[r] > 0) {
      std::fprintf(stderr, "%8llu  %s\n", static_cast<unsigned long long>(summary.per_rule[r]),
                   rules->rule(r).info.title.c_str());
    }
  }
  return 0;
}
