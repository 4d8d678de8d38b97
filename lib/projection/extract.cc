// Projection::Extract: one simdjson On-Demand walk of a record, following
// the trie and skipping every value no capture needs.
//
// Results are linked lists of items in a per-thread arena, so choosing
// between candidate keys at the end of an object (the longest flat dotted
// key present wins, the last duplicate wins) only relinks lists, and a
// warm thread allocates nothing.
#include <charconv>
#include <cmath>

#include "event/json_number.h"
#include "event/json_parse.h"
#include "event/principal.h"
#include "projection/plan.h"
#include "simdjson.h"
#include "trailhunt/json_text.h"
#include "trailhunt/time.h"

namespace trailhunt {
namespace {

namespace od = simdjson::ondemand;
using projection_internal::kNone;
using projection_internal::Node;
using simdjson::error_code;

static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING,
              "kJsonPadding must cover simdjson's padding");

// Our walk enforces Limits::max_depth; the parser's own limit only has to
// be at least as large (as in event/json_parse.cc).
constexpr size_t kParserMaxDepth = 4096;

od::parser& ThreadParser() {
  thread_local od::parser parser;
  thread_local bool sized = false;
  if (!sized) sized = parser.allocate(size_t{1} << 16, kParserMaxDepth) == simdjson::SUCCESS;
  return parser;
}

struct Item {
  Value::Kind kind = Value::Kind::kNull;
  bool b = false;
  bool is_object = false;   // kJson
  bool has_text = true;     // kJson: false for shape-only captures
  int64_t i = 0;
  double d = 0;
  std::string_view text;    // kString (parser buffer), kNumberText (input)
  uint32_t json_begin = 0;  // kJson: range in Scratch::json
  uint32_t json_end = 0;
  int32_t next = -1;
};

struct List {
  int32_t head = -1;
  int32_t tail = -1;
};

struct Scratch {
  std::vector<Item> items;
  std::vector<List> lists;
  std::vector<uint8_t> present;
  std::string json;

  void Clear() {
    items.clear();
    lists.clear();
    present.clear();
    json.clear();
  }
  void Push(uint32_t list, const Item& item) {
    const int32_t at = static_cast<int32_t>(items.size());
    items.push_back(item);
    List& l = lists[list];
    if (l.tail < 0) {
      l.head = at;
    } else {
      items[static_cast<size_t>(l.tail)].next = at;
    }
    l.tail = at;
  }
  // Moves `from`'s items to the end of `to`.
  void Concat(uint32_t to, uint32_t from) {
    List src = lists[from];
    if (src.head < 0) return;
    List& dst = lists[to];
    if (dst.tail < 0) {
      dst.head = src.head;
    } else {
      items[static_cast<size_t>(dst.tail)].next = src.head;
    }
    dst.tail = src.tail;
    lists[from] = List();
  }
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

void AppendDouble(std::string& out, double d) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof(buf), d);
  out.append(buf, static_cast<size_t>(res.ptr - buf));
}

class Walker {
 public:
  Walker(const std::vector<Node>& nodes, size_t max_depth, Scratch& scratch)
      : nodes_(nodes), max_depth_(max_depth), s_(scratch) {}

  bool too_deep() const { return too_deep_; }

  // `depth`: containers enclosing `value`. `node` may be null: the value is
  // walked only to emit its JSON text for an enclosing capture.
  error_code Value(od::value value, const Node* node, uint32_t dest, size_t depth, bool emit) {
    od::json_type type;
    error_code err = value.type().get(type);
    if (err) return err;
    if ((type == od::json_type::object || type == od::json_type::array) &&
        depth + 1 > max_depth_) {
      too_deep_ = true;
      return simdjson::DEPTH_ERROR;
    }
    Item item;
    switch (type) {
      case od::json_type::object: {
        od::object object;
        if ((err = value.get_object().get(object))) return err;
        return Object(object, node, dest, depth + 1, emit);
      }
      case od::json_type::array: {
        od::array array;
        if ((err = value.get_array().get(array))) return err;
        return Array(array, node, dest, depth + 1, emit);
      }
      case od::json_type::string: {
        if ((err = value.get_string().get(item.text))) return err;
        item.kind = Value::Kind::kString;
        if (emit) AppendJsonString(s_.json, item.text);
        break;
      }
      case od::json_type::number:
        if ((err = Number(value, &item))) return err;
        if (emit) {
          switch (item.kind) {
            case Value::Kind::kInt: AppendJsonInt(s_.json, item.i); break;
            case Value::Kind::kDouble: AppendDouble(s_.json, item.d); break;
            default: s_.json += item.text; break;
          }
        }
        break;
      case od::json_type::boolean:
        if ((err = value.get_bool().get(item.b))) return err;
        item.kind = Value::Kind::kBool;
        if (emit) s_.json += item.b ? "true" : "false";
        break;
      case od::json_type::null: {
        bool is_null = false;
        if ((err = value.is_null().get(is_null))) return err;
        if (!is_null) return simdjson::N_ATOM_ERROR;
        item.kind = Value::Kind::kNull;
        if (emit) s_.json += "null";
        break;
      }
    }
    if (node != nullptr) {
      for (uint32_t t : node->terminals) s_.Push(dest + t, item);
    }
    return simdjson::SUCCESS;
  }

