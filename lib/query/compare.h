// Splunk's ordering of values, shared by sort, stats group order, values(),
// min/max and top: decided per pair, numeric when both values are numbers,
// IP order when both are IPv4 addresses (for sort's auto/ip), else UTF-8
// byte order (uppercase before lowercase).
#ifndef TRAILHUNT_LIB_QUERY_COMPARE_H_
#define TRAILHUNT_LIB_QUERY_COMPARE_H_

#include <cstdint>
#include <vector>

#include "trailhunt/spl.h"
#include "trailhunt/value.h"

namespace trailhunt::query_internal {

// A value read as a number the way eval arithmetic, stats and sort read it:
// integers stay exact (an int64 JSON number, or text that is entirely an
// integer in range), everything else Value::AsNumber accepts is a double.
struct Number {
  bool is_int = false;
  int64_t i = 0;
  double d = 0;  // also set when is_int
};
bool ToNumber(const Value& value, Number* out);
// Exact, also between an int64 and a double beyond 2^53.
int CompareNumbers(const Number& a, const Number& b);

// <0, 0, >0. The order is total (a strict weak ordering, so std::sort may
// use it): Splunk decides per pair, which is not transitive when numbers,
// addresses and text mix ("10a" < "9" < "10" < "10a"), so a mixed pair
// orders by class instead: numbers, then IPv4 addresses, then other text.
// Pairs of one class behave as Splunk documents. JSON null sorts with
// Missing. Missing sorts after every value (the caller flips for
// descending, so a missing field is "largest" ascending and "smallest"
// descending, as Splunk's sort documents). A multivalue compares by its
// first item.
int CompareValues(const Value& a, const Value& b,
                  spl::SortKey::As as = spl::SortKey::As::kAuto);

// Orders tuples of group keys field by field with CompareValues.
int CompareKeys(const std::vector<Value>& a, const std::vector<Value>& b);

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_COMPARE_H_
