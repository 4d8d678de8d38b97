// Row output in the CLI's formats: an aligned text table, CSV (RFC 4180) and
// JSON lines. The table aligns on the first block of rows and then streams,
// so memory stays bounded however many rows follow.
#ifndef TRAILHUNT_CLI_TABLE_WRITER_H_
#define TRAILHUNT_CLI_TABLE_WRITER_H_

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "trailhunt/value.h"

namespace cli {

enum class RowFormat { kTable, kCsv, kJsonl, kMarkdown };

class RowWriter {
 public:
  RowWriter(RowFormat format, std::vector<std::string> columns, std::FILE* out);
  ~RowWriter();
  void Add(const std::vector<trailhunt::Value>& row);
  void Finish();

 private:
  void FlushBlock();
  static std::string Cell(const trailhunt::Value& v);

  RowFormat format_;
  std::vector<std::string> columns_;
  std::FILE* out_;
  std::vector<std::vector<std::string>> block_;
  std::vector<size_t> widths_;
  bool header_done_ = false;
  bool finished_ = false;
};

// Display width of UTF-8 text: one column per code point (good enough for
// the Latin text CloudTrail holds).
size_t DisplayWidth(std::string_view s);
// A value as one table cell: a multivalue joins with ',', newlines and tabs,
// which would break rows, become spaces, and every other control character
// (C0, DEL, C1) shows as \xNN / \u00NN, so data from a log can never send
// escape sequences to the terminal.
std::string CellText(const trailhunt::Value& v);
// Appends `text` with its control characters other than tab, CR and LF
// written as \xNN (C0, DEL) or \u00NN (C1).
void AppendWithoutControls(std::string& out, std::string_view text);

constexpr size_t kAlignBlockRows = 1000;
constexpr size_t kMaxCellWidth = 60;  // longer cells overflow their column

}  // namespace cli

#endif  // TRAILHUNT_CLI_TABLE_WRITER_H_
