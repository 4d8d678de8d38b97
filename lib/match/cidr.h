// CIDR blocks and IP addresses, IPv4 and IPv6, parsed without allocation so
// the per-record test is a few byte comparisons.
#ifndef TRAILHUNT_LIB_MATCH_CIDR_H_
#define TRAILHUNT_LIB_MATCH_CIDR_H_

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"

namespace trailhunt::match_internal {

struct IpAddress {
  bool v6 = false;
  uint8_t bytes[16] = {};  // IPv4 uses the first 4
};

// Dotted-quad IPv4 (no leading zeros, which some parsers read as octal) or
// any RFC 4291 IPv6 text form, without a zone ("%eth0"). An IPv4-mapped
// IPv6 address (::ffff:10.0.0.1) reads as its IPv4 address, so a v4 block
// matches it.
bool ParseIp(std::string_view text, IpAddress* out);

class Cidr {
 public:
  // "10.0.0.0/8", "2001:db8::/32"; a bare address is a single-host block.
  // Host bits below the prefix are ignored ("10.1.2.3/8" is 10.0.0.0/8).
  static absl::StatusOr<Cidr> Parse(std::string_view text);
  bool Contains(const IpAddress& address) const;
  bool Contains(std::string_view address) const;

 private:
  IpAddress network_;
  int prefix_ = 0;
};

}  // namespace trailhunt::match_internal

#endif  // TRAILHUNT_LIB_MATCH_CIDR_H_
