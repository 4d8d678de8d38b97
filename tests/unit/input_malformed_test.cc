// Input stage against hostile and broken input: damaged compression, broken
// JSON, limits, pathological nesting, odd bytes, and the streaming path
// (forced with a tiny max_in_memory_bytes) agreeing with the in-memory one.
// A bad record never stops the read and never hides its neighbours; counters
// always reconcile.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "test_data.h"
#include "trailhunt/input.h"

namespace {

using testing_support::Collected;
using testing_support::CheckInvariants;
using testing_support::CollectedRecord;
using testing_support::kSecond;
using testing_support::kT0;
using testing_support::Rec;
using testing_support::TwoDigits;
using testing_support::RecTime;
using trailhunt::Envelope;
using trailhunt::RejectReason;
using trailhunt::TimeOrigin;

std::string Ndjson(int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += Rec(i) + "\n";
  return out;
}

std::string RecordsDoc(int n) {
  std::string out = "{\"Records\":[";
  for (int i = 0; i < n; ++i) out += (i ? "," : "") + Rec(i);
  return out + "]}";
}

std::string Name(RejectReason r) { return std::string(trailhunt::RejectReasonName(r)); }

// Reads and checks the invariants every read must satisfy.
Collected Read(std::string_view bytes, const trailhunt::ReadOptions& options = {}) {
  return testing_support::ReadBytes(bytes, options);
}

trailhunt::ReadOptions Streaming(size_t max_in_memory = 4096) {
  trailhunt::ReadOptions o;
  o.limits.max_in_memory_bytes = max_in_memory;
  return o;
}

// The error at `index`, or nullptr.
const trailhunt::RecordError* ErrorAt(const Collected& c, uint64_t index) {
  for (const trailhunt::RecordError& e : c.errors) {
    if (e.location.record_index == index) return &e;
  }
  return nullptr;
}

void CheckRejected(const Collected& c, uint64_t index, uint64_t offset, RejectReason reason) {
  INFO("expected " << Name(reason) << " at index " << index);
  const trailhunt::RecordError* e = ErrorAt(c, index);
  REQUIRE(e != nullptr);
  INFO("got " << Name(e->reason) << ": " << e->message);
  CHECK(Name(e->reason) == Name(reason));
  CHECK(e->location.byte_offset == offset);
}

void CheckDelivered(const Collected& c, size_t position, std::string_view json, uint64_t index,
                    uint64_t offset) {
  REQUIRE(position < c.records.size());
  const CollectedRecord& r = c.records[position];
  INFO("record " << index);
  CHECK(r.json == json);
  CHECK(r.record_index == index);
  CHECK(r.byte_offset == offset);
}

// The delivered records are exactly Rec(0)..Rec(n-1), in order, at indices
// 0..n-1.
void CheckPrefix(const Collected& c, size_t n) {
  REQUIRE(c.records.size() >= n);
  size_t bad = n;
  for (size_t i = 0; i < n && bad == n; ++i) {
    if (c.records[i].json != Rec(static_cast<int>(i)) || c.records[i].record_index != i) bad = i;
  }
  INFO("first differing record: " << bad);
  CHECK(bad == n);
}

// Everything two reads produced, field by field; reports the first mismatch.
void CheckSame(const Collected& a, const Collected& b) {
  CHECK(a.records.size() == b.records.size());
  CHECK(a.errors.size() == b.errors.size());
  const size_t nr = std::min(a.records.size(), b.records.size());
  size_t r = nr;
  for (size_t i = 0; i < nr && r == nr; ++i) {
    const CollectedRecord& x = a.records[i];
    const CollectedRecord& y = b.records[i];
    if (x.json != y.json || x.record_index != y.record_index || x.byte_offset != y.byte_offset ||
        x.envelope != y.envelope || x.time_origin != y.time_origin || x.time_ns != y.time_ns) {
      r = i;
    }
  }
  INFO("first differing record: " << r << " of " << nr);
  CHECK(r == nr);
  const size_t ne = std::min(a.errors.size(), b.errors.size());
  size_t e = ne;
  for (size_t i = 0; i < ne && e == ne; ++i) {
    const trailhunt::RecordError& x = a.errors[i];
    const trailhunt::RecordError& y = b.errors[i];
    if (x.reason != y.reason || x.location.record_index != y.location.record_index ||
        x.location.byte_offset != y.location.byte_offset) {
      e = i;
    }
  }
  if (e < ne) {
    INFO("a: " << a.errors[e].message);
    INFO("b: " << b.errors[e].message);
    CHECK(e == ne);
  }
  CHECK(a.counters.records_seen == b.counters.records_seen);
  CHECK(a.counters.files_skipped == b.counters.files_skipped);
}

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// Deterministic pseudo-random numbers (64-bit LCG, high bits).
struct Lcg {
  uint64_t state;
  explicit Lcg(uint64_t seed) : state(seed) {}
  uint32_t Next() {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  }
  uint32_t Below(uint32_t n) { return Next() % n; }
};

struct TempDir {
  std::string path = testing_support::MakeTempDir();
  TempDir() { REQUIRE(!path.empty()); }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

std::string WriteTemp(const TempDir& dir, const std::string& name, std::string_view data) {
  const std::string path = dir.path + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  REQUIRE(out.good());
  return path;
}

}  // namespace

TEST_SUITE("input") {

// ------------------------------------------------------------ gzip damage

TEST_CASE("input: truncated gzip of a Records document") {
  const int n = 300;
  const std::string doc = RecordsDoc(n);
  const std::string gz = testing_support::Gzip(doc);
  const std::string cut = gz.substr(0, gz.size() * 6 / 10);
  for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(512)}) {
    Collected c = Read(cut, options);
    REQUIRE(c.errors.size() == 1);
    const RejectReason reason = c.errors[0].reason;
    CHECK((reason == RejectReason::kDecompression || reason == RejectReason::kTruncated));
    CHECK(c.records.size() > 50);
    CHECK(c.records.size() < static_cast<size_t>(n));
    CheckPrefix(c, c.records.size());
    // The error comes after every delivered record.
    CHECK(c.errors[0].location.record_index == c.records.size());
    CHECK(c.errors[0].location.byte_offset > c.records.back().byte_offset);
  }
}

