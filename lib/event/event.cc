#include "trailhunt/event.h"

#include <charconv>

#include "absl/status/status.h"
#include "event/json_parse.h"
#include "event/principal.h"
#include "trailhunt/time.h"

namespace trailhunt {
namespace {

using internal::JsonDocument;
using internal::JsonNode;

Value NodeToValue(const JsonDocument& doc, const JsonNode& node) {
  switch (node.type) {
    case JsonNode::Type::kNull: return Value::Null();
    case JsonNode::Type::kBool: return Value::Bool(node.b);
    case JsonNode::Type::kInt: return Value::Int(node.i);
    case JsonNode::Type::kDouble: return Value::Double(node.d);
    case JsonNode::Type::kNumberText: return Value::NumberText(std::string(node.text));
    case JsonNode::Type::kString: return Value::String(std::string(node.text));
    case JsonNode::Type::kArray:
    case JsonNode::Type::kObject: {
      std::string text;
      doc.AppendJson(node, text);
      return Value::Json(std::move(text));
    }
  }
  return Value();
}

// Collects the nodes `steps[i..]` reaches from `node`, in document order.
// With `implicit` (FieldPath::implicit_arrays), a key step or the path's end
// that meets an array goes on with the same step in every element; the
// recursion is bounded by the document's depth.
void Collect(const JsonDocument& doc, const JsonNode& node,
             const std::vector<PathStep>& steps, size_t i, bool implicit,
             std::vector<const JsonNode*>& out) {
  if (implicit && node.type == JsonNode::Type::kArray &&
      (i == steps.size() || steps[i].kind == PathStep::Kind::kKey)) {
    for (const JsonNode* c = doc.begin_children(node); c != doc.end_children(node); ++c) {
      Collect(doc, *c, steps, i, implicit, out);
    }
    return;
  }
  if (i == steps.size()) {
    out.push_back(&node);
    return;
  }
  const PathStep& step = steps[i];
  switch (step.kind) {
    case PathStep::Kind::kKey: {
      if (node.type != JsonNode::Type::kObject) return;
      // A flat key holding dots first (longest run of key steps), then the
      // nested path.
      size_t run_end = i;
      while (run_end < steps.size() && steps[run_end].kind == PathStep::Kind::kKey) ++run_end;
      if (run_end - i > 1) {
        std::string joined = step.key;
        std::vector<std::string> prefixes;
        for (size_t j = i + 1; j < run_end; ++j) {
          joined += '.';
          joined += steps[j].key;
          prefixes.push_back(joined);
        }
        for (size_t k = prefixes.size(); k-- > 0;) {
          if (const JsonNode* child = doc.Member(node, prefixes[k])) {
            Collect(doc, *child, steps, i + k + 2, implicit, out);
            return;
          }
        }
      }
      if (const JsonNode* child = doc.Member(node, step.key)) {
        Collect(doc, *child, steps, i + 1, implicit, out);
      }
      return;
    }
    case PathStep::Kind::kIndex: {
      if (node.type != JsonNode::Type::kArray) return;
      int64_t n = static_cast<int64_t>(node.child_count);
      int64_t k = step.index < 0 ? n + step.index : step.index;
      if (k < 0 || k >= n) return;
      Collect(doc, doc.begin_children(node)[k], steps, i + 1, implicit, out);
      return;
    }
    case PathStep::Kind::kAll: {
      if (node.type != JsonNode::Type::kArray) return;
      for (const JsonNode* c = doc.begin_children(node); c != doc.end_children(node); ++c) {
        Collect(doc, *c, steps, i + 1, implicit, out);
      }
      return;
    }
  }
}

std::string_view StringAt(const JsonDocument& doc, const JsonNode* node,
                          std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    if (node == nullptr) return {};
    node = doc.Member(*node, key);
  }
  if (node == nullptr || node->type != JsonNode::Type::kString) return {};
  return node->text;
}

}  // namespace

