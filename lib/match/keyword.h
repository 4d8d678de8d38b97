// Keyword search over a record's raw JSON text, as SPL's bare search terms
// do over _raw.
//
// Splunk matches terms of its index (the event split at breaker
// characters); trailhunt searches the text instead: a match must begin and
// end at a token boundary, that is at the start or end of the text or next
// to a breaker character (either side of the boundary). A pattern that
// begins (ends) with '*' may begin (end) anywhere. A phrase with spaces
// matches as one run. The text is the record's JSON as it arrived, so a
// value written with JSON escapes ("a\/b", "\u00e9") is searched in that
// escaped form.
//
// With major_breakers_only (SPL's TERM(x)) the boundaries are major
// breakers only: the match must be preceded by a major breaker (or the
// start of the text) and followed by one (or the end), so a term containing
// minor breakers ("10.0.0.1") matches only whole, never a part of it.
#ifndef TRAILHUNT_LIB_MATCH_KEYWORD_H_
#define TRAILHUNT_LIB_MATCH_KEYWORD_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "match/wildcard.h"

namespace trailhunt::match_internal {

// Splunk's major and minor breakers.
bool IsBreaker(char c);
// Splunk's major breakers only (whitespace and []<>(){}|!;,'"*&?+).
bool IsMajorBreaker(char c);

class Keyword {
 public:
  static absl::StatusOr<Keyword> Compile(std::string_view pattern, bool case_sensitive,
                                         bool token_boundaries,
                                         bool major_breakers_only = false);
  bool Matches(std::string_view raw) const;

 private:
  explicit Keyword(Wildcard w) : wildcard_(std::move(w)) {}
  Wildcard wildcard_;
  bool token_boundaries_ = true;
  bool major_breakers_only_ = false;
};

}  // namespace trailhunt::match_internal

#endif  // TRAILHUNT_LIB_MATCH_KEYWORD_H_
