// The compiled form of a projection: the captures it needs (user fields and
// the hidden inputs of computed fields) and the trie of path steps the
// record walk follows.
#ifndef TRAILHUNT_LIB_PROJECTION_PLAN_H_
#define TRAILHUNT_LIB_PROJECTION_PLAN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "trailhunt/catalog.h"
#include "trailhunt/path.h"
#include "trailhunt/projection.h"

namespace trailhunt::projection_internal {

inline constexpr uint32_t kNone = UINT32_MAX;

// One place in the record to capture.
struct Capture {
  std::vector<PathStep> steps;
  // Event::Get's rule: at each object the longest run of key steps joined by
  // '.' that names a key wins. Exact paths take one key per step, as Event's
  // typed accessors (userIdentity) do.
  bool exact = false;
  // Shape-only captures keep scalars but not the text of objects and
  // arrays: the computed fields only ask whether userIdentity is an object.
  bool shape_only = false;
  // FieldPath::implicit_arrays: a key step, or the end of the path, that
  // meets an array stays at the same step in every element (in the trie: an
  // array edge that does not advance the position, like a `{}` that does not
  // consume its step), so an array yields its elements, never its text.
  bool implicit_arrays = false;
};

// (capture, step index): one path at one point of the walk. A trie node is
// a set of them; a capture appears at most once per node.
using Pos = std::pair<uint32_t, uint32_t>;

struct Node {
  std::vector<Pos> positions;        // sorted
  std::vector<uint32_t> terminals;   // indices of positions whose path ends here
  // The terminals an array itself is a value for: all but implicit-arrays
  // ones, which take the array's elements instead.
  std::vector<uint32_t> array_terminals;
  bool materialize = false;          // a terminal needs an object's JSON text
  bool materialize_array = false;    // an array terminal needs the array's JSON text

  // Objects: one edge per distinct candidate key. In an object frame every
  // edge owns one result list per position of its child node, from list_base.
  struct KeyEdge {
    std::string key;
    uint32_t child = kNone;
    uint32_t list_base = 0;
  };
  std::vector<KeyEdge> edges;
  std::unordered_map<std::string_view, uint32_t> edge_index;  // when edges are many
  uint32_t frame_lists = 0;
  struct Candidate {
    uint32_t edge;
    uint32_t list;  // frame list index
  };
  struct KeyPosition {
    uint32_t position;
    std::vector<Candidate> candidates;  // longest key first
  };
  std::vector<KeyPosition> key_positions;

  // Arrays: element k is walked with the union of the `{}` positions (and
  // the implicit-arrays positions, which stay as they are: the child can be
  // this node itself) and the
  // positions whose index resolves to k: at most one non-negative and one
  // negative index can, so combos[(a + 1) * (neg.size() + 1) + (b + 1)]
  // holds that union for nonneg[a] and neg[b] (-1: none).
  bool has_array = false;
  bool has_all = false;
  std::vector<int64_t> nonneg;  // sorted, distinct
  std::vector<int64_t> neg;     // sorted, distinct
  struct Combo {
    uint32_t node = kNone;
    std::vector<uint32_t> parent_position;  // per child position
  };
  std::vector<Combo> combos;

  uint32_t FindEdge(std::string_view key) const {
    if (!edge_index.empty()) {
      auto it = edge_index.find(key);
      return it == edge_index.end() ? kNone : it->second;
    }
    for (uint32_t e = 0; e < edges.size(); ++e) {
      if (edges[e].key == key) return e;
    }
    return kNone;
  }
};

// Captures a computed field reads, kNone when unused.
struct IdentityCaptures {
  uint32_t user_identity = kNone;  // shape only
  uint32_t type = kNone, principal_id = kNone, arn = kNone, account_id = kNone,
           user_name = kNone, invoked_by = kNone, on_behalf_of_user_id = kNone,
           issuer_user_name = kNone;
};

struct SlotPlan {
  ComputedField computed = ComputedField::kNone;
  uint32_t capture = kNone;  // kNone and kErrorCodeOrSuccess
};

// Builds the trie over `captures`; returns the root node id.
uint32_t BuildTrie(const std::vector<Capture>& captures, std::vector<Node>* nodes);

}  // namespace trailhunt::projection_internal

namespace trailhunt {

struct Projection::Plan {
  std::vector<ResolvedField> fields;
  std::vector<projection_internal::SlotPlan> slots;
  std::vector<projection_internal::Capture> captures;
  projection_internal::IdentityCaptures identity;
  std::vector<projection_internal::Node> nodes;
  uint32_t root = projection_internal::kNone;
};

}  // namespace trailhunt

#endif  // TRAILHUNT_LIB_PROJECTION_PLAN_H_