EventVersion EventVersion::Parse(std::string_view text) {
  EventVersion v;
  size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= text.size()) return v;
  auto r1 = std::from_chars(text.data(), text.data() + dot, v.major);
  auto r2 = std::from_chars(text.data() + dot + 1, text.data() + text.size(), v.minor);
  v.valid = r1.ec == std::errc() && r1.ptr == text.data() + dot &&
            r2.ec == std::errc() && r2.ptr == text.data() + text.size() &&
            v.major >= 0 && v.minor >= 0;
  if (!v.valid) v.major = v.minor = 0;
  return v;
}

absl::StatusOr<Event> Event::Parse(std::string_view json, const Limits& limits) {
  if (json.size() > limits.max_record_bytes) {
    return absl::InvalidArgumentError("record of " + std::to_string(json.size()) +
                                      " bytes exceeds max_record_bytes " +
                                      std::to_string(limits.max_record_bytes));
  }
  auto doc = std::make_shared<JsonDocument>();
  internal::JsonProblem problem;
  if (!internal::BuildDocument(json, limits.max_depth, doc.get(), &problem)) {
    return absl::InvalidArgumentError(
        std::string(RejectReasonName(problem.reason)) + ": " + problem.message + problem.Where());
  }
  Event event;
  event.doc_ = std::move(doc);
  if (auto t = event.event_time_ns()) {
    event.time_ns_ = *t;
    event.time_origin_ = TimeOrigin::kEventTime;
  }
  return event;
}

absl::StatusOr<Event> Event::FromRecord(const Record& record, const Limits& limits) {
  auto event = Parse(record.json, limits);
  if (!event.ok()) return event.status();
  event->source_ = std::string(record.location.source);
  event->record_index_ = record.location.record_index;
  event->byte_offset_ = record.location.byte_offset;
  event->envelope_ = record.envelope;
  event->time_ns_ = record.time_ns;
  event->time_origin_ = record.time_origin;
  return event;
}

Value Event::Get(const FieldPath& path) const {
  std::vector<const JsonNode*> nodes;
  Collect(*doc_, doc_->root(), path.steps(), 0, path.implicit_arrays(), nodes);
  if (nodes.empty()) return Value::Missing();
  if (nodes.size() == 1) return NodeToValue(*doc_, *nodes[0]);
  std::vector<Value> items;
  items.reserve(nodes.size());
  for (const JsonNode* n : nodes) items.push_back(NodeToValue(*doc_, *n));
  return Value::Multi(std::move(items));
}

Value Event::Get(std::string_view path) const {
  auto parsed = FieldPath::Parse(path);
  if (!parsed.ok()) return Value::Missing();
  return Get(*parsed);
}

Value Event::Get(const ResolvedField& field) const {
  switch (field.computed) {
    case ComputedField::kNone: return Get(field.path);
    case ComputedField::kPrincipalName: {
      std::string name = PrincipalName();
      return name.empty() ? Value::Missing() : Value::String(std::move(name));
    }
    case ComputedField::kErrorCodeOrSuccess: {
      Value v = Get(field.path);
      if (v.is_missing() || v.is_null() || (v.is_string() && v.text().empty())) {
        return Value::String("success");
      }
      return v;
    }
    case ComputedField::kSessionName: {
      const UserIdentity id = user_identity();
      std::string_view session;
      if (!internal::SessionName(id, &session)) return Value::Missing();
      return Value::String(std::string(session));
    }
    case ComputedField::kEventTimeIso:
      if (time_ns_ == kNoTime) return Value::Missing();
      return Value::String(FormatIso8601(time_ns_));
  }
  return Value::Missing();
}

std::string Event::PrincipalName() const {
  const UserIdentity id = user_identity();
  return std::string(internal::PrincipalName(id));
}

