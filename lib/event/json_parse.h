// One-record JSON parsing shared by the input stage (validation) and Event
// (the document it inspects). One recursive On-Demand walk serves both, so the
// reader and every later stage accept exactly the same records.
#ifndef TRAILHUNT_LIB_EVENT_JSON_PARSE_H_
#define TRAILHUNT_LIB_EVENT_JSON_PARSE_H_

#include <string>
#include <string_view>

#include "trailhunt/input.h"
#include "trailhunt/internal/json_document.h"

namespace trailhunt::internal {

struct JsonProblem {
  RejectReason reason = RejectReason::kInvalidJson;
  std::string message;
  size_t offset = kUnknownOffset;  // byte offset of the problem in the text
  static constexpr size_t kUnknownOffset = static_cast<size_t>(-1);
  // " (at byte N of the record)", or "" when the offset is unknown.
  std::string Where() const;
};

// Top-level timestamps noticed during validation, so the reader can stamp a
// record's time without a second pass. kNoTime when absent or unparsable.
struct RecordTimes {
  int64_t event_time = kNoTime;    // "eventTime"
  int64_t at_timestamp = kNoTime;  // "@timestamp" (log-shipper exports)
};

// Checks that `json` is one JSON object (UTF-8, well-formed, depth within
// `max_depth`) with nothing but whitespace after it. `json` must be followed
// by kJsonPadding readable bytes. Uses a per-thread parser.
bool ValidateObject(std::string_view json, size_t max_depth,
                    JsonProblem* problem, RecordTimes* times);

// Builds `doc` from `json` (copied into the document). Same acceptance as
// ValidateObject; `json` needs no padding.
bool BuildDocument(std::string_view json, size_t max_depth, JsonDocument* doc,
                   JsonProblem* problem);

// True when `token` follows the JSON number grammar (RFC 8259 section 6).
bool IsJsonNumberText(std::string_view token);

}  // namespace trailhunt::internal

#endif  // TRAILHUNT_LIB_EVENT_JSON_PARSE_H_
