// Envelope recognition: what one complete top-level JSON value is, by its
// keys: a record, an envelope holding records (S3 Records, CloudWatch Logs,
// Lambda awslogs, EventBridge, Splunk HEC, lookup-events, OCSF), or
// something to count and skip (digest files, control messages, Lake rows).
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "event/json_parse.h"
#include "input/framer_internal.h"
#include "input/ocsf_mapping.h"
#include "trailhunt/time.h"

namespace trailhunt::input {
namespace {

// The members that decide what an object is, found in one pass over its
// keys (this runs for every record). Later duplicates win, as in FindMember.
struct KeyIndex {
  const Member* records = nullptr;         // S3 delivery
  const Member* message_type = nullptr;    // CloudWatch Logs
  const Member* log_events = nullptr;
  const Member* awslogs = nullptr;         // Lambda wrapper
  const Member* detail_type = nullptr;     // EventBridge
  const Member* detail = nullptr;
  const Member* time = nullptr;            // EventBridge, HEC
  const Member* event = nullptr;           // HEC
  bool hec_metadata = false;               // time/sourcetype/host/source/index/fields
  const Member* events = nullptr;          // lookup-events
  const Member* query_rows = nullptr;      // CloudTrail Lake
  bool digest = false;                     // digestS3Object, or logFiles + digestEndTime
  bool log_files = false, digest_end = false;
  bool ocsf = false;                       // class_uid
  bool record = false;                     // a CloudTrail record key

