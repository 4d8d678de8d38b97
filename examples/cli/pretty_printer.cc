#include "pretty_printer.h"

#include <algorithm>
#include <charconv>
#include <vector>

#include "trailhunt/json_text.h"
#include "trailhunt/time.h"

namespace cli {
namespace {

using trailhunt::internal::JsonDocument;
using trailhunt::internal::JsonNode;

// Top-level order of the CloudTrail record reference (what the blog's
// structured view shows first).
constexpr std::string_view kTopOrder[] = {
    "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName",
    "awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage",
    "requestParameters", "responseElements", "additionalEventData", "requestID",
    "eventID", "readOnly", "resources", "eventType", "apiVersion", "managementEvent",
    "recipientAccountId", "sharedEventID", "vpcEndpointId", "vpcEndpointAccountId",
    "serviceEventDetails", "eventCategory", "addendum", "sessionCredentialFromConsole",
    "edgeDeviceDetails", "tlsDetails", "insightDetails", "inScopeOf", "eventContext"};

struct Palette {
  const char* key = "";
  const char* string = "";
  const char* number = "";
  const char* literal = "";
  const char* dim = "";
  const char* reset = "";
};

class Printer {
 public:
  Printer(const JsonDocument& doc, bool color, std::string& out) : doc_(doc), out_(out) {
    if (color) {
      p_.key = "\x1b[36m";
      p_.string = "\x1b[32m";
      p_.number = "\x1b[33m";
      p_.literal = "\x1b[35m";
      p_.dim = "\x1b[2m";
      p_.reset = "\x1b[0m";
    }
  }

  void Node(const JsonNode& n, int indent, bool top) {
    switch (n.type) {
      case JsonNode::Type::kNull: Colored(p_.literal, "null"); return;
      case JsonNode::Type::kBool: Colored(p_.literal, n.b ? "true" : "false"); return;
      case JsonNode::Type::kInt: {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof(buf), n.i);
        Colored(p_.number, std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
        return;
      }
      case JsonNode::Type::kDouble: {
        char buf[32];
        auto r = std::to_chars(buf, buf + sizeof(buf), n.d);
        Colored(p_.number, std::string_view(buf, static_cast<size_t>(r.ptr - buf)));
        return;
      }
      case JsonNode::Type::kNumberText: Colored(p_.number, n.text); return;
      case JsonNode::Type::kString: {
        std::string s;
        trailhunt::AppendJsonString(s, n.text);
        Colored(p_.string, s);
        return;
      }
      case JsonNode::Type::kArray: {
        if (n.child_count == 0) {
          out_ += "[]";
          return;
        }
        out_ += "[\n";
        for (const JsonNode* c = doc_.begin_children(n); c != doc_.end_children(n); ++c) {
          out_.append(static_cast<size_t>(indent + 2), ' ');
          Node(*c, indent + 2, false);
          if (c + 1 != doc_.end_children(n)) out_ += ',';
          out_ += '\n';
        }
        out_.append(static_cast<size_t>(indent), ' ');
        out_ += ']';
        return;
      }
      case JsonNode::Type::kObject: {
        if (n.child_count == 0) {
          out_ += "{}";
          return;
        }
        std::vector<const JsonNode*> members;
        for (const JsonNode* c = doc_.begin_children(n); c != doc_.end_children(n); ++c) {
          members.push_back(c);
        }
        std::stable_sort(members.begin(), members.end(), [top](const JsonNode* a, const JsonNode* b) {
          if (top) {
            const auto ra = Rank(a->key), rb = Rank(b->key);
            if (ra != rb) return ra < rb;
          }
          return a->key < b->key;
        });
        out_ += "{\n";
        for (size_t i = 0; i < members.size(); ++i) {
          out_.append(static_cast<size_t>(indent + 2), ' ');
          std::string k;
          trailhunt::AppendJsonString(k, members[i]->key);
          Colored(p_.key, k);
          out_ += ": ";
          Node(*members[i], indent + 2, false);
          if (i + 1 < members.size()) out_ += ',';
          out_ += '\n';
        }
        out_.append(static_cast<size_t>(indent), ' ');
        out_ += '}';
        return;
      }
    }
  }

  void Colored(const char* color, std::string_view text) {
    out_ += color;
    out_ += text;
    out_ += *color ? p_.reset : "";
  }
  const Palette& palette() const { return p_; }

 private:
  static size_t Rank(std::string_view key) {
    auto it = std::find(std::begin(kTopOrder), std::end(kTopOrder), key);
    return static_cast<size_t>(it - std::begin(kTopOrder));
  }

  const JsonDocument& doc_;
  std::string& out_;
  Palette p_;
};

}  // namespace

void AppendPretty(const trailhunt::Event& event, bool color, std::string& out) {
  Printer printer(event.document(), color, out);
  std::string header = "# " + event.source() + " record " + std::to_string(event.record_index()) +
                       " (byte " + std::to_string(event.byte_offset()) + ", " +
                       std::string(trailhunt::EnvelopeName(event.envelope()));
  if (event.time_ns() != trailhunt::kNoTime) {
    header += ", time " + trailhunt::FormatIso8601(event.time_ns()) + " from " +
              std::string(trailhunt::TimeOriginName(event.time_origin()));
  }
  header += ")";
  printer.Colored(printer.palette().dim, header);
  out += '\n';
  printer.Node(event.document().root(), 0, true);
  out += '\n';
}

}  // namespace cli
