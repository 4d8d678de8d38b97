// The compliance packs (cis, cis-v5, securityhub): every CIS AWS Foundations
// monitoring control 4.1-4.15 is there once, carries its compliance
// reference, and its filter pattern fires on the records the benchmark
// means and on none of the near misses (wrong case, absent field, the field
// as an object, a neighbouring eventName, the wrong eventSource). The
// records are written here, so the expectations are a second reading of
// CloudWatch's documented semantics, not of the evaluator's.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "trailhunt/hunt.h"
#include "trailhunt/packs.h"
#include "trailhunt/sigma.h"

namespace packs = trailhunt::packs;
namespace sigma = trailhunt::sigma;

namespace {

std::string AllDiagnostics(const std::vector<sigma::Diagnostic>& diagnostics) {
  std::string text;
  for (const sigma::Diagnostic& d : diagnostics) text += d.ToString() + "\n";
  return text;
}

// One compiled compliance pack and where each control's rule sits in it.
struct CompiledPack {
  std::string name;
  sigma::RuleCollection rules;
  std::shared_ptr<const trailhunt::RuleSet> set;
  std::map<std::string, uint32_t> rule_of_control;  // "4.1" -> detection index
};

CompiledPack Compile(std::string_view pack) {
  CompiledPack out;
  out.name = std::string(pack);
  REQUIRE(packs::LoadPack(pack, sigma::LoadOptions(), &out.rules));
  INFO(AllDiagnostics(out.rules.diagnostics));
  REQUIRE(out.rules.diagnostics.empty());
  std::vector<sigma::Diagnostic> diagnostics;
  out.set = trailhunt::RuleSet::Compile(out.rules, trailhunt::RuleSetOptions(), &diagnostics);
  INFO(AllDiagnostics(diagnostics));
  REQUIRE(out.set != nullptr);
  REQUIRE(diagnostics.empty());
  for (uint32_t i = 0; i < out.set->detection_count(); ++i) {
    out.rule_of_control[out.set->rule(i).info.compliance.control] = i;
  }
  return out;
}

const CompiledPack& Pack(std::string_view name) {
  static const std::map<std::string, CompiledPack>* const kPacks = [] {
    auto* compiled = new std::map<std::string, CompiledPack>();
    for (std::string_view pack : {"cis", "cis-v5", "securityhub"}) {
      compiled->emplace(std::string(pack), Compile(pack));
    }
    return compiled;
  }();
  return kPacks->at(std::string(name));
}

// A CloudTrail record with the fields every record has plus `body` (which
// must not repeat them).
std::string Rec(std::string_view body) {
  std::string json = R"({"eventVersion":"1.08","eventTime":"2024-01-15T10:00:00Z",)"
                     R"("awsRegion":"us-east-1","eventID":"e-1")";
  if (!body.empty()) json += "," + std::string(body);
  return json + "}";
}

// Whether `control`'s rule in `pack` fires on `json`.
bool Fires(std::string_view pack, std::string_view control, const std::string& json) {
  const CompiledPack& compiled = Pack(pack);
  const auto rule = compiled.rule_of_control.find(std::string(control));
  REQUIRE_MESSAGE(rule != compiled.rule_of_control.end(), pack << " has no control " << control);
  trailhunt::RuleEvaluator evaluator(compiled.set);
  auto matched = evaluator.EvaluateJson(json);
  REQUIRE_MESSAGE(matched.ok(), matched.status().ToString());
  return std::find(matched->begin(), matched->end(), rule->second) != matched->end();
}

// What each pack must answer for one record: cis, cis-v5, securityhub.
struct Expect {
  bool cis;
  bool v5;
  bool securityhub;
};
constexpr Expect kAll{true, true, true};
constexpr Expect kNone{false, false, false};

void Check(std::string_view control, std::string_view why, const std::string& json,
           Expect expect) {
  CAPTURE(control);
  CAPTURE(why);
  CAPTURE(json);
  CHECK(Fires("cis", control, json) == expect.cis);
  CHECK(Fires("cis-v5", control, json) == expect.v5);
  if (control != "4.15") CHECK(Fires("securityhub", control, json) == expect.securityhub);
}

// A control that is a list of eventNames, optionally guarded by one
// eventSource; `neighbour` is a real API call next to the list that must
// not fire.
struct NameListControl {
  std::string control;
  std::string source;  // "" when the pattern has no eventSource guard
  std::vector<std::string> names;
  std::string neighbour;
};

const std::vector<NameListControl>& NameListControls() {
  static const std::vector<NameListControl> kControls = {
      {"4.4", "",
       {"DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy",
        "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion",
        "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy",
        "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy"},
       "GetPolicyVersion"},
      {"4.5", "", {"CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"},
       "PutEventSelectors"},
      {"4.7", "kms.amazonaws.com", {"DisableKey", "ScheduleKeyDeletion"}, "CancelKeyDeletion"},
      {"4.8", "s3.amazonaws.com",
       {"PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle",
        "PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle",
        "DeleteBucketReplication"},
       "GetBucketPolicy"},
      {"4.9", "config.amazonaws.com",
       {"StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel",
        "PutConfigurationRecorder"},
       "StartConfigurationRecorder"},
      {"4.10", "",
       {"AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress",
        "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup",
        "DeleteSecurityGroup"},
       "DescribeSecurityGroups"},
      {"4.11", "",
       {"CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry",
        "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"},
       "DescribeNetworkAcls"},
      {"4.12", "",
       {"CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway",
        "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"},
       "CreateVpnGateway"},
      {"4.13", "",
       {"CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation",
        "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"},
       "AssociateRouteTable"},
      {"4.14", "",
       {"CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection",
        "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection",
        "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink",
        "EnableVpcClassicLink"},
       "DescribeVpcs"},
      {"4.15", "organizations.amazonaws.com",
       {"AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit",
        "CreatePolicy", "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit",
        "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType",
        "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount",
        "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit"},
       "DescribeOrganization"},
  };
  return kControls;
}

std::string Named(std::string_view name, std::string_view source) {
  std::string body = R"("eventName":")" + std::string(name) + "\"";
  if (!source.empty()) body += R"(,"eventSource":")" + std::string(source) + "\"";
  return Rec(body);
}

}  // namespace

