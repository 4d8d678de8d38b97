#include "input/ocsf_mapping.h"

#include <doctest/doctest.h>
#include <simdjson.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace trailhunt::input {
namespace {

// Maps `ocsf` and exposes the result through JSON pointers, so assertions
// name CloudTrail paths instead of comparing whole output strings (member
// order is not part of the contract).
class Mapped {
 public:
  explicit Mapped(std::string_view ocsf)
      : status_(OcsfToCloudTrail(ocsf, text_)) {
    if (status_.ok()) parse_error_ = parser_.parse(text_).get(root_);
  }

  const absl::Status& status() const { return status_; }
  const std::string& text() const { return text_; }
  bool valid_json() const { return parse_error_ == simdjson::SUCCESS; }

  // The string at `pointer`, or "<absent>" / "<not a string>".
  std::string Str(std::string_view pointer) const {
    simdjson::dom::element element;
    if (!valid_json() || root_.at_pointer(pointer).get(element)) {
      return "<absent>";
    }
    std::string_view value;
    if (element.get(value)) return "<not a string>";
    return std::string(value);
  }

  // Compact JSON of the value at `pointer`, or "<absent>".
  std::string Json(std::string_view pointer) const {
    simdjson::dom::element element;
    if (!valid_json() || root_.at_pointer(pointer).get(element)) {
      return "<absent>";
    }
    return simdjson::minify(element);
  }

 private:
  std::string text_;  // Before status_: the constructor maps into it.
  absl::Status status_;
  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
  simdjson::error_code parse_error_ = simdjson::UNINITIALIZED;
};

// OCSF 1.0.0-rc.2 (Security Lake source version 1): API Activity was 3005,
// actor.user.uid is the principalId, uuid the ARN, eventType in unmapped.
constexpr std::string_view kRc2ApiActivity = R"json({
  "class_uid": 3005, "activity_id": 2, "category_uid": 3,
  "metadata": {"version": "1.0.0-rc.2", "uid": "evt-rc2-1",
    "product": {"name": "CloudTrail", "vendor_name": "AWS", "version": "1.08",
                "feature": {"name": "Management"}}},
  "time": 1700000000123,
  "cloud": {"provider": "AWS", "region": "eu-west-1"},
  "api": {"operation": "GetObject", "service": {"name": "s3.amazonaws.com"},
          "request": {"uid": "req-rc2-1"}, "response": {}},
  "actor": {"user": {"type": "AssumedRole", "uid": "AROAEXAMPLE:bob",
                     "uuid": "arn:aws:sts::444455556666:assumed-role/Ops/bob",
                     "account_uid": "444455556666", "credential_uid": "ASIAEXAMPLE"},
            "session": {"created_time": 1699999000000, "mfa": true,
                        "issuer": "arn:aws:iam::444455556666:role/Ops"},
            "idp": {}},
  "src_endpoint": {"ip": "203.0.113.9"},
  "http_request": {"user_agent": "aws-sdk-go/1.44"},
  "status": "Success", "status_id": 1,
  "resources": [{"uid": "arn:aws:s3:::bucket/key", "account_uid": "444455556666",
                 "type": "AWS::S3::Object"}],
  "unmapped": {"eventType": "AwsApiCall", "readOnly": "true",
               "recipientAccountId": "444455556666",
               "userIdentity.sessionContext.sessionIssuer.userName": "Ops",
               "requestParameters.bucketName": "bucket"}
})json";