TEST_CASE("input: truncated gzip of NDJSON gives exactly one error") {
  const int n = 300;
  const std::string gz = testing_support::Gzip(Ndjson(n));
  Collected c = Read(gz.substr(0, gz.size() * 6 / 10));
  CHECK(c.records.size() > 50);
  CHECK(c.records.size() < static_cast<size_t>(n));
  CheckPrefix(c, c.records.size());
  REQUIRE(c.errors.size() == 1);
  CHECK((c.errors[0].reason == RejectReason::kDecompression ||
         c.errors[0].reason == RejectReason::kTruncated));
}

TEST_CASE("input: truncated gzip of NDJSON keeps every complete line") {
  const int n = 300;
  const std::string text = Ndjson(n);
  const std::string gz = testing_support::Gzip(text);
  for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(512)}) {
    Collected c = Read(gz.substr(0, gz.size() / 2), options);
    CHECK(c.records.size() > 50);
    CHECK(c.records.size() < static_cast<size_t>(n));
    CheckPrefix(c, c.records.size());
    REQUIRE(!c.errors.empty());
    CHECK(c.errors.size() <= 2);
    // The damage is reported last, as a decompression error.
    CHECK(Name(c.errors.back().reason) == Name(RejectReason::kDecompression));
    for (const trailhunt::RecordError& e : c.errors) {
      CHECK(e.location.record_index >= c.records.size());
    }
  }
}

TEST_CASE("input: gzip with a corrupt byte mid-stream") {
  const int n = 300;
  SUBCASE("NDJSON") {
    std::string gz = testing_support::Gzip(Ndjson(n));
    gz[gz.size() / 2] = static_cast<char>(gz[gz.size() / 2] ^ 0xFF);
    for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(512)}) {
      Collected c = Read(gz, options);
      CheckPrefix(c, 50);  // well before the damage
      REQUIRE(!c.errors.empty());
      size_t decompression = 0;
      uint64_t max_index = 0;
      for (const trailhunt::RecordError& e : c.errors) {
        if (e.reason == RejectReason::kDecompression) ++decompression;
        max_index = std::max(max_index, e.location.record_index);
      }
      CHECK(decompression == 1);
      CHECK(Name(c.errors.back().reason) == Name(RejectReason::kDecompression));
      CHECK(c.errors.back().location.record_index == max_index);
      CHECK(c.counters.records_seen <= static_cast<uint64_t>(n) + 1);
    }
  }
  SUBCASE("Records document") {
    std::string gz = testing_support::Gzip(RecordsDoc(n));
    gz[gz.size() / 2] = static_cast<char>(gz[gz.size() / 2] ^ 0xFF);
    for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(512)}) {
      Collected c = Read(gz, options);
      CheckPrefix(c, 50);
      CHECK(!c.errors.empty());
      CHECK(c.records.size() < static_cast<size_t>(n));
    }
  }
}

TEST_CASE("input: damaged gzip header and trailer") {
  const std::string gz = testing_support::Gzip(Ndjson(5));
  SUBCASE("bad compression method byte") {
    std::string bad = gz;
    bad[2] = 7;  // only 8 (deflate) is valid
    Collected c = Read(bad);
    CHECK(c.records.empty());
    // Reported either as a decompression error or as a skipped file.
    CHECK(c.errors.size() + c.counters.files_skipped == 1);
    for (const trailhunt::RecordError& e : c.errors) {
      CHECK(Name(e.reason) == Name(RejectReason::kDecompression));
    }
  }
  SUBCASE("CRC mismatch in the trailer") {
    std::string bad = gz;
    bad[bad.size() - 6] = static_cast<char>(bad[bad.size() - 6] ^ 0x55);
    for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(64)}) {
      Collected c = Read(bad, options);
      // The data itself is intact, so the records are delivered; the bad
      // checksum is reported once.
      CheckPrefix(c, 5);
      REQUIRE(c.errors.size() == 1);
      CHECK(Name(c.errors[0].reason) == Name(RejectReason::kDecompression));
    }
  }
  SUBCASE("only the magic bytes") {
    Collected c = Read(gz.substr(0, 2));
    CHECK(c.records.empty());
    CHECK(c.errors.size() + c.counters.files_skipped == 1);
  }
  SUBCASE("garbage after the last member") {
    Collected c = Read(gz + "trailing junk that is no gzip member");
    CheckPrefix(c, 5);
    CHECK(c.records.size() == 5);
    CHECK(c.errors.size() == 1);
  }
  SUBCASE("zero padding after the last member is tolerated") {
    Collected c = Read(gz + std::string(32, '\0'));
    CheckPrefix(c, 5);
    CHECK(c.records.size() == 5);
    CHECK(c.errors.empty());
  }
}

TEST_CASE("input: gzip of empty data holds nothing and is no error") {
  const std::string empty = testing_support::Gzip("");
  REQUIRE(empty.size() >= 18);
  Collected c = Read(empty);
  CHECK(c.records.empty());
  CHECK(c.errors.empty());
  CHECK(c.counters.files_skipped == 0);

  // Empty members before and after real ones.
  const std::string text = Ndjson(3);
  for (const std::string& gz : {empty + testing_support::Gzip(text),
                                testing_support::Gzip(text) + empty,
                                empty + empty + testing_support::Gzip(text) + empty}) {
    for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(16)}) {
      Collected m = Read(gz, options);
      CHECK(m.errors.empty());
      REQUIRE(m.records.size() == 3);
      CheckPrefix(m, 3);
      CHECK(m.records[2].byte_offset == text.find(Rec(2)));
    }
  }
}

TEST_CASE("input: gzip inside gzip, up to the container nesting limit") {
  std::string data = Ndjson(4);
  trailhunt::ReadOptions options;
  options.limits.max_nesting_of_containers = 3;
  for (int layers = 1; layers <= 3; ++layers) {
    data = testing_support::Gzip(data);
    Collected c = Read(data, options);
    INFO(layers << " layers");
    CHECK(c.records.size() == 4);
    CHECK(c.counters.files_skipped == 0);
  }
  data = testing_support::Gzip(data);
  Collected c = Read(data, options);
  CHECK(c.records.empty());
  CHECK(c.counters.files_skipped == 1);
}

