#include "sigma/filter_pattern_rule.h"

#include <string>
#include <utility>

#include "trailhunt/filterpattern.h"

namespace trailhunt::sigma_internal {
namespace {

// Leaves carry their column within the pattern (line 1); place them in the
// file so a later compile error points into it. In a double-quoted YAML
// scalar with escapes the text is shorter than the source, and the column
// lands that many characters early.
void PlaceInFile(const YamlNode& pattern, match::Expr& e) {
  for (match::Expr& child : e.children) PlaceInFile(pattern, child);
  if (e.line != 1 || e.column <= 0) return;
  ScalarPosition(pattern, static_cast<size_t>(e.column - 1), &e.line, &e.column);
}

}  // namespace

void LoadFilterPatternRule(const YamlNode& pattern, sigma::RuleInfo info, Report& report,
                           size_t errors_before, sigma::RuleCollection* out) {
  // A key left empty is no "match everything" (that is an explicit '').
  if (!pattern.is_scalar()) {
    report.Error(pattern, "key 'filterpattern'",
                 "'filterpattern' must be the pattern's text (quote it: '{ $.eventName = X }'; "
                 "'' matches every record)");
    return;
  }
  filterpattern::SyntaxError error;
  absl::StatusOr<filterpattern::Pattern> parsed =
      filterpattern::Parse(pattern.text, filterpattern::ParseOptions(), &error);
  if (!parsed.ok()) {
    int line = 0, column = 0;
    ScalarPosition(pattern, static_cast<size_t>(error.column > 0 ? error.column - 1 : 0), &line,
                   &column);
    report.Error(line, column, "filterpattern",
                 "filter pattern, column " + std::to_string(error.column) + ": " + error.message);
    return;
  }
  if (report.errors() != errors_before) return;
  sigma::DetectionRule rule;
  rule.info = std::move(info);
  rule.info.language = sigma::RuleLanguage::kFilterPattern;
  rule.filter_pattern = pattern.text;
  rule.expr = std::move(parsed->expr);
  PlaceInFile(pattern, rule.expr);
  rule.fields_read = std::move(parsed->fields_read);
  out->rules.push_back(std::move(rule));
}

}  // namespace trailhunt::sigma_internal

namespace trailhunt::sigma {

void LoadFilterPattern(std::string_view pattern, std::string_view id, std::string_view origin,
                       RuleCollection* out) {
  filterpattern::SyntaxError error;
  absl::StatusOr<filterpattern::Pattern> parsed =
      filterpattern::Parse(pattern, filterpattern::ParseOptions(), &error);
  if (!parsed.ok()) {
    Diagnostic d;
    d.where.file = std::string(origin);
    d.construct = "filterpattern";
    d.message = "filter pattern, column " + std::to_string(error.column) + ": " + error.message;
    out->diagnostics.push_back(std::move(d));
    return;
  }
  DetectionRule rule;
  rule.info.id = std::string(id);
  rule.info.title = std::string(pattern);
  rule.info.language = RuleLanguage::kFilterPattern;
  rule.info.where.file = std::string(origin);
  rule.filter_pattern = std::string(pattern);
  rule.expr = std::move(parsed->expr);
  rule.fields_read = std::move(parsed->fields_read);
  out->rules.push_back(std::move(rule));
}

}  // namespace trailhunt::sigma
