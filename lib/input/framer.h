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
#include "input/window.h"
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

// Counts and reports one rejected record of `ctx`'s source at `byte_offset`,
// taking the next record index: the one place rejections are accounted.
void RejectRecord(SourceContext& ctx, uint64_t byte_offset, RejectReason reason,
                  std::string message);

// Frames everything in `window`. `nesting` counts the containers already
// opened above this stream (archives, gzip, base64 payloads).
void FrameStream(SourceContext& ctx, Window& window, int nesting);

}  // namespace trailhunt::input

#endif  // TRAILHUNT_LIB_INPUT_FRAMER_H_
