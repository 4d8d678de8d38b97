// File: match.h
// The one predicate IR every rule language compiles into: and/or/not over
// leaves that compare, wildcard-match, regex-match (RE2), CIDR-match or test
// the existence of a field, or search the raw record for a keyword.
//
// A front end (SPL, Sigma, CloudWatch filter patterns) builds an `Expr` tree
// naming fields as its user wrote them and setting, on every leaf, the
// semantics its language documents: case sensitivity, what a missing field
// does, whether numbers compare as numbers, what an object or array value
// does. `Predicate::Compile` binds each name once, through a caller-supplied
// binder (which resolves through the catalog into projection slots),
// compiles regexes, CIDRs and wildcards, and yields an immutable predicate
// that evaluation runs on slots only: no name is looked up per record.
//
// Thread-safety: Expr is a plain value. A compiled Predicate is immutable;
// Matches is const and may run on many threads at once.
#ifndef TRAILHUNT_MATCH_H_
#define TRAILHUNT_MATCH_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "trailhunt/value.h"

namespace trailhunt {

// Index of a captured field in the slot array a predicate reads.
using SlotIndex = uint32_t;
inline constexpr SlotIndex kNoSlot = UINT32_MAX;

namespace match {

enum class Op : uint8_t {
  kAnd,       // all children (an empty And is true)
  kOr,        // any child (an empty Or is false)
  kNot,       // exactly one child
  kTrue,
  kFalse,
  kCompare,   // field <op> literal
  kWildcard,  // field matches a wildcard pattern (see below)
  kRegex,     // field matches an RE2 pattern (unanchored, like grep)
  kCidr,      // field is an IP address inside a CIDR block (IPv4 or IPv6)
  kExists,    // field is present
  kNull,      // field is JSON null (or missing, with flags.missing_is_null)
  kKeyword,   // the raw record contains a term (wildcards allowed)
  kFieldRef,  // field compares with another field of the same record (`other`)
};

// How kFieldRef compares `target` with `other`: whole-value equality (with
// CompareOp kEq or kNe), or `other`'s value as a substring, prefix or suffix
// of `target`'s. Case follows flags.case_sensitive; a missing `other` never
// matches; with multivalues any pair of items may match.
enum class FieldRefMode : uint8_t { kEquals, kContains, kStartsWith, kEndsWith };

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };

// How a comparison decides between numbers and strings.
enum class NumberMode : uint8_t {
  // Text against text (SPL `=`/`!=`: "1" does not equal "1.0").
  kText,
  // Numeric when both sides read as numbers (a JSON number, or a string
  // that is entirely a number), else text (SPL `<` `>`, CloudWatch).
  kNumericIfBoth,
  // Numeric only; a side that is not a number never matches (Sigma gt/lt).
  kNumericOnly,
};

// What a leaf does when the field's value is an object or array (Value::kJson).
enum class ContainerMode : uint8_t {
  kMatchJsonText,  // match against its compact JSON text (SPL, Sigma contains)
  kNeverMatch,     // never matches (CloudWatch: a selector on an object)
};

// Per-leaf semantics, chosen by the front end from its language's documents.
struct LeafFlags {
  bool case_sensitive = false;
  NumberMode numbers = NumberMode::kText;
  ContainerMode containers = ContainerMode::kMatchJsonText;
  // A multivalue field (from a `{}` path) matches when ANY item matches;
  // with all_items, only when every item does (and it has at least one).
  bool all_items = false;
  // kNull: a missing field counts as null (Sigma `field: null`).
  bool missing_is_null = false;
  // kKeyword: a term must start and end at a token boundary of the raw
  // record (Splunk's breakers); off, it is a plain substring search.
  bool token_boundaries = true;
  // kKeyword with token_boundaries: the term must be a whole term between
  // MAJOR breakers (or the start/end of the text), as SPL's TERM(x) does:
  // TERM(10.0.0) does not match "10.0.0.1" (a plain keyword does, at the
  // minor breaker '.'). Ignored without token_boundaries.
  bool major_breakers_only = false;
  // kExists: JSON null counts as present (SPL `f=*` is false on null).
  bool null_is_present = true;
  // kCompare, kWildcard, kRegex, kCidr: JSON null is compared as the text
  // "null" (SPL, Sigma). Off, null never matches them (CloudWatch: only
  // IS NULL matches null).
  bool null_as_text = true;
  // kWildcard, kRegex: the leaf holds when the value does NOT match (a
  // CloudWatch `!=` with a wildcard or a regex). Unlike a NOT above the
  // leaf, a missing field, and a value the leaf does not judge (a container
  // under kNeverMatch, null without null_as_text), still never match.
  bool negated = false;
  // kCompare with a boolean literal: only a JSON boolean matches, not the
  // string "true" (CloudWatch's IS TRUE / IS FALSE).
  bool booleans_only = false;
};

// Target::delimited: which part of the raw record a raw target reads.
inline constexpr int32_t kWholeRecord = INT32_MIN;
// The number of space-delimited fields, as an integer.
inline constexpr int32_t kDelimitedFieldCount = INT32_MIN + 1;

// A field as the front end names it, and the slot the binder gave it.
// raw = true reads the whole record text instead of a field.
struct Target {
  std::string field;
  bool raw = false;
  // With raw: one space-delimited field of the record text instead of all
  // of it (CloudWatch's `[a, b, ...]` patterns). Fields are separated by
  // runs of spaces; a field that starts with '"' runs to the next '"', one
  // that starts with '[' to the next ']', and is read without them (text
  // after the closing character, up to the next space, is dropped). A
  // position >= 0 counts from the first field, < 0 from the last (-1 is the
  // last); a position the record does not have never matches.
  // kDelimitedFieldCount reads the number of fields.
  int32_t delimited = kWholeRecord;
  SlotIndex slot = kNoSlot;  // filled by Compile
};

// Wildcard patterns use one canonical syntax, into which each front end
// rewrites its own: '*' any run of characters (also empty), '?' exactly one
// character (a UTF-8 code point), and '\' escapes the next character ("\*",
// "\?", "\\"). A front end without '?' wildcards writes a literal '?' as
// "\?". A pattern with no wildcard is an equality test.
struct Expr {
  Op op = Op::kTrue;
  std::vector<Expr> children;  // kAnd, kOr, kNot
  Target target;               // leaves other than kTrue/kFalse
  Target other;                // kFieldRef: the field compared with
  FieldRefMode field_ref = FieldRefMode::kEquals;  // kFieldRef
  CompareOp compare = CompareOp::kEq;
  Value literal;               // kCompare
  std::string pattern;         // kWildcard, kKeyword: wildcard text;
                               // kRegex: RE2 syntax; kCidr: "10.0.0.0/8"
  LeafFlags flags;
  // Where the construct came from in the rule text (1-based, 0 = unknown),
  // so compile errors point at it.
  int line = 0;
  int column = 0;

