// The decoded bytes of one source as the framer sees them: held whole, or
// pulled from a stream in chunks, always followed by readable padding so
// simdjson can parse a record in place.
#ifndef TRAILHUNT_LIB_INPUT_WINDOW_H_
#define TRAILHUNT_LIB_INPUT_WINDOW_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "input/buffer.h"
#include "input/byte_stream.h"

namespace trailhunt::input {

// The decoded bytes of a source, held whole or pulled in chunks. data() is
// always followed by kJsonPadding readable bytes.
class Window {
 public:
  // `buffer` holds the whole decoded source (it gets the padding it needs).
  static std::unique_ptr<Window> FromMemory(Buffer buffer);
  // Frames `memory` in place; it must outlive the window. Its end has no
  // padding, so a record that ends within kJsonPadding bytes of it must be
  // copied before parsing (see Padded).
  static std::unique_ptr<Window> FromBorrowed(std::string_view memory);
  static std::unique_ptr<Window> FromStream(ByteStream* stream, size_t chunk);

  const char* data() const { return ptr_ + start_; }
  // False when `text` lies in this window and fewer than kJsonPadding
  // readable bytes follow it (only at the end of borrowed memory).
  bool Padded(std::string_view text) const;
  size_t size() const { return end_ - start_; }
  uint64_t offset() const { return base_; }  // source offset of data()[0]
  bool eof() const { return eof_; }
  // Appends the next chunk; false when the stream has ended.
  bool Fill();
  void Consume(size_t n) {
    start_ += n;
    base_ += n;
  }
  // Why the stream ended early ("" for a clean end or for memory).
  std::string stream_error() const { return stream_ ? stream_->error() : std::string(); }

 private:
  Window() = default;
  std::unique_ptr<char[]> buf_;  // stream mode storage
  char* ptr_ = nullptr;  // not owned when borrowed
  Buffer owned_;  // memory mode storage
  size_t cap_ = 0, start_ = 0, end_ = 0;
  uint64_t base_ = 0;
  bool eof_ = false;
  ByteStream* stream_ = nullptr;
  size_t chunk_ = 0;
};

}  // namespace trailhunt::input

#endif  // TRAILHUNT_LIB_INPUT_WINDOW_H_
