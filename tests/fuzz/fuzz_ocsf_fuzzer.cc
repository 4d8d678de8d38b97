// libFuzzer target: bytes as one OCSF record through
// trailhunt::input::OcsfToCloudTrail (lib/input/ocsf_mapping.h).
//
// Checks, aborting when broken (the contract in ocsf_mapping.h):
//   - success appends one compact CloudTrail record that Event::Parse accepts
//     as a JSON object, on a single line;
//   - failure leaves `out` exactly as it was;
//   - kFailedPrecondition and kInvalidArgument only when
//     LooksLikeOcsfCloudTrail says no; success only when it says yes; no
//     other status code.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "input/ocsf_mapping.h"
#include "trailhunt/event.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_ocsf: invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  static const std::string kPrefix = "prefix-kept\n";
  std::string out = kPrefix;
  const absl::Status status = trailhunt::input::OcsfToCloudTrail(json, out);
  const bool looks = trailhunt::input::LooksLikeOcsfCloudTrail(json);
  if (!status.ok()) {
    if (out != kPrefix) Fail("a failed mapping changed `out`", out);
    if (absl::IsFailedPrecondition(status) && looks) {
      Fail("kFailedPrecondition but LooksLikeOcsfCloudTrail is true", std::string(status.message()));
    }
    if (absl::IsInvalidArgument(status) && looks) {
      Fail("kInvalidArgument but LooksLikeOcsfCloudTrail is true", std::string(status.message()));
    }
    if (!absl::IsFailedPrecondition(status) && !absl::IsInvalidArgument(status)) {
      Fail("unexpected status code", status.ToString());
    }
    return 0;
  }
  if (!looks) Fail("mapped a record LooksLikeOcsfCloudTrail rejects", std::string(json));
  if (out.compare(0, kPrefix.size(), kPrefix) != 0) Fail("the mapping changed what `out` held", out);
  const std::string_view mapped = std::string_view(out).substr(kPrefix.size());
  if (mapped.find('\n') != std::string_view::npos) Fail("mapped record spans lines", std::string(mapped));
  trailhunt::Limits limits;
  limits.max_depth = 4000;  // OCSF input may be 1024 deep, plus the mapped prefix
  auto event = trailhunt::Event::Parse(mapped, limits);
  if (!event.ok()) {
    Fail("mapped record is not a valid JSON object",
         std::string(mapped) + "\n" + std::string(event.status().message()));
  }
  (void)event->PrincipalName();
  (void)event->event_time_ns();
  return 0;
}
