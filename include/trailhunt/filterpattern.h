// File: filterpattern.h
// The CloudWatch Logs filter-pattern front end: parses a metric-filter or
// subscription-filter pattern into the one predicate IR (match.h), with the
// semantics CloudWatch documents set on every leaf. It is the language in
// which the CIS AWS Foundations Benchmark and AWS Security Hub state their
// monitoring controls, so their exact text runs here unchanged.
//
// Four forms, told apart by the first character that is not a space:
//
//   { $.eventName = ConsoleLogin && $.additionalEventData.MFAUsed != "Yes" }
//       JSON: selectors `$.a.b`, `$.a[0].b`; `=` `!=` `<` `<=` `>` `>=`;
//       `IS TRUE` `IS FALSE` `IS NULL` `NOT EXISTS`; quoted or bare values
//       with `*` wildcards; numbers; regexes `%…%`; `&&` binds tighter than
//       `||`; parentheses.
//   ERROR ?WARN -DEBUG "exact phrase"
//       terms, searched in the raw record text.
//   [ip, user, ..., status_code = 4*, bytes > 1000]
//       space-delimited: the raw record text split into fields at spaces
//       ("…" and […] are one field each).
//   %regex%
//       a regex over the raw record text.
//
// An empty pattern (or one of spaces only) matches every record.
//
// Semantics (docs/filterpatterns.md has the details and the sources):
//  - matching is case-sensitive, values and selectors alike;
//  - a value matches the whole field (a glob, not a substring);
//  - a selector that lands on an object or an array never matches;
//  - any comparison on an absent selector is false, `!=` included: only
//    `NOT EXISTS` matches absence (so `$.x != "v"` is not "x is not v");
//  - JSON null is matched by `IS NULL` only, and a missing field is not null;
//  - `IS TRUE` / `IS FALSE` match JSON booleans only, not the string "true";
//  - a number compares numerically with a JSON number or a string that is
//    entirely a number; `<` `<=` `>` `>=` need a number on both sides.
//
// Thread-safety: parsing is reentrant; the result is a plain value.
#ifndef TRAILHUNT_FILTERPATTERN_H_
#define TRAILHUNT_FILTERPATTERN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "trailhunt/match.h"

namespace trailhunt::filterpattern {

enum class PatternKind : uint8_t { kMatchAll, kJson, kTerms, kSpaceDelimited, kRegex };
// "match-all", "json", "terms", "space-delimited", "regex"
std::string_view PatternKindName(PatternKind kind);

struct Pattern {
  PatternKind kind = PatternKind::kMatchAll;
  // The pattern in the IR. JSON selectors are named as written ("$.a.b",
  // "$.a[0].b"): a binder resolves a "$." name as an exact path (a key step
  // never reaches into an array), unlike Sigma's names.
  match::Expr expr;
  std::vector<std::string> fields_read;  // distinct selectors, in first-use order
  int regex_count = 0;                   // `%…%` values (CloudWatch allows 2)
};

// Where a pattern is wrong: the 1-based column within the pattern text (its
// byte offset + 1) and a sentence saying what was expected and what was found.
struct SyntaxError {
  int column = 0;
  std::string message;
};

// Limits CloudWatch enforces, as options so a caller may relax them.
struct ParseOptions {
  size_t max_length = 1024;   // PutMetricFilter's limit on filterPattern
  int max_regexes = 2;        // per JSON or space-delimited pattern
  int max_nesting = 64;       // parentheses; not a CloudWatch limit, a stack guard
};

// Parses `text`. On error the status message reads "column N: <message>"
// and `error`, when given, receives the column and message separately (for
// a caller that places the column inside a larger file).
absl::StatusOr<Pattern> Parse(std::string_view text, const ParseOptions& options = {},
                              SyntaxError* error = nullptr);

}  // namespace trailhunt::filterpattern

#endif  // TRAILHUNT_FILTERPATTERN_H_