std::optional<int64_t> Event::event_time_ns() const {
  auto text = event_time_text();
  if (!text) return std::nullopt;
  return ParseIso8601(*text);
}

EventVersion Event::event_version() const {
  auto text = event_version_text();
  return text ? EventVersion::Parse(*text) : EventVersion();
}

UserIdentity Event::user_identity() const {
  UserIdentity id;
  const JsonDocument& d = *doc_;
  const JsonNode* u = d.Member(d.root(), "userIdentity");
  if (u == nullptr || u->type != JsonNode::Type::kObject) return id;
  id.present = true;
  id.type = StringAt(d, u, {"type"});
  id.principal_id = StringAt(d, u, {"principalId"});
  id.arn = StringAt(d, u, {"arn"});
  id.account_id = StringAt(d, u, {"accountId"});
  id.access_key_id = StringAt(d, u, {"accessKeyId"});
  id.user_name = StringAt(d, u, {"userName"});
  id.invoked_by = StringAt(d, u, {"invokedBy"});
  id.identity_provider = StringAt(d, u, {"identityProvider"});
  id.credential_id = StringAt(d, u, {"credentialId"});
  id.on_behalf_of_user_id = StringAt(d, u, {"onBehalfOf", "userId"});
  id.on_behalf_of_identity_store_arn = StringAt(d, u, {"onBehalfOf", "identityStoreArn"});
  auto& sc = id.session_context;
  sc.creation_date = StringAt(d, u, {"sessionContext", "attributes", "creationDate"});
  sc.mfa_authenticated = StringAt(d, u, {"sessionContext", "attributes", "mfaAuthenticated"});
  sc.source_identity = StringAt(d, u, {"sessionContext", "sourceIdentity"});
  sc.ec2_role_delivery = StringAt(d, u, {"sessionContext", "ec2RoleDelivery"});
  sc.web_id_federated_provider =
      StringAt(d, u, {"sessionContext", "webIdFederationData", "federatedProvider"});
  auto& si = sc.session_issuer;
  si.type = StringAt(d, u, {"sessionContext", "sessionIssuer", "type"});
  si.principal_id = StringAt(d, u, {"sessionContext", "sessionIssuer", "principalId"});
  si.arn = StringAt(d, u, {"sessionContext", "sessionIssuer", "arn"});
  si.account_id = StringAt(d, u, {"sessionContext", "sessionIssuer", "accountId"});
  si.user_name = StringAt(d, u, {"sessionContext", "sessionIssuer", "userName"});
  return id;
}

std::vector<EventResource> Event::resources() const {
  std::vector<EventResource> out;
  const JsonDocument& d = *doc_;
  const JsonNode* r = d.Member(d.root(), "resources");
  if (r == nullptr || r->type != JsonNode::Type::kArray) return out;
  for (const JsonNode* c = d.begin_children(*r); c != d.end_children(*r); ++c) {
    out.push_back({StringAt(d, c, {"ARN"}), StringAt(d, c, {"accountId"}),
                   StringAt(d, c, {"type"})});
  }
  return out;
}

std::optional<std::string_view> Event::Str(std::string_view key) const {
  const JsonNode* n = doc_->Member(doc_->root(), key);
  if (n == nullptr || n->type != JsonNode::Type::kString) return std::nullopt;
  return n->text;
}

std::optional<bool> Event::Bool(std::string_view key) const {
  const JsonNode* n = doc_->Member(doc_->root(), key);
  if (n == nullptr) return std::nullopt;
  if (n->type == JsonNode::Type::kBool) return n->b;
  if (n->type == JsonNode::Type::kString) {
    if (n->text == "true") return true;
    if (n->text == "false") return false;
  }
  return std::nullopt;
}

Value Event::Top(std::string_view key) const {
  const JsonNode* n = doc_->Member(doc_->root(), key);
  if (n == nullptr) return Value::Missing();
  return NodeToValue(*doc_, *n);
}

}  // namespace trailhunt
