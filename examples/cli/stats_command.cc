// trailhunt stats: what is in these logs, at a glance: how records arrived,
// which versions, services and calls, which errors, who logged in without
// MFA and who collects errors (the first two questions of a CloudTrail hunt).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "commands.h"
#include "report.h"
#include "table_writer.h"
#include "trailhunt/engine.h"
#include "trailhunt/event.h"
#include "trailhunt/json_text.h"

namespace cli {
namespace {

// Counts per key, bounded: past kMaxKeys distinct keys the rest is "(other)"
// so hostile input cannot grow memory without bound.
class Counter {
 public:
  static constexpr size_t kMaxKeys = 100000;
  void Add(const std::string& key, uint64_t n = 1) {
    auto it = counts_.find(key);
    if (it != counts_.end()) {
      it->second += n;
    } else if (counts_.size() < kMaxKeys) {
      counts_.emplace(key, n);
    } else {
      counts_["(other)"] += n;
    }
  }
  void Merge(const Counter& o) {
    for (const auto& [k, n] : o.counts_) Add(k, n);
  }
  // Highest counts first, ties by key; `limit` 0 = all.
  std::vector<std::pair<std::string, uint64_t>> Top(size_t limit) const {
    std::vector<std::pair<std::string, uint64_t>> v(counts_.begin(), counts_.end());
    std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (limit && v.size() > limit) v.resize(limit);
    return v;
  }
  const std::map<std::string, uint64_t>& counts() const { return counts_; }
  size_t size() const { return counts_.size(); }

 private:
  std::map<std::string, uint64_t> counts_;
};

struct Sections {
  Counter envelope, version, source, name, error, identity, mfa_logins, error_principals, rejected;

  void Merge(const Sections& o) {
    envelope.Merge(o.envelope);
    version.Merge(o.version);
    source.Merge(o.source);
    name.Merge(o.name);
    error.Merge(o.error);
    identity.Merge(o.identity);
    mfa_logins.Merge(o.mfa_logins);
    error_principals.Merge(o.error_principals);
    rejected.Merge(o.rejected);
  }
};

const char kSep = '\x1f';  // joins the parts of a two-part key

class StatsWork : public trailhunt::SourceWork {
 public:
  explicit StatsWork(const trailhunt::Limits& limits) : limits_(limits) {}
  void OnRecord(const trailhunt::Record& r) override {
    s.envelope.Add(std::string(trailhunt::EnvelopeName(r.envelope)));
    auto event = trailhunt::Event::FromRecord(r, limits_);
    if (!event.ok()) {
      diagnostics.AddEventFailure(r, event.status());
      return;
    }
    const auto text = [](std::optional<std::string_view> v) {
      return v ? std::string(*v) : std::string("(none)");
    };
    s.version.Add(text(event->event_version_text()));
    s.source.Add(text(event->event_source()));
    s.name.Add(text(event->event_name()));
    s.error.Add(text(event->error_code()));
    const trailhunt::UserIdentity id = event->user_identity();
    s.identity.Add(id.present ? (id.type.empty() ? "(none)" : std::string(id.type)) : "(no userIdentity)");
    const std::string principal = event->PrincipalName();
    if (event->event_name() == std::string_view("ConsoleLogin")) {
      const trailhunt::Value mfa = event->Get("additionalEventData.MFAUsed");
      s.mfa_logins.Add(principal + kSep + (mfa.is_missing() ? "(none)" : mfa.ToDisplayString()));
    }
    if (auto code = event->error_code()) {
      s.error_principals.Add((principal.empty() ? "(unknown)" : principal) + kSep + std::string(*code));
    }
  }
  void OnError(const trailhunt::RecordError& e) override {
    s.rejected.Add(std::string(trailhunt::RejectReasonName(e.reason)));
    diagnostics.AddError(e);
  }
  void OnSkipped(std::string_view source, std::string_view why) override {
    diagnostics.AddSkipped(source, why);
  }
  Sections s;
  SourceDiagnostics diagnostics;

