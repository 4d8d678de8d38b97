// Sequential byte sources the reader pulls from: a file descriptor, memory,
// a zlib-inflated stream, an archive member. Each knows how many bytes it
// produced and, when it stops early, why.
#ifndef TRAILHUNT_LIB_INPUT_BYTE_STREAM_H_
#define TRAILHUNT_LIB_INPUT_BYTE_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "input/buffer.h"

namespace trailhunt::input {

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Reads up to `capacity` bytes; 0 means the end (or an error: see error()).
  virtual size_t Read(char* out, size_t capacity) = 0;
  // Empty unless the stream ended because of an error.
  const std::string& error() const { return error_; }
  // Size of the whole stream when known up front, else -1.
  virtual int64_t size_hint() const { return -1; }
  // Hands over the stream's whole content, from its first byte, when the
  // stream is a buffer it owns (decoded gzip): no copy. False otherwise.
  virtual bool TakeAll(Buffer* out) {
    (void)out;
    return false;
  }
  // Views the stream's whole content, from its first byte, when it is
  // memory the caller keeps alive (a memory source): no copy. False otherwise.
  virtual bool Borrow(std::string_view* out) {
    (void)out;
    return false;
  }

 protected:
  std::string error_;
};

// Reads a file descriptor; closes it on destruction when `owned`.
class FdStream : public ByteStream {
 public:
  FdStream(int fd, bool owned, int64_t size_hint);
  ~FdStream() override;
  size_t Read(char* out, size_t capacity) override;
  int64_t size_hint() const override { return size_hint_; }

 private:
  int fd_;
  bool owned_;
  int64_t size_hint_;
};

class MemoryStream : public ByteStream {
 public:
  explicit MemoryStream(std::string_view bytes) : bytes_(bytes) {}
  size_t Read(char* out, size_t capacity) override;
  bool Borrow(std::string_view* out) override {
    *out = bytes_;
    return true;
  }
  int64_t size_hint() const override { return static_cast<int64_t>(bytes_.size() - pos_); }

 private:
  std::string_view bytes_;
  size_t pos_ = 0;
};

// A buffer the stream owns and can hand over whole (see TakeAll).
class OwnedStream : public ByteStream {
 public:
  explicit OwnedStream(Buffer bytes) : bytes_(std::move(bytes)) {}
  size_t Read(char* out, size_t capacity) override;
  int64_t size_hint() const override { return static_cast<int64_t>(bytes_.size() - pos_); }
  bool TakeAll(Buffer* out) override;

 private:
  Buffer bytes_;
  size_t pos_ = 0;
};

// Serves `prefix` (bytes already peeked) before the rest of `inner`.
class PrefixedStream : public ByteStream {
 public:
  PrefixedStream(std::string prefix, ByteStream* inner)
      : prefix_(std::move(prefix)), inner_(inner) {}
  size_t Read(char* out, size_t capacity) override;
  int64_t size_hint() const override;
  // The prefix was peeked from `inner`, so inner's whole content includes it.
  bool TakeAll(Buffer* out) override { return pos_ == 0 && inner_->TakeAll(out); }
  bool Borrow(std::string_view* out) override { return pos_ == 0 && inner_->Borrow(out); }

 private:
  std::string prefix_;
  size_t pos_ = 0;
  ByteStream* inner_;
};

// Inflates gzip (every member of a multi-member stream) with zlib. Used when
// the data is too large to hold, comes from a pipe, or is damaged (libdeflate
// decodes whole buffers only, so it cannot hand out what precedes damage).
class GzipStream : public ByteStream {
 public:
  GzipStream(ByteStream* compressed, uint64_t max_output_bytes);
  ~GzipStream() override;
  size_t Read(char* out, size_t capacity) override;
  uint64_t compressed_bytes_read() const { return compressed_read_; }

 private:
  struct State;
  std::unique_ptr<State> state_;
  ByteStream* compressed_;
  uint64_t max_output_;
  uint64_t produced_ = 0;
  uint64_t compressed_read_ = 0;
  bool done_ = false;
};

// Reads `stream` to the end into `out`, followed by `padding` spare bytes of
// capacity. Fails (returns false, with `why`) past `limit` bytes.
bool ReadAll(ByteStream& stream, uint64_t limit, size_t padding, Buffer* out,
             std::string* why);

// gzip magic (1f 8b).
bool IsGzip(std::string_view head);

// Decompresses a whole gzip buffer, every member, with libdeflate. Returns
// false when the data is damaged or would exceed `limit` (and says which in
// `why`); the caller then falls back to GzipStream for the part that decodes.
bool GunzipWhole(std::string_view compressed, uint64_t limit, size_t padding,
                 Buffer* out, std::string* why, bool* over_limit);

// Standard base64 (RFC 4648), whitespace ignored. False on invalid input.
bool DecodeBase64(std::string_view text, std::string* out);

}  // namespace trailhunt::input

#endif  // TRAILHUNT_LIB_INPUT_BYTE_STREAM_H_
