// The rule index: per record, the rules that can match it.
//
// Built from the bound expressions of many rules (Predicate::expr(), slots
// filled). For each rule it derives a requirement every match must meet:
//   - equality: the text of one field (or of the raw record) equals one of
//     a set of literals: a leaf `eventName = X` (text equality, or
//     kNumericIfBoth with a literal that is no number), a wildcard pattern
//     without wildcards, an OR whose every branch requires an equality on
//     the same field (the union), any such conjunct of an AND. Preferred:
//     eventName, then eventSource, then the field most rules could use,
//     then the fewest literals;
//   - substring: the text contains one of a set of literals: the longest
//     run of literal ASCII bytes (at least 3) of a wildcard such as
//     `*AssumeRole*`, a prefix or a suffix; an OR of such (an equality's
//     literal counts as its own substring); a keyword's run over the raw
//     record. Found for all rules at once by one Aho-Corasick automaton per
//     field (aho_corasick.h);
//   - never: the rule cannot match (kFalse where its whole condition needs
//     it: an AND with a kFalse, an OR of only kFalse, an empty OR); it is
//     never a candidate;
//   - none: the rule is evaluated for every record (NOT, regex, CIDR,
//     exists, null, field references, ordered and numeric comparisons,
//     literals with non-ASCII bytes, shorter substrings, an OR across
//     fields).
// The requirement is a necessary condition only, so the index may return a
// rule that then does not match, but never leaves out one that would. The
// text is the one the leaves compare (evaluate.cc): a number's or bool's
// display text, "null" for JSON null, an object or array as its JSON text,
// each item of a multivalue; a missing field has none. Literals are
// compared with ASCII case folded whatever the leaf's case rule.
//
// Per record the cost is one hash lookup per indexed equality field (per
// item) and one automaton pass per indexed substring field, with the text
// folded on the fly: nothing is copied, and with a warm Scratch and `out`
// nothing is allocated.
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