TEST_CASE("input: max_decompressed_bytes applies to in-memory gzip") {
  const std::string gz = testing_support::Gzip(Ndjson(200));
  trailhunt::ReadOptions options;
  options.limits.max_decompressed_bytes = 5000;
  Collected c = Read(gz, options);
  CHECK(c.records.size() < 40);
  REQUIRE(!c.errors.empty());
  CHECK(Name(c.errors.back().reason) == Name(RejectReason::kDecompression));
}

TEST_CASE("input: max_decompressed_bytes stops a streamed gzip") {
  const std::string gz = testing_support::Gzip(Ndjson(2000));
  trailhunt::ReadOptions options = Streaming(1024);
  options.limits.max_decompressed_bytes = 50000;
  Collected c = Read(gz, options);
  CHECK(c.records.size() < 400);
  CheckPrefix(c, c.records.size());
  REQUIRE(!c.errors.empty());
  CHECK(Name(c.errors.back().reason) == Name(RejectReason::kDecompression));
  CHECK(c.errors.back().message.find("limit") != std::string::npos);
}

// ------------------------------------------------------------ broken JSON

TEST_CASE("input: bad JSON inside a Records array rejects only that record") {
  const std::vector<std::string> bad = {
      R"({"eventName":"x",,"eventSource":"s"})",   // double comma
      R"({"eventName":"x" "eventSource":"s"})",    // missing comma inside
      R"({"eventName":"x","n":01})",               // leading zero
      R"({"eventName":"x","s":"\q"})",             // bad escape
  };
  for (const std::string& b : bad) {
    INFO("bad record: " << b);
    const std::string doc = R"({"Records":[)" + Rec(0) + "," + b + "," + Rec(2) + "]}";
    for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(64)}) {
      Collected c = Read(doc, options);
      REQUIRE(c.records.size() == 2);
      REQUIRE(c.errors.size() == 1);
      CheckDelivered(c, 0, Rec(0), 0, doc.find(Rec(0)));
      CheckDelivered(c, 1, Rec(2), 2, doc.find(Rec(2)));
      CheckRejected(c, 1, doc.find(b), RejectReason::kInvalidJson);
    }
  }
}

TEST_CASE("input: a malformed literal inside a record is invalid JSON") {
  const std::string bad = R"({"eventName": tru, "eventSource":"s"})";
  const std::string doc = R"({"Records":[)" + Rec(0) + "," + bad + "," + Rec(2) + "]}";
  Collected c = Read(doc);
  REQUIRE(c.records.size() == 2);
  REQUIRE(c.errors.size() == 1);
  CheckRejected(c, 1, doc.find(bad), RejectReason::kInvalidJson);
  CHECK(c.errors[0].message.find("not a JSON object") == std::string::npos);
}

TEST_CASE("input: bad NDJSON lines are rejected and reading resyncs at the next line") {
  const std::vector<std::pair<std::string, std::vector<RejectReason>>> bad = {
      {R"({"eventName":"x",,"eventSource":"s"})", {RejectReason::kInvalidJson}},
      {R"({"eventName":"unterminated)", {RejectReason::kTruncated, RejectReason::kInvalidJson}},
      {R"({"eventName":"x","a":[1,2})", {RejectReason::kTruncated, RejectReason::kInvalidJson}},
      {R"({"eventName":"x"}})", {RejectReason::kInvalidJson}},
      {"not json at all", {RejectReason::kNotAnObject, RejectReason::kInvalidJson}},
  };
  for (size_t position : {size_t{0}, size_t{1}, size_t{3}}) {
    for (const auto& entry : bad) {
      const std::string& line = entry.first;
      const auto& reasons = entry.second;
      INFO("bad line " << line << " at " << position);
      std::string text;
      std::vector<size_t> offsets;
      for (size_t i = 0; i < 5; ++i) {
        offsets.push_back(text.size());
        text += (i == position ? line : Rec(static_cast<int>(i))) + "\n";
      }
      // A first line that does not start with '{' makes the file non-JSON.
      if (position == 0 && line[0] != '{') continue;
      Collected c = Read(text);
      REQUIRE(c.records.size() == 4);
      REQUIRE(c.errors.size() == 1);
      const trailhunt::RecordError& e = c.errors[0];
      CHECK(e.location.record_index == position);
      CHECK(e.location.byte_offset == offsets[position]);
      CHECK(std::find(reasons.begin(), reasons.end(), e.reason) != reasons.end());
      size_t k = 0;
      for (size_t i = 0; i < 5; ++i) {
        if (i == position) continue;
        CheckDelivered(c, k++, Rec(static_cast<int>(i)), i, offsets[i]);
      }
    }
  }
}

TEST_CASE("input: truncated Records document") {
  const std::string r0 = Rec(0), r1 = Rec(1), r2 = Rec(2), r3 = Rec(3);
  const std::string doc = R"({"Records":[)" + r0 + "," + r1 + "," + r2 + "," + r3 + "]}";
  struct Cut {
    const char* what;
    size_t at;
    size_t delivered;
    uint64_t error_offset;
  };
  const std::vector<Cut> cuts = {
      {"inside the fourth record", doc.find(r3) + r3.size() / 2, 3, doc.find(r3)},
      {"right after a comma", doc.find(r3), 3, doc.find(r3)},
      {"after the third record", doc.find(r3) - 1, 3, doc.find(r3) - 1},
      {"after ']'", doc.size() - 1, 4, doc.size() - 1},
  };
  for (const Cut& cut : cuts) {
    INFO("cut " << cut.what);
    const std::string text = doc.substr(0, cut.at);
    for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(64)}) {
      Collected c = Read(text, options);
      CHECK(c.records.size() == cut.delivered);
      CheckPrefix(c, cut.delivered);
      REQUIRE(c.errors.size() == 1);
      CHECK(Name(c.errors[0].reason) == Name(RejectReason::kTruncated));
      CHECK(c.errors[0].location.record_index == cut.delivered);
      CHECK(c.errors[0].location.byte_offset == cut.error_offset);
    }
  }
  // Cut inside the envelope's key: nothing to deliver, one error.
  Collected k = Read(R"({"Reco)");
  CHECK(k.records.empty());
  REQUIRE(k.errors.size() == 1);
  CHECK(Name(k.errors[0].reason) == Name(RejectReason::kTruncated));
}

