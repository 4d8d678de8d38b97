// Posture report: per control, counts and bounded per-principal tallies
// collected from a hunt's matches (posture.h).
#include "trailhunt/posture.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace trailhunt {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Numbers of any length compare by value: leading zeros dropped, then the
// longer is the larger, then digit by digit.
int CompareNumbers(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// The next run of digits, or of anything else.
std::string_view NextRun(std::string_view* rest) {
  const bool digits = IsDigit(rest->front());
  size_t end = 1;
  while (end < rest->size() && IsDigit((*rest)[end]) == digits) ++end;
  const std::string_view run = rest->substr(0, end);
  rest->remove_prefix(end);
  return run;
}

// Per control row: the counters and the bounded principal tally.
struct Tally {
  uint64_t matches = 0;
  bool capped = false;
  int64_t first_ns = kNoTime;
  int64_t last_ns = kNoTime;
  std::string first_text;
  std::string last_text;
  std::unordered_map<std::string, uint64_t> principals;
  size_t principal_bytes = 0;  // their names' total length
};

}  // namespace

int CompareControlIds(std::string_view a_id, std::string_view b_id) {
  // Natural order: runs of digits compare as numbers, other runs as text,
  // and a number sorts before text ("4.9" < "4.a").
  std::string_view a = a_id;
  std::string_view b = b_id;
  while (!a.empty() || !b.empty()) {
    if (a.empty()) return -1;  // "4" before "4.1"
    if (b.empty()) return 1;
    const std::string_view pa = NextRun(&a);
    const std::string_view pb = NextRun(&b);
    const bool da = IsDigit(pa.front());
    const bool db = IsDigit(pb.front());
    int c;
    if (da != db) {
      c = da ? -1 : 1;
    } else if (da) {
      c = CompareNumbers(pa, pb);
    } else {
      c = pa.compare(pb);
      c = c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    if (c != 0) return c;
  }
  // Equal as numbers ("4.1", "4.01"): still two controls, in a fixed order.
  const int c = a_id.compare(b_id);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

struct PostureBuilder::State {
  std::shared_ptr<const RuleSet> rules;
  PostureOptions options;
  // RuleSet index -> index into `rows`, or kNoRow for a rule with no control.
  std::vector<uint32_t> row_of_rule;
  std::vector<uint32_t> rule_of_row;
  std::vector<Tally> rows;
  std::string key;  // reused for lookups, so a known principal costs no allocation
  static constexpr uint32_t kNoRow = UINT32_MAX;
};

PostureBuilder::PostureBuilder(std::shared_ptr<const RuleSet> rules, const PostureOptions& options,
                               HuntSink* also)
    : state_(std::make_unique<State>()), also_(also) {
  state_->rules = std::move(rules);
  state_->options = options;
  const RuleSet* set = state_->rules.get();
  const size_t detections = set == nullptr ? 0 : set->detection_count();
  state_->row_of_rule.assign(detections, State::kNoRow);
  for (size_t i = 0; i < detections; ++i) {
    if (set->rule(i).info.compliance.control.empty()) continue;
    state_->row_of_rule[i] = static_cast<uint32_t>(state_->rows.size());
    state_->rule_of_row.push_back(static_cast<uint32_t>(i));
    state_->rows.emplace_back();
  }
}

PostureBuilder::~PostureBuilder() = default;

void PostureBuilder::OnMatch(const HuntMatch& match) {
  if (also_ != nullptr) also_->OnMatch(match);
  if (match.rule >= state_->row_of_rule.size()) return;
  const uint32_t row = state_->row_of_rule[match.rule];
  if (row == State::kNoRow) return;
  Tally& t = state_->rows[row];
  ++t.matches;
  if (match.time_ns != kNoTime) {
    // Ties keep the first delivered, so the text shown is deterministic.
    if (t.first_ns == kNoTime || match.time_ns < t.first_ns) {
      t.first_ns = match.time_ns;
      t.first_text.assign(match.event_time);
    }
    if (t.last_ns == kNoTime || match.time_ns > t.last_ns) {
      t.last_ns = match.time_ns;
      t.last_text.assign(match.event_time);
    }
  }
  if (match.principal.empty()) return;
  // Look up before inserting: a known principal still counts after the cap.
  state_->key.assign(match.principal);
  auto it = t.principals.find(state_->key);
  if (it != t.principals.end()) {
    ++it->second;
  } else if (t.principals.size() < state_->options.max_principals_per_control &&
             t.principal_bytes + state_->key.size() <=
                 state_->options.max_principal_bytes_per_control) {
    t.principal_bytes += state_->key.size();
    t.principals.emplace(state_->key, 1);
  } else {
    t.capped = true;
  }
}

void PostureBuilder::OnAlert(const HuntAlert& alert) {
  if (also_ != nullptr) also_->OnAlert(alert);
}

void PostureBuilder::OnRecordError(const RecordError& error) {
  if (also_ != nullptr) also_->OnRecordError(error);
}

void PostureBuilder::OnSkipped(std::string_view source, std::string_view why) {
  if (also_ != nullptr) also_->OnSkipped(source, why);
}

void PostureBuilder::OnSourceDone(size_t source_index, const SourceOutcome& outcome) {
  if (also_ != nullptr) also_->OnSourceDone(source_index, outcome);
}

PostureReport PostureBuilder::Report(HuntSummary summary) const {
  PostureReport report;
  report.summary = std::move(summary);
  const RuleSet* set = state_->rules.get();
  for (size_t row = 0; row < state_->rows.size(); ++row) {
    const Tally& t = state_->rows[row];
    const uint32_t rule = state_->rule_of_row[row];
    const sigma::RuleInfo& info = set->rule(rule).info;
    ControlPosture c;
    c.control = info.compliance.control;
    c.securityhub = info.compliance.securityhub;
    c.benchmark = info.compliance.benchmark;
    c.profile = info.compliance.profile;
    c.title = info.title;
    c.rule_id = info.id.empty() ? info.name : info.id;
    c.rule = rule;
    c.matches = t.matches;
    c.principals = t.principals.size();
    c.principals_capped = t.capped;
    c.first_time_ns = t.first_ns;
    c.last_time_ns = t.last_ns;
    c.first_time = t.first_text;
    c.last_time = t.last_text;
    // Pointers into the tally: the top few are picked without copying every
    // principal's name.
    std::vector<const std::pair<const std::string, uint64_t>*> ranked;
    ranked.reserve(t.principals.size());
    for (const auto& entry : t.principals) ranked.push_back(&entry);
    const size_t top = std::min(state_->options.top_principals, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(top),
                      ranked.end(), [](const auto* a, const auto* b) {
                        if (a->second != b->second) return a->second > b->second;
                        return a->first < b->first;
                      });
    for (size_t i = 0; i < top; ++i)
      c.top_principals.push_back({ranked[i]->first, ranked[i]->second});
    report.controls.push_back(std::move(c));
  }
  std::stable_sort(report.controls.begin(), report.controls.end(),
                   [](const ControlPosture& a, const ControlPosture& b) {
                     const int c = CompareControlIds(a.control, b.control);
                     return c != 0 ? c < 0 : a.rule < b.rule;
                   });
  // Rows of one control are adjacent now: a control never fired when none
  // of its rows matched.
  for (size_t i = 0; i < report.controls.size();) {
    size_t end = i;
    uint64_t matches = 0;
    while (end < report.controls.size() &&
           report.controls[end].control == report.controls[i].control) {
      matches += report.controls[end].matches;
      ++end;
    }
    if (matches == 0) report.never_fired.push_back(report.controls[i].control);
    i = end;
  }
  return report;
}

PostureReport RunPosture(std::shared_ptr<const RuleSet> rules, const std::vector<Source>& sources,
                         const HuntOptions& options, const PostureOptions& posture_options,
                         HuntSink* also) {
  PostureBuilder builder(rules, posture_options, also);
  HuntSummary summary = Hunt(std::move(rules), sources, options, &builder);
  return builder.Report(std::move(summary));
}

}  // namespace trailhunt
