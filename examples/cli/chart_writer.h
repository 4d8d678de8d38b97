// `--format chart`: a result's counts drawn as horizontal bars, because an
// analyst reads a distribution faster than a column of numbers. Label
// columns are the non-numeric ones (and _time); each numeric column is a
// series. With several series (timechart ... by f) every row becomes a block
// with one bar per series.
#ifndef TRAILHUNT_CLI_CHART_WRITER_H_
#define TRAILHUNT_CLI_CHART_WRITER_H_

#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "trailhunt/query.h"

namespace cli {

// Fails (and prints nothing) when the table has no numeric column to draw.
// `width` is the terminal width in columns.
absl::Status WriteChart(const trailhunt::ResultTable& table, size_t width, std::FILE* out);

// The width of the terminal on stdout, or $COLUMNS, or 80.
size_t TerminalWidth();

// How a cell prints: `_time` columns holding epoch seconds as ISO-8601.
std::string DisplayCell(const std::string& column, const trailhunt::Value& value);

}  // namespace cli

#endif  // TRAILHUNT_CLI_CHART_WRITER_H_
