// The reading position in a filter pattern and the errors it reports: every
// error names the 1-based column and what was expected there.
#ifndef TRAILHUNT_LIB_FILTERPATTERN_SCANNER_H_
#define TRAILHUNT_LIB_FILTERPATTERN_SCANNER_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "trailhunt/filterpattern.h"

namespace trailhunt::filterpattern_internal {

inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Appends `c` to a canonical wildcard pattern (match.h) as a literal.
inline void AppendLiteral(std::string* pattern, char c) {
  if (c == '*' || c == '?' || c == '\\') pattern->push_back('\\');
  pattern->push_back(c);
}

// A character of a JSON selector's property name: CloudWatch allows
// letters, digits, '-' and '_'.
inline bool IsPropertyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '-';
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::string_view text() const { return text_; }
  size_t pos() const { return pos_; }
  void set_pos(size_t pos) { pos_ = pos; }
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  void advance(size_t n = 1) { pos_ = pos_ + n < text_.size() ? pos_ + n : text_.size(); }

  void SkipSpaces();
  // Consumes `token` when the text continues with it.
  bool Accept(std::string_view token);
  // Consumes `word` when the text continues with it and a character that
  // cannot continue a word (so "IS" does not accept "ISX").
  bool AcceptWord(std::string_view word);

  // What stands at `pos` for an error message: "'&&'", "'x'", "the end of
  // the pattern".
  std::string DescribeAt(size_t pos) const;

  // Records the first error (later ones are consequences) and returns false.
  bool Fail(size_t pos, std::string message);
  // "expected <what>, found <DescribeAt(pos)>".
  bool Expected(size_t pos, std::string_view what);
  bool failed() const { return failed_; }
  const filterpattern::SyntaxError& error() const { return error_; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  bool failed_ = false;
  filterpattern::SyntaxError error_;
};

}  // namespace trailhunt::filterpattern_internal

#endif  // TRAILHUNT_LIB_FILTERPATTERN_SCANNER_H_
