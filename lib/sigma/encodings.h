// The value transformations of Sigma's encoding modifiers: base64,
// base64offset, utf16le / utf16be / utf16 / wide, and windash.
#ifndef TRAILHUNT_LIB_SIGMA_ENCODINGS_H_
#define TRAILHUNT_LIB_SIGMA_ENCODINGS_H_

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trailhunt::sigma_internal {

// Standard alphabet, with '=' padding.
std::string Base64(std::string_view bytes);

// The three encodings `bytes` can take inside a longer base64 text,
// depending on its offset modulo 3: each is the base64 of `bytes` shifted
// by 0, 1 or 2 bytes with the characters that depend on the unknown
// neighbouring bytes cut off. An entry is empty when `bytes` is too short
// to leave any fixed character at that offset.
std::array<std::string, 3> Base64Offsets(std::string_view bytes);

enum class Utf16Form : uint8_t { kLittleEndian, kBigEndian, kWithBom };
// UTF-8 -> UTF-16 bytes (kWithBom: the FF FE mark, then little-endian).
// False when `utf8` is not valid UTF-8.
bool ToUtf16(std::string_view utf8, Utf16Form form, std::string* out);

// Every spelling of `canonical` (a canonical wildcard pattern) in which each
// dash-like character (- / and the en dash, em dash and horizontal bar) is
// replaced by each of them. False, with `out` untouched, when there would
// be more than `max_variants`.
bool WindashVariants(std::string_view canonical, size_t max_variants,
                     std::vector<std::string>* out);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_ENCODINGS_H_
