#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "trailhunt/engine.h"
#include "trailhunt/time.h"

namespace {

std::string Record(int source, int i) {
  return "{\"eventName\":\"E" + std::to_string(i) + "\",\"eventTime\":\"2024-01-" +
         (i % 2 ? std::string("15") : std::string("16")) + "T10:00:00Z\",\"src\":" +
         std::to_string(source) + "}\n";
}

class OrderWork : public trailhunt::SourceWork {
 public:
  void OnRecord(const trailhunt::Record& r) override {
    seen.push_back(std::string(r.location.source) + "#" + std::to_string(r.location.record_index));
  }
  void OnError(const trailhunt::RecordError& e) override {
    seen.push_back("error#" + std::to_string(e.location.record_index));
  }
  std::vector<std::string> seen;
};

std::vector<std::string> RunScan(const std::vector<trailhunt::Source>& sources,
                                 trailhunt::ScanOptions options, trailhunt::ScanSummary* summary) {
  std::vector<std::string> order;
  size_t expected_next = 0;
  *summary = trailhunt::Scan(
      sources, options, [](size_t) { return std::make_unique<OrderWork>(); },
      [&](size_t i, std::unique_ptr<trailhunt::SourceWork> work, const trailhunt::SourceOutcome&) {
        CHECK(i == expected_next);  // in source order, always
        ++expected_next;
        for (const auto& s : static_cast<OrderWork*>(work.get())->seen) order.push_back(s);
      });
  return order;
}

}  // namespace

TEST_CASE("engine: output order is the same for every thread count") {
  std::vector<std::string> buffers;
  for (int s = 0; s < 40; ++s) {
    std::string b;
    for (int i = 0; i < 25 + s; ++i) b += Record(s, i);
    if (s % 7 == 3) b += "{\"eventName\": broken\n";
    buffers.push_back(std::move(b));
  }
  std::vector<trailhunt::Source> sources;
  for (size_t s = 0; s < buffers.size(); ++s) {
    sources.push_back(trailhunt::MemorySource("mem" + std::to_string(s), buffers[s]));
  }
  trailhunt::ScanOptions one;
  one.threads = 1;
  trailhunt::ScanSummary s1, s4, s8;
  const auto reference = RunScan(sources, one, &s1);
  trailhunt::ScanOptions four;
  four.threads = 4;
  CHECK(RunScan(sources, four, &s4) == reference);
  trailhunt::ScanOptions eight;
  eight.threads = 8;
  CHECK(RunScan(sources, eight, &s8) == reference);
  CHECK(s1.counters.records_seen == s4.counters.records_seen);
  CHECK(s1.counters.records_rejected == 6);
  CHECK(s1.counters.Reconciles());
  CHECK(s4.counters.Reconciles());
  CHECK(s1.counters.sources_read == 40);
}

TEST_CASE("engine: --since/--until keep [since, until) and count the rest") {
  std::string b;
  for (int i = 0; i < 10; ++i) b += Record(0, i);
  b += "{\"eventName\":\"NoTime\"}\n";
  std::vector<trailhunt::Source> sources = {trailhunt::MemorySource("m", b)};
  trailhunt::ScanOptions options;
  options.threads = 1;
  options.since_ns = *trailhunt::ParseIso8601("2024-01-16T00:00:00Z");
  trailhunt::ScanSummary summary;
  const auto seen = RunScan(sources, options, &summary);
  CHECK(seen.size() == 5);  // the five even records on the 16th
  CHECK(summary.records_out_of_range == 6);  // five on the 15th and one without time
  options.since_ns = trailhunt::kNoTime;
  options.until_ns = *trailhunt::ParseIso8601("2024-01-16T10:00:00Z");
  CHECK(RunScan(sources, options, &summary).size() == 5);  // until is exclusive
  CHECK(summary.counters.Reconciles());
}

TEST_CASE("engine: an unreadable source is reported and the scan goes on") {
  std::string ok = Record(0, 1);
  std::vector<trailhunt::Source> sources = {trailhunt::FileSource("/nonexistent/trailhunt/x.json"),
                                            trailhunt::MemorySource("m", ok)};
  trailhunt::ScanOptions options;
  options.threads = 2;
  trailhunt::ScanSummary summary;
  const auto seen = RunScan(sources, options, &summary);
  CHECK(summary.sources_failed == 1);
  CHECK(seen.size() == 1);
}

TEST_CASE("engine: a stop set from done ends the scan after the sources already claimed") {
  std::vector<std::string> buffers;
  for (int s = 0; s < 30; ++s) buffers.push_back(Record(s, 0) + Record(s, 1));
  std::vector<trailhunt::Source> sources;
  for (size_t s = 0; s < buffers.size(); ++s) {
    sources.push_back(trailhunt::MemorySource("mem" + std::to_string(s), buffers[s]));
  }
  for (int threads : {1, 2, 4}) {
    CAPTURE(threads);
    std::atomic<bool> stop{false};
    trailhunt::ScanOptions options;
    options.threads = threads;
    options.stop = &stop;
    size_t delivered = 0;
    const trailhunt::ScanSummary summary = trailhunt::Scan(
        sources, options, [](size_t) { return std::make_unique<OrderWork>(); },
        [&](size_t i, std::unique_ptr<trailhunt::SourceWork>, const trailhunt::SourceOutcome&) {
          CHECK(i == delivered);  // still in order, still a prefix
          ++delivered;
          if (i == 2) stop.store(true);
        });
    // At most the window of claimed sources (2 x threads) follows the stop.
    CHECK(delivered >= 3);
    CHECK(delivered <= 3 + 2 * static_cast<size_t>(threads));
    CHECK(summary.sources_not_read == sources.size() - delivered);
    CHECK(summary.counters.sources_read == delivered);
  }
}
