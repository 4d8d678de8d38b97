// Framing edge cases found in review: each must give the same records from
// memory and from a file, and lose nothing.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "test_data.h"
#include "trailhunt/input.h"

namespace {

using testing_support::Collected;

std::string Rec(const std::string& name) {
  return R"({"eventVersion":"1.08","eventName":")" + name +
         R"(","eventTime":"2024-01-15T10:00:00Z"})";
}

// Reads `bytes` from memory and from a file; both must agree.
Collected ReadBoth(const std::string& bytes, const trailhunt::ReadOptions& options = {}) {
  Collected memory = testing_support::ReadBytes(bytes, options);
  const std::string dir = testing_support::MakeTempDir();
  REQUIRE_FALSE(dir.empty());
  const std::string path = dir + "/input.json";
  std::ofstream(path, std::ios::binary) << bytes;
  Collected file = testing_support::ReadAny(trailhunt::FileSource(path), options);
  CHECK(file.counters.records_delivered == memory.counters.records_delivered);
  CHECK(file.counters.records_rejected == memory.counters.records_rejected);
  std::remove(path.c_str());
  std::remove(dir.c_str());
  return memory;
}

}  // namespace

TEST_CASE("input: a Records document with one record a line is not NDJSON") {
  Collected c = ReadBoth("{\"Records\":[\n" + Rec("A") + ",\n" + Rec("B") + "\n]}\n");
  REQUIRE(c.records.size() == 2);
  CHECK(c.errors.empty());
  CHECK(c.records[0].envelope == trailhunt::Envelope::kS3Records);
}

TEST_CASE("input: a trailing comma in an array loses nothing") {
  Collected records = ReadBoth("{\"Records\":[" + Rec("A") + ",]}{\"Records\":[" + Rec("B") + "]}");
  CHECK(records.records.size() == 2);
  CHECK(records.errors.empty());
  Collected bare = ReadBoth("[" + Rec("A") + ",]");
  CHECK(bare.records.size() == 1);
  CHECK(bare.errors.empty());
  Collected inner = ReadBoth("{\"x\":1,\"Records\":[" + Rec("A") + ",]}");
  CHECK(inner.records.size() == 1);
  CHECK(inner.errors.empty());
}

TEST_CASE("input: an array of documents larger than max_record_bytes keeps every record") {
  // What `jq -s .` makes of several S3 files: each element is an envelope,
  // only the records inside are held to max_record_bytes.
  std::string doc1 = "{\"Records\":[", doc2 = "{\"Records\":[";
  for (int i = 0; i < 40; ++i) {
    doc1 += (i ? "," : "") + Rec("A" + std::to_string(i));
    doc2 += (i ? "," : "") + Rec("B" + std::to_string(i));
  }
  doc1 += "]}";
  doc2 += "]}";
  trailhunt::ReadOptions options;
  options.limits.max_record_bytes = 512;
  REQUIRE(doc1.size() > options.limits.max_record_bytes);
  Collected c = ReadBoth("[" + doc1 + "," + doc2 + "]", options);
  CHECK(c.records.size() == 80);
  CHECK(c.errors.empty());
}
