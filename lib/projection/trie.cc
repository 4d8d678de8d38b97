// Builds the trie of path steps: one node per distinct set of (path, step)
// positions the walk can be at, so paths sharing a prefix share the walk.
#include <algorithm>
#include <map>

#include "projection/plan.h"

namespace trailhunt::projection_internal {
namespace {

class TrieBuilder {
 public:
  TrieBuilder(const std::vector<Capture>& captures, std::vector<Node>* nodes)
      : captures_(captures), nodes_(*nodes) {}

  uint32_t Get(std::vector<Pos> positions) {
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    auto it = memo_.find(positions);
    if (it != memo_.end()) return it->second;
    const uint32_t id = static_cast<uint32_t>(nodes_.size());
    nodes_.emplace_back();
    memo_.emplace(positions, id);
    Fill(id, positions);
    return id;
  }

 private:
  // nodes_ grows while children are built, so `id` is re-indexed after
  // every Get rather than held as a reference.
  void Fill(uint32_t id, const std::vector<Pos>& positions) {
    nodes_[id].positions = positions;
    std::map<std::string, std::vector<std::pair<uint32_t, Pos>>> by_key;  // key -> (parent pos, child pos)
    // Positions every array element is walked with: (parent position, the
    // position in the element). `{}` advances; implicit arrays stay put.
    std::vector<std::pair<uint32_t, Pos>> all;
    std::map<int64_t, std::vector<uint32_t>> nonneg, neg;
    for (uint32_t j = 0; j < positions.size(); ++j) {
      const auto [c, s] = positions[j];
      const Capture& cap = captures_[c];
      if (s == cap.steps.size()) {
        Node& node = nodes_[id];
        node.terminals.push_back(j);
        if (!cap.shape_only) node.materialize = true;
        if (cap.implicit_arrays) {
          all.push_back({j, positions[j]});
        } else {
          node.array_terminals.push_back(j);
          if (!cap.shape_only) node.materialize_array = true;
        }
        continue;
      }
      const PathStep& step = cap.steps[s];
      switch (step.kind) {
        case PathStep::Kind::kKey: {
          if (cap.implicit_arrays) all.push_back({j, positions[j]});
          size_t run = 1;
          if (!cap.exact) {
            while (s + run < cap.steps.size() && cap.steps[s + run].kind == PathStep::Kind::kKey) {
              ++run;
            }
          }
          std::string joined;
          for (size_t m = 1; m <= run; ++m) {
            if (m > 1) joined += '.';
            joined += cap.steps[s + m - 1].key;
            by_key[joined].push_back({j, Pos{c, static_cast<uint32_t>(s + m)}});
          }
          break;
        }
        case PathStep::Kind::kAll: all.push_back({j, Pos{c, s + 1}}); break;
        case PathStep::Kind::kIndex:
          (step.index >= 0 ? nonneg : neg)[step.index].push_back(j);
          break;
      }
    }

    // Object edges.
    std::vector<Node::KeyEdge> edges;
    std::map<uint32_t, std::vector<std::pair<size_t, Node::Candidate>>> cands;  // parent pos -> (key length, cand)
    uint32_t lists = 0;
    for (auto& [key, pairs] : by_key) {
      std::vector<Pos> child_positions;
      for (auto& p : pairs) child_positions.push_back(p.second);
      const uint32_t child = Get(child_positions);
      const uint32_t edge = static_cast<uint32_t>(edges.size());
      edges.push_back({key, child, lists});
      const std::vector<Pos>& sorted = nodes_[child].positions;
      for (auto& [parent, child_pos] : pairs) {
        const uint32_t index = static_cast<uint32_t>(
            std::lower_bound(sorted.begin(), sorted.end(), child_pos) - sorted.begin());
        cands[parent].push_back({key.size(), Node::Candidate{edge, lists + index}});
      }
      lists += static_cast<uint32_t>(sorted.size());
    }
    Node& node = nodes_[id];
    node.edges = std::move(edges);
    node.frame_lists = lists;
    for (auto& [parent, list] : cands) {
      // Candidates of one position differ in length; the longest wins.
      std::sort(list.begin(), list.end(),
                [](const auto& a, const auto& b) { return a.first > b.first; });
      Node::KeyPosition kp{parent, {}};
      for (auto& entry : list) kp.candidates.push_back(entry.second);
      node.key_positions.push_back(std::move(kp));
    }

    // Array combos.
    if (all.empty() && nonneg.empty() && neg.empty()) return;
    std::vector<int64_t> nonneg_keys, neg_keys;
    for (auto& entry : nonneg) nonneg_keys.push_back(entry.first);
    for (auto& entry : neg) neg_keys.push_back(entry.first);
    std::vector<Node::Combo> combos((nonneg_keys.size() + 1) * (neg_keys.size() + 1));
    for (size_t a = 0; a <= nonneg_keys.size(); ++a) {
      for (size_t b = 0; b <= neg_keys.size(); ++b) {
        std::vector<std::pair<uint32_t, Pos>> parents = all;
        const auto add_index = [&](const std::vector<uint32_t>& v) {
          for (uint32_t j : v) {
            parents.push_back({j, Pos{positions[j].first, positions[j].second + 1}});
          }
        };
        if (a > 0) add_index(nonneg[nonneg_keys[a - 1]]);
        if (b > 0) add_index(neg[neg_keys[b - 1]]);
        if (parents.empty()) continue;
        std::vector<Pos> child_positions;
        for (const auto& parent : parents) child_positions.push_back(parent.second);
        Node::Combo combo;
        // Get memoizes a node before filling it, so a child equal to this
        // node (only implicit-arrays positions, which do not advance) is
        // this node: a loop in the trie, not an endless build. The record
        // walk follows it once per nested array, so it is bounded by the
        // record's depth.
        combo.node = Get(child_positions);
        for (const Pos& p : nodes_[combo.node].positions) {
          // A capture is at most once per node, so the capture finds its parent.
          for (const auto& parent : parents) {
            if (positions[parent.first].first == p.first) {
              combo.parent_position.push_back(parent.first);
            }
          }
        }
        combos[a * (neg_keys.size() + 1) + b] = std::move(combo);
      }
    }
    Node& array_node = nodes_[id];
    array_node.has_array = true;
    array_node.has_all = !all.empty();
    array_node.nonneg = std::move(nonneg_keys);
    array_node.neg = std::move(neg_keys);
    array_node.combos = std::move(combos);
  }

  const std::vector<Capture>& captures_;
  std::vector<Node>& nodes_;
  std::map<std::vector<Pos>, uint32_t> memo_;
};

}  // namespace

uint32_t BuildTrie(const std::vector<Capture>& captures, std::vector<Node>* nodes) {
  std::vector<Pos> root;
  for (uint32_t c = 0; c < captures.size(); ++c) root.push_back({c, 0});
  const uint32_t id = TrieBuilder(captures, nodes).Get(std::move(root));
  // Indexed last: the index holds views into edge keys, which must not move.
  for (Node& node : *nodes) {
    if (node.edges.size() <= 8) continue;
    for (uint32_t e = 0; e < node.edges.size(); ++e) node.edge_index[node.edges[e].key] = e;
  }
  return id;
}

}  // namespace trailhunt::projection_internal
