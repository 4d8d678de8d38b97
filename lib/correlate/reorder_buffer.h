// File: reorder_buffer.h
// Observations waiting for event time to settle, released earliest first,
// ties in arrival order, so that the order in which they are applied (and
// so every alert) depends only on the observations and their arrival order.
//
// Most observations arrive in time order; those go to a FIFO (O(1)), the
// others to a min-heap (O(log n)), and the earlier of the two fronts is
// released first. Both order small keys; the observations themselves stay
// put in reused slots, so a buffer of 100k observations moves 24-byte keys
// instead of whole observations through cache-cold memory.
#ifndef TRAILHUNT_LIB_CORRELATE_REORDER_BUFFER_H_
#define TRAILHUNT_LIB_CORRELATE_REORDER_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "correlate/held_ring.h"
#include "trailhunt/correlate.h"

namespace trailhunt::correlate_internal {

class ReorderBuffer {
 public:
  size_t size() const { return in_order_.size() + heap_.size(); }
  bool empty() const { return size() == 0; }
  void Push(correlate::Observation observation);
  // The earliest observation's time; the buffer must not be empty.
  int64_t earliest_time() const { return Earliest().time_ns; }
  // Moves the earliest observation into `out` and removes it.
  void Pop(correlate::Observation* out);

 private:
  struct Key {
    int64_t time_ns = 0;
    uint64_t arrival = 0;
    uint32_t slot = 0;
  };
  struct AppliedLater {
    bool operator()(const Key& a, const Key& b) const {
      if (a.time_ns != b.time_ns) return a.time_ns > b.time_ns;
      return a.arrival > b.arrival;
    }
  };
  bool HeapFirst() const {
    return !heap_.empty() && (in_order_.empty() || AppliedLater()(in_order_.front(), heap_.front()));
  }
  const Key& Earliest() const { return HeapFirst() ? heap_.front() : in_order_.front(); }

  Ring<Key> in_order_;     // non-decreasing times, in arrival order
  std::vector<Key> heap_;  // the rest; std heap functions make a max-heap,
                           // so "less" is AppliedLater
  std::vector<correlate::Observation> slots_;
  std::vector<uint32_t> free_slots_;
  uint64_t next_arrival_ = 0;
};

}  // namespace trailhunt::correlate_internal

#endif  // TRAILHUNT_LIB_CORRELATE_REORDER_BUFFER_H_