TEST_CASE("each compliance pack loads with no diagnostic and holds each control once") {
  struct Want {
    std::string_view pack;
    std::string_view benchmark;
    size_t rules;
  };
  const Want wants[] = {
      {"cis", "CIS AWS Foundations Benchmark v3.0.0", 15},
      {"cis-v5", "CIS AWS Foundations Benchmark v5.0.0", 15},
      {"securityhub", "AWS Security Hub CloudWatch controls (CIS AWS Foundations 4.1-4.14 numbering)", 14},
  };
  // The Security Hub control each CIS control maps to ("" for none).
  const std::map<std::string, std::string> securityhub = {
      {"4.1", "CloudWatch.2"},   {"4.2", "CloudWatch.3"},   {"4.3", "CloudWatch.1"},
      {"4.4", "CloudWatch.4"},   {"4.5", "CloudWatch.5"},   {"4.6", "CloudWatch.6"},
      {"4.7", "CloudWatch.7"},   {"4.8", "CloudWatch.8"},   {"4.9", "CloudWatch.9"},
      {"4.10", "CloudWatch.10"}, {"4.11", "CloudWatch.11"}, {"4.12", "CloudWatch.12"},
      {"4.13", "CloudWatch.13"}, {"4.14", "CloudWatch.14"}, {"4.15", ""},
  };
  // CIS profile levels, the same in v3.0.0 and v5.0.0 for 4.1-4.15.
  const std::map<std::string, std::string> profile = {
      {"4.1", "Level 2"},  {"4.2", "Level 1"},  {"4.3", "Level 1"},  {"4.4", "Level 1"},
      {"4.5", "Level 1"},  {"4.6", "Level 2"},  {"4.7", "Level 2"},  {"4.8", "Level 1"},
      {"4.9", "Level 2"},  {"4.10", "Level 2"}, {"4.11", "Level 2"}, {"4.12", "Level 1"},
      {"4.13", "Level 1"}, {"4.14", "Level 1"}, {"4.15", "Level 1"},
  };
  for (const Want& want : wants) {
    CAPTURE(want.pack);
    const CompiledPack& pack = Pack(want.pack);
    CHECK(pack.rules.correlations.empty());
    REQUIRE(pack.rules.rules.size() == want.rules);
    CHECK(pack.set->detection_count() == want.rules);
    std::map<std::string, int> seen;
    for (const sigma::DetectionRule& rule : pack.rules.rules) {
      const sigma::RuleInfo& info = rule.info;
      CAPTURE(info.title);
      CHECK(info.language == sigma::RuleLanguage::kFilterPattern);
      CHECK_FALSE(rule.filter_pattern.empty());
      CHECK(info.status == "stable");
      CHECK(info.author == "trailhunt");
      CHECK(info.logsource.product == "aws");
      CHECK(info.logsource.service == "cloudtrail");
      CHECK(info.compliance.benchmark == want.benchmark);
      ++seen[info.compliance.control];
      REQUIRE(securityhub.count(info.compliance.control) == 1);
      CHECK(info.compliance.securityhub == securityhub.at(info.compliance.control));
      if (want.pack == "securityhub") {
        CHECK(info.compliance.profile.empty());
        CHECK(info.title.find("log metric filter and alarm") != std::string::npos);
      } else {
        CHECK(info.compliance.profile == profile.at(info.compliance.control));
        CHECK(info.title.rfind("Ensure ", 0) == 0);
        CHECK(info.title.size() > 17);
        CHECK(info.title.substr(info.title.size() - 10) == " monitored");
      }
      CHECK_FALSE(info.description.empty());
      CHECK(info.references.size() >= 2);
    }
    CHECK(seen.size() == want.rules);  // before the loop below adds absent keys
    for (const auto& entry : securityhub) {
      const std::string& control = entry.first;
      CAPTURE(control);
      const int expected = (want.pack == "securityhub" && entry.second.empty()) ? 0 : 1;
      CHECK(seen[control] == expected);
    }
  }
}

