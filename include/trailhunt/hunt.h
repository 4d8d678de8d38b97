// File: hunt.h
// Hunting with rules: a RuleSet compiles loaded Sigma rules (detections,
// their filters and correlations) once, and a hunt runs it over sources on
// every core.
//
// Compiling binds every field name once (the raw CloudTrail names, flat key
// first, then the dotted path with any array element matching), makes the
// union of the fields all rules read one Projection, compiles each detection
// into a match::Predicate and builds a rule index: per record only the rules
// whose required literals (an eventName, an eventSource, any equality every
// branch of the condition needs, a substring every match must contain) occur
// in the record are evaluated; a rule with no required literal always is.
//
// Per record the hunt projects once, asks the index for candidates and runs
// their predicates. Detection matches are delivered in (source, record)
// order, whatever the thread count. Events that matched a rule a
// correlation references feed that correlation on the calling thread, in
// source order (correlate.h); its alerts are delivered as they become due.
//
// Thread-safety: a RuleSet is immutable and may be shared by any number of
// hunts and threads. A RuleEvaluator belongs to one thread.
#ifndef TRAILHUNT_HUNT_H_
#define TRAILHUNT_HUNT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "trailhunt/correlate.h"
#include "trailhunt/engine.h"
#include "trailhunt/input.h"
#include "trailhunt/limits.h"
#include "trailhunt/projection.h"
#include "trailhunt/sigma.h"
#include "trailhunt/value.h"

namespace trailhunt {

struct RuleSetOptions {
  Limits record_limits;
  correlate::CorrelatorOptions correlation;
};

// One compiled rule, as a hunt reports it.
struct HuntRule {
  enum class Kind : uint8_t { kDetection, kCorrelation };
  Kind kind = Kind::kDetection;
  sigma::RuleInfo info;
  std::vector<std::string> fields_read;
  // False for a detection that only feeds correlations none of which has
  // `generate: true`: it is evaluated, its matches are not reported.
  bool reported = true;
  // Ids (or titles, when a filter has no id) of the filters applied to it.
  std::vector<std::string> filters;
  // Correlations: the detection rules (indices into RuleSet::rule) each
  // entry of CorrelationRule::rules resolved to.
  std::vector<uint32_t> references;
  // Correlations: the source rule; null for detections.
  const sigma::CorrelationRule* correlation = nullptr;
};

class RuleSet {
 public:
  // Compiles what `rules` holds. A rule that cannot be compiled (a field
  // name that is no valid path, a regex RE2 rejects, a correlation naming
  // an unknown rule, a filter naming none) is left out with an error in
  // `diagnostics`; the others compile. Warnings (a filter whose rules are
  // not loaded) go there too.
  static std::shared_ptr<const RuleSet> Compile(const sigma::RuleCollection& rules,
                                                const RuleSetOptions& options,
                                                std::vector<sigma::Diagnostic>* diagnostics);
  virtual ~RuleSet() = default;

  // Detections first (in load order), then correlations.
  virtual size_t size() const = 0;
  virtual size_t detection_count() const = 0;
  virtual const HuntRule& rule(size_t index) const = 0;
  virtual const Projection& projection() const = 0;
  virtual const RuleSetOptions& options() const = 0;
  // The rule index, one line per indexed field and the rules it holds, and
  // the rules evaluated for every record; for `--explain` and tests.
  virtual std::string Explain() const = 0;
};

// Evaluates detections record by record. One per thread.
class RuleEvaluator {
 public:
  explicit RuleEvaluator(std::shared_ptr<const RuleSet> rules);
  ~RuleEvaluator();
  RuleEvaluator(RuleEvaluator&&) noexcept;
  RuleEvaluator& operator=(RuleEvaluator&&) noexcept;

  // Projects `record` and fills `matched` with the detection rules that
  // match it, ascending (reported or not). False, with `error`, when the
  // record cannot be projected.
  bool Evaluate(const Record& record, std::vector<uint32_t>* matched, ProjectionError* error);
  // The same for a record given as JSON text (copied into a padded buffer;
  // not validated beyond what projection needs). For tests and bindings.
  absl::StatusOr<std::vector<uint32_t>> EvaluateJson(std::string_view json);

  // After Evaluate: the record's projected fields the hunt reports
  // (Missing when absent), and correlation inputs.
  const Value& event_time() const;  // eventTime as written
  const Value& principal() const;   // the canonical principal name
  const Value& source_ip() const;   // sourceIPAddress
  const Value& event_name() const;
  // What correlation `rule` reads from this record when it matched the
  // rule its `reference`-th entry names (CorrelationRule::rules): the
  // group_by values (through that rule's aliases) and the value field.
  void CorrelationInputs(size_t rule, size_t reference, std::vector<Value>* group,
                         Value* value) const;

  // Predicates run so far: what the rule index saved shows against
  // records x detections.
  uint64_t rule_evaluations() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

struct HuntOptions {
  ScanOptions scan;
  // Keep each matching record's JSON text for HuntMatch::raw.
  bool keep_raw = false;
};

// A detection match. Views are valid during the HuntSink call only.
struct HuntMatch {
  uint32_t rule = 0;  // index into RuleSet::rule
  size_t source_index = 0;
  std::string_view source;
  uint64_t record_index = 0;
  uint64_t byte_offset = 0;
  int64_t time_ns = kNoTime;
  std::string_view event_time;  // eventTime as written, "" when absent
  std::string_view principal;
  std::string_view source_ip;
  std::string_view event_name;
  std::string_view raw;  // with HuntOptions::keep_raw
};

// A correlation alert.
struct HuntAlert {
  uint32_t rule = 0;  // index into RuleSet::rule (a correlation)
  correlate::Alert alert;
};

class HuntSink {
 public:
  virtual ~HuntSink() = default;
  virtual void OnMatch(const HuntMatch& match) = 0;
  virtual void OnAlert(const HuntAlert& alert) { (void)alert; }
  // A record the reader rejected or that could not be projected.
  virtual void OnRecordError(const RecordError& error) { (void)error; }
  // A file that holds no CloudTrail, or an archive member skipped for a
  // limit (RecordSink::OnSkipped).
  virtual void OnSkipped(std::string_view source, std::string_view why) {
    (void)source;
    (void)why;
  }
  // After each source's matches, in source order: its counters, and why it
  // could not be read at all when outcome.status is not OK.
  virtual void OnSourceDone(size_t source_index, const SourceOutcome& outcome) {
    (void)source_index;
    (void)outcome;
  }
};

struct HuntSummary {
  ScanSummary scan;
  uint64_t records_evaluated = 0;
  uint64_t records_unprojectable = 0;
  uint64_t rule_evaluations = 0;  // predicates run (see RuleEvaluator)
  uint64_t matches = 0;           // reported detection matches
  uint64_t alerts = 0;
  // Per rule (RuleSet::rule index): matches for detections (reported or
  // not), alerts for correlations.
  std::vector<uint64_t> per_rule;
  // Per correlation, in rule order (index - detection_count()).
  std::vector<correlate::CorrelatorCounters> correlations;
};

// Scans `sources` and delivers matches and alerts to `sink` on the calling
// thread: matches in (source, record) order; alerts when due.
HuntSummary Hunt(std::shared_ptr<const RuleSet> rules, const std::vector<Source>& sources,
                 const HuntOptions& options, HuntSink* sink);

}  // namespace trailhunt

#endif  // TRAILHUNT_HUNT_H_
