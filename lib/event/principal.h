// The values trailhunt derives from userIdentity (the catalog's `principal`
// and `session_name`), in one place so that Event and Projection, which
// gather the inputs differently, derive them identically.
#ifndef TRAILHUNT_LIB_EVENT_PRINCIPAL_H_
#define TRAILHUNT_LIB_EVENT_PRINCIPAL_H_

#include <string_view>

#include "trailhunt/event.h"

namespace trailhunt::internal {

// The canonical principal name by identity type; "" when there is none.
// The view points into `id`'s strings (or a literal).
std::string_view PrincipalName(const UserIdentity& id);

// The session part of an assumed-role ARN; false when the identity is not
// an assumed role with an ARN (an ARN ending in '/' yields true and "").
bool SessionName(const UserIdentity& id, std::string_view* out);

// The part of an ARN after its last '/' (else after its last ':').
std::string_view ArnTail(std::string_view arn);

}  // namespace trailhunt::internal

#endif  // TRAILHUNT_LIB_EVENT_PRINCIPAL_H_
