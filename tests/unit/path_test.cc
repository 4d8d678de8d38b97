#include <doctest/doctest.h>

#include "trailhunt/event.h"
#include "trailhunt/path.h"

using trailhunt::Event;
using trailhunt::FieldPath;
using trailhunt::PathStep;
using trailhunt::Value;

namespace {

const char kRecord[] = R"({
  "eventVersion": "1.08",
  "eventName": "RunInstances",
  "requestParameters": {
    "instancesSet": {"items": [{"instanceId": "i-1", "minCount": 1}, {"instanceId": "i-2", "minCount": 2}]},
    "ipPermissions": {"items": [
      {"ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}, {"cidrIp": "10.0.0.0/8"}]}},
      {"ipRanges": {"items": [{"cidrIp": "192.0.2.0/24"}]}}]}
  },
  "unmapped": {"additionalEventData.MFAIdentifier": "arn:mfa", "a": {"b": "nested"}, "a.b": "flat"},
  "tags": ["x", "y", "z"]
})";

Event Parse() {
  auto e = Event::Parse(kRecord);
  REQUIRE(e.ok());
  return *std::move(e);
}

}  // namespace

TEST_CASE("path: parse forms") {
  auto p = FieldPath::Parse("a.b.c");
  REQUIRE(p.ok());
  CHECK(p->steps().size() == 3);
  CHECK_FALSE(p->is_multivalue());

  p = FieldPath::Parse("requestParameters.instancesSet.items{}.instanceId");
  REQUIRE(p.ok());
  CHECK(p->is_multivalue());
  REQUIRE(p->steps().size() == 5);
  CHECK(p->steps()[3].kind == PathStep::Kind::kAll);

  p = FieldPath::Parse("$.tags[1]");
  REQUIRE(p.ok());
  REQUIRE(p->steps().size() == 2);
  CHECK(p->steps()[0].key == "tags");
  CHECK(p->steps()[1].kind == PathStep::Kind::kIndex);
  CHECK(p->steps()[1].index == 1);

  p = FieldPath::Parse("tags{0}");
  REQUIRE(p.ok());
  CHECK(p->steps()[1].index == 0);

  p = FieldPath::Parse("a[\"x.y\"].b");
  REQUIRE(p.ok());
  REQUIRE(p->steps().size() == 3);
  CHECK(p->steps()[1].key == "x.y");

  CHECK(FieldPath::Parse("tags[*]")->is_multivalue());
}

TEST_CASE("path: errors name the column") {
  for (const char* bad : {"", "a..b", "a.", ".a", "a{", "a[x]", "a}", "$", "$.", "a{}b", "{}"}) {
    CAPTURE(bad);
    auto p = FieldPath::Parse(bad);
    CHECK_FALSE(p.ok());
    if (!p.ok()) CHECK(std::string(p.status().message()).find("column") != std::string::npos);
  }
}

TEST_CASE("path: get on a record") {
  Event e = Parse();
  CHECK(e.Get("eventName") == Value::String("RunInstances"));
  CHECK(e.Get("$.eventName") == Value::String("RunInstances"));
  CHECK(e.Get("requestParameters.instancesSet.items{}.instanceId") ==
        Value::Multi({Value::String("i-1"), Value::String("i-2")}));
  CHECK(e.Get("requestParameters.instancesSet.items{}.minCount") ==
        Value::Multi({Value::Int(1), Value::Int(2)}));
  CHECK(e.Get("requestParameters.ipPermissions.items{}.ipRanges.items{}.cidrIp") ==
        Value::Multi({Value::String("0.0.0.0/0"), Value::String("10.0.0.0/8"),
                      Value::String("192.0.2.0/24")}));
  CHECK(e.Get("requestParameters.instancesSet.items[1].instanceId") == Value::String("i-2"));
  CHECK(e.Get("requestParameters.instancesSet.items{1}.instanceId") == Value::String("i-2"));
  CHECK(e.Get("tags[-1]") == Value::String("z"));
  CHECK(e.Get("tags[3]").is_missing());
  CHECK(e.Get("tags{}") == Value::Multi({Value::String("x"), Value::String("y"), Value::String("z")}));
  // A single value through {} is that value, as Splunk shows it.
  CHECK(e.Get("requestParameters.ipPermissions.items[1].ipRanges.items{}.cidrIp") ==
        Value::String("192.0.2.0/24"));
  CHECK(e.Get("requestParameters.instancesSet").kind() == Value::Kind::kJson);
  CHECK(e.Get("requestParameters.nothing").is_missing());
  CHECK(e.Get("eventName.sub").is_missing());
  CHECK(e.Get("a..b").is_missing());
}

TEST_CASE("path: flat keys that contain dots") {
  Event e = Parse();
  CHECK(e.Get("unmapped.additionalEventData.MFAIdentifier") == Value::String("arn:mfa"));
  // The flat key wins over the nested path when both exist (Sigma's rule).
  CHECK(e.Get("unmapped.a.b") == Value::String("flat"));
  CHECK(e.Get("unmapped[\"a.b\"]") == Value::String("flat"));
  CHECK(e.Get("unmapped.a") == Value::Json("{\"b\":\"nested\"}"));
}
