// File: posture.h
// A posture report: what a benchmark's monitoring controls would have
// alarmed on. Rules that name a control (sigma::RuleInfo::compliance, e.g.
// the built-in `cis` pack) are hunted like any others; the report groups
// their matches per control: how many, by how many distinct principals,
// the first and last event time, and who triggered it most. Rules without a
// control are hunted (a caller's other sink still sees their matches) but
// are no part of the report.
//
// Use RunPosture for a whole run, or pass a PostureBuilder as the sink of
// Hunt (hunt.h) to build the report alongside other output.
//
// Memory is bounded: per control at most
// PostureOptions::max_principals_per_control distinct principals, and
// max_principal_bytes_per_control bytes of their names, are counted; past
// that, the count is a lower bound and the control says so.
//
// Thread-safety: a PostureBuilder belongs to the thread that runs the hunt
// (Hunt calls its sink on the calling thread). Reports are plain values.
#ifndef TRAILHUNT_POSTURE_H_
#define TRAILHUNT_POSTURE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trailhunt/hunt.h"
#include "trailhunt/input.h"

namespace trailhunt {

struct PostureOptions {
  // Distinct principals counted per control. A principal first seen after
  // the cap is reached still counts as a match but not as a principal, and
  // cannot enter the top list: ControlPosture::principals_capped says so.
  size_t max_principals_per_control = 100000;
  // The same bound in bytes of principal names, so that long crafted names
  // cannot grow the tally past it either.
  size_t max_principal_bytes_per_control = size_t{16} << 20;
  // How many principals ControlPosture::top_principals holds.
  size_t top_principals = 3;
};

struct PrincipalMatches {
  std::string principal;
  uint64_t matches = 0;
};

// One detection rule that names a control, and what it matched.
struct ControlPosture {
  std::string control;      // "4.1"
  std::string securityhub;  // "CloudWatch.2"; "" when none
  std::string benchmark;    // "CIS AWS Foundations Benchmark v3.0.0"
  std::string profile;      // "Level 1"
  std::string title;        // the rule's title
  std::string rule_id;      // its id, else its name
  uint32_t rule = 0;        // index into the RuleSet
  uint64_t matches = 0;
  // Distinct non-empty principals among the matches; a lower bound when
  // principals_capped.
  uint64_t principals = 0;
  bool principals_capped = false;
  // Earliest and latest HuntMatch::time_ns among the matches (kNoTime when
  // no match had a time), and eventTime as written in those records.
  int64_t first_time_ns = kNoTime;
  int64_t last_time_ns = kNoTime;
  std::string first_time;
  std::string last_time;
  // The principals with the most matches, by count descending, then name
  // ascending; at most PostureOptions::top_principals.
  std::vector<PrincipalMatches> top_principals;
};

struct PostureReport {
  // One entry per detection rule with a control, ordered by control id in
  // natural order (runs of digits compare as numbers: "4.2" < "4.10",
  // "CloudWatch.2" < "CloudWatch.10", "F-7" < "F-12"), then by rule order.
  std::vector<ControlPosture> controls;
  // The control ids none of whose rules matched, in the order above, each
  // once.
  std::vector<std::string> never_fired;
  HuntSummary summary;
};

// Orders control ids as PostureReport::controls does: < 0, 0, > 0.
int CompareControlIds(std::string_view a, std::string_view b);

// Collects matches of the rules that name a control. Every call is passed
// on to `also` when given (matches of every rule, reported or not: check
// HuntRule::reported there as for any sink).
class PostureBuilder : public HuntSink {
 public:
  PostureBuilder(std::shared_ptr<const RuleSet> rules, const PostureOptions& options,
                 HuntSink* also = nullptr);
  ~PostureBuilder() override;
  PostureBuilder(const PostureBuilder&) = delete;
  PostureBuilder& operator=(const PostureBuilder&) = delete;

  void OnMatch(const HuntMatch& match) override;
  void OnAlert(const HuntAlert& alert) override;
  void OnRecordError(const RecordError& error) override;
  void OnSkipped(std::string_view source, std::string_view why) override;
  void OnSourceDone(size_t source_index, const SourceOutcome& outcome) override;

  // The report so far, with `summary` (the hunt's) kept in it.
  PostureReport Report(HuntSummary summary) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  HuntSink* also_;
};

// Hunts `sources` with `rules` and reports on the rules that name a control.
PostureReport RunPosture(std::shared_ptr<const RuleSet> rules, const std::vector<Source>& sources,
                         const HuntOptions& options, const PostureOptions& posture_options = {},
                         HuntSink* also = nullptr);

}  // namespace trailhunt

#endif  // TRAILHUNT_POSTURE_H_
