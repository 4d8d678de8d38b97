// Helpers shared by the unit tests: reading records out of bytes and
// collecting what the reader produced.
#ifndef TRAILHUNT_TESTS_UNIT_TEST_DATA_H_
#define TRAILHUNT_TESTS_UNIT_TEST_DATA_H_

#include <string>
#include <string_view>
#include <vector>

#include "trailhunt/input.h"

namespace testing_support {

struct CollectedRecord {
  std::string json;
  std::string source;
  uint64_t record_index = 0;
  uint64_t byte_offset = 0;
  trailhunt::Envelope envelope{};
  trailhunt::TimeOrigin time_origin{};
  int64_t time_ns = trailhunt::kNoTime;
};

struct Collected {
  std::vector<CollectedRecord> records;
  std::vector<trailhunt::RecordError> errors;  // location.source not kept
  std::vector<std::string> error_sources;
  std::vector<std::pair<std::string, std::string>> skipped;
  trailhunt::InputCounters counters;
  std::string status;  // ReadSource's status message, "" when OK
  // Sum of the kJsonPadding bytes after every record: reading them proves
  // (under ASan) that the padding the API promises is there.
  uint64_t padding_checksum = 0;
};

// What every read must satisfy: counters reconcile with each other and with
// what the sink saw; per source, the record indices of records and errors
// together are exactly 0..n-1 and records arrive in index order; every record
// text is a JSON object. Uses doctest CHECKs.
void CheckInvariants(const Collected& c);

inline constexpr int64_t kSecond = 1000000000;
inline constexpr int64_t kT0 = int64_t{1705312800} * kSecond;  // 2024-01-15T10:00:00Z

// "07" for 7: the two-digit fields of a timestamp.
std::string TwoDigits(int v);

// A compact CloudTrail record with eventTime 2024-01-15T10:00:<i % 60>Z and
// eventID "id-<i>"; `extra` is spliced in before the closing brace.
std::string Rec(int i, std::string_view extra = {});
// The time Rec(i) carries, in epoch nanoseconds.
int64_t RecTime(int i);

// Reads `bytes` as a memory source named `name`, then CheckInvariants.
Collected ReadBytes(std::string_view bytes, const trailhunt::ReadOptions& options = {},
                    const std::string& name = "mem");
// Reads any Source, then CheckInvariants.
Collected ReadAny(const trailhunt::Source& source, const trailhunt::ReadOptions& options = {});

// gzip-compresses `data` (one member) with zlib.
std::string Gzip(std::string_view data);
// Contents of a file; empty when unreadable.
std::string ReadFile(const std::string& path);
// A fresh empty directory under the system temp dir.
std::string MakeTempDir();

}  // namespace testing_support

#endif  // TRAILHUNT_TESTS_UNIT_TEST_DATA_H_
