#include "match/aho_corasick.h"

#include <algorithm>

#include "match/text.h"

namespace trailhunt::match_internal {

AhoCorasick AhoCorasick::Build(const std::vector<std::string>& patterns, size_t max_dense_cells) {
  AhoCorasick ac;
  ac.pattern_count_ = patterns.size();

  // Byte classes: one per folded byte some pattern uses, numbered in byte
  // order so the automaton does not depend on pattern order; an upper-case
  // letter shares its lower-case letter's class.
  bool used[256] = {};
  for (const std::string& p : patterns) {
    for (char c : p) used[static_cast<unsigned char>(FoldAscii(c))] = true;
  }
  uint32_t classes = 1;
  for (int b = 0; b < 256; ++b) {
    if (used[b]) ac.class_of_[b] = static_cast<uint8_t>(classes++);
  }
  for (int b = 'A'; b <= 'Z'; ++b) ac.class_of_[b] = ac.class_of_[b - 'A' + 'a'];
  ac.class_count_ = classes;

  // The trie, with per-state child lists while building.
  std::vector<std::vector<Edge>> children(1);
  std::vector<std::vector<uint32_t>> own(1);
  auto child = [&children](uint32_t s, uint8_t cls) -> uint32_t {
    for (const Edge& e : children[s]) {
      if (e.cls == cls) return e.target;
    }
    return kNone;
  };
  for (size_t id = 0; id < patterns.size(); ++id) {
    const std::string& p = patterns[id];
    if (p.empty()) continue;
    uint32_t s = 0;
    for (char c : p) {
      const uint8_t cls = ac.class_of_[static_cast<unsigned char>(c)];
      uint32_t next = child(s, cls);
      if (next == kNone) {
        next = static_cast<uint32_t>(children.size());
        children[s].push_back({cls, next});
        children.emplace_back();
        own.emplace_back();
      }
      s = next;
    }
    own[s].push_back(static_cast<uint32_t>(id));
  }
  const size_t states = children.size();
  for (auto& list : children) {
    std::sort(list.begin(), list.end(), [](const Edge& a, const Edge& b) { return a.cls < b.cls; });
  }

  ac.fail_.assign(states, 0);
  ac.dict_.assign(states, kNone);
  ac.has_output_.assign(states, 0);
  const bool dense = states * classes <= max_dense_cells;
  if (dense) ac.delta_.assign(states * classes, 0);

  // Breadth first, so that a state's failure target (always shallower) is
  // complete before the state itself.
  std::vector<uint32_t> queue;
  queue.reserve(states);
  queue.push_back(0);
  for (size_t head = 0; head < queue.size(); ++head) {
    const uint32_t s = queue[head];
    if (dense) {
      uint32_t* row = &ac.delta_[static_cast<size_t>(s) * classes];
      if (s != 0) {
        const uint32_t* fail_row = &ac.delta_[static_cast<size_t>(ac.fail_[s]) * classes];
        std::copy(fail_row, fail_row + classes, row);
      }
      for (const Edge& e : children[s]) row[e.cls] = e.target;
    }
    for (const Edge& e : children[s]) {
      const uint32_t c = e.target;
      uint32_t f = 0;
      if (s != 0) {
        // The longest proper suffix of c's string that is a trie state.
        for (uint32_t t = ac.fail_[s];; t = ac.fail_[t]) {
          const uint32_t next = child(t, e.cls);
          if (next != kNone) {
            f = next;
            break;
          }
          if (t == 0) break;
        }
      }
      ac.fail_[c] = f;
      ac.dict_[c] = !own[f].empty() ? f : ac.dict_[f];
      ac.has_output_[c] = (!own[c].empty() || ac.dict_[c] != kNone) ? 1 : 0;
      queue.push_back(c);
    }
  }

  ac.out_begin_.reserve(states + 1);
  for (size_t s = 0; s < states; ++s) {
    ac.out_begin_.push_back(static_cast<uint32_t>(ac.out_ids_.size()));
    ac.out_ids_.insert(ac.out_ids_.end(), own[s].begin(), own[s].end());
  }
  ac.out_begin_.push_back(static_cast<uint32_t>(ac.out_ids_.size()));

  if (!dense) {
    ac.edge_begin_.reserve(states + 1);
    for (size_t s = 0; s < states; ++s) {
      ac.edge_begin_.push_back(static_cast<uint32_t>(ac.edges_.size()));
      ac.edges_.insert(ac.edges_.end(), children[s].begin(), children[s].end());
    }
    ac.edge_begin_.push_back(static_cast<uint32_t>(ac.edges_.size()));
    ac.root_row_.assign(classes, 0);
    for (const Edge& e : children[0]) ac.root_row_[e.cls] = e.target;
  }
  return ac;
}

uint32_t AhoCorasick::SparseChild(uint32_t state, uint8_t cls) const {
  const Edge* begin = edges_.data() + edge_begin_[state];
  const Edge* end = edges_.data() + edge_begin_[state + 1];
  const Edge* it =
      std::lower_bound(begin, end, cls, [](const Edge& e, uint8_t c) { return e.cls < c; });
  return it != end && it->cls == cls ? it->target : kNone;
}

}  // namespace trailhunt::match_internal
