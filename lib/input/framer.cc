#include "input/framer.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "event/json_parse.h"
#include "input/json_scan.h"
#include "input/ocsf_mapping.h"
#include "trailhunt/time.h"

namespace trailhunt::input {

// ---------------------------------------------------------------- Window

std::unique_ptr<Window> Window::FromMemory(std::string buffer) {
  std::unique_ptr<Window> w(new Window);
  const size_t size = buffer.size();
  if (buffer.capacity() < size + kJsonPadding) buffer.reserve(size + kJsonPadding);
  w->owned_ = std::move(buffer);
  // Define the padding bytes (they are read, never interpreted).
  w->owned_.resize(w->owned_.capacity(), ' ');
  w->owned_.resize(size);
  w->ptr_ = w->owned_.data();
  w->end_ = size;
  w->cap_ = w->owned_.capacity();
  w->eof_ = true;
  return w;
}

std::unique_ptr<Window> Window::FromStream(ByteStream* stream, size_t chunk) {
  std::unique_ptr<Window> w(new Window);
  w->stream_ = stream;
  w->chunk_ = chunk;
  w->cap_ = chunk * 2 + kJsonPadding;
  w->buf_.reset(new char[w->cap_]);
  w->ptr_ = w->buf_.get();
  // Only the padding after the data must be defined (Fill() keeps it so).
  std::memset(w->ptr_, ' ', kJsonPadding);
  return w;
}

bool Window::Fill() {
  if (eof_) return false;
  // Drop consumed bytes once they outweigh the live ones (amortised O(n)).
  if (start_ > 0 && start_ >= end_ - start_) {
    std::memmove(ptr_, ptr_ + start_, end_ - start_);
    end_ -= start_;
    start_ = 0;
  }
  if (end_ + chunk_ + kJsonPadding > cap_) {
    size_t new_cap = std::max(cap_ * 2, end_ + chunk_ + kJsonPadding);
    std::unique_ptr<char[]> grown(new char[new_cap]);
    std::memcpy(grown.get(), ptr_, end_);
    std::memset(grown.get() + end_, ' ', kJsonPadding);
    buf_ = std::move(grown);
    ptr_ = buf_.get();
    cap_ = new_cap;
  }
  const size_t n = stream_->Read(ptr_ + end_, chunk_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += n;
  std::memset(ptr_ + end_, ' ', std::min(kJsonPadding, cap_ - end_));
  return true;
}

// ---------------------------------------------------------------- helpers

bool UnescapeJsonString(std::string_view token, std::string* out) {
  out->clear();
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return false;
  token = token.substr(1, token.size() - 2);
  out->reserve(token.size() + kJsonPadding);
  auto hex4 = [&](size_t at, uint32_t* v) {
    if (at + 4 > token.size()) return false;
    *v = 0;
    for (size_t k = at; k < at + 4; ++k) {
      const char c = token[k];
      *v <<= 4;
      if (c >= '0' && c <= '9') *v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') *v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') *v |= static_cast<uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  };
  for (size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    if (c != '\\') {
      out->push_back(c);
      continue;
    }
    if (++i >= token.size()) return false;
    switch (token[i]) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '/': out->push_back('/'); break;
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'u': {
        uint32_t cp;
        if (!hex4(i + 1, &cp)) return false;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t lo;
          if (i + 2 >= token.size() || token[i + 1] != '\\' || token[i + 2] != 'u' ||
              !hex4(i + 3, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
            return false;
          }
          i += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return false;
        }
        if (cp < 0x80) {
          out->push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
          out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
          out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
          out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
          out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
          out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
          out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        break;
      }
      default: return false;
    }
  }
  return true;
}

namespace {

struct EnvTime {
  TimeOrigin origin = TimeOrigin::kNone;
  int64_t ns = kNoTime;
};

bool IsRecordKey(std::string_view key) {
  static constexpr std::string_view kKeys[] = {
      "eventVersion", "eventName", "eventSource", "eventTime", "userIdentity",
      "eventType", "eventID", "awsRegion", "eventCategory", "@timestamp"};
  return std::find(std::begin(kKeys), std::end(kKeys), key) != std::end(kKeys);
}

std::optional<double> ParseNumberToken(std::string_view token) {
  if (token.size() >= 2 && token.front() == '"') token = token.substr(1, token.size() - 2);
  if (token.empty() || token.size() > 40) return std::nullopt;
  std::string copy(token);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return v;
}

std::string Shorten(std::string_view s, size_t max) {
  std::string out;
  for (char c : s.substr(0, max)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? ' ' : c);
  if (s.size() > max) out += "...";
  return out;
}

// Frames one decoded stream; children (for payloads decoded from inside a
// value) share the SourceContext but report their outer value's offset.
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
  void HandleCloudWatch(std::string_view unit, const ObjectScan& scan, uint64_t offset);
  void HandleNestedText(std::string_view token, uint64_t offset, std::optional<Envelope> plain,
                        EnvTime time, const char* what);
  void HandleDecodedPayload(std::string payload, uint64_t offset, std::optional<Envelope> plain,
                            EnvTime time, bool lambda);
  void Deliver(std::string_view json, uint64_t offset, Envelope envelope, EnvTime time);
  void Reject(uint64_t offset, RejectReason reason, std::string message);

  SourceContext& ctx_;
  int nesting_;
  std::optional<uint64_t> fixed_offset_;
  std::optional<Envelope> plain_override_;
  EnvTime inherited_time_;
  bool lambda_ = false;
  bool stream_error_reported_ = false;
  size_t unit_depth_ = 0;  // HandleUnit recursion: nested envelopes and arrays
};

void Framer::Reject(uint64_t offset, RejectReason reason, std::string message) {
  RecordError e;
  e.location.source = ctx_.name;
  e.location.record_index = ctx_.next_index++;
  e.location.byte_offset = Offset(offset);
  e.reason = reason;
  e.message = std::move(message);
  ++ctx_.counters->records_seen;
  ++ctx_.counters->records_rejected;
  ctx_.sink->OnError(e);
}

void Framer::Deliver(std::string_view json, uint64_t offset, Envelope envelope,
                     EnvTime time) {
  if (json.size() > limits().max_record_bytes) {
    Reject(offset, RejectReason::kTooLarge,
           "record of " + std::to_string(json.size()) + " bytes exceeds max_record_bytes (" +
               std::to_string(limits().max_record_bytes) + ")");
    return;
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
    size_t broken_at = 0;
    bool truncated = false;
    const bool ok = ForEachElement(
        unit, 0,
        [&](size_t b, size_t e) {
          HandleUnit(unit.substr(b, e - b), offset + b, Plain(Envelope::kJsonArray), time);
        },
        &broken_at, &truncated);
    if (!ok) {
      Reject(offset + broken_at, truncated ? RejectReason::kTruncated : RejectReason::kDamaged,
             std::string(truncated ? "array ends early" : "malformed array") +
                 "; the rest of the document is skipped");
    }
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
  HandleDecodedPayload(std::move(text), offset, plain, time, lambda_);
}

void Framer::HandleDecodedPayload(std::string payload, uint64_t offset,
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

void Framer::HandleCloudWatch(std::string_view unit, const ObjectScan& scan,
                              uint64_t offset) {
  const Member* type = FindMember(scan, "messageType");
  const Member* events = FindMember(scan, "logEvents");
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
  size_t broken_at = 0;
  bool truncated = false;
  const bool ok = ForEachElement(
      unit, events->value_begin,
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
      },
      &broken_at, &truncated);
  if (!ok) {
    Reject(offset + broken_at, truncated ? RejectReason::kTruncated : RejectReason::kDamaged,
           "CloudWatch Logs payload: logEvents array is broken; the rest of the payload is skipped");
  }
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
  auto iterate = [&](const Member* m, Envelope envelope, const char* what) {
    size_t broken_at = 0;
    bool truncated = false;
    const bool ok = ForEachElement(
        unit, m->value_begin,
        [&](size_t b, size_t e) {
          HandleUnit(unit.substr(b, e - b), offset + b, envelope, time);
        },
        &broken_at, &truncated);
    if (!ok) {
      Reject(offset + broken_at, truncated ? RejectReason::kTruncated : RejectReason::kDamaged,
             std::string(what) + " array is broken; the rest of the document is skipped");
    }
  };

  const Member* records = FindMember(scan, "Records");
  if (records != nullptr && unit[records->value_begin] == '[') {
    iterate(records, Plain(Envelope::kS3Records), "Records");
    return;
  }
  if (FindMember(scan, "messageType") && FindMember(scan, "logEvents")) {
    HandleCloudWatch(unit, scan, offset);
    return;
  }
  if (const Member* awslogs = FindMember(scan, "awslogs")) {
    std::string_view inner = member_text(awslogs);
    ObjectScan wrapper = inner.empty() || inner[0] != '{' ? ObjectScan() : ScanObject(inner, 0);
    const Member* data = FindMember(wrapper, "data");
    std::string b64, decoded, payload, why;
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
      payload = std::move(decoded);
    }
    HandleDecodedPayload(std::move(payload), offset, std::nullopt, time, /*lambda=*/true);
    return;
  }
  const Member* detail_type = FindMember(scan, "detail-type");
  const Member* detail = FindMember(scan, "detail");
  if (detail_type != nullptr && detail != nullptr) {
    std::string_view dt = member_text(detail_type);
    if (dt.size() < 2 || dt.substr(dt.size() - 1) != "\"" ||
        dt.substr(0, dt.size() - 1).size() < 14 ||
        dt.substr(dt.size() - 15, 14) != "via CloudTrail") {
      Reject(offset, RejectReason::kNotCloudTrail,
             "EventBridge event of detail-type " + Shorten(dt, 80) + " is not from CloudTrail");
      return;
    }
    EnvTime t = time;
    if (const Member* tm = FindMember(scan, "time")) {
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
  const Member* hec_event = FindMember(scan, "event");
  if (hec_event != nullptr &&
      (FindMember(scan, "time") || FindMember(scan, "sourcetype") || FindMember(scan, "host") ||
       FindMember(scan, "source") || FindMember(scan, "index") || FindMember(scan, "fields"))) {
    EnvTime t = time;
    if (const Member* tm = FindMember(scan, "time")) {
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
  if (const Member* events = FindMember(scan, "Events"); events && unit[events->value_begin] == '[') {
    size_t broken_at = 0;
    bool truncated = false;
    const bool ok = ForEachElement(
        unit, events->value_begin,
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
        },
        &broken_at, &truncated);
    if (!ok) {
      Reject(offset + broken_at, truncated ? RejectReason::kTruncated : RejectReason::kDamaged,
             "Events array is broken; the rest of the document is skipped");
    }
    return;
  }
  if (const Member* rows = FindMember(scan, "QueryResultRows")) {
    size_t broken_at = 0;
    bool truncated = false;
    ForEachElement(unit, rows->value_begin,
                   [&](size_t, size_t) { ++ctx_.counters->lake_rows_skipped; }, &broken_at,
                   &truncated);
    return;
  }
  if (FindMember(scan, "digestS3Object") ||
      (FindMember(scan, "logFiles") && FindMember(scan, "digestEndTime"))) {
    ++ctx_.counters->digest_files;
    return;
  }
  if (FindMember(scan, "class_uid")) {
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
  for (const Member& m : scan.members) {
    if (IsRecordKey(m.key)) {
      Deliver(unit, offset, plain, time);
      return;
    }
  }
  std::string keys;
  for (size_t i = 0; i < scan.members.size() && i < 6; ++i) {
    if (i) keys += ", ";
    keys += Shorten(scan.members[i].key, 40);
  }
  Reject(offset, RejectReason::kNotCloudTrail,
         scan.members.empty() ? std::string("an empty JSON object is not a CloudTrail record")
                              : "a JSON object with no CloudTrail record or envelope keys (keys: " +
                                    keys + (scan.members.size() > 6 ? ", ..." : "") + ")");
}

// ---------------------------------------------------------------- stream loop

bool Framer::EnsureBytes(Window& w, size_t n) {
  while (w.size() < n) {
    if (!w.Fill()) return false;
  }
  return true;
}

size_t Framer::SkipWs(Window& w) {
  for (;;) {
    size_t pos = SkipWhitespace(w.data(), w.size(), 0);
    // A BOM split across chunks is rare enough to ignore; whitespace is not.
    w.Consume(pos);
    if (w.size() > 0) return w.size();
    if (!w.Fill()) return 0;
  }
}

Framer::Take Framer::TakeValue(Window& w, size_t limit, size_t* end,
                               uint64_t* start_offset) {
  ScanState state;
  size_t pos = 0;
  *start_offset = w.offset();
  bool discarding = false;
  for (;;) {
    if (ScanValue(w.data(), w.size(), &pos, &state, w.eof()) == ScanStatus::kComplete) {
      *end = pos;
      if (discarding) {
        w.Consume(pos);
        return Take::kTooLarge;
      }
      return Take::kOk;
    }
    if (pos > limit) {
      // Too large to hold: keep scanning, drop the bytes.
      discarding = true;
    }
    if (discarding) {
      w.Consume(pos);
      pos = 0;
    }
    if (!w.Fill()) {
      if (ScanValue(w.data(), w.size(), &pos, &state, true) == ScanStatus::kComplete &&
          !discarding) {
        *end = pos;
        return Take::kOk;
      }
      *end = pos;
      return discarding ? Take::kTooLarge : Take::kTruncated;
    }
  }
}

Framer::Mode Framer::DecideMode(Window& w) {
  // Look at the first two non-empty lines: NDJSON when either holds exactly
  // one complete JSON value. A pretty-printed document opens with a line
  // like "{" or "[" that is complete only together with the next lines.
  const size_t budget = limits().max_record_bytes;
  auto line_end = [&](size_t from) -> size_t {
    for (;;) {
      const void* nl = std::memchr(w.data() + from, '\n', w.size() - from);
      if (nl) return static_cast<size_t>(static_cast<const char*>(nl) - w.data());
      if (w.size() > budget || !w.Fill()) return std::string_view::npos;
    }
  };
  auto whole_value = [&](size_t b, size_t e) {
    b = SkipWhitespace(w.data(), e, b);
    if (b >= e || (w.data()[b] != '{' && w.data()[b] != '[')) return false;
    ScanState st;
    size_t pos = b;
    if (ScanValue(w.data(), e, &pos, &st, true) != ScanStatus::kComplete) return false;
    return SkipWhitespace(w.data(), e, pos) == e;
  };
  const size_t first_end = line_end(0);
  if (first_end == std::string_view::npos) return Mode::kValues;
  size_t second_begin = first_end + 1;
  size_t second_end;
  for (;;) {
    second_end = line_end(second_begin);
    if (second_end == std::string_view::npos) {
      // Last line without newline: it counts when it has content.
      second_end = w.size();
      break;
    }
    if (SkipWhitespace(w.data(), second_end, second_begin) < second_end) break;
    second_begin = second_end + 1;
  }
  if (SkipWhitespace(w.data(), second_end, std::min(second_begin, second_end)) >= second_end) {
    return Mode::kValues;  // a single line
  }
  if (whole_value(0, first_end)) return Mode::kLines;
  if (w.data()[SkipWhitespace(w.data(), first_end, 0)] == '{' &&
      whole_value(second_begin, second_end)) {
    return Mode::kLines;  // first line damaged, the next ones are records
  }
  return Mode::kValues;
}

void Framer::TakeLine(Window& w) {
  size_t scanned = 0;
  bool too_long = false;
  const uint64_t start = w.offset();
  for (;;) {
    const void* nl = std::memchr(w.data() + scanned, '\n', w.size() - scanned);
    if (nl || w.eof()) {
      const size_t len = nl ? static_cast<size_t>(static_cast<const char*>(nl) - w.data()) : w.size();
      if (too_long) {
        Reject(start, RejectReason::kTooLarge,
               "line longer than max_envelope_bytes (" +
                   std::to_string(limits().max_envelope_bytes) + ")");
      } else {
        size_t e = len;
        while (e > 0 && (w.data()[e - 1] == '\r' || w.data()[e - 1] == ' ' ||
                         w.data()[e - 1] == '\t')) {
          --e;
        }
        // A line may hold several values back to back (HEC bodies do). Stray
        // bytes that start no object or array make the whole line one bad
        // record: it is corrupt, and its pieces are not records to trust.
        const size_t first = SkipWhitespace(w.data(), e, 0);
        std::vector<std::pair<size_t, size_t>> pieces;
        bool incomplete = false;
        for (size_t pos = first; pos < e; pos = SkipWhitespace(w.data(), e, pos)) {
          ScanState st;
          size_t end = pos;
          if (ScanValue(w.data(), e, &end, &st, true) != ScanStatus::kComplete) {
            pieces.emplace_back(pos, e);
            incomplete = true;
            break;
          }
          pieces.emplace_back(pos, end);
          pos = end;
        }
        bool stray = false;
        for (size_t k = 1; k < pieces.size(); ++k) {
          const char c = w.data()[pieces[k].first];
          stray |= c != '{' && c != '[';
        }
        if (stray) {
          Reject(w.offset() + first, RejectReason::kInvalidJson,
                 "unexpected content after the JSON value at byte " +
                     std::to_string(pieces[1].first - first) + " of the line");
        } else {
          for (size_t k = 0; k < pieces.size(); ++k) {
            const auto [b, end] = pieces[k];
            if (incomplete && k + 1 == pieces.size()) {
              const std::string why = w.stream_error();
              if (!nl && !why.empty()) {
                // The stream broke inside this last line: one error says both.
                Reject(w.offset() + b, RejectReason::kDecompression,
                       why + "; the last line is incomplete");
                stream_error_reported_ = true;
              } else {
                Reject(w.offset() + b, RejectReason::kTruncated, "line ends inside a JSON value");
              }
              break;
            }
            HandleUnit(std::string_view(w.data() + b, end - b), w.offset() + b,
                       Plain(Envelope::kNdjson), inherited_time_);
          }
        }
      }
      w.Consume(nl ? len + 1 : len);
      return;
    }
    scanned = w.size();
    if (w.size() > limits().max_envelope_bytes) {
      too_long = true;
      w.Consume(w.size());
      scanned = 0;
    }
    w.Fill();
  }
}

bool Framer::StartsRecordsArray(Window& w, size_t* consumed) {
  EnsureBytes(w, 64);
  const char* d = w.data();
  const size_t n = w.size();
  size_t pos = SkipWhitespace(d, n, 1);
  static constexpr std::string_view kKey = "\"Records\"";
  if (pos + kKey.size() > n || std::string_view(d + pos, kKey.size()) != kKey) return false;
  pos = SkipWhitespace(d, n, pos + kKey.size());
  if (pos >= n || d[pos] != ':') return false;
  pos = SkipWhitespace(d, n, pos + 1);
  if (pos >= n || d[pos] != '[') return false;
  *consumed = pos + 1;
  return true;
}

bool Framer::ElementLoop(Window& w, Envelope envelope) {
  bool first = true;
  for (;;) {
    if (SkipWs(w) == 0) {
      const std::string why = w.stream_error();
      Reject(w.offset(), why.empty() ? RejectReason::kTruncated : RejectReason::kDecompression,
             (why.empty() ? std::string("the source ends inside the array") : why) +
                 "; the document is incomplete");
      return false;
    }
    const char c = w.data()[0];
    if (c == ']') {
      w.Consume(1);
      return true;
    }
    if (!first) {
      if (c != ',') {
        Reject(w.offset(), RejectReason::kDamaged,
               "expected ',' or ']' between records, found '" + Shorten(std::string_view(w.data(), w.size()), 24) +
                   "'; the rest of the document is skipped");
        return false;
      }
      w.Consume(1);
      if (SkipWs(w) == 0) continue;  // reported at the top of the loop
    }
    first = false;
    size_t end = 0;
    uint64_t start = 0;
    switch (TakeValue(w, limits().max_record_bytes, &end, &start)) {
      case Take::kOk:
        HandleUnit(std::string_view(w.data(), end), w.offset(), Plain(envelope), inherited_time_);
        w.Consume(end);
        break;
      case Take::kTooLarge:
        Reject(start, RejectReason::kTooLarge,
               "record larger than max_record_bytes (" +
                   std::to_string(limits().max_record_bytes) + ")");
        break;
      case Take::kTruncated: {
        const std::string why = w.stream_error();
        Reject(start, why.empty() ? RejectReason::kTruncated : RejectReason::kDecompression,
               (why.empty() ? std::string("the source ends inside this record") : why) +
                   "; the rest of the document is lost");
        w.Consume(w.size());
        return false;
      }
    }
  }
}

void Framer::SkipRestOfObject(Window& w) {
  ScanState state;
  state.phase = ScanState::Phase::kContainer;
  state.depth = 1;
  for (;;) {
    size_t pos = 0;
    if (ScanValue(w.data(), w.size(), &pos, &state, w.eof()) == ScanStatus::kComplete) {
      w.Consume(pos);
      return;
    }
    w.Consume(pos);
    if (!w.Fill()) {
      Reject(w.offset(), RejectReason::kTruncated,
             "the document ends before its closing '}' (every record before it was read)");
      return;
    }
  }
}

bool Framer::SalvageRecords(std::string_view partial, uint64_t offset) {
  ObjectScan scan = ScanObject(partial, 0);
  if (scan.complete || !scan.truncated || scan.partial_key != "Records" ||
      partial[scan.partial_value_begin] != '[') {
    return false;
  }
  size_t broken_at = 0;
  bool truncated = false;
  ForEachElement(
      partial, scan.partial_value_begin,
      [&](size_t b, size_t e) {
        HandleUnit(partial.substr(b, e - b), offset + b, Plain(Envelope::kS3Records),
                   inherited_time_);
      },
      &broken_at, &truncated);
  Reject(offset + broken_at, RejectReason::kTruncated,
         "the source ends inside this record; the rest of the document is lost");
  return true;
}

void Framer::Run(Window& w) {
  Mode mode = Mode::kUndecided;
  for (;;) {
    if (SkipWs(w) == 0) {
      if (!w.stream_error().empty() && !stream_error_reported_) {
        Reject(w.offset(), RejectReason::kDecompression, w.stream_error());
      }
      return;
    }
    if (mode == Mode::kUndecided) mode = DecideMode(w);
    if (mode == Mode::kLines) {
      TakeLine(w);
      continue;
    }
    const char c = w.data()[0];
    if (c == '[') {
      w.Consume(1);
      if (!ElementLoop(w, Envelope::kJsonArray)) return;
      continue;
    }
    size_t consumed = 0;
    if (c == '{' && StartsRecordsArray(w, &consumed)) {
      w.Consume(consumed);
      if (!ElementLoop(w, Envelope::kS3Records)) return;
      SkipRestOfObject(w);
      continue;
    }
    if (c != '{') {
      Reject(w.offset(), RejectReason::kDamaged,
             "expected a JSON object or array, found '" +
                 Shorten(std::string_view(w.data(), w.size()), 24) +
                 "'; the rest of the source is skipped");
      w.Consume(w.size());
      while (w.Fill()) w.Consume(w.size());
      return;
    }
    size_t end = 0;
    uint64_t start = 0;
    switch (TakeValue(w, limits().max_envelope_bytes, &end, &start)) {
      case Take::kOk:
        HandleUnit(std::string_view(w.data(), end), w.offset(), Plain(Envelope::kSingleRecord),
                   inherited_time_);
        w.Consume(end);
        break;
      case Take::kTooLarge:
        Reject(start, RejectReason::kTooLarge,
               "JSON value larger than max_envelope_bytes (" +
                   std::to_string(limits().max_envelope_bytes) + ")");
        break;
      case Take::kTruncated: {
        // Everything up to the end is in the window: keep the complete
        // records of a Records array that is not the object's first member.
        if (SalvageRecords(std::string_view(w.data(), w.size()), w.offset())) {
          w.Consume(w.size());
          return;
        }
        const std::string why = w.stream_error();
        Reject(start, why.empty() ? RejectReason::kTruncated : RejectReason::kDecompression,
               (why.empty() ? std::string("the source ends inside this JSON value") : why) +
                   "; the rest of the source is lost");
        w.Consume(w.size());
        return;
      }
    }
  }
}

}  // namespace

void FrameStream(SourceContext& ctx, Window& window, int nesting) {
  Framer framer(ctx, nesting);
  framer.Run(window);
}

}  // namespace trailhunt::input