 private:
  trailhunt::Limits limits_;
};

struct Section {
  std::string title;
  std::vector<std::string> columns;
  std::vector<std::vector<trailhunt::Value>> rows;
};

Section Simple(const std::string& title, const std::string& column, const Counter& c, size_t limit,
               uint64_t total) {
  Section sec{title, {column, "count", "percent"}, {}};
  for (const auto& [k, n] : c.Top(limit)) {
    sec.rows.push_back({trailhunt::Value::String(k), trailhunt::Value::Int(static_cast<int64_t>(n)),
                        trailhunt::Value::Double(
                            total ? std::round(static_cast<double>(n) * 1000.0 / static_cast<double>(total)) / 10.0
                                  : 0.0)});
  }
  return sec;
}

Section Pairs(const std::string& title, const std::string& a, const std::string& b,
              const Counter& c, size_t limit) {
  Section sec{title, {a, b, "count"}, {}};
  for (const auto& [k, n] : c.Top(limit)) {
    const size_t sep = k.find(kSep);
    sec.rows.push_back({trailhunt::Value::String(k.substr(0, sep)),
                        trailhunt::Value::String(sep == std::string::npos ? "" : k.substr(sep + 1)),
                        trailhunt::Value::Int(static_cast<int64_t>(n))});
  }
  return sec;
}

}  // namespace

int RunStats(const Options& options, const std::vector<trailhunt::Source>& sources) {
  const std::string format = options.format.empty() ? "table" : options.format;
  if (format != "table" && format != "jsonl" && format != "json" && format != "markdown") {
    std::fprintf(stderr, "trailhunt stats: --format must be table, markdown, jsonl or json\n");
    return 2;
  }
  Reporter reporter;
  if (auto st = reporter.Open(options.errors_file); !st.ok()) {
    std::fprintf(stderr, "trailhunt: %s\n", std::string(st.message()).c_str());
    return 2;
  }
  Sections all;
  const trailhunt::Limits limits = options.scan.limits;
  trailhunt::ScanSummary summary = trailhunt::Scan(
      sources, options.scan, [&](size_t) { return std::make_unique<StatsWork>(limits); },
      [&](size_t i, std::unique_ptr<trailhunt::SourceWork> base, const trailhunt::SourceOutcome& outcome) {
        auto* work = static_cast<StatsWork*>(base.get());
        all.Merge(work->s);
        reporter.Source(work->diagnostics, outcome, sources[i].name);
      });
  const auto& c = summary.counters;
  const uint64_t counted = c.records_delivered - summary.records_out_of_range;

  // eventVersion rows in version order, not by count: 1.10 after 1.9.
  Section versions{"records by eventVersion", {"eventVersion", "count"}, {}};
  {
    auto v = all.version.Top(0);
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) {
      const auto va = trailhunt::EventVersion::Parse(a.first), vb = trailhunt::EventVersion::Parse(b.first);
      if (va.valid != vb.valid) return va.valid;
      if (!(va == vb)) return va < vb;
      return a.first < b.first;
    });
    for (const auto& [k, n] : v) {
      versions.rows.push_back({trailhunt::Value::String(k), trailhunt::Value::Int(static_cast<int64_t>(n))});
    }
  }
  std::vector<Section> sections;
  Section totals{"totals", {"what", "count"}, {}};
  auto total = [&](const char* what, uint64_t n) {
    totals.rows.push_back({trailhunt::Value::String(what), trailhunt::Value::Int(static_cast<int64_t>(n))});
  };
  total("sources read", c.sources_read);
  total("records seen", c.records_seen);
  total("records delivered", c.records_delivered);
  total("records rejected", c.records_rejected);
  if (summary.records_out_of_range) total("outside --since/--until", summary.records_out_of_range);
  if (c.digest_files) total("digest files (skipped)", c.digest_files);
  if (c.control_messages) total("control messages (skipped)", c.control_messages);
  if (c.lake_rows_skipped) total("Lake query rows (skipped)", c.lake_rows_skipped);
  if (c.files_skipped) total("files skipped (not CloudTrail)", c.files_skipped);
  sections.push_back(std::move(totals));
  sections.push_back(Simple("records by envelope", "envelope", all.envelope, 0, counted));
  sections.push_back(std::move(versions));
  sections.push_back(Simple("records by eventSource (top 20)", "eventSource", all.source, 20, counted));
  sections.push_back(Simple("records by eventName (top 20)", "eventName", all.name, 20, counted));
  sections.push_back(Simple("records by errorCode", "errorCode", all.error, 0, counted));
  sections.push_back(Simple("records by userIdentity.type", "userIdentity.type", all.identity, 0, counted));
  sections.push_back(Pairs("console logins by principal and MFAUsed", "principal", "MFAUsed",
                           all.mfa_logins, 0));
  sections.push_back(Pairs("errors by principal (top 20)", "principal", "errorCode",
                           all.error_principals, 20));
  if (all.rejected.size()) {
    sections.push_back(Simple("rejected records by reason", "reason", all.rejected, 0, c.records_seen));
  }

  if (format == "json") {
    std::string out = "{";
    for (size_t i = 0; i < sections.size(); ++i) {
      if (i) out += ',';
      trailhunt::AppendJsonString(out, sections[i].title);
      out += ":[";
      for (size_t r = 0; r < sections[i].rows.size(); ++r) {
        if (r) out += ',';
        out += '{';
        for (size_t k = 0; k < sections[i].columns.size(); ++k) {
          if (k) out += ',';
          trailhunt::AppendJsonString(out, sections[i].columns[k]);
          out += ':';
          sections[i].rows[r][k].AppendJson(out);
        }
        out += '}';
      }
      out += ']';
    }
    out += "}\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
  } else {
    for (size_t i = 0; i < sections.size(); ++i) {
      Section& sec = sections[i];
      if (format == "jsonl") {
        std::vector<std::string> columns = {"section"};
        columns.insert(columns.end(), sec.columns.begin(), sec.columns.end());
        RowWriter w(RowFormat::kJsonl, columns, stdout);
        for (auto& row : sec.rows) {
          row.insert(row.begin(), trailhunt::Value::String(sec.title));
          w.Add(row);
        }
        continue;
      }
      std::fprintf(stdout, "%s%s%s\n", i ? "\n" : "", format == "markdown" ? "### " : "", sec.title.c_str());
      if (format == "markdown") std::fputc('\n', stdout);
      RowWriter w(format == "markdown" ? RowFormat::kMarkdown : RowFormat::kTable, sec.columns, stdout);
      for (const auto& row : sec.rows) w.Add(row);
    }
  }
  std::fflush(stdout);
  return reporter.Finish(summary, options.strict);
}

}  // namespace cli
