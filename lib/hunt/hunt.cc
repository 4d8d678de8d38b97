// Hunt: every source is evaluated by one worker into a HuntWork; the calling
// thread receives the works in source order, delivers their matches and
// feeds their correlation observations, so output and alerts do not depend
// on the thread count.
#include <string>
#include <utility>
#include <vector>

#include "hunt/rule_set_impl.h"
#include "trailhunt/correlate.h"

namespace trailhunt {
namespace {

using hunt_internal::Feed;
using hunt_internal::RuleSetImpl;

std::string Text(const Value& value) {
  if (value.is_missing() || value.is_null()) return {};
  return value.ToDisplayString();
}

// A record with at least one reported match: what HuntMatch views, kept
// once however many rules matched it.
struct MatchedRecord {
  uint32_t source_name = 0;  // index into HuntWork::source_names
  uint64_t record_index = 0;
  uint64_t byte_offset = 0;
  int64_t time_ns = kNoTime;
  std::string event_time, principal, source_ip, event_name, raw;
};

// A match waiting for its turn.
struct PendingMatch {
  uint32_t rule = 0;
  uint32_t record = 0;  // index into HuntWork::records
};

struct PendingObservation {
  uint32_t correlation = 0;  // index among the correlations
  correlate::Observation observation;
};

class HuntWork : public SourceWork {
 public:
  HuntWork(std::shared_ptr<const RuleSet> rules, size_t source_index, bool keep_raw)
      : rules_(static_cast<const RuleSetImpl*>(rules.get())),
        evaluator_(std::move(rules)),
        source_index_(source_index),
        keep_raw_(keep_raw) {
    per_rule.assign(rules_->size(), 0);
  }

  void OnRecord(const Record& record) override {
    ProjectionError error;
    if (!evaluator_.Evaluate(record, &matched_, &error)) {
      RecordError e;
      e.location = record.location;
      e.location.byte_offset += error.offset;
      e.reason = error.message.find("depth") != std::string::npos ? RejectReason::kTooDeep
                                                                   : RejectReason::kInvalidJson;
      e.message = error.message;
      Keep(std::move(e));
      ++unprojectable;
      return;
    }
    ++evaluated;
    bool recorded = false;
    for (uint32_t rule : matched_) {
      ++per_rule[rule];
      if (rules_->rule(rule).reported) {
        if (!recorded) AddRecord(record);
        recorded = true;
        matches.push_back(PendingMatch{rule, static_cast<uint32_t>(records.size() - 1)});
      }
      for (const Feed& feed : rules_->feeds[rule]) AddObservation(feed, record);
    }
  }

  void OnError(const RecordError& error) override { Keep(error); }
  void OnSkipped(std::string_view source, std::string_view why) override {
    skipped.emplace_back(std::string(source), std::string(why));
  }

  uint64_t evaluations() const { return evaluator_.rule_evaluations(); }

  std::vector<MatchedRecord> records;
  std::vector<PendingMatch> matches;
  std::vector<PendingObservation> observations;
  std::vector<RecordError> errors;
  std::vector<std::string> error_sources;  // owns errors[i].location.source
  std::vector<std::string> source_names;
  std::vector<std::pair<std::string, std::string>> skipped;  // (source, why)
  uint64_t evaluated = 0;
  uint64_t unprojectable = 0;
  std::vector<uint64_t> per_rule;

 private:
  void Keep(RecordError error) {
    error_sources.emplace_back(error.location.source);
    errors.push_back(std::move(error));
  }

  uint32_t SourceName(std::string_view name) {
    // Records of one source share a name, except archive members.
    if (source_names.empty() || source_names.back() != name) source_names.emplace_back(name);
    return static_cast<uint32_t>(source_names.size() - 1);
  }

  void AddRecord(const Record& record) {
    MatchedRecord& m = records.emplace_back();
    m.source_name = SourceName(record.location.source);
    m.record_index = record.location.record_index;
    m.byte_offset = record.location.byte_offset;
    m.time_ns = record.time_ns;
    m.event_time = Text(evaluator_.event_time());
    m.principal = Text(evaluator_.principal());
    m.source_ip = Text(evaluator_.source_ip());
    m.event_name = Text(evaluator_.event_name());
    if (keep_raw_) m.raw.assign(record.json.data(), record.json.size());
  }

