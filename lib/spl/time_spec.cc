// Splunk time modifiers (`earliest=-24h@h`) and spans (`span=1h`): parsing,
// and resolving a modifier against "now" on the UTC calendar. Months,
// quarters and years move by calendar (the day is clamped to the target
// month's length: -1mon from March 31 is the last day of February); the
// other units are fixed lengths, which UTC makes exact.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "spl/lexer.h"
#include "spl/parsers.h"
#include "trailhunt/spl.h"
#include "trailhunt/time.h"

namespace trailhunt {
namespace spl_internal {

std::string NormalizeTimeUnit(std::string_view unit) {
  struct Alias {
    std::string_view spelling;
    std::string_view unit;
  };
  static constexpr Alias kAliases[] = {
      {"s", "s"},       {"sec", "s"},       {"secs", "s"},     {"second", "s"},
      {"seconds", "s"}, {"m", "m"},         {"min", "m"},      {"mins", "m"},
      {"minute", "m"},  {"minutes", "m"},   {"h", "h"},        {"hr", "h"},
      {"hrs", "h"},     {"hour", "h"},      {"hours", "h"},    {"d", "d"},
      {"day", "d"},     {"days", "d"},      {"w", "w"},        {"week", "w"},
      {"weeks", "w"},   {"mon", "mon"},     {"month", "mon"},  {"months", "mon"},
      {"q", "q"},       {"qtr", "q"},       {"qtrs", "q"},     {"quarter", "q"},
      {"quarters", "q"}, {"y", "y"},        {"yr", "y"},       {"yrs", "y"},
      {"year", "y"},    {"years", "y"},
  };
  const std::string lower = AsciiLower(unit);
  for (const Alias& a : kAliases) {
    if (a.spelling == lower) return std::string(a.unit);
  }
  return "";
}

bool ParseSpanText(std::string_view text, spl::Span* out, std::string* error) {
  size_t i = 0;
  while (i < text.size() && IsDigit(text[i])) ++i;
  size_t int_end = i;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && IsDigit(text[i])) ++i;
  }
  if (int_end == 0 || i == int_end + 1) {
    *error = "a span such as 1h, 5m, 30s, 1d, 1w, 1mon or a number";
    return false;
  }
  const std::string number(text.substr(0, i));
  double amount = 0;
  if (!ParseDecimal(number, &amount) || !(amount > 0) || amount > 1e12) {
    *error = "a span greater than 0";
    return false;
  }
  const std::string_view unit_text = text.substr(i);
  std::string unit;
  if (!unit_text.empty()) {
    unit = NormalizeTimeUnit(unit_text);
    if (unit.empty()) {
      *error = "a span unit: s, m, h, d, w, mon, q or y (found '" + std::string(unit_text) + "')";
      return false;
    }
    if (amount != static_cast<double>(static_cast<int64_t>(amount))) {
      *error = "a whole number of " + unit + " in a time span";
      return false;
    }
  }
  out->amount = amount;
  out->unit = unit;
  out->text = std::string(text);
  return true;
}

}  // namespace spl_internal

