// File: value_text.h
// Values as correlations compare them: by their text, so that the number 1
// and the string "1" (the same field read through two rules' aliases) are
// one group and one distinct value.
#ifndef TRAILHUNT_LIB_CORRELATE_VALUE_TEXT_H_
#define TRAILHUNT_LIB_CORRELATE_VALUE_TEXT_H_

#include <string>
#include <vector>

#include "trailhunt/value.h"

namespace trailhunt::correlate_internal {

// Appends the text a value is compared by: strings, raw number text and
// objects as they are, other numbers in shortest round-trip form, booleans
// as true/false, a multivalue as its JSON array. False, appending nothing,
// for Missing and JSON null, which have no value to count.
bool AppendValueText(const Value& value, std::string* out);

// Appends one key for a group's values, in an encoding that is injective and
// whose byte order is the order of the values: component by component, a
// missing value first, then JSON null, then values by their text. Reusing
// `out` keeps the per-event cost free of allocations once it is warm.
void AppendGroupKey(const std::vector<Value>& values, std::string* out);

}  // namespace trailhunt::correlate_internal

#endif  // TRAILHUNT_LIB_CORRELATE_VALUE_TEXT_H_
