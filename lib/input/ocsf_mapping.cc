#include "input/ocsf_mapping.h"

#include <simdjson.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "trailhunt/json_text.h"

// The DOM API rather than On-Demand: the mapper reads ~40 fields spread over
// the whole record in an order unrelated to the input's, and a DOM parse
// validates the entire document up front, so malformed input (e.g. trailing
// commas) is rejected before any output is produced.

namespace trailhunt::input {
namespace {

namespace dom = simdjson::dom;

// ---------------------------------------------------------------------------
// Output tree. Fields arrive from several OCSF places that land in the same
// CloudTrail object (userIdentity gets actor.*, actor.session.* and flattened
// unmapped keys), so the record is assembled as a tree and serialized once.
// Insertion is first-writer-wins: the mapper inserts its most authoritative
// sources first, and later, weaker sources cannot overwrite or reshape them.

struct Node {
  // Past this many children, lookups go through `index`, so that thousands
  // of flattened "requestParameters.*" keys do not make insertion quadratic.
  static constexpr size_t kIndexThreshold = 16;

  std::string key;
  bool is_object = false;
  std::string json;  // Compact JSON text; leaves only.
  std::vector<Node> children;
  std::unordered_map<std::string, size_t> index;  // key -> first child.

  Node* Find(std::string_view name) {
    if (children.size() > kIndexThreshold) {
      auto it = index.find(std::string(name));
      return it == index.end() ? nullptr : &children[it->second];
    }
    for (Node& child : children) {
      if (child.key == name) return &child;
    }
    return nullptr;
  }

  Node& Add(Node child) {
    children.push_back(std::move(child));
    if (children.size() > kIndexThreshold) {
      if (index.empty()) {
        for (size_t i = 0; i < children.size(); ++i) {
          index.emplace(children[i].key, i);
        }
      } else {
        index.emplace(children.back().key, children.size() - 1);
      }
    }
    return children.back();
  }
};

// Returns the object child `name` of `parent`, creating it when absent, or
// nullptr when `name` already holds a non-object value.
Node* EnsureObject(Node& parent, std::string_view name) {
  if (Node* existing = parent.Find(name)) {
    return existing->is_object ? existing : nullptr;
  }
  Node child;
  child.key = std::string(name);
  child.is_object = true;
  return &parent.Add(std::move(child));
}

using Path = std::vector<std::string_view>;

// Splits "a.b.c" into segments. A key with an empty segment ("a..b", ".a")
// is not a flattened path we can trust, so it stays one literal key.
Path SplitPath(std::string_view dotted) {
  Path path;
  size_t start = 0;
  while (true) {
    size_t dot = dotted.find('.', start);
    std::string_view segment = dotted.substr(
        start, dot == std::string_view::npos ? std::string_view::npos
                                             : dot - start);
    if (segment.empty()) return Path{dotted};
    path.push_back(segment);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return path;
}

// Walks to the parent object of the last segment, creating objects on the way.
Node* ParentOf(Node& root, const Path& path) {
  Node* node = &root;
  for (size_t i = 0; i + 1 < path.size() && node != nullptr; ++i) {
    node = EnsureObject(*node, path[i]);
  }
  return node;
}

// Appends `element` as compact JSON.
void AppendElement(std::string& out, dom::element element) {
  switch (element.type()) {
    case dom::element_type::OBJECT: {
      dom::object object;
      if (element.get(object) != simdjson::SUCCESS) break;
      out += '{';
      bool first = true;
      for (dom::key_value_pair field : object) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, field.key);
        out += ':';
        AppendElement(out, field.value);
      }
      out += '}';
      return;
    }
    case dom::element_type::ARRAY: {
      dom::array array;
      if (element.get(array) != simdjson::SUCCESS) break;
      out += '[';
      bool first = true;
      for (dom::element child : array) {
        if (!first) out += ',';
        first = false;
        AppendElement(out, child);
      }
      out += ']';
      return;
    }
    case dom::element_type::STRING: {
      std::string_view text;
      if (element.get(text) != simdjson::SUCCESS) break;
      AppendJsonString(out, text);
      return;
    }
    case dom::element_type::INT64: {
      int64_t value = 0;
      if (element.get(value) != simdjson::SUCCESS) break;
      AppendJsonInt(out, value);
      return;
    }
    case dom::element_type::UINT64: {
      uint64_t value = 0;
      if (element.get(value) != simdjson::SUCCESS) break;
      out += std::to_string(value);
      return;
    }
    case dom::element_type::DOUBLE:
      out += simdjson::minify(element);
      return;
    case dom::element_type::BOOL: {
      bool value = false;
      if (element.get(value) != simdjson::SUCCESS) break;
      out += value ? "true" : "false";
      return;
    }
    case dom::element_type::NULL_VALUE:
      break;
  }
  // Only reachable for null (or a type/accessor mismatch that cannot happen
  // on a validated DOM); null keeps the output well-formed either way.
  out += "null";
}

class RecordBuilder {
 public:
  RecordBuilder() { root_.is_object = true; }

