// Envelope detection and framing: turns one decoded byte stream into records,
// rejected-record errors and skip counts. Detection is by content, per
// top-level JSON value (or per line in NDJSON), so concatenated and mixed
// envelopes work; nested envelopes (a HEC event holding a CloudWatch payload,
// a Lambda awslogs wrapper holding gzip) recurse with a depth limit.
#ifndef TRAILHUNT_LIB_INPUT_FRAMER_H_
#define TRAILHUNT_LIB_INPUT_FRAMER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "input/byte_stream.h"
#include "trailhunt/input.h"

namespace trailhunt::input {

// What every framer of one source shares: where output goes, the source's
// name and its running record index.
struct SourceContext {
  std::string name;
  uint64_t next_index = 0;
  RecordSink* sink = nullptr;
  InputCounters* counters = nullptr;
  const ReadOptions* options = nullptr;
};

// The decoded bytes of a source, held whole or pulled in chunks. data() is
// always followed by kJsonPadding readable bytes.
class Window {
 public:
  // `buffer` holds the whole decoded source; its capacity must be at least
  // size() + kJsonPadding.
  static std::unique_ptr<Window> FromMemory(std::string buffer);
  static std::unique_ptr<Window> FromStream(ByteStream* stream, size_t chunk);

  const char* data() const { return ptr_ + start_; }
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
  char* ptr_ = nullptr;
  std::string owned_;  // memory mode storage
  size_t cap_ = 0, start_ = 0, end_ = 0;
  uint64_t base_ = 0;
  bool eof_ = false;
  ByteStream* stream_ = nullptr;
  size_t chunk_ = 0;
};

// Frames everything in `window`. `nesting` counts the containers already
// opened above this stream (archives, gzip, base64 payloads).
void FrameStream(SourceContext& ctx, Window& window, int nesting);

// Undoes JSON string escapes; `token` includes the quotes. False when the
// escapes are invalid.
bool UnescapeJsonString(std::string_view token, std::string* out);

}  // namespace trailhunt::input

#endif  // TRAILHUNT_LIB_INPUT_FRAMER_H_
