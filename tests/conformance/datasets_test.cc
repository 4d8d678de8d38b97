// Every CloudTrail dataset in ../shared/data reads with the counts its README
// states; every envelope example gives what the foundation issue says.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "trailhunt/event.h"
#include "trailhunt/input.h"

namespace {

const std::string kShared = TRAILHUNT_SHARED_DIR;

struct Result {
  trailhunt::InputCounters counters;
  std::vector<trailhunt::Event> events;
  std::vector<std::string> error_reasons;
  std::vector<std::string> skipped;
  std::map<std::string, std::vector<trailhunt::Event>> by_source;
};

class Sink : public trailhunt::RecordSink {
 public:
  explicit Sink(Result& r) : r_(r) {}
  void OnRecord(const trailhunt::Record& record) override {
    auto e = trailhunt::Event::FromRecord(record);
    REQUIRE(e.ok());
    r_.by_source[std::string(record.location.source)].push_back(*e);
    r_.events.push_back(*std::move(e));
  }
  void OnError(const trailhunt::RecordError& e) override {
    r_.error_reasons.push_back(std::string(trailhunt::RejectReasonName(e.reason)) + ": " + e.message);
  }
  void OnSkipped(std::string_view source, std::string_view) override {
    r_.skipped.emplace_back(source);
  }

 private:
  Result& r_;
};

Result Read(const std::string& relative) {
  Result r;
  auto sources = trailhunt::ExpandPaths({kShared + "/" + relative});
  REQUIRE(sources.ok());
  Sink sink(r);
  for (const auto& s : *sources) {
    CHECK(trailhunt::ReadSource(s, {}, sink, r.counters).ok());
  }
  CHECK(r.counters.Reconciles());
  return r;
}

std::map<std::string, int> CountBy(const std::vector<trailhunt::Event>& events, const char* path) {
  std::map<std::string, int> out;
  for (const auto& e : events) ++out[e.Get(path).ToDisplayString()];
  return out;
}

}  // namespace

TEST_CASE("conformance: AWS user guide examples") {
  Result r = Read("data/aws-cloudtrail-user-guide-examples/examples");
  CHECK(r.counters.records_delivered == 25);
  CHECK(r.counters.records_rejected == 0);
  CHECK(r.counters.lake_rows_skipped > 0);  // query-lake-examples: rows, not records
  auto versions = CountBy(r.events, "eventVersion");
  CHECK(versions["1.0"] == 5);
  CHECK(versions["1.04"] == 1);
  CHECK(versions["1.05"] == 12);
  CHECK(versions["1.07"] == 5);
  CHECK(versions["1.08"] == 2);
  auto names = CountBy(r.events, "eventName");
  CHECK(names["ConsoleLogin"] == 7);
  auto mfa = CountBy(r.events, "additionalEventData.MFAUsed");
  CHECK(mfa["No"] == 4);
  CHECK(mfa["Yes"] == 2);
  CHECK(mfa["YES"] == 1);
  CHECK(CountBy(r.events, "eventType")["AwsCloudTrailInsight"] == 5);
}

TEST_CASE("conformance: AWS doc snippets that are not strict JSON are rejected with reasons") {
  Result r = Read("data/aws-cloudtrail-user-guide-examples/doc-snippets-not-strict-json");
  CHECK(r.counters.records_rejected >= 4);
  CHECK(r.skipped.empty());
  for (const auto& reason : r.error_reasons) CHECK_FALSE(reason.empty());
}

TEST_CASE("conformance: Stratus Red Team detonations") {
  Result r = Read("data/stratus-red-team-detonations");
  CHECK(r.counters.records_delivered == 310);
  CHECK(r.counters.records_rejected == 0);
  CHECK(r.counters.by_envelope[static_cast<int>(trailhunt::Envelope::kJsonArray)] == 310);
  CHECK(r.counters.files_skipped == 1);  // README.md
  auto versions = CountBy(r.events, "eventVersion");
  CHECK(versions["1.08"] == 166);
  CHECK(versions["1.09"] == 137);
  CHECK(versions["1.10"] == 7);
  auto errors = CountBy(r.events, "errorCode");
  CHECK(errors["Client.UnauthorizedOperation"] == 46);
  CHECK(errors["AccessDenied"] == 5);
  CHECK(errors["EntityTemporarilyUnmodifiableException"] == 1);
  auto types = CountBy(r.events, "userIdentity.type");
  CHECK(types["IAMUser"] == 241);
  CHECK(types["AssumedRole"] == 68);
  CHECK(types["FederatedUser"] == 1);
  CHECK(CountBy(r.events, "eventName")["DescribeInstanceInformation"] == 112);
  // Scrambled addresses and regions stay strings.
  auto ips = CountBy(r.events, "sourceIPAddress");
  CHECK(ips.count("035.249.253.232") == 1);
}