TEST_CASE("input: truncated document whose Records is not the first member") {
  const std::string doc =
      R"({"version":"1","Records":[)" + Rec(0) + "," + Rec(1) + "," + Rec(2) + "]}";
  Collected c = Read(doc.substr(0, doc.find(Rec(2)) + 20));
  CHECK(c.records.size() == 2);
  CHECK(c.errors.size() == 1);
}

TEST_CASE("input: non-object entries in Records") {
  const std::string r = Rec(0);
  const std::string doc = R"({"Records":[1, "x", null, )" + r + "]}";
  for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(64)}) {
    Collected c = Read(doc, options);
    REQUIRE(c.errors.size() == 3);
    REQUIRE(c.records.size() == 1);
    CheckRejected(c, 0, doc.find('1'), RejectReason::kNotAnObject);
    CheckRejected(c, 1, doc.find("\"x\""), RejectReason::kNotAnObject);
    CheckRejected(c, 2, doc.find("null"), RejectReason::kNotAnObject);
    CheckDelivered(c, 0, r, 3, doc.find(r));
  }
  // In a bare array too, with other scalars.
  const std::string arr = "[true, -2.5e3, " + r + ", false]";
  Collected a = Read(arr);
  CHECK(a.errors.size() == 3);
  REQUIRE(a.records.size() == 1);
  CheckDelivered(a, 0, r, 2, arr.find(r));
}

TEST_CASE("input: invalid UTF-8 rejects only the record holding it") {
  const std::vector<std::string> bad_bytes = {
      "\xFF",              // never valid
      "\xC0\xAF",          // overlong '/'
      "\xED\xA0\x80",      // UTF-16 surrogate encoded in UTF-8
      "\xE2\x82",          // truncated sequence
      "\xF4\x90\x80\x80",  // above U+10FFFF
  };
  for (const std::string& bytes : bad_bytes) {
    INFO("bad bytes of length " << bytes.size());
    const std::string bad = Rec(1, R"(,"userAgent":"abc)" + bytes + R"(def")");
    const std::string doc = R"({"Records":[)" + Rec(0) + "," + bad + "," + Rec(2) + "]}";
    Collected c = Read(doc);
    REQUIRE(c.records.size() == 2);
    REQUIRE(c.errors.size() == 1);
    CheckRejected(c, 1, doc.find(bad), RejectReason::kInvalidUtf8);
    CheckDelivered(c, 1, Rec(2), 2, doc.find(Rec(2)));

    const std::string lines = Rec(0) + "\n" + bad + "\n" + Rec(2) + "\n";
    Collected l = Read(lines);
    REQUIRE(l.records.size() == 2);
    CheckRejected(l, 1, Rec(0).size() + 1, RejectReason::kInvalidUtf8);
  }
  // Valid multi-byte text is fine.
  const std::string good = Rec(0, R"(,"userAgent":"caf\u00e9 café 日本 😀")");
  Collected g = Read(good);
  REQUIRE(g.records.size() == 1);
  CHECK(g.records[0].json == good);
}

// ------------------------------------------------------------ sizes and limits

TEST_CASE("input: a record with a 1 MB requestParameters string is accepted") {
  const std::string big = std::string(1 << 20, 'a');
  const std::string r = Rec(1, R"(,"requestParameters":{"policy":")" + big + "\"}");
  const std::string doc = R"({"Records":[)" + Rec(0) + "," + r + "," + Rec(2) + "]}";
  for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming()}) {
    Collected c = Read(doc, options);
    CHECK(c.errors.empty());
    REQUIRE(c.records.size() == 3);
    CheckDelivered(c, 1, r, 1, doc.find(r));
  }
  Collected g = Read(testing_support::Gzip(Rec(0) + "\n" + r + "\n"));
  CHECK(g.errors.empty());
  REQUIRE(g.records.size() == 2);
  CHECK(g.records[1].json.size() > (size_t{1} << 20));
}

TEST_CASE("input: a record over max_record_bytes is rejected as too large") {
  trailhunt::ReadOptions options;
  options.limits.max_record_bytes = 1000;
  const std::string big = Rec(1, R"(,"requestParameters":{"p":")" + std::string(2000, 'b') + "\"}");
  const std::string exact = Rec(3, R"(,"p":")" + std::string(1000 - Rec(3).size() - 7, 'c') +
                                       "\"");
  REQUIRE(exact.size() == 1000);
  SUBCASE("in Records") {
    const std::string doc =
        R"({"Records":[)" + Rec(0) + "," + big + "," + Rec(2) + "," + exact + "]}";
    Collected c = Read(doc, options);
    REQUIRE(c.records.size() == 3);
    REQUIRE(c.errors.size() == 1);
    CheckRejected(c, 1, doc.find(big), RejectReason::kTooLarge);
    CheckDelivered(c, 1, Rec(2), 2, doc.find(Rec(2)));
    CheckDelivered(c, 2, exact, 3, doc.find(exact));
  }
  SUBCASE("in NDJSON") {
    const std::string text = Rec(0) + "\n" + big + "\n" + Rec(2) + "\n";
    Collected c = Read(text, options);
    REQUIRE(c.records.size() == 2);
    CheckRejected(c, 1, Rec(0).size() + 1, RejectReason::kTooLarge);
  }
  SUBCASE("a single record") {
    Collected c = Read(big, options);
    CHECK(c.records.empty());
    REQUIRE(c.errors.size() == 1);
    CheckRejected(c, 0, 0, RejectReason::kTooLarge);
  }
  SUBCASE("in a CloudWatch message") {
    std::string escaped;
    for (char ch : big) escaped += ch == '"' ? std::string("\\\"") : std::string(1, ch);
    const std::string cwl =
        R"({"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":1,"message":")" +
        escaped + R"("}]})";
    Collected c = Read(cwl, options);
    CHECK(c.records.empty());
    REQUIRE(c.errors.size() == 1);
    CHECK(Name(c.errors[0].reason) == Name(RejectReason::kTooLarge));
  }
}

// ------------------------------------------------------------ nesting

