// File: read/trailhunt_event_parse.h
// The event model's ad-hoc path: Event::Parse on every NDJSON line, then
// Get("eventName") — what a tool that inspects records one by one pays.
#ifndef TRAILHUNT_BENCH_READ_TRAILHUNT_EVENT_PARSE_H_
#define TRAILHUNT_BENCH_READ_TRAILHUNT_EVENT_PARSE_H_

#include <cstring>
#include <string_view>

#include "read/read_result.h"
#include "trailhunt/event.h"

namespace trailhunt_bench {

class TrailhuntEventParse {
 public:
  explicit TrailhuntEventParse(std::string_view ndjson) : ndjson_(ndjson) {}

  // With `by_name`, also counts eventNames into the result (for the check).
  bool Run(ReadResult* result, bool by_name = false) {
    size_t pos = 0;
    while (pos < ndjson_.size()) {
      size_t end = ndjson_.find('\n', pos);
      if (end == std::string_view::npos) end = ndjson_.size();
      if (end > pos) {
        absl::StatusOr<trailhunt::Event> event = trailhunt::Event::Parse(ndjson_.substr(pos, end - pos));
        if (!event.ok()) return false;
        const trailhunt::Value name = event->Get("eventName");
        if (!name.is_string()) return false;
        ++result->records;
        result->checksum += name.text().size();
        if (by_name) ++result->by_event_name[name.text()];
      }
      pos = end + 1;
    }
    return true;
  }

 private:
  std::string_view ndjson_;
};

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_READ_TRAILHUNT_EVENT_PARSE_H_
