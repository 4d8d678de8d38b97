// Projection must give exactly what Event::Get gives, field by field: a
// differential test over the sample data and handcrafted edge records.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "test_data.h"
#include "trailhunt/catalog.h"
#include "trailhunt/event.h"
#include "trailhunt/projection.h"

using trailhunt::Catalog;
using trailhunt::Event;
using trailhunt::FieldView;
using trailhunt::Projection;
using trailhunt::ProjectionBuilder;
using trailhunt::ProjectionError;
using trailhunt::Record;
using trailhunt::ResolvedField;
using trailhunt::SlotIndex;
using trailhunt::Value;

namespace {

// A record as the reader delivers it: padded.
struct PaddedRecord {
  explicit PaddedRecord(std::string_view json, int64_t time_ns = trailhunt::kNoTime)
      : text(std::string(json) + std::string(trailhunt::kJsonPadding, ' ')) {
    record.json = std::string_view(text.data(), json.size());
    record.time_ns = time_ns;
    record.time_origin = time_ns == trailhunt::kNoTime ? trailhunt::TimeOrigin::kNone
                                                       : trailhunt::TimeOrigin::kEventTime;
  }
  std::string text;
  Record record;
};

ResolvedField Resolve(std::string_view name, FieldView view = FieldView::kRaw) {
  auto r = Catalog::Default().Resolve(name, view);
  REQUIRE_MESSAGE(r.ok(), std::string(r.status().message()));
  return *r;
}

std::string Show(const Value& v) {
  return std::string(trailhunt::ValueKindName(v.kind())) + " " + v.ToJson();
}

// Every field, alone and all in one projection, equals Event::Get.
void CheckSame(const PaddedRecord& rec, const std::vector<ResolvedField>& fields) {
  auto event = Event::FromRecord(rec.record);
  REQUIRE_MESSAGE(event.ok(), std::string(event.status().message()));
  ProjectionBuilder all;
  for (const ResolvedField& f : fields) all.Add(f);
  auto projection = all.Build();
  std::vector<Value> slots(projection->slot_count());
  ProjectionError error;
  REQUIRE_MESSAGE(projection->Extract(rec.record, absl::MakeSpan(slots), &error), error.message);
  // A second extraction into the same slots must overwrite, not append.
  REQUIRE(projection->Extract(rec.record, absl::MakeSpan(slots), &error));
  for (size_t i = 0; i < projection->slot_count(); ++i) {
    const ResolvedField& f = projection->fields()[i];
    const Value expected = event->Get(f);
    CHECK_MESSAGE(slots[i] == expected, "field " << f.name << " in " << rec.record.json
                                                 << "\n  projection: " << Show(slots[i])
                                                 << "\n  event:      " << Show(expected));
  }
  for (const ResolvedField& f : fields) {
    ProjectionBuilder one;
    one.Add(f);
    auto single = one.Build();
    std::vector<Value> slot(1, Value::String("stale"));
    REQUIRE(single->Extract(rec.record, absl::MakeSpan(slot), &error));
    const Value expected = event->Get(f);
    CHECK_MESSAGE(slot[0] == expected, "field " << f.name << " alone in " << rec.record.json
                                                << "\n  projection: " << Show(slot[0])
                                                << "\n  event:      " << Show(expected));
  }
}

const char* const kPaths[] = {
    "eventName", "eventSource", "eventTime", "awsRegion", "sourceIPAddress", "userAgent",
    "errorCode", "errorMessage", "readOnly", "eventVersion", "userIdentity",
    "userIdentity.type", "userIdentity.arn", "userIdentity.userName",
    "userIdentity.sessionContext", "userIdentity.sessionContext.attributes.mfaAuthenticated",
    "userIdentity.sessionContext.sessionIssuer.userName", "additionalEventData",
    "additionalEventData.MFAUsed", "additionalEventData.LoginTo", "requestParameters",
    "requestParameters.ipPermissions.items{}.ipRanges.items{}.cidrIp",
    "requestParameters.instancesSet.items{}.instanceId", "responseElements",
    "responseElements.ConsoleLogin", "resources", "resources{}", "resources{}.ARN",
    "resources[0].ARN", "resources[-1].type", "resources{0}.accountId", "tlsDetails",
    "tlsDetails.tlsVersion", "$.eventID", "recipientAccountId", "unmapped",
    "unmapped.additionalEventData.MFAUsed", "a", "a.b", "a.b.c", "a.b.c.d", "a{}", "a{}.b",
    "a{}.b{}", "a{}.b{}.c", "a[0]", "a[1]", "a[-1]", "a[-2].b", "a[5]", "a[-5]", "a{}{}",
    "a{}[0]", "a[0]{}", "n", "n.x", "n{}", "big", "neg", "f", "e", "s", "u", "t", "z", "x.y",
    "x.y.z", "x", "q", "q{}", "q[0]", "o", "o{}", "dup", "dup.k", "k.l.m", "k.l", "k",
    "arr{}.x.y", "arr{}.x", "m", "m.n", "m{}.n",
};

// Read with PathOptions::implicit_arrays, as the Sigma front end reads them.
const char* const kImplicitPaths[] = {
    "requestParameters.ipPermissions.items.ipRanges.items.cidrIp", "resources.ARN",
    "resources", "resources.type", "requestParameters.instancesSet.items.instanceId",
    "requestParameters.instanceIds", "requestParameters",
    "requestParameters.createVolumePermission.add.items.group",
    "requestParameters.ipPermissions.items{}.ipRanges.items.cidrIp", "eventName", "userIdentity",
    "userIdentity.type", "a", "a.b", "a.b.c", "a.b.c.d", "a{}", "a{}.b", "a[0]", "a[-1]",
    "a[0].b", "a.b{}", "a.b[1]", "a{}{}", "n", "n.x", "q", "o", "dup", "dup.k", "arr.x.y",
    "arr.x", "m", "m.n", "k.l.m", "k.l", "x.y.z", "x.y", "x", "g", "g.h", "g.h.i", "s",
};

ResolvedField ResolveImplicit(std::string_view name, FieldView view = FieldView::kRaw) {
  trailhunt::PathOptions options;
  options.implicit_arrays = true;
  auto r = Catalog::Default().Resolve(name, view, options);
  REQUIRE_MESSAGE(r.ok(), std::string(r.status().message()));
  REQUIRE(r->path.implicit_arrays() == (r->computed == trailhunt::ComputedField::kNone ||
                                        !r->path.steps().empty()));
  return *r;
}

std::vector<ResolvedField> AllFields() {
  std::vector<ResolvedField> fields;
  for (const char* p : kPaths) fields.push_back(Resolve(p));
  for (const char* p : kImplicitPaths) fields.push_back(ResolveImplicit(p));
  fields.push_back(ResolveImplicit("errorCode", FieldView::kSplunkAddOn));
  fields.push_back(Resolve("principal"));
  fields.push_back(Resolve("session_name"));
  fields.push_back(Resolve("event_time"));
  fields.push_back(Resolve("errorCode", FieldView::kSplunkAddOn));
  fields.push_back(Resolve("userName", FieldView::kSplunkAddOn));
  fields.push_back(Resolve("src_ip", FieldView::kSplunkAddOn));
  return fields;
}

const char* const kEdgeRecords[] = {
    R"({})",
    R"({"a":{"b":1},"a":{"b":2}})",
    R"({"a":{"b":{"c":1}},"a.b":{"c":2}})",
    R"({"a.b":{"c":2},"a":{"b":{"c":1}}})",
    R"({"a.b.c":3,"a.b":{"c":2},"a":{"b":{"c":1}}})",
    R"({"a.b":{},"a":{"b":{"c":1}}})",
    R"({"a.b":5,"a.b":{"c":7}})",
    R"({"a":[{"b":1},{"b":[2,3]},{"c":4},5,[6]]})",
    R"({"a":[[1,2],[3,[4]],{}],"n":null})",
    R"({"a":[]} )",
    R"({"a":{}})",
    R"({"a":{"b":[{"c":1},{"c":2}],"b":[{"c":3}]}})",
    R"({"a":[{"b":[{"c":1},{"c":2}]},{"b":[{"c":3}]},{"b":{"c":9}}]})",
    R"({"a":[{"b.c":1,"b":{"c":0}},{"b":{"c":2}}]})",
    R"({"big":123456789012345678901234567890,"neg":-9223372036854775808,"f":1.5e300,"e":1E400,"z":-0.0})",
    R"({"big":18446744073709551615,"neg":9223372036854775807,"f":0.1,"e":-1e-400,"z":100e-2})",
    R"({"s":"a\"b\\c\/d\u00e9\ud83d\ude00\n\t","u":"h\u00e9llo w\u00f6rld","t":"\u0000x"})",
    R"({"x":{"y":{"z":[1,{"\u0061":"b"}]}},"x.y":null})",
    R"({"q":[],"o":{},"k":{"l":{"m":"deep"}},"k.l":{"m":"flat"},"k.l.m":"flattest"})",
    R"({"dup":{"k":1},"dup":2,"dup":{"k":[3]}})",
    R"({"arr":[{"x":{"y":1}},{"x.y":2},{"x":{"y":3},"x.y":4},{"x":5}]})",
    R"({"m":[{"n":1},{"n":2}],"m.n":"flat"})",
    R"({"unmapped":{"additionalEventData.MFAUsed":"No","additionalEventData":{"MFAUsed":"Yes"}}})",
    R"({"a":[1,2,3,4,5,6,7,8,9,10],"a.b":1})",
    R"({"a" : { "b" : [ 1 , 2.50 , true , false , null , "x" , { "k" : "v" } ] } , "t" : "é"})",
    R"({"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R/sess","sessionContext":{"sessionIssuer":{"userName":"R"}}},"errorCode":""})",
    R"({"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/R/"},"errorCode":null})",
    R"({"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/Role/s","userIdentity.type":"x"},"errorCode":{"a":1}})",
    R"({"userIdentity":{"type":"Root","accountId":"1"},"userIdentity":{"type":"IAMUser","userName":"bob"}})",
    R"({"userIdentity":["not","object"],"errorCode":"AccessDenied"})",
    R"({"userIdentity":{"type":"IdentityCenterUser","onBehalfOf":{"userId":"u-1"},"onBehalfOf.userId":"flat"}})",
    R"({"userIdentity":{"type":"AWSService","invokedBy":"ec2.amazonaws.com","userName":7}})",
    R"({"userIdentity":{"type":"FederatedUser","arn":"arn:aws:sts::1:federated-user/fed","principalId":"p"}})",
    R"({"userIdentity":{"type":"Unknown","principalId":"","accountId":"123"}})",
    R"({"userIdentity":{}})",
    // Implicit arrays.
    R"({"requestParameters":{"instanceIds":["i-1","i-2"],"ipPermissions":{"items":[{"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"},{"cidrIp":"10.0.0.0/8"}]}},{"ipRanges":{"items":[]}},{"ipRanges":{}},{"ipRanges":{"items":[{"cidrIp":"192.0.2.0/24"}]}}]},"instancesSet":{"items":[{"instanceId":"i-1"},{"other":1},{"instanceId":["i-3",["i-4"]]}]}},"resources":[{"ARN":"arn:1"},{"type":"t"},{"ARN":"arn:2"}]})",
    R"({"requestParameters":{"instanceIds":[],"ipPermissions":{"items":[]}},"resources":[]})",
    R"({"requestParameters":{"instanceIds":[[]],"createVolumePermission":{"add":{"items":[{"group":"all"}]}}},"resources":[{"ARN":"only"}]})",
    R"({"requestParameters":{"createVolumePermission":{"add":{"items":[{"group":"all"},{"userId":"1"},{"group":["x",{"y":1}]},"s",5,null,[{"group":"deep"}]]}}}})",
    R"({"g":[[["x"]],[],[[]],{"h":[{"i":1},[{"i":2}],{"h.i":3},"h"]},{"h.i":4,"h":{"i":5}},{"h":[[]]}]})",
    R"({"g":{"h":[{"i":[1,[2,[3]]]},{"i":{"j":4}}],"h.i":[5]},"s":["a",["b",["c",[]]]]})",
    R"({"a":[[[[[1]]]],[{"b":[[{"c":[2,[3]]}]]}],{"b.c":[4],"b":{"c":5}},{"b":[{"c.d":6,"c":{"d":7}}]}]})",
    R"({"a":[{"b":[1,2]},{"b":{"c":[3]}},{"b.c":[4,[5]]}],"a.b":null})",
    R"({"a":{"b":[1,{"c":2}],"b":[{"c":3},[4]]},"n":[null,[null]],"o":[{},{}],"q":[[],[[]]]})",
    R"({"dup":[{"k":1},{"k":2,"k":3}],"dup":[{"k":4},{"k":[5,6]}],"x":[{"y":[{"z":1}]},{"y.z":2}]})",
    R"({"requestParameters":[{"instanceIds":["a"]},{"instanceIds":"b"}],"userIdentity":[{"type":"t1"},{"type":"t2"}],"errorCode":[],"eventName":["A","B"]})",
    R"({"errorCode":["AccessDenied",""],"resources":{"ARN":"obj"}})",
};

}  // namespace