  // Sets a leaf from ready-made JSON text. Returns false on conflict.
  bool SetJson(const Path& path, std::string json) {
    Node* parent = ParentOf(root_, path);
    if (parent == nullptr || parent->Find(path.back()) != nullptr) return false;
    Node leaf;
    leaf.key = std::string(path.back());
    leaf.json = std::move(json);
    parent->Add(std::move(leaf));
    return true;
  }
  bool SetJson(std::string_view dotted, std::string json) {
    return SetJson(SplitPath(dotted), std::move(json));
  }

  bool SetString(std::string_view dotted, std::string_view text) {
    std::string json;
    AppendJsonString(json, text);
    return SetJson(dotted, std::move(json));
  }

  // Objects are merged member by member so that, e.g., a responseElements
  // object and flattened "responseElements.x" keys end up in one object.
  void SetElement(const Path& path, dom::element element) {
    dom::object object;
    if (element.get(object) != simdjson::SUCCESS) {
      std::string json;
      AppendElement(json, element);
      SetJson(path, std::move(json));
      return;
    }
    Node* parent = ParentOf(root_, path);
    if (parent == nullptr) return;
    const bool fresh = parent->Find(path.back()) == nullptr;
    Node* node = EnsureObject(*parent, path.back());
    if (node == nullptr) return;
    for (dom::key_value_pair field : object) {
      SetElementIn(*node, field.key, field.value, fresh);
    }
  }
  void SetElement(std::string_view dotted, dom::element element) {
    SetElement(SplitPath(dotted), element);
  }

  // Serializes the record; well-known top-level keys first in the order
  // CloudTrail writes them, so mapped records read like native ones.
  void AppendTo(std::string& out) const {
    static constexpr std::string_view kTopLevelOrder[] = {
        "eventVersion",       "userIdentity",
        "eventTime",          "eventSource",
        "eventName",          "awsRegion",
        "sourceIPAddress",    "userAgent",
        "errorCode",          "errorMessage",
        "requestParameters",  "responseElements",
        "additionalEventData", "requestID",
        "eventID",            "readOnly",
        "resources",          "eventType",
        "apiVersion",         "managementEvent",
        "recipientAccountId", "serviceEventDetails",
        "sharedEventID",      "vpcEndpointId",
        "vpcEndpointAccountId", "eventCategory",
        "addendum",           "sessionCredentialFromConsole",
        "edgeDeviceDetails",  "tlsDetails",
    };
    std::vector<const Node*> ordered;
    ordered.reserve(root_.children.size());
    for (std::string_view name : kTopLevelOrder) {
      for (const Node& child : root_.children) {
        if (child.key == name) ordered.push_back(&child);
      }
    }
    for (const Node& child : root_.children) {
      bool known = false;
      for (std::string_view name : kTopLevelOrder) known |= child.key == name;
      if (!known) ordered.push_back(&child);
    }
    out += '{';
    for (size_t i = 0; i < ordered.size(); ++i) {
      if (i != 0) out += ',';
      AppendNode(out, *ordered[i]);
    }
    out += '}';
  }

