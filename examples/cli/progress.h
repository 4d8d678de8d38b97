// A progress bar on stderr for long scans: sources finished out of the total
// and records read so far. Drawn only when enabled (stderr is a terminal) and
// only once a scan has run for a second, so short runs print nothing.
#ifndef TRAILHUNT_CLI_PROGRESS_H_
#define TRAILHUNT_CLI_PROGRESS_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace cli {

class Progress {
 public:
  Progress(bool enabled, size_t total_sources);
  ~Progress();  // erases the bar
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Any thread; cheap enough to call per record (a relaxed atomic add).
  void AddRecords(uint64_t n) { records_.fetch_add(n, std::memory_order_relaxed); }
  // The calling thread, as each source completes.
  void SourceDone() { sources_done_.fetch_add(1, std::memory_order_relaxed); }

 private:
  void Loop();
  void Draw(double seconds);

  const bool enabled_;
  const size_t total_sources_;
  std::atomic<uint64_t> records_{0};
  std::atomic<size_t> sources_done_{0};
  std::chrono::steady_clock::time_point start_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool drawn_ = false;
  std::thread thread_;
};

}  // namespace cli

#endif  // TRAILHUNT_CLI_PROGRESS_H_
