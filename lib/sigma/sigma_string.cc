#include "sigma/sigma_string.h"

namespace trailhunt::sigma_internal {

Pattern FromSigma(std::string_view sigma) {
  Pattern p;
  p.text.reserve(sigma.size() + 2);
  for (size_t i = 0; i < sigma.size(); ++i) {
    const char c = sigma[i];
    if (c == '\\') {
      const char next = i + 1 < sigma.size() ? sigma[i + 1] : '\0';
      if (next == '*' || next == '?' || next == '\\') {
        p.text += '\\';
        p.text += next;
        ++i;
      } else {
        // A lone backslash is literal.
        p.text += "\\\\";
      }
    } else if (c == '*' || c == '?') {
      p.text += c;
      p.wildcards = true;
    } else {
      p.text += c;
    }
  }
  return p;
}

Pattern FromLiteral(std::string_view bytes) {
  Pattern p;
  p.text.reserve(bytes.size());
  for (char c : bytes) {
    if (c == '*' || c == '?' || c == '\\') p.text += '\\';
    p.text += c;
  }
  return p;
}

std::string Unescape(std::string_view canonical) {
  std::string out;
  out.reserve(canonical.size());
  for (size_t i = 0; i < canonical.size(); ++i) {
    if (canonical[i] == '\\' && i + 1 < canonical.size()) ++i;
    out += canonical[i];
  }
  return out;
}

}  // namespace trailhunt::sigma_internal