TEST_CASE("input: nesting depth 10,000 is rejected without a crash") {
  const std::string deep = Repeat("[", 10000) + Repeat("]", 10000);
  SUBCASE("a record") {
    const std::string r = R"({"eventName":"x","a":)" + deep + "}";
    Collected c = Read(r);
    CHECK(c.records.empty());
    REQUIRE(c.errors.size() == 1);
    CHECK(Name(c.errors[0].reason) == Name(RejectReason::kTooDeep));
  }
  SUBCASE("objects in a record") {
    const std::string r =
        R"({"eventName":"x","a":)" + Repeat(R"({"a":)", 10000) + "1" + Repeat("}", 10000) + "}";
    Collected c = Read(r);
    CHECK(c.records.empty());
    REQUIRE(c.errors.size() == 1);
    CHECK(Name(c.errors[0].reason) == Name(RejectReason::kTooDeep));
  }
  SUBCASE("an object without CloudTrail keys") {
    // {"a":[[[...]]]}: no record keys, so it may be refused for that before
    // its depth is ever looked at; either way one rejection, no crash.
    Collected c = Read(R"({"a":)" + deep + "}");
    CHECK(c.records.empty());
    REQUIRE(c.errors.size() == 1);
    CHECK((c.errors[0].reason == RejectReason::kTooDeep ||
           c.errors[0].reason == RejectReason::kNotCloudTrail));
  }
  SUBCASE("inside a Records element") {
    const std::string bad = R"({"eventName":"x","a":)" + deep + "}";
    const std::string doc = R"({"Records":[)" + Rec(0) + "," + bad + "," + Rec(2) + "]}";
    for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(64)}) {
      Collected c = Read(doc, options);
      REQUIRE(c.records.size() == 2);
      REQUIRE(c.errors.size() == 1);
      CheckRejected(c, 1, doc.find(bad), RejectReason::kTooDeep);
      CheckDelivered(c, 1, Rec(2), 2, doc.find(Rec(2)));
    }
  }
  SUBCASE("NDJSON line") {
    const std::string text = Rec(0) + "\n" + R"({"eventName":"x","a":)" + deep + "}\n" + Rec(2);
    Collected c = Read(text);
    CHECK(c.records.size() == 2);
    REQUIRE(c.errors.size() == 1);
    CHECK(Name(c.errors[0].reason) == Name(RejectReason::kTooDeep));
  }
}

// These recursed once per level in the framer and overflowed the stack at
// about 100,000 levels (fixed in lib/input/framer.cc: HandleUnit is bounded
// by Limits::max_depth).
TEST_CASE("input: deeply nested arrays and envelopes do not overflow the stack") {
  const size_t n = 200000;
  const std::vector<std::pair<const char*, std::string>> inputs = {
      {"bare arrays", Repeat("[", n) + Repeat("]", n)},
      {"arrays around a record", Repeat("[", n) + Rec(0) + Repeat("]", n)},
      {"arrays in Records", R"({"Records":[)" + Repeat("[", n) + Repeat("]", n) + "]}"},
      {"Records in Records", Repeat(R"({"Records":[)", n) + Repeat("]}", n)},
      {"Records not first, nested", Repeat(R"({"v":1,"Records":[)", n) + Repeat("]}", n)},
      {"HEC events", Repeat(R"({"time":1,"event":)", n) + Rec(0) + Repeat("}", n)},
      {"lookup Events", Repeat(R"({"Events":[)", n) + Repeat("]}", n)},
  };
  for (const auto& entry : inputs) {
    const auto& what = entry.first;
    const auto& text = entry.second;
    INFO(what);
    Collected c = Read(text);
    CHECK(c.records.empty());
    REQUIRE(c.errors.size() == 1);
    CHECK(Name(c.errors[0].reason) == Name(RejectReason::kTooDeep));
  }
  // Moderate nesting of envelopes still works.
  const std::string hec = Repeat(R"({"time":1,"event":)", 20) + Rec(0) + Repeat("}", 20);
  Collected h = Read(hec);
  CHECK(h.errors.empty());
  REQUIRE(h.records.size() == 1);
  CHECK(h.records[0].json == Rec(0));
  CHECK(h.records[0].envelope == Envelope::kSplunkHec);
  CHECK(h.records[0].byte_offset == hec.find(Rec(0)));
}

TEST_CASE("input: max_depth is honoured for records") {
  trailhunt::ReadOptions options;
  options.limits.max_depth = 8;
  const std::string shallow = R"({"eventName":"x","a":[[[1]]]})";
  const std::string deep = R"({"eventName":"x","a":[[[[[[[[[[1]]]]]]]]]]})";
  Collected c = Read(shallow + "\n" + deep + "\n", options);
  REQUIRE(c.records.size() == 1);
  CHECK(c.records[0].json == shallow);
  CheckRejected(c, 1, shallow.size() + 1, RejectReason::kTooDeep);
}

// ------------------------------------------------------------ odd values

TEST_CASE("input: numbers beyond int64 and double are accepted") {
  const std::string r = Rec(0,
                            R"(,"n":1e400,"m":1234567890123456789012345678901234567890,)"
                            R"("neg":-1e400,"tiny":1e-400,"u":18446744073709551616,)"
                            R"("arr":[1e400,-99999999999999999999999999999999999999999])");
  const std::string doc = R"({"Records":[)" + r + "," + Rec(1) + "]}";
  Collected c = Read(doc);
  CHECK(c.errors.empty());
  REQUIRE(c.records.size() == 2);
  CHECK(c.records[0].json == r);
  CHECK(c.records[0].time_ns == RecTime(0));

  // Out-of-range transport times give no time, not garbage.
  const std::string hec = R"({"time":1e400,"event":{"eventName":"x"}})";
  const std::string cwl =
      R"({"messageType":"DATA_MESSAGE","logEvents":[{"id":"1","timestamp":1e30,)"
      R"("message":"{\"eventName\":\"y\"}"}]})";
  Collected t = Read(hec + "\n" + cwl + "\n");
  CHECK(t.errors.empty());
  REQUIRE(t.records.size() == 2);
  CHECK(t.records[0].time_origin == TimeOrigin::kNone);
  CHECK(t.records[0].time_ns == trailhunt::kNoTime);
  CHECK(t.records[1].time_origin == TimeOrigin::kNone);
  CHECK(t.records[1].time_ns == trailhunt::kNoTime);
}

