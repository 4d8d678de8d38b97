// Input stage: every envelope the reader recognises, read from memory, files,
// archives and directory trees. Each test checks the records (text, index,
// byte offset, envelope, time and its origin) and that the counters
// reconcile. Fixtures are built in the tests; nothing outside the project is
// read.
#include <archive.h>
#include <archive_entry.h>
#include <doctest/doctest.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "test_data.h"
#include "trailhunt/input.h"
#include "trailhunt/json_text.h"

namespace {

using testing_support::Collected;
using testing_support::CollectedRecord;
using testing_support::kSecond;
using testing_support::kT0;
using testing_support::Rec;
using testing_support::TwoDigits;
using testing_support::RecTime;
using trailhunt::Envelope;
using trailhunt::RejectReason;
using trailhunt::TimeOrigin;

// The same record without eventTime (the envelope must supply the time).
std::string RecNoTime(int i) {
  return R"({"eventVersion":"1.08","eventSource":"s3.amazonaws.com","eventName":"GetObject",)"
         R"("awsRegion":"us-east-1","eventID":"nt-)" +
         std::to_string(i) + "\"}";
}

// A pretty-printed record spanning several lines.
std::string Pretty(int i) {
  return "{\n  \"eventVersion\": \"1.08\",\n  \"eventTime\": \"2024-01-15T10:00:" +
         TwoDigits(i % 60) +
         "Z\",\n  \"userIdentity\": {\n    \"type\": \"IAMUser\",\n    \"userName\": \"alice\"\n"
         "  },\n  \"eventName\": \"ListBuckets\",\n  \"eventID\": \"pp-" +
         std::to_string(i) + "\"\n}";
}

// JSON string literal (with quotes) holding `s`.
std::string JsonString(std::string_view s) {
  std::string out;
  trailhunt::AppendJsonString(out, s);
  return out;
}

std::string Base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(in[k])); };
  std::string out;
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3) {
    const uint32_t v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    for (int s = 18; s >= 0; s -= 6) out.push_back(kAlphabet[(v >> s) & 63]);
  }
  if (in.size() - i == 1) {
    const uint32_t v = byte(i) << 16;
    out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], '=', '='};
  } else if (in.size() - i == 2) {
    const uint32_t v = byte(i) << 16 | byte(i + 1) << 8;
    out += {kAlphabet[(v >> 18) & 63], kAlphabet[(v >> 12) & 63], kAlphabet[(v >> 6) & 63], '='};
  }
  return out;
}


Collected Read(const trailhunt::Source& source, const trailhunt::ReadOptions& options = {}) {
  return testing_support::ReadAny(source, options);
}

Collected Read(std::string_view bytes, const trailhunt::ReadOptions& options = {},
               const std::string& name = "mem") {
  return Read(trailhunt::MemorySource(name, bytes), options);
}

void CheckRecord(const CollectedRecord& r, std::string_view json, uint64_t index,
                 uint64_t offset, Envelope envelope, TimeOrigin origin, int64_t time_ns) {
  INFO("record " << index << ": " << r.json);
  CHECK(r.json == json);
  CHECK(r.record_index == index);
  CHECK(r.byte_offset == offset);
  CHECK(trailhunt::EnvelopeName(r.envelope) == trailhunt::EnvelopeName(envelope));
  CHECK(trailhunt::TimeOriginName(r.time_origin) == trailhunt::TimeOriginName(origin));
  CHECK(r.time_ns == time_ns);
}

void CheckNothing(const Collected& c) {
  CHECK(c.records.empty());
  CHECK(c.errors.empty());
  CHECK(c.counters.records_seen == 0);
}

// ------------------------------------------------------------ archives

struct ArchiveMember {
  std::string name;
  std::string data;
  bool directory = false;
};

std::string MakeArchive(bool zip, const std::vector<ArchiveMember>& members) {
  struct archive* a = archive_write_new();
  REQUIRE(a != nullptr);
  if (zip) {
    REQUIRE(archive_write_set_format_zip(a) == ARCHIVE_OK);
  } else {
    REQUIRE(archive_write_set_format_ustar(a) == ARCHIVE_OK);
  }
  size_t total = 1 << 16;
  for (const ArchiveMember& m : members) total += m.data.size() * 2 + 4096;
  std::string buffer(total, '\0');
  size_t used = 0;
  REQUIRE(archive_write_open_memory(a, buffer.data(), buffer.size(), &used) == ARCHIVE_OK);
  for (const ArchiveMember& m : members) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, m.name.c_str());
    archive_entry_set_filetype(e, m.directory ? AE_IFDIR : AE_IFREG);
    archive_entry_set_perm(e, m.directory ? 0755 : 0644);
    archive_entry_set_size(e, m.directory ? 0 : static_cast<la_int64_t>(m.data.size()));
    archive_entry_set_mtime(e, 1705312800, 0);
    REQUIRE(archive_write_header(a, e) == ARCHIVE_OK);
    if (!m.directory && !m.data.empty()) {
      REQUIRE(archive_write_data(a, m.data.data(), m.data.size()) ==
              static_cast<la_ssize_t>(m.data.size()));
    }
    archive_entry_free(e);
  }
  REQUIRE(archive_write_close(a) == ARCHIVE_OK);
  archive_write_free(a);
  buffer.resize(used);
  return buffer;
}

void WriteFile(const std::string& path, std::string_view data) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  REQUIRE(out.good());
}

// Removes a temp directory when the test ends, pass or fail.
struct TempDir {
  std::string path = testing_support::MakeTempDir();
  TempDir() { REQUIRE(!path.empty()); }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

}  // namespace

TEST_SUITE("input") {

// ------------------------------------------------------------ S3 Records

TEST_CASE("input: S3 Records document, compact") {
  const std::string r0 = Rec(0), r1 = Rec(1), r2 = Rec(2);
  const std::string doc = R"({"Records":[)" + r0 + "," + r1 + "," + r2 + "]}";
  Collected c = Read(doc);
  REQUIRE(c.records.size() == 3);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], r0, 0, doc.find(r0), Envelope::kS3Records, TimeOrigin::kEventTime,
              RecTime(0));
  CheckRecord(c.records[1], r1, 1, doc.find(r1), Envelope::kS3Records, TimeOrigin::kEventTime,
              RecTime(1));
  CheckRecord(c.records[2], r2, 2, doc.find(r2), Envelope::kS3Records, TimeOrigin::kEventTime,
              RecTime(2));
  CHECK(c.records[0].source == "mem");
  CHECK(c.counters.by_envelope[static_cast<int>(Envelope::kS3Records)] == 3);
  CHECK(c.counters.sources_read == 1);
  CHECK(c.counters.bytes_read == doc.size());
  CHECK(c.counters.bytes_decoded == doc.size());
  CHECK(c.counters.files_skipped == 0);
}

