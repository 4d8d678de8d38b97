// File: hunt/hunt_runs.h
// The ways the hunt benchmark runs a compiled rule set over the corpus
// sources (NDJSON MemorySources):
//   - HuntOnce: trailhunt::Hunt end to end, matches counted or collected;
//   - EvaluateOnce: ReadSource + RuleEvaluator::Evaluate per record on the
//     calling thread (projection, rule index, predicates; no match
//     delivery, no engine): the reference the hunt's matches must equal,
//     and a row that shows what the hunt adds;
//   - ProjectOnce: ReadSource + the rule set's Projection::Extract alone:
//     the projection's share of a hunt.
#ifndef TRAILHUNT_BENCH_HUNT_HUNT_RUNS_H_
#define TRAILHUNT_BENCH_HUNT_HUNT_RUNS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "trailhunt/hunt.h"
#include "trailhunt/input.h"

namespace trailhunt_bench {

// A match by its rule and its record: what must not depend on the thread
// count or on the path (Hunt or RuleEvaluator) that found it.
struct MatchKey {
  uint32_t rule = 0;
  uint64_t source = 0;
  uint64_t record = 0;
  bool operator==(const MatchKey& o) const { return rule == o.rule && source == o.source && record == o.record; }
  bool operator!=(const MatchKey& o) const { return !(*this == o); }
};

class HuntCollector : public trailhunt::HuntSink {
 public:
  explicit HuntCollector(bool keep) : keep_(keep) {}
  void OnMatch(const trailhunt::HuntMatch& m) override {
    ++matches;
    checksum += m.record_index + m.event_name.size();
    if (keep_) keys.push_back(MatchKey{m.rule, m.source_index, m.record_index});
  }
  void OnRecordError(const trailhunt::RecordError& error) override {
    (void)error;
    ++record_errors;
  }

  uint64_t matches = 0;
  uint64_t record_errors = 0;
  uint64_t checksum = 0;
  std::vector<MatchKey> keys;

 private:
  bool keep_;
};

inline std::vector<trailhunt::Source> MakeSources(const std::vector<std::string_view>& parts) {
  std::vector<trailhunt::Source> sources;
  for (size_t i = 0; i < parts.size(); ++i) {
    sources.push_back(trailhunt::MemorySource("part-" + std::to_string(i), parts[i]));
  }
  return sources;
}

inline trailhunt::HuntSummary HuntOnce(const std::shared_ptr<const trailhunt::RuleSet>& rules,
                                       const std::vector<trailhunt::Source>& sources, int threads,
                                       HuntCollector* sink) {
  trailhunt::HuntOptions options;
  options.scan.threads = threads;
  return trailhunt::Hunt(rules, sources, options, sink);
}

// What an EvaluateOnce / ProjectOnce pass saw.
struct PassResult {
  bool ok = false;
  uint64_t records = 0;
  uint64_t rejected = 0;
  uint64_t unprojectable = 0;
  uint64_t evaluations = 0;
  uint64_t checksum = 0;
  std::vector<uint64_t> per_rule;  // EvaluateOnce: matches per detection
  std::vector<MatchKey> keys;      // EvaluateOnce with keep
};

class EvaluateSink : public trailhunt::RecordSink {
 public:
  EvaluateSink(std::shared_ptr<const trailhunt::RuleSet> rules, PassResult* result, bool keep)
      : rules_(rules), evaluator_(std::move(rules)), result_(result), keep_(keep) {}

  void set_source(uint64_t source) { source_ = source; }
  uint64_t evaluations() const { return evaluator_.rule_evaluations(); }

  void OnRecord(const trailhunt::Record& record) override {
    if (!evaluator_.Evaluate(record, &matched_, &error_)) {
      ++result_->unprojectable;
      return;
    }
    ++result_->records;
    for (uint32_t rule : matched_) {
      ++result_->per_rule[rule];
      if (!rules_->rule(rule).reported) continue;
      result_->checksum += record.location.record_index;
      if (keep_) result_->keys.push_back(MatchKey{rule, source_, record.location.record_index});
    }
  }
  void OnError(const trailhunt::RecordError& error) override {
    (void)error;
    ++result_->rejected;
  }

 private:
  std::shared_ptr<const trailhunt::RuleSet> rules_;
  trailhunt::RuleEvaluator evaluator_;
  PassResult* result_;
  bool keep_;
  uint64_t source_ = 0;
  std::vector<uint32_t> matched_;
  trailhunt::ProjectionError error_;
};

inline PassResult EvaluateOnce(const std::shared_ptr<const trailhunt::RuleSet>& rules,
                               const std::vector<trailhunt::Source>& sources, bool keep) {
  PassResult result;
  result.per_rule.assign(rules->detection_count(), 0);
  EvaluateSink sink(rules, &result, keep);
  const trailhunt::ReadOptions options;
  for (size_t i = 0; i < sources.size(); ++i) {
    sink.set_source(i);
    trailhunt::InputCounters counters;
    if (!trailhunt::ReadSource(sources[i], options, sink, counters).ok() || !counters.Reconciles()) return result;
  }
  result.evaluations = sink.evaluations();
  result.ok = true;
  return result;
}

class ProjectSink : public trailhunt::RecordSink {
 public:
  ProjectSink(const trailhunt::RuleSet& rules, PassResult* result)
      : rules_(rules), slots_(rules.projection().slot_count()), result_(result) {}

  void OnRecord(const trailhunt::Record& record) override {
    if (!rules_.projection().Extract(record, absl::MakeSpan(slots_), &error_, rules_.options().record_limits)) {
      ++result_->unprojectable;
      return;
    }
    ++result_->records;
    // Reads every slot, so the capture is used.
    for (const trailhunt::Value& v : slots_) result_->checksum += v.text().size();
  }
  void OnError(const trailhunt::RecordError& error) override {
    (void)error;
    ++result_->rejected;
  }

 private:
  const trailhunt::RuleSet& rules_;
  std::vector<trailhunt::Value> slots_;
  trailhunt::ProjectionError error_;
  PassResult* result_;
};

inline PassResult ProjectOnce(const trailhunt::RuleSet& rules, const std::vector<trailhunt::Source>& sources) {
  PassResult result;
  ProjectSink sink(rules, &result);
  const trailhunt::ReadOptions options;
  for (const trailhunt::Source& source : sources) {
    trailhunt::InputCounters counters;
    if (!trailhunt::ReadSource(source, options, sink, counters).ok() || !counters.Reconciles()) return result;
  }
  result.ok = true;
  return result;
}

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_HUNT_HUNT_RUNS_H_
