// File: input.h
// Reading CloudTrail from wherever it arrives: files, directory trees,
// archives, memory, stdin; gzip by magic bytes; every envelope by content.
// The input stage frames records and validates their JSON; it never looks at
// event fields beyond what envelope detection needs.
//
// Thread-safety: the functions here are reentrant; one call reads one source
// on the calling thread. The engine runs several calls in parallel.
#ifndef TRAILHUNT_INPUT_H_
#define TRAILHUNT_INPUT_H_

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "trailhunt/limits.h"

namespace trailhunt {

// How a record arrived. Detected per top-level JSON value, so one source may
// mix envelopes (a HEC stream of CloudWatch payloads, say); a record reports
// the innermost envelope that carried it.
enum class Envelope : uint8_t {
  kS3Records,           // {"Records":[record, ...]} as S3 trail delivery writes it
  kJsonArray,           // [record, ...]
  kNdjson,              // one record per line
  kSingleRecord,        // one bare record (or several pretty-printed, concatenated)
  kCloudWatchLogs,      // subscription payload, logEvents[].message holds a record
  kCloudWatchLambda,    // {"awslogs":{"data":base64(gzip(payload))}}
  kEventBridge,         // "... via CloudTrail" event, record in detail
  kSplunkHec,           // {"time":..,"event":record}
  kLookupEvents,        // aws cloudtrail lookup-events: Events[].CloudTrailEvent
  kOcsf,                // Security Lake OCSF record mapped to CloudTrail names
};
inline constexpr int kEnvelopeCount = 10;
std::string_view EnvelopeName(Envelope envelope);

// Which clock gave a record its time; visible so an analyst can tell a
// record's own eventTime from a transport's timestamp.
enum class TimeOrigin : uint8_t {
  kNone,                 // no usable time
  kEventTime,            // the record's eventTime
  kCloudWatchTimestamp,  // logEvents[].timestamp (epoch ms)
  kHecTime,              // HEC "time" (epoch seconds)
  kAtTimestamp,          // "@timestamp" of log-shipper exports (Logstash ...)
  kEventBridgeTime,      // EventBridge "time"
  kOcsfTime,             // OCSF "time" (epoch ms)
};
std::string_view TimeOriginName(TimeOrigin origin);

inline constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

// Where a record came from. `record_index` is 0-based within its source and
// counts every record seen there, delivered or rejected, in source order.
// `byte_offset` is the offset of the record's first byte in the source's
// decompressed stream; a record nested in a JSON string (CloudWatch message,
// lookup-events CloudTrailEvent) or in a base64 payload reports the offset of
// the outermost value that holds it.
struct RecordLocation {
  std::string_view source;
  uint64_t record_index = 0;
  uint64_t byte_offset = 0;
};

// One framed, validated record. `json` is a JSON object and is followed by at
// least kJsonPadding readable bytes. Everything here is valid only during the
// RecordSink call that receives it.
struct Record {
  std::string_view json;
  RecordLocation location;
  Envelope envelope = Envelope::kSingleRecord;
  TimeOrigin time_origin = TimeOrigin::kNone;
  int64_t time_ns = kNoTime;  // epoch nanoseconds, kNoTime when none
};

inline constexpr size_t kJsonPadding = 64;  // >= simdjson::SIMDJSON_PADDING

enum class RejectReason : uint8_t {
  kInvalidJson,
  kInvalidUtf8,
  kNotAnObject,
  kTooLarge,
  kTooDeep,
  kTruncated,     // the source ended inside the record
  kDamaged,       // the container lost its structure; the rest of the document
  kDecompression, // gzip data error inside the record's bytes
  kNotCloudTrail, // a JSON object of no known envelope or record shape
};
std::string_view RejectReasonName(RejectReason reason);

struct RecordError {
  RecordLocation location;
  RejectReason reason = RejectReason::kInvalidJson;
  std::string message;
};

// Counters reconcile: records_seen == records_delivered + records_rejected.
// Digest files, control messages and Lake result rows are not records and are
// counted apart; so are files skipped for not being CloudTrail containers.
struct InputCounters {
  uint64_t records_seen = 0;
  uint64_t records_delivered = 0;
  uint64_t records_rejected = 0;
  uint64_t sources_read = 0;
  uint64_t files_skipped = 0;       // not JSON, gzip, zip nor tar
  uint64_t digest_files = 0;
  uint64_t control_messages = 0;
  uint64_t lake_rows_skipped = 0;
  uint64_t bytes_read = 0;          // as stored (compressed)
  uint64_t bytes_decoded = 0;       // after decompression
  uint64_t by_envelope[kEnvelopeCount] = {};    // delivered records, indexed by Envelope

  void Add(const InputCounters& other);
  bool Reconciles() const {
    return records_seen == records_delivered + records_rejected;
  }
};

// Receives what a read produces, in source order.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void OnRecord(const Record& record) = 0;
  virtual void OnError(const RecordError& error) = 0;
  // A file that is no CloudTrail container (README, CSV, binary), or an
  // archive member skipped for a limit; `source` names it.
  virtual void OnSkipped(std::string_view source, std::string_view why) {
    (void)source;
    (void)why;
  }
};

// One thing to read. Directories are expanded by ExpandPaths; archives and
// compressed files are opened by ReadSource.
struct Source {
  enum class Kind : uint8_t { kFile, kStdin, kMemory };
  Kind kind = Kind::kFile;
  std::string name;           // what records report as their source
  std::string path;           // kFile
  std::string_view memory;    // kMemory: borrowed, must outlive the read
};

Source FileSource(std::string path);
Source StdinSource();
Source MemorySource(std::string name, std::string_view bytes);

// Turns command-line style paths into sources: "-" is stdin, a directory is
// walked recursively (regular files only, symlinked directories not followed,
// sorted by path so the order and thus the output is deterministic).
// A path that does not exist or cannot be read is an error naming it.
absl::StatusOr<std::vector<Source>> ExpandPaths(
    const std::vector<std::string>& paths);

struct ReadOptions {
  Limits limits;
};

// Reads one source to the end, delivering records and errors to `sink` and
// adding to `counters`. Bad records never stop the read. Returns an error
// only when the source cannot be opened or read at all (I/O error).
absl::Status ReadSource(const Source& source, const ReadOptions& options,
                        RecordSink& sink, InputCounters& counters);

}  // namespace trailhunt

#endif  // TRAILHUNT_INPUT_H_
