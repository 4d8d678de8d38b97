#include "filterpattern/scanner.h"

namespace trailhunt::filterpattern_internal {
namespace {

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

void Scanner::SkipSpaces() {
  while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
}

bool Scanner::Accept(std::string_view token) {
  if (text_.substr(pos_, token.size()) != token) return false;
  pos_ += token.size();
  return true;
}

bool Scanner::AcceptWord(std::string_view word) {
  if (text_.substr(pos_, word.size()) != word) return false;
  const size_t end = pos_ + word.size();
  if (end < text_.size() && IsWordChar(text_[end])) return false;
  pos_ = end;
  return true;
}

std::string Scanner::DescribeAt(size_t pos) const {
  if (pos >= text_.size()) return "the end of the pattern";
  const std::string_view rest = text_.substr(pos);
  for (std::string_view two : {"&&", "||", "!=", "<=", ">="}) {
    if (rest.substr(0, 2) == two) return "'" + std::string(two) + "'";
  }
  const unsigned char c = static_cast<unsigned char>(rest[0]);
  if (c < 0x20 || c >= 0x7f) return "byte 0x" + std::string(1, "0123456789abcdef"[c >> 4]) +
                                     std::string(1, "0123456789abcdef"[c & 15]);
  return "'" + std::string(1, rest[0]) + "'";
}

bool Scanner::Fail(size_t pos, std::string message) {
  if (!failed_) {
    failed_ = true;
    error_.column = static_cast<int>(pos) + 1;
    error_.message = std::move(message);
  }
  return false;
}

bool Scanner::Expected(size_t pos, std::string_view what) {
  return Fail(pos, "expected " + std::string(what) + ", found " + DescribeAt(pos));
}

}  // namespace trailhunt::filterpattern_internal
