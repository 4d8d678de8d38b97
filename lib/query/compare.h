// Splunk's ordering of values, shared by sort, stats group order, values(),
// min/max and top: decided per pair, numeric when both values are numbers,
// IP order when both are IPv4 addresses (for sort's auto/ip), else UTF-8
// byte order (uppercase before lowercase).
#ifndef TRAILHUNT_LIB_QUERY_COMPARE_H_
#define TRAILHUNT_LIB_QUERY_COMPARE_H_

#include "trailhunt/spl.h"
#include "trailhunt/value.h"

namespace trailhunt::query_internal {

// <0, 0, >0. Missing sorts after every value (the caller flips for
// descending, so a missing field is "largest" ascending and "smallest"
// descending, as Splunk's sort documents). A multivalue compares by its
// first item.
int CompareValues(const Value& a, const Value& b,
                  spl::SortKey::As as = spl::SortKey::As::kAuto);

// Orders tuples of group keys field by field with CompareValues.
int CompareKeys(const std::vector<Value>& a, const std::vector<Value>& b);

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_COMPARE_H_