TEST_CASE("input: S3 Records document, pretty-printed with members around Records") {
  const std::string p0 = Pretty(0), p1 = Pretty(1);
  const std::string doc = "{\n  \"Records\" : [\n    " + p0 + ",\n    " + p1 +
                          "\n  ],\n  \"trailer\": {\"x\": [1, 2]}\n}\n";
  Collected c = Read(doc);
  REQUIRE(c.records.size() == 2);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], p0, 0, doc.find(p0), Envelope::kS3Records, TimeOrigin::kEventTime,
              RecTime(0));
  CheckRecord(c.records[1], p1, 1, doc.find(p1), Envelope::kS3Records, TimeOrigin::kEventTime,
              RecTime(1));

  // Records after another member: the document is framed whole.
  const std::string r0 = Rec(7), r1 = Rec(8);
  const std::string later = R"({"version":"1","Records":[ )" + r0 + " , " + r1 + " ]}";
  Collected d = Read(later);
  REQUIRE(d.records.size() == 2);
  CHECK(d.errors.empty());
  CheckRecord(d.records[0], r0, 0, later.find(r0), Envelope::kS3Records, TimeOrigin::kEventTime,
              RecTime(7));
  CheckRecord(d.records[1], r1, 1, later.find(r1), Envelope::kS3Records, TimeOrigin::kEventTime,
              RecTime(8));
}

TEST_CASE("input: S3 Records with an empty array and several documents in a row") {
  Collected empty = Read(R"({"Records":[]})");
  CheckNothing(empty);
  CHECK(empty.counters.files_skipped == 0);

  const std::string r0 = Rec(0), r1 = Rec(1);
  const std::string doc = R"({"Records":[)" + r0 + "]}\n" + R"({"Records":[]})" + "\n" +
                          R"({"Records":[)" + r1 + "]}";
  Collected c = Read(doc);
  REQUIRE(c.records.size() == 2);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], r0, 0, doc.find(r0), Envelope::kS3Records, TimeOrigin::kEventTime,
              RecTime(0));
  CheckRecord(c.records[1], r1, 1, doc.find(r1), Envelope::kS3Records, TimeOrigin::kEventTime,
              RecTime(1));
}

TEST_CASE("input: S3 Records gzip, offsets in the decoded stream") {
  std::string doc = "{\"Records\":[";
  for (int i = 0; i < 20; ++i) doc += (i ? "," : "") + Rec(i);
  doc += "]}";
  const std::string gz = testing_support::Gzip(doc);
  REQUIRE(gz.size() < doc.size());
  Collected c = Read(gz, {}, "x.json.gz");
  REQUIRE(c.records.size() == 20);
  CHECK(c.errors.empty());
  for (int i = 0; i < 20; ++i) {
    CheckRecord(c.records[i], Rec(i), i, doc.find(Rec(i)), Envelope::kS3Records,
                TimeOrigin::kEventTime, RecTime(i));
  }
  CHECK(c.records[0].source == "x.json.gz");
  CHECK(c.counters.bytes_read == gz.size());
}

TEST_CASE("input: bytes_decoded counts gzip output once") {
  const std::string doc = R"({"Records":[)" + Rec(0) + "]}";
  const std::string gz = testing_support::Gzip(doc);
  Collected c = Read(gz);
  REQUIRE(c.records.size() == 1);
  CHECK(c.counters.bytes_read == gz.size());
  CHECK(c.counters.bytes_decoded == doc.size());
}

TEST_CASE("input: multi-member gzip") {
  SUBCASE("one document per member") {
    const std::string a = R"({"Records":[)" + Rec(0) + "," + Rec(1) + "]}";
    const std::string b = R"({"Records":[)" + Rec(2) + "]}";
    const std::string decoded = a + b;
    Collected c = Read(testing_support::Gzip(a) + testing_support::Gzip(b));
    REQUIRE(c.records.size() == 3);
    CHECK(c.errors.empty());
    for (int i = 0; i < 3; ++i) {
      CheckRecord(c.records[i], Rec(i), i, decoded.find(Rec(i)), Envelope::kS3Records,
                  TimeOrigin::kEventTime, RecTime(i));
    }
  }
  SUBCASE("one document split across three members, mid-record") {
    std::string doc = "{\"Records\":[";
    for (int i = 0; i < 6; ++i) doc += (i ? "," : "") + Rec(i);
    doc += "]}";
    const size_t cut1 = doc.find(Rec(2)) + 17, cut2 = doc.find(Rec(4)) + 5;
    const std::string gz = testing_support::Gzip(doc.substr(0, cut1)) +
                           testing_support::Gzip(doc.substr(cut1, cut2 - cut1)) +
                           testing_support::Gzip(doc.substr(cut2));
    Collected c = Read(gz);
    REQUIRE(c.records.size() == 6);
    CHECK(c.errors.empty());
    for (int i = 0; i < 6; ++i) {
      CheckRecord(c.records[i], Rec(i), i, doc.find(Rec(i)), Envelope::kS3Records,
                  TimeOrigin::kEventTime, RecTime(i));
    }
  }
}

// ------------------------------------------------------------ arrays, lines, values

