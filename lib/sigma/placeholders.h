// `|expand` placeholders: `%name%` in a value is replaced by each of the
// values the caller supplied for `name` (each itself Sigma value text, so
// it may hold wildcards). `\%` is a literal percent sign; a '%' with no
// closing '%' is literal too.
#ifndef TRAILHUNT_LIB_SIGMA_PLACEHOLDERS_H_
#define TRAILHUNT_LIB_SIGMA_PLACEHOLDERS_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace trailhunt::sigma_internal {

enum class ExpandResult : uint8_t { kOk, kMissing, kTooMany };

// Every expansion of `sigma` (the cartesian product over its placeholders).
// kMissing names the first placeholder without values in `missing`;
// kTooMany when there would be more than `max_results`.
ExpandResult ExpandPlaceholders(std::string_view sigma,
                                const std::map<std::string, std::vector<std::string>>& values,
                                size_t max_results, std::vector<std::string>* out,
                                std::string* missing);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_PLACEHOLDERS_H_
