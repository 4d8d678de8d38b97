// libFuzzer target: bytes as a Sigma rule file through sigma::LoadText, with
// and without the logsource filter and with a placeholder supplied.
//
// Checks, aborting when broken:
//   - every diagnostic names the origin, has a construct and a message, and
//     a 1-based position inside the text (line <= lines in the text);
//   - a document that loads is counted: rules + correlations + filters +
//     skipped <= documents;
//   - a loaded detection or filter compiles into a match::Predicate (the
//     loader rejects what the IR cannot run: regexes, CIDRs, wildcards) and
//     its fields_read lists exactly the fields the expression binds;
//   - a correlation has rules and a positive timespan.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "trailhunt/match.h"
#include "trailhunt/sigma.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz_sigma: invariant broken: %s: '%.*s'\n", what,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void CheckExpr(const trailhunt::match::Expr& expr, const std::vector<std::string>& fields_read) {
  std::set<std::string> bound;
  auto p = trailhunt::match::Predicate::Compile(
      expr, [&bound](std::string_view f) -> absl::StatusOr<trailhunt::SlotIndex> {
        bound.emplace(f);
        return static_cast<trailhunt::SlotIndex>(bound.size() - 1);
      });
  if (!p.ok()) Fail("a loaded expression does not compile", std::string(p.status().message()));
  const std::set<std::string> listed(fields_read.begin(), fields_read.end());
  if (listed.size() != fields_read.size()) Fail("fields_read has duplicates", "");
  if (listed != bound) Fail("fields_read differs from the bound fields", p->ToString());
  trailhunt::match::FieldSet none;
  none.raw = "{}";
  std::vector<trailhunt::Value> slots(bound.size());
  none.slots = slots;
  (void)p->Matches(none);
}

void Check(std::string_view text, const trailhunt::sigma::LoadOptions& options) {
  trailhunt::sigma::RuleCollection c;
  trailhunt::sigma::LoadText(text, "fuzz.yml", options, &c);
  size_t lines = 1;
  for (char ch : text) lines += ch == '\n';
  for (const auto& d : c.diagnostics) {
    if (d.where.file != "fuzz.yml") Fail("diagnostic without the origin", d.ToString());
    if (d.construct.empty() || d.message.empty()) Fail("diagnostic without construct", d.ToString());
    if (d.where.line < 1 || d.where.column < 1) Fail("diagnostic position not 1-based", d.ToString());
    if (static_cast<size_t>(d.where.line) > lines + 1) Fail("diagnostic past the text", d.ToString());
  }
  if (c.rules.size() + c.correlations.size() + c.filters.size() + c.skipped_logsource > c.documents) {
    Fail("more results than documents", text);
  }
  for (const auto& r : c.rules) CheckExpr(r.expr, r.fields_read);
  for (const auto& f : c.filters) CheckExpr(f.expr, f.fields_read);
  for (const auto& k : c.correlations) {
    if (k.rules.empty() || k.timespan_ns <= 0) Fail("incomplete correlation", k.info.title);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  trailhunt::sigma::LoadOptions cloudtrail;
  cloudtrail.placeholders["ips"] = {"10.*", "192.0.2.1", "-x-"};
  Check(text, cloudtrail);
  trailhunt::sigma::LoadOptions everything;
  everything.only_cloudtrail = false;
  Check(text, everything);
  return 0;
}