TEST_CASE("input: bare JSON array, compact and pretty") {
  const std::string r0 = Rec(0), r1 = Rec(1);
  const std::string compact = "[" + r0 + "," + r1 + "]";
  Collected c = Read(compact);
  REQUIRE(c.records.size() == 2);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], r0, 0, 1, Envelope::kJsonArray, TimeOrigin::kEventTime, RecTime(0));
  CheckRecord(c.records[1], r1, 1, 2 + r0.size(), Envelope::kJsonArray, TimeOrigin::kEventTime,
              RecTime(1));
  CHECK(c.counters.by_envelope[static_cast<int>(Envelope::kJsonArray)] == 2);

  const std::string p0 = Pretty(3), p1 = Pretty(4);
  const std::string pretty = "[\n  " + p0 + ",\n  " + p1 + "\n]\n";
  Collected p = Read(pretty);
  REQUIRE(p.records.size() == 2);
  CHECK(p.errors.empty());
  CheckRecord(p.records[0], p0, 0, pretty.find(p0), Envelope::kJsonArray, TimeOrigin::kEventTime,
              RecTime(3));
  CheckRecord(p.records[1], p1, 1, pretty.find(p1), Envelope::kJsonArray, TimeOrigin::kEventTime,
              RecTime(4));

  CheckNothing(Read("[]"));
}

TEST_CASE("input: NDJSON with blank lines, CRLF and no final newline") {
  const std::string r0 = Rec(0), r1 = Rec(1), r2 = Rec(2), r3 = Rec(3);
  const std::string text = r0 + "\n\n   \n" + r1 + "\r\n" + "  " + r2 + "\t\r\n\r\n" + r3;
  Collected c = Read(text);
  REQUIRE(c.records.size() == 4);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], r0, 0, 0, Envelope::kNdjson, TimeOrigin::kEventTime, RecTime(0));
  CheckRecord(c.records[1], r1, 1, text.find(r1), Envelope::kNdjson, TimeOrigin::kEventTime,
              RecTime(1));
  CheckRecord(c.records[2], r2, 2, text.find(r2), Envelope::kNdjson, TimeOrigin::kEventTime,
              RecTime(2));
  CheckRecord(c.records[3], r3, 3, text.find(r3), Envelope::kNdjson, TimeOrigin::kEventTime,
              RecTime(3));
  CHECK(c.counters.by_envelope[static_cast<int>(Envelope::kNdjson)] == 4);

  // Two lines are enough to tell NDJSON, and gzip changes nothing.
  const std::string two = r0 + "\n" + r1 + "\n";
  Collected g = Read(testing_support::Gzip(two));
  REQUIRE(g.records.size() == 2);
  CheckRecord(g.records[0], r0, 0, 0, Envelope::kNdjson, TimeOrigin::kEventTime, RecTime(0));
  CheckRecord(g.records[1], r1, 1, r0.size() + 1, Envelope::kNdjson, TimeOrigin::kEventTime,
              RecTime(1));
}

TEST_CASE("input: single bare record, with and without surrounding whitespace") {
  const std::string r0 = Rec(5);
  Collected c = Read(r0);
  REQUIRE(c.records.size() == 1);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], r0, 0, 0, Envelope::kSingleRecord, TimeOrigin::kEventTime,
              RecTime(5));

  const std::string spaced = " \r\n\t " + r0 + "\n\n";
  Collected s = Read(spaced);
  REQUIRE(s.records.size() == 1);
  CheckRecord(s.records[0], r0, 0, 5, Envelope::kSingleRecord, TimeOrigin::kEventTime,
              RecTime(5));

  const std::string p = Pretty(9);
  Collected pc = Read(p);
  REQUIRE(pc.records.size() == 1);
  CheckRecord(pc.records[0], p, 0, 0, Envelope::kSingleRecord, TimeOrigin::kEventTime,
              RecTime(9));
}

TEST_CASE("input: several pretty-printed records concatenated") {
  const std::string p0 = Pretty(0), p1 = Pretty(1), p2 = Pretty(2);
  const std::string text = p0 + "\n" + p1 + p2 + "\n\n";
  Collected c = Read(text);
  REQUIRE(c.records.size() == 3);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], p0, 0, 0, Envelope::kSingleRecord, TimeOrigin::kEventTime,
              RecTime(0));
  CheckRecord(c.records[1], p1, 1, p0.size() + 1, Envelope::kSingleRecord,
              TimeOrigin::kEventTime, RecTime(1));
  CheckRecord(c.records[2], p2, 2, p0.size() + 1 + p1.size(), Envelope::kSingleRecord,
              TimeOrigin::kEventTime, RecTime(2));
  CHECK(c.counters.by_envelope[static_cast<int>(Envelope::kSingleRecord)] == 3);
}

// ------------------------------------------------------------ CloudWatch Logs

namespace {

struct LogEvent {
  std::string id;
  int64_t timestamp_ms;
  std::string record;  // serialized into "message"
};

std::string CwlPayload(const std::vector<LogEvent>& events,
                       std::string_view type = "DATA_MESSAGE") {
  std::string out = R"({"messageType":")" + std::string(type) +
                    R"(","owner":"111122223333","logGroup":"aws-cloudtrail-logs",)"
                    R"("logStream":"111122223333_CloudTrail_us-east-1",)"
                    R"("subscriptionFilters":["to-siem"],"logEvents":[)";
  for (size_t i = 0; i < events.size(); ++i) {
    if (i) out += ",";
    out += R"({"id":")" + events[i].id + R"(","timestamp":)" +
           std::to_string(events[i].timestamp_ms) + R"(,"message":)" +
           JsonString(events[i].record) + "}";
  }
  return out + "]}";
}

}  // namespace

TEST_CASE("input: CloudWatch Logs DATA_MESSAGE") {
  const std::string r0 = Rec(0), n1 = RecNoTime(1);
  const int64_t ts1 = int64_t{1705312861} * 1000 + 250;  // 10:01:01.250
  const std::string payload = CwlPayload({{"e0", 1705312800000, r0}, {"e1", ts1, n1}});
  Collected c = Read(payload);
  REQUIRE(c.records.size() == 2);
  CHECK(c.errors.empty());
  // A record nested in a string reports the offset of its logEvents entry.
  CheckRecord(c.records[0], r0, 0, payload.find(R"({"id":"e0")"), Envelope::kCloudWatchLogs,
              TimeOrigin::kEventTime, RecTime(0));
  CheckRecord(c.records[1], n1, 1, payload.find(R"({"id":"e1")"), Envelope::kCloudWatchLogs,
              TimeOrigin::kCloudWatchTimestamp, ts1 * 1000000);
  CHECK(c.counters.by_envelope[static_cast<int>(Envelope::kCloudWatchLogs)] == 2);
  CHECK(c.counters.control_messages == 0);

  // Pretty-printed (as the AWS examples are) and preceded by whitespace.
  const std::string pretty =
      "\n{\n  \"messageType\": \"DATA_MESSAGE\",\n  \"owner\": \"111122223333\",\n"
      "  \"logEvents\": [\n    {\n      \"id\": \"x\",\n      \"timestamp\": 1705312800000,\n"
      "      \"message\": " +
      JsonString(n1) + "\n    }\n  ]\n}\n";
  Collected p = Read(pretty);
  REQUIRE(p.records.size() == 1);
  CheckRecord(p.records[0], n1, 0, pretty.find("{\n      \"id\""), Envelope::kCloudWatchLogs,
              TimeOrigin::kCloudWatchTimestamp, kT0);
}

