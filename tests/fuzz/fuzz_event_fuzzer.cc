// libFuzzer target: bytes as one record through trailhunt::Event::Parse, then
// every accessor and Get over a set of paths (nested, `{}` multivalue,
// indexes, flat dotted keys as OCSF `unmapped` holds them, quoted keys) and
// over every catalog entry resolved in both views (computed fields too).
//
// An input "<path>\0<json>" also reads <path> (the fuzzer may invent paths).
//
// Checks, aborting when broken: every Value's ToJson() is valid JSON (it is
// wrapped as {"v":...} and parsed back); the document re-serialised by
// AppendJson parses back, and is a fixed point from the second round on.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "trailhunt/catalog.h"
#include "trailhunt/event.h"
#include "trailhunt/time.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_event: invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

trailhunt::Limits FuzzLimits() {
  trailhunt::Limits limits;
  limits.max_depth = 256;  // keeps the recursive walks short; still exercised
  return limits;
}

// Deep enough for any value Parse accepted with FuzzLimits(), plus the wrapper.
trailhunt::Limits CheckLimits() {
  trailhunt::Limits limits;
  limits.max_depth = 1024;
  return limits;
}

void CheckValue(const trailhunt::Value& value) {
  (void)value.ToDisplayString();
  (void)trailhunt::ValueKindName(value.kind());
  if (!(value == value)) Fail("a Value differs from itself", value.ToJson());
  const std::string wrapped = "{\"v\":" + value.ToJson() + "}";
  auto parsed = trailhunt::Event::Parse(wrapped, CheckLimits());
  if (!parsed.ok()) {
    Fail("Value::ToJson() is not valid JSON", wrapped + "\n" + std::string(parsed.status().message()));
  }
}

void Read(const trailhunt::Event& event, std::string_view path) {
  CheckValue(event.Get(path));
}

constexpr std::string_view kPaths[] = {
    "eventName",
    "eventTime",
    "userIdentity",
    "userIdentity.type",
    "userIdentity.sessionContext.sessionIssuer.userName",
    "userIdentity.sessionContext.attributes.mfaAuthenticated",
    "$.userIdentity.arn",
    "resources",
    "resources{}",
    "resources{}.ARN",
    "resources[*].type",
    "resources[0].accountId",
    "resources{0}.ARN",
    "resources[-1].ARN",
    "resources[9223372036854775807]",
    "resources[-9223372036854775808]",
    "requestParameters.instancesSet.items{}.instanceId",
    "requestParameters.policyDocument",
    "requestParameters[\"key.with.dots\"]",
    "requestParameters['bucketName']",
    "responseElements.ConsoleLogin",
    "additionalEventData.MFAUsed",
    // Flat dotted keys, as OCSF `unmapped` holds CloudTrail names.
    "unmapped.additionalEventData.MFAIdentifier",
    "unmapped.userIdentity.sessionContext.sessionIssuer.userName",
    "additionalEventData.MFAIdentifier",
    "a.b.c.d.e.f",
    "a{}.b{}.c{}",
    "a[0][0][0]",
    "{}",  // invalid: reads as Missing
    "",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string_view extra_path;
  bool has_extra = false;
  if (size_t nul = input.find('\0'); nul != std::string_view::npos && nul <= 512) {
    extra_path = input.substr(0, nul);
    input.remove_prefix(nul + 1);
    has_extra = true;
  }
  static const trailhunt::Limits limits = FuzzLimits();
  auto parsed = trailhunt::Event::Parse(input, limits);
  if (!parsed.ok()) return 0;
  const trailhunt::Event& event = *parsed;

  // Typed accessors.
  (void)event.event_time_ns();
  (void)event.event_version();
  (void)event.event_name();
  (void)event.event_source();
  (void)event.aws_region();
  (void)event.source_ip_address();
  (void)event.error_code();
  (void)event.read_only();
  (void)event.management_event();
  (void)event.session_credential_from_console();
  (void)event.omitted();
  CheckValue(event.request_parameters());
  CheckValue(event.response_elements());
  CheckValue(event.additional_event_data());
  CheckValue(event.tls_details());
  const trailhunt::UserIdentity id = event.user_identity();
  if (!id.present && !id.type.empty()) Fail("userIdentity absent but has a type", std::string(id.type));
  std::string principal = event.PrincipalName();
  if (!id.present && !principal.empty()) Fail("PrincipalName without a userIdentity", principal);
  for (const trailhunt::EventResource& r : event.resources()) {
    (void)r.arn.size();
    (void)r.account_id.size();
    (void)r.type.size();
  }
  if (auto t = event.event_time_ns()) {
    if (event.time_ns() != *t) Fail("time_ns() is not the parsed eventTime", trailhunt::FormatIso8601(*t));
  }

  for (std::string_view path : kPaths) Read(event, path);
  if (has_extra) Read(event, extra_path);

  // Every catalog name, in both views: computed fields and aliases.
  const trailhunt::Catalog& catalog = trailhunt::Catalog::Default();
  for (trailhunt::FieldView view : {trailhunt::FieldView::kRaw, trailhunt::FieldView::kSplunkAddOn}) {
    for (const trailhunt::CatalogEntry& entry : catalog.entries()) {
      auto resolved = catalog.Resolve(entry.name, view);
      if (!resolved.ok()) Fail("a catalog name does not resolve", std::string(entry.name));
      CheckValue(event.Get(*resolved));
    }
  }

  // The document re-serialised must be valid JSON, and re-serialising is a
  // fixed point after one round: the first round may change a number's kind
  // (5.0 prints as 5 and reads back as an integer, -0.0 prints as -0 and
  // reads back as 0), never its text after that.
  std::string once;
  event.document().AppendJson(event.document().root(), once);
  auto again = trailhunt::Event::Parse(once, CheckLimits());
  if (!again.ok()) {
    Fail("AppendJson(root) is not valid JSON", once + "\n" + std::string(again.status().message()));
  }
  std::string twice;
  again->document().AppendJson(again->document().root(), twice);
  auto third = trailhunt::Event::Parse(twice, CheckLimits());
  if (!third.ok()) Fail("AppendJson(root) of a re-parse is not valid JSON", twice);
  std::string thrice;
  third->document().AppendJson(third->document().root(), thrice);
  if (twice != thrice) Fail("AppendJson is not stable under a re-parse", twice + "\n" + thrice);
  return 0;
}
