#include "match_writer.h"

#include <algorithm>
#include <cmath>

#include "rule_loading.h"
#include "trailhunt/json_text.h"
#include "trailhunt/time.h"

namespace cli {
namespace {

using trailhunt::Value;

const std::vector<std::string> kMatchColumns = {
    "rule_id", "rule_title", "level",     "tags",      "source",
    "record_index", "eventTime", "principal", "src_ip", "eventName"};

Value TextCell(std::string_view text) {
  return text.empty() ? Value::Missing() : Value::String(std::string(text));
}

void AppendNumberOrNull(std::string& out, double value) {
  if (std::isfinite(value)) {
    Value::Double(value).AppendJson(out);
  } else {
    out += "null";
  }
}

std::string TimeText(int64_t ns) {
  return ns == trailhunt::kNoTime ? std::string() : trailhunt::FormatIso8601(ns);
}

}  // namespace

void AppendJsonStringOrNull(std::string& out, std::string_view text) {
  if (text.empty()) {
    out += "null";
  } else {
    trailhunt::AppendJsonString(out, text);
  }
}

std::string JoinedTags(const trailhunt::sigma::RuleInfo& info) {
  std::string out;
  for (const std::string& tag : info.tags) out += (out.empty() ? "" : ",") + tag;
  return out;
}

void AppendCompactJson(std::string& out, std::string_view json) {
  static constexpr char kHex[] = "0123456789abcdef";
  auto append_escape = [&out](unsigned char c) {
    out += "\\u00";
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
  };
  bool in_string = false;
  bool escaped = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(json[i]);
    if (!in_string) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
      if (c == '"') in_string = true;
      out += static_cast<char>(c);
      continue;
    }
    if (escaped) {
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == '"') {
      in_string = false;
    } else if (c < 0x20 || c == 0x7F) {
      append_escape(c);
      continue;
    } else if (c == 0xC2 && i + 1 < json.size() &&
               static_cast<unsigned char>(json[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(json[i + 1]) <= 0x9F) {
      append_escape(static_cast<unsigned char>(json[++i]));
      continue;
    }
    out += static_cast<char>(c);
  }
}

MatchWriter::MatchWriter(MatchFormat format, bool with_raw, bool with_correlations,
                         const std::vector<trailhunt::Source>* sources, std::FILE* out)
    : format_(format),
      with_raw_(with_raw),
      with_correlations_(with_correlations),
      sources_(sources),
      out_(out) {
  if (format_ == MatchFormat::kJsonl) return;
  std::vector<std::string> columns = kMatchColumns;
  if (with_correlations_) columns.emplace_back("correlation");
  rows_ = std::make_unique<RowWriter>(
      format_ == MatchFormat::kCsv ? RowFormat::kCsv : RowFormat::kTable, std::move(columns), out_);
}

std::string MatchWriter::SourceName(uint64_t source_index) const {
  return source_index < sources_->size() ? (*sources_)[source_index].name : std::string();
}

void MatchWriter::AppendRuleKeys(std::string& line, const trailhunt::HuntRule& rule) const {
  line += "{\"rule_id\":";
  AppendJsonStringOrNull(line, RuleIdOf(rule.info));
  line += ",\"rule_title\":";
  AppendJsonStringOrNull(line, rule.info.title);
  line += ",\"level\":";
  AppendJsonStringOrNull(line, rule.info.level);
  line += ",\"tags\":[";
  for (size_t i = 0; i < rule.info.tags.size(); ++i) {
    if (i) line += ',';
    trailhunt::AppendJsonString(line, rule.info.tags[i]);
  }
  line += ']';
}

std::vector<Value> MatchWriter::RuleCells(const trailhunt::HuntRule& rule) const {
  std::vector<Value> row;
  row.reserve(kMatchColumns.size() + 1);
  row.push_back(TextCell(RuleIdOf(rule.info)));
  row.push_back(TextCell(rule.info.title));
  row.push_back(TextCell(rule.info.level));
  row.push_back(TextCell(JoinedTags(rule.info)));
  return row;
}

void MatchWriter::Match(const trailhunt::HuntMatch& m, const trailhunt::HuntRule& rule) {
  if (format_ != MatchFormat::kJsonl) {
    std::vector<Value> row = RuleCells(rule);
    row.push_back(TextCell(m.source));
    row.push_back(Value::Int(static_cast<int64_t>(m.record_index)));
    row.push_back(TextCell(m.event_time));
    row.push_back(TextCell(m.principal));
    row.push_back(TextCell(m.source_ip));
    row.push_back(TextCell(m.event_name));
    if (with_correlations_) row.push_back(Value::Missing());
    rows_->Add(row);
    return;
  }
  line_.clear();
  AppendRuleKeys(line_, rule);
  line_ += ",\"source\":";
  trailhunt::AppendJsonString(line_, m.source);
  line_ += ",\"record_index\":";
  trailhunt::AppendJsonInt(line_, static_cast<int64_t>(m.record_index));
  line_ += ",\"eventTime\":";
  AppendJsonStringOrNull(line_, m.event_time);
  line_ += ",\"principal\":";
  AppendJsonStringOrNull(line_, m.principal);
  line_ += ",\"src_ip\":";
  AppendJsonStringOrNull(line_, m.source_ip);
  line_ += ",\"eventName\":";
  AppendJsonStringOrNull(line_, m.event_name);
  if (with_raw_) {
    line_ += ",\"raw\":";
    if (m.raw.empty()) {
      line_ += "null";
    } else {
      AppendCompactJson(line_, m.raw);
    }
  }
  line_ += "}\n";
  std::fwrite(line_.data(), 1, line_.size(), out_);
}

void MatchWriter::Alert(const trailhunt::HuntAlert& a, const trailhunt::HuntRule& rule) {
  const trailhunt::correlate::Alert& alert = a.alert;
  static const std::vector<std::string> kNoGroupBy;
  const std::vector<std::string>& group_by =
      rule.correlation != nullptr ? rule.correlation->group_by : kNoGroupBy;
  const size_t groups = std::min(group_by.size(), alert.group.size());
  if (format_ != MatchFormat::kJsonl) {
    // One cell says what happened, in the words of the rule.
    std::string what;
    if (rule.correlation != nullptr) {
      what += trailhunt::sigma::CorrelationTypeName(rule.correlation->type);
      what += '=';
    }
    std::string value;
    AppendNumberOrNull(value, alert.value);
    what += value;
    for (size_t g = 0; g < groups; ++g) {
      what += g == 0 ? " for " : ", ";
      what += group_by[g] + "=" + alert.group[g].ToDisplayString();
    }
    what += " (" + Counted(alert.events_total, "event", "events") + " since " +
            TimeText(alert.first_ns) + ")";
    std::vector<Value> row = RuleCells(rule);
    row.push_back(Value::Missing());  // source: an alert spans records
    row.push_back(Value::Missing());  // record_index
    row.push_back(TextCell(TimeText(alert.last_ns)));
    row.push_back(Value::Missing());
    row.push_back(Value::Missing());
    row.push_back(Value::Missing());
    if (with_correlations_) row.push_back(Value::String(what));
    rows_->Add(row);
    return;
  }
  line_.clear();
  AppendRuleKeys(line_, rule);
  line_ += ",\"kind\":\"correlation\",\"group\":{";
  for (size_t g = 0; g < groups; ++g) {
    if (g) line_ += ',';
    trailhunt::AppendJsonString(line_, group_by[g]);
    line_ += ':';
    alert.group[g].AppendJson(line_);
  }
  line_ += "},\"first_eventTime\":";
  AppendJsonStringOrNull(line_, TimeText(alert.first_ns));
  line_ += ",\"last_eventTime\":";
  AppendJsonStringOrNull(line_, TimeText(alert.last_ns));
  line_ += ",\"value\":";
  AppendNumberOrNull(line_, alert.value);
  line_ += ",\"events\":[";
  for (size_t i = 0; i < alert.events.size(); ++i) {
    if (i) line_ += ',';
    line_ += "{\"source\":";
    trailhunt::AppendJsonString(line_, SourceName(alert.events[i].source_index));
    line_ += ",\"record_index\":";
    trailhunt::AppendJsonInt(line_, static_cast<int64_t>(alert.events[i].record_index));
    line_ += '}';
  }
  line_ += "],\"events_total\":";
  trailhunt::AppendJsonInt(line_, static_cast<int64_t>(alert.events_total));
  line_ += "}\n";
  std::fwrite(line_.data(), 1, line_.size(), out_);
}

void MatchWriter::Finish() {
  if (rows_) rows_->Finish();
  std::fflush(out_);
}

}  // namespace cli
