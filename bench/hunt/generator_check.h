// File: hunt/generator_check.h
// An answer for some rules that owes nothing to the rule index or the
// predicates: a rule whose whole condition is "eventName is one of these
// names" must match exactly as many records as the corpus generator wrote
// with those names (CorpusCounts::by_event_name).
#ifndef TRAILHUNT_BENCH_HUNT_GENERATOR_CHECK_H_
#define TRAILHUNT_BENCH_HUNT_GENERATOR_CHECK_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "corpus.h"
#include "trailhunt/match.h"
#include "trailhunt/path.h"

namespace trailhunt_bench {

struct NameLiteral {
  std::string name;
  bool case_sensitive = false;
};

// True, with the names, when `expr` is an eventName equality or an OR of
// them (one-child ANDs and ORs, as a one-key selection compiles, count as
// their child).
inline bool EventNameLiterals(const trailhunt::match::Expr& expr, std::vector<NameLiteral>* out) {
  using trailhunt::match::Op;
  switch (expr.op) {
    case Op::kCompare:
      // A filter pattern names the field `$.eventName`, a Sigma rule `eventName`.
      if (expr.target.raw || trailhunt::WithoutDollarPrefix(expr.target.field) != "eventName" ||
          expr.compare != trailhunt::match::CompareOp::kEq ||
          !expr.literal.is_string()) {
        return false;
      }
      out->push_back(NameLiteral{expr.literal.text(), expr.flags.case_sensitive});
      return true;
    case Op::kOr:
      for (const auto& child : expr.children) {
        if (!EventNameLiterals(child, out)) return false;
      }
      return !expr.children.empty();
    case Op::kAnd:
      return expr.children.size() == 1 && EventNameLiterals(expr.children[0], out);
    default:
      return false;
  }
}

inline bool SameAsciiCaseless(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto fold = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (fold(a[i]) != fold(b[i])) return false;
  }
  return true;
}

// The records the generator wrote that such a rule matches.
inline uint64_t GeneratorMatches(const std::vector<NameLiteral>& names, const CorpusCounts& counts) {
  uint64_t total = 0;
  for (const auto& [event_name, count] : counts.by_event_name) {
    bool hit = false;
    for (const NameLiteral& n : names) {
      hit = hit || (n.case_sensitive ? n.name == event_name : SameAsciiCaseless(n.name, event_name));
    }
    if (hit) total += count;
  }
  return total;
}

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_HUNT_GENERATOR_CHECK_H_