// OCSF 1.1.0 (Security Lake source version 2): 6003, uid is the ARN,
// uid_alt the principalId, account object, event_code, JSON-string data.
constexpr std::string_view kV11ApiActivity = R"json({
  "class_uid": 6003, "activity_id": 2, "category_uid": 6,
  "metadata": {"version": "1.1.0", "uid": "evt-11-1", "event_code": "AwsApiCall",
    "product": {"name": "CloudTrail", "vendor_name": "AWS", "version": "1.09",
                "feature": {"name": "Management"}}},
  "time": 1705312800000,
  "time_dt": "2024-01-15T05:00:00.000-05:00",
  "cloud": {"provider": "AWS", "region": "us-east-1", "account": {"uid": "111122223333"}},
  "api": {"operation": "DescribeInstances", "version": "2016-11-15",
          "service": {"name": "ec2.amazonaws.com"},
          "request": {"uid": "req-11-1", "data": "{\"maxResults\":5,\"filterSet\":{}}"},
          "response": {"error": "Client.UnauthorizedOperation",
                       "message": "You are not authorized to perform this operation."}},
  "actor": {"user": {"type": "IAMUser", "name": "alice",
                     "uid": "arn:aws:iam::111122223333:user/alice",
                     "uid_alt": "AIDAEXAMPLE01", "account": {"uid": "111122223333"},
                     "credential_uid": "AKIAEXAMPLE01"},
            "session": {"created_time_dt": "2024-01-15T04:30:00.000-05:00",
                        "is_mfa": false}},
  "src_endpoint": {"ip": "198.51.100.7", "uid": "vpce-0abc"},
  "http_request": {"user_agent": "aws-cli/2.15.0"},
  "status": "Failure", "status_id": 2,
  "resources": [{"uid": "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
                 "owner": {"account": {"uid": "111122223333"}},
                 "type": "AWS::EC2::Instance"}],
  "unmapped": {"managementEvent": "true", "tlsDetails.tlsVersion": "TLSv1.3"}
})json";

constexpr std::string_view kRc2ConsoleLoginFailure = R"json({
  "class_uid": 3002, "activity_id": 1,
  "metadata": {"version": "1.0.0-rc.2", "uid": "evt-auth-1",
    "product": {"name": "CloudTrail", "version": "1.08", "feature": {"name": "Management"}}},
  "time": 1668097474000,
  "cloud": {"region": "us-east-1"},
  "api": {"operation": "ConsoleLogin", "service": {"name": "signin.amazonaws.com"},
          "response": {"message": "Failed authentication"}},
  "actor": {"user": {"type": "IAMUser", "name": "anaya", "uid": "AIDAEXAMPLE02",
                     "uuid": "arn:aws:iam::111122223333:user/anaya",
                     "account_uid": "111122223333"}},
  "dst_endpoint": {"svc_name": "https://console.aws.amazon.com/console/home"},
  "mfa": false,
  "src_endpoint": {"ip": "192.0.2.10"},
  "status": "Failure", "status_id": 2,
  "unmapped": {"eventType": "AwsConsoleSignIn",
               "additionalEventData.MFAIdentifier": "arn:aws:iam::111122223333:mfa/anaya",
               "additionalEventData.MobileVersion": "No"}
})json";

constexpr std::string_view kV11ConsoleLogin = R"json({
  "class_uid": 3002, "activity_id": 1,
  "metadata": {"version": "1.1.0", "uid": "evt-auth-2", "event_code": "AwsConsoleSignIn",
    "product": {"name": "CloudTrail", "version": "1.08"}},
  "time": 1699633474000,
  "api": {"operation": "ConsoleLogin", "service": {"name": "signin.amazonaws.com"},
          "response": {"data": "{\"ConsoleLogin\":\"Success\"}"}},
  "actor": {"user": {"type": "Root", "uid": "arn:aws:iam::111122223333:root",
                     "uid_alt": "111122223333", "account": {"uid": "111122223333"}}},
  "is_mfa": true,
  "status": "Failure",
  "src_endpoint": {"ip": "192.0.2.11"}
})json";

constexpr std::string_view kV11AccountChange = R"json({
  "class_uid": 3001, "activity_id": 1,
  "metadata": {"version": "1.1.0", "uid": "evt-acct-1", "event_code": "AwsApiCall",
    "product": {"name": "CloudTrail", "version": "1.08", "feature": {"name": "Management"}}},
  "time": 1679072879000,
  "cloud": {"region": "us-east-1"},
  "api": {"operation": "CreateUser", "service": {"name": "iam.amazonaws.com"},
          "request": {"uid": "req-acct-1", "data": "{\"userName\":\"eve\"}"},
          "response": {"data": "{\"user\":{\"userName\":\"eve\",\"path\":\"/\"}}"}},
  "actor": {"user": {"type": "AssumedRole", "uid": "arn:aws:sts::112233445566:assumed-role/Admin/x",
                     "uid_alt": "AROAEXAMPLE03:x", "account": {"uid": "112233445566"},
                     "credential_uid": "ASIAEXAMPLE03"},
            "session": {"issuer": "arn:aws:iam::112233445566:role/Admin", "is_mfa": false}},
  "src_endpoint": {"ip": "52.95.4.21"},
  "user": {"name": "eve", "uid": "arn:aws:iam::112233445566:user/eve"},
  "unmapped": {"readOnly": "false", "managementEvent": "true",
               "sessionCredentialFromConsole": "true",
               "responseElements.user.arn": "arn:aws:iam::112233445566:user/eve",
               "userIdentity.sessionContext.sessionIssuer.type": "Role",
               "userIdentity.sessionContext.sessionIssuer.userName": "Admin"}
})json";

