#include "progress.h"

#include <cstdio>
#include <string>

namespace cli {
namespace {

constexpr auto kTick = std::chrono::milliseconds(200);
constexpr double kQuietSeconds = 1.0;  // short scans print nothing
constexpr int kBarWidth = 30;

}  // namespace

Progress::Progress(bool enabled, size_t total_sources)
    : enabled_(enabled), total_sources_(total_sources), start_(std::chrono::steady_clock::now()) {
  if (enabled_) thread_ = std::thread([this] { Loop(); });
}

Progress::~Progress() {
  if (!enabled_) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  if (drawn_) std::fputs("\r\033[K", stderr);
}

void Progress::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!cv_.wait_for(lock, kTick, [this] { return stop_; })) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (seconds >= kQuietSeconds) Draw(seconds);
  }
}

void Progress::Draw(double seconds) {
  const size_t done = sources_done_.load(std::memory_order_relaxed);
  const uint64_t records = records_.load(std::memory_order_relaxed);
  const double fraction = total_sources_ ? static_cast<double>(done) / static_cast<double>(total_sources_) : 0;
  const int filled = static_cast<int>(fraction * kBarWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kBarWidth - filled), '.');
  std::fprintf(stderr, "\r\033[K[%s] %zu/%zu sources  %llu records  %.0f records/s  %.1fs", bar.c_str(),
               done, total_sources_, static_cast<unsigned long long>(records),
               seconds > 0 ? static_cast<double>(records) / seconds : 0.0, seconds);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace cli
