// File: sigma.h
// The Sigma front end: reads Sigma rule files (YAML, one or more documents
// per file) into rule objects whose detection is a match::Expr in the one
// predicate IR. Three kinds of documents are read:
//
//  - detection rules (`detection:` + `condition:`), the specification's whole
//    value language: maps (AND), lists of maps (OR), value lists (OR, `|all`
//    for AND), keywords, null, numbers, booleans, wildcards with backslash
//    escapes, and the modifiers contains, startswith, endswith, all, re (with
//    i, m, s), cidr, exists, cased, base64, base64offset, utf16le, utf16be,
//    utf16, wide, windash, fieldref, gt, gte, lt, lte, neq and expand;
//  - correlation rules (`correlation:`): event_count, value_count, temporal,
//    temporal_ordered, value_sum, value_avg, value_percentile, value_median;
//  - filters (`filter:`): global exclusions added to the rules they name.
//
// Semantics the specification leaves open are fixed here and documented in
// docs/sigma.md: a field name is resolved flat key first, then as a dotted
// path in which every array element is tried; a value that is an object or an
// array element that is an object is matched as its compact JSON text; `null`
// matches a missing field as well as JSON null (a successful CloudTrail call
// has no errorCode).
//
// Nothing is silently ignored: a construct the loader cannot honour is an
// error naming the file, the 1-based line and column and the construct, and
// the document that holds it yields no rule at all. Duplicate YAML keys are
// errors.
//
// Thread-safety: loading is reentrant; the results are plain values.
#ifndef TRAILHUNT_SIGMA_H_
#define TRAILHUNT_SIGMA_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trailhunt/match.h"

namespace trailhunt::sigma {

// A place in a rule file; line and column are 1-based, 0 when unknown.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  enum class Severity : uint8_t { kError, kWarning };
  Severity severity = Severity::kError;
  SourcePos where;
  // The construct at fault, short and greppable: "near", "count()",
  // "modifier 'foo'", "duplicate key 'title'", "placeholder '%name%'".
  std::string construct;
  std::string message;  // a whole sentence

  // "file:line:column: error: message"
  std::string ToString() const;
};

struct Logsource {
  std::string product;
  std::string service;
  std::string category;
  std::string definition;
};

// The benchmark control a rule implements: trailhunt's `compliance:` map,
// an extension of Sigma's metadata (Sigma allows custom attributes). A
// posture report (posture.h) groups matches by it.
struct ComplianceRef {
  std::string benchmark;    // "CIS AWS Foundations Benchmark v3.0.0"
  std::string control;      // "4.1"; "" when the rule names no control
  std::string securityhub;  // "CloudWatch.2"; "" when no Security Hub control exists
  std::string profile;      // "Level 1"
};

// The language a detection is written in. Rule files are YAML documents
// with Sigma's metadata; a detection is either Sigma's `detection:` or
// trailhunt's `filterpattern:` (a CloudWatch Logs filter pattern, read by
// filterpattern.h), so a benchmark's own pattern text can be run as is.
enum class RuleLanguage : uint8_t { kSigma, kFilterPattern };
// "sigma", "filterpattern"
std::string_view RuleLanguageName(RuleLanguage language);

// The metadata every kind of document carries.
struct RuleInfo {
  std::string id;
  std::string name;  // the optional `name:` other rules may reference
  std::string title;
  std::string status;
  std::string level;
  std::string description;
  std::string author;
  std::string date;
  std::string modified;
  std::string license;
  std::vector<std::string> tags;        // as written: "attack.t1078.004"
  std::vector<std::string> attack_ids;  // parsed ATT&CK ids: "T1078.004", "TA0001"
  std::vector<std::string> references;
  std::vector<std::string> falsepositives;
  std::vector<std::string> fields;      // the rule's `fields:` list
  Logsource logsource;
  ComplianceRef compliance;
  RuleLanguage language = RuleLanguage::kSigma;
  SourcePos where;  // the file and the line where the document starts
};

