// The values of one selection entry (`field|modifiers: value or list`), or
// of a keyword search, turned into predicate leaves: the modifier chain is
// applied to each written value in order (placeholder expansion, wildcard
// modifiers, encodings, windash), and the result becomes one leaf per
// alternative:
//   - text without wildcards -> kCompare = (the rule index keys on these),
//   - text with wildcards    -> kWildcard (canonical syntax),
//   - keywords               -> kKeyword `*text*` over the raw record,
//   - re, cidr, exists, null, gt/gte/lt/lte, neq, fieldref -> their leaves.
// Alternatives of one written value are OR'ed; written values are OR'ed, or
// AND'ed with `all` (and for `neq`: the field differs from every value).
#ifndef TRAILHUNT_LIB_SIGMA_VALUES_H_
#define TRAILHUNT_LIB_SIGMA_VALUES_H_

#include <cstddef>

#include "sigma/modifiers.h"
#include "sigma/report.h"
#include "sigma/yaml_reader.h"
#include "trailhunt/match.h"
#include "trailhunt/sigma.h"

namespace trailhunt::sigma_internal {

// Most alternatives one written value may expand into (windash spellings,
// base64 offsets, placeholder values, all multiplied).
inline constexpr size_t kMaxAlternatives = 4096;

// `value` is a scalar, null or a list. With an empty spec.field the values
// are keywords searched in the whole record.
bool BuildValuesExpr(const FieldSpec& spec, const YamlNode& value, const LoadOptions& options,
                     Report& report, match::Expr* out);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_VALUES_H_
