// Lookup tables for `lookup`: CSV files (RFC 4180: a header row, fields
// separated by commas, double quotes around fields that hold commas, quotes
// or line breaks, "" for a quote inside them; CRLF or LF line ends; a UTF-8
// BOM is skipped; blank lines are ignored). Loaded once at compile time.
#ifndef TRAILHUNT_LIB_QUERY_LOOKUP_TABLE_H_
#define TRAILHUNT_LIB_QUERY_LOOKUP_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace trailhunt::query_internal {

struct LookupTable {
  std::string name;  // the file, for messages
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each has header.size() cells

  int ColumnIndex(std::string_view column) const;
};

// Errors name "<name>:<line>" (1-based) and what is wrong: an unterminated
// quote, a row whose field count differs from the header's, a duplicate or
// empty header. More than `max_rows` data rows is ResourceExhausted.
absl::StatusOr<LookupTable> ParseLookupCsv(std::string_view text, std::string_view name,
                                           size_t max_rows);
// Reads `path` (relative to `dir` unless absolute or `dir` is empty): a
// regular file of at most `max_bytes`.
absl::StatusOr<LookupTable> LoadLookupCsv(std::string_view path, std::string_view dir,
                                          size_t max_rows, size_t max_bytes);

}  // namespace trailhunt::query_internal

#endif  // TRAILHUNT_LIB_QUERY_LOOKUP_TABLE_H_
