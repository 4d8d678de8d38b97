#include "query/aggregate.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "query/compare.h"

namespace trailhunt::query_internal {

absl::StatusOr<AggKind> ParseAggKind(std::string_view name) {
  static constexpr std::pair<std::string_view, AggKind> kNames[] = {
      {"count", AggKind::kCount},       {"dc", AggKind::kDistinctCount},
      {"distinct_count", AggKind::kDistinctCount},
      {"values", AggKind::kValues},     {"list", AggKind::kList},
      {"min", AggKind::kMin},           {"max", AggKind::kMax},
      {"avg", AggKind::kAvg},           {"mean", AggKind::kAvg},
      {"sum", AggKind::kSum},           {"earliest", AggKind::kEarliest},
      {"latest", AggKind::kLatest},     {"first", AggKind::kFirst},
      {"last", AggKind::kLast},
  };
  for (const auto& [known, kind] : kNames) {
    if (known == name) return kind;
  }
  return absl::InvalidArgumentError("unknown stats function '" + std::string(name) + "'");
}

namespace {

// A field's value contributes each item of a multivalue; Missing, JSON null
// and empty multivalues contribute nothing (Splunk's count(f) counts
// non-null values).
template <typename F>
void ForEachItem(const Value& value, F&& f) {
  if (value.is_multi()) {
    for (const Value& item : value.items()) ForEachItem(item, f);
  } else if (!value.is_missing() && !value.is_null()) {
    f(value);
  }
}

// Several collected values are a multivalue; one is itself.
Value FromItems(std::vector<Value> items) {
  if (items.empty()) return Value::Missing();
  if (items.size() == 1) return std::move(items.front());
  return Value::Multi(std::move(items));
}

class CountState final : public AggState {
 public:
  void Add(const Value& value, int64_t) override {
    ForEachItem(value, [this](const Value&) { ++count_; });
  }
  void Merge(AggState& later) override { count_ += static_cast<CountState&>(later).count_; }
  Value Result() const override { return Value::Int(count_); }

 private:
  int64_t count_ = 0;
};

class DistinctCountState final : public AggState {
 public:
  void Add(const Value& value, int64_t) override {
    ForEachItem(value, [this](const Value& item) { seen_.insert(item.ToDisplayString()); });
  }
  void Merge(AggState& later) override {
    auto& other = static_cast<DistinctCountState&>(later);
    if (seen_.empty()) {
      seen_.swap(other.seen_);
    } else {
      seen_.merge(other.seen_);
    }
  }
  Value Result() const override { return Value::Int(static_cast<int64_t>(seen_.size())); }
  size_t held() const override { return seen_.size(); }

 private:
  std::unordered_set<std::string> seen_;
};

// values(): distinct by display text (so "1" and "1.0" both appear, as
// Splunk shows text), in lexicographic order of that text, as Splunk's stats
// documents for values() ("10" before "9"); the order is the same however
// the partials were split.
class ValuesState final : public AggState {
 public:
  void Add(const Value& value, int64_t) override {
    ForEachItem(value, [this](const Value& item) { seen_.emplace(item.ToDisplayString(), item); });
  }
  void Merge(AggState& later) override {
    auto& other = static_cast<ValuesState&>(later);
    if (seen_.empty()) {
      seen_.swap(other.seen_);
    } else {
      seen_.merge(other.seen_);
    }
  }
  Value Result() const override {
    std::vector<const std::pair<const std::string, Value>*> entries;
    entries.reserve(seen_.size());
    for (const auto& entry : seen_) entries.push_back(&entry);
    std::sort(entries.begin(), entries.end(),
              [](const auto* a, const auto* b) { return a->first < b->first; });
    std::vector<Value> items;
    items.reserve(entries.size());
    for (const auto* entry : entries) items.push_back(entry->second);
    return FromItems(std::move(items));
  }
  size_t held() const override { return seen_.size(); }

 private:
  std::unordered_map<std::string, Value> seen_;
};

class ListState final : public AggState {
 public:
  static constexpr size_t kLimit = 100;  // Splunk's list() keeps the first 100

  void Add(const Value& value, int64_t) override {
    ForEachItem(value, [this](const Value& item) {
      if (items_.size() < kLimit) items_.push_back(item);
    });
  }
  void Merge(AggState& later) override {
    for (Value& item : static_cast<ListState&>(later).items_) {
      if (items_.size() >= kLimit) break;
      items_.push_back(std::move(item));
    }
  }
  Value Result() const override { return FromItems(items_); }
  size_t held() const override { return items_.size(); }

 private:
  std::vector<Value> items_;
};

// min/max are numeric while every value is a number and text order as soon
// as one is not (over all values, numbers included, as text). Both
// candidates are kept so partials merge without revisiting events.
class MinMaxState final : public AggState {
 public:
  explicit MinMaxState(bool want_max) : want_max_(want_max) {}

  void Add(const Value& value, int64_t) override {
    ForEachItem(value, [this](const Value& item) { AddItem(item); });
  }
  void Merge(AggState& later) override {
    auto& other = static_cast<MinMaxState&>(later);
    all_numeric_ = all_numeric_ && other.all_numeric_;
    if (other.has_number_) OfferNumber(other.number_, other.number_value_);
    if (other.has_text_) OfferText(std::move(other.text_), std::move(other.text_value_));
  }
  Value Result() const override {
    if (!has_text_) return Value::Missing();
    return all_numeric_ ? number_value_ : text_value_;
  }

