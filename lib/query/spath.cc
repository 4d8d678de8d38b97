#include "query/spath.h"

#include <string>
#include <vector>

#include "simdjson.h"

namespace trailhunt::query_internal {
namespace {

Value FromElement(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::STRING: {
      std::string_view s;
      if (e.get(s) != simdjson::SUCCESS) return Value();
      return Value::String(std::string(s));
    }
    case simdjson::dom::element_type::INT64: {
      int64_t i = 0;
      if (e.get(i) != simdjson::SUCCESS) return Value();
      return Value::Int(i);
    }
    case simdjson::dom::element_type::UINT64: {
      uint64_t u = 0;
      if (e.get(u) != simdjson::SUCCESS) return Value();
      return Value::Double(static_cast<double>(u));
    }
    case simdjson::dom::element_type::DOUBLE: {
      double d = 0;
      if (e.get(d) != simdjson::SUCCESS) return Value();
      return Value::Double(d);
    }
    case simdjson::dom::element_type::BOOL: {
      bool b = false;
      if (e.get(b) != simdjson::SUCCESS) return Value();
      return Value::Bool(b);
    }
    case simdjson::dom::element_type::NULL_VALUE:
      return Value::Null();
    case simdjson::dom::element_type::ARRAY:
    case simdjson::dom::element_type::OBJECT:
      return Value::Json(simdjson::minify(e));
  }
  return Value();
}

void Walk(simdjson::dom::element e, const std::vector<PathStep>& steps, size_t at,
          std::vector<Value>& out) {
  if (at == steps.size()) {
    out.push_back(FromElement(e));
    return;
  }
  const PathStep& step = steps[at];
  switch (step.kind) {
    case PathStep::Kind::kKey: {
      simdjson::dom::object object;
      if (e.get(object) != simdjson::SUCCESS) return;
      simdjson::dom::element child;
      if (object.at_key(step.key).get(child) != simdjson::SUCCESS) return;
      Walk(child, steps, at + 1, out);
      return;
    }
    case PathStep::Kind::kIndex: {
      simdjson::dom::array array;
      if (e.get(array) != simdjson::SUCCESS) return;
      int64_t index = step.index;
      if (index < 0) index += static_cast<int64_t>(array.size());
      if (index < 0) return;
      simdjson::dom::element child;
      if (array.at(static_cast<size_t>(index)).get(child) != simdjson::SUCCESS) return;
      Walk(child, steps, at + 1, out);
      return;
    }
    case PathStep::Kind::kAll: {
      simdjson::dom::array array;
      if (e.get(array) != simdjson::SUCCESS) return;
      for (simdjson::dom::element child : array) Walk(child, steps, at + 1, out);
      return;
    }
  }
}

}  // namespace

struct SpathExtractor::Parser {
  simdjson::dom::parser parser;
};

SpathExtractor::SpathExtractor(size_t max_depth) : parser_(std::make_unique<Parser>()) {
  // Failure here leaves the parser unallocated; parse() then allocates
  // with the default depth.
  if (parser_->parser.allocate(4096, max_depth) != simdjson::SUCCESS) return;
}

SpathExtractor::~SpathExtractor() = default;

Value SpathExtractor::Extract(std::string_view json, const FieldPath& path) {
  simdjson::dom::element root;
  if (parser_->parser.parse(json.data(), json.size(), true).get(root) != simdjson::SUCCESS) {
    return Value();
  }
  std::vector<Value> found;
  Walk(root, path.steps(), 0, found);
  if (found.empty()) return Value();
  if (found.size() == 1) return std::move(found[0]);
  return Value::Multi(std::move(found));
}

}  // namespace trailhunt::query_internal
