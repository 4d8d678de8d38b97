#include "event/json_parse.h"

#include <cmath>
#include <vector>

#include "event/json_number.h"
#include "simdjson.h"
#include "trailhunt/time.h"

namespace trailhunt::internal {
namespace {

namespace od = simdjson::ondemand;
using simdjson::error_code;

static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING,
              "kJsonPadding must cover simdjson's padding");

// Depth is enforced by our own walk (Limits::max_depth); the parser's limit
// only has to be at least as large.
constexpr size_t kParserMaxDepth = 4096;

od::parser& ThreadParser() {
  // One parser per thread: its buffers are reused across records, and the
  // engine never shares a parser between threads.
  thread_local od::parser parser;
  thread_local bool sized = false;
  if (!sized) {
    // Capacity grows on demand; the depth must be set here or it stays 1024.
    sized = parser.allocate(size_t{1} << 16, kParserMaxDepth) == simdjson::SUCCESS;
  }
  return parser;
}

RejectReason ReasonFor(error_code code) {
  switch (code) {
    case simdjson::UTF8_ERROR: return RejectReason::kInvalidUtf8;
    case simdjson::DEPTH_ERROR: return RejectReason::kTooDeep;
    case simdjson::CAPACITY: return RejectReason::kTooLarge;
    default: return RejectReason::kInvalidJson;
  }
}

// The walk: kBuild decides whether nodes are produced. Returns SUCCESS or the
// first error; `too_deep` distinguishes our own depth limit.
template <bool kBuild>
class Walker {
 public:
  Walker(size_t max_depth, JsonDocument* doc, RecordTimes* times)
      : max_depth_(max_depth), doc_(doc), times_(times) {}

  // `depth` is the number of containers enclosing `value`; a container
  // nested deeper than max_depth_ is the error (scalars add no level).
  error_code Value(od::value value, size_t depth, JsonNode* out) {
    od::json_type type;
    error_code err = value.type().get(type);
    if (err) return err;
    if ((type == od::json_type::object || type == od::json_type::array) && depth + 1 > max_depth_) {
      too_deep_ = true;
      return simdjson::DEPTH_ERROR;
    }
    switch (type) {
      case od::json_type::object: {
        od::object object;
        if ((err = value.get_object().get(object))) return err;
        return Object(object, depth + 1, out);
      }
      case od::json_type::array: {
        od::array array;
        if ((err = value.get_array().get(array))) return err;
        return Array(array, depth + 1, out);
      }
      case od::json_type::string: {
        std::string_view s;
        if ((err = value.get_string().get(s))) return err;
        if constexpr (kBuild) {
          out->type = JsonNode::Type::kString;
          out->text = Keep(s);
        }
        return simdjson::SUCCESS;
      }
      case od::json_type::number: return Number(value, out);
      case od::json_type::boolean: {
        bool b;
        if ((err = value.get_bool().get(b))) return err;
        if constexpr (kBuild) {
          out->type = JsonNode::Type::kBool;
          out->b = b;
        }
        return simdjson::SUCCESS;
      }
      case od::json_type::null: {
        bool is_null = false;
        if ((err = value.is_null().get(is_null))) return err;
        if (!is_null) return simdjson::N_ATOM_ERROR;
        if constexpr (kBuild) out->type = JsonNode::Type::kNull;
        return simdjson::SUCCESS;
      }
    }
    return simdjson::TAPE_ERROR;
  }

  error_code Object(od::object object, size_t depth, JsonNode* out) {
    std::vector<JsonNode> children;
    for (auto field_result : object) {
      od::field field;
      error_code err = std::move(field_result).get(field);
      if (err) return err;
      std::string_view key;
      if ((err = field.unescaped_key().get(key))) return err;
      JsonNode child;
      if constexpr (kBuild) child.key = Keep(key);
      if (depth == 1 && times_ != nullptr && (key == "eventTime" || key == "@timestamp")) {
        if ((err = Time(field.value(), key == "eventTime" ? &times_->event_time
                                                           : &times_->at_timestamp))) {
          return err;
        }
        continue;
      }
      if ((err = Value(field.value(), depth, &child))) return err;
      if constexpr (kBuild) children.push_back(child);
    }
    if constexpr (kBuild) Attach(JsonNode::Type::kObject, children, out);
    return simdjson::SUCCESS;
  }

  error_code Array(od::array array, size_t depth, JsonNode* out) {
    std::vector<JsonNode> children;
    for (auto element_result : array) {
      od::value element;
      error_code err = std::move(element_result).get(element);
      if (err) return err;
      JsonNode child;
      if ((err = Value(element, depth, &child))) return err;
      if constexpr (kBuild) children.push_back(child);
    }
    if constexpr (kBuild) Attach(JsonNode::Type::kArray, children, out);
    return simdjson::SUCCESS;
  }

  error_code Number(od::value value, JsonNode* out) {
    JsonNumber number;
    const error_code err = ReadJsonNumber(value, &number);
    if (err) return err;
    if constexpr (kBuild) {
      switch (number.kind) {
        case JsonNumber::Kind::kInt:
          out->type = JsonNode::Type::kInt;
          out->i = number.i;
          break;
        case JsonNumber::Kind::kDouble:
          out->type = JsonNode::Type::kDouble;
          out->d = number.d;
          break;
        case JsonNumber::Kind::kText:
          out->type = JsonNode::Type::kNumberText;
          out->text = Keep(number.text);
          break;
      }
    }
    return simdjson::SUCCESS;
  }