 private:
  void AddItem(const Value& item) {
    Number n;
    if (ToNumber(item, &n)) {
      OfferNumber(n, item);
    } else {
      all_numeric_ = false;
    }
    OfferText(item.ToDisplayString(), item);
  }
  void OfferNumber(const Number& n, const Value& item) {
    // Earlier values win ties, so the result does not depend on the split.
    if (!has_number_ || Better(CompareNumbers(n, number_))) {
      has_number_ = true;
      number_ = n;
      number_value_ = item;
    }
  }
  void OfferText(std::string text, Value item) {
    if (!has_text_ || Better(text.compare(text_))) {
      has_text_ = true;
      text_ = std::move(text);
      text_value_ = std::move(item);
    }
  }
  bool Better(int c) const { return want_max_ ? c > 0 : c < 0; }

  bool want_max_;
  bool all_numeric_ = true;
  bool has_number_ = false;
  Number number_;
  Value number_value_;
  bool has_text_ = false;
  std::string text_;
  Value text_value_;
};

// sum/avg: integers add exactly until one overflows or a non-integer
// arrives; from then on the sum is a double.
class SumState final : public AggState {
 public:
  explicit SumState(bool average) : average_(average) {}

  void Add(const Value& value, int64_t) override {
    ForEachItem(value, [this](const Value& item) {
      Number n;
      if (!ToNumber(item, &n)) return;  // non-numbers are ignored, as in Splunk
      ++count_;
      if (n.is_int) {
        AddInt(n.i);
      } else {
        ToDouble();
        double_sum_ += n.d;
      }
    });
  }
  void Merge(AggState& later) override {
    auto& other = static_cast<SumState&>(later);
    count_ += other.count_;
    if (!other.is_double_) {
      AddInt(other.int_sum_);
    } else {
      ToDouble();
      double_sum_ += other.double_sum_;
    }
  }
  Value Result() const override {
    if (count_ == 0) return Value::Missing();
    const double total = is_double_ ? double_sum_ : static_cast<double>(int_sum_);
    if (average_) return Value::Double(total / static_cast<double>(count_));
    return is_double_ ? Value::Double(double_sum_) : Value::Int(int_sum_);
  }

 private:
  void AddInt(int64_t i) {
    if (is_double_) {
      double_sum_ += static_cast<double>(i);
    } else if (int64_t sum; !__builtin_add_overflow(int_sum_, i, &sum)) {
      int_sum_ = sum;
    } else {
      ToDouble();
      double_sum_ += static_cast<double>(i);
    }
  }
  void ToDouble() {
    if (is_double_) return;
    is_double_ = true;
    double_sum_ = static_cast<double>(int_sum_);
  }

  bool average_;
  int64_t count_ = 0;
  bool is_double_ = false;
  int64_t int_sum_ = 0;
  double double_sum_ = 0;
};

// earliest/latest keep the whole value (a multivalue stays one) of the
// event with the lowest/highest _time; ties go to the first event for
// earliest and the last for latest. first/last are the same by position.
class PickState final : public AggState {
 public:
  explicit PickState(AggKind kind) : kind_(kind) {}

  void Add(const Value& value, int64_t time_ns) override {
    if (value.is_missing() || value.is_null()) return;
    if (value.is_multi() && value.items().empty()) return;
    Offer(value, time_ns);
  }
  void Merge(AggState& later) override {
    auto& other = static_cast<PickState&>(later);
    if (other.has_) Offer(std::move(other.value_), other.time_ns_);
  }
  Value Result() const override { return has_ ? value_ : Value::Missing(); }

 private:
  template <typename V>
  void Offer(V&& value, int64_t time_ns) {
    bool take = !has_;
    if (!take) {
      switch (kind_) {
        case AggKind::kEarliest: take = time_ns < time_ns_; break;
        case AggKind::kLatest: take = time_ns >= time_ns_; break;
        case AggKind::kLast: take = true; break;
        default: break;  // kFirst keeps what it has
      }
    }
    if (take) {
      has_ = true;
      value_ = std::forward<V>(value);
      time_ns_ = time_ns;
    }
  }

  AggKind kind_;
  bool has_ = false;
  Value value_;
  int64_t time_ns_ = 0;
};

}  // namespace

std::unique_ptr<AggState> NewAggState(AggKind kind) {
  switch (kind) {
    case AggKind::kCount: return std::make_unique<CountState>();
    case AggKind::kDistinctCount: return std::make_unique<DistinctCountState>();
    case AggKind::kValues: return std::make_unique<ValuesState>();
    case AggKind::kList: return std::make_unique<ListState>();
    case AggKind::kMin: return std::make_unique<MinMaxState>(false);
    case AggKind::kMax: return std::make_unique<MinMaxState>(true);
    case AggKind::kAvg: return std::make_unique<SumState>(true);
    case AggKind::kSum: return std::make_unique<SumState>(false);
    case AggKind::kEarliest:
    case AggKind::kLatest:
    case AggKind::kFirst:
    case AggKind::kLast: return std::make_unique<PickState>(kind);
  }
  return nullptr;
}

}  // namespace trailhunt::query_internal