  explicit KeyIndex(const ObjectScan& scan) {
    for (const Member& m : scan.members) {
      const std::string_view k = m.key;
      if (k == "Records") records = &m;
      else if (k == "messageType") message_type = &m;
      else if (k == "logEvents") log_events = &m;
      else if (k == "awslogs") awslogs = &m;
      else if (k == "detail-type") detail_type = &m;
      else if (k == "detail") detail = &m;
      else if (k == "time") {
        time = &m;
        hec_metadata = true;
      }
      else if (k == "event") event = &m;
      else if (k == "sourcetype" || k == "host" || k == "source" || k == "index" || k == "fields") hec_metadata = true;
      else if (k == "Events") events = &m;
      else if (k == "QueryResultRows") query_rows = &m;
      else if (k == "digestS3Object") digest = true;
      else if (k == "logFiles") log_files = true;
      else if (k == "digestEndTime") digest_end = true;
      else if (k == "class_uid") ocsf = true;
      else if (k == "eventVersion" || k == "eventName" || k == "eventSource" || k == "eventTime" ||
               k == "userIdentity" || k == "eventType" || k == "eventID" || k == "awsRegion" ||
               k == "eventCategory" || k == "@timestamp") {
        record = true;
      }
    }
    digest = digest || (log_files && digest_end);
  }
};

std::optional<double> ParseNumberToken(std::string_view token) {
  if (token.size() >= 2 && token.front() == '"') token = token.substr(1, token.size() - 2);
  if (token.empty() || token.size() > 40) return std::nullopt;
  std::string copy(token);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string Shorten(std::string_view s, size_t max) {
  std::string out;
  for (char c : s.substr(0, max)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  if (s.size() > max) out += "...";
  return out;
}

void Framer::Reject(uint64_t offset, RejectReason reason, std::string message) {
  RejectRecord(ctx_, Offset(offset), reason, std::move(message));
}

void Framer::Deliver(std::string_view json, uint64_t offset, Envelope envelope,
                     EnvTime time) {
  if (json.size() > limits().max_record_bytes) {
    Reject(offset, RejectReason::kTooLarge,
           "record of " + std::to_string(json.size()) + " bytes exceeds max_record_bytes (" +
               std::to_string(limits().max_record_bytes) + ")");
    return;
  }
  if (window_ != nullptr && !window_->Padded(json)) {
    // The last bytes of borrowed memory: parse a padded copy instead.
    padded_copy_ = Buffer::Copy(json, kJsonPadding);
    std::memset(padded_copy_.data() + json.size(), ' ', kJsonPadding);
    json = padded_copy_.view();
  }
  internal::JsonProblem problem;
  internal::RecordTimes times;
  if (!internal::ValidateObject(json, limits().max_depth, &problem, &times)) {
    Reject(offset, problem.reason, problem.message + problem.Where());
    return;
  }
  Record r;
  r.json = json;
  r.location.source = ctx_.name;
  r.location.record_index = ctx_.next_index++;
  r.location.byte_offset = Offset(offset);
  r.envelope = envelope;
  if (times.event_time != kNoTime) {
    r.time_ns = times.event_time;
    r.time_origin = envelope == Envelope::kOcsf ? TimeOrigin::kOcsfTime : TimeOrigin::kEventTime;
  } else if (time.origin != TimeOrigin::kNone) {
    r.time_ns = time.ns;
    r.time_origin = time.origin;
  } else if (times.at_timestamp != kNoTime) {
    r.time_ns = times.at_timestamp;
    r.time_origin = TimeOrigin::kAtTimestamp;
  }
  ++ctx_.counters->records_seen;
  ++ctx_.counters->records_delivered;
  ++ctx_.counters->by_envelope[static_cast<int>(envelope)];
  ctx_.sink->OnRecord(r);
}

void Framer::HandleUnit(std::string_view unit, uint64_t offset, Envelope plain,
                        EnvTime time) {
  if (unit.empty()) return;
  // Nested arrays and envelopes recurse here, and each level rescans its
  // value: bound the depth so hostile input can neither exhaust the stack nor
  // cost depth x size time. Real envelopes nest a handful of levels.
  constexpr size_t kMaxEnvelopeNesting = 64;
  const size_t max_nesting = std::min(limits().max_depth, kMaxEnvelopeNesting);
  if (unit_depth_ >= max_nesting) {
    Reject(offset, RejectReason::kTooDeep,
           "arrays or envelopes nested deeper than " + std::to_string(max_nesting));
    return;
  }
  struct DepthGuard {
    size_t& depth;
    explicit DepthGuard(size_t& d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
  } guard(unit_depth_);
  const char c = unit[0];
  if (c == '{') {
    HandleObject(unit, offset, plain, time);
    return;
  }
  if (c == '[') {
    ForEachElementOrReject(unit, 0, offset, "array", [&](size_t b, size_t e) {
      HandleUnit(unit.substr(b, e - b), offset + b, Plain(Envelope::kJsonArray), time);
    });
    return;
  }
  Reject(offset, RejectReason::kNotAnObject,
         "expected a JSON object, found '" + Shorten(unit, 24) + "'");
}

void Framer::HandleNestedText(std::string_view token, uint64_t offset,
                              std::optional<Envelope> plain, EnvTime time,
                              const char* what) {
  std::string text;
  if (!UnescapeJsonString(token, &text)) {
    Reject(offset, RejectReason::kInvalidJson, std::string(what) + " is not a valid JSON string");
    return;
  }
  HandleDecodedPayload(Buffer::Copy(text, kJsonPadding), offset, plain, time, lambda_);
}

void Framer::HandleDecodedPayload(Buffer payload, uint64_t offset,
                                  std::optional<Envelope> plain, EnvTime time, bool lambda) {
  if (nesting_ + 1 > limits().max_nesting_of_containers) {
    Reject(offset, RejectReason::kTooDeep, "envelopes nested deeper than the limit of " +
                                               std::to_string(limits().max_nesting_of_containers));
    return;
  }
  std::unique_ptr<Window> w = Window::FromMemory(std::move(payload));
  Framer child(ctx_, nesting_ + 1);
  child.SetNested(Offset(offset), plain, time, lambda);
  child.unit_depth_ = unit_depth_;
  const uint64_t before = ctx_.counters->records_seen;
  const uint64_t skipped = ctx_.counters->control_messages + ctx_.counters->digest_files +
                           ctx_.counters->lake_rows_skipped;
  child.Run(*w);
  // A string that held nothing at all still was a record slot.
  if (ctx_.counters->records_seen == before &&
      ctx_.counters->control_messages + ctx_.counters->digest_files +
              ctx_.counters->lake_rows_skipped ==
          skipped) {
    Reject(offset, RejectReason::kNotAnObject, "empty payload");
  }
}

void Framer::HandleCloudWatch(std::string_view unit, const Member* type, const Member* events,
                              uint64_t offset) {
  const std::string_view type_token =
      unit.substr(type->value_begin, type->value_end - type->value_begin);
  if (type_token != "\"DATA_MESSAGE\"") {
    ++ctx_.counters->control_messages;
    return;
  }
  if (unit[events->value_begin] != '[') {
    Reject(offset + events->value_begin, RejectReason::kNotCloudTrail,
           "CloudWatch Logs payload whose logEvents is not an array");
    return;
  }
  const Envelope envelope = lambda_ ? Envelope::kCloudWatchLambda : Envelope::kCloudWatchLogs;
  ForEachElementOrReject(
      unit, events->value_begin, offset, "CloudWatch Logs logEvents array",
      [&](size_t b, size_t e) {
        std::string_view element = unit.substr(b, e - b);
        if (element.empty() || element[0] != '{') {
          Reject(offset + b, RejectReason::kNotAnObject, "logEvents entry is not an object");
          return;
        }
        ObjectScan ev = ScanObject(element, 0);
        const Member* message = FindMember(ev, "message");
        if (!ev.complete || message == nullptr || element[message->value_begin] != '"') {
          Reject(offset + b, RejectReason::kNotCloudTrail,
                 "logEvents entry without a string message");
          return;
        }
        EnvTime t;
        if (const Member* ts = FindMember(ev, "timestamp")) {
          // Out of int64 nanoseconds (or NaN): no usable time, not UB.
          if (auto ms = ParseNumberToken(
                  element.substr(ts->value_begin, ts->value_end - ts->value_begin));
              ms && *ms > -9.2e12 && *ms < 9.2e12) {
            t.origin = TimeOrigin::kCloudWatchTimestamp;
            t.ns = static_cast<int64_t>(*ms) * 1000000;
          }
        }
        HandleNestedText(element.substr(message->value_begin,
                                        message->value_end - message->value_begin),
                         offset + b, envelope, t, "logEvents[].message");
      });
}

void Framer::HandleObject(std::string_view unit, uint64_t offset, Envelope plain,
                          EnvTime time) {
  ObjectScan scan = ScanObject(unit, 0);
  if (!scan.complete) {
    // Not even the structure holds: let the parser say what is wrong.
    std::string copy(unit);
    copy.reserve(copy.size() + kJsonPadding);
    internal::JsonProblem problem;
    internal::ValidateObject(copy, limits().max_depth, &problem, nullptr);
    Reject(offset, scan.truncated ? RejectReason::kTruncated : problem.reason,
           (problem.message.empty() ? std::string("malformed JSON") : problem.message) +
               " (at byte " + std::to_string(scan.end) + " of the value)");
    return;
  }
  if (SkipWhitespace(unit.data(), unit.size(), scan.end) != unit.size()) {
    Reject(offset, RejectReason::kInvalidJson,
           "unexpected content after the JSON object at byte " + std::to_string(scan.end));
    return;
  }
  auto member_text = [&](const Member* m) {
    return unit.substr(m->value_begin, m->value_end - m->value_begin);
  };
  const KeyIndex keys(scan);
  if (const Member* records = keys.records; records != nullptr && unit[records->value_begin] == '[') {
    ForEachElementOrReject(unit, records->value_begin, offset, "Records array",
                           [&](size_t b, size_t e) {
                             HandleUnit(unit.substr(b, e - b), offset + b,
                                        Plain(Envelope::kS3Records), time);
                           });
    return;
  }
  if (keys.message_type && keys.log_events) {
    HandleCloudWatch(unit, keys.message_type, keys.log_events, offset);
    return;
  }
  if (const Member* awslogs = keys.awslogs) {
    std::string_view inner = member_text(awslogs);
    ObjectScan wrapper = inner.empty() || inner[0] != '{' ? ObjectScan() : ScanObject(inner, 0);
    const Member* data = FindMember(wrapper, "data");
    std::string b64, decoded, why;
    Buffer payload;
    bool over = false;
    if (data == nullptr || inner[data->value_begin] != '"' ||
        !UnescapeJsonString(inner.substr(data->value_begin, data->value_end - data->value_begin),
                            &b64) ||
        !DecodeBase64(b64, &decoded)) {
      Reject(offset, RejectReason::kNotCloudTrail, "awslogs.data is not a base64 string");
      return;
    }
    if (IsGzip(decoded)) {
      if (!GunzipWhole(decoded, limits().max_envelope_bytes, kJsonPadding, &payload, &why, &over)) {
        Reject(offset, over ? RejectReason::kTooLarge : RejectReason::kDecompression,
               "awslogs.data: " + why);
        return;
      }
    } else {
      payload = Buffer::Copy(decoded, kJsonPadding);
    }
    HandleDecodedPayload(std::move(payload), offset, std::nullopt, time, /*lambda=*/true);
    return;
  }
  if (const Member *detail_type = keys.detail_type, *detail = keys.detail;
      detail_type != nullptr && detail != nullptr) {
    std::string_view dt = member_text(detail_type);
    if (dt.size() < 2 || dt.substr(dt.size() - 1) != "\"" ||
        dt.substr(0, dt.size() - 1).size() < 14 ||
        dt.substr(dt.size() - 15, 14) != "via CloudTrail") {
      Reject(offset, RejectReason::kNotCloudTrail,
             "EventBridge event of detail-type " + Shorten(dt, 80) + " is not from CloudTrail");
      return;
    }
    EnvTime t = time;
    if (const Member* tm = keys.time) {
      std::string text;
      if (UnescapeJsonString(member_text(tm), &text)) {
        if (auto ns = ParseIso8601(text)) t = {TimeOrigin::kEventBridgeTime, *ns};
      }
    }
    std::string_view record = member_text(detail);
    if (record.empty() || record[0] != '{') {
      Reject(offset + detail->value_begin, RejectReason::kNotAnObject,
             "EventBridge detail is not an object");
      return;
    }
    Deliver(record, offset + detail->value_begin, Envelope::kEventBridge, t);
    return;
  }
  if (const Member* hec_event = keys.event; hec_event != nullptr && keys.hec_metadata) {
    EnvTime t = time;
    if (const Member* tm = keys.time) {
      // Out of int64 nanoseconds (or NaN): no usable time, not UB.
      if (auto secs = ParseNumberToken(member_text(tm)); secs && *secs > -9.2e9 && *secs < 9.2e9) {
        t = {TimeOrigin::kHecTime, static_cast<int64_t>(*secs * 1e9)};
      }
    }
    std::string_view event = member_text(hec_event);
    if (!event.empty() && event[0] == '"') {
      HandleNestedText(event, offset + hec_event->value_begin, Envelope::kSplunkHec, t,
                       "HEC event");
    } else {
      HandleUnit(event, offset + hec_event->value_begin, Envelope::kSplunkHec, t);
    }
    return;
  }
  if (const Member* events = keys.events; events && unit[events->value_begin] == '[') {
    ForEachElementOrReject(
        unit, events->value_begin, offset, "Events array",
        [&](size_t b, size_t e) {
          std::string_view element = unit.substr(b, e - b);
          if (!element.empty() && element[0] == '{') {
            ObjectScan ev = ScanObject(element, 0);
            const Member* ct = FindMember(ev, "CloudTrailEvent");
            if (ev.complete && ct != nullptr && element[ct->value_begin] == '"') {
              HandleNestedText(element.substr(ct->value_begin, ct->value_end - ct->value_begin),
                               offset + b, Envelope::kLookupEvents, time,
                               "Events[].CloudTrailEvent");
              return;
            }
          }
          HandleUnit(element, offset + b, Envelope::kLookupEvents, time);
        });
    return;
  }
  if (const Member* rows = keys.query_rows) {
    size_t broken_at = 0;
    bool truncated = false;
    ForEachElement(unit, rows->value_begin,
                   [&](size_t, size_t) { ++ctx_.counters->lake_rows_skipped; }, &broken_at,
                   &truncated);
    return;
  }
  if (keys.digest) {
    ++ctx_.counters->digest_files;
    return;
  }
  if (keys.ocsf) {
    std::string mapped;
    absl::Status st = OcsfToCloudTrail(unit, mapped);
    if (!st.ok()) {
      Reject(offset,
             absl::IsFailedPrecondition(st) ? RejectReason::kNotCloudTrail
                                            : RejectReason::kInvalidJson,
             "OCSF record: " + std::string(st.message()));
      return;
    }
    mapped.reserve(mapped.size() + kJsonPadding);
    Deliver(mapped, offset, Envelope::kOcsf, time);
    return;
  }
  if (keys.record) {
    Deliver(unit, offset, plain, time);
    return;
  }
  std::string names;
  for (size_t i = 0; i < scan.members.size() && i < 6; ++i) {
    if (i) names += ", ";
    names += Shorten(scan.members[i].key, 40);
  }
  Reject(offset, RejectReason::kNotCloudTrail,
         scan.members.empty() ? std::string("an empty JSON object is not a CloudTrail record")
                              : "a JSON object with no CloudTrail record or envelope keys (keys: " +
                                    names + (scan.members.size() > 6 ? ", ..." : "") + ")");
}

}  // namespace trailhunt::input
