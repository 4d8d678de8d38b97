// Our own conversions rather than libc's strftime/strptime: those depend on
// the process locale and time zone, and glibc's strptime has no %N/%Q.
#include "query/time_format.h"

#include <cstdio>
#include <string>

#include "trailhunt/time.h"

namespace trailhunt::query_internal {

namespace {

constexpr int64_t kNanos = 1000000000;
constexpr const char* kMonths[] = {"January", "February", "March",     "April",
                                   "May",     "June",     "July",      "August",
                                   "September", "October", "November", "December"};
constexpr const char* kWeekdays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                     "Thursday", "Friday", "Saturday"};

// One conversion of a format: the letter and, for %N/%Q, the digit count.
struct Conversion {
  char letter = 0;
  int digits = 0;
  size_t length = 0;  // characters of the format consumed, '%' included
};

bool ReadConversion(std::string_view format, size_t at, Conversion* out) {
  size_t i = at + 1;
  int digits = 0;
  if (i < format.size() && format[i] >= '1' && format[i] <= '9') {
    digits = format[i] - '0';
    ++i;
  }
  if (i >= format.size()) return false;
  const char letter = format[i];
  if (digits != 0 && letter != 'N' && letter != 'Q') return false;
  switch (letter) {
    case 'Y': case 'm': case 'd': case 'H': case 'M': case 'S': case 'y': case 'b':
    case 'B': case 'a': case 'A': case 'j': case 'p': case 'I': case 'e': case 'Z':
    case 'z': case 's': case 'T': case 'F': case '%':
      break;
    case 'N': if (digits == 0) digits = 9; break;  // Splunk: %N is %9N
    case 'Q': if (digits == 0) digits = 3; break;  // Splunk: %Q is %3Q
    default: return false;
  }
  out->letter = letter;
  out->digits = digits;
  out->length = i + 1 - at;
  return true;
}


void AppendPadded(std::string& out, int64_t v, int width, char pad = '0') {
  char buf[24];
  const int n = std::snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(v < 0 ? -v : v));
  if (v < 0) out += '-';
  for (int i = n; i < width; ++i) out += pad;
  out.append(buf, static_cast<size_t>(n));
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Reads 1..max_digits digits.
bool ReadNumber(std::string_view text, size_t* at, int max_digits, int64_t* out) {
  int64_t v = 0;
  int n = 0;
  while (*at < text.size() && n < max_digits && text[*at] >= '0' && text[*at] <= '9') {
    v = v * 10 + (text[*at] - '0');
    ++*at;
    ++n;
  }
  if (n == 0) return false;
  *out = v;
  return true;
}

// Matches a month or weekday name, full or its three-letter abbreviation,
// in any case; returns the index.
bool ReadName(std::string_view text, size_t* at, const char* const* names, int count, int* out) {
  for (int k = 0; k < count; ++k) {
    const std::string_view full = names[k];
    for (size_t len : {full.size(), size_t{3}}) {
      if (*at + len > text.size()) continue;
      bool same = true;
      for (size_t i = 0; i < len && same; ++i) same = Lower(text[*at + i]) == Lower(full[i]);
      if (same) {
        *at += len;
        *out = k;
        return true;
      }
    }
  }
  return false;
}

}  // namespace

absl::Status CheckTimeFormat(std::string_view format) {
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    Conversion c;
    if (!ReadConversion(format, i, &c)) {
      const size_t end = i + 1 < format.size() ? i + 2 : i + 1;
      return absl::InvalidArgumentError("unsupported time format conversion '" +
                                        std::string(format.substr(i, end - i)) + "' in \"" +
                                        std::string(format) + "\"");
    }
    i += c.length - 1;
  }
  return absl::OkStatus();
}