TEST_CASE("projection: equals Event::Get on handcrafted edge records") {
  const auto fields = AllFields();
  for (const char* json : kEdgeRecords) {
    CAPTURE(json);
    CheckSame(PaddedRecord(json), fields);
  }
  CheckSame(PaddedRecord(R"({"eventTime":"2024-01-15T10:00:00Z"})",
                         testing_support::kT0),
            fields);
}

TEST_CASE("projection: equals Event::Get on every sample record") {
  const auto fields = AllFields();
  const std::string dir = std::string(TRAILHUNT_SAMPLE_DIR) + "/data";
  auto sources = trailhunt::ExpandPaths({dir});
  REQUIRE(sources.ok());
  size_t records = 0;
  for (const auto& source : *sources) {
    auto collected = testing_support::ReadAny(source);
    for (const auto& r : collected.records) {
      PaddedRecord rec(r.json, r.time_ns);
      CheckSame(rec, fields);
      ++records;
    }
  }
  CHECK(records > 10);
}

TEST_CASE("projection: one slot array reused across records stays exact") {
  const auto fields = AllFields();
  ProjectionBuilder b;
  for (const ResolvedField& f : fields) b.Add(f);
  auto p = b.Build();
  std::vector<Value> slots(p->slot_count());
  ProjectionError error;
  for (int round = 0; round < 2; ++round) {
    for (const char* json : kEdgeRecords) {
      PaddedRecord rec(json);
      auto event = Event::FromRecord(rec.record);
      REQUIRE(event.ok());
      REQUIRE(p->Extract(rec.record, absl::MakeSpan(slots), &error));
      for (size_t i = 0; i < p->slot_count(); ++i) {
        CHECK_MESSAGE(slots[i] == event->Get(p->fields()[i]), p->fields()[i].name << " in " << json);
      }
    }
  }
}

