#include "input/byte_stream.h"

#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <algorithm>
#include <array>
#include <cstring>

#include "libdeflate.h"

namespace trailhunt::input {

FdStream::FdStream(int fd, bool owned, int64_t size_hint)
    : fd_(fd), owned_(owned), size_hint_(size_hint) {}

FdStream::~FdStream() {
  if (owned_ && fd_ >= 0) ::close(fd_);
}

size_t FdStream::Read(char* out, size_t capacity) {
  for (;;) {
    ssize_t n = ::read(fd_, out, capacity);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    error_ = std::string("read failed: ") + std::strerror(errno);
    return 0;
  }
}

size_t MemoryStream::Read(char* out, size_t capacity) {
  const size_t n = std::min(capacity, bytes_.size() - pos_);
  std::memcpy(out, bytes_.data() + pos_, n);
  pos_ += n;
  return n;
}

size_t OwnedStream::Read(char* out, size_t capacity) {
  const size_t n = std::min(capacity, bytes_.size() - pos_);
  std::memcpy(out, bytes_.data() + pos_, n);
  pos_ += n;
  return n;
}

bool OwnedStream::TakeAll(Buffer* out) {
  *out = std::move(bytes_);
  bytes_ = Buffer();
  pos_ = 0;
  return true;
}

size_t PrefixedStream::Read(char* out, size_t capacity) {
  if (pos_ < prefix_.size()) {
    const size_t n = std::min(capacity, prefix_.size() - pos_);
    std::memcpy(out, prefix_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  size_t n = inner_->Read(out, capacity);
  if (n == 0 && !inner_->error().empty()) error_ = inner_->error();
  return n;
}

int64_t PrefixedStream::size_hint() const {
  const int64_t inner = inner_->size_hint();
  if (inner < 0) return -1;
  return inner + static_cast<int64_t>(prefix_.size() - pos_);
}

struct GzipStream::State {
  z_stream z{};
  bool initialized = false;
  char in[1 << 16];
  size_t in_len = 0;
  bool input_ended = false;
  bool member_open = false;   // inside a member (header seen, no end yet)
};

GzipStream::GzipStream(ByteStream* compressed, uint64_t max_output_bytes)
    : state_(new State), compressed_(compressed), max_output_(max_output_bytes) {
  // 16 + MAX_WBITS: gzip wrapper only, so a raw zlib stream is an error.
  if (inflateInit2(&state_->z, 16 + MAX_WBITS) == Z_OK) {
    state_->initialized = true;
  } else {
    error_ = "zlib initialisation failed";
    done_ = true;
  }
}

GzipStream::~GzipStream() {
  if (state_->initialized) inflateEnd(&state_->z);
}

size_t GzipStream::Read(char* out, size_t capacity) {
  State& s = *state_;
  if (done_ || capacity == 0) return 0;
  s.z.next_out = reinterpret_cast<Bytef*>(out);
  s.z.avail_out = static_cast<uInt>(std::min<size_t>(capacity, 1u << 30));
  while (s.z.avail_out > 0) {
    if (s.z.avail_in == 0 && !s.input_ended) {
      s.in_len = compressed_->Read(s.in, sizeof(s.in));
      compressed_read_ += s.in_len;
      if (s.in_len == 0) {
        s.input_ended = true;
        if (!compressed_->error().empty()) error_ = compressed_->error();
      }
      s.z.next_in = reinterpret_cast<Bytef*>(s.in);
      s.z.avail_in = static_cast<uInt>(s.in_len);
    }
    if (s.z.avail_in == 0 && s.input_ended) {
      if (s.member_open && error_.empty()) {
        error_ = "gzip data ends inside a member (truncated) at compressed byte " +
                 std::to_string(compressed_read_);
      }
      done_ = true;
      break;
    }
    const int rc = inflate(&s.z, Z_NO_FLUSH);
    s.member_open = true;
    if (rc == Z_STREAM_END) {
      // Multi-member gzip: start the next member if more input follows.
      s.member_open = false;
      inflateReset(&s.z);
      continue;
    }
    if (rc == Z_BUF_ERROR && s.z.avail_in == 0) continue;  // needs more input
    if (rc != Z_OK) {
      const uint64_t at = compressed_read_ - s.z.avail_in;
      error_ = std::string("gzip data error at compressed byte ") +
               std::to_string(at) + ": " + (s.z.msg ? s.z.msg : "invalid data");
      done_ = true;
      break;
    }
  }
  const size_t produced = capacity - s.z.avail_out;
  produced_ += produced;
  if (produced_ > max_output_) {
    error_ = "decompressed size exceeds the limit of " + std::to_string(max_output_) +
             " bytes";
    done_ = true;
    return 0;
  }
  return produced;
}

bool ReadAll(ByteStream& stream, uint64_t limit, size_t padding, Buffer* out,
             std::string* why) {
  out->Clear();
  const int64_t hint = stream.size_hint();
  // With a size hint, leave room for the read that finds the end: growing
  // only then would copy the whole buffer once more for nothing.
  size_t cap = hint > 0 ? static_cast<size_t>(hint) + 4096 : size_t{1} << 16;
  for (;;) {
    if (out->size() == cap) cap *= 2;
    out->Reserve(cap + padding);
    const size_t n = stream.Read(out->data() + out->size(), cap - out->size());
    if (n == 0) break;
    out->set_size(out->size() + n);
    if (out->size() > limit) {
      *why = "larger than " + std::to_string(limit) + " bytes";
      return false;
    }
  }
  if (!stream.error().empty()) {
    *why = stream.error();
    return false;
  }
  out->Reserve(out->size() + padding);
  return true;
}

bool IsGzip(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

bool GunzipWhole(std::string_view in, uint64_t limit, size_t padding,
                 Buffer* out, std::string* why, bool* over_limit) {
  *over_limit = false;
  struct Free {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
  };
  std::unique_ptr<libdeflate_decompressor, Free> d(libdeflate_alloc_decompressor());
  if (!d) {
    *why = "out of memory";
    return false;
  }
  out->Clear();
  size_t in_pos = 0;
  // ISIZE (the last 4 bytes) is the last member's size mod 2^32: a good first
  // guess for the common single-member file.
  uint64_t guess = in.size() * 4;
  if (in.size() >= 18) {
    const unsigned char* t = reinterpret_cast<const unsigned char*>(in.data() + in.size() - 4);
    guess = std::max<uint64_t>(guess, uint64_t{t[0]} | uint64_t{t[1]} << 8 |
                                          uint64_t{t[2]} << 16 | uint64_t{t[3]} << 24);
  }
  // ISIZE is untrusted: deflate expands at most 1032:1, so a larger claim is
  // false and must not size the buffer (a 20-byte file claiming 4 GiB would
  // allocate `limit` bytes). Too small a guess only costs a doubling below.
  guess = std::min<uint64_t>(guess, uint64_t{in.size()} * 1032);
  guess = std::min<uint64_t>(guess + 64, limit);
  while (in_pos < in.size()) {
    size_t room = static_cast<size_t>(std::max<uint64_t>(guess, 1024));
    for (;;) {
      const size_t old = out->size();
      if (old + room > limit) room = static_cast<size_t>(limit - old);
      out->Reserve(old + room + padding);
      size_t in_used = 0, out_used = 0;
      libdeflate_result r = libdeflate_gzip_decompress_ex(
          d.get(), in.data() + in_pos, in.size() - in_pos, out->data() + old, room,
          &in_used, &out_used);
      if (r == LIBDEFLATE_SUCCESS) {
        out->set_size(old + out_used);
        in_pos += in_used;
        break;
      }
      if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
        if (old + room >= limit) {
          *over_limit = true;
          *why = "decompressed size exceeds " + std::to_string(limit) + " bytes";
          return false;
        }
        room *= 2;
        continue;
      }
      *why = "gzip data error in the member at compressed byte " + std::to_string(in_pos);
      return false;
    }
    // Trailing zero bytes after the last member (tape padding) are tolerated.
    size_t rest = in_pos;
    while (rest < in.size() && in[rest] == '\0') ++rest;
    if (rest == in.size()) break;
  }
  out->Reserve(out->size() + padding);
  return true;
}

bool DecodeBase64(std::string_view text, std::string* out) {
  static constexpr auto kTable = [] {
    std::array<int8_t, 256> t{};
    for (auto& v : t) v = -1;
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
    return t;
  }();
  out->clear();
  out->reserve(text.size() / 4 * 3 + 3);
  uint32_t acc = 0;
  int bits = 0;
  size_t pad = 0;
  for (char ch : text) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c == '=') {
      ++pad;
      continue;
    }
    if (pad > 0 || kTable[c] < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(kTable[c]);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return pad <= 2;
}

}  // namespace trailhunt::input