 private:
  // `fresh` means `parent` was created for the element being inserted, so
  // no earlier writer can own `name`: skipping the linear lookup keeps a
  // large responseElements object linear instead of quadratic. (Duplicate
  // keys inside one input object are then kept as they came.)
  void SetElementIn(Node& parent, std::string_view name, dom::element element,
                    bool fresh) {
    dom::object object;
    if (element.get(object) != simdjson::SUCCESS) {
      if (!fresh && parent.Find(name) != nullptr) return;
      Node leaf;
      leaf.key = std::string(name);
      AppendElement(leaf.json, element);
      parent.Add(std::move(leaf));
      return;
    }
    const bool node_fresh = fresh || parent.Find(name) == nullptr;
    Node* node = nullptr;
    if (node_fresh) {
      Node child;
      child.key = std::string(name);
      child.is_object = true;
      node = &parent.Add(std::move(child));
    } else {
      node = EnsureObject(parent, name);
      if (node == nullptr) return;
    }
    for (dom::key_value_pair field : object) {
      SetElementIn(*node, field.key, field.value, node_fresh);
    }
  }

  static void AppendNode(std::string& out, const Node& node) {
    AppendJsonString(out, node.key);
    out += ':';
    if (!node.is_object) {
      out += node.json;
      return;
    }
    out += '{';
    for (size_t i = 0; i < node.children.size(); ++i) {
      if (i != 0) out += ',';
      AppendNode(out, node.children[i]);
    }
    out += '}';
  }

  Node root_;
};

// ---------------------------------------------------------------------------
// Time. CloudTrail writes eventTime as "YYYY-MM-DDTHH:MM:SSZ" in UTC; OCSF
// carries epoch milliseconds (`time`) and, with the datetime profile, an
// RFC 3339 string with any offset (`time_dt`).

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), avoiding timegm()'s dependence on the C library.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

void AppendDigits(std::string& out, int64_t value, int width) {
  char buffer[8];
  for (int i = width - 1; i >= 0; --i) {
    buffer[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buffer, static_cast<size_t>(width));
}

// Formats epoch milliseconds; milliseconds are written only when non-zero
// because CloudTrail itself never writes fractions and rules compare text.
// Returns nullopt outside years 0000..9999, which ISO-8601 text cannot hold.
std::optional<std::string> FormatEpochMillis(int64_t epoch_ms) {
  constexpr int64_t kMsPerDay = 86400000;
  // Bounds keep the day arithmetic far from overflow.
  constexpr int64_t kMaxAbsMs = int64_t{400000} * 366 * kMsPerDay;
  if (epoch_ms > kMaxAbsMs || epoch_ms < -kMaxAbsMs) return std::nullopt;
  int64_t days = epoch_ms / kMsPerDay;
  int64_t ms_of_day = epoch_ms % kMsPerDay;
  if (ms_of_day < 0) {
    ms_of_day += kMsPerDay;
    --days;
  }
  int64_t year = 0, month = 0, day = 0;
  CivilFromDays(days, year, month, day);
  if (year < 0 || year > 9999) return std::nullopt;
  const int64_t ms = ms_of_day % 1000;
  const int64_t seconds = ms_of_day / 1000;
  std::string text;
  AppendDigits(text, year, 4);
  text += '-';
  AppendDigits(text, month, 2);
  text += '-';
  AppendDigits(text, day, 2);
  text += 'T';
  AppendDigits(text, seconds / 3600, 2);
  text += ':';
  AppendDigits(text, seconds / 60 % 60, 2);
  text += ':';
  AppendDigits(text, seconds % 60, 2);
  if (ms != 0) {
    text += '.';
    AppendDigits(text, ms, 3);
  }
  text += 'Z';
  return text;
}

// Reads exactly `width` ASCII digits at `pos`.
bool ReadDigits(std::string_view text, size_t& pos, size_t width,
                int64_t& value) {
  if (pos + width > text.size()) return false;
  value = 0;
  for (size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return true;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// Parses RFC 3339 "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM|+HHMM)" to
// epoch milliseconds; fractions beyond milliseconds are truncated.
std::optional<int64_t> ParseRfc3339Millis(std::string_view text) {
  size_t pos = 0;
  int64_t year, month, day, hour, minute, second;
  if (!ReadDigits(text, pos, 4, year) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, month) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, day)) {
    return std::nullopt;
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' &&
                             text[pos] != ' ')) {
    return std::nullopt;
  }
  ++pos;
  if (!ReadDigits(text, pos, 2, hour) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, minute) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  int64_t millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (; digits < 3; ++digits) millis *= 10;
  }
  int64_t offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int64_t sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int64_t offset_hours, offset_mins;
    if (!ReadDigits(text, pos, 2, offset_hours)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!ReadDigits(text, pos, 2, offset_mins)) return std::nullopt;
    if (offset_hours > 23 || offset_mins > 59) return std::nullopt;
    offset_minutes = sign * (offset_hours * 60 + offset_mins);
  } else {
    return std::nullopt;  // A local time without offset is ambiguous.
  }
  if (pos != text.size()) return std::nullopt;
  const int64_t seconds = DaysFromCivil(year, month, day) * 86400 +
                          hour * 3600 + minute * 60 + second -
                          offset_minutes * 60;
  return seconds * 1000 + millis;
}

