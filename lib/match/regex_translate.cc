// Splunk writes PCRE; RE2 accepts most of it. This pass rewrites the one
// spelling that differs but means the same ((?<name>...)) and names every
// construct RE2 cannot run, instead of letting RE2 report a bare "invalid
// perl operator" or "invalid escape".
#include <string>

#include "absl/status/status.h"
#include "trailhunt/match.h"

namespace trailhunt::match {
namespace {

absl::Status Unsupported(std::string_view what, std::string_view construct, size_t at) {
  return absl::InvalidArgumentError(std::string(what) + " '" + std::string(construct) +
                                    "' at character " + std::to_string(at + 1) +
                                    " is not supported by RE2");
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Length of a {n}, {n,} or {n,m} repetition starting at `i`, else 0 (PCRE
// then reads '{' as a literal).
size_t RepetitionLength(std::string_view p, size_t i) {
  size_t j = i + 1;
  const size_t digits_start = j;
  while (j < p.size() && IsDigit(p[j])) ++j;
  if (j == digits_start) return 0;
  if (j < p.size() && p[j] == ',') {
    ++j;
    while (j < p.size() && IsDigit(p[j])) ++j;
  }
  if (j < p.size() && p[j] == '}') return j + 1 - i;
  return 0;
}

}  // namespace

absl::StatusOr<std::string> TranslatePcreToRe2(std::string_view p) {
  std::string out;
  out.reserve(p.size() + 8);
  bool in_class = false;
  // True right after a quantifier, where a '+' would make it possessive.
  bool after_quantifier = false;
  for (size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (c == '\\') {
      if (i + 1 < p.size() && !in_class) {
        const char e = p[i + 1];
        if (e >= '1' && e <= '9') {
          return Unsupported("backreference", p.substr(i, 2), i);
        }
        if ((e == 'k' || e == 'g') && i + 2 < p.size()) {
          size_t end = i + 2;
          const char open = p[end];
          const char close = open == '<' ? '>' : open == '{' ? '}' : open == '\'' ? '\'' : 0;
          if (close != 0) {
            size_t found = p.find(close, end + 1);
            end = found == std::string_view::npos ? p.size() : found + 1;
          } else {
            while (end < p.size() && (IsDigit(p[end]) || p[end] == '-')) ++end;
          }
          if (e == 'k' || end > i + 2) {
            return Unsupported("backreference", p.substr(i, end - i), i);
          }
        }
      }
      out.append(p.substr(i, i + 1 < p.size() ? 2 : 1));
      i += i + 1 < p.size() ? 2 : 1;
      after_quantifier = false;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      ++i;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      ++i;
      // A ']' first in the class (after an optional '^') is a literal.
      if (i < p.size() && p[i] == '^') out += p[i++];
      if (i < p.size() && p[i] == ']') out += p[i++];
      after_quantifier = false;
      continue;
    }
    if (c == '+' && after_quantifier) {
      return Unsupported("possessive quantifier", p.substr(i - 1, 2), i - 1);
    }
    if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') {
      std::string_view rest = p.substr(i + 2);
      if (rest.substr(0, 1) == "=") return Unsupported("lookahead", "(?=", i);
      if (rest.substr(0, 1) == "!") return Unsupported("negative lookahead", "(?!", i);
      if (rest.substr(0, 2) == "<=") return Unsupported("lookbehind", "(?<=", i);
      if (rest.substr(0, 2) == "<!") return Unsupported("negative lookbehind", "(?<!", i);
      if (rest.substr(0, 1) == ">") return Unsupported("atomic group", "(?>", i);
      if (rest.substr(0, 1) == "<") {
        out += "(?P<";
        i += 3;
        after_quantifier = false;
        continue;
      }
      out += "(?";
      i += 2;
      after_quantifier = false;
      continue;
    }
    if (c == '*' || c == '+' || c == '?') {
      // A '?' after a quantifier makes it lazy, which RE2 supports.
      after_quantifier = !(c == '?' && after_quantifier);
      out += c;
      ++i;
      continue;
    }
    if (c == '{') {
      if (size_t n = RepetitionLength(p, i)) {
        out.append(p.substr(i, n));
        i += n;
        after_quantifier = true;
        continue;
      }
    }
    after_quantifier = false;
    out += c;
    ++i;
  }
  return out;
}

}  // namespace trailhunt::match
