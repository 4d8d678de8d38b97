#include "correlate/reorder_buffer.h"

#include <algorithm>
#include <utility>

namespace trailhunt::correlate_internal {

void ReorderBuffer::Push(correlate::Observation observation) {
  heap_.push_back(Entry{std::move(observation), next_arrival_++});
  std::push_heap(heap_.begin(), heap_.end(), AppliedLater);
}

void ReorderBuffer::Pop(correlate::Observation* out) {
  std::pop_heap(heap_.begin(), heap_.end(), AppliedLater);
  *out = std::move(heap_.back().observation);
  heap_.pop_back();
}

}  // namespace trailhunt::correlate_internal