  static Expr And(std::vector<Expr> children);
  static Expr Or(std::vector<Expr> children);
  static Expr Not(Expr child);
  static Expr True();
  static Expr False();
};

// Resolves a field name to its slot. Called once per distinct leaf at
// Compile; an error fails the compile (and is returned with the leaf's
// line and column prepended).
using FieldBinder = std::function<absl::StatusOr<SlotIndex>(std::string_view field)>;

// What a predicate reads for one record.
struct FieldSet {
  absl::Span<const Value> slots;
  std::string_view raw;  // the record's JSON text, for kKeyword and raw targets
};

class Predicate {
 public:
  // Binds names, checks every leaf (a malformed regex, CIDR or wildcard is
  // an error naming the construct, its line and column), and compiles.
  // Regexes use RE2 with log_errors off; a construct RE2 lacks (lookaround,
  // backreferences, possessive quantifiers) is named in the error.
  static absl::StatusOr<Predicate> Compile(Expr expr, const FieldBinder& bind);

  Predicate(Predicate&&) noexcept;
  Predicate& operator=(Predicate&&) noexcept;
  ~Predicate();

  bool Matches(const FieldSet& fields) const;

  // The bound expression (slots filled), e.g. to list the fields it reads.
  const Expr& expr() const;
  // A one-line rendering for diagnostics and `explain` output.
  std::string ToString() const;

 private:
  struct Compiled;
  explicit Predicate(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> compiled_;
};

// Shared leaf primitives, so that commands outside the IR (SPL's `like`,
// `cidrmatch`, `sort`) agree with it.

// Matches `text` against a canonical wildcard pattern (see Expr).
bool WildcardMatch(std::string_view pattern, std::string_view text, bool case_sensitive);
// True when `address` is an IPv4 or IPv6 address inside `cidr`. A malformed
// `cidr` is an error; a malformed address simply does not match.
absl::StatusOr<bool> CidrMatch(std::string_view cidr, std::string_view address);
// Rewrites a regex from Splunk/PCRE spelling into RE2's where the meaning is
// the same (`(?<name>` becomes `(?P<name>`), and returns an error naming the
// construct where RE2 has no equivalent (lookahead, lookbehind,
// backreferences, atomic groups, possessive quantifiers).
absl::StatusOr<std::string> TranslatePcreToRe2(std::string_view pattern);

}  // namespace match
}  // namespace trailhunt

#endif  // TRAILHUNT_MATCH_H_