std::string FormatTime(int64_t time_ns, std::string_view format) {
  const CivilTime t = CivilFromEpochNs(time_ns);
  const int64_t days = t.days, year = t.year, fraction = t.nanos;
  const int month = static_cast<int>(t.month), day = static_cast<int>(t.day);
  const int hour = t.hour, minute = t.minute, second = t.second;
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second;
  const int weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  const int64_t day_of_year = days - DaysFromCivil(year, 1, 1) + 1;

  std::string out;
  out.reserve(format.size() + 16);
  for (size_t i = 0; i < format.size(); ++i) {
    Conversion c;
    if (format[i] != '%' || !ReadConversion(format, i, &c)) {
      out += format[i];
      continue;
    }
    i += c.length - 1;
    switch (c.letter) {
      case 'Y': AppendPadded(out, year, 4); break;
      case 'y': AppendPadded(out, ((year % 100) + 100) % 100, 2); break;
      case 'm': AppendPadded(out, month, 2); break;
      case 'd': AppendPadded(out, day, 2); break;
      case 'e': AppendPadded(out, day, 2, ' '); break;
      case 'H': AppendPadded(out, hour, 2); break;
      case 'I': AppendPadded(out, hour % 12 == 0 ? 12 : hour % 12, 2); break;
      case 'M': AppendPadded(out, minute, 2); break;
      case 'S': AppendPadded(out, second, 2); break;
      case 'p': out += hour < 12 ? "AM" : "PM"; break;
      case 'j': AppendPadded(out, day_of_year, 3); break;
      case 'b': out.append(kMonths[month - 1], 3); break;
      case 'B': out += kMonths[month - 1]; break;
      case 'a': out.append(kWeekdays[weekday], 3); break;
      case 'A': out += kWeekdays[weekday]; break;
      case 'Z': out += "UTC"; break;
      case 'z': out += "+0000"; break;
      case 's': AppendPadded(out, seconds, 1); break;
      case 'T':
        AppendPadded(out, hour, 2);
        out += ':';
        AppendPadded(out, minute, 2);
        out += ':';
        AppendPadded(out, second, 2);
        break;
      case 'F':
        AppendPadded(out, year, 4);
        out += '-';
        AppendPadded(out, month, 2);
        out += '-';
        AppendPadded(out, day, 2);
        break;
      case 'N':
      case 'Q': {
        // Truncated, not rounded: 12:00:00.9999 is still second 0.
        int64_t v = fraction;
        for (int k = c.digits; k < 9; ++k) v /= 10;
        AppendPadded(out, v, c.digits);
        break;
      }
      case '%': out += '%'; break;
    }
  }
  return out;
}

