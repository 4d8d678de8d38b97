// The `condition` grammar, over the search identifiers of one document:
//
//   condition := or
//   or        := and ('or' and)*
//   and       := not ('and' not)*
//   not       := 'not' not | quantified
//   quantified:= ('1' | 'all') 'of' (pattern | 'them') | primary
//   primary   := '(' or ')' | identifier
//
// Precedence, loosest first: or, and, not, x of, parentheses (the
// specification). `them` is every identifier not starting with '_'; a
// pattern matches identifier names with '*' wildcards. A YAML list of
// conditions is their OR. The obsolete in-condition aggregations
// (`| count() > 5`) and `near` are errors that point to correlation rules.
// Errors carry the line and column of the token inside the condition text.
#ifndef TRAILHUNT_LIB_SIGMA_CONDITION_H_
#define TRAILHUNT_LIB_SIGMA_CONDITION_H_

#include <cstddef>
#include <vector>

#include "sigma/detection.h"
#include "sigma/report.h"
#include "sigma/yaml_reader.h"
#include "trailhunt/match.h"

namespace trailhunt::sigma_internal {

// Most Expr nodes one document's condition may expand to (each reference
// to an identifier copies its expression).
inline constexpr size_t kMaxRuleExprNodes = 200000;
// Longest condition text read (real ones are a line or two).
inline constexpr size_t kMaxConditionBytes = 16384;
// Deepest nesting of parentheses and 'not's in a condition.
inline constexpr int kMaxConditionDepth = 64;

bool BuildCondition(const YamlNode& condition, const std::vector<SearchIdentifier>& identifiers,
                    Report& report, match::Expr* out);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_CONDITION_H_
