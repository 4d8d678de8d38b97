// File: path.h
// Field paths: how every rule language names a place in a record.
//
//   a.b.c                     nested keys
//   a.items{}.id              Splunk multivalue: every element of the array
//   a.items[0].id  a{0}.id    one element, 0-based (negative counts from the end)
//   $.a.b                     JSONPath-style prefix, ignored
//   a["key.with.dots"].b      a quoted key
//
// At run time a key step also matches a flat key that itself contains dots
// ("additionalEventData.MFAIdentifier" inside OCSF `unmapped`): at each
// object the longest run of remaining steps joined by '.' that names a key
// wins, then shorter runs, down to the single step.
//
// Thread-safety: FieldPath is immutable after Parse.
#ifndef TRAILHUNT_PATH_H_
#define TRAILHUNT_PATH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace trailhunt {

struct PathStep {
  enum class Kind : uint8_t { kKey, kIndex, kAll };
  Kind kind = Kind::kKey;
  std::string key;    // kKey
  int64_t index = 0;  // kIndex
};

class FieldPath {
 public:
  // Errors name the 1-based column and what was expected.
  static absl::StatusOr<FieldPath> Parse(std::string_view text);

  const std::vector<PathStep>& steps() const { return steps_; }
  const std::string& text() const { return text_; }
  // True when the path can yield several values (it has a `{}` step).
  bool is_multivalue() const { return multivalue_; }
  // The first step's key, or "" when the path starts with an index.
  std::string_view root_key() const;

 private:
  std::vector<PathStep> steps_;
  std::string text_;
  bool multivalue_ = false;
};

}  // namespace trailhunt

#endif  // TRAILHUNT_PATH_H_
