// libFuzzer target: bytes through the SPL front end (trailhunt::spl::Parse,
// ParseSearch) and the time-modifier parser (ParseTimeSpec + ResolveTime).
//
// Checks, aborting when broken:
//   - an error names a position inside the text, and its message starts
//     with that line and column;
//   - a parsed pipeline starts with a search command;
//   - ParseSearch agrees with Parse on whether a query without '|' parses;
//   - a time spec that parses resolves without undefined behaviour (UBSan
//     watches the calendar arithmetic) against a few "now"s.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "trailhunt/spl.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz_spl: invariant broken: %s: '%.*s'\n", what,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void CheckError(const absl::Status& status, const trailhunt::spl::Diagnostic& d,
                std::string_view text) {
  if (d.pos.offset > text.size()) Fail("error offset past the end", d.message);
  if (d.pos.line < 1 || d.pos.column < 1) Fail("error position not 1-based", d.message);
  const std::string prefix =
      "line " + std::to_string(d.pos.line) + ", column " + std::to_string(d.pos.column) + ": ";
  const std::string message(status.message());
  if (message.compare(0, prefix.size(), prefix) != 0) Fail("message without position", message);
  if (message.size() == prefix.size()) Fail("empty error message", message);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  trailhunt::spl::Diagnostic d;
  auto pipeline = trailhunt::spl::Parse(text, &d);
  if (pipeline.ok()) {
    if (pipeline->commands.empty() ||
        !std::holds_alternative<trailhunt::spl::SearchCommand>(pipeline->commands[0].body)) {
      Fail("pipeline does not start with a search", text);
    }
  } else {
    CheckError(pipeline.status(), d, text);
  }

  trailhunt::spl::Diagnostic sd;
  auto search = trailhunt::spl::ParseSearch(text, &sd);
  if (!search.ok()) CheckError(search.status(), sd, text);
  if (search.ok() && !pipeline.ok() && text.find('|') == std::string_view::npos) {
    Fail("ParseSearch accepts what Parse rejects", text);
  }

  if (size <= 64) {
    auto spec = trailhunt::spl::ParseTimeSpec(text);
    if (spec.ok()) {
      for (int64_t now : {int64_t{0}, int64_t{1761140845} * 1000000000, INT64_MAX, INT64_MIN}) {
        (void)trailhunt::spl::ResolveTime(*spec, now);
      }
    }
  }
  return 0;
}