TEST_CASE("OcsfMapping: rc.2 API Activity maps back to CloudTrail names") {
  Mapped m(kRc2ApiActivity);
  REQUIRE(m.status().ok());
  REQUIRE(m.valid_json());
  CHECK(m.Str("/eventName") == "GetObject");
  CHECK(m.Str("/eventSource") == "s3.amazonaws.com");
  CHECK(m.Str("/eventVersion") == "1.08");
  CHECK(m.Str("/eventID") == "evt-rc2-1");
  CHECK(m.Str("/requestID") == "req-rc2-1");
  CHECK(m.Str("/eventType") == "AwsApiCall");
  CHECK(m.Str("/eventCategory") == "Management");
  CHECK(m.Str("/awsRegion") == "eu-west-1");
  CHECK(m.Str("/sourceIPAddress") == "203.0.113.9");
  CHECK(m.Str("/userAgent") == "aws-sdk-go/1.44");
  // Milliseconds survive only when non-zero.
  CHECK(m.Str("/eventTime") == "2023-11-14T22:13:20.123Z");
  CHECK(m.Str("/userIdentity/type") == "AssumedRole");
  CHECK(m.Str("/userIdentity/principalId") == "AROAEXAMPLE:bob");
  CHECK(m.Str("/userIdentity/arn") ==
        "arn:aws:sts::444455556666:assumed-role/Ops/bob");
  CHECK(m.Str("/userIdentity/accountId") == "444455556666");
  CHECK(m.Str("/userIdentity/accessKeyId") == "ASIAEXAMPLE");
  CHECK(m.Str("/userIdentity/userName") == "<absent>");
  CHECK(m.Str("/userIdentity/sessionContext/attributes/creationDate") ==
        "2023-11-14T21:56:40Z");
  CHECK(m.Str("/userIdentity/sessionContext/attributes/mfaAuthenticated") ==
        "true");
  CHECK(m.Str("/userIdentity/sessionContext/sessionIssuer/arn") ==
        "arn:aws:iam::444455556666:role/Ops");
  // Flattened unmapped keys merge into the objects built from mapped fields.
  CHECK(m.Str("/userIdentity/sessionContext/sessionIssuer/userName") == "Ops");
  CHECK(m.Json("/requestParameters") == R"({"bucketName":"bucket"})");
  CHECK(m.Json("/readOnly") == "true");
  CHECK(m.Str("/recipientAccountId") == "444455556666");
  CHECK(m.Json("/resources") ==
        R"([{"accountId":"444455556666","type":"AWS::S3::Object",)"
        R"("ARN":"arn:aws:s3:::bucket/key"}])");
  // Empty OCSF objects and a non-ConsoleLogin status leave nothing behind.
  CHECK(m.Json("/responseElements") == "<absent>");
  CHECK(m.Json("/userIdentity/identityProvider") == "<absent>");
  CHECK(m.Json("/errorCode") == "<absent>");
}