TEST_CASE("input: JSON objects with no CloudTrail keys are not CloudTrail") {
  const std::string text = Rec(0) + "\n" + R"({"foo":1,"bar":{"eventName":"nested"}})" + "\n" +
                           "{}\n" + Rec(3) + "\n";
  Collected c = Read(text);
  REQUIRE(c.records.size() == 2);
  REQUIRE(c.errors.size() == 2);
  CheckRejected(c, 1, Rec(0).size() + 1, RejectReason::kNotCloudTrail);
  CheckRejected(c, 2, text.find("{}"), RejectReason::kNotCloudTrail);
  CheckDelivered(c, 1, Rec(3), 3, text.find(Rec(3)));
}

TEST_CASE("input: garbage between records") {
  SUBCASE("on its own line") {
    const std::string text = Rec(0) + "\nxyz\n" + Rec(1) + "\n";
    Collected c = Read(text);
    REQUIRE(c.records.size() == 2);
    REQUIRE(c.errors.size() == 1);
    CHECK(c.errors[0].location.record_index == 1);
    CHECK(c.errors[0].location.byte_offset == text.find("xyz"));
    CheckDelivered(c, 1, Rec(1), 2, text.find(Rec(1)));
  }
  SUBCASE("between values on one line") {
    const std::string text = Rec(0) + " xyz " + Rec(1);
    Collected c = Read(text);
    REQUIRE(!c.records.empty());
    CheckDelivered(c, 0, Rec(0), 0, 0);
    REQUIRE(c.errors.size() == 1);
    CHECK(c.errors[0].location.record_index == 1);
    CHECK(c.errors[0].location.byte_offset == text.find("xyz"));
  }
  SUBCASE("inside a Records array") {
    const std::string doc = R"({"Records":[)" + Rec(0) + ", xyz, " + Rec(2) + "]}";
    Collected c = Read(doc);
    REQUIRE(c.records.size() == 2);
    REQUIRE(c.errors.size() == 1);
    CHECK(c.errors[0].location.byte_offset == doc.find("xyz"));
    CheckDelivered(c, 1, Rec(2), 2, doc.find(Rec(2)));
  }
}

TEST_CASE("input: missing comma between Records elements") {
  const std::string r0 = Rec(0), r1 = Rec(1), r2 = Rec(2);
  const std::vector<std::string> docs = {
      R"({"Records":[)" + r0 + " " + r1 + "," + r2 + "]}",
      R"({"v":1,"Records":[)" + r0 + "\n" + r1 + "," + r2 + "]}",
  };
  for (const std::string& doc : docs) {
    for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(64)}) {
      Collected c = Read(doc, options);
      REQUIRE(c.records.size() == 1);
      CheckDelivered(c, 0, r0, 0, doc.find(r0));
      REQUIRE(c.errors.size() == 1);
      CHECK(Name(c.errors[0].reason) == Name(RejectReason::kDamaged));
      CHECK(c.errors[0].location.record_index == 1);
      CHECK(c.errors[0].location.byte_offset == doc.find(r1));
    }
  }
}

TEST_CASE("input: a mismatched bracket costs only its own record") {
  const std::string bad = R"({"eventName":"x","a":[1,2})";
  const std::string doc =
      R"({"Records":[)" + Rec(0) + "," + bad + "," + Rec(2) + "," + Rec(3) + "]}";
  Collected c = Read(doc);
  CHECK(c.records.size() == 3);
  CHECK(c.errors.size() == 1);
}

TEST_CASE("input: duplicate keys are valid JSON and kept verbatim") {
  const std::string r =
      R"({"eventName":"A","eventName":"B","eventSource":"s3.amazonaws.com",)"
      R"("eventTime":"2024-01-15T10:00:01Z","eventTime":"2024-01-15T10:00:02Z"})";
  Collected c = Read(r);
  CHECK(c.errors.empty());
  REQUIRE(c.records.size() == 1);
  CHECK(c.records[0].json == r);
  CHECK(c.records[0].time_origin == TimeOrigin::kEventTime);
  CHECK((c.records[0].time_ns == kT0 + kSecond || c.records[0].time_ns == kT0 + 2 * kSecond));
}

TEST_CASE("input: byte order marks") {
  const std::string bom = "\xEF\xBB\xBF";
  SUBCASE("single record") {
    Collected c = Read(bom + Rec(0));
    REQUIRE(c.records.size() == 1);
    CheckDelivered(c, 0, Rec(0), 0, 3);
    CHECK(c.errors.empty());
  }
  SUBCASE("NDJSON, also before a later line") {
    const std::string text = bom + Rec(0) + "\n" + Rec(1) + "\n" + bom + Rec(2) + "\n";
    Collected c = Read(text);
    CHECK(c.errors.empty());
    REQUIRE(c.records.size() == 3);
    CheckDelivered(c, 0, Rec(0), 0, 3);
    CheckDelivered(c, 2, Rec(2), 2, text.rfind(Rec(2)));
    CHECK(c.records[0].envelope == Envelope::kNdjson);
  }
  SUBCASE("Records document, plain and gzip") {
    const std::string doc = bom + RecordsDoc(3);
    for (const std::string& bytes : {doc, testing_support::Gzip(doc)}) {
      Collected c = Read(bytes);
      CHECK(c.errors.empty());
      REQUIRE(c.records.size() == 3);
      CheckDelivered(c, 1, Rec(1), 1, doc.find(Rec(1)));
    }
  }
}

