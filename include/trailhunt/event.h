// File: event.h
// The CloudTrail event model: one record with typed accessors for every
// documented top-level field of record versions 1.0-1.11, the userIdentity
// subfields of each identity type, and Get(path) for anything else.
//
// Strings that hold booleans stay strings (`mfaAuthenticated` is "false"),
// and so do IPs and regions that do not look valid: CloudTrail writes
// "AWS Internal" and service names into sourceIPAddress.
//
// Thread-safety: an Event is immutable after Parse; copies share the parsed
// document, so an Event may be read from several threads.
#ifndef TRAILHUNT_EVENT_H_
#define TRAILHUNT_EVENT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "trailhunt/catalog.h"
#include "trailhunt/input.h"
#include "trailhunt/internal/json_document.h"
#include "trailhunt/limits.h"
#include "trailhunt/path.h"
#include "trailhunt/value.h"

namespace trailhunt {

// eventVersion as (major, minor): "1.05" is (1, 5) and "1.10" is (1, 10), so
// 1.10 > 1.9, which a float comparison gets wrong.
struct EventVersion {
  int major = 0;
  int minor = 0;
  bool valid = false;

  static EventVersion Parse(std::string_view text);
  friend bool operator<(EventVersion a, EventVersion b) {
    return a.major != b.major ? a.major < b.major : a.minor < b.minor;
  }
  friend bool operator==(EventVersion a, EventVersion b) {
    return a.major == b.major && a.minor == b.minor && a.valid == b.valid;
  }
  friend bool operator>=(EventVersion a, EventVersion b) { return !(a < b); }
};

// userIdentity, flattened. Every view is empty when the field is absent and
// points into the Event (valid while any copy of it lives).
struct UserIdentity {
  std::string_view type;  // Root, IAMUser, AssumedRole, Role, FederatedUser,
                          // AWSAccount, AWSService, Directory,
                          // IdentityCenterUser, SAMLUser, WebIdentityUser, Unknown
  std::string_view principal_id;
  std::string_view arn;
  std::string_view account_id;
  std::string_view access_key_id;
  std::string_view user_name;
  std::string_view invoked_by;         // AWSService
  std::string_view identity_provider;  // SAMLUser, WebIdentityUser
  std::string_view credential_id;      // IdentityCenterUser
  std::string_view on_behalf_of_user_id;            // IdentityCenterUser
  std::string_view on_behalf_of_identity_store_arn; // IdentityCenterUser
  struct SessionIssuer {
    std::string_view type, principal_id, arn, account_id, user_name;
  };
  struct SessionContext {
    std::string_view creation_date;
    std::string_view mfa_authenticated;  // "true" / "false", a string
    std::string_view source_identity;
    std::string_view ec2_role_delivery;
    std::string_view web_id_federated_provider;
    SessionIssuer session_issuer;
  };
  SessionContext session_context;
  bool present = false;  // false for Insights events, which have none
};

struct EventResource {
  std::string_view arn, account_id, type;
};

class Event {
 public:
  // Parses one record (a JSON object). The text is copied; Limits bound its
  // size and depth. Numbers beyond int64 and double keep their text.
  static absl::StatusOr<Event> Parse(std::string_view json,
                                     const Limits& limits = Limits());
  // Parses a framed record and keeps its location, envelope and time.
  static absl::StatusOr<Event> FromRecord(const Record& record,
                                          const Limits& limits = Limits());

  // --- where it came from (empty / defaults for Parse) -------------------
  const std::string& source() const { return source_; }
  uint64_t record_index() const { return record_index_; }
  uint64_t byte_offset() const { return byte_offset_; }
  Envelope envelope() const { return envelope_; }
  // eventTime when valid, else the envelope's time; which one is origin().
  int64_t time_ns() const { return time_ns_; }
  TimeOrigin time_origin() const { return time_origin_; }

