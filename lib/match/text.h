// ASCII case folding and searching shared by the match leaves. Folding is
// ASCII only: CloudTrail's names, codes and addresses are ASCII, and full
// Unicode case folding would cost an allocation per comparison.
#ifndef TRAILHUNT_LIB_MATCH_TEXT_H_
#define TRAILHUNT_LIB_MATCH_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "trailhunt/value.h"

namespace trailhunt::match_internal {

// The text a leaf compares for one item (Value::ToDisplayString without
// allocating: numbers are formatted into `buf`); "" for a missing value or
// a nested multivalue. The rule index reads exactly what evaluation reads.
std::string_view ItemText(const Value& v, char (&buf)[32]);

inline char FoldAscii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string FoldedCopy(std::string_view s);

// True when `text` equals `needle`; with !case_sensitive, `needle` must be
// folded already and `text` is folded on the fly.
bool EqualsAt(std::string_view text, size_t pos, std::string_view needle, bool case_sensitive);
inline bool Equals(std::string_view text, std::string_view needle, bool case_sensitive) {
  return text.size() == needle.size() && EqualsAt(text, 0, needle, case_sensitive);
}

// First position >= from where `needle` occurs, or npos (same folding rule).
size_t Find(std::string_view text, std::string_view needle, size_t from, bool case_sensitive);

// Byte-order comparison (<0, 0, >0); !case_sensitive folds both sides.
int CompareText(std::string_view a, std::string_view b, bool case_sensitive);

// Bytes in the UTF-8 sequence that starts with `lead` (1 for a stray
// continuation byte, so a scan always advances).
inline size_t Utf8Length(unsigned char lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

}  // namespace trailhunt::match_internal

#endif  // TRAILHUNT_LIB_MATCH_TEXT_H_