TEST_CASE("input: CloudWatch Logs CONTROL_MESSAGE is counted, not a record") {
  const std::string control =
      CwlPayload({{"", 1705312800000, "CWL CONTROL MESSAGE: Checking health of destination."}},
                 "CONTROL_MESSAGE");
  Collected c = Read(control);
  CheckNothing(c);
  CHECK(c.counters.control_messages == 1);
  CHECK(c.counters.files_skipped == 0);

  // Mixed with a data message in one NDJSON stream: the index is unaffected.
  const std::string r0 = Rec(0);
  const std::string data = CwlPayload({{"d", 1705312800000, r0}});
  const std::string text = control + "\n" + data + "\n";
  Collected m = Read(text);
  REQUIRE(m.records.size() == 1);
  CHECK(m.errors.empty());
  CHECK(m.counters.control_messages == 1);
  CheckRecord(m.records[0], r0, 0, text.find(R"({"id":"d")"), Envelope::kCloudWatchLogs,
              TimeOrigin::kEventTime, RecTime(0));
}

TEST_CASE("input: Lambda awslogs wrapper holding base64(gzip(CloudWatch payload))") {
  const std::string r0 = Rec(0), n1 = RecNoTime(1);
  const std::string payload =
      CwlPayload({{"a", 1705312800000, r0}, {"b", 1705312802000, n1}});
  const std::string wrapper =
      R"({"awslogs":{"data":")" + Base64(testing_support::Gzip(payload)) + R"("}})";
  const std::string text = "  \n" + wrapper + "\n";
  Collected c = Read(text);
  REQUIRE(c.records.size() == 2);
  CHECK(c.errors.empty());
  // Records inside the base64 payload report the wrapper's offset.
  CheckRecord(c.records[0], r0, 0, 3, Envelope::kCloudWatchLambda, TimeOrigin::kEventTime,
              RecTime(0));
  CheckRecord(c.records[1], n1, 1, 3, Envelope::kCloudWatchLambda,
              TimeOrigin::kCloudWatchTimestamp, kT0 + 2 * kSecond);
  CHECK(c.counters.by_envelope[static_cast<int>(Envelope::kCloudWatchLambda)] == 2);

  // Two wrappers, one per line: indices continue, offsets are the lines'.
  const std::string w2 = R"({"awslogs":{"data":")" +
                         Base64(testing_support::Gzip(CwlPayload({{"c", 1, Rec(2)}}))) +
                         R"("}})";
  const std::string lines = wrapper + "\n" + w2 + "\n";
  Collected l = Read(lines);
  REQUIRE(l.records.size() == 3);
  CHECK(l.errors.empty());
  CheckRecord(l.records[2], Rec(2), 2, wrapper.size() + 1, Envelope::kCloudWatchLambda,
              TimeOrigin::kEventTime, RecTime(2));

  // A Lambda control message is counted like a plain one.
  const std::string ctl = R"({"awslogs":{"data":")" +
                          Base64(testing_support::Gzip(CwlPayload({}, "CONTROL_MESSAGE"))) +
                          R"("}})";
  Collected k = Read(ctl);
  CheckNothing(k);
  CHECK(k.counters.control_messages == 1);
}

// ------------------------------------------------------------ EventBridge

TEST_CASE("input: EventBridge AWS API Call via CloudTrail") {
  const std::string detail = Rec(4);
  const std::string event =
      R"({"version":"0","id":"12345678-90ab","detail-type":"AWS API Call via CloudTrail",)"
      R"("source":"aws.ec2","account":"111122223333","time":"2024-01-15T10:30:00Z",)"
      R"("region":"us-east-1","resources":[],"detail":)" +
      detail + "}";
  Collected c = Read(event);
  REQUIRE(c.records.size() == 1);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], detail, 0, event.find(detail), Envelope::kEventBridge,
              TimeOrigin::kEventTime, RecTime(4));
  CHECK(c.counters.by_envelope[static_cast<int>(Envelope::kEventBridge)] == 1);

  // Without eventTime in detail, the event's "time" stands in. Also the
  // China-partition spelling of the detail-type.
  const std::string bare = RecNoTime(0);
  const std::string cn =
      R"({"detail-type":"Amazon API Call via CloudTrail","source":"aws.s3",)"
      R"("time":"2024-01-15T10:30:00Z","detail":)" +
      bare + "}";
  Collected t = Read(cn);
  REQUIRE(t.records.size() == 1);
  CHECK(t.errors.empty());
  CheckRecord(t.records[0], bare, 0, cn.find(bare), Envelope::kEventBridge,
              TimeOrigin::kEventBridgeTime, kT0 + 1800 * kSecond);
}

TEST_CASE("input: EventBridge event of another detail-type is rejected") {
  const std::string record = Rec(0);
  const std::string other =
      R"({"version":"0","detail-type":"EC2 Instance State-change Notification",)"
      R"("source":"aws.ec2","time":"2024-01-15T10:30:00Z",)"
      R"("detail":{"instance-id":"i-0123","state":"running"}})";
  const std::string text = other + "\n" + record + "\n";
  Collected c = Read(text);
  REQUIRE(c.errors.size() == 1);
  CHECK(c.errors[0].reason == RejectReason::kNotCloudTrail);
  CHECK(c.errors[0].location.record_index == 0);
  CHECK(c.errors[0].location.byte_offset == 0);
  REQUIRE(c.records.size() == 1);
  CheckRecord(c.records[0], record, 1, other.size() + 1, Envelope::kNdjson,
              TimeOrigin::kEventTime, RecTime(0));
}

