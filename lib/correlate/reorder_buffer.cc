#include "correlate/reorder_buffer.h"

#include <algorithm>
#include <utility>

namespace trailhunt::correlate_internal {

void ReorderBuffer::Push(correlate::Observation observation) {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
    slots_[slot] = std::move(observation);
  } else {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.push_back(std::move(observation));
  }
  const Key key{slots_[slot].time_ns, next_arrival_++, slot};
  if (in_order_.empty() || in_order_.back().time_ns <= key.time_ns) {
    in_order_.PushBack() = key;
  } else {
    heap_.push_back(key);
    std::push_heap(heap_.begin(), heap_.end(), AppliedLater());
  }
}

void ReorderBuffer::Pop(correlate::Observation* out) {
  uint32_t slot;
  if (HeapFirst()) {
    std::pop_heap(heap_.begin(), heap_.end(), AppliedLater());
    slot = heap_.back().slot;
    heap_.pop_back();
  } else {
    slot = in_order_.front().slot;
    in_order_.PopFront();
  }
  *out = std::move(slots_[slot]);
  free_slots_.push_back(slot);
}

}  // namespace trailhunt::correlate_internal
