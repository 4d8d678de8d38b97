// How a JSON number becomes a Value kind, shared by the Event builder
// (json_parse.cc) and the projection (lib/projection), so both give every
// number the same kind: int64 when it fits, else a finite double, else its
// raw text (1e400, a 40-digit integer: valid JSON that fits neither).
#ifndef TRAILHUNT_LIB_EVENT_JSON_NUMBER_H_
#define TRAILHUNT_LIB_EVENT_JSON_NUMBER_H_

#include <cmath>
#include <cstdint>
#include <string_view>

#include "event/json_parse.h"
#include "simdjson.h"

namespace trailhunt::internal {

struct JsonNumber {
  enum class Kind : uint8_t { kInt, kDouble, kText };
  Kind kind = Kind::kInt;
  int64_t i = 0;
  double d = 0;
  std::string_view text;  // kText: the token, a view into the record
};

// The value's token without the whitespace On-Demand leaves after it.
inline std::string_view RawNumberToken(simdjson::ondemand::value& value) {
  std::string_view token = value.raw_json_token();
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                            token.back() == '\t')) {
    token.remove_suffix(1);
  }
  return token;
}

// Reads a value already known to be a number. Fails only when the token is
// not a JSON number at all.
inline simdjson::error_code ReadJsonNumber(simdjson::ondemand::value& value, JsonNumber* out) {
  namespace od = simdjson::ondemand;
  od::number number;
  const simdjson::error_code err = value.get_number().get(number);
  if (!err) {
    switch (number.get_number_type()) {
      case od::number_type::signed_integer:
        out->kind = JsonNumber::Kind::kInt;
        out->i = number.get_int64();
        return simdjson::SUCCESS;
      case od::number_type::unsigned_integer:
        // Beyond int64 but representable: a double, as the Value contract says.
        out->kind = JsonNumber::Kind::kDouble;
        out->d = static_cast<double>(number.get_uint64());
        return simdjson::SUCCESS;
      default:
        out->kind = JsonNumber::Kind::kDouble;
        out->d = number.get_double();
        if (std::isfinite(out->d)) return simdjson::SUCCESS;
        break;
    }
  }
  const std::string_view token = RawNumberToken(value);
  if (err && !IsJsonNumberText(token)) return err;
  out->kind = JsonNumber::Kind::kText;
  out->text = token;
  return simdjson::SUCCESS;
}

}  // namespace trailhunt::internal

#endif  // TRAILHUNT_LIB_EVENT_JSON_NUMBER_H_
