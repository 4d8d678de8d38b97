#include "query/rex.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "re2/re2.h"

namespace trailhunt::query_internal {

Regex::~Regex() = default;

absl::StatusOr<std::shared_ptr<const Regex>> Regex::Compile(std::string_view pattern,
                                                            const spl::SourcePos& pos,
                                                            std::string_view command) {
  const std::string where = absl::StrCat("line ", pos.line, ", column ", pos.column, ": ",
                                         std::string(command), ": ");
  auto translated = match::TranslatePcreToRe2(pattern);
  if (!translated.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, std::string(translated.status().message())));
  }
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(*translated, options);
  if (!re->ok()) {
    return absl::InvalidArgumentError(absl::StrCat(where, "invalid regex: ", re->error()));
  }
  std::shared_ptr<Regex> out(new Regex());
  std::map<int, std::string> by_group;
  for (const auto& [name, group] : re->NamedCapturingGroups()) by_group[group] = name;
  for (const auto& [group, name] : by_group) {
    out->names_.push_back(name);
    out->groups_.push_back(group);
  }
  out->re_ = std::move(re);
  return std::shared_ptr<const Regex>(std::move(out));
}

bool Regex::PartialMatch(std::string_view text) const {
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

void Regex::Extract(std::string_view text, int64_t max_match, std::vector<Value>& out) const {
  const int ngroups = re_->NumberOfCapturingGroups() + 1;
  // Small and per call: rex runs on few fields and the pieces are views.
  std::vector<re2::StringPiece> pieces(static_cast<size_t>(ngroups));
  std::vector<std::vector<Value>> found(names_.size());
  const re2::StringPiece input(text.data(), text.size());
  size_t pos = 0;
  int64_t matches = 0;
  while (pos <= text.size() && (max_match <= 0 || matches < max_match)) {
    if (!re_->Match(input, pos, input.size(), RE2::UNANCHORED, pieces.data(), ngroups)) break;
    ++matches;
    for (size_t i = 0; i < names_.size(); ++i) {
      const re2::StringPiece& p = pieces[static_cast<size_t>(groups_[i])];
      if (p.data() != nullptr) found[i].push_back(Value::String(std::string(p.data(), p.size())));
    }
    const size_t end = static_cast<size_t>(pieces[0].data() - text.data()) + pieces[0].size();
    pos = pieces[0].empty() ? end + 1 : end;  // an empty match must still advance
  }
  for (size_t i = 0; i < names_.size(); ++i) {
    if (found[i].empty()) {
      out[i] = Value();
    } else if (found[i].size() == 1) {
      out[i] = std::move(found[i][0]);
    } else {
      out[i] = Value::Multi(std::move(found[i]));
    }
  }
}

}  // namespace trailhunt::query_internal