TEST_CASE("pack files sort in control order, and titles are the benchmark's own") {
  const std::vector<packs::PackFile> cis = packs::PackFiles("cis");
  REQUIRE(cis.size() == 15);
  CHECK(cis.front().name == "cis/cis_4_01_unauthorized_api_calls.yml");
  CHECK(cis.back().name == "cis/cis_4_15_organizations_changes.yml");
  const CompiledPack& v3 = Pack("cis");
  for (size_t i = 0; i < v3.rules.rules.size(); ++i) {
    CHECK(v3.rules.rules[i].info.compliance.control == "4." + std::to_string(i + 1));
  }
  CHECK(v3.rules.rules[0].info.title == "Ensure unauthorized API calls are monitored");
  CHECK(v3.rules.rules[2].info.title == "Ensure usage of 'root' account is monitored");
  CHECK(v3.rules.rules[10].info.title ==
        "Ensure Network Access Control Lists (NACL) changes are monitored");
  const CompiledPack& v5 = Pack("cis-v5");
  CHECK(v5.rules.rules[2].info.title == "Ensure usage of the 'root' account is monitored");
  CHECK(v5.rules.rules[10].info.title ==
        "Ensure Network Access Control List (NACL) changes are monitored");
  // Security Hub files sort by CloudWatch.N, which is not CIS order.
  const CompiledPack& sh = Pack("securityhub");
  REQUIRE(sh.rules.rules.size() == 14);
  CHECK(sh.rules.rules[0].info.compliance.securityhub == "CloudWatch.1");
  CHECK(sh.rules.rules[0].info.compliance.control == "4.3");
  CHECK(sh.rules.rules[0].info.title ==
        "A log metric filter and alarm should exist for usage of the \"root\" user");
  CHECK(sh.rules.rules[13].info.compliance.securityhub == "CloudWatch.14");
  // Ids are distinct across the three packs.
  std::vector<std::string> ids;
  for (const CompiledPack* pack : {&v3, &v5, &sh}) {
    for (const sigma::DetectionRule& rule : pack->rules.rules) ids.push_back(rule.info.id);
  }
  std::sort(ids.begin(), ids.end());
  CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
  CHECK(ids.size() == 44);
}

