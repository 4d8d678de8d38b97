#include "sigma/yaml_nesting.h"

#include <vector>

namespace trailhunt::sigma_internal {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// A quote opens a quoted scalar only where a token may start; elsewhere
// (`it's`) it is part of a plain scalar.
bool QuoteMayStart(std::string_view line, size_t i) {
  if (i == 0) return true;
  const char p = line[i - 1];
  return IsBlank(p) || p == '[' || p == '{' || p == ',';
}

// `|` or `>` (with optional indentation / chomping indicators) ending the
// line, after a blank: the lines that follow are a block scalar's content.
bool IsBlockScalarIndicator(std::string_view line, size_t i) {
  if (i > 0 && !IsBlank(line[i - 1])) return false;
  size_t j = i + 1;
  while (j < line.size() && (line[j] == '+' || line[j] == '-' || (line[j] >= '0' && line[j] <= '9'))) {
    ++j;
  }
  while (j < line.size() && IsBlank(line[j])) ++j;
  return j == line.size() || line[j] == '#';
}

}  // namespace

NestingFault FindNestingBeyond(std::string_view text, int max_depth) {
  NestingFault fault;
  std::vector<size_t> indents;  // open block levels
  int flow_depth = 0;
  int block_depth = 0;
  char quote = 0;
  long block_scalar_parent = -1;  // indentation of the line that opened one
  int line_no = 0;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    size_t i = 0;
    const bool structural = quote == 0 && flow_depth == 0;
    if (structural) {
      size_t indent = 0;
      while (indent < line.size() && line[indent] == ' ') ++indent;
      const std::string_view rest = line.substr(indent);
      bool skip = false;
      if (block_scalar_parent >= 0) {
        if (rest.empty() || static_cast<long>(indent) > block_scalar_parent) {
          skip = true;
        } else {
          block_scalar_parent = -1;
        }
      }
      if (!skip && (rest.empty() || rest[0] == '#')) skip = true;
      if (skip) {
        if (end == text.size()) break;
        start = end + 1;
        continue;
      }
      if (indent == 0 && (rest.substr(0, 3) == "---" || rest.substr(0, 3) == "...")) {
        indents.clear();
      }
      while (!indents.empty() && indents.back() >= indent) indents.pop_back();
      indents.push_back(indent);
      block_depth = static_cast<int>(indents.size());
      // Compact nested entries on one line ("- - - x", "? - x") are one
      // level each.
      if (block_depth > max_depth) {
        fault = {true, line_no, static_cast<int>(indent) + 1};
        return fault;
      }
      i = indent;
      while (i < line.size() && (line[i] == '-' || line[i] == '?') &&
             (i + 1 == line.size() || IsBlank(line[i + 1]))) {
        if (++block_depth > max_depth) {
          fault = {true, line_no, static_cast<int>(i) + 1};
          return fault;
        }
        i += 1;
        while (i < line.size() && IsBlank(line[i])) ++i;
      }
    }
    for (; i < line.size(); ++i) {
      const char c = line[i];
      if (quote == '\'') {
        if (c == '\'') {
          if (i + 1 < line.size() && line[i + 1] == '\'') {
            ++i;
          } else {
            quote = 0;
          }
        }
        continue;
      }
      if (quote == '"') {
        if (c == '\\') {
          ++i;
        } else if (c == '"') {
          quote = 0;
        }
        continue;
      }
      if (c == '#' && (i == 0 || IsBlank(line[i - 1]))) break;
      if ((c == '\'' || c == '"') && QuoteMayStart(line, i)) {
        quote = c;
        continue;
      }
      if (c == '[' || c == '{') {
        ++flow_depth;
        if (flow_depth + block_depth > max_depth) {
          fault = {true, line_no, static_cast<int>(i) + 1};
          return fault;
        }
      } else if (c == ']' || c == '}') {
        if (flow_depth > 0) --flow_depth;
      } else if (flow_depth == 0 && quote == 0 && (c == '|' || c == '>') &&
                 IsBlockScalarIndicator(line, i)) {
        size_t indent = 0;
        while (indent < line.size() && line[indent] == ' ') ++indent;
        block_scalar_parent = static_cast<long>(indent);
        break;
      }
    }
    if (end == text.size()) break;
    start = end + 1;
  }
  return fault;
}

}  // namespace trailhunt::sigma_internal