// Epoch milliseconds from an OCSF timestamp element (integer, or a double
// from producers that write 1.6e12).
std::optional<int64_t> EpochMillis(dom::element element) {
  int64_t value = 0;
  if (element.get(value) == simdjson::SUCCESS) return value;
  double real = 0;
  if (element.get(real) == simdjson::SUCCESS && std::isfinite(real) &&
      std::fabs(real) < 9.0e15) {
    return static_cast<int64_t>(real);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// OCSF field access.

// A JSON null is treated as absent: OCSF writers emit null for fields they
// have no value for, and CloudTrail omits such fields instead.
std::optional<dom::element> At(dom::element root, std::string_view pointer) {
  dom::element element;
  if (root.at_pointer(pointer).get(element) != simdjson::SUCCESS ||
      element.is_null()) {
    return std::nullopt;
  }
  return element;
}

std::optional<std::string_view> StringAt(dom::element root,
                                         std::string_view pointer) {
  std::string_view text;
  if (root.at_pointer(pointer).get(text) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return text;
}

std::optional<bool> BoolAt(dom::element root, std::string_view pointer) {
  bool value = false;
  if (root.at_pointer(pointer).get(value) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  return value;
}

bool IsAcceptedClass(int64_t class_uid) {
  return class_uid == kOcsfClassAccountChange ||
         class_uid == kOcsfClassAuthentication ||
         class_uid == kOcsfClassApiActivityRc2 ||
         class_uid == kOcsfClassApiActivity;
}

bool IsOcsfCloudTrail(dom::element root) {
  int64_t class_uid = 0;
  if (root.at_pointer("/class_uid").get(class_uid) != simdjson::SUCCESS ||
      !IsAcceptedClass(class_uid)) {
    return false;
  }
  if (std::optional<dom::element> name = At(root, "/metadata/product/name")) {
    std::string_view text;
    return name->get(text) == simdjson::SUCCESS && text == "CloudTrail";
  }
  // Without a product name, the api object is what makes it CloudTrail:
  // eventName and eventSource cannot be recovered otherwise.
  return StringAt(root, "/api/operation").has_value() &&
         StringAt(root, "/api/service/name").has_value();
}

// OCSF 1.0.0-rc.2 (Security Lake source version 1) spells the actor's user
// differently from 1.0.0 GA and later; see docs/ocsf-mapping.md.
bool UsesRc2UserShape(dom::element root) {
  if (std::optional<std::string_view> version =
          StringAt(root, "/metadata/version")) {
    return version->substr(0, 8) == "1.0.0-rc";
  }
  // No version: fall back on the fields only rc.2 has.
  int64_t class_uid = 0;
  return (root.at_pointer("/class_uid").get(class_uid) == simdjson::SUCCESS &&
          class_uid == kOcsfClassApiActivityRc2) ||
         At(root, "/actor/user/uuid").has_value() ||
         At(root, "/actor/user/account_uid").has_value();
}

class Mapper {
 public:
  Mapper(dom::element root, dom::parser& data_parser)
      : root_(root), data_parser_(data_parser), rc2_(UsesRc2UserShape(root)) {}

  void Run(std::string& out) {
    // Order of calls = precedence (first writer wins) and nested key order.
    Copy("/metadata/product/version", "eventVersion");
    MapUserIdentity();
    MapEventTime();
    Copy("/api/service/name", "eventSource");
    Copy("/api/operation", "eventName");
    Copy("/cloud/region", "awsRegion");
    if (!Copy("/src_endpoint/ip", "sourceIPAddress")) {
      Copy("/src_endpoint/domain", "sourceIPAddress");
    }
    Copy("/http_request/user_agent", "userAgent");
    Copy("/api/response/error", "errorCode");
    Copy("/api/response/message", "errorMessage");
    CopyEmbeddedJson("/api/request/data", "requestParameters");
    CopyEmbeddedJson("/api/response/data", "responseElements");
    MapSessionResponse();
    MapConsoleLoginStatus();
    Copy("/dst_endpoint/svc_name", "additionalEventData.LoginTo");
    MapMfaUsed();
    Copy("/api/request/uid", "requestID");
    Copy("/metadata/uid", "eventID");
    MapResources();
    Copy("/metadata/event_code", "eventType");
    Copy("/api/version", "apiVersion");
    Copy("/cloud/account/uid", "recipientAccountId");
    Copy("/src_endpoint/uid", "vpcEndpointId");
    Copy("/metadata/product/feature/name", "eventCategory");
    MapAssumeRoleRequest();
    MapUnmapped();
    builder_.AppendTo(out);
  }

 private:
  // Copies the OCSF value at `pointer` unchanged. Returns whether the OCSF
  // field existed and was written.
  bool Copy(std::string_view pointer, std::string_view target) {
    std::optional<dom::element> element = At(root_, pointer);
    if (!element) return false;
    Path path = SplitPath(target);
    dom::object unused;
    if (element->get(unused) == simdjson::SUCCESS) {
      builder_.SetElement(path, *element);
      return true;
    }
    std::string json;
    AppendElement(json, *element);
    return builder_.SetJson(path, std::move(json));
  }

  void MapUserIdentity() {
    std::optional<std::string_view> type = StringAt(root_, "/actor/user/type");
    const bool identity_center = type && *type == "IdentityCenterUser";
    Copy("/actor/user/type", "userIdentity.type");
    if (rc2_) {
      Copy("/actor/user/uid", "userIdentity.principalId");
      Copy("/actor/user/uuid", "userIdentity.arn");
      if (!Copy("/actor/user/account_uid", "userIdentity.accountId")) {
        Copy("/actor/user/account/uid", "userIdentity.accountId");
      }
    } else {
      // Identity Center users have no principalId; OCSF 1.5 parks their
      // identity-store user id in uid_alt.
      Copy("/actor/user/uid_alt", identity_center
                                      ? "userIdentity.onBehalfOf.userId"
                                      : "userIdentity.principalId");
      Copy("/actor/user/uid", "userIdentity.arn");
      if (!Copy("/actor/user/account/uid", "userIdentity.accountId")) {
        Copy("/actor/user/account_uid", "userIdentity.accountId");
      }
    }
    Copy("/actor/user/credential_uid", identity_center
                                           ? "userIdentity.credentialId"
                                           : "userIdentity.accessKeyId");
    // CloudTrail has no userIdentity.userName for Identity Center users; the
    // sign-in service reports the name in additionalEventData.UserName.
    Copy("/actor/user/name", identity_center ? "additionalEventData.UserName"
                                             : "userIdentity.userName");
    Copy("/actor/session/issuer",
         "userIdentity.sessionContext.sessionIssuer.arn");
    MapSessionCreationDate();
    std::optional<bool> session_mfa = BoolAt(root_, "/actor/session/is_mfa");
    if (!session_mfa) session_mfa = BoolAt(root_, "/actor/session/mfa");
    if (session_mfa) {
      builder_.SetString("userIdentity.sessionContext.attributes.mfaAuthenticated",
                         *session_mfa ? "true" : "false");
    }
    Copy("/actor/invoked_by", "userIdentity.invokedBy");
    // actor.idp.name is fed by two CloudTrail fields; which one depends on
    // the identity type (web identity federation shows up under a role
    // session's sessionContext, SAML/web identity users carry it top level).
    Copy("/actor/idp/name",
         type && *type == "AssumedRole"
             ? "userIdentity.sessionContext.webIdFederationData.federatedProvider"
             : "userIdentity.identityProvider");
    if (identity_center) {
      Copy("/actor/idp/uid", "userIdentity.onBehalfOf.identityStoreArn");
    }
  }

  void MapSessionCreationDate() {
    constexpr std::string_view kTarget =
        "userIdentity.sessionContext.attributes.creationDate";
    if (std::optional<dom::element> created =
            At(root_, "/actor/session/created_time")) {
      if (std::optional<int64_t> ms = EpochMillis(*created)) {
        if (std::optional<std::string> text = FormatEpochMillis(*ms)) {
          builder_.SetString(kTarget, *text);
          return;
        }
      }
    }
    CopyDateTime("/actor/session/created_time_dt", kTarget);
  }

  void MapEventTime() {
    if (std::optional<dom::element> time = At(root_, "/time")) {
      if (std::optional<int64_t> ms = EpochMillis(*time)) {
        if (std::optional<std::string> text = FormatEpochMillis(*ms)) {
          builder_.SetString("eventTime", *text);
          return;
        }
      }
    }
    CopyDateTime("/time_dt", "eventTime");
  }

  // Normalizes an RFC 3339 string to CloudTrail's UTC form; an unparseable
  // string is kept verbatim rather than dropped, so nothing silently
  // disappears.
  void CopyDateTime(std::string_view pointer, std::string_view target) {
    std::optional<std::string_view> text = StringAt(root_, pointer);
    if (!text) return;
    if (std::optional<int64_t> ms = ParseRfc3339Millis(*text)) {
      if (std::optional<std::string> formatted = FormatEpochMillis(*ms)) {
        builder_.SetString(target, *formatted);
        return;
      }
    }
    builder_.SetString(target, *text);
  }

  // api.request.data / api.response.data hold CloudTrail's
  // requestParameters / responseElements serialized as a JSON string.
  void CopyEmbeddedJson(std::string_view pointer, std::string_view target) {
    std::optional<dom::element> element = At(root_, pointer);
    if (!element) return;
    std::string_view text;
    if (element->get(text) != simdjson::SUCCESS) {
      Copy(pointer, target);  // Already structured.
      return;
    }
    dom::element decoded;
    if (data_parser_.parse(text.data(), text.size()).get(decoded) ==
        simdjson::SUCCESS) {
      builder_.SetElement(SplitPath(target), decoded);
    } else {
      // Not JSON (CloudTrail writes "" for some responseElements): keep text.
      builder_.SetString(target, text);
    }
  }

  // OCSF 1.1+ top-level `session` describes the session an STS call created.
  // rc.2 spelled its ids differently and no mapping documents it: skipped.
  void MapSessionResponse() {
    if (rc2_) return;
    Copy("/session/credential_uid",
         "responseElements.credentials.accessKeyId");
    Copy("/session/uid", "responseElements.assumedRoleUser.arn");
    Copy("/session/uid_alt", "responseElements.assumedRoleUser.assumedRoleId");
  }

  // ConsoleLogin's outcome lives in responseElements.ConsoleLogin in
  // CloudTrail; OCSF rc.2 keeps it only as status/status_id.
  void MapConsoleLoginStatus() {
    std::optional<std::string_view> operation =
        StringAt(root_, "/api/operation");
    if (!operation || *operation != "ConsoleLogin") return;
    std::optional<std::string_view> status = StringAt(root_, "/status");
    if (status && (*status == "Success" || *status == "Failure")) {
      builder_.SetString("responseElements.ConsoleLogin", *status);
      return;
    }
    int64_t status_id = 0;
    if (root_.at_pointer("/status_id").get(status_id) != simdjson::SUCCESS) {
      return;
    }
    if (status_id == 1) {
      builder_.SetString("responseElements.ConsoleLogin", "Success");
    } else if (status_id == 2) {
      builder_.SetString("responseElements.ConsoleLogin", "Failure");
    }
  }

  void MapMfaUsed() {
    std::optional<bool> mfa = BoolAt(root_, "/is_mfa");
    if (!mfa) mfa = BoolAt(root_, "/mfa");
    if (mfa) {
      builder_.SetString("additionalEventData.MFAUsed", *mfa ? "Yes" : "No");
    }
  }

  void MapResources() {
    std::optional<dom::element> element = At(root_, "/resources");
    if (!element) return;
    dom::array resources;
    if (element->get(resources) != simdjson::SUCCESS) return;
    std::string json = "[";
    bool first_resource = true;
    for (dom::element resource : resources) {
      if (!first_resource) json += ',';
      first_resource = false;
      json += '{';
      bool first_field = true;
      auto field = [&](std::string_view name,
                       std::initializer_list<std::string_view> pointers) {
        for (std::string_view pointer : pointers) {
          std::optional<dom::element> value = At(resource, pointer);
          if (!value) continue;
          if (!first_field) json += ',';
          first_field = false;
          AppendJsonString(json, name);
          json += ':';
          AppendElement(json, *value);
          return;
        }
      };
      field("accountId", {"/account_uid", "/owner/account/uid",
                          "/account/uid"});
      field("type", {"/type"});
      field("ARN", {"/uid"});
      json += '}';
    }
    json += ']';
    builder_.SetJson(Path{"resources"}, std::move(json));
  }

  // The target `user` of AssumeRole* is the role and session requested.
  // Only for those calls: for CreateUser and friends `user` is the created
  // user, whose CloudTrail location varies by API.
  void MapAssumeRoleRequest() {
    std::optional<std::string_view> operation =
        StringAt(root_, "/api/operation");
    if (!operation || operation->substr(0, 10) != "AssumeRole") return;
    Copy(rc2_ ? "/user/uuid" : "/user/uid",
         "requestParameters.roleArn");
    Copy("/user/name", "requestParameters.roleSessionName");
  }

  // Security Lake puts every CloudTrail field it has no OCSF home for into
  // `unmapped`, flattening nested paths into dotted keys.
  void MapUnmapped() {
    std::optional<dom::element> element = At(root_, "/unmapped");
    if (!element) return;
    dom::object unmapped;
    if (element->get(unmapped) != simdjson::SUCCESS) return;
    for (dom::key_value_pair field : unmapped) {
      Path path = SplitPath(field.key);
      std::string_view text;
      // Security Lake stores unmapped values as strings; these two are
      // booleans in CloudTrail and rules compare them as such.
      if (path.size() == 1 &&
          (path[0] == "readOnly" || path[0] == "managementEvent") &&
          field.value.get(text) == simdjson::SUCCESS &&
          (text == "true" || text == "false")) {
        builder_.SetJson(path, std::string(text));
        continue;
      }
      builder_.SetElement(path, field.value);
    }
  }

  dom::element root_;
  dom::parser& data_parser_;
  const bool rc2_;
  RecordBuilder builder_;
};

// One parser per thread: dom::parser keeps its buffers between documents,
// and a second one decodes JSON embedded in strings while the first
// document is still in use.
dom::parser& RecordParser() {
  thread_local dom::parser parser;
  return parser;
}

dom::parser& EmbeddedParser() {
  thread_local dom::parser parser;
  return parser;
}

}  // namespace

bool LooksLikeOcsfCloudTrail(std::string_view json) {
  dom::element root;
  if (RecordParser().parse(json.data(), json.size()).get(root) !=
      simdjson::SUCCESS) {
    return false;
  }
  return IsOcsfCloudTrail(root);
}

absl::Status OcsfToCloudTrail(std::string_view json, std::string& out) {
  dom::element root;
  simdjson::error_code error =
      RecordParser().parse(json.data(), json.size()).get(root);
  if (error != simdjson::SUCCESS) {
    return absl::InvalidArgumentError(
        std::string("OCSF record is not valid JSON: ") +
        simdjson::error_message(error));
  }
  if (root.type() != dom::element_type::OBJECT) {
    return absl::InvalidArgumentError(
        "OCSF record is not a JSON object");
  }
  if (!IsOcsfCloudTrail(root)) {
    return absl::FailedPreconditionError(
        "JSON object is not an OCSF CloudTrail record (needs class_uid 3001, "
        "3002, 3005 or 6003 and metadata.product.name \"CloudTrail\")");
  }
  Mapper(root, EmbeddedParser()).Run(out);
  return absl::OkStatus();
}

}  // namespace trailhunt::input