TEST_CASE("conformance: OTRF Security-Datasets (zip, NDJSON, @timestamp)") {
  Result r = Read("data/otrf-security-datasets-aws");
  CHECK(r.counters.records_delivered == 103);
  CHECK(r.counters.records_rejected == 0);
  bool csv_skipped = false;
  for (const auto& s : r.skipped) csv_skipped |= s.find("AWS_S3_HoneyBucketLogs.csv") != std::string::npos;
  CHECK(csv_skipped);
  for (const auto& e : r.events) {
    CHECK(e.time_origin() == trailhunt::TimeOrigin::kAtTimestamp);
    CHECK(e.time_ns() != trailhunt::kNoTime);
  }
  auto names = CountBy(r.events, "eventName");
  CHECK(names["DescribeInstances"] == 11);
  CHECK(names["ListObjects"] == 7);
  CHECK(names["AssumeRole"] == 5);
}

TEST_CASE("conformance: trailscraper fixtures, gzip and plain give the same records") {
  Result r = Read("data/trailscraper-fixtures");
  CHECK(r.counters.records_delivered == 7);
  CHECK(r.counters.records_rejected == 0);
  const std::string base = kShared + "/data/trailscraper-fixtures/"
                           "111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json";
  const auto& plain = r.by_source[base];
  const auto& gz = r.by_source[base + ".gz"];
  REQUIRE(plain.size() == 2);
  REQUIRE(gz.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    CHECK(plain[i].Get("eventID") == gz[i].Get("eventID"));
    CHECK(plain[i].record_index() == gz[i].record_index());
  }
}

TEST_CASE("conformance: OCSF records map to the same fields as their raw siblings") {
  Result r = Read("data/ocsf-examples-cloudtrail");
  CHECK(r.counters.records_rejected == 2);  // the two v1.5.0 files with trailing commas
  int compared = 0;
  for (const char* version : {"ocsf-v1.0.0-rc.2", "ocsf-v1.1.0", "ocsf-v1.5.0"}) {
    for (const char* kind : {"account_change", "authentication", "generic_api_activity"}) {
      const std::string dir = kShared + "/data/ocsf-examples-cloudtrail/" + version + "/";
      const auto& raw = r.by_source[dir + kind + ".raw"];
      const auto& ocsf = r.by_source[dir + kind + ".ocsf"];
      REQUIRE(raw.size() == 1);
      if (ocsf.empty()) continue;  // invalid JSON as published
      CAPTURE(version);
      CAPTURE(kind);
      CHECK(ocsf[0].envelope() == trailhunt::Envelope::kOcsf);
      for (const char* field : {"eventName", "eventSource", "sourceIPAddress", "errorCode"}) {
        CAPTURE(field);
        CHECK(ocsf[0].Get(field) == raw[0].Get(field));
      }
      CHECK(ocsf[0].Get("userIdentity.userName") == raw[0].Get("userIdentity.userName"));
      CHECK(ocsf[0].PrincipalName() == raw[0].PrincipalName());
      ++compared;
    }
  }
  CHECK(compared == 7);
}

TEST_CASE("conformance: envelope examples") {
  const std::string dir = "spec/envelope_examples/";
  struct Expect {
    const char* file;
    uint64_t records, digests, controls, lake_rows;
    trailhunt::Envelope envelope;
  };
  using E = trailhunt::Envelope;
  const Expect expects[] = {
      {"s3_log_file.json", 1, 0, 0, 0, E::kS3Records},
      {"s3_log_file.ndjson", 1, 0, 0, 0, E::kSingleRecord},
      {"cloudtrail_insights_log_file.json", 1, 0, 0, 0, E::kS3Records},
      {"cwl_subscription_data_message.json", 1, 0, 0, 0, E::kCloudWatchLogs},
      {"lambda_awslogs_wrapper.json", 1, 0, 0, 0, E::kCloudWatchLambda},
      {"eventbridge_api_call.json", 1, 0, 0, 0, E::kEventBridge},
      {"splunk_hec_event.json", 1, 0, 0, 0, E::kSplunkHec},
      {"security_lake_ocsf_api_activity.json", 1, 0, 0, 0, E::kOcsf},
      {"s3_digest_file.json", 0, 1, 0, 0, E::kS3Records},
      {"cwl_subscription_control_message.json", 0, 0, 1, 0, E::kS3Records},
      {"cloudtrail_lake_query_row.json", 0, 0, 0, 1, E::kS3Records},
  };
  for (const Expect& x : expects) {
    CAPTURE(x.file);
    Result r = Read(dir + x.file);
    CHECK(r.counters.records_delivered == x.records);
    CHECK(r.counters.records_rejected == 0);
    CHECK(r.counters.digest_files == x.digests);
    CHECK(r.counters.control_messages == x.controls);
    CHECK(r.counters.lake_rows_skipped == x.lake_rows);
    if (x.records == 1) {
      REQUIRE(r.events.size() == 1);
      CHECK(r.events[0].envelope() == x.envelope);
      if (r.events[0].Get("eventType") != trailhunt::Value::String("AwsCloudTrailInsight")) {
        CHECK(r.events[0].event_name() == std::string_view("DescribeInstances"));
        CHECK(r.events[0].PrincipalName() == "alice");
        CHECK(r.events[0].error_code() == std::string_view("Client.UnauthorizedOperation"));
      }
    }
  }
}