TEST_CASE("projection: indices that meet the same element, from both ends") {
  std::vector<ResolvedField> fields;
  for (const char* path : {"a[0]", "a[-3]", "a[2].b", "a[-1].b", "a{}.b", "a[1]", "a[-2]{}"}) {
    fields.push_back(Resolve(path));
  }
  for (const char* json : {R"({"a":[{"b":1},[2,3],{"b":3}]})", R"({"a":[{"b":1}]})",
                           R"({"a":[]})", R"({"a":[[0],{"b":[1,2]},{"b":null},{"b":{}}]})"}) {
    CAPTURE(json);
    CheckSame(PaddedRecord(json), fields);
  }
}

TEST_CASE("projection: Value setters reuse storage and leave no stale content") {
  Value v = Value::Multi({Value::String("a"), Value::Int(1)});
  v.SetString("x");
  CHECK(v == Value::String("x"));
  CHECK(v.items().empty());
  v.SetInt(3);
  CHECK(v == Value::Int(3));
  CHECK(v.text().empty());
  v.SetJson("{}");
  CHECK(v == Value::Json("{}"));
  std::vector<Value>& items = v.SetMulti(2);
  items[0].SetBool(true);
  items[1].SetNull();
  CHECK(v == Value::Multi({Value::Bool(true), Value::Null()}));
  v.SetNumberText("1e400");
  CHECK(v == Value::NumberText("1e400"));
  v.SetDouble(0.5);
  CHECK(v == Value::Double(0.5));
  v.SetMissing();
  CHECK(v.is_missing());
}

