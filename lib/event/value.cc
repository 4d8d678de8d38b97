#include "trailhunt/value.h"

#include <cctype>
#include <charconv>
#include <cmath>

#include "trailhunt/json_text.h"

namespace trailhunt {

Value Value::Null() {
  Value v;
  v.kind_ = Kind::kNull;
  return v;
}
Value Value::Bool(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.b_ = b;
  return v;
}
Value Value::Int(int64_t i) {
  Value v;
  v.kind_ = Kind::kInt;
  v.i_ = i;
  return v;
}
Value Value::Double(double d) {
  Value v;
  v.kind_ = Kind::kDouble;
  v.d_ = d;
  return v;
}
Value Value::NumberText(std::string text) {
  Value v;
  v.kind_ = Kind::kNumberText;
  v.text_ = std::move(text);
  return v;
}
Value Value::String(std::string s) {
  Value v;
  v.kind_ = Kind::kString;
  v.text_ = std::move(s);
  return v;
}
Value Value::Json(std::string text) {
  Value v;
  v.kind_ = Kind::kJson;
  v.text_ = std::move(text);
  return v;
}
Value Value::Multi(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::kMulti;
  v.items_ = std::move(items);
  return v;
}

void Value::SetMissing() { Reset(Kind::kMissing); }
void Value::SetNull() { Reset(Kind::kNull); }
void Value::SetBool(bool b) {
  Reset(Kind::kBool);
  b_ = b;
}
void Value::SetInt(int64_t i) {
  Reset(Kind::kInt);
  i_ = i;
}
void Value::SetDouble(double d) {
  Reset(Kind::kDouble);
  d_ = d;
}
void Value::SetNumberText(std::string_view text) {
  Reset(Kind::kNumberText);
  text_.assign(text.data(), text.size());
}
void Value::SetString(std::string_view s) {
  Reset(Kind::kString);
  text_.assign(s.data(), s.size());
}
void Value::SetJson(std::string_view text) {
  Reset(Kind::kJson);
  text_.assign(text.data(), text.size());
}
std::vector<Value>& Value::SetMulti(size_t n) {
  kind_ = Kind::kMulti;
  b_ = false;
  i_ = 0;
  d_ = 0;
  text_.clear();
  items_.resize(n);
  return items_;
}

void Value::Reset(Kind kind) {
  // Scalars and text leave the other members empty, as the factories do, so
  // equality and accessors see no stale content.
  kind_ = kind;
  b_ = false;
  i_ = 0;
  d_ = 0;
  text_.clear();
  items_.clear();
}

bool ParseDecimal(std::string_view text, double* out) {
  if (text.empty()) return false;
  size_t i = (text[0] == '-' || text[0] == '+') ? 1 : 0;
  // from_chars accepts "inf", "nan" and hex floats only with flags we do
  // not pass; it does accept "1e5". Require a digit or '.' first.
  if (i >= text.size() || !(std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
    return false;
  }
  const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
  const char* end = text.data() + text.size();
  double d = 0;
  auto res = std::from_chars(begin, end, d, std::chars_format::general);
  if (res.ec != std::errc() || res.ptr != end || !std::isfinite(d)) return false;
  *out = d;
  return true;
}

bool Value::AsNumber(double* out) const {
  switch (kind_) {
    case Kind::kInt: *out = static_cast<double>(i_); return true;
    case Kind::kDouble: *out = d_; return true;
    case Kind::kNumberText:
    case Kind::kString: return ParseDecimal(text_, out);
    default: return false;
  }
}

namespace {
void AppendNumber(std::string& out, double d) {
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof(buf), d);
  out.append(buf, static_cast<size_t>(res.ptr - buf));
}
}  // namespace

std::string Value::ToDisplayString() const {
  std::string out;
  switch (kind_) {
    case Kind::kMissing: break;
    case Kind::kNull: out = "null"; break;
    case Kind::kBool: out = b_ ? "true" : "false"; break;
    case Kind::kInt: AppendJsonInt(out, i_); break;
    case Kind::kDouble: AppendNumber(out, d_); break;
    case Kind::kNumberText:
    case Kind::kString:
    case Kind::kJson: out = text_; break;
    case Kind::kMulti:
      for (size_t i = 0; i < items_.size(); ++i) {
        if (i) out += '\n';
        out += items_[i].ToDisplayString();
      }
      break;
  }
  return out;
}

void Value::AppendJson(std::string& out) const {
  switch (kind_) {
    case Kind::kMissing:
    case Kind::kNull: out += "null"; break;
    case Kind::kBool: out += b_ ? "true" : "false"; break;
    case Kind::kInt: AppendJsonInt(out, i_); break;
    case Kind::kDouble: AppendNumber(out, d_); break;
    case Kind::kNumberText:
    case Kind::kJson: out += text_; break;
    case Kind::kString: AppendJsonString(out, text_); break;
    case Kind::kMulti:
      out += '[';
      for (size_t i = 0; i < items_.size(); ++i) {
        if (i) out += ',';
        items_[i].AppendJson(out);
      }
      out += ']';
      break;
  }
}

std::string Value::ToJson() const {
  std::string out;
  AppendJson(out);
  return out;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Value::Kind::kMissing:
    case Value::Kind::kNull: return true;
    case Value::Kind::kBool: return a.b_ == b.b_;
    case Value::Kind::kInt: return a.i_ == b.i_;
    case Value::Kind::kDouble: return a.d_ == b.d_;
    case Value::Kind::kNumberText:
    case Value::Kind::kString:
    case Value::Kind::kJson: return a.text_ == b.text_;
    case Value::Kind::kMulti: return a.items_ == b.items_;
  }
  return false;
}

std::string_view ValueKindName(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kMissing: return "missing";
    case Value::Kind::kNull: return "null";
    case Value::Kind::kBool: return "bool";
    case Value::Kind::kInt: return "int";
    case Value::Kind::kDouble: return "double";
    case Value::Kind::kNumberText: return "number_text";
    case Value::Kind::kString: return "string";
    case Value::Kind::kJson: return "json";
    case Value::Kind::kMulti: return "multi";
  }
  return "?";
}

}  // namespace trailhunt