std::optional<int64_t> ParseTime(std::string_view text, std::string_view format) {
  if (!CheckTimeFormat(format).ok()) return std::nullopt;
  int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, fraction = 0;
  int64_t day_of_year = 0, offset_seconds = 0;
  int64_t epoch = 0;
  bool has_epoch = false, pm = false, twelve_hour = false;
  size_t at = 0;
  for (size_t i = 0; i < format.size(); ++i) {
    const char f = format[i];
    if (IsSpace(f)) {  // as in strptime: format whitespace matches any run, even none
      while (at < text.size() && IsSpace(text[at])) ++at;
      continue;
    }
    if (f != '%') {
      if (at >= text.size() || text[at] != f) return std::nullopt;
      ++at;
      continue;
    }
    Conversion c;
    ReadConversion(format, i, &c);
    i += c.length - 1;
    int64_t v = 0;
    int index = 0;
    switch (c.letter) {
      case 'Y': if (!ReadNumber(text, &at, 4, &year)) return std::nullopt; break;
      case 'y':
        if (!ReadNumber(text, &at, 2, &v)) return std::nullopt;
        year = v < 69 ? 2000 + v : 1900 + v;  // POSIX: 69-99 are 19xx
        break;
      case 'm': if (!ReadNumber(text, &at, 2, &month)) return std::nullopt; break;
      case 'e':
        if (at < text.size() && text[at] == ' ') ++at;
        [[fallthrough]];
      case 'd': if (!ReadNumber(text, &at, 2, &day)) return std::nullopt; break;
      case 'H': if (!ReadNumber(text, &at, 2, &hour)) return std::nullopt; break;
      case 'I':
        if (!ReadNumber(text, &at, 2, &hour) || hour < 1 || hour > 12) return std::nullopt;
        twelve_hour = true;
        break;
      case 'M': if (!ReadNumber(text, &at, 2, &minute)) return std::nullopt; break;
      case 'S': if (!ReadNumber(text, &at, 2, &second)) return std::nullopt; break;
      case 'j': if (!ReadNumber(text, &at, 3, &day_of_year) || day_of_year < 1) return std::nullopt; break;
      case 'p':
        if (at + 2 > text.size()) return std::nullopt;
        if (Lower(text[at + 1]) != 'm') return std::nullopt;
        if (Lower(text[at]) == 'p') {
          pm = true;
        } else if (Lower(text[at]) != 'a') {
          return std::nullopt;
        }
        at += 2;
        break;
      case 'b':
      case 'B':
        if (!ReadName(text, &at, kMonths, 12, &index)) return std::nullopt;
        month = index + 1;
        break;
      case 'a':
      case 'A':  // read and ignored: the date fixes the weekday
        if (!ReadName(text, &at, kWeekdays, 7, &index)) return std::nullopt;
        break;
      case 'Z': {
        bool matched = false;
        for (std::string_view zone : {"UTC", "GMT", "Z"}) {
          if (text.substr(at, zone.size()) == zone) {
            at += zone.size();
            matched = true;
            break;
          }
        }
        if (!matched) return std::nullopt;
        break;
      }
      case 'z': {
        if (at < text.size() && text[at] == 'Z') {
          ++at;
          break;
        }
        if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return std::nullopt;
        const int sign = text[at] == '-' ? -1 : 1;
        ++at;
        int64_t hh = 0, mm = 0;
        const size_t start = at;
        if (!ReadNumber(text, &at, 2, &hh) || at - start != 2) return std::nullopt;
        if (at < text.size() && text[at] == ':') ++at;
        const size_t minutes_start = at;
        if (!ReadNumber(text, &at, 2, &mm) || at - minutes_start != 2) return std::nullopt;
        if (hh > 23 || mm > 59) return std::nullopt;
        offset_seconds = sign * (hh * 3600 + mm * 60);
        break;
      }
      case 's': {
        bool negative = false;
        if (at < text.size() && text[at] == '-') {
          negative = true;
          ++at;
        }
        if (!ReadNumber(text, &at, 11, &epoch)) return std::nullopt;
        if (negative) epoch = -epoch;
        has_epoch = true;
        break;
      }
      case 'T':
        if (!ReadNumber(text, &at, 2, &hour) || at >= text.size() || text[at++] != ':' ||
            !ReadNumber(text, &at, 2, &minute) || at >= text.size() || text[at++] != ':' ||
            !ReadNumber(text, &at, 2, &second)) {
          return std::nullopt;
        }
        break;
      case 'F':
        if (!ReadNumber(text, &at, 4, &year) || at >= text.size() || text[at++] != '-' ||
            !ReadNumber(text, &at, 2, &month) || at >= text.size() || text[at++] != '-' ||
            !ReadNumber(text, &at, 2, &day)) {
          return std::nullopt;
        }
        break;
      case 'N':
      case 'Q': {
        const size_t start = at;
        if (!ReadNumber(text, &at, c.digits, &fraction)) return std::nullopt;
        for (size_t k = at - start; k < 9; ++k) fraction *= 10;
        break;
      }
      case '%':
        if (at >= text.size() || text[at] != '%') return std::nullopt;
        ++at;
        break;
    }
  }
  if (at != text.size()) return std::nullopt;
  if (has_epoch) {
    if (epoch > INT64_MAX / kNanos || epoch < INT64_MIN / kNanos + 1) return std::nullopt;
    return epoch * kNanos + fraction;
  }
  if (twelve_hour) hour = hour % 12 + (pm ? 12 : 0);
  if (month < 1 || month > 12 || day < 1 || day > static_cast<int64_t>(DaysInMonth(year, static_cast<unsigned>(month))) ||
      hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  int64_t days;
  if (day_of_year != 0) {
    if (day_of_year > (IsLeapYear(year) ? 366 : 365)) return std::nullopt;
    days = DaysFromCivil(year, 1, 1) + day_of_year - 1;
  } else {
    days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  }
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  // int64 nanoseconds reach 1677-09-21 .. 2262-04-11.
  if (seconds > INT64_MAX / kNanos - 1 || seconds < INT64_MIN / kNanos + 1) return std::nullopt;
  return seconds * kNanos + fraction;
}

}  // namespace trailhunt::query_internal
