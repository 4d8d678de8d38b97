// `rex` and `regex`: Splunk (PCRE) spelling translated to RE2 once, at
// compile time, so `(?<name>...)` works and a construct RE2 lacks
// (lookaround, backreferences) is an error naming it.
#ifndef TRAILHUNT_LIB_QUERY_REX_H_
#define TRAILHUNT_LIB_QUERY_REX_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "trailhunt/spl.h"
#include "trailhunt/value.h"

namespace re2 {
class RE2;
}

namespace trailhunt::query_internal {

// A compiled pattern; immutable, shared by every partial.
class Regex {
 public:
  // Errors read "line L, column C: <command>: ..." at `pos`.
  static absl::StatusOr<std::shared_ptr<const Regex>> Compile(std::string_view pattern,
                                                              const spl::SourcePos& pos,
                                                              std::string_view command);
  ~Regex();

  // Capture group names in group order (unnamed groups are skipped).
  const std::vector<std::string>& names() const { return names_; }

  // Unanchored search.
  bool PartialMatch(std::string_view text) const;
  // Fills `out[i]` (one per name) with the groups of the first `max_match`
  // matches (0 = all): a single match gives plain strings, several a
  // multivalue. A group that never matched is Missing.
  void Extract(std::string_view text, int64_t max_match, std::vector<Value>& out) const;

 private:
  Regex() = default;
  std::unique_ptr<re2::RE2> re_;
  std::vector<std::string> names_;
  std::vector<int> groups_;  // names_[i] is capture group groups_[i]
};

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_REX_H_