  // `depth` counts this object.
  error_code Object(od::object object, const Node* node, uint32_t dest, size_t depth,
                    bool emit) {
    const bool emit_here = emit || (node != nullptr && node->materialize);
    const uint32_t json_begin = static_cast<uint32_t>(s_.json.size());
    const bool has_edges = node != nullptr && !node->edges.empty();
    uint32_t frame = 0;
    size_t present_base = 0;
    if (has_edges) {
      frame = static_cast<uint32_t>(s_.lists.size());
      s_.lists.resize(s_.lists.size() + node->frame_lists);
      present_base = s_.present.size();
      s_.present.resize(present_base + node->edges.size(), 0);
    }
    if (emit_here) s_.json += '{';
    bool first = true;
    error_code err;
    for (auto field_result : object) {
      od::field field;
      if ((err = std::move(field_result).get(field))) return err;
      std::string_view key;
      if ((err = field.unescaped_key().get(key))) return err;
      if (emit_here) {
        if (!first) s_.json += ',';
        AppendJsonString(s_.json, key);
        s_.json += ':';
      }
      first = false;
      const uint32_t edge = has_edges ? node->FindEdge(key) : kNone;
      if (edge != kNone) {
        const Node::KeyEdge& e = node->edges[edge];
        const Node& child = nodes_[e.child];
        if (s_.present[present_base + edge]) {
          // A later duplicate key replaces what the earlier one gave.
          for (size_t j = 0; j < child.positions.size(); ++j) s_.lists[frame + e.list_base + j] = List();
        }
        s_.present[present_base + edge] = 1;
        if ((err = Value(field.value(), &child, frame + e.list_base, depth, emit_here))) return err;
      } else if (emit_here) {
        if ((err = Value(field.value(), nullptr, 0, depth, true))) return err;
      }
    }
    if (emit_here) s_.json += '}';
    if (has_edges) {
      for (const Node::KeyPosition& kp : node->key_positions) {
        for (const Node::Candidate& c : kp.candidates) {
          if (!s_.present[present_base + c.edge]) continue;
          s_.Concat(dest + kp.position, frame + c.list);
          break;
        }
      }
      s_.lists.resize(frame);
      s_.present.resize(present_base);
    }
    if (node != nullptr) AddContainer(*node, dest, true, json_begin);
    return simdjson::SUCCESS;
  }

  error_code Array(od::array array, const Node* node, uint32_t dest, size_t depth, bool emit) {
    const bool emit_here = emit || (node != nullptr && node->materialize_array);
    const uint32_t json_begin = static_cast<uint32_t>(s_.json.size());
    const bool selects = node != nullptr && node->has_array;
    error_code err;
    int64_t count = 0;
    if (selects && !node->neg.empty()) {
      size_t n = 0;
      if ((err = array.count_elements().get(n))) return err;
      count = static_cast<int64_t>(n);
    }
    if (emit_here) s_.json += '[';
    int64_t k = 0;
    for (auto element_result : array) {
      od::value element;
      if ((err = std::move(element_result).get(element))) return err;
      if (emit_here && k > 0) s_.json += ',';
      const Node::Combo* combo = selects ? FindCombo(*node, k, count) : nullptr;
      if (combo != nullptr) {
        const Node& child = nodes_[combo->node];
        const uint32_t base = static_cast<uint32_t>(s_.lists.size());
        s_.lists.resize(base + child.positions.size());
        if ((err = Value(element, &child, base, depth, emit_here))) return err;
        for (size_t j = 0; j < child.positions.size(); ++j) {
          s_.Concat(dest + combo->parent_position[j], base + static_cast<uint32_t>(j));
        }
        s_.lists.resize(base);
      } else if (emit_here) {
        if ((err = Value(element, nullptr, 0, depth, true))) return err;
      }
      ++k;
    }
    if (emit_here) s_.json += ']';
    if (node != nullptr) AddContainer(*node, dest, false, json_begin);
    return simdjson::SUCCESS;
  }

