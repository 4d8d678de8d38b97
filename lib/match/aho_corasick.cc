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

  for (int b = 0; b < 256; ++b) {
    const uint8_t cls = ac.class_of_[b];
    for (const Edge& e : children[0]) {
      if (e.cls == cls) ac.leaves_root_[b] = 1;
    }
  }

  // Failure and dictionary links, and the full table while it fits.
  std::vector<uint32_t> fail(states, 0);
  std::vector<uint32_t> dict(states, kNone);
  std::vector<uint8_t> reports(states, 0);
  const bool dense = states * classes <= max_dense_cells;
  std::vector<uint32_t> delta;
  if (dense) delta.assign(states * classes, 0);

  // Breadth first, so that a state's failure target (always shallower) is
  // complete before the state itself.
  std::vector<uint32_t> queue;
  queue.reserve(states);
  queue.push_back(0);
  for (size_t head = 0; head < queue.size(); ++head) {
    const uint32_t s = queue[head];
    if (dense) {
      uint32_t* row = &delta[static_cast<size_t>(s) * classes];
      if (s != 0) {
        const uint32_t* fail_row = &delta[static_cast<size_t>(fail[s]) * classes];
        std::copy(fail_row, fail_row + classes, row);
      }
      for (const Edge& e : children[s]) row[e.cls] = e.target;
    }
    for (const Edge& e : children[s]) {
      const uint32_t c = e.target;
      uint32_t f = 0;
      if (s != 0) {
        // The longest proper suffix of c's string that is a trie state.
        for (uint32_t t = fail[s];; t = fail[t]) {
          const uint32_t next = child(t, e.cls);
          if (next != kNone) {
            f = next;
            break;
          }
          if (t == 0) break;
        }
      }
      fail[c] = f;
      dict[c] = !own[f].empty() ? f : dict[f];
      reports[c] = (!own[c].empty() || dict[c] != kNone) ? 1 : 0;
      queue.push_back(c);
    }
  }

  // Renumber: states that report last (the root reports nothing, so it
  // stays 0).
  std::vector<uint32_t> id(states);
  std::vector<uint32_t> old_of(states);
  uint32_t next_id = 0;
  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1) ac.first_output_ = next_id;
    for (size_t s = 0; s < states; ++s) {
      if (reports[s] == pass) {
        id[s] = next_id;
        old_of[next_id++] = static_cast<uint32_t>(s);
      }
    }
  }
  ac.fail_.resize(states);
  ac.dict_.resize(states);
  ac.out_begin_.reserve(states + 1);
  for (size_t n = 0; n < states; ++n) {
    const uint32_t s = old_of[n];
    ac.fail_[n] = id[fail[s]];
    ac.dict_[n] = dict[s] == kNone ? kNone : id[dict[s]];
    ac.out_begin_.push_back(static_cast<uint32_t>(ac.out_ids_.size()));
    ac.out_ids_.insert(ac.out_ids_.end(), own[s].begin(), own[s].end());
  }
  ac.out_begin_.push_back(static_cast<uint32_t>(ac.out_ids_.size()));

  if (dense) {
    ac.delta_.resize(states * classes);
    for (size_t n = 0; n < states; ++n) {
      const uint32_t* from = &delta[static_cast<size_t>(old_of[n]) * classes];
      uint32_t* to = &ac.delta_[n * classes];
      for (uint32_t k = 0; k < classes; ++k) to[k] = id[from[k]] * classes;
    }
    return ac;
  }
  ac.edge_begin_.reserve(states + 1);
  for (size_t n = 0; n < states; ++n) {
    ac.edge_begin_.push_back(static_cast<uint32_t>(ac.edges_.size()));
    for (const Edge& e : children[old_of[n]]) ac.edges_.push_back({e.cls, id[e.target]});
  }
  ac.edge_begin_.push_back(static_cast<uint32_t>(ac.edges_.size()));
  ac.root_row_.assign(classes, 0);
  for (const Edge& e : children[0]) ac.root_row_[e.cls] = id[e.target];
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