TEST_CASE("input: NUL bytes") {
  SUBCASE("a line of NULs between records") {
    const std::string text = Rec(0) + "\n" + std::string(3, '\0') + "\n" + Rec(2) + "\n";
    Collected c = Read(text);
    REQUIRE(c.records.size() == 2);
    REQUIRE(c.errors.size() == 1);
    CHECK(c.errors[0].location.record_index == 1);
    CHECK(c.errors[0].location.byte_offset == Rec(0).size() + 1);
    CheckDelivered(c, 1, Rec(2), 2, text.find(Rec(2)));
  }
  SUBCASE("a raw NUL inside a string") {
    const std::string bad = Rec(1, std::string(",\"x\":\"a\0b\"", 10));
    const std::string doc = R"({"Records":[)" + Rec(0) + "," + bad + "," + Rec(2) + "]}";
    Collected c = Read(doc);
    REQUIRE(c.records.size() == 2);
    REQUIRE(c.errors.size() == 1);
    CheckRejected(c, 1, doc.find(bad), RejectReason::kInvalidJson);
  }
  SUBCASE("NUL padding after a record") {
    Collected c = Read(Rec(0) + std::string(16, '\0'));
    REQUIRE(c.records.size() == 1);
    CHECK(c.records[0].json == Rec(0));
    CHECK(c.errors.size() == 1);
  }
  SUBCASE("a file of NULs") {
    Collected c = Read(std::string(1000, '\0'));
    CHECK(c.records.empty());
    CHECK(c.errors.empty());
    CHECK(c.counters.files_skipped == 1);
  }
}

// ------------------------------------------------------------ broken envelopes

TEST_CASE("input: broken CloudWatch and Lambda envelopes") {
  SUBCASE("awslogs.data is not base64") {
    Collected c = Read(R"({"awslogs":{"data":"not base64 !!!"}})");
    CHECK(c.records.empty());
    REQUIRE(c.errors.size() == 1);
    CHECK(Name(c.errors[0].reason) == Name(RejectReason::kNotCloudTrail));
  }
  SUBCASE("awslogs.data holds truncated gzip") {
    const std::string gz = testing_support::Gzip(Repeat(Rec(0), 50));
    std::string b64;
    {
      static constexpr char kA[] =
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
      const std::string half = gz.substr(0, gz.size() / 2 / 3 * 3);
      for (size_t i = 0; i + 3 <= half.size(); i += 3) {
        const uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(half[i])) << 16 |
                           static_cast<uint32_t>(static_cast<unsigned char>(half[i + 1])) << 8 |
                           static_cast<unsigned char>(half[i + 2]);
        for (int s = 18; s >= 0; s -= 6) b64.push_back(kA[(v >> s) & 63]);
      }
    }
    Collected c = Read(R"({"awslogs":{"data":")" + b64 + R"("}})");
    CHECK(c.records.empty());
    REQUIRE(c.errors.size() == 1);
    CHECK(Name(c.errors[0].reason) == Name(RejectReason::kDecompression));
  }
  SUBCASE("messages that hold no record") {
    const std::string cwl =
        R"({"messageType":"DATA_MESSAGE","logEvents":[)"
        R"({"id":"1","timestamp":1705312800000,"message":""},)"
        R"({"id":"2","timestamp":1705312800000,"message":"plain text, not JSON"},)"
        R"({"id":"3","timestamp":1705312800000,"message":"{\"eventName\":\"ok\"}"},)"
        R"({"id":"4","timestamp":1705312800000,"message":"{\"eventName\":\"bad\\q\"}"},)"
        R"({"id":"5","timestamp":1705312800000},)"
        R"(42]})";
    Collected c = Read(cwl);
    REQUIRE(c.records.size() == 1);
    CHECK(c.records[0].json == R"({"eventName":"ok"})");
    CHECK(c.records[0].record_index == 2);
    CHECK(c.records[0].byte_offset == cwl.find(R"({"id":"3")"));
    CHECK(c.records[0].time_origin == TimeOrigin::kCloudWatchTimestamp);
    CHECK(c.errors.size() == 5);
    CHECK(c.counters.records_seen == 6);
  }
  SUBCASE("logEvents is not an array") {
    Collected c = Read(R"({"messageType":"DATA_MESSAGE","logEvents":{"id":"1"}})");
    CHECK(c.records.empty());
    REQUIRE(c.errors.size() == 1);
    CHECK(Name(c.errors[0].reason) == Name(RejectReason::kNotCloudTrail));
  }
  SUBCASE("EventBridge detail is not an object") {
    Collected c = Read(R"({"detail-type":"AWS API Call via CloudTrail","detail":"x"})");
    CHECK(c.records.empty());
    REQUIRE(c.errors.size() == 1);
    CHECK(Name(c.errors[0].reason) == Name(RejectReason::kNotAnObject));
  }
  SUBCASE("HEC event string with bad escapes") {
    Collected c = Read(R"({"time":1,"event":"{\"eventName\":\"x\"}\u12"})");
    CHECK(c.records.empty());
    REQUIRE(c.errors.size() == 1);
  }
}

TEST_CASE("input: truncated and damaged archives do not crash") {
  // A tar made by hand: one member header (ustar) with a JSON body.
  const std::string body = Ndjson(3);
  std::string header(512, '\0');
  auto put = [&](size_t at, std::string_view s) { header.replace(at, s.size(), s); };
  put(0, "logs.json");
  put(100, "0000644");
  put(108, "0000000");
  put(116, "0000000");
  char size[12];
  std::snprintf(size, sizeof size, "%011o", static_cast<unsigned>(body.size()));
  put(124, std::string(size, 11));
  put(136, "00000000000");
  put(156, "0");
  put(257, std::string("ustar\0", 6));
  put(263, "00");
  put(148, "        ");
  unsigned sum = 0;
  for (char ch : header) sum += static_cast<unsigned char>(ch);
  char chk[8];
  std::snprintf(chk, sizeof chk, "%06o", sum);
  put(148, std::string(chk, 6));
  header[154] = '\0';
  header[155] = ' ';
  std::string tar = header + body + std::string(512 - body.size() % 512, '\0') +
                    std::string(1024, '\0');
  Collected whole = Read(tar);
  REQUIRE(whole.records.size() == 3);
  CHECK(whole.records[0].source == "mem:logs.json");

  for (size_t cut : {size_t{300}, size_t{512}, size_t{600}, tar.size() - 1024}) {
    INFO("tar cut at " << cut);
    Collected c = Read(tar.substr(0, cut));
    CHECK(c.records.size() <= 3);
    CheckPrefix(c, c.records.size());
  }
  std::string damaged = tar;
  damaged[150] = 'x';  // checksum
  Collected d = Read(damaged);
  CHECK(d.records.empty());
  CHECK(d.counters.files_skipped >= 1);
}

