// A canonical wildcard pattern (match.h: '*', '?', '\' escapes), split once
// into literal / star / one-code-point tokens, with fast paths for the
// shapes rules mostly use: no wildcard (equality), "*x*" (substring),
// "x*" (prefix), "*x" (suffix).
#ifndef TRAILHUNT_LIB_MATCH_WILDCARD_H_
#define TRAILHUNT_LIB_MATCH_WILDCARD_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace trailhunt::match_internal {

class Wildcard {
 public:
  // A pattern ending in a lone '\' is an error when `strict`, else the
  // backslash is taken literally.
  static absl::StatusOr<Wildcard> Compile(std::string_view pattern, bool case_sensitive,
                                          bool strict = true);

  // The whole of `text` matches.
  bool Matches(std::string_view text) const;

  // Matches a run of `text` that begins at `start` and ends at a position
  // `end_ok` accepts. Greedy with backtracking to the last star only, so
  // the cost is O(|text| * |pattern|) at worst, never exponential.
  bool MatchAt(std::string_view text, size_t start,
               bool (*end_ok)(std::string_view text, size_t end)) const;

  bool starts_with_star() const { return !tokens_.empty() && tokens_.front().kind == Token::kStar; }
  bool ends_with_star() const { return !tokens_.empty() && tokens_.back().kind == Token::kStar; }
  // The literal the pattern begins with ("" when it begins with a wildcard).
  std::string_view leading_literal() const;
  bool case_sensitive() const { return case_sensitive_; }

 private:
  struct Token {
    enum Kind : uint8_t { kLiteral, kStar, kOne };
    Kind kind;
    uint32_t begin = 0;  // kLiteral: offset in literals_
    uint32_t size = 0;
  };
  enum class Shape : uint8_t { kEquals, kContains, kPrefix, kSuffix, kAnything, kGeneral };

  std::string_view Literal(const Token& t) const {
    return std::string_view(literals_).substr(t.begin, t.size);
  }

  std::string literals_;  // unescaped, folded when !case_sensitive_
  std::vector<Token> tokens_;
  Shape shape_ = Shape::kEquals;
  bool case_sensitive_ = false;
};

}  // namespace trailhunt::match_internal

#endif  // TRAILHUNT_LIB_MATCH_WILDCARD_H_
