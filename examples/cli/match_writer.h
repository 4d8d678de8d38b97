// A hunt's results as the CLI prints them: detection matches and correlation
// alerts as JSON lines (one object each), CSV or an aligned table.
//
// jsonl match: rule_id, rule_title, level, tags, source, record_index,
// eventTime, principal, src_ip, eventName [, raw]. jsonl alert: rule_id,
// rule_title, level, tags, kind "correlation", group, first_eventTime,
// last_eventTime, value, events, events_total. csv and table carry the
// match's scalar columns; when the rule set has correlations, one more
// column, `correlation`, describes an alert in words (its row leaves the
// record columns empty and puts the window's last time under eventTime).
#ifndef TRAILHUNT_CLI_MATCH_WRITER_H_
#define TRAILHUNT_CLI_MATCH_WRITER_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "table_writer.h"
#include "trailhunt/hunt.h"
#include "trailhunt/input.h"

namespace cli {

enum class MatchFormat { kJsonl, kCsv, kTable };

class MatchWriter {
 public:
  // `sources` names the sources alerts refer to by index; it and `out`
  // must outlive the writer.
  MatchWriter(MatchFormat format, bool with_raw, bool with_correlations,
              const std::vector<trailhunt::Source>* sources, std::FILE* out);

  void Match(const trailhunt::HuntMatch& match, const trailhunt::HuntRule& rule);
  void Alert(const trailhunt::HuntAlert& alert, const trailhunt::HuntRule& rule);
  // Writes what the table still holds (and a header when nothing came).
  void Finish();

 private:
  void AppendRuleKeys(std::string& line, const trailhunt::HuntRule& rule) const;
  std::vector<trailhunt::Value> RuleCells(const trailhunt::HuntRule& rule) const;
  std::string SourceName(uint64_t source_index) const;

  MatchFormat format_;
  bool with_raw_;
  bool with_correlations_;
  const std::vector<trailhunt::Source>* sources_;
  std::FILE* out_;
  std::unique_ptr<RowWriter> rows_;  // csv and table
  std::string line_;                 // jsonl: reused per object
};

// Appends `json` (one valid JSON value) on one line: whitespace outside
// strings dropped, and DEL and C1 control characters inside strings written
// as \u escapes, so a record printed with --raw can neither break a JSON
// line nor drive a terminal.
void AppendCompactJson(std::string& out, std::string_view json);

// `text` as a JSON string, or null when it is empty: absent text is null in
// JSON, so "no principal" and "" cannot be confused with a value some record
// really holds.
void AppendJsonStringOrNull(std::string& out, std::string_view text);

// The rule's tags joined with ',' (table and csv cells).
std::string JoinedTags(const trailhunt::sigma::RuleInfo& info);

}  // namespace cli

#endif  // TRAILHUNT_CLI_MATCH_WRITER_H_
