// `%…%` regex values: CloudWatch accepts a documented subset of characters
// and operators, and at most two regexes in a JSON or space-delimited
// pattern. What it would reject is rejected here, with the character.
#include <string>
#include <string_view>

#include "filterpattern/forms.h"
#include "re2/re2.h"

namespace trailhunt::filterpattern_internal {
namespace {

bool Allowed(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  constexpr std::string_view kSymbols = ":_#=@/;,-";
  constexpr std::string_view kOperators = "^$?[]{}|\\*+.";
  return kSymbols.find(c) != std::string_view::npos ||
         kOperators.find(c) != std::string_view::npos;
}

}  // namespace

bool ParseRegex(Scanner& s, ParseState& state, std::string* re2) {
  const size_t start = s.pos();
  s.advance();  // the opening '%'
  std::string body;
  for (;;) {
    if (s.at_end()) return s.Fail(start, "the regex has no closing '%'");
    const char c = s.peek();
    if (c == '%') break;
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80) {
      return s.Fail(s.pos(), "multi-byte characters are not supported in a CloudWatch regex");
    }
    if (c == '(' || c == ')') {
      return s.Fail(s.pos(), "'(' and ')' are not supported in a CloudWatch regex: it has no "
                             "groups; use '|' at the top level or a character class");
    }
    if (c == '\\' && s.peek(1) != '\0') {
      // An escape (\. \d \s \[) is held to the same characters: CloudWatch
      // takes no "\(" or "\!" either.
      const char escaped = s.peek(1);
      if (static_cast<unsigned char>(escaped) >= 0x80 || escaped == '(' || escaped == ')' ||
          !Allowed(escaped)) {
        return s.Fail(s.pos() + 1, "'\\" + std::string(1, escaped) +
                                       "' is not allowed in a CloudWatch regex (letters, digits, "
                                       ": _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \\ * + .)");
      }
      body.push_back(c);
      body.push_back(escaped);
      s.advance(2);
      continue;
    }
    if (!Allowed(c)) {
      return s.Fail(s.pos(), "'" + std::string(1, c) +
                                 "' is not allowed in a CloudWatch regex (letters, digits, "
                                 ": _ # = @ / ; , - and the operators ^ $ ? [ ] { } | \\ * + .)");
    }
    body.push_back(c);
    s.advance();
  }
  s.advance();  // the closing '%'
  if (body.empty()) return s.Fail(start, "the regex between '%' and '%' is empty");
  // Checked here, where the column is known, rather than when the rule
  // compiles: "%[a%" is a syntax error of the pattern.
  // The same two steps Predicate::Compile takes.
  absl::StatusOr<std::string> translated = match::TranslatePcreToRe2(body);
  if (!translated.ok()) {
    return s.Fail(start + 1, "the regex is not supported: " +
                                 std::string(translated.status().message()));
  }
  RE2::Options re2_options;
  re2_options.set_log_errors(false);
  const RE2 compiled(*translated, re2_options);
  if (!compiled.ok()) {
    return s.Fail(start + 1, "the regex does not compile: " + compiled.error());
  }
  ++state.regex_count;
  if (state.regex_count > state.options->max_regexes) {
    return s.Fail(start, "a pattern may hold at most " +
                             std::to_string(state.options->max_regexes) +
                             " regexes (a CloudWatch limit)");
  }
  *re2 = std::move(body);
  return true;
}

}  // namespace trailhunt::filterpattern_internal