 private:
  const Node::Combo* FindCombo(const Node& node, int64_t k, int64_t count) const {
    size_t a = 0;
    auto it = std::lower_bound(node.nonneg.begin(), node.nonneg.end(), k);
    if (it != node.nonneg.end() && *it == k) a = static_cast<size_t>(it - node.nonneg.begin()) + 1;
    size_t b = 0;
    if (!node.neg.empty()) {
      const int64_t from_end = k - count;  // -1 for the last element
      auto jt = std::lower_bound(node.neg.begin(), node.neg.end(), from_end);
      if (jt != node.neg.end() && *jt == from_end) {
        b = static_cast<size_t>(jt - node.neg.begin()) + 1;
      }
    }
    const Node::Combo& combo = node.combos[a * (node.neg.size() + 1) + b];
    return combo.node == kNone ? nullptr : &combo;
  }

  // An array is a value only for the terminals that do not read implicit
  // arrays; those took its elements already.
  void AddContainer(const Node& node, uint32_t dest, bool is_object, uint32_t json_begin) {
    const std::vector<uint32_t>& terminals = is_object ? node.terminals : node.array_terminals;
    if (terminals.empty()) return;
    Item item;
    item.kind = Value::Kind::kJson;
    item.is_object = is_object;
    item.json_begin = json_begin;
    item.json_end = static_cast<uint32_t>(s_.json.size());
    for (uint32_t t : terminals) s_.Push(dest + t, item);
  }

  // The same classification as Event's builder (event/json_number.h).
  static error_code Number(od::value& value, Item* out) {
    internal::JsonNumber number;
    const error_code err = internal::ReadJsonNumber(value, &number);
    if (err) return err;
    switch (number.kind) {
      case internal::JsonNumber::Kind::kInt:
        out->kind = Value::Kind::kInt;
        out->i = number.i;
        break;
      case internal::JsonNumber::Kind::kDouble:
        out->kind = Value::Kind::kDouble;
        out->d = number.d;
        break;
      case internal::JsonNumber::Kind::kText:
        out->kind = Value::Kind::kNumberText;
        out->text = number.text;
        break;
    }
    return simdjson::SUCCESS;
  }

  const std::vector<Node>& nodes_;
  size_t max_depth_;
  Scratch& s_;
  bool too_deep_ = false;
};

void SetFromItem(const Scratch& s, const Item& item, Value& out) {
  switch (item.kind) {
    case Value::Kind::kNull: out.SetNull(); return;
    case Value::Kind::kBool: out.SetBool(item.b); return;
    case Value::Kind::kInt: out.SetInt(item.i); return;
    case Value::Kind::kDouble: out.SetDouble(item.d); return;
    case Value::Kind::kNumberText: out.SetNumberText(item.text); return;
    case Value::Kind::kString: out.SetString(item.text); return;
    case Value::Kind::kJson:
      out.SetJson(std::string_view(s.json).substr(item.json_begin,
                                                   item.json_end - item.json_begin));
      return;
    default: out.SetMissing(); return;
  }
}

void SetFromList(const Scratch& s, const List& list, Value& out) {
  if (list.head < 0) {
    out.SetMissing();
    return;
  }
  const Item& first = s.items[static_cast<size_t>(list.head)];
  if (first.next < 0) {
    SetFromItem(s, first, out);
    return;
  }
  size_t n = 0;
  for (int32_t i = list.head; i >= 0; i = s.items[static_cast<size_t>(i)].next) ++n;
  std::vector<Value>& items = out.SetMulti(n);
  size_t k = 0;
  for (int32_t i = list.head; i >= 0; i = s.items[static_cast<size_t>(i)].next) {
    SetFromItem(s, s.items[static_cast<size_t>(i)], items[k++]);
  }
}

// A string captured for an identity input; "" when absent or not a string
// (Event's StringAt).
std::string_view StringOf(const Scratch& s, uint32_t capture) {
  if (capture == kNone) return {};
  const List& list = s.lists[capture];
  if (list.head < 0) return {};
  const Item& item = s.items[static_cast<size_t>(list.head)];
  return item.kind == Value::Kind::kString ? item.text : std::string_view();
}

}  // namespace