TEST_CASE("projection: slots dedupe and keep first-added order") {
  ProjectionBuilder b;
  CHECK(b.Add(Resolve("eventName")) == 0);
  CHECK(b.Add(Resolve("$.eventName")) == 0);
  CHECK(b.Add(Resolve("principal")) == 1);
  CHECK(b.Add(Resolve("user", FieldView::kSplunkAddOn)) == 1);
  CHECK(b.Add(Resolve("errorCode")) == 2);
  CHECK(b.Add(Resolve("errorCode", FieldView::kSplunkAddOn)) == 3);
  CHECK(b.slot_count() == 4);
  auto p = b.Build();
  CHECK(p->slot_count() == 4);
  CHECK(b.slot_count() == 0);
  CHECK(p->fields()[0].name == "eventName");
}

TEST_CASE("projection: depth beyond the limit is an error, not a crash") {
  std::string deep = R"({"a":)";
  for (int i = 0; i < 300; ++i) deep += R"({"a":)";
  deep += "1";
  for (int i = 0; i < 301; ++i) deep += "}";
  PaddedRecord rec(deep);
  ProjectionBuilder b;
  b.Add(Resolve("a"));
  auto p = b.Build();
  std::vector<Value> slots(1);
  ProjectionError error;
  trailhunt::Limits limits;
  limits.max_depth = 64;
  CHECK_FALSE(p->Extract(rec.record, absl::MakeSpan(slots), &error, limits));
  CHECK(error.message.find("deeper than 64") != std::string::npos);
  // A projection that never enters the deep part skips it (the reader has
  // bounded the record already), so the record is not rejected.
  ProjectionBuilder b2;
  b2.Add(Resolve("eventName"));
  auto p2 = b2.Build();
  CHECK(p2->Extract(rec.record, absl::MakeSpan(slots), &error, limits));
  CHECK(slots[0].is_missing());
}