TEST_CASE("OcsfMapping: 1.1 API Activity maps back to CloudTrail names") {
  Mapped m(kV11ApiActivity);
  REQUIRE(m.status().ok());
  REQUIRE(m.valid_json());
  CHECK(m.Str("/eventName") == "DescribeInstances");
  CHECK(m.Str("/eventSource") == "ec2.amazonaws.com");
  CHECK(m.Str("/eventType") == "AwsApiCall");
  CHECK(m.Str("/eventTime") == "2024-01-15T10:00:00Z");
  CHECK(m.Str("/apiVersion") == "2016-11-15");
  CHECK(m.Str("/recipientAccountId") == "111122223333");
  CHECK(m.Str("/vpcEndpointId") == "vpce-0abc");
  CHECK(m.Str("/errorCode") == "Client.UnauthorizedOperation");
  CHECK(m.Str("/errorMessage") ==
        "You are not authorized to perform this operation.");
  CHECK(m.Str("/userIdentity/type") == "IAMUser");
  CHECK(m.Str("/userIdentity/arn") == "arn:aws:iam::111122223333:user/alice");
  CHECK(m.Str("/userIdentity/principalId") == "AIDAEXAMPLE01");
  CHECK(m.Str("/userIdentity/accountId") == "111122223333");
  CHECK(m.Str("/userIdentity/accessKeyId") == "AKIAEXAMPLE01");
  CHECK(m.Str("/userIdentity/userName") == "alice");
  // created_time_dt carries an offset; CloudTrail wants UTC.
  CHECK(m.Str("/userIdentity/sessionContext/attributes/creationDate") ==
        "2024-01-15T09:30:00Z");
  CHECK(m.Str("/userIdentity/sessionContext/attributes/mfaAuthenticated") ==
        "false");
  // api.request.data is a JSON string holding the requestParameters object.
  CHECK(m.Json("/requestParameters") == R"({"maxResults":5,"filterSet":{}})");
  CHECK(m.Json("/managementEvent") == "true");
  CHECK(m.Str("/tlsDetails/tlsVersion") == "TLSv1.3");
  CHECK(m.Json("/resources") ==
        R"([{"accountId":"111122223333","type":"AWS::EC2::Instance",)"
        R"("ARN":"arn:aws:ec2:us-east-1:111122223333:instance/i-1"}])");
  // OCSF-only fields do not leak into the CloudTrail record.
  CHECK(m.Json("/class_uid") == "<absent>");
  CHECK(m.Json("/status") == "<absent>");
  CHECK(m.Json("/metadata") == "<absent>");
  CHECK(m.text().find('\n') == std::string::npos);
}

TEST_CASE("OcsfMapping: rc.2 Authentication restores ConsoleLogin fields") {
  Mapped m(kRc2ConsoleLoginFailure);
  REQUIRE(m.status().ok());
  REQUIRE(m.valid_json());
  CHECK(m.Str("/eventName") == "ConsoleLogin");
  CHECK(m.Str("/eventType") == "AwsConsoleSignIn");
  CHECK(m.Str("/eventTime") == "2022-11-10T16:24:34Z");
  CHECK(m.Str("/userIdentity/userName") == "anaya");
  CHECK(m.Str("/userIdentity/principalId") == "AIDAEXAMPLE02");
  CHECK(m.Str("/userIdentity/arn") == "arn:aws:iam::111122223333:user/anaya");
  CHECK(m.Str("/responseElements/ConsoleLogin") == "Failure");
  CHECK(m.Str("/errorMessage") == "Failed authentication");
  CHECK(m.Str("/errorCode") == "<absent>");
  CHECK(m.Str("/additionalEventData/MFAUsed") == "No");
  CHECK(m.Str("/additionalEventData/LoginTo") ==
        "https://console.aws.amazon.com/console/home");
  CHECK(m.Str("/additionalEventData/MFAIdentifier") ==
        "arn:aws:iam::111122223333:mfa/anaya");
  CHECK(m.Str("/additionalEventData/MobileVersion") == "No");
  CHECK(m.Json("/additionalEventData.MFAIdentifier") == "<absent>");
}

TEST_CASE("OcsfMapping: 1.1 Authentication prefers responseElements data") {
  Mapped m(kV11ConsoleLogin);
  REQUIRE(m.status().ok());
  REQUIRE(m.valid_json());
  // The embedded responseElements wins over the (contradicting) status.
  CHECK(m.Json("/responseElements") == R"({"ConsoleLogin":"Success"})");
  CHECK(m.Str("/additionalEventData/MFAUsed") == "Yes");
  CHECK(m.Str("/eventType") == "AwsConsoleSignIn");
  CHECK(m.Str("/userIdentity/type") == "Root");
  CHECK(m.Str("/userIdentity/arn") == "arn:aws:iam::111122223333:root");
  CHECK(m.Str("/userIdentity/principalId") == "111122223333");
}

TEST_CASE("OcsfMapping: Account Change keeps booleans and nested unmapped") {
  Mapped m(kV11AccountChange);
  REQUIRE(m.status().ok());
  REQUIRE(m.valid_json());
  CHECK(m.Str("/eventName") == "CreateUser");
  CHECK(m.Json("/requestParameters") == R"({"userName":"eve"})");
  CHECK(m.Json("/responseElements/user") ==
        R"({"userName":"eve","path":"/","arn":"arn:aws:iam::112233445566:user/eve"})");
  CHECK(m.Json("/readOnly") == "false");
  CHECK(m.Json("/managementEvent") == "true");
  // A string in CloudTrail too, so it stays one.
  CHECK(m.Json("/sessionCredentialFromConsole") == R"("true")");
  CHECK(m.Str("/userIdentity/principalId") == "AROAEXAMPLE03:x");
  CHECK(m.Json("/userIdentity/sessionContext/sessionIssuer") ==
        R"({"arn":"arn:aws:iam::112233445566:role/Admin","type":"Role",)"
        R"("userName":"Admin"})");
  // The target user of CreateUser has no single CloudTrail home.
  CHECK(m.Json("/user") == "<absent>");
  CHECK(m.Json("/requestParameters/roleArn") == "<absent>");
}

