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
// Implicit arrays (opt-in, PathOptions::implicit_arrays; what Sigma's plain
// dotted names need): a key step that meets an array applies to every
// element (an element that is itself an array is descended too), and the
// values found are collected as `{}` collects them: one value is itself,
// several are a multivalue, none is Missing. A path that ends on an array
// yields its elements, nested arrays flattened, as `a{}` would (objects among
// them as their compact JSON text); an empty array therefore yields Missing,
// exactly as `a{}` on an empty array does. Objects and scalars read as in the
// default mode (an object is its compact JSON text), and explicit `{}` and
// `[n]` steps work as usual. So `requestParameters.ipPermissions.items.
// ipRanges.items.cidrIp` reads every cidrIp, and `requestParameters.
// instanceIds` holding ["i-1","i-2"] reads the multivalue i-1, i-2 (so "any
// element matches"), never the array's JSON text.
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

struct PathOptions {
  // Key steps traverse arrays and a path ending on an array yields its
  // elements (see the comment at the top).
  bool implicit_arrays = false;
};

// True when `name` starts with the JSONPath-style "$." (a CloudWatch
// selector's spelling), and `name` without it.
inline bool HasDollarPrefix(std::string_view name) { return name.substr(0, 2) == "$."; }
inline std::string_view WithoutDollarPrefix(std::string_view name) {
  return HasDollarPrefix(name) ? name.substr(2) : name;
}

class FieldPath {
 public:
  // Errors name the 1-based column and what was expected.
  static absl::StatusOr<FieldPath> Parse(std::string_view text);
  static absl::StatusOr<FieldPath> Parse(std::string_view text, PathOptions options);

  const std::vector<PathStep>& steps() const { return steps_; }
  const std::string& text() const { return text_; }
  // True when the path can yield several values (it has a `{}` step, or it
  // reads implicit arrays).
  bool is_multivalue() const { return multivalue_; }
  // True when parsed with PathOptions::implicit_arrays.
  bool implicit_arrays() const { return implicit_arrays_; }
  // The first step's key, or "" when the path starts with an index.
  std::string_view root_key() const;

 private:
  std::vector<PathStep> steps_;
  std::string text_;
  bool multivalue_ = false;
  bool implicit_arrays_ = false;
};

}  // namespace trailhunt

#endif  // TRAILHUNT_PATH_H_
