#include "event/principal.h"

namespace trailhunt::internal {

std::string_view ArnTail(std::string_view arn) {
  size_t slash = arn.rfind('/');
  if (slash != std::string_view::npos) return arn.substr(slash + 1);
  size_t colon = arn.rfind(':');
  return colon == std::string_view::npos ? arn : arn.substr(colon + 1);
}

std::string_view PrincipalName(const UserIdentity& id) {
  if (!id.present) return {};
  const std::string_view type = id.type;
  std::string_view name;
  if (type == "Root") {
    name = "root";
  } else if (type == "AssumedRole") {
    name = id.session_context.session_issuer.user_name;
    if (name.empty() && !id.arn.empty()) {
      // arn:aws:sts::acct:assumed-role/ROLE/SESSION
      std::string_view arn = id.arn;
      size_t a = arn.find("assumed-role/");
      if (a != std::string_view::npos) {
        arn.remove_prefix(a + 13);
        name = arn.substr(0, arn.find('/'));
      }
    }
  } else if (type == "FederatedUser") {
    name = id.arn.empty() ? std::string_view() : ArnTail(id.arn);
  } else if (type == "AWSService") {
    name = id.invoked_by;
  } else if (type == "IdentityCenterUser") {
    name = !id.user_name.empty() ? id.user_name : id.on_behalf_of_user_id;
  }
  if (name.empty()) name = id.user_name;
  if (name.empty() && !id.arn.empty()) name = ArnTail(id.arn);
  if (name.empty()) name = id.principal_id;
  if (name.empty()) name = id.invoked_by;
  if (name.empty()) name = id.account_id;
  return name;
}

bool SessionName(const UserIdentity& id, std::string_view* out) {
  if (id.type != "AssumedRole" || id.arn.empty()) return false;
  *out = ArnTail(id.arn);
  return true;
}

}  // namespace trailhunt::internal
