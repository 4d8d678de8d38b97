#include "chart_writer.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "table_writer.h"
#include "trailhunt/time.h"

namespace cli {
namespace {


std::string Fit(std::string s, size_t width) {
  if (DisplayWidth(s) <= width) return s + std::string(width - DisplayWidth(s), ' ');
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
  return CellText(value);
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

absl::Status WriteChart(const trailhunt::ResultTable& input, size_t width, std::FILE* out) {
  // Column names can come from the data (timechart's series).
  trailhunt::ResultTable table;
  table.rows = input.rows;
  for (const std::string& c : input.columns) {
    table.columns.push_back(CellText(trailhunt::Value::String(c)));
  }
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
    label_width = std::max(label_width, DisplayWidth(label));
    row_labels.push_back(std::move(label));
  }
  double max_value = 0;
  size_t number_width = 1;
  for (const auto& row : table.rows) {
    for (size_t c : series) {
      double d = 0;
      if (row[c].AsNumber(&d)) max_value = std::max(max_value, d);
      number_width = std::max(number_width, DisplayWidth(row[c].ToDisplayString()));
    }
  }
  std::string text;
  if (series.size() == 1) {
    const size_t name_width = std::min<size_t>(label_width, width / 3);
    const size_t used = name_width + 2 + number_width + 1;
    const double cells = static_cast<double>(width > used + 10 ? width - used : 10);
    std::string header;
    for (size_t c : labels) header += (header.empty() ? "" : "  ") + table.columns[c];
    text += Fit(header, name_width) + "  " + table.columns[series[0]] + "\n";
    for (size_t r = 0; r < table.rows.size(); ++r) {
      const trailhunt::Value& v = table.rows[r][series[0]];
      double d = 0;
      v.AsNumber(&d);
      text += Fit(row_labels[r], name_width) + "  " + Bar(max_value > 0 ? d / max_value * cells : 0) +
              " " + v.ToDisplayString() + "\n";
    }
  } else {
    // Several series (timechart ... by f): one stacked bar per row, a glyph
    // per series, so the rows stay comparable at a glance.
    static const char* const kGlyphs[] = {"█", "▓", "▒", "░", "#", "=", "+", "*", "@", "%", "&", "~"};
    constexpr size_t kGlyphCount = sizeof(kGlyphs) / sizeof(kGlyphs[0]);
    double max_total = 0;
    std::vector<double> totals;
    for (const auto& row : table.rows) {
      double total = 0;
      for (size_t c : series) {
        double d = 0;
        if (row[c].AsNumber(&d) && d > 0) total += d;
      }
      totals.push_back(total);
      max_total = std::max(max_total, total);
    }
    const size_t name_width = std::min<size_t>(label_width, width / 3);
    const double cells = static_cast<double>(width > name_width + 24 ? width - name_width - 24 : 10);
    std::string legend;
    for (size_t i = 0; i < series.size(); ++i) {
      legend += std::string(legend.empty() ? "" : "  ") + kGlyphs[i % kGlyphCount] + " " +
                table.columns[series[i]];
    }
    text += std::string(name_width, ' ') + "  " + legend + "\n";
    for (size_t r = 0; r < table.rows.size(); ++r) {
      std::string bar, counts;
      double cumulative = 0;
      size_t drawn = 0;
      for (size_t i = 0; i < series.size(); ++i) {
        const trailhunt::Value& v = table.rows[r][series[i]];
        double d = 0;
        if (!v.AsNumber(&d) || d <= 0) continue;
        // Round the running total, not each segment, so segments add up.
        cumulative += d;
        const auto upto = static_cast<size_t>(std::lround(max_total > 0 ? cumulative / max_total * cells : 0));
        for (; drawn < upto; ++drawn) bar += kGlyphs[i % kGlyphCount];
        counts += (counts.empty() ? "" : ", ") + table.columns[series[i]] + " " + v.ToDisplayString();
      }
      text += Fit(row_labels[r], name_width) + "  " + bar + (bar.empty() ? "" : " ") +
              trailhunt::Value::Double(totals[r]).ToDisplayString() +
              (counts.empty() ? "" : " (" + counts + ")") + "\n";
    }
  }
  std::fwrite(text.data(), 1, text.size(), out);
  std::fflush(out);
  return absl::OkStatus();
}

}  // namespace cli
