// strftime/strptime as Splunk's eval uses them, in UTC: %Y %m %d %H %M %S
// %y %b %B %a %A %j %p %I %e %Z %z %s %T %F %%, plus Splunk's subseconds
// %3N %6N %9N (and %N, %Q). Other conversions are errors at compile time.
#ifndef TRAILHUNT_LIB_QUERY_TIME_FORMAT_H_
#define TRAILHUNT_LIB_QUERY_TIME_FORMAT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace trailhunt::query_internal {

// Checks a format string once, so evaluation never fails on it.
absl::Status CheckTimeFormat(std::string_view format);
std::string FormatTime(int64_t time_ns, std::string_view format);
// nullopt when `text` does not match `format` entirely.
std::optional<int64_t> ParseTime(std::string_view text, std::string_view format);

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_TIME_FORMAT_H_
