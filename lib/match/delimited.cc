#include "match/delimited.h"

namespace trailhunt::match_internal {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// Walks the fields of a text once. A field that opens with '"' runs to the
// next '"', one that opens with '[' to the next ']' (an unclosed one is an
// ordinary field, up to the next space); either then runs on to the next
// space, and what follows the closing character is not part of the field.
// Once no closer is found after some position, none is looked for again
// before it: a text of many unclosed '[' stays linear, not quadratic.
class FieldWalker {
 public:
  explicit FieldWalker(std::string_view text) : text_(text) {}

  // The next field, or false when none is left.
  bool Next(std::string_view* field) {
    size_t i = pos_;
    while (i < text_.size() && IsSpace(text_[i])) ++i;
    if (i >= text_.size()) return false;
    const size_t start = i;
    const char open = text_[i];
    if (open == '"' || open == '[') {
      const size_t end = Closer(open == '"' ? '"' : ']', i + 1);
      if (end != std::string_view::npos) {
        *field = text_.substr(i + 1, end - i - 1);
        i = end + 1;
        while (i < text_.size() && !IsSpace(text_[i])) ++i;
        pos_ = i;
        return true;
      }
    }
    while (i < text_.size() && !IsSpace(text_[i])) ++i;
    *field = text_.substr(start, i - start);
    pos_ = i;
    return true;
  }

 private:
  size_t Closer(char close, size_t from) {
    size_t& none_from = close == '"' ? no_quote_from_ : no_bracket_from_;
    if (from >= none_from) return std::string_view::npos;
    const size_t at = text_.find(close, from);
    if (at == std::string_view::npos) none_from = from;
    return at;
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t no_quote_from_ = std::string_view::npos;
  size_t no_bracket_from_ = std::string_view::npos;
};

}  // namespace

size_t CountDelimitedFields(std::string_view text) {
  FieldWalker walker(text);
  size_t n = 0;
  std::string_view field;
  while (walker.Next(&field)) ++n;
  return n;
}

bool DelimitedField(std::string_view text, int32_t position, std::string_view* field) {
  int64_t wanted = position;
  if (wanted < 0) wanted += static_cast<int64_t>(CountDelimitedFields(text));
  if (wanted < 0) return false;
  FieldWalker walker(text);
  for (int64_t i = 0;; ++i) {
    if (!walker.Next(field)) return false;
    if (i == wanted) return true;
  }
}

}  // namespace trailhunt::match_internal