struct DetectionRule {
  RuleInfo info;
  // The whole condition in the IR, with field names as the rule writes
  // them (a leaf with Target::raw set searches the whole record text).
  match::Expr expr;
  std::vector<std::string> fields_read;  // distinct, in first-use order
  std::string timeframe;                 // kept as written ("" when absent)
  // info.language == kFilterPattern: the pattern as written.
  std::string filter_pattern;
};

enum class CorrelationType : uint8_t {
  kEventCount,
  kValueCount,
  kTemporal,
  kTemporalOrdered,
  kValueSum,
  kValueAvg,
  kValuePercentile,
  kValueMedian,
};
std::string_view CorrelationTypeName(CorrelationType type);

// The correlation's `condition:` map. Unset bounds are absent; two bounds
// make a range (gte 10 and lt 20).
struct CorrelationCondition {
  std::optional<double> gt, gte, lt, lte, eq, neq;
  std::string field;  // value_count / value_sum / value_avg / percentile / median
  std::optional<double> percentile;  // value_percentile: 0..100

  bool Holds(double value) const;
};

struct CorrelationRule {
  RuleInfo info;
  CorrelationType type = CorrelationType::kEventCount;
  std::vector<std::string> rules;     // referenced rules: id or name, as written
  std::vector<std::string> group_by;  // field (or alias) names
  int64_t timespan_ns = 0;
  CorrelationCondition condition;
  // aliases: alias name -> (referenced rule id or name -> field of that rule)
  std::map<std::string, std::map<std::string, std::string>> aliases;
  bool generate = false;
};

struct FilterRule {
  RuleInfo info;
  std::vector<std::string> rules;  // the rules it applies to: id or name
  // ANDed to the condition of every rule it applies to (a filter's condition
  // is usually `not selection`).
  match::Expr expr;
  std::vector<std::string> fields_read;
};

struct LoadOptions {
  // Values for `|expand` placeholders, keyed by name without the '%'s. A rule
  // that uses a placeholder absent here is rejected, as the specification
  // requires of a tool that cannot resolve it.
  std::map<std::string, std::vector<std::string>> placeholders;
  // Rules whose logsource names a product other than aws or a service other
  // than cloudtrail are skipped (counted, not errors). Off: load everything.
  bool only_cloudtrail = true;
};

struct RuleCollection {
  std::vector<DetectionRule> rules;
  std::vector<CorrelationRule> correlations;
  std::vector<FilterRule> filters;
  std::vector<Diagnostic> diagnostics;  // in load order
  size_t documents = 0;                 // YAML documents read
  size_t skipped_logsource = 0;         // documents skipped by only_cloudtrail
  std::vector<std::string> skipped_files;  // files skipped by only_cloudtrail (one entry per document)

  size_t error_count() const;
  // Moves everything of `other` to the end of this collection.
  void Append(RuleCollection&& other);
};

// Reads one file's text (one or more YAML documents) and appends what it
// defines to `out`. `origin` names the file in positions and diagnostics.
// A document with an error appends no rule and one or more kError
// diagnostics; the other documents still load.
void LoadText(std::string_view text, std::string_view origin, const LoadOptions& options,
              RuleCollection* out);

// Appends one detection rule whose condition is the CloudWatch Logs filter
// pattern `pattern` (filterpattern.h), as a `filterpattern:` document with
// only an id would: its id is `id`, its title the pattern itself. A syntax
// error is a kError diagnostic naming `origin` and the pattern's column.
void LoadFilterPattern(std::string_view pattern, std::string_view id, std::string_view origin,
                       RuleCollection* out);

// Reads a file, or every *.yml and *.yaml under a directory (recursively, in
// sorted path order). An unreadable path is a kError diagnostic.
void LoadPath(const std::string& path, const LoadOptions& options, RuleCollection* out);

}  // namespace trailhunt::sigma

#endif  // TRAILHUNT_SIGMA_H_
