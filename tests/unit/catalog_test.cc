#include <doctest/doctest.h>

#include "trailhunt/catalog.h"
#include "trailhunt/event.h"

using trailhunt::Catalog;
using trailhunt::ComputedField;
using trailhunt::Event;
using trailhunt::FieldView;
using trailhunt::Provenance;
using trailhunt::Value;

namespace {

const char kDenied[] = R"({"eventVersion":"1.05","userIdentity":{"type":"IAMUser","userName":"web_admin",
"arn":"arn:aws:iam::111122223333:user/web_admin"},"eventTime":"2018-08-01T14:30:00Z",
"eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"us-east-1",
"sourceIPAddress":"203.0.113.77","userAgent":"aws-cli/1.16","errorCode":"AccessDenied",
"errorMessage":"User: arn:aws:iam::111122223333:user/web_admin is not authorized to perform: iam:CreateUser"})";

const char kSuccess[] = R"({"eventVersion":"1.05","userIdentity":{"type":"AssumedRole",
"arn":"arn:aws:sts::1:assumed-role/Ops/alice","sessionContext":{"sessionIssuer":{"userName":"Ops"}}},
"eventName":"DescribeInstances","awsRegion":"us-west-2","sourceIPAddress":"198.51.100.1"})";

Value Resolve(const Event& e, const char* name, FieldView view, std::string* warning = nullptr) {
  auto f = Catalog::Default().Resolve(name, view);
  REQUIRE(f.ok());
  if (warning) *warning = f->warning;
  return e.Get(*f);
}

}  // namespace

TEST_CASE("catalog: add-on names for the blog's third search") {
  Event e = *Event::Parse(kDenied);
  const auto v = FieldView::kSplunkAddOn;
  std::string warning;
  CHECK(Resolve(e, "awsregion", v, &warning) == Value::String("us-east-1"));
  CHECK(warning.find("awsRegion") != std::string::npos);
  CHECK(Resolve(e, "eventName", v, &warning) == Value::String("CreateUser"));
  CHECK(warning.empty());
  CHECK(Resolve(e, "userName", v) == Value::String("web_admin"));
  CHECK(Resolve(e, "src_ip", v) == Value::String("203.0.113.77"));
  CHECK(Resolve(e, "src", v) == Value::String("203.0.113.77"));
  CHECK(Resolve(e, "userAgent", v) == Value::String("aws-cli/1.16"));
  CHECK(Resolve(e, "errorMessage", v).text().find("iam:CreateUser") != std::string::npos);
  CHECK(Resolve(e, "region", v) == Value::String("us-east-1"));
  CHECK(Resolve(e, "user", v) == Value::String("web_admin"));
}

TEST_CASE("catalog: username resolves case-insensitively with a warning") {
  Event e = *Event::Parse(kDenied);
  std::string warning;
  CHECK(Resolve(e, "username", FieldView::kSplunkAddOn, &warning) == Value::String("web_admin"));
  CHECK(warning.find("'username' resolved to 'userName'") != std::string::npos);
  CHECK(Resolve(e, "AdditionalEventData.MFAUsed", FieldView::kRaw, &warning).is_missing());
  CHECK(warning.find("additionalEventData.MFAUsed") != std::string::npos);
}

TEST_CASE("catalog: errorCode reads success under the add-on view only") {
  Event ok = *Event::Parse(kSuccess);
  Event denied = *Event::Parse(kDenied);
  CHECK(Resolve(ok, "errorCode", FieldView::kSplunkAddOn) == Value::String("success"));
  CHECK(Resolve(ok, "errorCode", FieldView::kRaw).is_missing());
  CHECK(Resolve(denied, "errorCode", FieldView::kSplunkAddOn) == Value::String("AccessDenied"));
}

TEST_CASE("catalog: add-on names are invisible in the raw view") {
  Event e = *Event::Parse(kSuccess);
  CHECK(Resolve(e, "src_ip", FieldView::kRaw).is_missing());
  CHECK(Resolve(e, "principal", FieldView::kRaw) == Value::String("Ops"));
  CHECK(Resolve(e, "session_name", FieldView::kRaw) == Value::String("alice"));
  CHECK(Resolve(e, "userName", FieldView::kRaw).is_missing());
}

TEST_CASE("catalog: plain paths stay case-sensitive and resolve exactly") {
  auto f = Catalog::Default().Resolve("requestParameters.instancesSet.items{}.instanceId",
                                      FieldView::kSplunkAddOn);
  REQUIRE(f.ok());
  CHECK(f->computed == ComputedField::kNone);
  CHECK(f->warning.empty());
  CHECK(f->path.is_multivalue());
  auto bad = Catalog::Default().Resolve("a..b", FieldView::kRaw);
  CHECK_FALSE(bad.ok());
  auto unknown = Catalog::Default().Resolve("someField", FieldView::kRaw);
  REQUIRE(unknown.ok());
  CHECK(unknown->entry == nullptr);
}

TEST_CASE("catalog: every add-on entry says where it comes from") {
  int inferred = 0;
  for (const auto& entry : Catalog::Default().entries()) {
    CAPTURE(entry.name);
    CHECK_FALSE(entry.description.empty());
    if (entry.view == FieldView::kSplunkAddOn && entry.provenance == Provenance::kInferred) ++inferred;
  }
  CHECK(inferred >= 5);
  CHECK(Catalog::IsTopLevelField("vpcEndpointAccountId"));
  CHECK(Catalog::IsTopLevelField("eventContext"));
  CHECK_FALSE(Catalog::IsTopLevelField("src_ip"));
}
