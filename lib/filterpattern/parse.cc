// filterpattern::Parse: picks the form from the first character and reports
// the first error with its column.
#include <string>

#include "absl/status/status.h"
#include "filterpattern/forms.h"
#include "trailhunt/filterpattern.h"

namespace trailhunt::filterpattern {

std::string_view PatternKindName(PatternKind kind) {
  switch (kind) {
    case PatternKind::kMatchAll: return "match-all";
    case PatternKind::kJson: return "json";
    case PatternKind::kTerms: return "terms";
    case PatternKind::kSpaceDelimited: return "space-delimited";
    case PatternKind::kRegex: return "regex";
  }
  return "?";
}

namespace {

using filterpattern_internal::ParseState;
using filterpattern_internal::Scanner;

// `%…%` alone: a regex over the raw record.
bool ParseRegexPattern(Scanner& s, ParseState& state, match::Expr* out) {
  s.SkipSpaces();
  const size_t start = s.pos();
  std::string re2;
  if (!filterpattern_internal::ParseRegex(s, state, &re2)) return false;
  s.SkipSpaces();
  if (!s.at_end()) return s.Expected(s.pos(), "the end of the pattern after the regex");
  out->op = match::Op::kRegex;
  out->target.raw = true;
  out->pattern = std::move(re2);
  out->flags = filterpattern_internal::CloudWatchFlags();
  out->line = 1;
  out->column = static_cast<int>(start) + 1;
  return true;
}

}  // namespace

absl::StatusOr<Pattern> Parse(std::string_view text, const ParseOptions& options,
                              SyntaxError* error) {
  Scanner s(text);
  ParseState state;
  state.options = &options;
  Pattern pattern;
  if (text.size() > options.max_length) {
    s.Fail(options.max_length, "the pattern is " + std::to_string(text.size()) +
                                   " bytes long; CloudWatch allows " +
                                   std::to_string(options.max_length));
  } else {
    s.SkipSpaces();
    bool ok = true;
    switch (s.peek()) {
      case '\0':
        pattern.kind = PatternKind::kMatchAll;
        pattern.expr = match::Expr::True();
        break;
      case '{':
        pattern.kind = PatternKind::kJson;
        ok = filterpattern_internal::ParseJsonPattern(s, state, &pattern.expr);
        break;
      case '[':
        pattern.kind = PatternKind::kSpaceDelimited;
        ok = filterpattern_internal::ParseDelimitedPattern(s, state, &pattern.expr);
        break;
      case '%':
        pattern.kind = PatternKind::kRegex;
        ok = ParseRegexPattern(s, state, &pattern.expr);
        break;
      default:
        pattern.kind = PatternKind::kTerms;
        ok = filterpattern_internal::ParseTermPattern(s, &pattern.expr);
        break;
    }
    if (!ok && !s.failed()) s.Fail(s.pos(), "the pattern could not be read here");
  }
  if (s.failed()) {
    if (error != nullptr) *error = s.error();
    return absl::InvalidArgumentError("column " + std::to_string(s.error().column) + ": " +
                                      s.error().message);
  }
  pattern.fields_read = std::move(state.fields_read);
  pattern.regex_count = state.regex_count;
  return pattern;
}

}  // namespace trailhunt::filterpattern
