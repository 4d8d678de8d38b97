// Sigma's value text and the IR's canonical wildcard syntax (match.h).
//
// Sigma: '*' and '?' are wildcards; a backslash escapes '*', '?' and '\';
// a backslash before any other character is itself a literal backslash
// (so `C:\Windows` needs no doubling), and `\\*` is a backslash followed by
// a wildcard. Canonical: '\' always escapes the next character.
#ifndef TRAILHUNT_LIB_SIGMA_SIGMA_STRING_H_
#define TRAILHUNT_LIB_SIGMA_SIGMA_STRING_H_

#include <string>
#include <string_view>

namespace trailhunt::sigma_internal {

// A value on its way to a leaf, in canonical wildcard syntax.
struct Pattern {
  std::string text;
  bool wildcards = false;  // holds an unescaped '*' or '?'
};

// Sigma value text -> canonical.
Pattern FromSigma(std::string_view sigma);
// Bytes taken literally -> canonical (escapes '*', '?', '\').
Pattern FromLiteral(std::string_view bytes);
// Canonical without wildcards -> the bytes it matches.
std::string Unescape(std::string_view canonical);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_SIGMA_STRING_H_
