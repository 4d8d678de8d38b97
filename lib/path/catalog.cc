#include "trailhunt/catalog.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace trailhunt {
namespace {

// Documented top-level fields of record versions 1.0-1.11 (AWS CloudTrail
// record contents reference), plus `omitted`.
constexpr std::string_view kTopLevelFields[] = {
    "eventTime", "eventVersion", "userIdentity", "eventSource", "eventName",
    "awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage",
    "requestParameters", "responseElements", "additionalEventData", "requestID",
    "eventID", "eventType", "apiVersion", "managementEvent", "readOnly",
    "resources", "recipientAccountId", "serviceEventDetails", "sharedEventID",
    "vpcEndpointId", "vpcEndpointAccountId", "eventCategory", "addendum",
    "sessionCredentialFromConsole", "edgeDeviceDetails", "tlsDetails",
    "insightDetails", "inScopeOf", "eventContext", "omitted",
};

std::vector<CatalogEntry> BuiltInEntries() {
  std::vector<CatalogEntry> entries;
  for (std::string_view field : kTopLevelFields) {
    entries.push_back({field, FieldView::kRaw, field, ComputedField::kNone,
                       Provenance::kDocumented, "CloudTrail record field"});
  }
  const auto add = [&](std::string_view name, FieldView view,
                       std::string_view target, ComputedField computed,
                       Provenance provenance, std::string_view description) {
    entries.push_back({name, view, target, computed, provenance, description});
  };
  using CF = ComputedField;
  using P = Provenance;
  // Everywhere: trailhunt's own derived fields.
  add("principal", FieldView::kRaw, "", CF::kPrincipalName, P::kTrailhunt,
      "canonical principal name by userIdentity.type: IAMUser/SAMLUser/"
      "WebIdentityUser userName; Root \"root\"; AssumedRole the role "
      "(sessionIssuer.userName); FederatedUser the name in its ARN; "
      "AWSService invokedBy; IdentityCenterUser userName or onBehalfOf.userId; "
      "else userName, ARN tail, principalId");
  add("session_name", FieldView::kRaw, "", CF::kSessionName, P::kTrailhunt,
      "session part of an assumed-role ARN (often the human behind a role)");
  add("event_time", FieldView::kRaw, "", CF::kEventTimeIso, P::kTrailhunt,
      "the record's time: eventTime, else its envelope's time");
  // sourcetype=aws:cloudtrail: what the Splunk Add-on for AWS users type.
  add("errorCode", FieldView::kSplunkAddOn, "errorCode", CF::kErrorCodeOrSuccess,
      P::kInferred,
      "errorCode, or \"success\" for a successful call: Splunk's own "
      "detections search errorCode=success and the blog's stats by errorCode "
      "counts successes; the add-on's definition itself is not public");
  add("userName", FieldView::kSplunkAddOn, "", CF::kPrincipalName, P::kInferred,
      "principal name: published BOTS v3 searches show userName holding IAM "
      "user names; the fallback for other identity types is trailhunt's");
  add("user", FieldView::kSplunkAddOn, "", CF::kPrincipalName, P::kInferred,
      "CIM user (the add-on's CIM reports list it); expression not public");
  add("user_type", FieldView::kSplunkAddOn, "userIdentity.type",
      CF::kNone, P::kInferred, "CIM user_type");
  add("user_arn", FieldView::kSplunkAddOn, "userIdentity.arn", CF::kNone,
      P::kTrailhunt, "the principal's ARN");
  add("src_ip", FieldView::kSplunkAddOn, "sourceIPAddress", CF::kNone,
      P::kInferred, "CIM src_ip; sourceIPAddress is the record's only source address");
  add("src", FieldView::kSplunkAddOn, "sourceIPAddress", CF::kNone,
      P::kInferred, "CIM src");
  add("region", FieldView::kSplunkAddOn, "awsRegion", CF::kNone, P::kInferred,
      "awsRegion under the name add-on searches use");
  add("http_user_agent", FieldView::kSplunkAddOn, "userAgent", CF::kNone,
      P::kInferred, "CIM http_user_agent");
  add("aws_account_id", FieldView::kSplunkAddOn, "recipientAccountId",
      CF::kNone, P::kInferred, "the account the event was delivered to");
  return entries;
}

bool Visible(const CatalogEntry& e, FieldView view) {
  return e.view == FieldView::kRaw || e.view == view;
}

}  // namespace

