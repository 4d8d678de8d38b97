// Structural scanning without parsing: where a JSON value ends, and which
// members an object has. The framer uses it to cut records out of envelopes
// before any record is parsed, so one bad record cannot hide its neighbours
// (simdjson's stage 1 fails a whole document on one invalid UTF-8 byte).
// Every record cut this way is then validated by simdjson.
#ifndef TRAILHUNT_LIB_INPUT_JSON_SCAN_H_
#define TRAILHUNT_LIB_INPUT_JSON_SCAN_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trailhunt::input {

// Resumable state of a value scan, so a stream can feed it piecewise.
struct ScanState {
  enum class Phase : uint8_t { kStart, kContainer, kString, kScalar, kDone };
  Phase phase = Phase::kStart;
  bool escape = false;          // inside a string, after a backslash
  bool top_is_string = false;   // the value itself is a string
  uint32_t depth = 0;           // open containers
  uint32_t max_depth_seen = 0;
  // Which kind each open container is (bit set: object), for the first
  // kTrackedDepth levels, so a closer of the wrong kind ('[1,2}') ends the
  // containers it skips instead of swallowing the records that follow.
  static constexpr uint32_t kTrackedDepth = 1024;
  uint64_t kinds[kTrackedDepth / 64] = {};
};

enum class ScanStatus : uint8_t { kComplete, kNeedMore };

// Scans data[*pos, size) continuing `state`; on kComplete *pos is one past
// the value's last byte. A value that starts with a byte no JSON value starts
// with is scanned as a scalar token up to the next delimiter (the parser then
// rejects it). At the end of the data, a scalar that has started is complete
// only when `at_eof`.
ScanStatus ScanValue(const char* data, size_t size, size_t* pos,
                     ScanState* state, bool at_eof);

// Skips whitespace (and a UTF-8 byte order mark when allow_bom); returns the
// new position.
size_t SkipWhitespace(const char* data, size_t size, size_t pos);

struct Member {
  std::string_view key;    // raw key text between the quotes (escapes kept)
  size_t value_begin = 0;  // offsets into the scanned span
  size_t value_end = 0;
};

struct ObjectScan {
  std::vector<Member> members;
  bool complete = false;   // the closing brace was found
  size_t end = 0;          // one past '}' when complete, else where it broke
  bool truncated = false;  // broke because the data ended (else: malformed)
  // When the data ended inside a member's value: that member's key and where
  // its value starts (so a cut-short document can still be read up to there).
  std::string_view partial_key;
  size_t partial_value_begin = 0;
};

// Scans the top-level members of the object starting at span[begin] ('{').
ObjectScan ScanObject(std::string_view span, size_t begin);

// Calls fn(element_begin, element_end) for each element of the array at
// span[begin] ('['). Returns true when the array closed properly; otherwise
// *broken_at is where structure broke and *truncated tells whether the data
// simply ended.
template <typename Fn>
bool ForEachElement(std::string_view span, size_t begin, Fn&& fn,
                    size_t* broken_at, bool* truncated);

// Undoes JSON string escapes; `token` includes the quotes. False when the
// escapes are invalid (the text then is no JSON string). The output keeps
// kJsonPadding spare capacity so it can be parsed in place.
bool UnescapeJsonString(std::string_view token, std::string* out);

// A member's value by key (last one wins), or nullptr.
const Member* FindMember(const ObjectScan& scan, std::string_view key);

// --- implementation of the template ------------------------------------
template <typename Fn>
bool ForEachElement(std::string_view span, size_t begin, Fn&& fn,
                    size_t* broken_at, bool* truncated) {
  const char* d = span.data();
  const size_t n = span.size();
  size_t pos = SkipWhitespace(d, n, begin + 1);
  bool first = true;
  for (;;) {
    if (pos >= n) {
      *broken_at = pos;
      *truncated = true;
      return false;
    }
    if (d[pos] == ']') return true;
    if (!first) {
      if (d[pos] != ',') {
        *broken_at = pos;
        *truncated = false;
        return false;
      }
      pos = SkipWhitespace(d, n, pos + 1);
      if (pos >= n) {
        *broken_at = pos;
        *truncated = true;
        return false;
      }
      if (d[pos] == ']') return true;  // a trailing comma is tolerated
    }
    first = false;
    ScanState state;
    size_t end = pos;
    if (ScanValue(d, n, &end, &state, /*at_eof=*/true) != ScanStatus::kComplete) {
      *broken_at = pos;
      *truncated = true;
      return false;
    }
    fn(pos, end);
    pos = SkipWhitespace(d, n, end);
  }
}

}  // namespace trailhunt::input

#endif  // TRAILHUNT_LIB_INPUT_JSON_SCAN_H_
