#include "input/json_scan.h"

#include <cstring>

#include "trailhunt/input.h"

namespace trailhunt::input {
namespace {

// Bytes that matter outside strings; everything else is skipped in bulk.
struct Tables {
  bool structural[256] = {};
  bool delimiter[256] = {};
  constexpr Tables() {
    for (unsigned char c : {'{', '}', '[', ']', '"'}) structural[c] = true;
    for (unsigned char c : {',', '}', ']', ' ', '\t', '\n', '\r', '{', '[', '"', ':'}) {
      delimiter[c] = true;
    }
  }
};
constexpr Tables kTables;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void Open(ScanState* st, bool object) {
  const uint32_t level = st->depth++;
  if (st->depth > st->max_depth_seen) st->max_depth_seen = st->depth;
  if (level < ScanState::kTrackedDepth) {
    const uint64_t bit = uint64_t{1} << (level % 64);
    if (object) {
      st->kinds[level / 64] |= bit;
    } else {
      st->kinds[level / 64] &= ~bit;
    }
  }
}

// Closes the innermost container; a closer of the other kind also closes
// every container up to the nearest one it does match (the recovery a
// forgotten ']' or '}' needs). Returns true when the outermost one closed.
bool Close(ScanState* st, bool object) {
  while (st->depth > 0) {
    const uint32_t level = --st->depth;
    if (level >= ScanState::kTrackedDepth) break;  // untracked: count only
    const bool was_object = (st->kinds[level / 64] >> (level % 64)) & 1;
    if (was_object == object) break;
  }
  return st->depth == 0;
}

// Finds the end of a string body starting at pos (after the opening quote).
// Returns the position of the closing quote, or size when not found; keeps
// `escape` across calls.
size_t ScanString(const char* d, size_t size, size_t pos, bool* escape) {
  if (*escape) {
    if (pos >= size) return size;
    *escape = false;
    ++pos;
  }
  while (pos < size) {
    const void* q = std::memchr(d + pos, '"', size - pos);
    const size_t quote = q ? static_cast<size_t>(static_cast<const char*>(q) - d) : size;
    const void* b = std::memchr(d + pos, '\\', quote - pos);
    if (b == nullptr) return quote;
    const size_t backslash = static_cast<size_t>(static_cast<const char*>(b) - d);
    if (backslash + 1 >= size) {
      *escape = true;
      return size;
    }
    pos = backslash + 2;
  }
  return size;
}

}  // namespace

size_t SkipWhitespace(const char* d, size_t size, size_t pos) {
  for (;;) {
    while (pos < size && IsSpace(d[pos])) ++pos;
    // A UTF-8 byte order mark before a value (some exporters write one).
    if (pos + 3 <= size && static_cast<unsigned char>(d[pos]) == 0xEF &&
        static_cast<unsigned char>(d[pos + 1]) == 0xBB &&
        static_cast<unsigned char>(d[pos + 2]) == 0xBF) {
      pos += 3;
      continue;
    }
    return pos;
  }
}

ScanStatus ScanValue(const char* d, size_t size, size_t* pos_io, ScanState* st,
                     bool at_eof) {
  size_t pos = *pos_io;
  using Phase = ScanState::Phase;
  if (st->phase == Phase::kStart) {
    if (pos >= size) return ScanStatus::kNeedMore;
    const char c = d[pos];
    if (c == '{' || c == '[') {
      st->phase = Phase::kContainer;
      st->depth = 0;
      Open(st, c == '{');
      ++pos;
    } else if (c == '"') {
      st->phase = Phase::kString;
      st->top_is_string = true;
      ++pos;
    } else {
      st->phase = Phase::kScalar;
      ++pos;  // even a stray '}' or ',' is consumed as a one-byte token
      if (c == '}' || c == ']' || c == ',' || c == ':') {
        st->phase = Phase::kDone;
        *pos_io = pos;
        return ScanStatus::kComplete;
      }
    }
  }
  for (;;) {
    switch (st->phase) {
      case Phase::kString: {
        pos = ScanString(d, size, pos, &st->escape);
        if (pos >= size) {
          *pos_io = size;
          return ScanStatus::kNeedMore;
        }
        ++pos;  // the closing quote
        if (st->top_is_string) {
          st->phase = Phase::kDone;
          *pos_io = pos;
          return ScanStatus::kComplete;
        }
        st->phase = Phase::kContainer;
        break;
      }
      case Phase::kContainer: {
        while (pos < size && !kTables.structural[static_cast<unsigned char>(d[pos])]) ++pos;
        if (pos >= size) {
          *pos_io = size;
          return ScanStatus::kNeedMore;
        }
        const char c = d[pos++];
        if (c == '"') {
          st->phase = Phase::kString;
        } else if (c == '{' || c == '[') {
          Open(st, c == '{');
        } else if (Close(st, c == '}')) {
          st->phase = Phase::kDone;
          *pos_io = pos;
          return ScanStatus::kComplete;
        }
        break;
      }
      case Phase::kScalar: {
        while (pos < size && !kTables.delimiter[static_cast<unsigned char>(d[pos])]) ++pos;
        *pos_io = pos;
        if (pos >= size && !at_eof) return ScanStatus::kNeedMore;
        st->phase = Phase::kDone;
        return ScanStatus::kComplete;
      }
      case Phase::kDone:
      case Phase::kStart:
        *pos_io = pos;
        return ScanStatus::kComplete;
    }
  }
}

ObjectScan ScanObject(std::string_view span, size_t begin) {
  ObjectScan out;
  const char* d = span.data();
  const size_t n = span.size();
  size_t pos = SkipWhitespace(d, n, begin + 1);
  bool first = true;
  auto broke = [&](size_t at, bool truncated) {
    out.end = at;
    out.truncated = truncated;
    return out;
  };
  for (;;) {
    if (pos >= n) return broke(pos, true);
    if (d[pos] == '}') {
      out.complete = true;
      out.end = pos + 1;
      return out;
    }
    if (!first) {
      if (d[pos] != ',') return broke(pos, false);
      pos = SkipWhitespace(d, n, pos + 1);
      if (pos >= n) return broke(pos, true);
    }
    first = false;
    if (d[pos] != '"') return broke(pos, false);
    bool escape = false;
    size_t key_end = ScanString(d, n, pos + 1, &escape);
    if (key_end >= n) return broke(pos, true);
    Member m;
    m.key = std::string_view(d + pos + 1, key_end - pos - 1);
    pos = SkipWhitespace(d, n, key_end + 1);
    if (pos >= n) return broke(pos, true);
    if (d[pos] != ':') return broke(pos, false);
    pos = SkipWhitespace(d, n, pos + 1);
    if (pos >= n) return broke(pos, true);
    ScanState state;
    size_t end = pos;
    if (ScanValue(d, n, &end, &state, /*at_eof=*/true) != ScanStatus::kComplete ||
        state.phase != ScanState::Phase::kDone) {
      out.partial_key = m.key;
      out.partial_value_begin = pos;
      return broke(pos, true);
    }
    m.value_begin = pos;
    m.value_end = end;
    out.members.push_back(m);
    pos = SkipWhitespace(d, n, end);
  }
}

const Member* FindMember(const ObjectScan& scan, std::string_view key) {
  const Member* found = nullptr;
  for (const Member& m : scan.members) {
    if (m.key == key) found = &m;
  }
  return found;
}

bool UnescapeJsonString(std::string_view token, std::string* out) {
  out->clear();
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return false;
  token = token.substr(1, token.size() - 2);
  out->reserve(token.size() + kJsonPadding);
  auto hex4 = [&](size_t at, uint32_t* v) {
    if (at + 4 > token.size()) return false;
    *v = 0;
    for (size_t k = at; k < at + 4; ++k) {
      const char c = token[k];
      *v <<= 4;
      if (c >= '0' && c <= '9') *v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') *v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') *v |= static_cast<uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  };
  for (size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (++i >= token.size()) return false;
    switch (token[i]) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '/': out->push_back('/'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': {
        uint32_t cp;
        if (!hex4(i + 1, &cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t lo;
          if (i + 2 >= token.size() || token[i + 1] != '\\' || token[i + 2] != 'u' ||
              !hex4(i + 3, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
            return false;
          }
          i += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return false;
        }
        if (cp < 0x80) {
          out->push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
          out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
          out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
          out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
          out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
          out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        break;
      }
      default: return false;
    }
  }
  return true;
}

}  // namespace trailhunt::input
