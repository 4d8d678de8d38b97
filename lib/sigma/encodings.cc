#include "sigma/encodings.h"

#include <cstdint>

namespace trailhunt::sigma_internal {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Decodes one code point at `i`; false on malformed UTF-8 (overlong forms,
// surrogates and values past U+10FFFF included).
bool NextCodePoint(std::string_view s, size_t* i, uint32_t* cp) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t lead = byte(*i);
  size_t len = 0;
  uint32_t min = 0;
  if (lead < 0x80) {
    *cp = lead;
    *i += 1;
    return true;
  } else if ((lead & 0xE0) == 0xC0) {
    len = 2, min = 0x80, *cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    len = 3, min = 0x800, *cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, *cp = lead & 0x07;
  } else {
    return false;
  }
  if (*i + len > s.size()) return false;
  for (size_t k = 1; k < len; ++k) {
    if ((byte(*i + k) & 0xC0) != 0x80) return false;
    *cp = (*cp << 6) | (byte(*i + k) & 0x3F);
  }
  if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF)) return false;
  *i += len;
  return true;
}

void PutUnit(uint16_t unit, bool big_endian, std::string* out) {
  const char hi = static_cast<char>(unit >> 8);
  const char lo = static_cast<char>(unit & 0xFF);
  if (big_endian) {
    *out += hi;
    *out += lo;
  } else {
    *out += lo;
    *out += hi;
  }
}

// The dash-like characters windash exchanges, as UTF-8.
constexpr std::string_view kDashes[] = {"-", "/", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\x95"};

// Length of the dash starting at `i`, or 0.
size_t DashAt(std::string_view s, size_t i) {
  for (std::string_view d : kDashes) {
    if (s.compare(i, d.size(), d) == 0) return d.size();
  }
  return 0;
}

}  // namespace

std::string Base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  const auto at = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const size_t left = bytes.size() - i;
  if (left == 1) {
    const uint32_t v = at(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (left == 2) {
    const uint32_t v = (at(i) << 16) | (at(i + 1) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::array<std::string, 3> Base64Offsets(std::string_view bytes) {
  // Characters fixed only by the filler in front: none, the first two
  // (6 + 2 bits of filler), the first three (12 + 4 bits).
  constexpr size_t kLead[3] = {0, 2, 3};
  // Trailing characters that also depend on the bytes after the value, by
  // the encoded length modulo 3: a final group of one byte leaves one
  // fixed character of its two (plus "=="), of two bytes two of three
  // (plus "=").
  constexpr size_t kTrail[3] = {0, 3, 2};
  std::array<std::string, 3> out;
  for (size_t shift = 0; shift < 3; ++shift) {
    std::string shifted(shift, '\0');
    shifted.append(bytes.data(), bytes.size());
    const std::string encoded = Base64(shifted);
    const size_t lead = kLead[shift];
    const size_t trail = kTrail[shifted.size() % 3];
    if (encoded.size() > lead + trail) {
      out[shift] = encoded.substr(lead, encoded.size() - lead - trail);
    }
  }
  return out;
}

bool ToUtf16(std::string_view utf8, Utf16Form form, std::string* out) {
  std::string result;
  const bool big_endian = form == Utf16Form::kBigEndian;
  if (form == Utf16Form::kWithBom) result += "\xFF\xFE";
  size_t i = 0;
  while (i < utf8.size()) {
    uint32_t cp = 0;
    if (!NextCodePoint(utf8, &i, &cp)) return false;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      PutUnit(static_cast<uint16_t>(0xD800 | (cp >> 10)), big_endian, &result);
      PutUnit(static_cast<uint16_t>(0xDC00 | (cp & 0x3FF)), big_endian, &result);
    } else {
      PutUnit(static_cast<uint16_t>(cp), big_endian, &result);
    }
  }
  *out = std::move(result);
  return true;
}

bool WindashVariants(std::string_view canonical, size_t max_variants,
                     std::vector<std::string>* out) {
  // Split into literal runs around each dash (skipping escape pairs).
  std::vector<std::string> runs(1);
  for (size_t i = 0; i < canonical.size();) {
    if (canonical[i] == '\\' && i + 1 < canonical.size()) {
      runs.back().append(canonical.substr(i, 2));
      i += 2;
      continue;
    }
    const size_t dash = DashAt(canonical, i);
    if (dash == 0) {
      runs.back() += canonical[i++];
      continue;
    }
    runs.emplace_back();
    i += dash;
  }
  const size_t dashes = runs.size() - 1;
  const size_t choices = std::size(kDashes);
  size_t total = 1;
  for (size_t k = 0; k < dashes; ++k) {
    total *= choices;
    if (total > max_variants) return false;
  }
  std::vector<size_t> pick(dashes, 0);
  for (size_t n = 0; n < total; ++n) {
    std::string v = runs[0];
    for (size_t k = 0; k < dashes; ++k) {
      v.append(kDashes[pick[k]]);
      v += runs[k + 1];
    }
    out->push_back(std::move(v));
    // Next combination, odometer style.
    for (size_t k = dashes; k-- > 0;) {
      if (++pick[k] < choices) break;
      pick[k] = 0;
    }
  }
  return true;
}

}  // namespace trailhunt::sigma_internal
