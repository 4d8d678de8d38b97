#include "query/lookup_table.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "query/compile.h"

namespace trailhunt::query_internal {

int LookupTable::ColumnIndex(std::string_view column) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == column) return static_cast<int>(i);
  }
  return -1;
}

absl::StatusOr<LookupTable> ParseLookupCsv(std::string_view text, std::string_view name,
                                           size_t max_rows) {
  LookupTable table;
  table.name = std::string(name);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t pos = 0;
  int line = 1;
  const auto error = [&](int at, std::string_view what) {
    return absl::InvalidArgumentError(
        absl::StrCat(std::string(name), ":", at, ": ", std::string(what)));
  };
  bool have_header = false;
  std::vector<std::string> fields;
  while (pos < text.size()) {
    const int row_line = line;
    fields.clear();
    std::string field;
    bool blank = true;
    bool row_done = false;
    while (!row_done) {
      field.clear();
      if (pos < text.size() && text[pos] == '"') {
        blank = false;
        ++pos;
        bool closed = false;
        while (pos < text.size()) {
          const char c = text[pos++];
          if (c == '"') {
            if (pos < text.size() && text[pos] == '"') {
              field += '"';
              ++pos;
            } else {
              closed = true;
              break;
            }
          } else {
            if (c == '\n') ++line;
            field += c;
          }
        }
        if (!closed) return error(row_line, "unterminated quoted field");
        if (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          return error(line, "text after a closing quote (write \"\" for a quote inside a quoted field)");
        }
      } else {
        while (pos < text.size() && text[pos] != ',' && text[pos] != '\n' && text[pos] != '\r') {
          if (text[pos] == '"') return error(line, "quote inside an unquoted field");
          field += text[pos++];
        }
        if (!field.empty()) blank = false;
      }
      fields.push_back(field);
      if (pos >= text.size()) {
        row_done = true;
      } else if (text[pos] == ',') {
        blank = false;
        ++pos;
      } else {
        if (text[pos] == '\r') ++pos;
        if (pos < text.size() && text[pos] == '\n') ++pos;
        ++line;
        row_done = true;
      }
    }
    if (blank) continue;
    if (!have_header) {
      std::set<std::string> seen;
      for (const std::string& h : fields) {
        if (h.empty()) return error(row_line, "empty column name in the header");
        if (!seen.insert(h).second) return error(row_line, "duplicate column '" + h + "' in the header");
      }
      table.header = fields;
      have_header = true;
      continue;
    }
    if (fields.size() != table.header.size()) {
      return error(row_line, absl::StrCat("row has ", fields.size(), " fields, the header has ",
                                          table.header.size()));
    }
    if (table.rows.size() >= max_rows) {
      return LimitExceeded("max_lookup_rows", max_rows, "lookup table " + std::string(name));
    }
    table.rows.push_back(fields);
  }
  if (!have_header) return error(1, "no header row");
  return table;
}

absl::StatusOr<LookupTable> LoadLookupCsv(std::string_view path, std::string_view dir,
                                          size_t max_rows, size_t max_bytes) {
  std::string full(path);
  if (!dir.empty() && !path.empty() && path[0] != '/') {
    full = std::string(dir) + (dir.back() == '/' ? "" : "/") + std::string(path);
  }
  // Only a regular file of bounded size: /dev/zero, a FIFO or stdin would
  // never end.
  std::error_code ec;
  const auto status = std::filesystem::status(full, ec);
  if (ec || !std::filesystem::exists(status)) {
    return absl::NotFoundError("lookup table " + full + ": cannot be read");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return absl::InvalidArgumentError("lookup table " + full + ": not a regular file");
  }
  const uintmax_t size = std::filesystem::file_size(full, ec);
  if (ec) return absl::NotFoundError("lookup table " + full + ": cannot be read");
  if (size > max_bytes) {
    return LimitExceeded("max_lookup_bytes", max_bytes, "lookup table " + full);
  }
  std::ifstream in(full, std::ios::binary);
  if (!in) return absl::NotFoundError("lookup table " + full + ": cannot be read");
  std::string text(static_cast<size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  if (in.bad()) return absl::DataLossError("lookup table " + full + ": read error");
  text.resize(static_cast<size_t>(in.gcount()));
  return ParseLookupCsv(text, full, max_rows);
}

}  // namespace trailhunt::query_internal