namespace spl {
namespace {

using spl_internal::IsAlpha;
using spl_internal::IsDigit;
using spl_internal::NormalizeTimeUnit;

constexpr int64_t kNsPerSecond = 1000000000;
constexpr int64_t kNsPerDay = 86400 * kNsPerSecond;
// Bounds a relative amount so amount * unit stays far inside int64 checks.
constexpr int64_t kMaxAmount = 1000000000;


int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

absl::Status OutOfRange(const TimeSpec& spec) {
  return absl::OutOfRangeError("time '" + spec.text + "' is outside the representable range");
}

int64_t FixedUnitNs(std::string_view unit) {
  if (unit == "s") return kNsPerSecond;
  if (unit == "m") return 60 * kNsPerSecond;
  if (unit == "h") return 3600 * kNsPerSecond;
  if (unit == "d") return kNsPerDay;
  if (unit == "w") return 7 * kNsPerDay;
  return 0;
}

int64_t UnitMonths(std::string_view unit) {
  if (unit == "mon") return 1;
  if (unit == "q") return 3;
  if (unit == "y") return 12;
  return 0;
}

absl::StatusOr<int64_t> AddUnits(const TimeSpec& spec, int64_t t, int64_t amount,
                                 std::string_view unit) {
  if (const int64_t step = FixedUnitNs(unit); step != 0) {
    int64_t delta = 0;
    int64_t sum = 0;
    if (__builtin_mul_overflow(amount, step, &delta) || __builtin_add_overflow(t, delta, &sum)) {
      return OutOfRange(spec);
    }
    return sum;
  }
  const int64_t per = UnitMonths(unit);
  if (per == 0) return absl::InvalidArgumentError("unknown time unit '" + std::string(unit) + "'");
  const int64_t days = FloorDiv(t, kNsPerDay);
  // t - days * kNsPerDay would overflow near INT64_MIN.
  int64_t in_day = t % kNsPerDay;
  if (in_day < 0) in_day += kNsPerDay;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  const int64_t month_index = y * 12 + (m - 1) + amount * per;
  const int64_t ny = FloorDiv(month_index, 12);
  const unsigned nm = static_cast<unsigned>(month_index - ny * 12) + 1;
  const unsigned nd = d < DaysInMonth(ny, nm) ? d : DaysInMonth(ny, nm);
  const int64_t new_days = DaysFromCivil(ny, nm, nd);
  int64_t ns = 0;
  if (__builtin_mul_overflow(new_days, kNsPerDay, &ns) || __builtin_add_overflow(ns, in_day, &ns)) {
    return OutOfRange(spec);
  }
  return ns;
}

absl::StatusOr<int64_t> Snap(const TimeSpec& spec, int64_t t, std::string_view snap) {
  if (const int64_t step = FixedUnitNs(snap); step != 0 && snap != "w") {
    // Flooring near INT64_MIN can step below it.
    int64_t ns = 0;
    if (__builtin_mul_overflow(FloorDiv(t, step), step, &ns)) return OutOfRange(spec);
    return ns;
  }
  int64_t days = FloorDiv(t, kNsPerDay);
  if (snap == "w" || (snap.size() == 2 && snap[0] == 'w' && snap[1] >= '0' && snap[1] <= '6')) {
    const int target = snap.size() == 2 ? snap[1] - '0' : 0;  // 0 = Sunday
    // 1970-01-01 was a Thursday (4).
    const int64_t weekday = ((days + 4) % 7 + 7) % 7;
    days -= ((weekday - target) % 7 + 7) % 7;
  } else {
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    if (snap == "mon") {
      days = DaysFromCivil(y, m, 1);
    } else if (snap == "q") {
      days = DaysFromCivil(y, (m - 1) / 3 * 3 + 1, 1);
    } else if (snap == "y") {
      days = DaysFromCivil(y, 1, 1);
    } else {
      return absl::InvalidArgumentError("unknown snap unit '@" + std::string(snap) + "'");
    }
  }
  int64_t ns = 0;
  if (__builtin_mul_overflow(days, kNsPerDay, &ns)) return OutOfRange(spec);
  return ns;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

// `[+|-][N]unit`: a missing N is 1, as in Splunk (`-h`).
bool ReadOffset(std::string_view text, size_t* i, int64_t* amount, std::string* unit,
                std::string* error) {
  const bool negative = text[*i] == '-';
  ++*i;
  int64_t n = 0;
  bool any_digit = false;
  while (*i < text.size() && IsDigit(text[*i])) {
    n = n * 10 + (text[*i] - '0');
    any_digit = true;
    ++*i;
    if (n > kMaxAmount) {
      *error = "an offset of at most " + std::to_string(kMaxAmount) + " units";
      return false;
    }
  }
  if (!any_digit) n = 1;
  const size_t unit_start = *i;
  while (*i < text.size() && IsAlpha(text[*i])) ++*i;
  const std::string_view written = text.substr(unit_start, *i - unit_start);
  *unit = NormalizeTimeUnit(written);
  if (unit->empty()) {
    *error = written.empty() ? std::string("a time unit (s, m, h, d, w, mon, q, y) after the amount")
                             : "a time unit (s, m, h, d, w, mon, q, y), not '" +
                                   std::string(written) + "'";
    return false;
  }
  *amount = negative ? -n : n;
  return true;
}

absl::Status Invalid(std::string_view text, std::string_view expected) {
  return absl::InvalidArgumentError("time '" + std::string(text) + "': expected " +
                                    std::string(expected));
}

// Splunk's default absolute format, %m/%d/%Y:%H:%M:%S (the time optional).
std::optional<int64_t> ParseSplunkDate(std::string_view s) {
  size_t i = 0;
  auto number = [&](size_t min_digits, size_t max_digits, int64_t* out) {
    size_t start = i;
    int64_t v = 0;
    while (i < s.size() && IsDigit(s[i]) && i - start < max_digits) v = v * 10 + (s[i++] - '0');
    *out = v;
    return i - start >= min_digits;
  };
  int64_t month, day, year, hour = 0, minute = 0, second = 0;
  if (!number(1, 2, &month) || i >= s.size() || s[i++] != '/' || !number(1, 2, &day) ||
      i >= s.size() || s[i++] != '/' || !number(4, 4, &year)) {
    return std::nullopt;
  }
  if (i < s.size()) {
    if (s[i++] != ':' || !number(1, 2, &hour) || i >= s.size() || s[i++] != ':' ||
        !number(1, 2, &minute) || i >= s.size() || s[i++] != ':' || !number(1, 2, &second) ||
        i != s.size()) {
      return std::nullopt;
    }
  }
  if (year < 1970 || year > 2261 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, static_cast<unsigned>(month)) || hour > 23 || minute > 59 ||
      second > 59) {
    return std::nullopt;
  }
  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return ((days * 86400) + hour * 3600 + minute * 60 + second) * kNsPerSecond;
}

}  // namespace

absl::StatusOr<TimeSpec> ParseTimeSpec(std::string_view text) {
  TimeSpec spec;
  spec.text = std::string(text);
  if (text.empty()) return Invalid(text, "a time such as -24h@h, now, or an absolute time");
  if (spl_internal::EqualsIgnoreCase(text, "now")) {
    spec.kind = TimeSpec::Kind::kNow;
    return spec;
  }
  // Epoch seconds, optionally with a fraction.
  {
    const size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction =
        dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
    if (AllDigits(whole) && (dot == std::string_view::npos || AllDigits(fraction))) {
      if (whole.size() > 10) return Invalid(text, "epoch seconds before the year 2262");
      int64_t seconds = 0;
      for (char c : whole) seconds = seconds * 10 + (c - '0');
      int64_t frac_ns = 0;
      for (size_t k = 0; k < 9; ++k) {
        frac_ns = frac_ns * 10 + (k < fraction.size() ? fraction[k] - '0' : 0);
      }
      int64_t ns = 0;
      if (__builtin_mul_overflow(seconds, kNsPerSecond, &ns) ||
          __builtin_add_overflow(ns, frac_ns, &ns)) {
        return Invalid(text, "epoch seconds before the year 2262");
      }
      spec.kind = TimeSpec::Kind::kAbsolute;
      spec.absolute_ns = ns;
      return spec;
    }
  }
  if (text.size() >= 5 && AllDigits(text.substr(0, 4)) && text[4] == '-') {
    auto ns = ParseIso8601(text);
    if (!ns) return Invalid(text, "an ISO-8601 time such as 2025-10-19T00:00:00Z");
    spec.kind = TimeSpec::Kind::kAbsolute;
    spec.absolute_ns = *ns;
    return spec;
  }
  if (IsDigit(text[0])) {
    auto ns = ParseSplunkDate(text);
    if (!ns) return Invalid(text, "an absolute time as %m/%d/%Y:%H:%M:%S, e.g. 10/19/2025:00:00:00");
    spec.kind = TimeSpec::Kind::kAbsolute;
    spec.absolute_ns = *ns;
    return spec;
  }
  // Relative: [offset] [@snap [offset]].
  spec.kind = TimeSpec::Kind::kRelative;
  size_t i = 0;
  std::string error;
  if (text[i] == '+' || text[i] == '-') {
    if (!ReadOffset(text, &i, &spec.amount, &spec.unit, &error)) return Invalid(text, error);
  }
  if (i < text.size() && text[i] == '@') {
    ++i;
    const size_t start = i;
    while (i < text.size() && (IsAlpha(text[i]) || IsDigit(text[i]))) ++i;
    const std::string_view written = text.substr(start, i - start);
    std::string snap;
    if (written.size() == 2 && (written[0] == 'w' || written[0] == 'W') && IsDigit(written[1])) {
      if (written[1] > '7') return Invalid(text, "a week day @w0 .. @w7");
      // Splunk takes @w7 as Sunday, like @w0.
      snap = written[1] == '7' ? "w0" : std::string("w") + written[1];
    } else {
      snap = NormalizeTimeUnit(written);
    }
    if (snap.empty()) {
      return Invalid(text, "a snap unit after '@' (s, m, h, d, w, w0..w6, mon, q, y)");
    }
    spec.snap = snap;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
      if (!ReadOffset(text, &i, &spec.snap_offset_amount, &spec.snap_offset_unit, &error)) {
        return Invalid(text, error);
      }
    }
  }
  if (i != text.size() || (spec.unit.empty() && spec.snap.empty())) {
    return Invalid(text,
                   "a relative time such as -24h, -7d@d, @w1, -1mon@mon+1d, now, epoch "
                   "seconds, 10/19/2025:00:00:00 or 2025-10-19T00:00:00Z");
  }
  return spec;
}

absl::StatusOr<int64_t> ResolveTime(const TimeSpec& spec, int64_t now_ns) {
  switch (spec.kind) {
    case TimeSpec::Kind::kNow:
      return now_ns;
    case TimeSpec::Kind::kAbsolute:
      return spec.absolute_ns;
    case TimeSpec::Kind::kRelative:
      break;
  }
  int64_t t = now_ns;
  if (!spec.unit.empty()) {
    auto moved = AddUnits(spec, t, spec.amount, spec.unit);
    if (!moved.ok()) return moved.status();
    t = *moved;
  }
  if (!spec.snap.empty()) {
    auto snapped = Snap(spec, t, spec.snap);
    if (!snapped.ok()) return snapped.status();
    t = *snapped;
  }
  if (!spec.snap_offset_unit.empty()) {
    auto moved = AddUnits(spec, t, spec.snap_offset_amount, spec.snap_offset_unit);
    if (!moved.ok()) return moved.status();
    t = *moved;
  }
  return t;
}

}  // namespace spl
}  // namespace trailhunt
