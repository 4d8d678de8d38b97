// File: group_table.h
// The open groups of one correlator: found by a hash of their key, kept in
// slots that are reused (a group's window storage outlives the group), and
// linked in deadline order so that the groups event time has left behind
// are found at the front in O(1).
#ifndef TRAILHUNT_LIB_CORRELATE_GROUP_TABLE_H_
#define TRAILHUNT_LIB_CORRELATE_GROUP_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "correlate/window.h"
#include "trailhunt/value.h"

namespace trailhunt::correlate_internal {

struct Group {
  std::string key;           // AppendGroupKey of `values`
  std::vector<Value> values;  // as the first observation of the group gave them
  // Event time after which the group can no longer change: the end of an
  // anchored window, or one timespan after the last event of a sliding one.
  int64_t deadline = 0;
  int64_t window_start = 0;  // anchored windows: the first event's time
  uint32_t prev = 0, next = 0;  // deadline order
  // The last observation applied, to recognise the same event arriving
  // again for another referenced rule.
  bool has_last = false;
  uint32_t last_rule = 0;
  correlate::EventRef last_ref;
  Window window;
};

class GroupTable {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  size_t size() const { return index_.size(); }
  uint32_t Find(const std::string& key) const;
  // Adds a group whose deadline is no earlier than any other's; its window
  // is empty (Reset by the caller). The table must not hold `key`.
  uint32_t Create(const std::string& key, std::vector<Value>&& values, int64_t deadline);
  // Moves a group to the back of the deadline order with a new deadline no
  // earlier than any other's.
  void Touch(uint32_t id, int64_t deadline);
  void Erase(uint32_t id);
  // The group with the earliest deadline; kNone when there is none.
  uint32_t oldest() const { return head_; }
  Group& at(uint32_t id) { return slots_[id]; }

 private:
  void Unlink(uint32_t id);
  void LinkBack(uint32_t id);

  absl::flat_hash_map<std::string, uint32_t> index_;
  std::vector<Group> slots_;
  std::vector<uint32_t> free_;
  uint32_t head_ = kNone, tail_ = kNone;
};

}  // namespace trailhunt::correlate_internal

#endif  // TRAILHUNT_LIB_CORRELATE_GROUP_TABLE_H_