TEST_CASE("OcsfMapping: Identity Center user follows the 1.5 conditionals") {
  Mapped m(R"json({
    "class_uid": 3002,
    "metadata": {"version": "1.5.0", "event_code": "AwsServiceEvent",
                 "product": {"name": "CloudTrail"}},
    "time": 1726763566000,
    "api": {"operation": "CredentialChallenge",
            "service": {"name": "signin.amazonaws.com"}},
    "actor": {"idp": {"uid": "arn:aws:identitystore::123456789012:identitystore/d-1"},
              "user": {"type": "IdentityCenterUser", "name": "test",
                       "uid_alt": "user-guid", "credential_uid": "cred-guid",
                       "account": {"uid": "123456789012"}}},
    "src_endpoint": {"ip": "0.0.0.0"},
    "unmapped": {"additionalEventData.CredentialType": "PASSWORD"}
  })json");
  REQUIRE(m.status().ok());
  CHECK(m.Str("/userIdentity/onBehalfOf/userId") == "user-guid");
  CHECK(m.Str("/userIdentity/onBehalfOf/identityStoreArn") ==
        "arn:aws:identitystore::123456789012:identitystore/d-1");
  CHECK(m.Str("/userIdentity/credentialId") == "cred-guid");
  CHECK(m.Str("/userIdentity/accountId") == "123456789012");
  CHECK(m.Str("/userIdentity/userName") == "<absent>");
  CHECK(m.Str("/userIdentity/principalId") == "<absent>");
  CHECK(m.Json("/additionalEventData") ==
        R"({"UserName":"test","CredentialType":"PASSWORD"})");
}

TEST_CASE("OcsfMapping: source falls back to domain; time to time_dt") {
  Mapped m(R"json({
    "class_uid": 6003, "metadata": {"version": "1.5.0", "product": {"name": "CloudTrail"}},
    "time_dt": "2025-07-18T15:02:39.500+02:00",
    "api": {"operation": "DescribeTargetHealth",
            "service": {"name": "elasticloadbalancing.amazonaws.com"},
            "response": {"data": "", "error": null}},
    "src_endpoint": {"domain": "ecs.amazonaws.com"}
  })json");
  REQUIRE(m.status().ok());
  CHECK(m.Str("/sourceIPAddress") == "ecs.amazonaws.com");
  CHECK(m.Str("/eventTime") == "2025-07-18T13:02:39.500Z");
  // Non-JSON data stays text; a null OCSF field counts as absent.
  CHECK(m.Json("/responseElements") == R"("")");
  CHECK(m.Json("/errorCode") == "<absent>");
}

TEST_CASE("OcsfMapping: AssumeRole target user becomes requestParameters") {
  Mapped m(R"json({
    "class_uid": 6003, "metadata": {"version": "1.1.0", "product": {"name": "CloudTrail"}},
    "api": {"operation": "AssumeRole", "service": {"name": "sts.amazonaws.com"}},
    "user": {"uid": "arn:aws:iam::111122223333:role/Target", "name": "sess"},
    "session": {"uid": "arn:aws:sts::111122223333:assumed-role/Target/sess",
                "uid_alt": "AROATARGET:sess", "credential_uid": "ASIATARGET"}
  })json");
  REQUIRE(m.status().ok());
  CHECK(m.Str("/requestParameters/roleArn") ==
        "arn:aws:iam::111122223333:role/Target");
  CHECK(m.Str("/requestParameters/roleSessionName") == "sess");
  CHECK(m.Str("/responseElements/assumedRoleUser/arn") ==
        "arn:aws:sts::111122223333:assumed-role/Target/sess");
  CHECK(m.Str("/responseElements/assumedRoleUser/assumedRoleId") ==
        "AROATARGET:sess");
  CHECK(m.Str("/responseElements/credentials/accessKeyId") == "ASIATARGET");
}