// ------------------------------------------------------------ Splunk HEC

TEST_CASE("input: Splunk HEC events concatenated, object and string events") {
  const std::string r0 = Rec(0), n1 = RecNoTime(1), n2 = RecNoTime(2);
  const std::string e0 = R"({"time":1705312900,"host":"firehose","source":"aws:cloudtrail",)"
                         R"("sourcetype":"aws:cloudtrail","index":"main","event":)" +
                         r0 + "}";
  const std::string e1 = R"({"time":1705312802,"sourcetype":"aws:cloudtrail","event":)" +
                         JsonString(n1) + "}";
  const std::string e2 = R"({"time":"1705312803.5","event":)" + n2 + "}";
  const std::string text = e0 + e1 + e2;
  Collected c = Read(text);
  REQUIRE(c.records.size() == 3);
  CHECK(c.errors.empty());
  // The record's own eventTime wins over HEC time.
  CheckRecord(c.records[0], r0, 0, text.find(r0), Envelope::kSplunkHec, TimeOrigin::kEventTime,
              RecTime(0));
  // A string event reports the offset of the string.
  CheckRecord(c.records[1], n1, 1, e0.size() + e1.find(R"("{)"), Envelope::kSplunkHec,
              TimeOrigin::kHecTime, kT0 + 2 * kSecond);
  CheckRecord(c.records[2], n2, 2, text.find(n2), Envelope::kSplunkHec, TimeOrigin::kHecTime,
              kT0 + 3 * kSecond + kSecond / 2);
  CHECK(c.counters.by_envelope[static_cast<int>(Envelope::kSplunkHec)] == 3);

  // One event per line is NDJSON of HEC events; the record reports HEC.
  const std::string lines = e1 + "\n" + e2 + "\n";
  Collected l = Read(lines);
  REQUIRE(l.records.size() == 2);
  CHECK(l.errors.empty());
  CheckRecord(l.records[0], n1, 0, e1.find(R"("{)"), Envelope::kSplunkHec, TimeOrigin::kHecTime,
              kT0 + 2 * kSecond);
  CheckRecord(l.records[1], n2, 1, lines.find(n2), Envelope::kSplunkHec, TimeOrigin::kHecTime,
              kT0 + 3 * kSecond + kSecond / 2);
}

TEST_CASE("input: concatenated values on one line of a line-mode stream") {
  const std::string a = R"({"time":1705312800,"event":)" + Rec(0) + "}";
  const std::string b = R"({"time":1705312801,"event":)" + Rec(1) + "}";
  const std::string d = R"({"time":1705312802,"event":)" + Rec(2) + "}";
  const std::string text = a + b + "\n" + d + "\n";
  Collected c = Read(text);
  CHECK(c.errors.empty());
  REQUIRE(c.records.size() == 3);
  CheckRecord(c.records[0], Rec(0), 0, text.find(Rec(0)), Envelope::kSplunkHec,
              TimeOrigin::kEventTime, RecTime(0));
  CheckRecord(c.records[1], Rec(1), 1, text.find(Rec(1)), Envelope::kSplunkHec,
              TimeOrigin::kEventTime, RecTime(1));
  CheckRecord(c.records[2], Rec(2), 2, text.find(Rec(2)), Envelope::kSplunkHec,
              TimeOrigin::kEventTime, RecTime(2));
}

TEST_CASE("input: Splunk HEC event holding a CloudWatch payload reports the inner envelope") {
  const std::string r0 = Rec(0);
  const std::string cwl = CwlPayload({{"z", 1705312800000, r0}});
  const std::string hec = R"({"time":1705312800,"host":"h","event":)" + cwl + "}";
  Collected c = Read(hec);
  REQUIRE(c.records.size() == 1);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], r0, 0, hec.find(R"({"id":"z")"), Envelope::kCloudWatchLogs,
              TimeOrigin::kEventTime, RecTime(0));
}

// ------------------------------------------------------------ lookup-events

TEST_CASE("input: lookup-events output, CloudTrailEvent strings") {
  const std::string r0 = Rec(0), r1 = Rec(1);
  const std::string ev0 = R"({"EventId":"id-0","EventName":"DescribeInstances",)"
                          R"("ReadOnly":"true","CloudTrailEvent":)" +
                          JsonString(r0) + "}";
  const std::string ev1 = R"({"EventId":"id-1","CloudTrailEvent":)" + JsonString(r1) + "}";
  const std::string doc =
      "{\n  \"Events\": [\n    " + ev0 + ",\n    " + ev1 + "\n  ],\n  \"NextToken\": \"t\"\n}\n";
  Collected c = Read(doc);
  REQUIRE(c.records.size() == 2);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], r0, 0, doc.find(ev0), Envelope::kLookupEvents,
              TimeOrigin::kEventTime, RecTime(0));
  CheckRecord(c.records[1], r1, 1, doc.find(ev1), Envelope::kLookupEvents,
              TimeOrigin::kEventTime, RecTime(1));
  CHECK(c.counters.by_envelope[static_cast<int>(Envelope::kLookupEvents)] == 2);
}

namespace {

std::string Insight(int i, std::string_view state) {
  return R"({"eventVersion":"1.08","eventTime":"2024-01-15T10:00:)" + TwoDigits(i) +
         R"(Z","awsRegion":"us-east-1","eventID":"in-)" + std::to_string(i) +
         R"(","eventType":"AwsCloudTrailInsight","recipientAccountId":"111122223333",)"
         R"("sharedEventID":"99999999-8888","eventCategory":"Insight","insightDetails":)"
         R"({"state":")" +
         std::string(state) +
         R"(","eventSource":"autoscaling.amazonaws.com","eventName":"CompleteLifecycleAction",)"
         R"("insightType":"ApiCallRateInsight","insightContext":{"statistics":{"baseline":)"
         R"({"average":8.82145e-05},"insight":{"average":0.6},"insightDuration":5,)"
         R"("baselineDuration":11336},"attributions":[]}}})";
}

}  // namespace

