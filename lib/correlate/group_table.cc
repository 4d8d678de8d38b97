#include "correlate/group_table.h"

#include <utility>

namespace trailhunt::correlate_internal {

uint32_t GroupTable::Find(const std::string& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? kNone : it->second;
}

uint32_t GroupTable::Create(const std::string& key, std::vector<Value>&& values,
                            int64_t deadline) {
  uint32_t id;
  if (!free_.empty()) {
    id = free_.back();
    free_.pop_back();
  } else {
    id = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Group& group = slots_[id];
  group.key = key;
  group.values = std::move(values);
  group.deadline = deadline;
  group.has_last = false;
  index_.emplace(group.key, id);
  LinkBack(id);
  return id;
}

void GroupTable::Touch(uint32_t id, int64_t deadline) {
  slots_[id].deadline = deadline;
  if (tail_ == id) return;
  Unlink(id);
  LinkBack(id);
}

void GroupTable::Erase(uint32_t id) {
  Group& group = slots_[id];
  index_.erase(group.key);
  Unlink(id);
  group.key.clear();
  group.values.clear();
  free_.push_back(id);
}

void GroupTable::Unlink(uint32_t id) {
  Group& group = slots_[id];
  if (group.prev != kNone) {
    slots_[group.prev].next = group.next;
  } else {
    head_ = group.next;
  }
  if (group.next != kNone) {
    slots_[group.next].prev = group.prev;
  } else {
    tail_ = group.prev;
  }
  group.prev = group.next = kNone;
}

void GroupTable::LinkBack(uint32_t id) {
  Group& group = slots_[id];
  group.prev = tail_;
  group.next = kNone;
  if (tail_ != kNone) {
    slots_[tail_].next = id;
  } else {
    head_ = id;
  }
  tail_ = id;
}

}  // namespace trailhunt::correlate_internal
