#include "match/keyword.h"

#include "match/text.h"

namespace trailhunt::match_internal {
namespace {

constexpr std::string_view kBreakers = " \t\r\n[]<>(){}|!;,'\"*&?+/:=@.-$#%\\_";

struct BreakerTable {
  bool is[256] = {};
  constexpr BreakerTable() {
    for (char c : kBreakers) is[static_cast<unsigned char>(c)] = true;
  }
};
constexpr BreakerTable kTable;

bool BoundaryAt(std::string_view text, size_t pos) {
  return pos == 0 || pos >= text.size() || IsBreaker(text[pos - 1]) || IsBreaker(text[pos]);
}
bool AnyEnd(std::string_view, size_t) { return true; }

}  // namespace

bool IsBreaker(char c) { return kTable.is[static_cast<unsigned char>(c)]; }

absl::StatusOr<Keyword> Keyword::Compile(std::string_view pattern, bool case_sensitive,
                                         bool token_boundaries) {
  auto w = Wildcard::Compile(pattern, case_sensitive);
  if (!w.ok()) return w.status();
  Keyword k(*std::move(w));
  k.token_boundaries_ = token_boundaries;
  return k;
}

bool Keyword::Matches(std::string_view raw) const {
  const bool check_start = token_boundaries_ && !wildcard_.starts_with_star();
  const bool check_end = token_boundaries_ && !wildcard_.ends_with_star();
  auto end_ok = check_end ? &BoundaryAt : &AnyEnd;
  // A pattern that may begin anywhere needs one attempt: its leading star
  // already tries every start.
  if (wildcard_.starts_with_star()) return wildcard_.MatchAt(raw, 0, end_ok);
  const std::string_view lead = wildcard_.leading_literal();
  for (size_t start = 0; start <= raw.size();) {
    if (!lead.empty()) {
      start = Find(raw, lead, start, wildcard_.case_sensitive());
      if (start == std::string_view::npos) return false;
    }
    if ((!check_start || BoundaryAt(raw, start)) && wildcard_.MatchAt(raw, start, end_ok)) {
      return true;
    }
    if (start == raw.size()) break;
    start += Utf8Length(static_cast<unsigned char>(raw[start]));
  }
  return false;
}

}  // namespace trailhunt::match_internal
