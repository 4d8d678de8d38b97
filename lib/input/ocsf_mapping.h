// Maps Amazon Security Lake OCSF records back to CloudTrail records.
//
// Security Lake stores CloudTrail events as OCSF (API Activity, Authentication,
// Account Change). Rules in every trailhunt language are written against the
// CloudTrail record schema, so OCSF input is rewritten into that one schema at
// the input edge instead of teaching every rule two spellings of each field.
// The field-by-field table, the OCSF version differences and what is dropped
// are documented in docs/ocsf-mapping.md; keep that file in sync with the .cc.
//
// Internal to lib/; not installed.
#ifndef TRAILHUNT_LIB_INPUT_OCSF_MAPPING_H_
#define TRAILHUNT_LIB_INPUT_OCSF_MAPPING_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace trailhunt::input {

// OCSF class_uid values accepted as CloudTrail carriers. OCSF 1.0.0-rc.2
// numbered API Activity 3005 (category "Audit Activity"); 1.0.0 moved it to
// 6003, so both are accepted.
inline constexpr int kOcsfClassAccountChange = 3001;
inline constexpr int kOcsfClassAuthentication = 3002;
inline constexpr int kOcsfClassApiActivityRc2 = 3005;
inline constexpr int kOcsfClassApiActivity = 6003;

// True when `json` is a JSON object that Security Lake wrote for CloudTrail:
// class_uid is one of the classes above and metadata.product.name is
// "CloudTrail", or, when metadata.product.name is absent, both api.operation
// and api.service.name are present. Invalid JSON yields false.
//
// Takes text rather than a simdjson value so that simdjson stays out of this
// header; `json` needs no padding (it is copied into the parser's buffer).
bool LooksLikeOcsfCloudTrail(std::string_view json);

// Maps one OCSF record (the text of one JSON object; no padding required) to
// the text of one CloudTrail record, appended to `out` as compact JSON on a
// single line (no trailing newline).
//
// Errors, with `out` left exactly as it was:
//   kInvalidArgument    `json` is not valid JSON, or not a JSON object.
//   kFailedPrecondition `json` is a valid object but LooksLikeOcsfCloudTrail
//                       would reject it. A distinct code so a reader that
//                       sniffs its input can try this first and fall back to
//                       the native CloudTrail path without parsing twice.
//
// Thread-safe: each thread reuses its own parser.
absl::Status OcsfToCloudTrail(std::string_view json, std::string& out);

}  // namespace trailhunt::input

#endif  // TRAILHUNT_LIB_INPUT_OCSF_MAPPING_H_
