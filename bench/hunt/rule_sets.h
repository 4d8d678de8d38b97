// File: hunt/rule_sets.h
// The rule sets the hunt benchmark times: exactly N detection rules, drawn
// from real rules (the SigmaHQ CloudTrail rules in the directory
// TRAILHUNT_BENCH_SIGMA_DIR names, when it is set, then the built-in
// aws-threats pack's detections) and, past their number, generated
// variants of them (hunt/rule_variants.h).
//
// Only detection documents are used: correlation documents (the pack's 21)
// are left out, because they are stateful rules the rule index does not
// serve, and without them every detection reports its matches. A set of N
// at most the number of real rules takes N of them evenly spread over the
// list (every rule of a kind is not bunched at one end); a larger set is
// every real rule plus variants, variant k made from real rule k mod R.
#ifndef TRAILHUNT_BENCH_HUNT_RULE_SETS_H_
#define TRAILHUNT_BENCH_HUNT_RULE_SETS_H_

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "hunt/rule_variants.h"
#include "trailhunt/hunt.h"
#include "trailhunt/packs.h"
#include "trailhunt/path.h"
#include "trailhunt/sigma.h"

namespace trailhunt_bench {

// One detection document: its YAML text and where it came from.
struct RuleDocument {
  std::string origin;
  std::string text;
};

// What the real rules were, for the report.
struct RuleSources {
  std::vector<RuleDocument> documents;  // detections that load and compile alone
  size_t sigma_documents = 0;           // of them, from TRAILHUNT_BENCH_SIGMA_DIR
  size_t pack_documents = 0;
  size_t sigma_rejected = 0;  // documents there that are no usable detection (errors, skips)
  size_t correlations_left_out = 0;
  std::string sigma_dir;  // "" when the variable is unset
};

// True when `text` alone loads into exactly one detection rule, with no
// diagnostic, that compiles. `correlation` says it was a correlation.
inline bool IsUsableDetection(const std::string& text, const std::string& origin, bool* correlation) {
  trailhunt::sigma::RuleCollection one;
  trailhunt::sigma::LoadText(text, origin, trailhunt::sigma::LoadOptions(), &one);
  if (correlation != nullptr) *correlation = !one.correlations.empty();
  if (one.rules.size() != 1 || !one.correlations.empty() || !one.filters.empty() || !one.diagnostics.empty()) {
    return false;
  }
  std::vector<trailhunt::sigma::Diagnostic> diagnostics;
  auto compiled = trailhunt::RuleSet::Compile(one, trailhunt::RuleSetOptions(), &diagnostics);
  return compiled->detection_count() == 1 && diagnostics.empty();
}

inline void AddDocuments(std::string_view file_text, const std::string& origin, RuleSources* sources,
                         size_t* kept, size_t* rejected) {
  const std::vector<std::string> documents = SplitYamlDocuments(file_text);
  for (size_t d = 0; d < documents.size(); ++d) {
    const std::string where = documents.size() == 1 ? origin : origin + "#" + std::to_string(d + 1);
    bool correlation = false;
    if (IsUsableDetection(documents[d], where, &correlation)) {
      sources->documents.push_back(RuleDocument{where, documents[d]});
      ++*kept;
    } else if (correlation) {
      ++sources->correlations_left_out;
    } else if (rejected != nullptr) {
      ++*rejected;
    }
  }
}

// The real rules, in a fixed order: SigmaHQ files sorted by path, then the
// pack's files sorted by name, each file's documents in order.
inline RuleSources LoadRuleSources() {
  RuleSources sources;
  const char* dir = std::getenv("TRAILHUNT_BENCH_SIGMA_DIR");
  if (dir != nullptr && *dir != '\0') {
    sources.sigma_dir = dir;
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      const std::string ext = it->path().extension().string();
      if (it->is_regular_file(ec) && (ext == ".yml" || ext == ".yaml")) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      std::ifstream in(path, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      AddDocuments(text.str(), path.string(), &sources, &sources.sigma_documents, &sources.sigma_rejected);
    }
  }
  for (const trailhunt::packs::PackFile& file : trailhunt::packs::PackFiles("aws-threats")) {
    AddDocuments(file.text, "pack:" + std::string(file.name), &sources, &sources.pack_documents, nullptr);
  }
  return sources;
}

// The detection documents of an N-rule set, with how many are variants and
// how many variants were tried and dropped (they did not load or compile
// alone) on the way.
struct RuleSetDocuments {
  std::vector<RuleDocument> documents;
  size_t variants = 0;
  size_t variants_dropped = 0;
  size_t variants_unchanged = 0;  // variants whose original had no literal to swap
};

inline RuleSetDocuments ChooseDocuments(const RuleSources& sources, size_t n) {
  RuleSetDocuments out;
  const std::vector<RuleDocument>& real = sources.documents;
  if (real.empty()) return out;
  if (n <= real.size()) {
    for (size_t i = 0; i < n; ++i) out.documents.push_back(real[i * real.size() / n]);
    return out;
  }
  out.documents = real;
  // Bounded: a base whose variants never load cannot loop forever.
  for (size_t k = 0; out.documents.size() < n && k < 4 * n; ++k) {
    const RuleDocument& base = real[k % real.size()];
    VariantWriter writer(base.text, k + 1);
    RuleDocument variant{base.origin + "~variant" + std::to_string(k + 1), writer.Write()};
    if (!IsUsableDetection(variant.text, variant.origin, nullptr)) {
      ++out.variants_dropped;
      continue;
    }
    if (writer.swapped() == 0) ++out.variants_unchanged;
    out.documents.push_back(std::move(variant));
    ++out.variants;
  }
  return out;
}

inline trailhunt::sigma::RuleCollection LoadDocuments(const std::vector<RuleDocument>& documents) {
  trailhunt::sigma::RuleCollection rules;
  for (const RuleDocument& d : documents) {
    trailhunt::sigma::LoadText(d.text, d.origin, trailhunt::sigma::LoadOptions(), &rules);
  }
  return rules;
}

// How the rule index serves a compiled set, read from RuleSet::Explain():
// rules it keys on an equality per field, on a substring, and rules it
// evaluates for every record.
struct IndexShape {
  size_t by_event_name = 0;
  size_t by_event_source = 0;
  size_t by_other_equality = 0;
  size_t by_substring = 0;
  size_t always = 0;
  size_t never = 0;
};

inline size_t RuleCountAfter(std::string_view line, std::string_view marker) {
  const size_t at = line.find(marker);
  if (at == std::string_view::npos) return 0;
  return static_cast<size_t>(std::strtoull(std::string(line.substr(at + marker.size())).c_str(), nullptr, 10));
}

inline IndexShape ReadIndexShape(const std::string& explain) {
  IndexShape shape;
  std::istringstream in(explain);
  std::string line;
  while (std::getline(in, line)) {
    const std::string_view l = line;
    if (l.rfind("equals ", 0) == 0) {
      // "equals eventName (slot 3): 25 literals, 40 rules: ..."
      const size_t rules = RuleCountAfter(l.substr(l.find("): ")), ", ");
      // Filter patterns name fields with their `$.` selector.
      const std::string_view field = trailhunt::WithoutDollarPrefix(l.substr(7, l.find(" (slot") - 7));
      if (field == "eventName") {
        shape.by_event_name += rules;
      } else if (field == "eventSource") {
        shape.by_event_source += rules;
      } else {
        shape.by_other_equality += rules;
      }
    } else if (l.rfind("contains ", 0) == 0) {
      shape.by_substring += RuleCountAfter(l.substr(l.find("): ")), ", ");
    } else if (l.rfind("always evaluated: ", 0) == 0) {
      shape.always = RuleCountAfter(l, "always evaluated: ");
    } else if (l.rfind("never match: ", 0) == 0) {
      shape.never = RuleCountAfter(l, "never match: ");
    }
  }
  return shape;
}

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_HUNT_RULE_SETS_H_