// ------------------------------------------------------------ streaming

namespace {

// Mixed, awkward content: escapes that may straddle chunk boundaries,
// multi-byte UTF-8, and a share of bad records of every kind.
std::string NastyRecord(Lcg& rng, int i) {
  std::string s;
  const uint32_t len = rng.Below(400);
  for (uint32_t k = 0; k < len; ++k) {
    switch (rng.Below(12)) {
      case 0: s += "\\\""; break;
      case 1: s += "\\\\"; break;
      case 2: s += "\\n"; break;
      case 3: s += "\\u00e9"; break;
      case 4: s += "\xC3\xA9"; break;
      case 5: s += "{["; break;
      case 6: s += "]}"; break;
      default: s.push_back(static_cast<char>('a' + rng.Below(26)));
    }
  }
  switch (rng.Below(40)) {
    case 0: return R"({"eventName":"bad",,"x":1})";
    case 1: return Rec(i, ",\"ua\":\"\xFF\"");
    case 2: return R"({"nothing":"cloudtrail"})";
    case 3: return Rec(i, R"(,"v":tru)");
    default: return Rec(i, R"(,"userAgent":")" + s + "\"");
  }
}

}  // namespace

TEST_CASE("input: streaming path equals the in-memory path") {
  Lcg rng(20240115);
  std::string ndjson, doc = "{\"Records\": [\n";
  // About 6 MB, so the 4 MiB stream chunks split records, strings and
  // escapes at arbitrary places.
  for (int i = 0; ndjson.size() < (size_t{6} << 20); ++i) {
    const std::string r = NastyRecord(rng, i);
    ndjson += r + (rng.Below(7) == 0 ? "\r\n" : "\n");
    if (rng.Below(50) == 0) ndjson += "\n";
    doc += (i ? ",\n  " : "  ") + (rng.Below(60) == 0 ? std::string("17") : r);
  }
  doc += "\n]}\n";
  trailhunt::ReadOptions memory;
  trailhunt::ReadOptions streaming = Streaming(4096);

  SUBCASE("NDJSON") {
    Collected a = Read(ndjson, memory);
    Collected b = Read(ndjson, streaming);
    CHECK(a.records.size() > 10000);
    CHECK(a.errors.size() > 100);
    CheckSame(a, b);
  }
  SUBCASE("Records document") {
    Collected a = Read(doc, memory);
    Collected b = Read(doc, streaming);
    CHECK(a.records.size() > 10000);
    CHECK(a.errors.size() > 100);
    CheckSame(a, b);
  }
  SUBCASE("gzip") {
    for (const std::string* text : {&ndjson, &doc}) {
      const std::string gz = testing_support::Gzip(*text);
      Collected plain = Read(*text, memory);
      Collected a = Read(gz, memory);
      Collected b = Read(gz, streaming);
      CheckSame(plain, a);
      CheckSame(a, b);
    }
  }
  SUBCASE("files") {
    TempDir dir;
    const std::string nd_path = WriteTemp(dir, "big.ndjson", ndjson);
    const std::string gz_path = WriteTemp(dir, "big.json.gz", testing_support::Gzip(doc));
    Collected n = testing_support::ReadAny(trailhunt::FileSource(nd_path), streaming);
    CheckInvariants(n);
    CHECK(n.status.empty());
    CheckSame(Read(ndjson, memory), n);
    Collected f = testing_support::ReadAny(trailhunt::FileSource(gz_path), streaming);
    CheckInvariants(f);
    CheckSame(Read(doc, memory), f);
  }
}

TEST_CASE("input: streaming a record larger than max_record_bytes and the stream chunk") {
  trailhunt::ReadOptions memory;
  memory.limits.max_record_bytes = size_t{1} << 20;
  trailhunt::ReadOptions streaming = memory;
  streaming.limits.max_in_memory_bytes = 4096;
  const std::string huge = Rec(1, R"(,"p":")" + std::string(size_t{5} << 20, 'h') + "\"");
  const std::string doc = R"({"Records":[)" + Rec(0) + "," + huge + "," + Rec(2) + "]}";
  const std::string ndjson = Rec(0) + "\n" + huge + "\n" + Rec(2) + "\n";
  for (const std::string* text : {&doc, &ndjson}) {
    Collected a = Read(*text, memory);
    Collected b = Read(*text, streaming);
    REQUIRE(a.records.size() == 2);
    REQUIRE(a.errors.size() == 1);
    CheckRejected(a, 1, text->find(huge), RejectReason::kTooLarge);
    CheckDelivered(a, 1, Rec(2), 2, text->find(Rec(2)));
    CheckSame(a, b);
  }
}

TEST_CASE("input: random damage never breaks the invariants") {
  Lcg rng(7);
  std::string ndjson, doc = "{\"Records\":[";
  for (int i = 0; i < 60; ++i) {
    const std::string r = NastyRecord(rng, i);
    ndjson += r + "\n";
    doc += (i ? "," : "") + r;
  }
  doc += "]}";
  const std::vector<std::string> bases = {ndjson, doc, testing_support::Gzip(ndjson),
                                          testing_support::Gzip(doc)};
  int reads = 0;
  for (const std::string& base : bases) {
    for (int round = 0; round < 60; ++round) {
      std::string m = base;
      const uint32_t edits = 1 + rng.Below(4);
      for (uint32_t e = 0; e < edits; ++e) {
        const size_t at = rng.Below(static_cast<uint32_t>(m.size()));
        switch (rng.Below(4)) {
          case 0: m[at] = static_cast<char>(rng.Below(256)); break;
          case 1: m.erase(at, 1 + rng.Below(20)); break;
          case 2: m.insert(at, 1, "{}[],\"\\\n"[rng.Below(8)]); break;
          default: m.resize(at); break;
        }
        if (m.empty()) break;
      }
      for (const trailhunt::ReadOptions& options : {trailhunt::ReadOptions{}, Streaming(256)}) {
        Collected c = Read(m, options);
        ++reads;
        CHECK(c.status.empty());
        CHECK(c.counters.records_seen <= 2 * m.size() + 1);
      }
    }
  }
  CHECK(reads == 480);
}

}  // TEST_SUITE("input")
