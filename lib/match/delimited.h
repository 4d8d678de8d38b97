// Space-delimited fields of a record's text, as CloudWatch Logs splits a
// log event for a `[a, b, ...]` filter pattern (Target::delimited).
#ifndef TRAILHUNT_LIB_MATCH_DELIMITED_H_
#define TRAILHUNT_LIB_MATCH_DELIMITED_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace trailhunt::match_internal {

// The number of fields in `text`.
size_t CountDelimitedFields(std::string_view text);

// The field at `position` (>= 0 from the first, < 0 from the last) without
// its enclosing quotes or brackets; false when `text` has no such field.
bool DelimitedField(std::string_view text, int32_t position, std::string_view* field);

}  // namespace trailhunt::match_internal

#endif  // TRAILHUNT_LIB_MATCH_DELIMITED_H_
