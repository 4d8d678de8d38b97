#include "correlate/held_ring.h"

#include <utility>

namespace trailhunt::correlate_internal {
namespace {

// Rings at most this large are kept when they empty: a group that sees a
// handful of events per window never reallocates.
constexpr size_t kKeptCapacity = 16;

}  // namespace

HeldEvent& HeldRing::PushBack() {
  if (size_ == slots_.size()) Resize(slots_.empty() ? 4 : slots_.size() * 2);
  HeldEvent& slot = slots_[(head_ + size_) & mask()];
  ++size_;
  return slot;
}

void HeldRing::PopFront() {
  if (size_ == 0) return;
  head_ = (head_ + 1) & mask();
  --size_;
  if (slots_.size() > kKeptCapacity && size_ <= slots_.size() / 4) {
    Resize(slots_.size() / 2);
  }
}

void HeldRing::Clear() {
  head_ = 0;
  size_ = 0;
  if (slots_.size() > kKeptCapacity) {
    std::vector<HeldEvent>().swap(slots_);
  }
}

void HeldRing::Resize(size_t capacity) {
  std::vector<HeldEvent> resized(capacity);
  for (size_t i = 0; i < size_; ++i) {
    resized[i] = std::move(slots_[(head_ + i) & mask()]);
  }
  slots_.swap(resized);
  head_ = 0;
}

}  // namespace trailhunt::correlate_internal
