#include "test_data.h"

#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <map>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace testing_support {
namespace {

class Collector : public trailhunt::RecordSink {
 public:
  explicit Collector(Collected& out) : out_(out) {}
  void OnRecord(const trailhunt::Record& r) override {
    for (size_t k = 0; k < trailhunt::kJsonPadding; ++k) {
      out_.padding_checksum += static_cast<unsigned char>(r.json.data()[r.json.size() + k]);
    }
    CollectedRecord c;
    c.json = std::string(r.json);
    c.source = std::string(r.location.source);
    c.record_index = r.location.record_index;
    c.byte_offset = r.location.byte_offset;
    c.envelope = r.envelope;
    c.time_origin = r.time_origin;
    c.time_ns = r.time_ns;
    out_.records.push_back(std::move(c));
  }
  void OnError(const trailhunt::RecordError& e) override {
    out_.error_sources.emplace_back(e.location.source);
    trailhunt::RecordError copy = e;
    copy.location.source = {};
    out_.errors.push_back(std::move(copy));
  }
  void OnSkipped(std::string_view source, std::string_view why) override {
    out_.skipped.emplace_back(std::string(source), std::string(why));
  }

 private:
  Collected& out_;
};

}  // namespace

std::string TwoDigits(int v) {
  return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
}

std::string Rec(int i, std::string_view extra) {
  return R"({"eventVersion":"1.08","eventTime":"2024-01-15T10:00:)" + TwoDigits(i % 60) +
         R"(Z","eventSource":"ec2.amazonaws.com","eventName":"DescribeInstances",)"
         R"("awsRegion":"us-east-1","eventID":"id-)" +
         std::to_string(i) + "\"" + std::string(extra) + "}";
}

int64_t RecTime(int i) { return kT0 + (i % 60) * kSecond; }

Collected ReadAny(const trailhunt::Source& source, const trailhunt::ReadOptions& options) {
  Collected out;
  Collector sink(out);
  absl::Status st = trailhunt::ReadSource(source, options, sink, out.counters);
  if (!st.ok()) out.status = std::string(st.message());
  CheckInvariants(out);
  return out;
}

void CheckInvariants(const Collected& c) {
  const trailhunt::InputCounters& k = c.counters;
  CHECK(k.Reconciles());
  CHECK(k.records_delivered == c.records.size());
  CHECK(k.records_rejected == c.errors.size());
  CHECK(k.records_seen == c.records.size() + c.errors.size());
  uint64_t by_envelope = 0;
  for (uint64_t n : k.by_envelope) by_envelope += n;
  CHECK(by_envelope == k.records_delivered);
  REQUIRE(c.error_sources.size() == c.errors.size());
  std::map<std::string, std::vector<uint64_t>> indices;
  std::map<std::string, uint64_t> last_record_index;
  for (const CollectedRecord& r : c.records) {
    indices[r.source].push_back(r.record_index);
    auto it = last_record_index.find(r.source);
    if (it != last_record_index.end()) CHECK(r.record_index > it->second);
    last_record_index[r.source] = r.record_index;
    REQUIRE(!r.json.empty());
    CHECK(r.json.front() == '{');
    CHECK(r.json.back() == '}');
  }
  for (size_t i = 0; i < c.errors.size(); ++i) {
    indices[c.error_sources[i]].push_back(c.errors[i].location.record_index);
    CHECK(!c.errors[i].message.empty());
  }
  // Named, not structured, bindings: clang 14 cannot capture the latter in
  // the lambdas that INFO() builds.
  for (auto& entry : indices) {
    const std::string& source = entry.first;
    auto& list = entry.second;
    INFO("source " << source);
    std::sort(list.begin(), list.end());
    bool dense = true;
    for (size_t i = 0; i < list.size(); ++i) dense = dense && list[i] == i;
    CHECK(dense);
  }
}

Collected ReadBytes(std::string_view bytes, const trailhunt::ReadOptions& options,
                    const std::string& name) {
  return ReadAny(trailhunt::MemorySource(name, bytes), options);
}

std::string Gzip(std::string_view data) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string MakeTempDir() {
  std::string tmpl = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") +
                     "/trailhunt-test-XXXXXX";
  char* dir = mkdtemp(tmpl.data());
  return dir ? std::string(dir) : std::string();
}

}  // namespace testing_support