Projection::Projection(std::unique_ptr<Plan> plan) : plan_(std::move(plan)) {}
Projection::~Projection() = default;
size_t Projection::slot_count() const { return plan_->slots.size(); }
const std::vector<ResolvedField>& Projection::fields() const { return plan_->fields; }

bool Projection::Extract(const Record& record, absl::Span<Value> slots, ProjectionError* error,
                         const Limits& limits) const {
  const Plan& plan = *plan_;
  auto fail = [&](std::string message, size_t offset) {
    if (error != nullptr) {
      error->message = std::move(message);
      error->offset = offset;
    }
    return false;
  };
  if (slots.size() < plan.slots.size()) {
    return fail("slot array of " + std::to_string(slots.size()) + " for " +
                    std::to_string(plan.slots.size()) + " fields",
                0);
  }
  const std::string_view json = record.json;
  if (json.size() > limits.max_record_bytes) {
    return fail("record of " + std::to_string(json.size()) + " bytes exceeds max_record_bytes " +
                    std::to_string(limits.max_record_bytes),
                0);
  }
  Scratch& s = ThreadScratch();
  s.Clear();
  if (!plan.captures.empty()) {
    od::parser& parser = ThreadParser();
    od::document document;
    error_code err = parser
                         .iterate(simdjson::padded_string_view(json.data(), json.size(),
                                                               json.size() + kJsonPadding))
                         .get(document);
    od::object root;
    if (!err) err = document.get_object().get(root);
    Walker walker(plan.nodes, limits.max_depth, s);
    if (!err) {
      const Node& node = plan.nodes[plan.root];
      s.lists.resize(node.positions.size());  // root position c is capture c
      err = walker.Object(root, &node, 0, 1, false);
    }
    if (err) {
      if (walker.too_deep()) {
        return fail("nesting deeper than " + std::to_string(limits.max_depth), 0);
      }
      const char* at = nullptr;
      size_t offset = 0;
      if (!document.current_location().get(at) && at != nullptr && at >= json.data() &&
          at <= json.data() + json.size()) {
        offset = static_cast<size_t>(at - json.data());
      }
      return fail(simdjson::error_message(err), offset);
    }
  }

  UserIdentity id;
  const auto& ic = plan.identity;
  if (ic.type != kNone) {
    id.type = StringOf(s, ic.type);
    id.arn = StringOf(s, ic.arn);
    id.principal_id = StringOf(s, ic.principal_id);
    id.account_id = StringOf(s, ic.account_id);
    id.user_name = StringOf(s, ic.user_name);
    id.invoked_by = StringOf(s, ic.invoked_by);
    id.on_behalf_of_user_id = StringOf(s, ic.on_behalf_of_user_id);
    id.session_context.session_issuer.user_name = StringOf(s, ic.issuer_user_name);
    if (ic.user_identity != kNone) {
      const List& list = s.lists[ic.user_identity];
      id.present = list.head >= 0 && s.items[static_cast<size_t>(list.head)].is_object &&
                   s.items[static_cast<size_t>(list.head)].kind == Value::Kind::kJson;
    }
  }

  for (size_t slot = 0; slot < plan.slots.size(); ++slot) {
    const projection_internal::SlotPlan& sp = plan.slots[slot];
    Value& out = slots[slot];
    switch (sp.computed) {
      case ComputedField::kNone: SetFromList(s, s.lists[sp.capture], out); break;
      case ComputedField::kErrorCodeOrSuccess:
        SetFromList(s, s.lists[sp.capture], out);
        if (out.is_missing() || out.is_null() || (out.is_string() && out.text().empty())) {
          out.SetString("success");
        }
        break;
      case ComputedField::kPrincipalName: {
        std::string_view name = internal::PrincipalName(id);
        if (name.empty()) {
          out.SetMissing();
        } else {
          out.SetString(name);
        }
        break;
      }
      case ComputedField::kSessionName: {
        std::string_view session;
        if (internal::SessionName(id, &session)) {
          out.SetString(session);
        } else {
          out.SetMissing();
        }
        break;
      }
      case ComputedField::kEventTimeIso:
        if (record.time_ns == kNoTime) {
          out.SetMissing();
        } else {
          out.SetString(FormatIso8601(record.time_ns));
        }
        break;
    }
  }
  return true;
}

}  // namespace trailhunt
