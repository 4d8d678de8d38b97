#include "match/cidr.h"

#include <arpa/inet.h>

#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "trailhunt/match.h"

namespace trailhunt::match_internal {
namespace {

bool ParseIpv4(std::string_view text, uint8_t out[4]) {
  size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= text.size() || text[i] != '.') return false;
      ++i;
    }
    size_t begin = i;
    int value = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - begin < 3) {
      value = value * 10 + (text[i] - '0');
      ++i;
    }
    const size_t digits = i - begin;
    if (digits == 0 || value > 255 || (digits > 1 && text[begin] == '0')) return false;
    out[part] = static_cast<uint8_t>(value);
  }
  return i == text.size();
}

}  // namespace

bool ParseIp(std::string_view text, IpAddress* out) {
  *out = IpAddress();
  if (text.find(':') == std::string_view::npos) return ParseIpv4(text, out->bytes);
  // inet_pton wants a NUL-terminated string; the longest IPv6 text form is 45 bytes.
  char buf[64];
  if (text.size() >= sizeof(buf)) return false;
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  uint8_t bytes[16];
  if (inet_pton(AF_INET6, buf, bytes) != 1) return false;
  static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(bytes, kMappedPrefix, 12) == 0) {
    std::memcpy(out->bytes, bytes + 12, 4);
    return true;
  }
  out->v6 = true;
  std::memcpy(out->bytes, bytes, 16);
  return true;
}

absl::StatusOr<Cidr> Cidr::Parse(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError("invalid CIDR \"" + std::string(text) + "\": " +
                                      std::string(why));
  };
  Cidr c;
  const size_t slash = text.find('/');
  std::string_view address = text.substr(0, slash);
  if (!ParseIp(address, &c.network_)) return bad("not an IPv4 or IPv6 address");
  // A mapped address written as a block keeps its IPv6 prefix length.
  const bool v6_text = address.find(':') != std::string_view::npos;
  const int max_prefix = v6_text ? 128 : 32;
  int prefix = max_prefix;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) return bad("the prefix length must be a number");
    prefix = 0;
    for (char ch : digits) {
      if (ch < '0' || ch > '9') return bad("the prefix length must be a number");
      prefix = prefix * 10 + (ch - '0');
    }
    if (prefix > max_prefix) {
      return bad("the prefix length exceeds " + std::to_string(max_prefix));
    }
  }
  if (v6_text && !c.network_.v6) {
    // ::ffff:a.b.c.d/n: the last 32 bits hold the IPv4 part.
    if (prefix < 96) return bad("an IPv4-mapped block needs a prefix of at least 96");
    prefix -= 96;
  }
  c.prefix_ = prefix;
  const int total = c.network_.v6 ? 16 : 4;
  for (int b = 0; b < total; ++b) {
    const int keep = prefix - b * 8;
    if (keep >= 8) continue;
    c.network_.bytes[b] &= keep <= 0 ? 0 : static_cast<uint8_t>(0xff << (8 - keep));
  }
  return c;
}

bool Cidr::Contains(const IpAddress& address) const {
  if (address.v6 != network_.v6) return false;
  int bits = prefix_;
  for (int b = 0; bits > 0; ++b, bits -= 8) {
    const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
    if ((address.bytes[b] & mask) != network_.bytes[b]) return false;
  }
  return true;
}

bool Cidr::Contains(std::string_view address) const {
  IpAddress ip;
  return ParseIp(address, &ip) && Contains(ip);
}

}  // namespace trailhunt::match_internal

namespace trailhunt::match {

absl::StatusOr<bool> CidrMatch(std::string_view cidr, std::string_view address) {
  auto parsed = match_internal::Cidr::Parse(cidr);
  if (!parsed.ok()) return parsed.status();
  return parsed->Contains(address);
}

}  // namespace trailhunt::match