TEST_CASE("input: lookup-events Insights variant, records directly under Events") {
  const std::string i0 = Insight(0, "Start"), i1 = Insight(5, "End");
  const std::string doc = R"({"Events":[)" + i0 + "," + i1 + "]}";
  Collected c = Read(doc);
  REQUIRE(c.records.size() == 2);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], i0, 0, doc.find(i0), Envelope::kLookupEvents,
              TimeOrigin::kEventTime, RecTime(0));
  CheckRecord(c.records[1], i1, 1, doc.find(i1), Envelope::kLookupEvents,
              TimeOrigin::kEventTime, RecTime(5));
}

TEST_CASE("input: Insights records in an S3 Records file") {
  const std::string i0 = Insight(1, "Start"), i1 = Insight(2, "End");
  const std::string doc = "{\"Records\": [\n" + i0 + ",\n" + i1 + "\n]}";
  Collected c = Read(testing_support::Gzip(doc));
  REQUIRE(c.records.size() == 2);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], i0, 0, doc.find(i0), Envelope::kS3Records, TimeOrigin::kEventTime,
              RecTime(1));
  CheckRecord(c.records[1], i1, 1, doc.find(i1), Envelope::kS3Records, TimeOrigin::kEventTime,
              RecTime(2));
}

// ------------------------------------------------------------ not records

TEST_CASE("input: CloudTrail digest file is counted, not a record") {
  const std::string digest =
      R"({"awsAccountId":"111122223333","digestStartTime":"2024-01-15T09:00:00Z",)"
      R"("digestEndTime":"2024-01-15T10:00:00Z","digestS3Bucket":"b",)"
      R"("digestS3Object":"AWSLogs/111122223333/CloudTrail-Digest/us-east-1/x.json.gz",)"
      R"("newestEventTime":"2024-01-15T09:55:00Z","previousDigestS3Bucket":null,)"
      R"("logFiles":[{"s3Bucket":"b","s3Object":"o","hashValue":"00","hashAlgorithm":"SHA-256"}]})";
  Collected c = Read(testing_support::Gzip(digest));
  CheckNothing(c);
  CHECK(c.counters.digest_files == 1);
  CHECK(c.counters.files_skipped == 0);
  CHECK(c.skipped.empty());
}

TEST_CASE("input: CloudTrail Lake QueryResultRows are counted, not records") {
  const std::string rows =
      R"({"QueryStatus":"FINISHED","QueryResultRows":[)"
      R"([{"eventID":"a"},{"eventName":"DescribeInstances"},{"sourceIPAddress":"198.51.100.7"}],)"
      R"([{"eventID":"b"},{"eventName":"RunInstances"}],)"
      R"([{"eventID":"c"}]]})";
  Collected c = Read(rows);
  CheckNothing(c);
  CHECK(c.counters.lake_rows_skipped == 3);
}

// ------------------------------------------------------------ OCSF

namespace {

std::string OcsfApiActivity(std::string_view product = "CloudTrail") {
  return R"({"class_uid":6003,"class_name":"API Activity","category_uid":6,"activity_id":2,)"
         R"("type_uid":600302,"severity_id":1,"status":"Failure","status_id":2,)"
         R"("time":1705312800000,"metadata":{"product":{"name":")" +
         std::string(product) +
         R"(","vendor_name":"AWS","version":"1.08","feature":{"name":"Management"}},)"
         R"("uid":"ocsf-event-1","version":"1.1.0"},"cloud":{"provider":"AWS","region":"eu-west-1"},)"
         R"("api":{"operation":"DescribeInstances","service":{"name":"ec2.amazonaws.com"},)"
         R"("request":{"uid":"req-1"},"response":{"error":"Client.UnauthorizedOperation"}},)"
         R"("actor":{"user":{"type":"IAMUser","name":"alice",)"
         R"("uid":"arn:aws:iam::111122223333:user/alice","account":{"uid":"111122223333"}}},)"
         R"("src_endpoint":{"ip":"198.51.100.7"},"http_request":{"user_agent":"aws-cli/2.15.0"},)"
         R"("unmapped":{"eventType":"AwsApiCall"}})";
}

std::string StringAt(const std::string& json, const char* pointer) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json).get(root)) return "<invalid json>";
  simdjson::dom::element e;
  if (root.at_pointer(pointer).get(e)) return "<absent>";
  std::string_view s;
  if (e.get(s)) return "<not a string>";
  return std::string(s);
}

}  // namespace

TEST_CASE("input: Security Lake OCSF API Activity mapped to CloudTrail names") {
  const std::string ocsf = OcsfApiActivity();
  const std::string text = "\n" + ocsf + "\n" + Rec(0) + "\n";
  Collected c = Read(text);
  CHECK(c.errors.empty());
  REQUIRE(c.records.size() == 2);
  const CollectedRecord& r = c.records[0];
  CHECK(r.record_index == 0);
  CHECK(r.byte_offset == 1);
  CHECK(r.envelope == Envelope::kOcsf);
  CHECK(r.time_origin == TimeOrigin::kOcsfTime);
  CHECK(r.time_ns == kT0);
  CHECK(StringAt(r.json, "/eventName") == "DescribeInstances");
  CHECK(StringAt(r.json, "/eventSource") == "ec2.amazonaws.com");
  CHECK(StringAt(r.json, "/awsRegion") == "eu-west-1");
  CHECK(StringAt(r.json, "/sourceIPAddress") == "198.51.100.7");
  CHECK(StringAt(r.json, "/errorCode") == "Client.UnauthorizedOperation");
  CHECK(StringAt(r.json, "/userIdentity/userName") == "alice");
  CHECK(StringAt(r.json, "/eventTime") == "2024-01-15T10:00:00Z");
  CHECK(r.json.find("class_uid") == std::string::npos);
  CHECK(c.counters.by_envelope[static_cast<int>(Envelope::kOcsf)] == 1);
  // The neighbouring plain record is unaffected.
  CheckRecord(c.records[1], Rec(0), 1, ocsf.size() + 2, Envelope::kNdjson,
              TimeOrigin::kEventTime, RecTime(0));

  // OCSF from another product is not CloudTrail.
  Collected other = Read(OcsfApiActivity("Okta"));
  CHECK(other.records.empty());
  REQUIRE(other.errors.size() == 1);
  CHECK(other.errors[0].reason == RejectReason::kNotCloudTrail);
}

// ------------------------------------------------------------ log-shipper

