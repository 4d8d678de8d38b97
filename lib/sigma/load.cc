// LoadText: documents of one file -> detection rules, correlations and
// filters, with the logsource filter and the per-document error rule (a
// document with any error yields nothing; the others still load).
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/match.h"

#include "sigma/condition.h"
#include "sigma/correlation.h"
#include "sigma/detection.h"
#include "sigma/filter.h"
#include "sigma/filter_pattern_rule.h"
#include "sigma/metadata.h"
#include "sigma/report.h"
#include "sigma/yaml_reader.h"
#include "trailhunt/sigma.h"

namespace trailhunt::sigma {
namespace {

using sigma_internal::Report;
using sigma_internal::YamlNode;

// A logsource that names something other than CloudTrail: another product
// or service, or only a category (process_creation, proxy...), which no AWS
// log carries.
bool OutsideCloudTrail(const Logsource& ls) {
  if (!ls.product.empty() && !absl::EqualsIgnoreCase(ls.product, "aws")) return true;
  if (!ls.service.empty() && !absl::EqualsIgnoreCase(ls.service, "cloudtrail")) return true;
  return !ls.category.empty() && ls.product.empty() && ls.service.empty();
}

// Reads the logsource alone, without reporting: whether to skip is decided
// before anything else of the document is looked at.
Logsource PeekLogsource(const YamlNode& document) {
  Logsource ls;
  const YamlNode* node = document.Find("logsource");
  if (!node || !node->is_map()) return ls;
  auto text = [node](std::string_view key) {
    const YamlNode* v = node->Find(key);
    return v && v->is_scalar() ? v->text : std::string();
  };
  ls.product = text("product");
  ls.service = text("service");
  ls.category = text("category");
  return ls;
}

void LoadDetection(const YamlNode& document, const YamlNode& key, const YamlNode& detection,
                   RuleInfo info,
                   const LoadOptions& options, Report& report, const size_t errors_before,
                   RuleCollection* out) {
  DetectionRule rule;
  rule.info = std::move(info);
  if (!detection.is_map()) {
    report.Error(detection, "key 'detection'",
                 "'detection' must be a map of search identifiers and a condition");
    return;
  }
  std::vector<sigma_internal::SearchIdentifier> identifiers;
  sigma_internal::ReadSearchIdentifiers(detection, {"condition", "timeframe"}, options, report,
                                        &identifiers);
  const YamlNode* condition = detection.Find("condition");
  if (!condition) {
    report.Error(key, "detection.condition", "the detection has no 'condition'");
  } else {
    sigma_internal::BuildCondition(*condition, identifiers, report, &rule.expr);
  }
  // Sigma 1 put `timeframe` inside `detection`; some rules have it at the
  // top. It belongs to the obsolete aggregations.
  const YamlNode* timeframe = detection.Find("timeframe");
  if (!timeframe) timeframe = document.Find("timeframe");
  if (timeframe) {
    sigma_internal::ReadText(*timeframe, "timeframe", report, &rule.timeframe);
    report.Warning(timeframe->line, timeframe->column, "timeframe",
                   "timeframe has no effect without a correlation rule: the rule matches single "
                   "events; write a correlation rule to count or relate events in a window");
  }
  if (report.errors() != errors_before) return;
  rule.fields_read = sigma_internal::FieldsRead(rule.expr);
  out->rules.push_back(std::move(rule));
}

void LoadDocument(const YamlNode& document, std::string_view origin, const LoadOptions& options,
                  RuleCollection* out) {
  Report report(origin, &out->diagnostics);
  if (!document.is_map()) {
    report.Error(document, "document",
                 "a Sigma document must be a map of keys (title, logsource, detection...)");
    return;
  }
  if (const YamlNode* action = document.Find("action")) {
    const std::string what = action->is_scalar() ? action->text : std::string("?");
    report.Error(*action, "action: " + what,
                 "Sigma 1 rule collections (action: global, reset, repeat) are not supported; "
                 "write every rule out in full in its own document");
    return;
  }
  const YamlNode* detection = document.Find("detection");
  const YamlNode* correlation = document.Find("correlation");
  const YamlNode* filter = document.Find("filter");
  const YamlNode* pattern = document.Find("filterpattern");
  const int kinds = (detection != nullptr) + (correlation != nullptr) + (filter != nullptr) +
                    (pattern != nullptr);
  if (kinds == 0) {
    report.Error(document, "document kind",
                 "the document has none of 'detection', 'filterpattern', 'correlation' or "
                 "'filter'");
    return;
  }
  if (kinds > 1) {
    report.Error(document, "document kind",
                 "a document is one of a detection rule (Sigma 'detection' or a CloudWatch "
                 "'filterpattern'), a correlation or a filter; this one has more than one of "
                 "those keys");
    return;
  }
  if (!correlation && options.only_cloudtrail && OutsideCloudTrail(PeekLogsource(document))) {
    ++out->skipped_logsource;
    out->skipped_files.emplace_back(origin);
    return;
  }

  const size_t errors_before = report.errors();
  RuleInfo info;
  info.where = SourcePos{std::string(origin), document.line, document.column};
  sigma_internal::ReadRuleInfo(document, report, &info);
  const YamlNode* title = document.Find("title");
  if (!title || (title->is_scalar() && title->text.empty()) || title->is_null()) {
    report.Error(document, "key 'title'", "the document has no 'title'");
  }
  // A filter pattern is CloudWatch's language for CloudTrail by construction.
  if (!correlation && !pattern && !document.Find("logsource")) {
    report.Error(document, "key 'logsource'", "the document has no 'logsource'");
  }

  if (pattern) {
    sigma_internal::LoadFilterPatternRule(*pattern, std::move(info), report, errors_before, out);
  } else if (detection) {
    LoadDetection(document, *document.FindKey("detection"), *detection, std::move(info), options,
                  report, errors_before, out);
  } else if (correlation) {
    CorrelationRule rule;
    sigma_internal::ReadCorrelation(document, *document.FindKey("correlation"), *correlation,
                                    report, &rule);
    if (report.errors() != errors_before) return;
    rule.info = std::move(info);
    out->correlations.push_back(std::move(rule));
  } else {
    FilterRule rule;
    sigma_internal::ReadFilter(*document.FindKey("filter"), *filter, options, report, &rule);
    if (report.errors() != errors_before) return;
    rule.info = std::move(info);
    out->filters.push_back(std::move(rule));
  }
}

}  // namespace

void LoadText(std::string_view text, std::string_view origin, const LoadOptions& options,
              RuleCollection* out) {
  sigma_internal::YamlText yaml = sigma_internal::ReadYamlDocuments(text, origin);
  for (sigma_internal::YamlDocument& document : yaml.documents) {
    ++out->documents;
    if (!document.errors.empty()) {
      for (Diagnostic& d : document.errors) out->diagnostics.push_back(std::move(d));
      continue;
    }
    LoadDocument(document.root, origin, options, out);
  }
  if (yaml.fault) out->diagnostics.push_back(std::move(*yaml.fault));
}

}  // namespace trailhunt::sigma
