// File: limits.h
// The explicit limits every stage honours. Hitting one is reported (a rejected
// record, a skipped member, an error) and never silent; defaults are generous
// enough for real CloudTrail (a record is at most a few hundred KB).
#ifndef TRAILHUNT_LIMITS_H_
#define TRAILHUNT_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace trailhunt {

struct Limits {
  // One record's JSON text. CloudTrail caps requestParameters and
  // responseElements at 100 KB each; 8 MiB leaves room for odd producers.
  size_t max_record_bytes = size_t{8} << 20;
  // Containers nested in one record ({"a":{"b":1}} is 2). Real CloudTrail
  // stays under 30; the walk that validates a record recurses once per
  // level, and 256 keeps that well inside a thread's stack even under
  // AddressSanitizer (about 8 KB a level there).
  size_t max_depth = 256;
  // One envelope object that must be framed whole before it is classified
  // (a CloudWatch Logs payload, an EventBridge event, a HEC event).
  size_t max_envelope_bytes = size_t{256} << 20;
  // Above this a source is decompressed and framed as a stream instead of
  // held in memory whole.
  size_t max_in_memory_bytes = size_t{1} << 30;
  // Total decompressed bytes accepted from one source (gzip bomb guard).
  uint64_t max_decompressed_bytes = uint64_t{64} << 30;
  // Archives inside archives, gzip inside base64 inside JSON, ...
  int max_nesting_of_containers = 4;
};

}  // namespace trailhunt

#endif  // TRAILHUNT_LIMITS_H_
