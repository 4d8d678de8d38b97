// File: corpus.h
// A deterministic generator of realistic CloudTrail records for benchmarks:
// a fixed seed gives byte-identical output on every machine (own RNG, no
// <random> distributions, no clock). The mix follows what an account's trail
// holds: mostly read-only EC2/S3/KMS/STS calls from assumed roles, S3 and
// Lambda data events, a few IAM changes, ConsoleLogin with MFAUsed Yes/No,
// about 3% errorCode, nested requestParameters with arrays, policies as
// escaped JSON strings, some non-ASCII text.
//
// Thread-safety: a RecordGenerator is used by one thread; the free functions
// are reentrant.
#ifndef TRAILHUNT_BENCH_CORPUS_H_
#define TRAILHUNT_BENCH_CORPUS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace trailhunt_bench {

inline constexpr uint64_t kDefaultSeed = 20240301;

// What a corpus holds, as the generator counted it: the reference every
// benchmark and comparison checks its own answer against.
struct CorpusCounts {
  uint64_t records = 0;
  uint64_t record_bytes = 0;  // the records' JSON text, separators excluded
  uint64_t errors = 0;        // records with an errorCode
  uint64_t console_logins = 0;
  std::map<std::string, uint64_t> by_event_name;
  std::map<std::string, uint64_t> by_error_code;  // sums to `errors`
  // ConsoleLogin's additionalEventData.MFAUsed ("Yes"/"No"); sums to
  // `console_logins`.
  std::map<std::string, uint64_t> by_mfa_used;
};

class RecordGenerator {
 public:
  explicit RecordGenerator(uint64_t seed = kDefaultSeed);
  RecordGenerator(const RecordGenerator&) = delete;
  RecordGenerator& operator=(const RecordGenerator&) = delete;

  // Appends one compact record (a JSON object, no newline) to `out` and
  // counts it in counts().
  void Append(std::string& out);
  const CorpusCounts& counts() const { return counts_; }
  // eventTime of the next record, epoch seconds.
  int64_t next_time() const { return time_; }

 private:
  uint64_t rng_;
  int64_t time_;
  CorpusCounts counts_;
};

// Records until the NDJSON text (each record plus '\n') reaches
// `target_bytes`. The same seed and target always give the same records.
std::string MakeNdjson(uint64_t target_bytes, uint64_t seed, CorpusCounts* counts);

// The records of `ndjson` as one S3 delivery document {"Records":[...]}.
std::string NdjsonToS3Records(std::string_view ndjson);

// Splits `ndjson` at line ends into `parts` pieces of about equal size (views
// into it; fewer when there are fewer lines).
std::vector<std::string_view> SplitNdjson(std::string_view ndjson, size_t parts);

// Counts the lines of `ndjson` that hold something.
uint64_t CountLines(std::string_view ndjson);

// gzip (RFC 1952, mtime 0: deterministic) with libdeflate at `level` (1-12).
bool Gzip(std::string_view in, int level, std::string* out);

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_CORPUS_H_
