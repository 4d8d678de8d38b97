// File: held_ring.h
// A FIFO ring whose slots are reused: once warm, pushing and popping
// allocates nothing (a slot's strings keep their capacity). It gives memory
// back when it falls to a quarter of its capacity, so one past burst does
// not pin its peak size. Used for the events a group's window holds and for
// the in-order arrivals of the reorder buffer.
#ifndef TRAILHUNT_LIB_CORRELATE_HELD_RING_H_
#define TRAILHUNT_LIB_CORRELATE_HELD_RING_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "trailhunt/correlate.h"

namespace trailhunt::correlate_internal {

template <typename T>
class Ring {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // 0 is the oldest element.
  const T& operator[](size_t i) const { return slots_[(head_ + i) & mask()]; }
  const T& front() const { return (*this)[0]; }
  const T& back() const { return (*this)[size_ - 1]; }

  // Appends a slot for the caller to fill; its previous contents are stale.
  T& PushBack() {
    if (size_ == slots_.size()) Resize(slots_.empty() ? 4 : slots_.size() * 2);
    T& slot = slots_[(head_ + size_) & mask()];
    ++size_;
    return slot;
  }
  void PopFront() {
    if (size_ == 0) return;
    head_ = (head_ + 1) & mask();
    --size_;
    if (slots_.size() > kKeptCapacity && size_ <= slots_.size() / 4) Resize(slots_.size() / 2);
  }
  // Empties the ring; a large one gives its memory back.
  void Clear() {
    head_ = 0;
    size_ = 0;
    if (slots_.size() > kKeptCapacity) std::vector<T>().swap(slots_);
  }

 private:
  // Rings at most this large are kept when they empty: a group that sees a
  // handful of events per window never reallocates.
  static constexpr size_t kKeptCapacity = 16;

  size_t mask() const { return slots_.size() - 1; }
  void Resize(size_t capacity) {
    std::vector<T> resized(capacity);
    for (size_t i = 0; i < size_; ++i) resized[i] = std::move(slots_[(head_ + i) & mask()]);
    slots_.swap(resized);
    head_ = 0;
  }

  std::vector<T> slots_;  // size is 0 or a power of two
  size_t head_ = 0;
  size_t size_ = 0;
};

struct HeldEvent {
  int64_t time_ns = 0;
  correlate::EventRef ref;
  uint32_t rule = 0;
  // value_sum / avg / percentile / median: the event's value when it is a
  // number.
  bool has_number = false;
  double number = 0;
  // value_count: the value's text when it has one.
  bool has_text = false;
  std::string text;
};

using HeldRing = Ring<HeldEvent>;

}  // namespace trailhunt::correlate_internal

#endif  // TRAILHUNT_LIB_CORRELATE_HELD_RING_H_
