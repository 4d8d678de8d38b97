#include <charconv>
#include <string>

#include "absl/status/status.h"
#include "trailhunt/path.h"

namespace trailhunt {
namespace {

absl::Status PathError(std::string_view text, size_t pos, std::string_view what) {
  return absl::InvalidArgumentError("field path '" + std::string(text) +
                                    "', column " + std::to_string(pos + 1) +
                                    ": " + std::string(what));
}

bool IsKeyChar(char c) { return c != '.' && c != '{' && c != '[' && c != '}' && c != ']'; }

}  // namespace

absl::StatusOr<FieldPath> FieldPath::Parse(std::string_view text) {
  return Parse(text, PathOptions());
}

absl::StatusOr<FieldPath> FieldPath::Parse(std::string_view text, PathOptions options) {
  FieldPath path;
  path.implicit_arrays_ = options.implicit_arrays;
  path.multivalue_ = options.implicit_arrays;
  path.text_ = std::string(text);
  size_t i = 0;
  if (HasDollarPrefix(text)) {
    i = 2;
  } else if (text == "$") {
    return PathError(text, 1, "expected a key after '$'");
  }
  if (i >= text.size()) return PathError(text, i, "expected a field name");
  bool need_key = true;  // at the start and after '.'
  while (i < text.size()) {
    const char c = text[i];
    if (c == '{' || c == '[') {
      if (need_key && path.steps_.empty() && c == '{') {
        return PathError(text, i, "expected a field name before '{'");
      }
      const char close = c == '{' ? '}' : ']';
      size_t j = i + 1;
      if (c == '[' && j < text.size() && (text[j] == '"' || text[j] == '\'')) {
        // ["quoted key"] or ['quoted key']: a key that may hold dots.
        const char quote = text[j];
        size_t end = text.find(quote, j + 1);
        if (end == std::string_view::npos) return PathError(text, j, "unterminated quoted key");
        if (end + 1 >= text.size() || text[end + 1] != ']') return PathError(text, end + 1, "expected ']'");
        PathStep step;
        step.kind = PathStep::Kind::kKey;
        step.key = std::string(text.substr(j + 1, end - j - 1));
        path.steps_.push_back(std::move(step));
        i = end + 2;
        need_key = false;
        continue;
      }
      size_t end = text.find(close, j);
      if (end == std::string_view::npos) {
        return PathError(text, i, std::string("expected '") + close + "'");
      }
      std::string_view inside = text.substr(j, end - j);
      PathStep step;
      if (inside.empty() || inside == "*") {
        step.kind = PathStep::Kind::kAll;
        path.multivalue_ = true;
      } else {
        int64_t index = 0;
        auto res = std::from_chars(inside.data(), inside.data() + inside.size(), index);
        if (res.ec != std::errc() || res.ptr != inside.data() + inside.size()) {
          return PathError(text, j, "expected an array index, '*' or nothing inside brackets");
        }
        step.kind = PathStep::Kind::kIndex;
        step.index = index;
      }
      path.steps_.push_back(std::move(step));
      i = end + 1;
      need_key = false;
      continue;
    }
    if (c == '.') {
      if (need_key) return PathError(text, i, "expected a field name before '.'");
      need_key = true;
      ++i;
      if (i >= text.size()) return PathError(text, i, "expected a field name after '.'");
      continue;
    }
    if (c == '}' || c == ']') return PathError(text, i, std::string("unexpected '") + c + "'");
    if (!need_key) return PathError(text, i, "expected '.', '{' or '['");
    size_t j = i;
    while (j < text.size() && IsKeyChar(text[j])) ++j;
    PathStep step;
    step.kind = PathStep::Kind::kKey;
    step.key = std::string(text.substr(i, j - i));
    path.steps_.push_back(std::move(step));
    need_key = false;
    i = j;
  }
  return path;
}

std::string_view FieldPath::root_key() const {
  if (steps_.empty() || steps_[0].kind != PathStep::Kind::kKey) return {};
  return steps_[0].key;
}

}  // namespace trailhunt
