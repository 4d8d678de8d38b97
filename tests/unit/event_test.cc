#include <doctest/doctest.h>

#include "trailhunt/event.h"

using trailhunt::Event;
using trailhunt::EventVersion;
using trailhunt::Value;

namespace {

Event MustParse(std::string_view json) {
  auto e = Event::Parse(json);
  if (!e.ok()) FAIL(std::string(e.status().message()));
  return *std::move(e);
}

// The blog's example record (values as the blog describes them).
const char kCreateKeyPair[] = R"({"eventVersion":"1.05","userIdentity":{"type":"IAMUser",
"principalId":"AIDAEXAMPLEFROTHLY01","arn":"arn:aws:iam::111122223333:user/frothly_admin",
"accountId":"111122223333","accessKeyId":"ASIAEXAMPLE","userName":"frothly_admin",
"sessionContext":{"attributes":{"mfaAuthenticated":"false","creationDate":"2018-07-26T20:59:44Z"}},
"invokedBy":"signin.amazonaws.com"},"eventTime":"2018-07-26T21:08:28Z","eventSource":"ec2.amazonaws.com",
"eventName":"CreateKeyPair","awsRegion":"us-west-1","sourceIPAddress":"12.196.122.120",
"userAgent":"signin.amazonaws.com","requestParameters":{"keyName":"BOTS"},
"responseElements":{"requestId":"r-1","keyName":"BOTS","keyFingerprint":"1f:51:ae"},
"requestID":"r-1","eventID":"e-1","eventType":"AwsApiCall","recipientAccountId":"111122223333",
"readOnly":false,"managementEvent":true,"resources":[{"ARN":"arn:aws:ec2:us-west-1:111122223333:key-pair/BOTS","accountId":"111122223333","type":"AWS::EC2::KeyPair"}]})";

}  // namespace

TEST_CASE("event: typed accessors on the blog's record") {
  Event e = MustParse(kCreateKeyPair);
  CHECK(e.event_name() == std::string_view("CreateKeyPair"));
  CHECK(e.event_source() == std::string_view("ec2.amazonaws.com"));
  CHECK(e.aws_region() == std::string_view("us-west-1"));
  CHECK(e.source_ip_address() == std::string_view("12.196.122.120"));
  CHECK(e.user_agent() == std::string_view("signin.amazonaws.com"));
  CHECK_FALSE(e.error_code().has_value());
  CHECK(e.read_only() == false);
  CHECK(e.management_event() == true);
  CHECK(e.event_time_ns() == int64_t{1532639308} * 1000000000);
  CHECK(e.time_ns() == int64_t{1532639308} * 1000000000);
  CHECK(e.time_origin() == trailhunt::TimeOrigin::kEventTime);
  CHECK(e.event_version().major == 1);
  CHECK(e.event_version().minor == 5);
  CHECK(e.request_parameters() == Value::Json("{\"keyName\":\"BOTS\"}"));
  CHECK(e.additional_event_data().is_missing());
  auto resources = e.resources();
  REQUIRE(resources.size() == 1);
  CHECK(resources[0].type == "AWS::EC2::KeyPair");
  auto id = e.user_identity();
  CHECK(id.present);
  CHECK(id.type == "IAMUser");
  CHECK(id.user_name == "frothly_admin");
  // Strings that hold booleans stay strings.
  CHECK(id.session_context.mfa_authenticated == "false");
  CHECK(e.Get("userIdentity.sessionContext.attributes.mfaAuthenticated") == Value::String("false"));
  CHECK(e.PrincipalName() == "frothly_admin");
}

TEST_CASE("event: eventVersion compares as (major, minor)") {
  CHECK(EventVersion::Parse("1.10").minor == 10);
  CHECK(EventVersion::Parse("1.05") < EventVersion::Parse("1.10"));
  CHECK(EventVersion::Parse("1.9") < EventVersion::Parse("1.10"));  // 1.9 > 1.10 as floats
  CHECK(EventVersion::Parse("1.10") >= EventVersion::Parse("1.09"));
  CHECK(EventVersion::Parse("1.0") < EventVersion::Parse("1.01"));
  CHECK(EventVersion::Parse("2.0") >= EventVersion::Parse("1.11"));
  CHECK_FALSE(EventVersion::Parse("1").valid);
  CHECK_FALSE(EventVersion::Parse("1.x").valid);
  CHECK_FALSE(EventVersion::Parse("").valid);
  CHECK(EventVersion::Parse("1.11").valid);
}

