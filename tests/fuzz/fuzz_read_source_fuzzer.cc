// libFuzzer target: arbitrary bytes as one in-memory source through
// trailhunt::ReadSource (envelope detection, NDJSON/array/S3 framing, gzip,
// base64 CloudWatch Lambda payloads, zip and tar via libarchive, OCSF).
//
// Besides the sanitizers, it checks the input contract of input.h and aborts
// when one is broken:
//   - counters reconcile: records_seen == records_delivered + records_rejected,
//     and by_envelope sums to records_delivered;
//   - the sink saw exactly as many records and errors as the counters say;
//   - a delivered record is a JSON object followed by kJsonPadding readable
//     bytes, and Event::FromRecord accepts it (the reader and Event share one
//     validator, so they must agree);
//   - record_index counts 0, 1, 2, ... within each source;
//   - a record with a time origin has a time, one without has none.
//
// Each input is read twice: with generous limits, and with tiny ones so every
// limit's rejection path runs too. Inputs whose size is a multiple of 8 are
// also streamed in the tiny pass (max_in_memory_bytes below their size), which
// is what stdin and sources over 1 GiB take; only those, because a streamed
// source costs a 2 x 4 MiB window (Window::FromStream) per layer.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "trailhunt/event.h"
#include "trailhunt/input.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail = std::string()) {
  std::fprintf(stderr, "fuzz_read_source: invariant broken: %s %s\n", what, detail.c_str());
  std::abort();
}

class CheckingSink : public trailhunt::RecordSink {
 public:
  explicit CheckingSink(const trailhunt::Limits& limits) : limits_(limits) {}

  void OnRecord(const trailhunt::Record& record) override {
    ++records_;
    CheckIndex(record.location);
    if (record.json.empty() || record.json.front() != '{') {
      Fail("delivered record does not start with '{'");
    }
    // The padding promise: kJsonPadding readable bytes after the record.
    // ASan reports the read if they are not there.
    unsigned char x = 0;
    const char* end = record.json.data() + record.json.size();
    for (size_t i = 0; i < trailhunt::kJsonPadding; ++i) x ^= static_cast<unsigned char>(end[i]);
    padding_checksum_ ^= x;
    if ((record.time_origin == trailhunt::TimeOrigin::kNone) !=
        (record.time_ns == trailhunt::kNoTime)) {
      Fail("time_origin and time_ns disagree", std::string(trailhunt::TimeOriginName(record.time_origin)));
    }
    auto event = trailhunt::Event::FromRecord(record, limits_);
    if (!event.ok()) {
      Fail("Event::FromRecord rejects a delivered record:", std::string(event.status().message()));
    }
    // Touch what an analyst would read first.
    (void)event->PrincipalName();
    (void)event->Get("eventName");
  }

  void OnError(const trailhunt::RecordError& error) override {
    ++errors_;
    CheckIndex(error.location);
    (void)trailhunt::RejectReasonName(error.reason);
  }

  void OnSkipped(std::string_view source, std::string_view why) override {
    ++skipped_;
    last_skip_.assign(source);
    last_skip_.append(why);
  }

  uint64_t records() const { return records_; }
  uint64_t errors() const { return errors_; }
  uint64_t skipped() const { return skipped_; }

 private:
  // Sources are read one after another (an archive's members in turn), so a
  // change of source name starts a new count. Two consecutive members with
  // the same name are two sources too, hence 0 is always accepted.
  void CheckIndex(const trailhunt::RecordLocation& location) {
    if (location.source != current_source_) {
      current_source_.assign(location.source);
      expected_index_ = 0;
    }
    if (location.record_index != expected_index_ && location.record_index != 0) {
      Fail("record_index out of order in", current_source_ + " got " +
                                               std::to_string(location.record_index) +
                                               " expected " + std::to_string(expected_index_));
    }
    expected_index_ = location.record_index + 1;
  }

  const trailhunt::Limits& limits_;
  uint64_t records_ = 0, errors_ = 0, skipped_ = 0;
  std::string current_source_;
  uint64_t expected_index_ = 0;
  std::string last_skip_;
  unsigned char padding_checksum_ = 0;
};

void ReadOnce(std::string_view bytes, const trailhunt::ReadOptions& options) {
  CheckingSink sink(options.limits);
  trailhunt::InputCounters counters;
  absl::Status status =
      trailhunt::ReadSource(trailhunt::MemorySource("fuzz", bytes), options, sink, counters);
  if (!status.ok()) Fail("ReadSource failed on a memory source:", std::string(status.message()));
  if (!counters.Reconciles()) {
    Fail("counters do not reconcile:", "seen " + std::to_string(counters.records_seen) +
                                           " delivered " + std::to_string(counters.records_delivered) +
                                           " rejected " + std::to_string(counters.records_rejected));
  }
  uint64_t by_envelope = 0;
  for (uint64_t n : counters.by_envelope) by_envelope += n;
  if (by_envelope != counters.records_delivered) Fail("by_envelope does not sum to records_delivered");
  if (sink.records() != counters.records_delivered) Fail("OnRecord calls != records_delivered");
  if (sink.errors() != counters.records_rejected) Fail("OnError calls != records_rejected");
  if (sink.skipped() != counters.files_skipped) Fail("OnSkipped calls != files_skipped");
  if (counters.sources_read == 0) Fail("sources_read is 0 after a read");
}

trailhunt::ReadOptions Generous() {
  trailhunt::ReadOptions o;
  // Far above what a 64 KiB input holds, but small: a gzip member's size
  // field sizes the first output buffer up to these limits (GunzipWhole), so
  // the defaults would cost a 1 GiB allocation per fuzzed gzip input.
  o.limits.max_record_bytes = size_t{1} << 20;
  o.limits.max_envelope_bytes = size_t{4} << 20;
  o.limits.max_in_memory_bytes = size_t{8} << 20;
  o.limits.max_decompressed_bytes = uint64_t{64} << 20;
  return o;
}

trailhunt::ReadOptions Tiny(bool stream) {
  trailhunt::ReadOptions o;
  o.limits.max_record_bytes = 300;
  o.limits.max_depth = 8;
  o.limits.max_envelope_bytes = 1024;
  // Sources (and decoded layers) above this are streamed.
  o.limits.max_in_memory_bytes = stream ? 200 : size_t{1} << 20;
  o.limits.max_decompressed_bytes = 4096;
  o.limits.max_nesting_of_containers = 2;
  return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const trailhunt::ReadOptions generous = Generous();
  static const trailhunt::ReadOptions tiny = Tiny(false);
  static const trailhunt::ReadOptions tiny_streamed = Tiny(true);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  ReadOnce(bytes, generous);
  ReadOnce(bytes, size % 8 == 0 ? tiny_streamed : tiny);
  return 0;
}