TEST_CASE("input: log-shipper lines with @timestamp and no eventTime") {
  const std::string a = R"({"@timestamp":"2024-01-15T10:00:07.5Z","eventName":"PutObject",)"
                        R"("eventSource":"s3.amazonaws.com","awsRegion":"us-east-1"})";
  const std::string b = R"({"@timestamp":"2024-01-15T11:00:00Z","eventTime":"2024-01-15T10:00:03Z",)"
                        R"("eventName":"GetObject"})";
  const std::string text = a + "\n" + b + "\n";
  Collected c = Read(text);
  REQUIRE(c.records.size() == 2);
  CHECK(c.errors.empty());
  CheckRecord(c.records[0], a, 0, 0, Envelope::kNdjson, TimeOrigin::kAtTimestamp,
              kT0 + 7 * kSecond + kSecond / 2);
  // eventTime wins over @timestamp.
  CheckRecord(c.records[1], b, 1, a.size() + 1, Envelope::kNdjson, TimeOrigin::kEventTime,
              kT0 + 3 * kSecond);
}

TEST_CASE("input: record without any time") {
  const std::string n = RecNoTime(0);
  Collected c = Read(n);
  REQUIRE(c.records.size() == 1);
  CheckRecord(c.records[0], n, 0, 0, Envelope::kSingleRecord, TimeOrigin::kNone,
              trailhunt::kNoTime);
}

// ------------------------------------------------------------ skipped, empty

TEST_CASE("input: a non-JSON file is skipped") {
  Collected c = Read("# README\nThese are CloudTrail logs.\n", {}, "README.md");
  CheckNothing(c);
  CHECK(c.counters.files_skipped == 1);
  CHECK(c.counters.sources_read == 1);
  REQUIRE(c.skipped.size() == 1);
  CHECK(c.skipped[0].first == "README.md");
  CHECK(!c.skipped[0].second.empty());

  const std::string binary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  Collected b = Read(binary, {}, "image.png");
  CheckNothing(b);
  CHECK(b.counters.files_skipped == 1);
  REQUIRE(b.skipped.size() == 1);
  CHECK(b.skipped[0].first == "image.png");
}

TEST_CASE("input: empty and whitespace-only inputs hold nothing and are not skipped") {
  for (const std::string& text :
       {std::string(), std::string(" "), std::string("\n\n\r\n\t  \n"), std::string(300, '\n')}) {
    INFO("input of " << text.size() << " bytes");
    Collected c = Read(text);
    CheckNothing(c);
    CHECK(c.counters.files_skipped == 0);
    CHECK(c.skipped.empty());
    CHECK(c.status.empty());
  }
  Collected g = Read(testing_support::Gzip("\n \n"));
  CheckNothing(g);
  CHECK(g.counters.files_skipped == 0);
}

TEST_CASE("input: long leading whitespace before JSON") {
  Collected blank = Read(std::string(4096, '\n'));
  CHECK(blank.counters.files_skipped == 0);
  const std::string text = std::string(600, ' ') + "\n" + Rec(0) + "\n" + Rec(1) + "\n";
  Collected c = Read(text);
  CHECK(c.counters.files_skipped == 0);
  REQUIRE(c.records.size() == 2);
  CheckRecord(c.records[0], Rec(0), 0, 601, Envelope::kNdjson, TimeOrigin::kEventTime,
              RecTime(0));
}

// ------------------------------------------------------------ archives

namespace {

struct ArchiveFixture {
  std::string a = R"({"Records":[)" + Rec(0) + "," + Rec(1) + "]}";
  std::string b_plain = Rec(2) + "\n" + Rec(3) + "\n" + Rec(4) + "\n";
  std::vector<ArchiveMember> members{
      {"logs/", "", true},
      {"logs/a.json", a},
      {"logs/b.json.gz", testing_support::Gzip(b_plain)},
      {"README.txt", "not a log\n"},
  };

  void Check(const Collected& c, const std::string& name) const {
    CHECK(c.status.empty());
    CHECK(c.errors.empty());
    REQUIRE(c.records.size() == 5);
    const std::string sa = name + ":logs/a.json", sb = name + ":logs/b.json.gz";
    for (int i = 0; i < 2; ++i) {
      CHECK(c.records[i].source == sa);
      CheckRecord(c.records[i], Rec(i), i, a.find(Rec(i)), Envelope::kS3Records,
                  TimeOrigin::kEventTime, RecTime(i));
    }
    for (int i = 2; i < 5; ++i) {
      CHECK(c.records[i].source == sb);
      CheckRecord(c.records[i], Rec(i), i - 2, b_plain.find(Rec(i)), Envelope::kNdjson,
                  TimeOrigin::kEventTime, RecTime(i));
    }
    CHECK(c.counters.files_skipped == 1);
    REQUIRE(c.skipped.size() == 1);
    CHECK(c.skipped[0].first == name + ":README.txt");
    CHECK(c.counters.sources_read == 4);  // the archive and its three files
  }
};

}  // namespace

TEST_CASE("input: zip archive from memory and from a file") {
  ArchiveFixture f;
  const std::string zip = MakeArchive(true, f.members);
  REQUIRE(zip.substr(0, 2) == "PK");
  f.Check(Read(zip, {}, "logs.zip"), "logs.zip");

  TempDir dir;
  const std::string path = dir.path + "/logs.zip";
  WriteFile(path, zip);
  f.Check(Read(trailhunt::FileSource(path)), path);
}

TEST_CASE("input: tar archive from memory and from a file") {
  ArchiveFixture f;
  const std::string tar = MakeArchive(false, f.members);
  REQUIRE(tar.size() > 262);
  REQUIRE(tar.substr(257, 5) == "ustar");
  f.Check(Read(tar, {}, "logs.tar"), "logs.tar");

  TempDir dir;
  const std::string path = dir.path + "/logs.tar";
  WriteFile(path, tar);
  f.Check(Read(trailhunt::FileSource(path)), path);
}

TEST_CASE("input: tar.gz archive from memory and from a file") {
  ArchiveFixture f;
  const std::string tgz = testing_support::Gzip(MakeArchive(false, f.members));
  f.Check(Read(tgz, {}, "logs.tgz"), "logs.tgz");

  TempDir dir;
  const std::string path = dir.path + "/logs.tar.gz";
  WriteFile(path, tgz);
  f.Check(Read(trailhunt::FileSource(path)), path);
}