TEST_CASE("event: numbers beyond int64 and double keep their text") {
  Event e = MustParse(R"({"eventName":"X","big":123456789012345678901234567890,"huge":1e400,
                          "neg":-9223372036854775808,"u":18446744073709551615,"d":2.5})");
  CHECK(e.Get("big").kind() == Value::Kind::kNumberText);
  CHECK(e.Get("big").text() == "123456789012345678901234567890");
  CHECK(e.Get("huge").kind() == Value::Kind::kNumberText);
  CHECK(e.Get("huge").text() == "1e400");
  CHECK(e.Get("neg") == Value::Int(INT64_MIN));
  CHECK(e.Get("u").kind() == Value::Kind::kDouble);
  CHECK(e.Get("d") == Value::Double(2.5));
}

TEST_CASE("event: odd values stay strings") {
  Event e = MustParse(R"({"eventName":"X","sourceIPAddress":"035.249.253.232","awsRegion":"eu-west-2r",
                          "sessionCredentialFromConsole":"true","readOnly":"false"})");
  CHECK(e.source_ip_address() == std::string_view("035.249.253.232"));
  CHECK(e.aws_region() == std::string_view("eu-west-2r"));
  CHECK(e.session_credential_from_console() == true);
  CHECK(e.read_only() == false);
  CHECK(e.Get("readOnly") == Value::String("false"));
}

TEST_CASE("event: rejects what is not one JSON object") {
  for (const char* bad : {"", "[]", "42", "\"x\"", "{\"a\":1} {\"b\":2}", "{\"a\":1,}", "{\"a\":tru}",
                          "{\"a\":\"\xff\"}", "{\"a\":01}"}) {
    CAPTURE(bad);
    CHECK_FALSE(Event::Parse(bad).ok());
  }
  std::string deep = "{\"a\":" + std::string(5000, '[') + std::string(5000, ']') + "}";
  auto e = Event::Parse(deep);
  CHECK_FALSE(e.ok());
  if (!e.ok()) CHECK(std::string(e.status().message()).find("too_deep") != std::string::npos);
  trailhunt::Limits small;
  small.max_record_bytes = 10;
  CHECK_FALSE(Event::Parse("{\"eventName\":\"ConsoleLogin\"}", small).ok());
}

TEST_CASE("event: duplicate keys, last one wins") {
  Event e = MustParse(R"({"eventName":"A","eventName":"B"})");
  CHECK(e.event_name() == std::string_view("B"));
}

TEST_CASE("event: principal name per identity type") {
  struct Case {
    const char* identity;
    const char* principal;
  };
  const Case cases[] = {
      {R"({"type":"IAMUser","userName":"bstoll","arn":"arn:aws:iam::1:user/bstoll"})", "bstoll"},
      {R"({"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","userName":"my-alias"})",
       "root"},
      {R"({"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/Admin/alice@example.com",
          "sessionContext":{"sessionIssuer":{"type":"Role","userName":"Admin"}}})", "Admin"},
      {R"({"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/Deploy/ci"})", "Deploy"},
      {R"({"type":"FederatedUser","arn":"arn:aws:sts::1:federated-user/Bob",
          "sessionContext":{"sessionIssuer":{"type":"IAMUser","userName":"fed-admin"}}})", "Bob"},
      {R"({"type":"AWSService","invokedBy":"config.amazonaws.com"})", "config.amazonaws.com"},
      {R"({"type":"IdentityCenterUser","accountId":"1","onBehalfOf":{"userId":"u-123","identityStoreArn":"arn:s"}})",
       "u-123"},
      {R"({"type":"SAMLUser","userName":"SamlExample","principalId":"x:SamlExample"})", "SamlExample"},
      {R"({"type":"WebIdentityUser","userName":"user-1","identityProvider":"accounts.google.com"})", "user-1"},
      {R"({"type":"AWSAccount","principalId":"ANONYMOUS_PRINCIPAL","accountId":"ANONYMOUS_PRINCIPAL"})",
       "ANONYMOUS_PRINCIPAL"},
      {R"({"type":"Role","arn":"arn:aws:iam::1:role/MyRole"})", "MyRole"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.identity);
    Event e = MustParse(std::string(R"({"eventName":"X","userIdentity":)") + c.identity + "}");
    CHECK(e.PrincipalName() == c.principal);
  }
  Event insight = MustParse(R"({"eventType":"AwsCloudTrailInsight","insightDetails":{}})");
  CHECK(insight.PrincipalName().empty());
  CHECK_FALSE(insight.user_identity().present);
}

