// File: read/speed_of_light.h
// The baseline: a bare simdjson On-Demand walk over the same NDJSON bytes,
// one parser per line, visiting every key and value (strings unescaped,
// numbers parsed), so every byte is validated as a reader must. DESIGN.md
// asks trailhunt to come close to this; the benchmark reports it as 1.00.
#ifndef TRAILHUNT_BENCH_READ_SPEED_OF_LIGHT_H_
#define TRAILHUNT_BENCH_READ_SPEED_OF_LIGHT_H_

#include <cstring>
#include <string_view>
#include <utility>

#include "read/read_result.h"
#include "simdjson.h"

namespace trailhunt_bench {

class SpeedOfLight {
 public:
  // `ndjson` must be followed by at least simdjson::SIMDJSON_PADDING readable
  // bytes (the corpus buffer is).
  explicit SpeedOfLight(std::string_view ndjson) : ndjson_(ndjson) {}

  bool Run(ReadResult* result) {
    const char* const base = ndjson_.data();
    const size_t size = ndjson_.size();
    size_t pos = 0;
    while (pos < size) {
      const void* nl = std::memchr(base + pos, '\n', size - pos);
      const size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - base) : size;
      if (end > pos) {
        simdjson::ondemand::document doc;
        // Capacity: everything after the line is readable (the next lines,
        // then the buffer's padding), which is all simdjson requires.
        if (parser_.iterate(base + pos, end - pos, size - pos + simdjson::SIMDJSON_PADDING).get(doc)) {
          return false;
        }
        simdjson::ondemand::object object;
        if (doc.get_object().get(object) || !VisitObject(object, result)) return false;
        ++result->records;
      }
      pos = end + 1;
    }
    return true;
  }

 private:
  bool VisitObject(simdjson::ondemand::object& object, ReadResult* result) {
    for (auto field_result : object) {
      simdjson::ondemand::field field;
      std::string_view key;
      if (std::move(field_result).get(field) || field.unescaped_key().get(key)) return false;
      result->checksum += key.size();
      if (!Visit(field.value(), result)) return false;
    }
    return true;
  }

  bool Visit(simdjson::ondemand::value value, ReadResult* result) {
    simdjson::ondemand::json_type type;
    if (value.type().get(type)) return false;
    switch (type) {
      case simdjson::ondemand::json_type::object: {
        simdjson::ondemand::object object;
        return !value.get_object().get(object) && VisitObject(object, result);
      }
      case simdjson::ondemand::json_type::array: {
        simdjson::ondemand::array array;
        if (value.get_array().get(array)) return false;
        for (auto element_result : array) {
          simdjson::ondemand::value element;
          if (std::move(element_result).get(element) || !Visit(element, result)) return false;
        }
        return true;
      }
      case simdjson::ondemand::json_type::string: {
        std::string_view s;
        if (value.get_string().get(s)) return false;
        result->checksum += s.size();
        return true;
      }
      case simdjson::ondemand::json_type::number: {
        simdjson::ondemand::number n;
        if (value.get_number().get(n)) return false;
        result->checksum += static_cast<uint64_t>(n.get_number_type());
        return true;
      }
      case simdjson::ondemand::json_type::boolean: {
        bool b;
        if (value.get_bool().get(b)) return false;
        result->checksum += b;
        return true;
      }
      case simdjson::ondemand::json_type::null: {
        bool is_null;
        return !value.is_null().get(is_null) && is_null;
      }
    }
    return false;
  }

  std::string_view ndjson_;
  simdjson::ondemand::parser parser_;
};

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_READ_SPEED_OF_LIGHT_H_
