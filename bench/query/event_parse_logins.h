// File: query/event_parse_logins.h
// The first blog search written by hand, without the query stage: what a
// library user writes today. trailhunt::Scan over the same sources, each
// record parsed whole into an Event (Event::FromRecord, i.e. Event::Parse
// plus the record's location), then ConsoleLogins counted by principal name
// and additionalEventData.MFAUsed in a map per source, merged in order.
#ifndef TRAILHUNT_BENCH_QUERY_EVENT_PARSE_LOGINS_H_
#define TRAILHUNT_BENCH_QUERY_EVENT_PARSE_LOGINS_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "query/query_answer.h"
#include "trailhunt/engine.h"
#include "trailhunt/event.h"
#include "trailhunt/path.h"

namespace trailhunt_bench {

class EventParseLogins {
 public:
  EventParseLogins(const std::vector<std::string_view>& parts, int threads) {
    for (size_t i = 0; i < parts.size(); ++i) {
      sources_.push_back(trailhunt::MemorySource("part-" + std::to_string(i), parts[i]));
    }
    options_.threads = threads;
    auto path = trailhunt::FieldPath::Parse("additionalEventData.MFAUsed");
    if (path.ok()) mfa_path_ = *std::move(path);
  }

  // With `table`, also hands over (username, MFAUsed, count) rows in key
  // order, as `stats count by` displays them.
  bool Run(QueryAnswer* answer, bool table = false) {
    using Counts = std::map<std::pair<std::string, std::string>, uint64_t>;
    Counts total;
    bool ok = true;
    const trailhunt::ScanSummary summary = trailhunt::Scan(
        sources_, options_, [this](size_t) { return std::make_unique<Work>(mfa_path_); },
        [&](size_t, std::unique_ptr<trailhunt::SourceWork> base, const trailhunt::SourceOutcome& outcome) {
          auto* work = static_cast<Work*>(base.get());
          ok = ok && outcome.status.ok() && work->unparsed == 0;
          for (const auto& [key, n] : work->counts) total[key] += n;
        });
    if (!ok || summary.sources_failed != 0 || !summary.counters.Reconciles()) return false;
    answer->records += summary.counters.records_delivered;
    answer->rejected += summary.counters.records_rejected;
    answer->checksum += total.size();
    if (!table) return true;
    answer->columns = {"username", "additionalEventData.MFAUsed", "count"};
    for (const auto& [key, n] : total) answer->rows.push_back({key.first, key.second, std::to_string(n)});
    return true;
  }

 private:
  class Work : public trailhunt::SourceWork {
   public:
    explicit Work(const trailhunt::FieldPath& mfa_path) : mfa_path_(mfa_path) {}
    void OnRecord(const trailhunt::Record& record) override {
      absl::StatusOr<trailhunt::Event> event = trailhunt::Event::FromRecord(record);
      if (!event.ok()) {
        ++unparsed;
        return;
      }
      if (event->event_name() != std::optional<std::string_view>("ConsoleLogin")) return;
      // `stats count by` drops an event that lacks a by-field.
      std::string user = event->PrincipalName();
      const trailhunt::Value mfa = event->Get(mfa_path_);
      if (user.empty() || mfa.is_missing()) return;
      ++counts[{std::move(user), mfa.ToDisplayString()}];
    }
    void OnError(const trailhunt::RecordError& error) override { (void)error; }

    std::map<std::pair<std::string, std::string>, uint64_t> counts;
    uint64_t unparsed = 0;

   private:
    const trailhunt::FieldPath& mfa_path_;
  };

  std::vector<trailhunt::Source> sources_;
  trailhunt::ScanOptions options_;
  trailhunt::FieldPath mfa_path_;
};

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_QUERY_EVENT_PARSE_LOGINS_H_