TEST_CASE("OcsfMapping: unmapped keys never override mapped fields") {
  Mapped m(R"json({
    "class_uid": 6003, "metadata": {"version": "1.1.0", "product": {"name": "CloudTrail"}},
    "api": {"operation": "ListBuckets", "service": {"name": "s3.amazonaws.com"},
            "response": {"data": "null"}},
    "unmapped": {"eventName": "Spoofed", "responseElements.x": "1",
                 "a..b": "literal", "serviceEventDetails": {"k": [1, 2.5, null]}}
  })json");
  REQUIRE(m.status().ok());
  CHECK(m.Str("/eventName") == "ListBuckets");
  CHECK(m.Json("/responseElements") == "null");
  CHECK(m.Str("/a..b") == "literal");
  CHECK(m.Json("/serviceEventDetails") == R"({"k":[1,2.5,null]})");
}

TEST_CASE("OcsfMapping: appends to the output and escapes strings") {
  std::string out = "prefix ";
  absl::Status status = OcsfToCloudTrail(
      R"json({"class_uid": 6003, "metadata": {"product": {"name": "CloudTrail"}},
              "api": {"operation": "Put\"Object\u0001", "service": {"name": "s3"}}})json",
      out);
  REQUIRE(status.ok());
  CHECK(out.rfind("prefix {", 0) == 0);
  CHECK(out.find(R"("eventName":"Put\"Object\u0001")") != std::string::npos);
}

TEST_CASE("OcsfMapping: malformed JSON is an error and leaves out alone") {
  std::string out = "kept";
  // Trailing comma, as in some published OCSF samples.
  absl::Status status = OcsfToCloudTrail(
      R"json({"class_uid": 6003, "api": {"operation": "X",},})json", out);
  CHECK(status.code() == absl::StatusCode::kInvalidArgument);
  CHECK(out == "kept");
  CHECK(OcsfToCloudTrail("", out).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(OcsfToCloudTrail(R"({"class_uid": 6003)", out).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(out == "kept");
  CHECK_FALSE(LooksLikeOcsfCloudTrail(R"json({"class_uid": 6003,})json"));
}

TEST_CASE("OcsfMapping: non-objects are rejected") {
  std::string out;
  CHECK(OcsfToCloudTrail("[1,2]", out).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(OcsfToCloudTrail(R"("text")", out).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(out.empty());
}

TEST_CASE("OcsfMapping: objects that are not OCSF CloudTrail are rejected") {
  constexpr std::string_view kNativeCloudTrail = R"json({
    "eventVersion": "1.08", "eventName": "GetObject",
    "eventSource": "s3.amazonaws.com", "eventTime": "2024-01-01T00:00:00Z"})json";
  constexpr std::string_view kOtherProduct = R"json({
    "class_uid": 6003, "metadata": {"product": {"name": "Security Hub"}},
    "api": {"operation": "X", "service": {"name": "y"}}})json";
  constexpr std::string_view kOtherClass = R"json({
    "class_uid": 4001, "metadata": {"product": {"name": "CloudTrail"}}})json";
  constexpr std::string_view kClassAsString = R"json({
    "class_uid": "6003", "metadata": {"product": {"name": "CloudTrail"}}})json";
  constexpr std::string_view kNoProductNoApi = R"json({
    "class_uid": 3001, "api": {"operation": "CreateUser"}})json";
  for (std::string_view json : {kNativeCloudTrail, kOtherProduct, kOtherClass,
                                kClassAsString, kNoProductNoApi}) {
    CAPTURE(json);
    std::string out;
    CHECK_FALSE(LooksLikeOcsfCloudTrail(json));
    CHECK(OcsfToCloudTrail(json, out).code() ==
          absl::StatusCode::kFailedPrecondition);
    CHECK(out.empty());
  }
}

TEST_CASE("OcsfMapping: detection accepts every class and a missing product") {
  CHECK(LooksLikeOcsfCloudTrail(kRc2ApiActivity));
  CHECK(LooksLikeOcsfCloudTrail(kV11ApiActivity));
  CHECK(LooksLikeOcsfCloudTrail(kRc2ConsoleLoginFailure));
  CHECK(LooksLikeOcsfCloudTrail(kV11AccountChange));
  CHECK(LooksLikeOcsfCloudTrail(R"json({"class_uid": 6003,
      "api": {"operation": "ListBuckets", "service": {"name": "s3.amazonaws.com"}}})json"));
}

}  // namespace
}  // namespace trailhunt::input
