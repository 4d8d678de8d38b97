// libFuzzer target: bytes through trailhunt::ParseIso8601, and the first
// eight bytes as epoch nanoseconds through trailhunt::FormatIso8601.
//
// Checks, aborting when broken:
//   - a parsed time formats to text that parses back to the same value;
//   - the formatted text of any non-negative time parses back to it when its
//     year is within the parser's range, and is never accepted as a
//     different value.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "trailhunt/time.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view text, int64_t a, int64_t b) {
  std::fprintf(stderr, "fuzz_time: invariant broken: %s: '%.*s' %lld vs %lld\n", what,
               static_cast<int>(text.size()), text.data(), static_cast<long long>(a),
               static_cast<long long>(b));
  std::abort();
}

// 2262-01-01T00:00:00Z: the parser takes years 1970..2261.
constexpr int64_t kParserEnd = int64_t{9214646400} * 1000000000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto ns = trailhunt::ParseIso8601(text)) {
    if (*ns < 0) Fail("parsed a time before the epoch", text, *ns, 0);
    const std::string formatted = trailhunt::FormatIso8601(*ns);
    auto back = trailhunt::ParseIso8601(formatted);
    if (!back) Fail("formatted time does not parse", formatted, *ns, 0);
    if (*back != *ns) Fail("round trip changed the time", formatted, *ns, *back);
  }
  if (size >= 8) {
    int64_t ns;
    std::memcpy(&ns, data, sizeof(ns));
    const std::string formatted = trailhunt::FormatIso8601(ns);
    auto back = trailhunt::ParseIso8601(formatted);
    if (back && *back != ns) Fail("formatted time parses to another value", formatted, ns, *back);
    if (!back && ns >= 0 && ns < kParserEnd) Fail("formatted time in range does not parse", formatted, ns, 0);
  }
  return 0;
}