  void AddObservation(const Feed& feed, const Record& record) {
    PendingObservation p;
    p.correlation = feed.correlation;
    correlate::Observation& o = p.observation;
    evaluator_.CorrelationInputs(rules_->detection_count() + feed.correlation, feed.reference,
                                 &o.group, &o.value);
    o.time_ns = record.time_ns;
    o.rule = feed.reference;
    o.ref.source_index = source_index_;
    o.ref.record_index = record.location.record_index;
    o.ref.time_ns = record.time_ns;
    observations.push_back(std::move(p));
  }

  const RuleSetImpl* rules_;
  RuleEvaluator evaluator_;
  size_t source_index_;
  bool keep_raw_;
  std::vector<uint32_t> matched_;
};

}  // namespace

HuntSummary Hunt(std::shared_ptr<const RuleSet> rules, const std::vector<Source>& sources,
                 const HuntOptions& options, HuntSink* sink) {
  const auto* impl = static_cast<const RuleSetImpl*>(rules.get());
  const size_t detections = impl->detection_count();
  HuntSummary summary;
  summary.per_rule.assign(impl->size(), 0);

  std::vector<correlate::Correlator> correlators;
  correlators.reserve(impl->correlations.size());
  for (size_t c = 0; c < impl->correlations.size(); ++c) {
    correlators.emplace_back(*impl->rule(detections + c).correlation,
                             impl->options().correlation);
  }
  // One callable per correlation, made once (not per observation).
  std::vector<correlate::AlertSink> alert_sinks;
  for (size_t c = 0; c < impl->correlations.size(); ++c) {
    alert_sinks.push_back([&summary, sink, detections, c](const correlate::Alert& alert) {
      HuntAlert a;
      a.rule = static_cast<uint32_t>(detections + c);
      a.alert = alert;
      ++summary.alerts;
      ++summary.per_rule[a.rule];
      sink->OnAlert(a);
    });
  }

  summary.scan = Scan(
      sources, options.scan,
      [&](size_t i) -> std::unique_ptr<SourceWork> {
        return std::make_unique<HuntWork>(rules, i, options.keep_raw);
      },
      [&](size_t i, std::unique_ptr<SourceWork> base, const SourceOutcome& outcome) {
        auto* work = static_cast<HuntWork*>(base.get());
        for (const auto& skipped : work->skipped) sink->OnSkipped(skipped.first, skipped.second);
        for (size_t e = 0; e < work->errors.size(); ++e) {
          work->errors[e].location.source = work->error_sources[e];
          sink->OnRecordError(work->errors[e]);
        }
        for (const PendingMatch& pending : work->matches) {
          const MatchedRecord& m = work->records[pending.record];
          HuntMatch out;
          out.rule = pending.rule;
          out.source_index = i;
          out.source = work->source_names[m.source_name];
          out.record_index = m.record_index;
          out.byte_offset = m.byte_offset;
          out.time_ns = m.time_ns;
          out.event_time = m.event_time;
          out.principal = m.principal;
          out.source_ip = m.source_ip;
          out.event_name = m.event_name;
          out.raw = m.raw;
          ++summary.matches;
          sink->OnMatch(out);
        }
        sink->OnSourceDone(i, outcome);
        for (PendingObservation& p : work->observations) {
          correlators[p.correlation].Add(std::move(p.observation), alert_sinks[p.correlation]);
        }
        summary.records_evaluated += work->evaluated;
        summary.records_unprojectable += work->unprojectable;
        summary.rule_evaluations += work->evaluations();
        for (size_t r = 0; r < detections; ++r) summary.per_rule[r] += work->per_rule[r];
      });
  for (size_t c = 0; c < correlators.size(); ++c) {
    correlators[c].Finish(alert_sinks[c]);
    summary.correlations.push_back(correlators[c].counters());
  }
  // A record no rule could read is rejected, not evaluated: counters still
  // reconcile.
  summary.scan.counters.records_delivered -= summary.records_unprojectable;
  summary.scan.counters.records_rejected += summary.records_unprojectable;
  return summary;
}

}  // namespace trailhunt
