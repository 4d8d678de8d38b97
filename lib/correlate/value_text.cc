#include "correlate/value_text.h"

#include <cstring>
#include <string_view>

namespace trailhunt::correlate_internal {
namespace {

// Component classes, in the order keys sort.
constexpr char kMissingClass = '\x01';
constexpr char kNullClass = '\x02';
constexpr char kTextClass = '\x03';

// Escapes NUL as "\0\x01" so that "\0\0" can end a component: the encoding
// stays injective and sorts a component that is a prefix of another first.
void AppendEscaped(std::string_view text, std::string* out) {
  while (!text.empty()) {
    const void* nul = std::memchr(text.data(), '\0', text.size());
    if (nul == nullptr) {
      out->append(text);
      return;
    }
    const size_t at = static_cast<size_t>(static_cast<const char*>(nul) - text.data());
    out->append(text.data(), at + 1);
    out->push_back('\x01');
    text.remove_prefix(at + 1);
  }
}

}  // namespace

bool AppendValueText(const Value& value, std::string* out) {
  switch (value.kind()) {
    case Value::Kind::kMissing:
    case Value::Kind::kNull:
      return false;
    case Value::Kind::kString:
    case Value::Kind::kNumberText:
    case Value::Kind::kJson:
      out->append(value.text());
      return true;
    case Value::Kind::kBool:
    case Value::Kind::kInt:
    case Value::Kind::kDouble:
    case Value::Kind::kMulti:
      // Bool, int and double render as they display; a multivalue keeps its
      // items apart (display text would join them with '\n', equal to a
      // string holding a newline).
      value.AppendJson(*out);
      return true;
  }
  return false;
}

void AppendGroupKey(const std::vector<Value>& values, std::string* out) {
  for (const Value& value : values) {
    if (value.is_missing()) {
      out->push_back(kMissingClass);
    } else if (value.is_null()) {
      out->push_back(kNullClass);
    } else {
      out->push_back(kTextClass);
      if (value.is_string() || value.kind() == Value::Kind::kNumberText ||
          value.kind() == Value::Kind::kJson) {
        AppendEscaped(value.text(), out);
      } else {
        // Rendered numbers and booleans hold no NUL and JSON escapes it, but
        // a multivalue may carry raw object text: escape what was rendered.
        const size_t start = out->size();
        AppendValueText(value, out);
        for (size_t i = start; i < out->size(); ++i) {
          if ((*out)[i] == '\0') out->insert(++i, 1, '\x01');
        }
      }
    }
    out->push_back('\0');
    out->push_back('\0');
  }
}

}  // namespace trailhunt::correlate_internal
