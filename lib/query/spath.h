// `spath`: extract a path from JSON text held in a field (a policy document
// stored as a JSON string inside requestParameters, an object captured as
// JSON text). Path syntax is Splunk's: `a.b{}.c` takes every element of an
// array (a multivalue when there are several), `a{1}` one element, 0-based
// for JSON as Splunk's SPL2 spath examples show (`cooperative{1}` is the
// second element); a negative index counts from the end.
#ifndef TRAILHUNT_LIB_QUERY_SPATH_H_
#define TRAILHUNT_LIB_QUERY_SPATH_H_

#include <memory>
#include <string_view>

#include "trailhunt/path.h"
#include "trailhunt/value.h"

namespace trailhunt::query_internal {

// Owns a reusable JSON parser: one per partial, never shared.
class SpathExtractor {
 public:
  // Documents nested deeper than `max_depth` yield Missing.
  explicit SpathExtractor(size_t max_depth);
  ~SpathExtractor();
  SpathExtractor(const SpathExtractor&) = delete;
  SpathExtractor& operator=(const SpathExtractor&) = delete;

  // Missing when `json` is not valid JSON or the path finds nothing.
  Value Extract(std::string_view json, const FieldPath& path);

 private:
  struct Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_SPATH_H_
