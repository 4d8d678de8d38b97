#include "sigma/correlation.h"

#include <cmath>
#include <limits>
#include <optional>

#include "sigma/metadata.h"
#include "sigma/modifiers.h"
#include "trailhunt/value.h"

namespace trailhunt::sigma {

std::string_view CorrelationTypeName(CorrelationType type) {
  switch (type) {
    case CorrelationType::kEventCount: return "event_count";
    case CorrelationType::kValueCount: return "value_count";
    case CorrelationType::kTemporal: return "temporal";
    case CorrelationType::kTemporalOrdered: return "temporal_ordered";
    case CorrelationType::kValueSum: return "value_sum";
    case CorrelationType::kValueAvg: return "value_avg";
    case CorrelationType::kValuePercentile: return "value_percentile";
    case CorrelationType::kValueMedian: return "value_median";
  }
  return "unknown";
}

bool CorrelationCondition::Holds(double value) const {
  if (gt && !(value > *gt)) return false;
  if (gte && !(value >= *gte)) return false;
  if (lt && !(value < *lt)) return false;
  if (lte && !(value <= *lte)) return false;
  if (eq && !(value == *eq)) return false;
  if (neq && !(value != *neq)) return false;
  return true;
}

}  // namespace trailhunt::sigma

namespace trailhunt::sigma_internal {
namespace {

constexpr CorrelationType kTypes[] = {
    CorrelationType::kEventCount, CorrelationType::kValueCount,
    CorrelationType::kTemporal,   CorrelationType::kTemporalOrdered,
    CorrelationType::kValueSum,   CorrelationType::kValueAvg,
    CorrelationType::kValuePercentile, CorrelationType::kValueMedian,
};

bool IsTemporal(CorrelationType t) {
  return t == CorrelationType::kTemporal || t == CorrelationType::kTemporalOrdered;
}
bool NeedsField(CorrelationType t) {
  return t != CorrelationType::kEventCount && !IsTemporal(t);
}

// "<n>s|m|h|d" (the specification's units) -> nanoseconds.
bool ParseTimespan(const std::string& text, int64_t* ns) {
  if (text.size() < 2 || text.size() > 12) return false;
  int64_t unit = 0;
  switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    default: return false;
  }
  int64_t n = 0;
  for (size_t i = 0; i + 1 < text.size(); ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');  // at most 11 digits: no overflow
  }
  constexpr int64_t kMaxSeconds = std::numeric_limits<int64_t>::max() / 1000000000;
  if (n <= 0 || n > kMaxSeconds / unit) return false;
  *ns = n * unit * 1000000000;
  return true;
}

class CorrelationReader {
 public:
  CorrelationReader(Report& report, CorrelationRule* out) : report_(report), out_(out) {}

  bool Read(const YamlNode& document, const YamlNode& key_node, const YamlNode& section) {
    if (!section.is_map()) {
      return Fail(section, "key 'correlation'", "'correlation' must be a map");
    }
    const YamlNode* type = nullptr;
    const YamlNode* rules = nullptr;
    const YamlNode* timespan = nullptr;
    const YamlNode* condition = nullptr;
    const YamlNode* generate = nullptr;
    for (const auto& [key, value] : section.entries) {
      const std::string& k = key.text;
      if (k == "type") {
        type = &value;
      } else if (k == "rules") {
        rules = &value;
      } else if (k == "group-by") {
        ok_ = ReadTextList(value, "correlation.group-by", report_, &out_->group_by) && ok_;
        for (std::string& name : out_->group_by) name = SigmaFieldName(name);
      } else if (k == "timespan") {
        timespan = &value;
      } else if (k == "condition") {
        condition = &value;
      } else if (k == "aliases") {
        ReadAliases(value);
      } else if (k == "generate") {
        generate = &value;
      } else {
        const std::string hint = k == "timeframe" ? " (the correlation's window is 'timespan')" : "";
        Fail(key, "key 'correlation." + k + "'",
             "unknown key '" + k + "' in 'correlation'" + hint +
                 "; known keys: type, rules, group-by, timespan, condition, aliases, generate");
      }
    }
    if (!type) return Fail(key_node, "correlation.type", "the correlation has no 'type'");
    if (!ReadType(*type)) return false;
    if (!rules) return Fail(key_node, "correlation.rules", "the correlation has no 'rules'");
    if (!ReadTextList(*rules, "correlation.rules", report_, &out_->rules)) {
      ok_ = false;
    } else if (out_->rules.empty()) {
      Fail(*rules, "correlation.rules", "'rules' names no rule");
    }
    if (!timespan) return Fail(key_node, "correlation.timespan", "the correlation has no 'timespan'");
    if (!timespan->is_scalar() || !ParseTimespan(timespan->text, &out_->timespan_ns)) {
      Fail(*timespan, "correlation.timespan",
           "'timespan' must be a positive whole number followed by s, m, h or d (such as 90m), "
           "not '" + timespan->text + "'");
    }
    ReadCondition(key_node, condition);
    if (const YamlNode* top = document.Find("generate")) {
      if (generate) {
        Fail(*top, "key 'generate'", "'generate' is given both at the top level and in 'correlation'");
      }
      generate = top;
    }
    if (generate) {
      bool value = false;
      if (generate->IsBool(&value)) {
        out_->generate = value;
      } else {
        Fail(*generate, "key 'generate'", "'generate' must be true or false");
      }
    }
    return ok_;
  }

