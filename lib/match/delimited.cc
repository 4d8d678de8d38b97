#include "match/delimited.h"

namespace trailhunt::match_internal {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// Reads the field that starts at or after `*pos`, advancing past it. A field
// that opens with '"' runs to the next '"', one that opens with '[' to the
// next ']' (an unclosed one runs to the end); either then runs on to the
// next space, so `"a b"c` stays one field. False when no field is left.
bool NextField(std::string_view text, size_t* pos, std::string_view* field) {
  size_t i = *pos;
  while (i < text.size() && IsSpace(text[i])) ++i;
  if (i >= text.size()) return false;
  const size_t start = i;
  char close = 0;
  if (text[i] == '"') close = '"';
  if (text[i] == '[') close = ']';
  if (close != 0) {
    const size_t end = text.find(close, i + 1);
    if (end != std::string_view::npos) {
      *field = text.substr(i + 1, end - i - 1);
      i = end + 1;
      while (i < text.size() && !IsSpace(text[i])) ++i;
      *pos = i;
      return true;
    }
  }
  while (i < text.size() && !IsSpace(text[i])) ++i;
  *field = text.substr(start, i - start);
  *pos = i;
  return true;
}

}  // namespace

size_t CountDelimitedFields(std::string_view text) {
  size_t n = 0;
  size_t pos = 0;
  std::string_view field;
  while (NextField(text, &pos, &field)) ++n;
  return n;
}

bool DelimitedField(std::string_view text, int32_t position, std::string_view* field) {
  int64_t wanted = position;
  if (wanted < 0) wanted += static_cast<int64_t>(CountDelimitedFields(text));
  if (wanted < 0) return false;
  size_t pos = 0;
  for (int64_t i = 0;; ++i) {
    if (!NextField(text, &pos, field)) return false;
    if (i == wanted) return true;
  }
}

}  // namespace trailhunt::match_internal