TEST_CASE("4.1: the exclusions guard only the AccessDenied branch (&& binds before ||)") {
  const char* c = "4.1";
  Check(c, "UnauthorizedOperation from the log delivery service",
        Rec(R"("eventName":"DescribeInstances","errorCode":"Client.UnauthorizedOperation",)"
            R"("sourceIPAddress":"delivery.logs.amazonaws.com")"),
        kAll);
  Check(c, "UnauthorizedOperation on HeadBucket",
        Rec(R"("eventName":"HeadBucket","errorCode":"Client.UnauthorizedOperation",)"
            R"("sourceIPAddress":"203.0.113.9")"),
        kAll);
  Check(c, "UnauthorizedOperation with neither exclusion field present",
        Rec(R"("errorCode":"UnauthorizedOperation")"), kAll);
  Check(c, "AccessDenied from the log delivery service: excluded by CIS only",
        Rec(R"("eventName":"PutObject","errorCode":"AccessDenied",)"
            R"("sourceIPAddress":"delivery.logs.amazonaws.com")"),
        {false, false, true});
  Check(c, "AccessDenied on HeadBucket: excluded by CIS only",
        Rec(R"("eventName":"HeadBucket","errorCode":"AccessDenied","sourceIPAddress":"203.0.113.9")"),
        {false, false, true});
  Check(c, "AccessDenied from an address on another call",
        Rec(R"("eventName":"CreateUser","errorCode":"AccessDenied","sourceIPAddress":"203.0.113.9")"),
        kAll);
  Check(c, "AccessDeniedException: the wildcard is a prefix match",
        Rec(R"("eventName":"GetSecretValue","errorCode":"AccessDeniedException",)"
            R"("sourceIPAddress":"203.0.113.9")"),
        kAll);
  Check(c, "AccessDenied without sourceIPAddress: != on an absent field is false",
        Rec(R"("eventName":"CreateUser","errorCode":"AccessDenied")"), {false, false, true});
  Check(c, "AccessDenied without eventName: != on an absent field is false",
        Rec(R"("errorCode":"AccessDenied","sourceIPAddress":"203.0.113.9")"), {false, false, true});
  Check(c, "wrong case", Rec(R"("eventName":"CreateUser","errorCode":"accessdenied",)"
                             R"("sourceIPAddress":"203.0.113.9")"),
        kNone);
  Check(c, "wrong case of the suffix",
        Rec(R"("errorCode":"Client.unauthorizedoperation","sourceIPAddress":"203.0.113.9")"), kNone);
  Check(c, "the suffix wildcard is anchored at the end",
        Rec(R"("errorCode":"UnauthorizedOperationPending","eventName":"CreateUser",)"
            R"("sourceIPAddress":"203.0.113.9")"),
        kNone);
  Check(c, "a neighbouring error code",
        Rec(R"("eventName":"CreateUser","errorCode":"NoSuchEntityException",)"
            R"("sourceIPAddress":"203.0.113.9")"),
        kNone);
  Check(c, "errorCode as an object",
        Rec(R"("eventName":"CreateUser","errorCode":{"code":"AccessDenied"},)"
            R"("sourceIPAddress":"203.0.113.9")"),
        kNone);
  Check(c, "a successful call has no errorCode",
        Rec(R"("eventName":"CreateUser","sourceIPAddress":"203.0.113.9")"), kNone);
}