TEST_CASE("projection: an empty projection accepts any record") {
  ProjectionBuilder b;
  auto p = b.Build();
  PaddedRecord rec(R"({"a":1})");
  ProjectionError error;
  CHECK(p->Extract(rec.record, {}, &error));
}

TEST_CASE("projection: implicit arrays, concrete values and a separate slot per mode") {
  ProjectionBuilder b;
  const SlotIndex plain = b.Add(Resolve("requestParameters.instanceIds"));
  const SlotIndex implicit = b.Add(ResolveImplicit("requestParameters.instanceIds"));
  const SlotIndex again = b.Add(ResolveImplicit("$.requestParameters.instanceIds"));
  const SlotIndex cidr = b.Add(ResolveImplicit("requestParameters.ipPermissions.items.ipRanges.items.cidrIp"));
  const SlotIndex arn = b.Add(ResolveImplicit("resources.ARN"));
  const SlotIndex params = b.Add(ResolveImplicit("requestParameters"));
  const SlotIndex group = b.Add(ResolveImplicit("requestParameters.createVolumePermission.add.items.group"));
  CHECK(plain != implicit);
  CHECK(again == implicit);
  REQUIRE(b.slot_count() == 6);
  auto p = b.Build();
  const char* json =
      R"({"requestParameters":{"instanceIds":["i-1",["i-2"]],"ipPermissions":{"items":[)"
      R"({"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}},{"ipRanges":{"items":[{"cidrIp":"10.0.0.0/8"}]}}]},)"
      R"("createVolumePermission":{"add":{"items":[{"group":"all"}]}}},"resources":[{"ARN":"arn:1"},{"type":"x"}]})";
  PaddedRecord rec(json);
  std::vector<Value> slots(p->slot_count());
  ProjectionError error;
  REQUIRE(p->Extract(rec.record, absl::MakeSpan(slots), &error));
  CHECK(slots[plain] == Value::Json(R"(["i-1",["i-2"]])"));
  CHECK(slots[implicit] == Value::Multi({Value::String("i-1"), Value::String("i-2")}));
  CHECK(slots[cidr] == Value::Multi({Value::String("0.0.0.0/0"), Value::String("10.0.0.0/8")}));
  CHECK(slots[arn] == Value::String("arn:1"));
  CHECK(slots[group] == Value::String("all"));
  REQUIRE(slots[params].kind() == Value::Kind::kJson);
  CHECK(slots[params].text().find(R"("instanceIds":["i-1",["i-2"]])") != std::string::npos);
  // An empty array reads as Missing, as `{}` on it does.
  PaddedRecord empty(R"({"requestParameters":{"instanceIds":[]},"resources":[]})");
  REQUIRE(p->Extract(empty.record, absl::MakeSpan(slots), &error));
  CHECK(slots[plain] == Value::Json("[]"));
  CHECK(slots[implicit].is_missing());
  CHECK(slots[arn].is_missing());
  CHECK(slots[params] == Value::Json(R"({"instanceIds":[]})"));
}

TEST_CASE("projection: implicit arrays nested to the depth limit") {
  // The trie loops on itself for nested arrays; the walk is bounded by the
  // record's own depth.
  std::string deep = R"({"a":)";
  for (int i = 0; i < 200; ++i) deep += R"([{"b":1},)";
  deep += R"({"b":2})";
  for (int i = 0; i < 200; ++i) deep += "]";
  deep += "}";
  PaddedRecord rec(deep);
  std::vector<ResolvedField> fields = {ResolveImplicit("a.b"), ResolveImplicit("a"),
                                       ResolveImplicit("a{}.b")};
  CheckSame(rec, fields);
  ProjectionBuilder b;
  b.Add(fields[0]);
  auto p = b.Build();
  std::vector<Value> slots(1);
  ProjectionError error;
  REQUIRE(p->Extract(rec.record, absl::MakeSpan(slots), &error));
  REQUIRE(slots[0].is_multi());
  CHECK(slots[0].items().size() == 201);
  CHECK(slots[0].items().back() == Value::Int(2));
  trailhunt::Limits limits;
  limits.max_depth = 64;
  CHECK_FALSE(p->Extract(rec.record, absl::MakeSpan(slots), &error, limits));
  CHECK(error.message.find("deeper than 64") != std::string::npos);
}
