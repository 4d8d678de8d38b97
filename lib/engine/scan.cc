#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "trailhunt/engine.h"

namespace trailhunt {
namespace {

// Drops records outside the time bounds before the user's work sees them.
class TimeFilter : public RecordSink {
 public:
  TimeFilter(SourceWork& inner, const ScanOptions& options, SourceOutcome& outcome)
      : inner_(inner), options_(options), outcome_(outcome) {}
  void OnRecord(const Record& r) override {
    if ((options_.since_ns != kNoTime && (r.time_ns == kNoTime || r.time_ns < options_.since_ns)) ||
        (options_.until_ns != kNoTime && (r.time_ns == kNoTime || r.time_ns >= options_.until_ns))) {
      ++outcome_.records_out_of_range;
      return;
    }
    inner_.OnRecord(r);
  }
  void OnError(const RecordError& e) override { inner_.OnError(e); }
  void OnSkipped(std::string_view source, std::string_view why) override {
    inner_.OnSkipped(source, why);
  }

 private:
  SourceWork& inner_;
  const ScanOptions& options_;
  SourceOutcome& outcome_;
};

struct Slot {
  std::unique_ptr<SourceWork> work;
  SourceOutcome outcome;
  bool ready = false;
};

void RunOne(const Source& source, size_t index, const ScanOptions& options,
            const SourceWorkFactory& make, Slot& slot) {
  slot.work = make(index);
  ReadOptions read_options;
  read_options.limits = options.limits;
  TimeFilter filter(*slot.work, options, slot.outcome);
  slot.outcome.status = ReadSource(source, read_options, filter, slot.outcome.counters);
}

void Account(ScanSummary& summary, const SourceOutcome& outcome) {
  summary.counters.Add(outcome.counters);
  summary.records_out_of_range += outcome.records_out_of_range;
  if (!outcome.status.ok()) ++summary.sources_failed;
}

}  // namespace

int EffectiveThreads(const ScanOptions& options) {
  if (options.threads > 0) return options.threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

ScanSummary Scan(const std::vector<Source>& sources, const ScanOptions& options,
                 const SourceWorkFactory& make, const SourceWorkDone& done) {
  ScanSummary summary;
  const size_t n = sources.size();
  const size_t threads = std::min<size_t>(static_cast<size_t>(EffectiveThreads(options)), n);
  const auto stopped = [&options] {
    return options.stop != nullptr && options.stop->load(std::memory_order_acquire);
  };
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) {
      if (stopped()) {
        summary.sources_not_read = n - i;
        break;
      }
      Slot slot;
      RunOne(sources[i], i, options, make, slot);
      Account(summary, slot.outcome);
      done(i, std::move(slot.work), slot.outcome);
    }
    return summary;
  }
  // Workers claim sources in order but may not run further ahead of the
  // in-order consumer than `window`, which bounds the results held.
  const size_t window = threads * 2;
  std::vector<Slot> slots(n);
  std::mutex mu;
  std::condition_variable cv;
  size_t next = 0;       // next source to claim
  size_t emitted = 0;    // sources handed to `done`
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (;;) {
        size_t i;
        {
          std::unique_lock<std::mutex> lock(mu);
          cv.wait(lock, [&] { return next >= n || next < emitted + window || stopped(); });
          if (next >= n || stopped()) return;
          i = next++;
        }
        Slot local;
        RunOne(sources[i], i, options, make, local);
        {
          std::lock_guard<std::mutex> lock(mu);
          slots[i] = std::move(local);
          slots[i].ready = true;
        }
        cv.notify_all();
      }
    });
  }
  for (size_t i = 0; i < n; ++i) {
    Slot slot;
    {
      std::unique_lock<std::mutex> lock(mu);
      // A stopped scan delivers what was claimed before the stop, in order.
      if (stopped() && i >= next) {
        summary.sources_not_read = n - i;
        break;
      }
      cv.wait(lock, [&] { return slots[i].ready; });
      slot = std::move(slots[i]);
    }
    Account(summary, slot.outcome);
    done(i, std::move(slot.work), slot.outcome);
    {
      std::lock_guard<std::mutex> lock(mu);
      emitted = i + 1;
    }
    cv.notify_all();
  }
  // Wake workers waiting for the window so they see the stop and return.
  {
    std::lock_guard<std::mutex> lock(mu);
    emitted = n;
  }
  cv.notify_all();
  for (std::thread& t : pool) t.join();
  return summary;
}

}  // namespace trailhunt
