// The compiled form of a predicate, shared by compile, evaluation and
// rendering (predicate.cc, evaluate.cc, render.cc).
#ifndef TRAILHUNT_LIB_MATCH_COMPILED_H_
#define TRAILHUNT_LIB_MATCH_COMPILED_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "match/cidr.h"
#include "match/keyword.h"
#include "match/wildcard.h"
#include "absl/container/flat_hash_set.h"
#include "re2/re2.h"
#include "trailhunt/match.h"

namespace trailhunt::match_internal {

struct Node {
  match::Op op = match::Op::kTrue;
  std::vector<Node> children;
  // Leaves: everything below is what the leaf's op needs.
  match::LeafFlags flags;
  SlotIndex slot = kNoSlot;
  bool raw = false;
  int32_t delimited = match::kWholeRecord;  // with raw: see Target::delimited
  // kFieldRef: the other field's slot and how the two compare.
  SlotIndex other_slot = kNoSlot;
  bool other_raw = false;
  match::FieldRefMode field_ref = match::FieldRefMode::kEquals;
  match::CompareOp compare = match::CompareOp::kEq;
  std::string literal_text;  // display text; folded when !case_sensitive
  bool literal_is_number = false;
  double literal_number = 0;
  std::optional<Wildcard> wildcard;
  std::unique_ptr<RE2> regex;
  std::optional<Cidr> cidr;
  std::optional<Keyword> keyword;
  // An OR of many plain text equalities on one field (SPL's `f IN (...)`
  // with thousands of values), folded into one leaf: kCompare/kEq whose
  // literals (folded when !case_sensitive) are this set.
  std::unique_ptr<absl::flat_hash_set<std::string>> any_of;
};

bool Evaluate(const Node& node, const match::FieldSet& fields);

}  // namespace trailhunt::match_internal

namespace trailhunt::match {
struct Predicate::Compiled {
  Expr expr;  // bound
  match_internal::Node root;
};
}  // namespace trailhunt::match

#endif  // TRAILHUNT_LIB_MATCH_COMPILED_H_