TEST_CASE("event: identity-center and session fields") {
  Event e = MustParse(R"({"eventName":"X","userIdentity":{"type":"IdentityCenterUser","accountId":"1",
    "onBehalfOf":{"userId":"u-1","identityStoreArn":"arn:aws:identitystore::1:identitystore/d-1"},
    "credentialId":"c-1"}})");
  auto id = e.user_identity();
  CHECK(id.on_behalf_of_user_id == "u-1");
  CHECK(id.on_behalf_of_identity_store_arn == "arn:aws:identitystore::1:identitystore/d-1");
  CHECK(id.credential_id == "c-1");
  Event r = MustParse(R"({"eventName":"X","userIdentity":{"type":"AssumedRole",
    "arn":"arn:aws:sts::1:assumed-role/R/s","sessionContext":{"sourceIdentity":"alice","ec2RoleDelivery":"2.0",
    "webIdFederationData":{"federatedProvider":"accounts.google.com"},
    "sessionIssuer":{"type":"Role","principalId":"AROA","arn":"arn:aws:iam::1:role/R","accountId":"1","userName":"R"}}}})");
  auto rid = r.user_identity();
  CHECK(rid.session_context.source_identity == "alice");
  CHECK(rid.session_context.ec2_role_delivery == "2.0");
  CHECK(rid.session_context.web_id_federated_provider == "accounts.google.com");
  CHECK(rid.session_context.session_issuer.arn == "arn:aws:iam::1:role/R");
}

namespace {

const char kArrays[] = R"({"eventName":"X",
"resources":[{"ARN":"arn:1","type":"T"},{"ARN":"arn:2"},{"type":"only"}],
"requestParameters":{
  "instanceIds":["i-1","i-2"],
  "one":["only"],
  "empty":[],
  "nested":[["a","b"],[["c"]],[],"d"],
  "mixed":[{"k":1},"s",2,null,true,[{"k":3}]],
  "createVolumePermission":{"add":{"items":[{"group":"all"},{"userId":"123"},{"group":["x","y"]},{"group":[]}]}},
  "flat":{"items":[{"a.b":"flat1","a":{"b":"nested1"}},{"a":{"b":"nested2"}},{"a":[{"b":"n3"},{"b":"n4"}]}]},
  "policy":{"Statement":[{"Action":"s3:GetObject"}]},
  "deep":[[[{"x":1}]],[[{"x":2}],{"x":3}]]}})";

Value GetImplicit(const Event& e, std::string_view text) {
  trailhunt::PathOptions options;
  options.implicit_arrays = true;
  auto path = trailhunt::FieldPath::Parse(text, options);
  REQUIRE_MESSAGE(path.ok(), std::string(path.status().message()));
  return e.Get(*path);
}

Value Strings(std::initializer_list<const char*> texts) {
  std::vector<Value> items;
  for (const char* t : texts) items.push_back(Value::String(t));
  return Value::Multi(std::move(items));
}

}  // namespace