TEST_CASE("4.2: sign-in without MFA; v5 and Security Hub also need a successful IAM user") {
  const char* c = "4.2";
  auto login = [](std::string_view mfa_used, std::string_view type, std::string_view result) {
    std::string body = R"("eventName":"ConsoleLogin","eventSource":"signin.amazonaws.com")";
    if (!type.empty()) body += R"(,"userIdentity":{"type":")" + std::string(type) + "\"}";
    if (!mfa_used.empty()) body += R"(,"additionalEventData":)" + std::string(mfa_used);
    if (!result.empty()) {
      body += R"(,"responseElements":{"ConsoleLogin":")" + std::string(result) + "\"}";
    }
    return Rec(body);
  };
  Check(c, "IAM user, successful, MFAUsed No", login(R"({"MFAUsed":"No"})", "IAMUser", "Success"),
        kAll);
  Check(c, "MFAUsed Yes", login(R"({"MFAUsed":"Yes"})", "IAMUser", "Success"), kNone);
  Check(c, "no MFAUsed in additionalEventData: != on an absent field is false",
        login(R"({"MobileVersion":"No"})", "IAMUser", "Success"), kNone);
  Check(c, "no additionalEventData at all", login("", "IAMUser", "Success"), kNone);
  Check(c, "MFAUsed null is no match for != (only IS NULL matches null)",
        login(R"({"MFAUsed":null})", "IAMUser", "Success"), kNone);
  Check(c, "MFAUsed as an object", login(R"({"MFAUsed":{"value":"No"}})", "IAMUser", "Success"),
        kNone);
  Check(c, "MFAUsed YES differs from Yes: comparison is case-sensitive",
        login(R"({"MFAUsed":"YES"})", "IAMUser", "Success"), kAll);
  Check(c, "an assumed-role (federated) sign-in: only the plain CIS form",
        login(R"({"MFAUsed":"No"})", "AssumedRole", "Success"), {true, false, false});
  Check(c, "a failed sign-in: only the plain CIS form",
        login(R"({"MFAUsed":"No"})", "IAMUser", "Failure"), {true, false, false});
  Check(c, "a sign-in without responseElements: only the plain CIS form",
        login(R"({"MFAUsed":"No"})", "IAMUser", ""), {true, false, false});
  Check(c, "the user type in the wrong case",
        login(R"({"MFAUsed":"No"})", "iamuser", "Success"), {true, false, false});
  Check(c, "eventName in the wrong case",
        Rec(R"("eventName":"consolelogin","userIdentity":{"type":"IAMUser"},)"
            R"("additionalEventData":{"MFAUsed":"No"},"responseElements":{"ConsoleLogin":"Success"})"),
        kNone);
  Check(c, "a neighbouring sign-in event",
        Rec(R"("eventName":"CheckMfa","userIdentity":{"type":"IAMUser"},)"
            R"("additionalEventData":{"MFAUsed":"No"},"responseElements":{"ConsoleLogin":"Success"})"),
        kNone);
}

TEST_CASE("4.3: root used directly, not by a service on its behalf") {
  const char* c = "4.3";
  Check(c, "root API call",
        Rec(R"("eventName":"CreateAccessKey","eventType":"AwsApiCall",)"
            R"("userIdentity":{"type":"Root","arn":"arn:aws:iam::111122223333:root"})"),
        kAll);
  Check(c, "root console sign-in",
        Rec(R"("eventName":"ConsoleLogin","eventType":"AwsConsoleSignIn",)"
            R"("userIdentity":{"type":"Root"})"),
        kAll);
  Check(c, "invokedBy present: a service acted for root",
        Rec(R"("eventName":"CreateStack","eventType":"AwsApiCall",)"
            R"("userIdentity":{"type":"Root","invokedBy":"cloudformation.amazonaws.com"})"),
        kNone);
  Check(c, "an AwsServiceEvent",
        Rec(R"("eventName":"ConsoleLogin","eventType":"AwsServiceEvent","userIdentity":{"type":"Root"})"),
        kNone);
  Check(c, "no eventType: != on an absent field is false",
        Rec(R"("eventName":"CreateAccessKey","userIdentity":{"type":"Root"})"), kNone);
  Check(c, "type in the wrong case",
        Rec(R"("eventName":"CreateAccessKey","eventType":"AwsApiCall","userIdentity":{"type":"root"})"),
        kNone);
  Check(c, "an IAM user",
        Rec(R"("eventName":"CreateAccessKey","eventType":"AwsApiCall","userIdentity":{"type":"IAMUser"})"),
        kNone);
  Check(c, "type as an object",
        Rec(R"("eventName":"CreateAccessKey","eventType":"AwsApiCall",)"
            R"("userIdentity":{"type":{"name":"Root"}})"),
        kNone);
  Check(c, "no userIdentity", Rec(R"("eventName":"CreateAccessKey","eventType":"AwsApiCall")"),
        kNone);
}

