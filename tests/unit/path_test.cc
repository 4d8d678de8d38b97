#include <doctest/doctest.h>

#include "trailhunt/catalog.h"
#include "trailhunt/event.h"
#include "trailhunt/path.h"

using trailhunt::Catalog;
using trailhunt::Event;
using trailhunt::FieldPath;
using trailhunt::FieldView;
using trailhunt::PathOptions;
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

PathOptions Implicit() {
  PathOptions options;
  options.implicit_arrays = true;
  return options;
}

// `text` read with implicit arrays.
Value GetImplicit(const Event& e, std::string_view text) {
  auto p = FieldPath::Parse(text, Implicit());
  REQUIRE_MESSAGE(p.ok(), std::string(p.status().message()));
  return e.Get(*p);
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

TEST_CASE("path: implicit arrays are opt-in and make the path multivalue") {
  auto plain = FieldPath::Parse("requestParameters.instanceIds");
  REQUIRE(plain.ok());
  CHECK_FALSE(plain->implicit_arrays());
  CHECK_FALSE(plain->is_multivalue());
  CHECK_FALSE(FieldPath::Parse("a.b", PathOptions())->implicit_arrays());

  auto p = FieldPath::Parse("requestParameters.instanceIds", Implicit());
  REQUIRE(p.ok());
  CHECK(p->implicit_arrays());
  CHECK(p->is_multivalue());
  CHECK(p->text() == "requestParameters.instanceIds");
  REQUIRE(p->steps().size() == 2);
  CHECK(p->steps()[1].key == "instanceIds");
  // Explicit steps parse as usual inside an implicit-arrays path.
  p = FieldPath::Parse("$.a{}.b[-1].c", Implicit());
  REQUIRE(p.ok());
  REQUIRE(p->steps().size() == 5);
  CHECK(p->steps()[1].kind == PathStep::Kind::kAll);
  CHECK(p->steps()[3].kind == PathStep::Kind::kIndex);
  CHECK(p->steps()[3].index == -1);
  // Errors are the same errors.
  auto bad = FieldPath::Parse("a..b", Implicit());
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).find("column 3") != std::string::npos);
}

TEST_CASE("path: implicit arrays on a record") {
  Event e = Parse();
  // Sigma's plain dotted names reach through the `items` arrays.
  CHECK(GetImplicit(e, "requestParameters.ipPermissions.items.ipRanges.items.cidrIp") ==
        Value::Multi({Value::String("0.0.0.0/0"), Value::String("10.0.0.0/8"),
                      Value::String("192.0.2.0/24")}));
  CHECK(GetImplicit(e, "requestParameters.instancesSet.items.instanceId") ==
        Value::Multi({Value::String("i-1"), Value::String("i-2")}));
  // The default mode does not traverse arrays.
  CHECK(e.Get("requestParameters.instancesSet.items.instanceId").is_missing());
  // A path ending on an array yields its elements, not the array's text.
  CHECK(GetImplicit(e, "tags") ==
        Value::Multi({Value::String("x"), Value::String("y"), Value::String("z")}));
  CHECK(e.Get("tags") == Value::Json(R"(["x","y","z"])"));
  // Objects stay their compact JSON text; scalars stay scalars.
  CHECK(GetImplicit(e, "unmapped.a") == Value::Json(R"({"b":"nested"})"));
  CHECK(GetImplicit(e, "eventName") == Value::String("RunInstances"));
  CHECK(GetImplicit(e, "unmapped.a.b") == Value::String("flat"));
  // Explicit steps keep working.
  CHECK(GetImplicit(e, "requestParameters.instancesSet.items[1].instanceId") ==
        Value::String("i-2"));
  CHECK(GetImplicit(e, "requestParameters.ipPermissions.items{}.ipRanges.items.cidrIp") ==
        Value::Multi({Value::String("0.0.0.0/0"), Value::String("10.0.0.0/8"),
                      Value::String("192.0.2.0/24")}));
  CHECK(GetImplicit(e, "tags[-1]") == Value::String("z"));
  // Objects of an array that ends the path: their JSON text, one per element.
  CHECK(GetImplicit(e, "requestParameters.instancesSet.items") ==
        Value::Multi({Value::Json(R"({"instanceId":"i-1","minCount":1})"),
                      Value::Json(R"({"instanceId":"i-2","minCount":2})")}));
}

TEST_CASE("path: catalog resolves with path options") {
  const Catalog& catalog = Catalog::Default();
  for (const char* name : {"requestParameters.instanceIds", "eventName", "resources.ARN",
                           "eventname", "RequestParameters.x", "custom.path"}) {
    CAPTURE(name);
    auto plain = catalog.Resolve(name, FieldView::kRaw);
    REQUIRE(plain.ok());
    CHECK_FALSE(plain->path.implicit_arrays());
    auto implicit = catalog.Resolve(name, FieldView::kRaw, Implicit());
    REQUIRE(implicit.ok());
    CHECK(implicit->path.implicit_arrays());
    CHECK(implicit->path.is_multivalue());
    CHECK(implicit->canonical == plain->canonical);
    CHECK(implicit->path.text() == plain->path.text());
    CHECK(implicit->warning == plain->warning);
  }
  // An add-on alias's target is parsed with the option too.
  auto alias = catalog.Resolve("src_ip", FieldView::kSplunkAddOn, Implicit());
  REQUIRE(alias.ok());
  CHECK(alias->path.text() == "sourceIPAddress");
  CHECK(alias->path.implicit_arrays());
  // Computed fields read no path.
  auto computed = catalog.Resolve("principal", FieldView::kRaw, Implicit());
  REQUIRE(computed.ok());
  CHECK(computed->computed == trailhunt::ComputedField::kPrincipalName);
  CHECK(computed->path.steps().empty());
  CHECK_FALSE(catalog.Resolve("a..b", FieldView::kRaw, Implicit()).ok());
}