TEST_CASE("event: implicit arrays, key steps through arrays") {
  Event e = MustParse(kArrays);
  // A key missing in some elements: the others' values.
  CHECK(GetImplicit(e, "resources.ARN") == Strings({"arn:1", "arn:2"}));
  CHECK(GetImplicit(e, "resources.type") == Strings({"T", "only"}));
  CHECK(GetImplicit(e, "resources.accountId").is_missing());
  CHECK(GetImplicit(e, "requestParameters.createVolumePermission.add.items.group") ==
        Strings({"all", "x", "y"}));
  CHECK(GetImplicit(e, "requestParameters.createVolumePermission.add.items.userId") ==
        Value::String("123"));
  // Scalars among the elements have no keys; nested arrays are descended.
  CHECK(GetImplicit(e, "requestParameters.mixed.k") == Value::Multi({Value::Int(1), Value::Int(3)}));
  CHECK(GetImplicit(e, "requestParameters.deep.x") ==
        Value::Multi({Value::Int(1), Value::Int(2), Value::Int(3)}));
  // The flat dotted key wins inside each element, as it does in objects.
  CHECK(GetImplicit(e, "requestParameters.flat.items.a.b") ==
        Strings({"flat1", "nested2", "n3", "n4"}));
  CHECK(GetImplicit(e, "requestParameters.instanceIds.x").is_missing());
  CHECK(GetImplicit(e, "requestParameters.nothing.x").is_missing());
  // Explicit `{}` and `[n]` keep their meaning.
  CHECK(GetImplicit(e, "requestParameters.deep{}.x") ==
        Value::Multi({Value::Int(1), Value::Int(2), Value::Int(3)}));
  CHECK(GetImplicit(e, "requestParameters.deep[1].x") == Value::Multi({Value::Int(2), Value::Int(3)}));
  CHECK(GetImplicit(e, "resources[1].ARN") == Value::String("arn:2"));
  CHECK(GetImplicit(e, "resources{}.ARN") == Strings({"arn:1", "arn:2"}));
  CHECK(GetImplicit(e, "requestParameters.policy[0]").is_missing());
  // Without the option none of this traverses.
  CHECK(e.Get("resources.ARN").is_missing());
  CHECK(e.Get("requestParameters.deep.x").is_missing());
}

TEST_CASE("event: implicit arrays, a path ending on an array yields its elements") {
  Event e = MustParse(kArrays);
  CHECK(GetImplicit(e, "requestParameters.instanceIds") == Strings({"i-1", "i-2"}));
  CHECK(e.Get("requestParameters.instanceIds") == Value::Json(R"(["i-1","i-2"])"));
  // One element is that element, as through `{}`.
  CHECK(GetImplicit(e, "requestParameters.one") == Value::String("only"));
  // An empty array yields nothing: Missing, as `{}` on it does.
  CHECK(GetImplicit(e, "requestParameters.empty").is_missing());
  CHECK(e.Get("requestParameters.empty{}").is_missing());
  CHECK(e.Get("requestParameters.empty") == Value::Json("[]"));
  // Arrays of arrays are flattened, empty inner arrays add nothing.
  CHECK(GetImplicit(e, "requestParameters.nested") == Strings({"a", "b", "c", "d"}));
  // Objects among the elements are their compact JSON text.
  CHECK(GetImplicit(e, "requestParameters.mixed") ==
        Value::Multi({Value::Json(R"({"k":1})"), Value::String("s"), Value::Int(2), Value::Null(),
                      Value::Bool(true), Value::Json(R"({"k":3})")}));
  CHECK(GetImplicit(e, "requestParameters.flat.items.a") ==
        Value::Multi({Value::Json(R"({"b":"nested1"})"), Value::Json(R"({"b":"nested2"})"),
                      Value::Json(R"({"b":"n3"})"), Value::Json(R"({"b":"n4"})")}));
  CHECK(GetImplicit(e, "requestParameters.deep[0]") == Value::Json(R"({"x":1})"));
  CHECK(GetImplicit(e, "resources") ==
        Value::Multi({Value::Json(R"({"ARN":"arn:1","type":"T"})"), Value::Json(R"({"ARN":"arn:2"})"),
                      Value::Json(R"({"type":"only"})")}));
  // An object is still one value, its JSON text (Sigma's `contains` on it).
  const Value policy = GetImplicit(e, "requestParameters.policy");
  CHECK(policy == Value::Json(R"({"Statement":[{"Action":"s3:GetObject"}]})"));
  CHECK(policy.text().find("\"s3:GetObject\"") != std::string::npos);
  CHECK(GetImplicit(e, "eventName") == Value::String("X"));
}
