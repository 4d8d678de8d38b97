#include "trailhunt/internal/json_document.h"

#include <charconv>
#include <cstdio>

#include "trailhunt/json_text.h"

namespace trailhunt::internal {

const JsonNode* JsonDocument::Member(const JsonNode& object,
                                     std::string_view key) const {
  if (object.type != JsonNode::Type::kObject) return nullptr;
  const JsonNode* found = nullptr;
  for (const JsonNode* c = begin_children(object); c != end_children(object); ++c) {
    if (c->key == key) found = c;
  }
  return found;
}

void AppendDouble(std::string& out, double d) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof(buf), d);
  out.append(buf, static_cast<size_t>(res.ptr - buf));
}

void JsonDocument::AppendJson(const JsonNode& node, std::string& out) const {
  switch (node.type) {
    case JsonNode::Type::kNull: out += "null"; return;
    case JsonNode::Type::kBool: out += node.b ? "true" : "false"; return;
    case JsonNode::Type::kInt: AppendJsonInt(out, node.i); return;
    case JsonNode::Type::kDouble: AppendDouble(out, node.d); return;
    case JsonNode::Type::kNumberText: out += node.text; return;
    case JsonNode::Type::kString: AppendJsonString(out, node.text); return;
    case JsonNode::Type::kArray: {
      out += '[';
      for (const JsonNode* c = begin_children(node); c != end_children(node); ++c) {
        if (c != begin_children(node)) out += ',';
        AppendJson(*c, out);
      }
      out += ']';
      return;
    }
    case JsonNode::Type::kObject: {
      out += '{';
      for (const JsonNode* c = begin_children(node); c != end_children(node); ++c) {
        if (c != begin_children(node)) out += ',';
        AppendJsonString(out, c->key);
        out += ':';
        AppendJson(*c, out);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace trailhunt::internal