TEST_CASE("4.6: console authentication failures") {
  const char* c = "4.6";
  auto failed = [](std::string_view name, std::string_view message) {
    return Rec(R"("eventName":")" + std::string(name) +
               R"(","eventSource":"signin.amazonaws.com","errorMessage":")" +
               std::string(message) + R"(","responseElements":{"ConsoleLogin":"Failure"})");
  };
  Check(c, "a wrong password", failed("ConsoleLogin", "Failed authentication"), kAll);
  Check(c, "message in the wrong case", failed("ConsoleLogin", "failed authentication"), kNone);
  Check(c, "a longer message: values match whole", failed("ConsoleLogin", "Failed authentication."),
        kNone);
  Check(c, "another failure", failed("ConsoleLogin", "No username found in supplied account"),
        kNone);
  Check(c, "a neighbouring event", failed("CheckMfa", "Failed authentication"), kNone);
  Check(c, "no errorMessage",
        Rec(R"("eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Failure"})"), kNone);
  Check(c, "errorMessage as an object",
        Rec(R"("eventName":"ConsoleLogin","errorMessage":{"text":"Failed authentication"})"), kNone);
}

TEST_CASE("event-name controls: every listed call fires, near misses do not") {
  for (const NameListControl& control : NameListControls()) {
    const std::string& c = control.control;
    // Where the pattern has no eventSource guard, any source (or none) fires.
    const std::string source = control.source.empty() ? "ec2.amazonaws.com" : control.source;
    for (const std::string& name : control.names) {
      Check(c, "listed call", Named(name, source), kAll);
    }
    const std::string& first = control.names.front();
    std::string lower = first;
    lower[0] = static_cast<char>(lower[0] - 'A' + 'a');
    Check(c, "eventName in the wrong case", Named(lower, source), kNone);
    Check(c, "eventName with a suffix", Named(first + "s", source), kNone);
    Check(c, "a neighbouring call", Named(control.neighbour, source), kNone);
    Check(c, "eventName as an object",
          Rec(R"("eventName":{"name":")" + first + R"("},"eventSource":")" + source + "\""), kNone);
    Check(c, "no eventName", Rec(R"("eventSource":")" + source + "\""), kNone);
    if (control.source.empty()) {
      Check(c, "no eventSource guard: fires without one", Named(first, ""), kAll);
    } else {
      Check(c, "the wrong eventSource", Named(first, "cloudtrail.amazonaws.com"), kNone);
      std::string upper = control.source;
      upper[0] = static_cast<char>(upper[0] - 'a' + 'A');
      Check(c, "eventSource in the wrong case", Named(first, upper), kNone);
      Check(c, "no eventSource", Named(first, ""), kNone);
      Check(c, "eventSource as an object",
            Rec(R"("eventName":")" + first + R"(","eventSource":{"host":")" + control.source +
                R"("})"),
            kNone);
    }
  }
}

TEST_CASE("4.4 names no eventSource: Organizations CreatePolicy fires it, and 4.15") {
  const std::string org_policy = Named("CreatePolicy", "organizations.amazonaws.com");
  Check("4.4", "Organizations CreatePolicy", org_policy, kAll);
  Check("4.15", "Organizations CreatePolicy", org_policy, {true, true, false});
  Check("4.4", "IAM CreatePolicy", Named("CreatePolicy", "iam.amazonaws.com"), kAll);
  Check("4.15", "IAM CreatePolicy", Named("CreatePolicy", "iam.amazonaws.com"), kNone);
}

TEST_CASE("4.10: ModifySecurityGroupRules is a v5.0.0 addition") {
  const std::string modify = Named("ModifySecurityGroupRules", "ec2.amazonaws.com");
  Check("4.10", "ModifySecurityGroupRules", modify, {false, true, false});
}

TEST_CASE("a record matches only the controls it concerns") {
  // A StopLogging by an IAM user is 4.5 and nothing else in any pack.
  const std::string stop = Rec(
      R"("eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com","eventType":"AwsApiCall",)"
      R"("userIdentity":{"type":"IAMUser","userName":"alice"},"sourceIPAddress":"203.0.113.9")");
  for (std::string_view pack : {"cis", "cis-v5", "securityhub"}) {
    CAPTURE(pack);
    const CompiledPack& compiled = Pack(pack);
    trailhunt::RuleEvaluator evaluator(compiled.set);
    auto matched = evaluator.EvaluateJson(stop);
    REQUIRE(matched.ok());
    CHECK(*matched == std::vector<uint32_t>{compiled.rule_of_control.at("4.5")});
  }
}
