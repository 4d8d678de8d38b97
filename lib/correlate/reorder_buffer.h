// File: reorder_buffer.h
// Observations waiting for event time to settle: a min-heap by time, ties
// in arrival order, so that the order in which they are applied (and so
// every alert) depends only on the observations and their arrival order.
#ifndef TRAILHUNT_LIB_CORRELATE_REORDER_BUFFER_H_
#define TRAILHUNT_LIB_CORRELATE_REORDER_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "trailhunt/correlate.h"

namespace trailhunt::correlate_internal {

class ReorderBuffer {
 public:
  size_t size() const { return heap_.size(); }
  bool empty() const { return heap_.empty(); }
  void Push(correlate::Observation observation);
  // The earliest observation's time; the buffer must not be empty.
  int64_t earliest_time() const { return heap_.front().observation.time_ns; }
  // Removes the earliest observation into `out` (whose storage it reuses).
  void Pop(correlate::Observation* out);

 private:
  struct Entry {
    correlate::Observation observation;
    uint64_t arrival = 0;
  };
  // std heap functions build a max-heap: "less" means "applied later".
  static bool AppliedLater(const Entry& a, const Entry& b) {
    if (a.observation.time_ns != b.observation.time_ns) {
      return a.observation.time_ns > b.observation.time_ns;
    }
    return a.arrival > b.arrival;
  }

  std::vector<Entry> heap_;
  uint64_t next_arrival_ = 0;
};

}  // namespace trailhunt::correlate_internal

#endif  // TRAILHUNT_LIB_CORRELATE_REORDER_BUFFER_H_
