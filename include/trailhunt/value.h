// File: value.h
// A field's value as every rule language sees it. JSON objects and arrays
// read as a whole keep their JSON text; `{}` paths yield a multivalue.
//
// Thread-safety: a Value is a plain value type.
#ifndef TRAILHUNT_VALUE_H_
#define TRAILHUNT_VALUE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailhunt {

class Value {
 public:
  enum class Kind : uint8_t {
    kMissing,     // the path does not exist in the record
    kNull,        // JSON null
    kBool,
    kInt,         // fits int64
    kDouble,      // finite double (an integer beyond int64 lands here)
    kNumberText,  // a number that fits neither: its raw JSON text
    kString,      // unescaped UTF-8; "false" stays a string
    kJson,        // an object or array: compact JSON text
    kMulti,       // several values from a `{}` path, in document order
  };

  Value() = default;
  static Value Missing() { return Value(); }
  static Value Null();
  static Value Bool(bool b);
  static Value Int(int64_t i);
  static Value Double(double d);
  static Value NumberText(std::string text);
  static Value String(std::string s);
  static Value Json(std::string text);
  static Value Multi(std::vector<Value> items);

  // In-place setters: the Value takes the new kind and content but keeps
  // its string and vector capacity, so a slot array reused across records
  // (Projection::Extract) stops allocating once warm.
  void SetMissing();
  void SetNull();
  void SetBool(bool b);
  void SetInt(int64_t i);
  void SetDouble(double d);
  void SetNumberText(std::string_view text);
  void SetString(std::string_view s);
  void SetJson(std::string_view text);
  // Makes this a multivalue of `n` items, to be set in place by the caller
  // (items kept from before keep their storage).
  std::vector<Value>& SetMulti(size_t n);

  Kind kind() const { return kind_; }
  bool is_missing() const { return kind_ == Kind::kMissing; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_multi() const { return kind_ == Kind::kMulti; }
  bool is_number() const {
    return kind_ == Kind::kInt || kind_ == Kind::kDouble ||
           kind_ == Kind::kNumberText;
  }

  bool bool_value() const { return b_; }
  int64_t int_value() const { return i_; }
  double double_value() const { return d_; }
  // Text of kString, kNumberText and kJson.
  const std::string& text() const { return text_; }
  const std::vector<Value>& items() const { return items_; }

  // The value as a number: a JSON number, or a string that is entirely a
  // decimal number ("42", "-1.5", "1e3"; no spaces, no hex, no inf/nan), as
  // Splunk's comparisons and tonumber() read it. False for anything else.
  bool AsNumber(double* out) const;

  // The value as Splunk would display it: strings as they are, numbers in
  // shortest round-trip form, bools as true/false, null as "null", objects as
  // JSON text, a multivalue as its items joined by '\n'. Missing is "".
  std::string ToDisplayString() const;
  // The value as JSON text (Missing becomes null).
  std::string ToJson() const;
  void AppendJson(std::string& out) const;

  friend bool operator==(const Value& a, const Value& b);
  friend bool operator!=(const Value& a, const Value& b) { return !(a == b); }

 private:
  void Reset(Kind kind);

  Kind kind_ = Kind::kMissing;
  bool b_ = false;
  int64_t i_ = 0;
  double d_ = 0;
  std::string text_;
  std::vector<Value> items_;
};

std::string_view ValueKindName(Value::Kind kind);

// True when `text` is entirely a decimal number (see Value::AsNumber).
bool ParseDecimal(std::string_view text, double* out);

}  // namespace trailhunt

#endif  // TRAILHUNT_VALUE_H_