std::string_view ProvenanceName(Provenance p) {
  switch (p) {
    case Provenance::kDocumented: return "documented";
    case Provenance::kInferred: return "inferred";
    case Provenance::kTrailhunt: return "trailhunt";
  }
  return "?";
}

Catalog::Catalog(std::vector<CatalogEntry> entries) : entries_(std::move(entries)) {}

const Catalog& Catalog::Default() {
  static const Catalog* catalog = new Catalog(BuiltInEntries());
  return *catalog;
}

bool Catalog::IsTopLevelField(std::string_view key) {
  return std::find(std::begin(kTopLevelFields), std::end(kTopLevelFields), key) !=
         std::end(kTopLevelFields);
}

absl::StatusOr<ResolvedField> Catalog::Resolve(std::string_view name,
                                               FieldView view) const {
  return Resolve(name, view, PathOptions());
}

absl::StatusOr<ResolvedField> Catalog::Resolve(std::string_view name, FieldView view,
                                               PathOptions options) const {
  ResolvedField out;
  out.name = std::string(name);
  // A view-specific entry shadows the raw one of the same name (errorCode).
  const auto exact = [&](std::string_view n) -> const CatalogEntry* {
    const CatalogEntry* found = nullptr;
    for (const CatalogEntry& e : entries_) {
      if (e.name != n || !Visible(e, view)) continue;
      if (found == nullptr || e.view != FieldView::kRaw) found = &e;
    }
    return found;
  };
  const auto use_entry = [&](const CatalogEntry& e) -> absl::Status {
    out.entry = &e;
    out.canonical = std::string(e.name);
    out.computed = e.computed;
    if (e.computed == ComputedField::kNone || !e.target.empty()) {
      auto path = FieldPath::Parse(e.target.empty() ? e.name : e.target, options);
      if (!path.ok()) return path.status();
      out.path = *std::move(path);
    }
    return absl::OkStatus();
  };

  if (const CatalogEntry* e = exact(name)) {
    auto st = use_entry(*e);
    if (!st.ok()) return st;
    return out;
  }
  auto path = FieldPath::Parse(name, options);
  if (!path.ok()) return path.status();
  if (IsTopLevelField(path->root_key())) {
    out.canonical = out.name;
    out.path = *std::move(path);
    return out;
  }
  // Case-insensitive fallback, for catalog names only: `awsregion`,
  // `username`. Several candidates differing only in case: prefer the one
  // specific to the view.
  const CatalogEntry* folded = nullptr;
  for (const CatalogEntry& e : entries_) {
    if (!Visible(e, view) || !absl::EqualsIgnoreCase(
                                 absl::string_view(e.name.data(), e.name.size()),
                                 absl::string_view(name.data(), name.size()))) {
      continue;
    }
    if (folded == nullptr || e.view != FieldView::kRaw) folded = &e;
  }
  if (folded != nullptr) {
    auto st = use_entry(*folded);
    if (!st.ok()) return st;
    out.warning = "field '" + out.name + "' resolved to '" +
                  std::string(folded->name) +
                  "' (field names are case-sensitive; matched case-insensitively)";
    return out;
  }
  // `AdditionalEventData.MFAUsed`: fold the root key when it names a
  // documented top-level field.
  // The root key sits after an optional "$." prefix, which is kept.
  const size_t root_at = out.name.compare(0, 2, "$.") == 0 ? 2 : 0;
  for (std::string_view field : kTopLevelFields) {
    std::string_view root = path->root_key();
    if (!root.empty() && out.name.compare(root_at, root.size(), root) == 0 &&
        absl::EqualsIgnoreCase(absl::string_view(field.data(), field.size()),
                               absl::string_view(root.data(), root.size()))) {
      std::string rewritten = out.name.substr(0, root_at) + std::string(field) +
                              out.name.substr(root_at + root.size());
      auto folded_path = FieldPath::Parse(rewritten, options);
      if (!folded_path.ok()) break;
      out.canonical = rewritten;
      out.path = *std::move(folded_path);
      out.warning = "field '" + out.name + "' resolved to '" + rewritten +
                    "' (field names are case-sensitive; matched case-insensitively)";
      return out;
    }
  }
  out.canonical = out.name;
  out.path = *std::move(path);
  return out;
}

}  // namespace trailhunt
