// libFuzzer target: bytes as a CloudWatch Logs filter pattern through
// filterpattern::Parse, then the pattern compiled and run over the input
// itself as the raw record (so the space-delimited splitter and the term
// search see hostile text too) with every kind of value in the slots.
//
// Checks, aborting when broken:
//   - an error has a 1-based column at most one past the end, a message,
//     and the status text "column N: <message>";
//   - a parsed pattern compiles into a match::Predicate (the parser
//     rejects what the IR cannot run) and its fields_read lists exactly the
//     fields the expression binds, each once;
//   - a JSON or space-delimited pattern holds at most 2 regexes.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "trailhunt/filterpattern.h"
#include "trailhunt/match.h"

namespace {

namespace fp = trailhunt::filterpattern;

[[noreturn]] void Fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz_filterpattern: invariant broken: %s: '%.*s'\n", what,
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

void Run(std::string_view text, const fp::ParseOptions& options) {
  fp::SyntaxError error;
  absl::StatusOr<fp::Pattern> parsed = fp::Parse(text, options, &error);
  if (!parsed.ok()) {
    if (error.column < 1 || static_cast<size_t>(error.column) > text.size() + 1) {
      Fail("error column outside the text", std::to_string(error.column));
    }
    if (error.message.empty()) Fail("error without a message", text);
    const std::string expected = "column " + std::to_string(error.column) + ": " + error.message;
    if (std::string(parsed.status().message()) != expected) {
      Fail("status text differs from the error", std::string(parsed.status().message()));
    }
    return;
  }
  if (parsed->regex_count > options.max_regexes) Fail("too many regexes accepted", text);
  std::set<std::string> bound;
  auto predicate = trailhunt::match::Predicate::Compile(
      parsed->expr, [&bound](std::string_view f) -> absl::StatusOr<trailhunt::SlotIndex> {
        bound.emplace(f);
        return static_cast<trailhunt::SlotIndex>(bound.size() - 1);
      });
  if (!predicate.ok()) {
    Fail("a parsed pattern does not compile", std::string(predicate.status().message()));
  }
  const std::set<std::string> listed(parsed->fields_read.begin(), parsed->fields_read.end());
  if (listed.size() != parsed->fields_read.size()) Fail("fields_read has duplicates", text);
  if (listed != bound) Fail("fields_read differs from the bound fields", predicate->ToString());

  // Every slot as each kind of value in turn, the input as the raw record.
  const std::vector<trailhunt::Value> kinds = {
      trailhunt::Value(),
      trailhunt::Value::Null(),
      trailhunt::Value::Bool(true),
      trailhunt::Value::Int(404),
      trailhunt::Value::Double(1e-3),
      trailhunt::Value::String(std::string(text.substr(0, 64))),
      trailhunt::Value::Json("{\"a\":[1,2]}"),
  };
  for (const trailhunt::Value& v : kinds) {
    std::vector<trailhunt::Value> slots(bound.size(), v);
    trailhunt::match::FieldSet fields;
    fields.slots = slots;
    fields.raw = text;
    (void)predicate->Matches(fields);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Run(text, fp::ParseOptions());
  // Without the length limit, so long inputs reach the grammar too.
  fp::ParseOptions relaxed;
  relaxed.max_length = 1 << 20;
  Run(text, relaxed);
  return 0;
}