  bool too_deep() const { return too_deep_; }

  // Validates a top-level time member and parses it when it is a string.
  error_code Time(od::value value, int64_t* out) {
    od::json_type type;
    error_code err = value.type().get(type);
    if (err) return err;
    if (type != od::json_type::string) {
      JsonNode ignored;
      return Value(value, 1, &ignored);
    }
    std::string_view s;
    if ((err = value.get_string().get(s))) return err;
    if (auto ns = ParseIso8601(s)) *out = *ns;
    return simdjson::SUCCESS;
  }

 private:
  std::string_view Keep(std::string_view s) {
    std::string& strings = doc_->mutable_strings();
    // Capacity was reserved for the whole record, so this never reallocates
    // and earlier views stay valid.
    const size_t at = strings.size();
    strings.append(s);
    return std::string_view(strings.data() + at, s.size());
  }

  void Attach(JsonNode::Type type, const std::vector<JsonNode>& children,
              JsonNode* out) {
    std::vector<JsonNode>& nodes = doc_->mutable_nodes();
    out->type = type;
    out->first_child = static_cast<uint32_t>(nodes.size());
    out->child_count = static_cast<uint32_t>(children.size());
    nodes.insert(nodes.end(), children.begin(), children.end());
  }

  size_t max_depth_;
  JsonDocument* doc_;
  RecordTimes* times_;
  bool too_deep_ = false;
};

template <bool kBuild>
bool Run(std::string_view padded, size_t capacity, size_t max_depth,
         JsonDocument* doc, JsonProblem* problem, RecordTimes* times) {
  od::parser& parser = ThreadParser();
  od::document document;
  bool iterated = false;  // current_location() needs an iterated document
  auto fail = [&](error_code code, bool too_deep, bool not_object = false) {
    if (problem) {
      problem->reason = too_deep     ? RejectReason::kTooDeep
                        : not_object ? RejectReason::kNotAnObject
                                     : ReasonFor(code);
      if (too_deep) {
        problem->message = "nesting deeper than " + std::to_string(max_depth);
      } else if (not_object) {
        problem->message = "not a JSON object";
      } else {
        problem->message = simdjson::error_message(code);
      }
      const char* at = nullptr;
      if (iterated && !too_deep && !document.current_location().get(at) && at != nullptr &&
          at >= padded.data() && at <= padded.data() + padded.size()) {
        problem->offset = static_cast<size_t>(at - padded.data());
      } else {
        problem->offset = JsonProblem::kUnknownOffset;
      }
    }
    return false;
  };
  error_code err =
      parser.iterate(simdjson::padded_string_view(padded.data(), padded.size(), capacity))
          .get(document);
  if (err) return fail(err, false);
  iterated = true;
  od::json_type type;
  if ((err = document.type().get(type))) return fail(err, false);
  if (type != od::json_type::object) return fail(simdjson::INCORRECT_TYPE, false, true);
  od::object object;
  if ((err = document.get_object().get(object))) return fail(err, false);
  Walker<kBuild> walker(max_depth, doc, times);
  JsonNode root;
  if ((err = walker.Object(object, 1, &root))) return fail(err, walker.too_deep());
  // current_location() reports OUT_OF_BOUNDS exactly when nothing follows
  // the object (simdjson 3.0.1 has no document::at_end()).
  const char* trailing = nullptr;
  if (document.current_location().get(trailing) != simdjson::OUT_OF_BOUNDS) {
    return fail(simdjson::TRAILING_CONTENT, false);
  }
  if constexpr (kBuild) doc->mutable_nodes().push_back(root);
  return true;
}

}  // namespace

std::string JsonProblem::Where() const {
  if (offset == kUnknownOffset) return {};
  return " (at byte " + std::to_string(offset) + " of the record)";
}

bool ValidateObject(std::string_view json, size_t max_depth,
                    JsonProblem* problem, RecordTimes* times) {
  return Run<false>(json, json.size() + kJsonPadding, max_depth, nullptr,
                    problem, times);
}

bool BuildDocument(std::string_view json, size_t max_depth, JsonDocument* doc,
                   JsonProblem* problem) {
  std::string& raw = doc->mutable_raw();
  raw.reserve(json.size() + kJsonPadding);
  raw.assign(json);
  doc->mutable_strings().reserve(json.size() + 1);
  doc->mutable_nodes().clear();
  // std::string guarantees capacity() bytes are addressable; zero the padding
  // so simdjson reads defined bytes.
  const size_t size = raw.size();
  raw.resize(raw.capacity(), ' ');
  raw.resize(size);
  return Run<true>(raw, raw.capacity(), max_depth, doc, problem, nullptr);
}

bool IsJsonNumberText(std::string_view t) {
  size_t i = 0;
  const size_t n = t.size();
  auto digit = [&](size_t k) { return k < n && t[k] >= '0' && t[k] <= '9'; };
  if (i < n && t[i] == '-') ++i;
  if (!digit(i)) return false;
  if (t[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < n && t[i] == '.') {
    ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  return i == n;
}

}  // namespace trailhunt::internal
