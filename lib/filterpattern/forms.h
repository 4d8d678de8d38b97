// The four forms of a filter pattern, each parsed into the IR, and the
// condition grammar the JSON and space-delimited forms share.
#ifndef TRAILHUNT_LIB_FILTERPATTERN_FORMS_H_
#define TRAILHUNT_LIB_FILTERPATTERN_FORMS_H_

#include <string>
#include <string_view>
#include <vector>

#include "filterpattern/scanner.h"
#include "trailhunt/filterpattern.h"
#include "trailhunt/match.h"

namespace trailhunt::filterpattern_internal {

// What a parse accumulates besides the expression.
struct ParseState {
  const filterpattern::ParseOptions* options = nullptr;
  int regex_count = 0;
  std::vector<std::string> fields_read;  // distinct, first use first
};

// Where a bare value ends besides spaces, "&&" and "||": ")" and "}" in a
// JSON pattern, "," and "]" in a space-delimited one.
enum class Context { kJson, kDelimited };

// The leaf flags CloudWatch's documents give every comparison.
match::LeafFlags CloudWatchFlags();

// Parses what follows a selector or field name, `= v`, `!= v`, `< n`,
// `<= n`, `> n`, `>= n`, and in JSON also `IS TRUE|FALSE|NULL` and
// `NOT EXISTS`, into a leaf on `target`. False after s.Fail.
bool ParseCondition(Scanner& s, Context context, const match::Target& target, ParseState& state,
                    match::Expr* out);

// A regex value `%…%` at s.pos(): checks it against CloudWatch's rules
// (its characters, no groups, no multibyte characters, the count) and
// yields the RE2 text. False after s.Fail.
bool ParseRegex(Scanner& s, ParseState& state, std::string* re2);

bool ParseJsonPattern(Scanner& s, ParseState& state, match::Expr* out);
bool ParseTermPattern(Scanner& s, match::Expr* out);
bool ParseDelimitedPattern(Scanner& s, ParseState& state, match::Expr* out);

}  // namespace trailhunt::filterpattern_internal

#endif  // TRAILHUNT_LIB_FILTERPATTERN_FORMS_H_