TEST_CASE("input: zip inside tar") {
  ArchiveFixture f;
  const std::string zip = MakeArchive(true, f.members);
  const std::string tar = MakeArchive(false, {{"inner.zip", zip}});
  Collected c = Read(tar, {}, "outer.tar");
  REQUIRE(c.records.size() == 5);
  CHECK(c.errors.empty());
  CHECK(c.records[0].source == "outer.tar:inner.zip:logs/a.json");
  CHECK(c.records[4].source == "outer.tar:inner.zip:logs/b.json.gz");
  CHECK(c.records[4].record_index == 2);
  CHECK(c.counters.files_skipped == 1);
}

// ------------------------------------------------------------ files and directories

TEST_CASE("input: directory walk of an S3 trail layout via ExpandPaths") {
  TempDir dir;
  const std::string day = dir.path + "/AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/15/";
  const std::string digest_day =
      dir.path + "/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/15/";
  const std::string fa = day + "111122223333_CloudTrail_us-east-1_20240115T1000Z_aaaa.json.gz";
  const std::string fb = day + "111122223333_CloudTrail_us-east-1_20240115T1005Z_bbbb.json.gz";
  const std::string fd = digest_day + "111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_"
                                      "20240115T100000Z.json.gz";
  const std::string readme = dir.path + "/README.txt";
  const std::string doc_a = R"({"Records":[)" + Rec(0) + "," + Rec(1) + "]}";
  const std::string doc_b = R"({"Records":[)" + Rec(2) + "]}";
  // Written out of order, so sorting is what orders them.
  WriteFile(fb, testing_support::Gzip(doc_b));
  WriteFile(readme, "CloudTrail export\n");
  WriteFile(fa, testing_support::Gzip(doc_a));
  WriteFile(fd, testing_support::Gzip(
                    R"({"digestS3Object":"x","digestEndTime":"2024-01-15T10:00:00Z","logFiles":[]})"));
  // A symlink loop must neither hang the walk nor duplicate files.
  std::error_code ec;
  std::filesystem::create_directory_symlink(dir.path, dir.path + "/AWSLogs/loop", ec);
  REQUIRE(!ec);

  absl::StatusOr<std::vector<trailhunt::Source>> sources = trailhunt::ExpandPaths({dir.path});
  REQUIRE(sources.ok());
  std::vector<std::string> names;
  for (const trailhunt::Source& s : *sources) {
    CHECK(s.kind == trailhunt::Source::Kind::kFile);
    CHECK(s.name == s.path);
    names.push_back(s.name);
  }
  const std::vector<std::string> expected = {fd, fa, fb, readme};
  CHECK(names == expected);

  trailhunt::InputCounters total;
  std::vector<CollectedRecord> records;
  std::vector<std::pair<std::string, std::string>> skipped;
  for (const trailhunt::Source& s : *sources) {
    Collected c = Read(s);
    CHECK(c.status.empty());
    CHECK(c.errors.empty());
    total.Add(c.counters);
    records.insert(records.end(), c.records.begin(), c.records.end());
    skipped.insert(skipped.end(), c.skipped.begin(), c.skipped.end());
  }
  CHECK(total.Reconciles());
  CHECK(total.sources_read == 4);
  CHECK(total.digest_files == 1);
  CHECK(total.files_skipped == 1);
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].first == readme);
  REQUIRE(records.size() == 3);
  CHECK(records[0].source == fa);
  CHECK(records[1].source == fa);
  CHECK(records[2].source == fb);
  CheckRecord(records[1], Rec(1), 1, doc_a.find(Rec(1)), Envelope::kS3Records,
              TimeOrigin::kEventTime, RecTime(1));
  CheckRecord(records[2], Rec(2), 0, doc_b.find(Rec(2)), Envelope::kS3Records,
              TimeOrigin::kEventTime, RecTime(2));
  CHECK(total.records_delivered == 3);
  CHECK(total.by_envelope[static_cast<int>(Envelope::kS3Records)] == 3);

  // Mixed arguments keep their order; files pass through; "-" is stdin.
  absl::StatusOr<std::vector<trailhunt::Source>> mixed =
      trailhunt::ExpandPaths({readme, "-", day});
  REQUIRE(mixed.ok());
  REQUIRE(mixed->size() == 4);
  CHECK((*mixed)[0].name == readme);
  CHECK((*mixed)[1].kind == trailhunt::Source::Kind::kStdin);
  CHECK((*mixed)[2].name == fa);
  CHECK((*mixed)[3].name == fb);
}

TEST_CASE("input: ExpandPaths and ReadSource name a missing path") {
  TempDir dir;
  const std::string missing = dir.path + "/no-such-dir";
  absl::StatusOr<std::vector<trailhunt::Source>> r = trailhunt::ExpandPaths({missing});
  REQUIRE(!r.ok());
  CHECK(std::string(r.status().message()).find(missing) != std::string::npos);

  Collected c = Read(trailhunt::FileSource(missing + ".json"));
  CHECK(c.status.find(missing + ".json") != std::string::npos);
  CheckNothing(c);
}

TEST_CASE("input: a plain file source reads like memory") {
  TempDir dir;
  const std::string path = dir.path + "/one.ndjson";
  const std::string text = Rec(0) + "\n" + Rec(1) + "\n";
  WriteFile(path, text);
  Collected c = Read(trailhunt::FileSource(path));
  CHECK(c.status.empty());
  REQUIRE(c.records.size() == 2);
  CHECK(c.records[0].source == path);
  CheckRecord(c.records[1], Rec(1), 1, Rec(0).size() + 1, Envelope::kNdjson,
              TimeOrigin::kEventTime, RecTime(1));
  CHECK(c.counters.bytes_read == text.size());
}

TEST_CASE("input: envelope and enum names are distinct") {
  std::vector<std::string_view> names;
  for (int i = 0; i < trailhunt::kEnvelopeCount; ++i) {
    names.push_back(trailhunt::EnvelopeName(static_cast<Envelope>(i)));
    CHECK(names.back() != "?");
  }
  std::sort(names.begin(), names.end());
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
}

}  // TEST_SUITE("input")
