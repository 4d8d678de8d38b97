#include "table_writer.h"

#include <algorithm>

#include "trailhunt/json_text.h"

namespace cli {
namespace {

std::string CsvQuote(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

size_t DisplayWidth(std::string_view s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

void AppendWithoutControls(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      const unsigned char c1 = static_cast<unsigned char>(text[++i]);
      out += "\\u00";
      out += kHex[c1 >> 4];
      out += kHex[c1 & 0xF];
    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      out += static_cast<char>(c);
    }
  }
}

std::string CellText(const trailhunt::Value& v) {
  std::string s;
  AppendWithoutControls(s, v.ToDisplayString());
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = v.is_multi() ? ',' : ' ';
  }
  return s;
}

RowWriter::RowWriter(RowFormat format, std::vector<std::string> columns, std::FILE* out)
    : format_(format), columns_(std::move(columns)), out_(out) {
  // Column names can come from the data (timechart's series).
  if (format_ != RowFormat::kJsonl) {
    for (std::string& c : columns_) c = CellText(trailhunt::Value::String(c));
  }
}

RowWriter::~RowWriter() { Finish(); }

std::string RowWriter::Cell(const trailhunt::Value& v) { return CellText(v); }

void RowWriter::Add(const std::vector<trailhunt::Value>& row) {
  std::string line;
  switch (format_) {
    case RowFormat::kJsonl: {
      line += '{';
      for (size_t i = 0; i < columns_.size(); ++i) {
        if (i) line += ',';
        trailhunt::AppendJsonString(line, columns_[i]);
        line += ':';
        row[i].AppendJson(line);
      }
      line += "}\n";
      std::fwrite(line.data(), 1, line.size(), out_);
      return;
    }
    case RowFormat::kCsv: {
      if (!header_done_) {
        for (size_t i = 0; i < columns_.size(); ++i) line += (i ? "," : "") + CsvQuote(columns_[i]);
        line += "\r\n";
        header_done_ = true;
      }
      for (size_t i = 0; i < columns_.size(); ++i) {
        if (i) line += ',';
        // CSV quotes newlines itself; other control characters are shown
        // escaped so the file is safe to print.
        std::string cell;
        AppendWithoutControls(cell, row[i].ToDisplayString());
        line += CsvQuote(cell);
      }
      line += "\r\n";
      std::fwrite(line.data(), 1, line.size(), out_);
      return;
    }
    case RowFormat::kTable:
    case RowFormat::kMarkdown: {
      std::vector<std::string> cells;
      cells.reserve(row.size());
      for (const auto& v : row) cells.push_back(Cell(v));
      block_.push_back(std::move(cells));
      if (block_.size() >= kAlignBlockRows) FlushBlock();
      return;
    }
  }
}

void RowWriter::FlushBlock() {
  const bool md = format_ == RowFormat::kMarkdown;
  if (!header_done_) {
    widths_.assign(columns_.size(), 0);
    for (size_t i = 0; i < columns_.size(); ++i) widths_[i] = std::max<size_t>(DisplayWidth(columns_[i]), md ? 3 : 1);
    for (const auto& r : block_) {
      for (size_t i = 0; i < r.size(); ++i) {
        widths_[i] = std::min(kMaxCellWidth, std::max(widths_[i], DisplayWidth(r[i])));
      }
    }
  }
  std::string out;
  auto emit = [&](const std::vector<std::string>& cells) {
    if (md) out += "| ";
    for (size_t i = 0; i < cells.size(); ++i) {
      const bool last = i + 1 == cells.size();
      std::string cell = cells[i];
      if (md) {
        size_t p = 0;
        while ((p = cell.find('|', p)) != std::string::npos) {
          cell.insert(p, "\\");
          p += 2;
        }
      }
      out += cell;
      if (!last || md) {
        const size_t w = DisplayWidth(cell);
        out.append(w < widths_[i] ? widths_[i] - w : 0, ' ');
        out += md ? " | " : "  ";
      }
    }
    while (!md && !out.empty() && out.back() == ' ') out.pop_back();
    if (md && !out.empty()) out.pop_back();
    out += '\n';
  };
  if (!header_done_) {
    emit(columns_);
    std::vector<std::string> rule;
    for (size_t w : widths_) rule.push_back(md ? std::string(w, '-') : std::string(w, '-'));
    emit(rule);
    header_done_ = true;
  }
  for (const auto& r : block_) emit(r);
  block_.clear();
  std::fwrite(out.data(), 1, out.size(), out_);
}

void RowWriter::Finish() {
  if (finished_) return;
  finished_ = true;
  if (format_ == RowFormat::kTable || format_ == RowFormat::kMarkdown) {
    if (!block_.empty() || !header_done_) FlushBlock();
  } else if (format_ == RowFormat::kCsv && !header_done_) {
    std::string line;
    for (size_t i = 0; i < columns_.size(); ++i) line += (i ? "," : "") + CsvQuote(columns_[i]);
    line += "\r\n";
    std::fwrite(line.data(), 1, line.size(), out_);
  }
  std::fflush(out_);
}

}  // namespace cli
