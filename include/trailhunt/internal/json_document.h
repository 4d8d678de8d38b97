// File: internal/json_document.h
// The parsed form of one record that Event inspects: a flat node array built
// in one simdjson On-Demand pass. Not part of the supported API (namespace
// trailhunt::internal); it is here because Event's accessors return views
// into it and the CLI's pretty printer walks it.
#ifndef TRAILHUNT_INTERNAL_JSON_DOCUMENT_H_
#define TRAILHUNT_INTERNAL_JSON_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailhunt::internal {

struct JsonNode {
  enum class Type : uint8_t {
    kNull, kBool, kInt, kDouble, kNumberText, kString, kArray, kObject
  };
  Type type = Type::kNull;
  bool b = false;
  int64_t i = 0;
  double d = 0;
  std::string_view text;  // kString (unescaped), kNumberText (raw)
  std::string_view key;   // the member name when the parent is an object
  uint32_t first_child = 0;  // children are contiguous in nodes()
  uint32_t child_count = 0;
};

class JsonDocument {
 public:
  JsonDocument() = default;
  JsonDocument(const JsonDocument&) = delete;
  JsonDocument& operator=(const JsonDocument&) = delete;

  const JsonNode& root() const { return nodes_.back(); }
  const JsonNode* begin_children(const JsonNode& n) const {
    return nodes_.data() + n.first_child;
  }
  const JsonNode* end_children(const JsonNode& n) const {
    return nodes_.data() + n.first_child + n.child_count;
  }
  // The last member named `key` (JSON allows duplicates; the last one wins,
  // as in most JSON readers).
  const JsonNode* Member(const JsonNode& object, std::string_view key) const;
  // The original record text (unpadded view).
  std::string_view raw() const { return raw_; }

  // Compact JSON text of a node, keys in document order.
  void AppendJson(const JsonNode& node, std::string& out) const;

  // Used by the builder.
  std::vector<JsonNode>& mutable_nodes() { return nodes_; }
  std::string& mutable_strings() { return strings_; }
  std::string& mutable_raw() { return raw_; }

 private:
  std::vector<JsonNode> nodes_;
  std::string strings_;  // reserved up front so views never move
  std::string raw_;      // padded copy of the record text
};

}  // namespace trailhunt::internal

#endif  // TRAILHUNT_INTERNAL_JSON_DOCUMENT_H_
