// The rule index: per record, the rules that can match it.
//
// Built from the bound expressions of many rules (Predicate::expr(), slots
// filled). For each rule it derives a requirement every match must meet:
//   - equality: the field in one slot equals one of a set of literals (a
//     leaf `eventName = X`, an OR of such leaves on one field, any such
//     conjunct of an AND), preferring eventName, then eventSource, then the
//     field with the most distinct rules;
//   - substring: the field contains one of a set of literal runs (the
//     longest literal run of a wildcard such as `*AssumeRole*`, a prefix, a
//     suffix), found for all rules at once by one multi-pattern automaton
//     per field;
//   - none: the rule is evaluated for every record.
// The requirement is a necessary condition only, so the index may return a
// rule that then does not match, but never leaves out one that would:
// literals are compared ASCII-case-folded whatever the leaf's case rule,
// and a leaf whose semantics the index cannot mirror exactly (numbers,
// non-ASCII literals, kJson values) yields no requirement.
//
// Thread-safety: immutable after Build; Candidates is const, with a
// per-thread Scratch.
#ifndef TRAILHUNT_LIB_MATCH_RULE_INDEX_H_
#define TRAILHUNT_LIB_MATCH_RULE_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trailhunt/match.h"

namespace trailhunt::match {

class RuleIndex {
 public:
  // Per-thread working memory for Candidates. Default-constructed, it grows
  // on the first call and is then reused without allocating; one Scratch
  // may serve several indexes.
  struct Scratch {
    // Generation stamps: one per rule (already in `out`), then one per
    // substring pattern (its rules already added), so nothing is cleared
    // per record.
    std::vector<uint32_t> seen;
    uint32_t generation = 0;
  };

  // rules[i] is rule i's bound expression; rule ids are these indices. A
  // null entry is a rule evaluated for every record. A rule that can never
  // match (kFalse where its whole condition needs it) is never a candidate.
  static RuleIndex Build(const std::vector<const Expr*>& rules);

  RuleIndex();
  ~RuleIndex();
  RuleIndex(RuleIndex&&) noexcept;
  RuleIndex& operator=(RuleIndex&&) noexcept;

  // Fills `out` with the rules that may match the record: ascending,
  // distinct, a superset of the rules that do.
  void Candidates(const FieldSet& fields, Scratch* scratch, std::vector<uint32_t>* out) const;

  size_t rule_count() const;
  size_t always_evaluated() const;  // rules with no requirement
  // One line per indexed slot: its kind, literal count and rules; then the
  // rules evaluated for every record. `rule_names[i]` labels rule i.
  std::string Explain(const std::vector<std::string>& rule_names) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace trailhunt::match

#endif  // TRAILHUNT_LIB_MATCH_RULE_INDEX_H_
