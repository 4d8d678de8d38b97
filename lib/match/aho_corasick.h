// A multi-pattern substring matcher (Aho-Corasick) that ignores ASCII case:
// one pass over a text reports every pattern occurring in it, however many
// patterns there are. The rule index runs one per field over the field's
// text, so that all rules requiring a substring of that field are found at
// once instead of one search per rule.
//
// Case folding is ASCII only, as the match leaves do (text.h): bytes map to
// equivalence classes in which 'A' and 'a' are one class, so the text is
// folded on the fly by the transition lookup, never copied. Bytes that occur
// in no pattern share one class, which keeps the transition table narrow.
//
// At the root, bytes that start no pattern are skipped by a plain scan, so
// the table's load-after-load chain runs only where a pattern may begin.
// The automaton is a full transition table (one row per trie state, one
// column per byte class) while that stays under a memory budget; a larger
// pattern set keeps the trie with failure links instead (a dense row for the
// root only), which costs a few more steps per byte but no more memory than
// the patterns themselves.
//
// Thread-safety: immutable after Build; Search is const.
#ifndef TRAILHUNT_LIB_MATCH_AHO_CORASICK_H_
#define TRAILHUNT_LIB_MATCH_AHO_CORASICK_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailhunt::match_internal {

class AhoCorasick {
 public:
  // Above this many table cells (4 bytes each) the automaton keeps the
  // sparse trie instead of the full table.
  static constexpr size_t kDefaultMaxDenseCells = size_t{1} << 22;

  // Pattern i has id i. Empty patterns are accepted but never reported (an
  // empty string "occurs" everywhere, which no caller wants as a match);
  // duplicates (also duplicates up to ASCII case) are each reported.
  static AhoCorasick Build(const std::vector<std::string>& patterns,
                           size_t max_dense_cells = kDefaultMaxDenseCells);

  AhoCorasick() = default;

  // Calls on_match(pattern_id) for every occurrence of every pattern in
  // `text`, ASCII case ignored, in order of the occurrence's end position
  // (several patterns ending at one position: longest first). The same
  // pattern is reported once per occurrence, overlapping ones included.
  template <typename OnMatch>
  void Search(std::string_view text, OnMatch&& on_match) const;

  size_t pattern_count() const { return pattern_count_; }
  size_t state_count() const { return fail_.size(); }
  bool dense() const { return !delta_.empty(); }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;

  uint32_t SparseChild(uint32_t state, uint8_t cls) const;
  template <typename OnMatch>
  void Report(uint32_t state, OnMatch& on_match) const;

  uint8_t class_of_[256] = {};  // byte -> class; 0: in no pattern
  uint8_t leaves_root_[256] = {};  // byte -> 1 when some pattern starts with it
  uint32_t class_count_ = 1;
  size_t pattern_count_ = 0;

  // Per state (0 is the root). States are numbered so that those with
  // something to report (own outputs or a dict_ link) come last, from
  // first_output_ on: the search loop tests one comparison, loads nothing.
  std::vector<uint32_t> fail_;
  std::vector<uint32_t> dict_;         // next state on the fail chain with outputs
  std::vector<uint32_t> out_begin_;    // own outputs: out_ids_[out_begin_[s], out_begin_[s+1])
  std::vector<uint32_t> out_ids_;
  uint32_t first_output_ = 0;

  // Dense: delta_[state * class_count_ + class] is the next state, stored
  // multiplied by class_count_ (the offset of its row), so a step is one
  // add and one load.
  std::vector<uint32_t> delta_;
  // Sparse: children of s are edges_[edge_begin_[s], edge_begin_[s+1]),
  // sorted by class; the root's are also in root_row_ for one-step lookup.
  struct Edge {
    uint8_t cls;
    uint32_t target;
  };
  std::vector<uint32_t> edge_begin_;
  std::vector<Edge> edges_;
  std::vector<uint32_t> root_row_;
};

template <typename OnMatch>
void AhoCorasick::Report(uint32_t state, OnMatch& on_match) const {
  for (uint32_t s = state; s != kNone; s = dict_[s]) {
    for (uint32_t i = out_begin_[s]; i < out_begin_[s + 1]; ++i) on_match(out_ids_[i]);
  }
}

template <typename OnMatch>
void AhoCorasick::Search(std::string_view text, OnMatch&& on_match) const {
  if (pattern_count_ == 0) return;
  if (!delta_.empty()) {
    const uint32_t* delta = delta_.data();
    const uint8_t* class_of = class_of_;
    const uint32_t stride = class_count_;
    const uint32_t first_output_row = first_output_ * stride;
    const uint8_t* leaves_root = leaves_root_;
    const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
    const unsigned char* end = p + text.size();
    uint32_t row = 0;
    while (p != end) {
      if (row == 0) {
        // At the root most bytes start nothing: skip them without the
        // table's load-to-load chain.
        while (p != end && !leaves_root[*p]) ++p;
        if (p == end) break;
      }
      row = delta[row + class_of[*p++]];
      if (row >= first_output_row) Report(row / stride, on_match);
    }
    return;
  }
  const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
  const unsigned char* end = p + text.size();
  uint32_t s = 0;
  while (p != end) {
    if (s == 0) {
      while (p != end && !leaves_root_[*p]) ++p;
      if (p == end) break;
    }
    const uint8_t cls = class_of_[*p++];
    while (true) {
      if (s == 0) {
        s = root_row_[cls];
        break;
      }
      const uint32_t next = SparseChild(s, cls);
      if (next != kNone) {
        s = next;
        break;
      }
      s = fail_[s];
    }
    if (s >= first_output_) Report(s, on_match);
  }
}

}  // namespace trailhunt::match_internal

#endif  // TRAILHUNT_LIB_MATCH_AHO_CORASICK_H_