 private:
  bool Fail(const YamlNode& at, std::string construct, std::string message) {
    report_.Error(at, std::move(construct), std::move(message));
    ok_ = false;
    return false;
  }

  bool ReadType(const YamlNode& node) {
    if (node.is_scalar()) {
      for (CorrelationType t : kTypes) {
        if (node.text == sigma::CorrelationTypeName(t)) {
          out_->type = t;
          return true;
        }
      }
    }
    return Fail(node, "correlation type '" + node.text + "'",
                "unknown correlation type '" + node.text +
                    "'; known types: event_count, value_count, temporal, temporal_ordered, "
                    "value_sum, value_avg, value_percentile, value_median");
  }

  void ReadAliases(const YamlNode& node) {
    if (node.is_null()) return;
    if (!node.is_map()) {
      Fail(node, "correlation.aliases", "'aliases' must map each alias to a map of rule: field");
      return;
    }
    for (const auto& [alias, mapping] : node.entries) {
      if (!mapping.is_map()) {
        Fail(mapping, "correlation.aliases",
             "the alias '" + alias.text + "' must map rule names to field names");
        continue;
      }
      auto& fields = out_->aliases[alias.text];
      for (const auto& [rule, field] : mapping.entries) {
        if (!field.is_scalar()) {
          Fail(field, "correlation.aliases", "the alias '" + alias.text + "' for rule '" +
                                                 rule.text + "' must name a field");
          continue;
        }
        fields[rule.text] = SigmaFieldName(field.text);
      }
    }
  }

  void ReadCondition(const YamlNode& section, const YamlNode* node) {
    const CorrelationType type = out_->type;
    const std::string type_name(sigma::CorrelationTypeName(type));
    CorrelationCondition& c = out_->condition;
    if (!node || node->is_null()) {
      if (IsTemporal(type)) {
        // "All events defined by the rules referred ... must occur": every
        // referenced rule seen within the timespan.
        c.gte = static_cast<double>(out_->rules.size());
        return;
      }
      Fail(section, "correlation.condition",
           "a correlation of type " + type_name + " needs a 'condition'");
      return;
    }
    if (!node->is_map()) {
      Fail(*node, "correlation.condition",
           "'condition' must be a map such as {gte: 10} or {gt: 100, lte: 200}");
      return;
    }
    bool has_bound = false;
    const YamlNode* percentile = nullptr;
    for (const auto& [key, value] : node->entries) {
      const std::string& k = key.text;
      std::optional<double>* bound = k == "gt"    ? &c.gt
                                     : k == "gte" ? &c.gte
                                     : k == "lt"  ? &c.lt
                                     : k == "lte" ? &c.lte
                                     : k == "eq"  ? &c.eq
                                     : k == "neq" ? &c.neq
                                                  : nullptr;
      if (bound) {
        has_bound = true;  // reported below when its value is no number
        double number = 0;
        if (!value.is_scalar() || !ParseDecimal(value.text, &number) || !std::isfinite(number)) {
          Fail(value, "correlation.condition." + k,
               "'" + k + "' must be a number, not '" + value.text + "'");
          continue;
        }
        *bound = number;
      } else if (k == "field") {
        if (!NeedsField(type)) {
          Fail(key, "correlation.condition.field",
               "a correlation of type " + type_name + " has no 'field'; only value_count, "
               "value_sum, value_avg, value_percentile and value_median do");
          continue;
        }
        if (!value.is_scalar() || value.text.empty()) {
          Fail(value, "correlation.condition.field", "'field' must name one field");
          continue;
        }
        c.field = SigmaFieldName(value.text);
      } else if (k == "percentile") {
        percentile = &value;
      } else {
        Fail(key, "key 'correlation.condition." + k + "'",
             "unknown key '" + k + "' in the correlation condition; known keys: gt, gte, lt, "
             "lte, eq, neq, field, percentile");
      }
    }
    if (!has_bound) {
      Fail(*node, "correlation.condition",
           "the condition needs at least one of gt, gte, lt, lte, eq, neq");
    }
    if (NeedsField(type) && c.field.empty()) {
      Fail(*node, "correlation.condition.field",
           "a correlation of type " + type_name + " needs 'field' in its condition");
    }
    if (type == CorrelationType::kValuePercentile) {
      double p = 0;
      if (!percentile) {
        Fail(*node, "correlation.condition.percentile",
             "a value_percentile correlation needs 'percentile' (0 to 100) in its condition");
      } else if (!percentile->is_scalar() || !ParseDecimal(percentile->text, &p) || p < 0 ||
                 p > 100) {
        Fail(*percentile, "correlation.condition.percentile",
             "'percentile' must be a number from 0 to 100");
      } else {
        c.percentile = p;
      }
    } else if (percentile) {
      Fail(*percentile, "correlation.condition.percentile",
           "only a value_percentile correlation has a 'percentile'");
    }
  }

  Report& report_;
  CorrelationRule* out_;
  bool ok_ = true;
};

}  // namespace

bool ReadCorrelation(const YamlNode& document, const YamlNode& key, const YamlNode& section,
                     Report& report, CorrelationRule* out) {
  CorrelationReader reader(report, out);
  return reader.Read(document, key, section);
}

}  // namespace trailhunt::sigma_internal