  // --- field access --------------------------------------------------------
  Value Get(const FieldPath& path) const;
  Value Get(const ResolvedField& field) const;
  // Parses `path` first; an invalid path reads as Missing.
  Value Get(std::string_view path) const;
  // The canonical principal name by identity type (see catalog.h).
  std::string PrincipalName() const;

  // --- typed accessors: top-level fields, versions 1.0-1.11 ---------------
  // String fields: nullopt when absent or not a string.
  std::optional<std::string_view> event_time_text() const { return Str("eventTime"); }
  std::optional<int64_t> event_time_ns() const;  // parsed eventTime
  std::optional<std::string_view> event_version_text() const { return Str("eventVersion"); }
  EventVersion event_version() const;
  UserIdentity user_identity() const;
  std::optional<std::string_view> event_source() const { return Str("eventSource"); }
  std::optional<std::string_view> event_name() const { return Str("eventName"); }
  std::optional<std::string_view> aws_region() const { return Str("awsRegion"); }
  std::optional<std::string_view> source_ip_address() const { return Str("sourceIPAddress"); }
  std::optional<std::string_view> user_agent() const { return Str("userAgent"); }
  std::optional<std::string_view> error_code() const { return Str("errorCode"); }
  std::optional<std::string_view> error_message() const { return Str("errorMessage"); }
  std::optional<std::string_view> request_id() const { return Str("requestID"); }
  std::optional<std::string_view> event_id() const { return Str("eventID"); }
  std::optional<std::string_view> event_type() const { return Str("eventType"); }
  std::optional<std::string_view> api_version() const { return Str("apiVersion"); }
  std::optional<std::string_view> recipient_account_id() const { return Str("recipientAccountId"); }
  std::optional<std::string_view> shared_event_id() const { return Str("sharedEventID"); }
  std::optional<std::string_view> vpc_endpoint_id() const { return Str("vpcEndpointId"); }
  std::optional<std::string_view> vpc_endpoint_account_id() const { return Str("vpcEndpointAccountId"); }
  std::optional<std::string_view> event_category() const { return Str("eventCategory"); }
  // Booleans: CloudTrail writes JSON booleans; some producers write strings.
  std::optional<bool> read_only() const { return Bool("readOnly"); }
  std::optional<bool> management_event() const { return Bool("managementEvent"); }
  std::optional<bool> session_credential_from_console() const { return Bool("sessionCredentialFromConsole"); }
  std::optional<bool> omitted() const { return Bool("omitted"); }
  // Object fields as Values (kJson, kNull or kMissing).
  Value request_parameters() const { return Top("requestParameters"); }
  Value response_elements() const { return Top("responseElements"); }
  Value additional_event_data() const { return Top("additionalEventData"); }
  Value service_event_details() const { return Top("serviceEventDetails"); }
  Value addendum() const { return Top("addendum"); }
  Value edge_device_details() const { return Top("edgeDeviceDetails"); }
  Value tls_details() const { return Top("tlsDetails"); }
  Value insight_details() const { return Top("insightDetails"); }
  Value in_scope_of() const { return Top("inScopeOf"); }
  Value event_context() const { return Top("eventContext"); }
  std::vector<EventResource> resources() const;

  // The parsed record, for printers that walk it.
  const internal::JsonDocument& document() const { return *doc_; }
  std::string_view json() const { return doc_->raw(); }

 private:
  Event() = default;
  std::optional<std::string_view> Str(std::string_view key) const;
  std::optional<bool> Bool(std::string_view key) const;
  Value Top(std::string_view key) const;

  std::shared_ptr<const internal::JsonDocument> doc_;
  std::string source_;
  uint64_t record_index_ = 0;
  uint64_t byte_offset_ = 0;
  Envelope envelope_ = Envelope::kSingleRecord;
  int64_t time_ns_ = kNoTime;
  TimeOrigin time_origin_ = TimeOrigin::kNone;
};

}  // namespace trailhunt

#endif  // TRAILHUNT_EVENT_H_
