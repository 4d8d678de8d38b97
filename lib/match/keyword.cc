#include "match/keyword.h"

#include <cstdint>

#include "match/text.h"

namespace trailhunt::match_internal {
namespace {

// Splunk's breakers: major ones end a whole term, minor ones split a term
// into the parts a plain keyword may also match.
constexpr std::string_view kMajorBreakers = " \t\r\n[]<>(){}|!;,'\"*&?+";
constexpr std::string_view kMinorBreakers = "/:=@.-$#%\\_";

constexpr uint8_t kMinor = 1;
constexpr uint8_t kMajor = 2;

struct BreakerTable {
  uint8_t kind[256] = {};
  constexpr BreakerTable() {
    for (char c : kMajorBreakers) kind[static_cast<unsigned char>(c)] = kMajor;
    for (char c : kMinorBreakers) kind[static_cast<unsigned char>(c)] = kMinor;
  }
};
constexpr BreakerTable kTable;

// Any breaker on either side of `pos` (a plain keyword).
bool BoundaryAt(std::string_view text, size_t pos) {
  return pos == 0 || pos >= text.size() || IsBreaker(text[pos - 1]) || IsBreaker(text[pos]);
}
// A whole term starts at `pos`: the text starts there or a major breaker
// precedes it.
bool MajorStartAt(std::string_view text, size_t pos) {
  return pos == 0 || IsMajorBreaker(text[pos - 1]);
}
// A whole term ends at `pos`: the text ends there or a major breaker follows.
bool MajorEndAt(std::string_view text, size_t pos) {
  return pos >= text.size() || IsMajorBreaker(text[pos]);
}
bool AnyEnd(std::string_view, size_t) { return true; }

}  // namespace

bool IsBreaker(char c) { return kTable.kind[static_cast<unsigned char>(c)] != 0; }
bool IsMajorBreaker(char c) { return kTable.kind[static_cast<unsigned char>(c)] == kMajor; }

absl::StatusOr<Keyword> Keyword::Compile(std::string_view pattern, bool case_sensitive,
                                         bool token_boundaries, bool major_breakers_only) {
  auto w = Wildcard::Compile(pattern, case_sensitive);
  if (!w.ok()) return w.status();
  Keyword k(*std::move(w));
  k.token_boundaries_ = token_boundaries;
  k.major_breakers_only_ = token_boundaries && major_breakers_only;
  return k;
}

bool Keyword::Matches(std::string_view raw) const {
  const bool check_start = token_boundaries_ && !wildcard_.starts_with_star();
  const bool check_end = token_boundaries_ && !wildcard_.ends_with_star();
  auto start_ok = major_breakers_only_ ? &MajorStartAt : &BoundaryAt;
  auto end_ok = !check_end ? &AnyEnd : major_breakers_only_ ? &MajorEndAt : &BoundaryAt;
  // A pattern that may begin anywhere needs one attempt: its leading star
  // already tries every start.
  if (wildcard_.starts_with_star()) return wildcard_.MatchAt(raw, 0, end_ok);
  const std::string_view lead = wildcard_.leading_literal();
  for (size_t start = 0; start <= raw.size();) {
    if (!lead.empty()) {
      start = Find(raw, lead, start, wildcard_.case_sensitive());
      if (start == std::string_view::npos) return false;
    }
    if ((!check_start || start_ok(raw, start)) && wildcard_.MatchAt(raw, start, end_ok)) {
      return true;
    }
    if (start == raw.size()) break;
    start += Utf8Length(static_cast<unsigned char>(raw[start]));
  }
  return false;
}

}  // namespace trailhunt::match_internal
