#include "query/compare.h"

#include <cmath>
#include <string>
#include <string_view>

namespace trailhunt::query_internal {

namespace {

// Strict integer syntax: an optional sign and digits only, so "1.0" and
// "1e3" stay doubles (they are not integers as written).
bool ParseInt64Text(std::string_view text, int64_t* out) {
  size_t i = 0;
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    i = 1;
  }
  if (i == text.size() || text.size() - i > 19) return false;
  uint64_t magnitude = 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    magnitude = magnitude * 10 + static_cast<uint64_t>(c - '0');
  }
  const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  if (magnitude > limit) return false;
  *out = negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

// Exact comparison of an int64 with a double: converting the integer to a
// double would make 2^53 + 1 equal 2^53 and break transitivity.
int CompareIntDouble(int64_t i, double d) {
  constexpr double kTwo63 = 9223372036854775808.0;
  if (d >= kTwo63) return -1;
  if (d < -kTwo63) return 1;
  const double truncated = std::trunc(d);
  const int64_t whole = static_cast<int64_t>(truncated);
  if (i != whole) return i < whole ? -1 : 1;
  const double fraction = d - truncated;
  return fraction > 0 ? -1 : (fraction < 0 ? 1 : 0);
}

bool ParseIpv4(std::string_view text, uint32_t* out) {
  uint32_t address = 0;
  size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
    size_t digits = 0;
    uint32_t octet = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && digits < 3) {
      octet = octet * 10 + static_cast<uint32_t>(text[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0 || octet > 255) return false;
    address = (address << 8) | octet;
  }
  if (i != text.size()) return false;
  *out = address;
  return true;
}

// The text a value compares by, without copying strings.
std::string_view TextOf(const Value& v, std::string* scratch) {
  switch (v.kind()) {
    case Value::Kind::kString:
    case Value::Kind::kNumberText:
    case Value::Kind::kJson: return v.text();
    default: *scratch = v.ToDisplayString(); return *scratch;
  }
}

int CompareText(std::string_view a, std::string_view b) {
  const int c = a.compare(b);  // char_traits<char>::compare is memcmp: byte order
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

const Value* Scalar(const Value& v) {
  if (!v.is_multi()) return &v;
  return v.items().empty() ? nullptr : Scalar(v.items().front());
}

bool Absent(const Value* v) { return v == nullptr || v->is_missing() || v->is_null(); }

}  // namespace

int CompareNumbers(const Number& a, const Number& b) {
  if (a.is_int && b.is_int) return a.i < b.i ? -1 : (a.i > b.i ? 1 : 0);
  if (a.is_int) return CompareIntDouble(a.i, b.d);
  if (b.is_int) return -CompareIntDouble(b.i, a.d);
  return a.d < b.d ? -1 : (a.d > b.d ? 1 : 0);
}

bool ToNumber(const Value& value, Number* out) {
  switch (value.kind()) {
    case Value::Kind::kInt:
      out->is_int = true;
      out->i = value.int_value();
      out->d = static_cast<double>(out->i);
      return true;
    case Value::Kind::kDouble:
      out->is_int = false;
      out->d = value.double_value();
      return true;
    case Value::Kind::kString:
    case Value::Kind::kNumberText:
      if (ParseInt64Text(value.text(), &out->i)) {
        out->is_int = true;
        out->d = static_cast<double>(out->i);
        return true;
      }
      out->is_int = false;
      return value.AsNumber(&out->d);
    default: return false;
  }
}

int CompareValues(const Value& a, const Value& b, spl::SortKey::As as) {
  const Value* x = Scalar(a);
  const Value* y = Scalar(b);
  const bool x_absent = Absent(x), y_absent = Absent(y);
  if (x_absent || y_absent) return x_absent == y_absent ? 0 : (x_absent ? 1 : -1);

  std::string x_scratch, y_scratch;
  const std::string_view x_text = TextOf(*x, &x_scratch);
  const std::string_view y_text = TextOf(*y, &y_scratch);
  if (as == spl::SortKey::As::kString) return CompareText(x_text, y_text);

  // Class ranks: 0 number, 1 IPv4 address, 2 other text. kNumber puts
  // addresses with text; kIp puts addresses before numbers.
  Number xn, yn;
  uint32_t xa = 0, ya = 0;
  auto rank = [as](const Value& v, std::string_view text, Number* n, uint32_t* ip) {
    const bool ip_first = as == spl::SortKey::As::kIp;
    if (as != spl::SortKey::As::kNumber && ParseIpv4(text, ip)) return ip_first ? 0 : 1;
    if (ToNumber(v, n)) return ip_first ? 1 : 0;
    return 2;
  };
  const int x_rank = rank(*x, x_text, &xn, &xa);
  const int y_rank = rank(*y, y_text, &yn, &ya);
  if (x_rank != y_rank) return x_rank < y_rank ? -1 : 1;
  const bool ip_first = as == spl::SortKey::As::kIp;
  if (x_rank == (ip_first ? 0 : 1)) return xa < ya ? -1 : (xa > ya ? 1 : 0);
  if (x_rank == (ip_first ? 1 : 0)) return CompareNumbers(xn, yn);
  return CompareText(x_text, y_text);
}

int CompareKeys(const std::vector<Value>& a, const std::vector<Value>& b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  for (size_t i = 0; i < n; ++i) {
    if (const int c = CompareValues(a[i], b[i]); c != 0) return c;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

}  // namespace trailhunt::query_internal
