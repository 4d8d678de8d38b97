#include "chart_writer.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "trailhunt/time.h"

namespace cli {
namespace {

// Display width of UTF-8 text: one column per code point.
size_t Width(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

std::string Fit(std::string s, size_t width) {
  if (Width(s) <= width) return s + std::string(width - Width(s), ' ');
  // Cut on a code point boundary, leaving room for the ellipsis.
  std::string out;
  size_t w = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) != 0x80) {
      if (w + 1 >= width) break;
      ++w;
    }
    out += s[i];
  }
  return out + "…" + std::string(width > w + 1 ? width - w - 1 : 0, ' ');
}

// A bar of `cells` character cells, in eighths.
std::string Bar(double cells) {
  static const char* const kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  std::string out;
  const auto eighths = static_cast<long>(std::lround(std::max(0.0, cells) * 8));
  for (long i = 0; i < eighths / 8; ++i) out += "█";
  out += kEighths[eighths % 8];
  return out;
}

bool IsNumericColumn(const trailhunt::ResultTable& table, size_t column) {
  bool any = false;
  for (const auto& row : table.rows) {
    const trailhunt::Value& v = row[column];
    if (v.is_missing()) continue;
    double d;
    if (!v.AsNumber(&d)) return false;
    any = true;
  }
  return any;
}

}  // namespace

std::string DisplayCell(const std::string& column, const trailhunt::Value& value) {
  double seconds;
  if (column == "_time" && value.AsNumber(&seconds) && std::isfinite(seconds) &&
      std::fabs(seconds) < 9.2e9) {
    return trailhunt::FormatIso8601(static_cast<int64_t>(std::llround(seconds * 1e9)));
  }
  std::string s = value.ToDisplayString();
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = value.is_multi() ? ',' : ' ';
  }
  return s;
}

size_t TerminalWidth() {
  winsize ws{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS")) {
    const long n = std::strtol(c, nullptr, 10);
    if (n >= 20 && n <= 1000) return static_cast<size_t>(n);
  }
  return 80;
}

absl::Status WriteChart(const trailhunt::ResultTable& table, size_t width, std::FILE* out) {
  std::vector<size_t> labels, series;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c] != "_time" && IsNumericColumn(table, c)) {
      series.push_back(c);
    } else {
      labels.push_back(c);
    }
  }
  // top/rare's percent restates count; draw the counts.
  if (series.size() == 2 && table.columns[series[1]] == "percent") series.pop_back();
  if (series.empty()) {
    return absl::InvalidArgumentError(
        "--format chart draws numeric columns (stats, top, rare, timechart results); this result has none");
  }
  std::vector<std::string> row_labels;
  size_t label_width = 1;
  for (const auto& row : table.rows) {
    std::string label;
    for (size_t c : labels) {
      if (!label.empty()) label += "  ";
      label += DisplayCell(table.columns[c], row[c]);
    }
    if (labels.empty()) label = "all";
    label_width = std::max(label_width, Width(label));
    row_labels.push_back(std::move(label));
  }
  double max_value = 0;
  size_t number_width = 1;
  for (const auto& row : table.rows) {
    for (size_t c : series) {
      double d = 0;
      if (row[c].AsNumber(&d)) max_value = std::max(max_value, d);
      number_width = std::max(number_width, Width(row[c].ToDisplayString()));
    }
  }
  const bool grouped = series.size() > 1;
  size_t series_width = 0;
  for (size_t c : series) series_width = std::max(series_width, Width(table.columns[c]));
  const size_t name_width = grouped ? series_width + 2 : std::min<size_t>(label_width, width / 3);
  const size_t used = name_width + 2 + number_width + 1;
  const double bar_cells = static_cast<double>(width > used + 10 ? width - used : 10);

  std::string text;
  if (!grouped) {
    std::string header;
    for (size_t c : labels) header += (header.empty() ? "" : "  ") + table.columns[c];
    text += Fit(header, name_width) + "  " + table.columns[series[0]] + "\n";
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    if (grouped) text += row_labels[r] + "\n";
    for (size_t c : series) {
      const trailhunt::Value& v = table.rows[r][c];
      double d = 0;
      v.AsNumber(&d);
      const std::string name = grouped ? "  " + table.columns[c] : row_labels[r];
      text += Fit(name, name_width) + "  ";
      text += Bar(max_value > 0 ? d / max_value * bar_cells : 0);
      text += " " + v.ToDisplayString() + "\n";
    }
  }
  std::fwrite(text.data(), 1, text.size(), out);
  std::fflush(out);
  return absl::OkStatus();
}

}  // namespace cli
