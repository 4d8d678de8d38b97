// libFuzzer target: bytes as a field name through trailhunt::FieldPath::Parse
// and trailhunt::Catalog::Resolve in both views, then read from a fixed
// record that has nested arrays and flat dotted keys.
//
// Checks, aborting when broken: a parsed path keeps its text and has at least
// one step; is_multivalue() iff it has a `{}` step; a valid path always
// resolves (Resolve fails only for names that are not valid paths); a
// resolved field's path, when not computed, is itself non-empty; a name that
// resolves to no catalog entry keeps its text, except that the case of a
// documented top-level field may be folded (with a warning).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "trailhunt/catalog.h"
#include "trailhunt/event.h"
#include "trailhunt/path.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view name) {
  std::fprintf(stderr, "fuzz_field_path: invariant broken: %s: '%.*s'\n", what,
               static_cast<int>(name.size()), name.data());
  std::abort();
}

constexpr std::string_view kRecord = R"json({
  "eventVersion": "1.09", "eventTime": "2024-03-01T12:00:00Z",
  "eventSource": "ec2.amazonaws.com", "eventName": "RunInstances",
  "awsRegion": "us-east-1", "sourceIPAddress": "198.51.100.7",
  "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/Admin/alice",
    "sessionContext": {"sessionIssuer": {"type": "Role", "userName": "Admin"},
      "attributes": {"mfaAuthenticated": "false"}}},
  "requestParameters": {"instancesSet": {"items": [{"instanceId": "i-1"}, {"instanceId": "i-2"}]},
    "key.with.dots": {"x": 1}, "matrix": [[1, 2], [3, [4, 5]]]},
  "resources": [{"ARN": "arn:aws:ec2:us-east-1:111122223333:instance/i-1", "accountId": "111122223333", "type": "AWS::EC2::Instance"}],
  "unmapped": {"additionalEventData.MFAIdentifier": "arn:aws:iam::111122223333:mfa/alice",
    "additionalEventData": {"MFAIdentifier": "nested"}, "a.b": {"c.d": [true, null, 1.5]}},
  "errorCode": null
})json";

const trailhunt::Event& Sample() {
  static const trailhunt::Event* event = [] {
    auto parsed = trailhunt::Event::Parse(kRecord);
    if (!parsed.ok()) Fail("the sample record does not parse", kRecord);
    return new trailhunt::Event(*std::move(parsed));
  }();
  return *event;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view name(reinterpret_cast<const char*>(data), size);
  const trailhunt::Event& event = Sample();

  auto path = trailhunt::FieldPath::Parse(name);
  if (path.ok()) {
    if (path->text() != name) Fail("text() differs from the parsed text", name);
    if (path->steps().empty()) Fail("a valid path without steps", name);
    bool any_all = false;
    for (const trailhunt::PathStep& step : path->steps()) {
      any_all |= step.kind == trailhunt::PathStep::Kind::kAll;
    }
    if (any_all != path->is_multivalue()) Fail("is_multivalue() disagrees with the steps", name);
    (void)path->root_key();
    const trailhunt::Value v = event.Get(*path);
    (void)v.ToJson();
    (void)v.ToDisplayString();
  } else {
    (void)path.status().message();
  }

  const trailhunt::Catalog& catalog = trailhunt::Catalog::Default();
  for (trailhunt::FieldView view : {trailhunt::FieldView::kRaw, trailhunt::FieldView::kSplunkAddOn}) {
    auto resolved = catalog.Resolve(name, view);
    if (path.ok() && !resolved.ok()) Fail("a valid path does not resolve", name);
    if (!resolved.ok()) continue;
    if (resolved->name != name) Fail("ResolvedField.name differs from the input", name);
    if (resolved->computed == trailhunt::ComputedField::kNone && resolved->path.steps().empty()) {
      Fail("a non-computed field resolved to an empty path", name);
    }
    if (resolved->entry == nullptr) {
      // A plain path is the name itself, or the name with a top-level
      // field's case folded: nothing else may change.
      if (resolved->warning.empty() && resolved->canonical != name) {
        Fail("a plain path resolved to another text", name);
      }
      if (!absl::EqualsIgnoreCase(resolved->canonical, absl::string_view(name.data(), name.size()))) {
        Fail("case folding changed more than case", name.substr(0, 64));
      }
      if (resolved->path.text() != resolved->canonical) Fail("path text differs from canonical", name);
    }
    const trailhunt::Value v = event.Get(*resolved);
    (void)v.ToJson();
    (void)v.ToDisplayString();
  }
  return 0;
}
