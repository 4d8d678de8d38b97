// File: query/event_parse_fields.h
// The same task as projection_extract.h without a projection: every NDJSON
// line parsed whole with Event::Parse, then the blog searches' eight fields
// read with Event::Get, resolved once. The difference from Extract is what
// capturing only the needed fields buys at the parse step.
#ifndef TRAILHUNT_BENCH_QUERY_EVENT_PARSE_FIELDS_H_
#define TRAILHUNT_BENCH_QUERY_EVENT_PARSE_FIELDS_H_

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "query/blog_projection.h"
#include "trailhunt/catalog.h"
#include "trailhunt/event.h"

namespace trailhunt_bench {

class EventParseFields {
 public:
  explicit EventParseFields(std::string_view ndjson) : ndjson_(ndjson) {
    for (const std::string& name : BlogFields()) {
      auto field = trailhunt::Catalog::Default().Resolve(name, trailhunt::FieldView::kSplunkAddOn);
      if (!field.ok()) return;
      fields_.push_back(*field);
    }
    slots_.resize(fields_.size());
  }

  bool Run(QueryAnswer* answer, bool tally = false) {
    if (fields_.size() != BlogFields().size()) return false;
    const char* const base = ndjson_.data();
    const size_t size = ndjson_.size();
    size_t pos = 0;
    while (pos < size) {
      const void* nl = std::memchr(base + pos, '\n', size - pos);
      const size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - base) : size;
      if (end > pos) {
        absl::StatusOr<trailhunt::Event> event = trailhunt::Event::Parse(std::string_view(base + pos, end - pos));
        if (!event.ok()) {
          ++answer->rejected;
        } else {
          ++answer->records;
          for (size_t i = 0; i < fields_.size(); ++i) slots_[i] = event->Get(fields_[i]);
          UseSlots(slots_, tally, answer);
        }
      }
      pos = end + 1;
    }
    return true;
  }

 private:
  std::string_view ndjson_;
  std::vector<trailhunt::ResolvedField> fields_;
  std::vector<trailhunt::Value> slots_;
};

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_QUERY_EVENT_PARSE_FIELDS_H_
