#include "correlate/window.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "correlate/value_text.h"

namespace trailhunt::correlate_internal {
namespace {

using sigma::CorrelationType;

constexpr int64_t kNoChain = std::numeric_limits<int64_t>::min();

bool CountsText(CorrelationType type) { return type == CorrelationType::kValueCount; }

bool CountsNumbers(CorrelationType type) {
  return type == CorrelationType::kValueSum || type == CorrelationType::kValueAvg ||
         type == CorrelationType::kValuePercentile || type == CorrelationType::kValueMedian;
}

// Linear interpolation between the closest ranks (numpy's default, Excel's
// PERCENTILE.INC): the 50th percentile of an even count is the mean of the
// middle two. Reorders `values`.
double Percentile(std::vector<double>* values, double percentile) {
  const double position = percentile / 100.0 * static_cast<double>(values->size() - 1);
  const size_t low = static_cast<size_t>(std::floor(position));
  auto low_it = values->begin() + static_cast<std::ptrdiff_t>(low);
  std::nth_element(values->begin(), low_it, values->end());
  const double low_value = *low_it;
  const double fraction = position - static_cast<double>(low);
  if (fraction == 0 || low + 1 >= values->size()) return low_value;
  // nth_element left everything after `low` no smaller than it.
  const double high_value = *std::min_element(low_it + 1, values->end());
  return low_value + (high_value - low_value) * fraction;
}

}  // namespace

void Window::Reset(const WindowSpec& spec) {
  ring_.Clear();
  distinct_.clear();
  rule_events_.assign(spec.rule_count, 0);
  distinct_rules_ = 0;
  sum_ = 0;
  numbers_ = 0;
  if (spec.type == CorrelationType::kTemporalOrdered) {
    chain_start_.assign(spec.rule_count, kNoChain);
  }
  chain_completed_ = 0;
  completed_start_ = 0;
  ordered_prefix_ = 0;
}

bool Window::Add(const WindowSpec& spec, int64_t time_ns, const correlate::EventRef& ref,
                 uint32_t rule, const Value& value) {
  HeldEvent& held = ring_.PushBack();
  held.time_ns = time_ns;
  held.ref = ref;
  held.rule = rule;
  held.has_number = false;
  held.has_text = false;
  bool counted = true;
  if (CountsText(spec.type)) {
    held.text.clear();
    held.has_text = AppendValueText(value, &held.text);
    if (held.has_text) {
      auto [it, inserted] = distinct_.try_emplace(held.text, 0);
      (void)inserted;
      ++it->second;
    }
    counted = held.has_text;
  } else if (CountsNumbers(spec.type)) {
    double number = 0;
    held.has_number = !value.is_multi() && value.AsNumber(&number) && std::isfinite(number);
    if (held.has_number) {
      held.number = number;
      sum_ += number;
      ++numbers_;
    }
    counted = held.has_number;
  }

  // An index outside the referenced rules joins the window but matches none.
  const bool known_rule = rule < spec.rule_count;
  if (known_rule && rule_events_.size() == spec.rule_count && rule_events_[rule]++ == 0) {
    ++distinct_rules_;
  }
  if (spec.type == CorrelationType::kTemporalOrdered && known_rule &&
      chain_start_.size() == spec.rule_count) {
    chain_completed_ = 0;
    if (rule == 0) {
      chain_start_[0] = time_ns;  // the latest start is the one that lasts longest
      chain_completed_ = 1;
      completed_start_ = time_ns;
    } else if (chain_start_[rule - 1] != kNoChain &&
               !BeyondTimespan(chain_start_[rule - 1], time_ns, spec.timespan_ns)) {
      const int64_t start = chain_start_[rule - 1];
      if (chain_start_[rule] == kNoChain || chain_start_[rule] < start) chain_start_[rule] = start;
      chain_completed_ = rule + 1;
      completed_start_ = start;
    }
    if (rule == ordered_prefix_) ++ordered_prefix_;
  } else if (spec.type == CorrelationType::kTemporalOrdered) {
    chain_completed_ = 0;
  }
  return counted;
}

void Window::Remove(const WindowSpec& spec, const HeldEvent& event) {
  if (event.has_text) {
    auto it = distinct_.find(event.text);
    if (it != distinct_.end() && --it->second == 0) distinct_.erase(it);
  }
  if (event.has_number && numbers_ > 0) {
    // Back to exactly zero when the last number leaves, so rounding from
    // subtracting never outlives the values that caused it.
    if (--numbers_ == 0) {
      sum_ = 0;
    } else {
      sum_ -= event.number;
    }
  }
  if (event.rule < spec.rule_count && rule_events_.size() == spec.rule_count &&
      --rule_events_[event.rule] == 0) {
    --distinct_rules_;
  }
}

size_t Window::ExpireBefore(const WindowSpec& spec, int64_t now_ns) {
  size_t dropped = 0;
  while (!ring_.empty() && BeyondTimespan(ring_.front().time_ns, now_ns, spec.timespan_ns)) {
    Remove(spec, ring_.front());
    ring_.PopFront();
    ++dropped;
  }
  return dropped;
}

std::optional<double> Window::ValueAtEvent(const WindowSpec& spec) const {
  switch (spec.type) {
    case CorrelationType::kEventCount:
      return static_cast<double>(ring_.size());
    case CorrelationType::kValueCount:
      return static_cast<double>(distinct_.size());
    case CorrelationType::kTemporal:
      return static_cast<double>(distinct_rules_);
    case CorrelationType::kTemporalOrdered:
      return static_cast<double>(chain_completed_);
    case CorrelationType::kValueSum:
      if (numbers_ == 0) return std::nullopt;
      return sum_;
    case CorrelationType::kValueAvg:
      if (numbers_ == 0) return std::nullopt;
      return sum_ / static_cast<double>(numbers_);
    case CorrelationType::kValuePercentile:
    case CorrelationType::kValueMedian:
      return std::nullopt;  // never decided at an event (ConditionPlan)
  }
  return std::nullopt;
}

std::optional<double> Window::ValueAtClose(const WindowSpec& spec,
                                           std::vector<double>* scratch) const {
  switch (spec.type) {
    case CorrelationType::kTemporalOrdered:
      return static_cast<double>(ordered_prefix_);
    case CorrelationType::kValuePercentile:
    case CorrelationType::kValueMedian: {
      scratch->clear();
      for (size_t i = 0; i < ring_.size(); ++i) {
        if (ring_[i].has_number) scratch->push_back(ring_[i].number);
      }
      if (scratch->empty()) return std::nullopt;
      const double percentile =
          spec.type == CorrelationType::kValueMedian ? 50.0 : spec.percentile;
      return Percentile(scratch, percentile);
    }
    default:
      return ValueAtEvent(spec);
  }
}

size_t Window::AlertStartAtEvent(const WindowSpec& spec) const {
  if (spec.type != CorrelationType::kTemporalOrdered || chain_completed_ == 0) return 0;
  // The ring is in time order: the chain's first event is the first held
  // event at its start time.
  size_t low = 0, high = ring_.size();
  while (low < high) {
    const size_t mid = low + (high - low) / 2;
    if (ring_[mid].time_ns < completed_start_) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low;
}

}  // namespace trailhunt::correlate_internal
