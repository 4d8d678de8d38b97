// File: held_ring.h
// The events one group's window holds, oldest first, in a ring whose slots
// are reused: once a group's ring is warm, adding and expiring events
// allocates nothing. The ring gives memory back when it falls to a quarter
// of its capacity, so one past burst does not pin its peak size.
#ifndef TRAILHUNT_LIB_CORRELATE_HELD_RING_H_
#define TRAILHUNT_LIB_CORRELATE_HELD_RING_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "trailhunt/correlate.h"

namespace trailhunt::correlate_internal {

struct HeldEvent {
  int64_t time_ns = 0;
  correlate::EventRef ref;
  uint32_t rule = 0;
  // value_sum / avg / percentile / median: the event's value when it is a
  // number.
  bool has_number = false;
  double number = 0;
  // value_count: the value's text when it has one (keeps its capacity when
  // the slot is reused).
  bool has_text = false;
  std::string text;
};

class HeldRing {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // 0 is the oldest event.
  const HeldEvent& operator[](size_t i) const { return slots_[(head_ + i) & mask()]; }
  const HeldEvent& front() const { return (*this)[0]; }
  const HeldEvent& back() const { return (*this)[size_ - 1]; }

  // Appends a slot for the caller to fill; its previous contents are stale
  // but its string keeps its capacity.
  HeldEvent& PushBack();
  void PopFront();
  // Empties the ring; a large one gives its memory back.
  void Clear();

 private:
  size_t mask() const { return slots_.size() - 1; }
  void Resize(size_t capacity);

  std::vector<HeldEvent> slots_;  // size is 0 or a power of two
  size_t head_ = 0;
  size_t size_ = 0;
};

}  // namespace trailhunt::correlate_internal

#endif  // TRAILHUNT_LIB_CORRELATE_HELD_RING_H_
