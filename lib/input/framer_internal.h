// The Framer class, shared by its two halves: framer.cc (the stream loop:
// lines, values, arrays, cut-short documents) and envelopes.cc (what one
// complete JSON value is: a record, an envelope to open, or something to
// count or reject). Internal to lib/input.
#ifndef TRAILHUNT_LIB_INPUT_FRAMER_INTERNAL_H_
#define TRAILHUNT_LIB_INPUT_FRAMER_INTERNAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "input/framer.h"
#include "input/json_scan.h"

namespace trailhunt::input {

struct EnvTime {
  TimeOrigin origin = TimeOrigin::kNone;
  int64_t ns = kNoTime;
};

// `s` cut to `max` bytes for a message, control characters blanked.
std::string Shorten(std::string_view s, size_t max);

class Framer {
 public:
  Framer(SourceContext& ctx, int nesting) : ctx_(ctx), nesting_(nesting) {}

  // A payload nested in another value: every record reports `offset`, plain
  // records report `envelope`, and `time` stands in for a missing eventTime.
  void SetNested(uint64_t offset, std::optional<Envelope> envelope, EnvTime time,
                 bool lambda) {
    fixed_offset_ = offset;
    plain_override_ = envelope;
    inherited_time_ = time;
    lambda_ = lambda;
  }

  void Run(Window& w);

 private:
  enum class Mode { kUndecided, kLines, kValues };
  enum class Take { kOk, kTruncated, kTooLarge };

  uint64_t Offset(uint64_t natural) const {
    return fixed_offset_ ? *fixed_offset_ : natural;
  }
  Envelope Plain(Envelope natural) const {
    return plain_override_ ? *plain_override_ : natural;
  }
  const Limits& limits() const { return ctx_.options->limits; }

  Mode DecideMode(Window& w);
  bool EnsureBytes(Window& w, size_t n);
  size_t SkipWs(Window& w);  // consumes whitespace, filling as needed; returns size()
  Take TakeValue(Window& w, size_t limit, size_t* end, uint64_t* start_offset);
  void TakeLine(Window& w);
  bool StartsRecordsArray(Window& w, size_t* consumed);
  // For a document cut short: delivers the complete records of its Records
  // array and reports the rest once. False when there is no such array.
  bool SalvageRecords(std::string_view partial, uint64_t offset);
  bool ElementLoop(Window& w, Envelope envelope);
  void SkipRestOfObject(Window& w);

  void HandleUnit(std::string_view unit, uint64_t offset, Envelope plain, EnvTime time);
  void HandleObject(std::string_view unit, uint64_t offset, Envelope plain, EnvTime time);
  void HandleCloudWatch(std::string_view unit, const Member* type, const Member* events,
                        uint64_t offset);
  void HandleNestedText(std::string_view token, uint64_t offset, std::optional<Envelope> plain,
                        EnvTime time, const char* what);
  void HandleDecodedPayload(Buffer payload, uint64_t offset, std::optional<Envelope> plain,
                            EnvTime time, bool lambda);
  void Deliver(std::string_view json, uint64_t offset, Envelope envelope, EnvTime time);
  // Calls fn(begin, end) for each element of the array at unit[begin]; when
  // the array breaks, the rest is rejected once, as `what` ("Records array").
  template <typename Fn>
  void ForEachElementOrReject(std::string_view unit, size_t begin, uint64_t offset,
                              const char* what, Fn&& fn) {
    size_t broken_at = 0;
    bool truncated = false;
    if (!ForEachElement(unit, begin, fn, &broken_at, &truncated)) {
      Reject(offset + broken_at, truncated ? RejectReason::kTruncated : RejectReason::kDamaged,
             std::string(what) + (truncated ? " ends early" : " is malformed") +
                 "; the rest of the document is skipped");
    }
  }
  void Reject(uint64_t offset, RejectReason reason, std::string message);

  SourceContext& ctx_;
  int nesting_;
  std::optional<uint64_t> fixed_offset_;
  std::optional<Envelope> plain_override_;
  EnvTime inherited_time_;
  bool lambda_ = false;
  bool stream_error_reported_ = false;
  const Window* window_ = nullptr;  // the window Run() frames
  Buffer padded_copy_;              // a record too near the end of borrowed memory
  size_t unit_depth_ = 0;  // HandleUnit recursion: nested envelopes and arrays
};

}  // namespace trailhunt::input

#endif  // TRAILHUNT_LIB_INPUT_FRAMER_INTERNAL_H_
