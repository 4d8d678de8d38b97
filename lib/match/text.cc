#include "match/text.h"

#include <charconv>
#include <cstring>

namespace trailhunt::match_internal {

std::string FoldedCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = FoldAscii(c);
  return out;
}

bool EqualsAt(std::string_view text, size_t pos, std::string_view needle, bool case_sensitive) {
  if (pos > text.size() || text.size() - pos < needle.size()) return false;
  const char* t = text.data() + pos;
  if (case_sensitive) return std::memcmp(t, needle.data(), needle.size()) == 0;
  for (size_t i = 0; i < needle.size(); ++i) {
    if (FoldAscii(t[i]) != needle[i]) return false;
  }
  return true;
}

size_t Find(std::string_view text, std::string_view needle, size_t from, bool case_sensitive) {
  if (from > text.size()) return std::string_view::npos;
  if (case_sensitive) return text.find(needle, from);
  if (needle.empty()) return from;
  if (text.size() - from < needle.size()) return std::string_view::npos;
  const char first = needle[0];
  const size_t last = text.size() - needle.size();
  for (size_t i = from; i <= last; ++i) {
    if (FoldAscii(text[i]) == first && EqualsAt(text, i, needle, false)) return i;
  }
  return std::string_view::npos;
}

int CompareText(std::string_view a, std::string_view b, bool case_sensitive) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char x = static_cast<unsigned char>(case_sensitive ? a[i] : FoldAscii(a[i]));
    unsigned char y = static_cast<unsigned char>(case_sensitive ? b[i] : FoldAscii(b[i]));
    if (x != y) return x < y ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

std::string_view ItemText(const Value& v, char (&buf)[32]) {
  switch (v.kind()) {
    case Value::Kind::kNull: return "null";
    case Value::Kind::kBool: return v.bool_value() ? "true" : "false";
    case Value::Kind::kInt: {
      auto r = std::to_chars(buf, buf + sizeof(buf), v.int_value());
      return std::string_view(buf, static_cast<size_t>(r.ptr - buf));
    }
    case Value::Kind::kDouble: {
      auto r = std::to_chars(buf, buf + sizeof(buf), v.double_value());
      return std::string_view(buf, static_cast<size_t>(r.ptr - buf));
    }
    case Value::Kind::kNumberText:
    case Value::Kind::kString:
    case Value::Kind::kJson: return v.text();
    default: return {};
  }
}

}  // namespace trailhunt::match_internal
