// LoadPath: one rule file, or every *.yml / *.yaml under a directory in
// sorted path order. Only regular files are read (a FIFO would block), and
// no more than the loader's size cap of each.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "sigma/yaml_reader.h"
#include "trailhunt/sigma.h"

namespace trailhunt::sigma {
namespace {

namespace fs = std::filesystem;

void PathError(const std::string& path, std::string message, RuleCollection* out) {
  Diagnostic d;
  d.severity = Diagnostic::Severity::kError;
  d.where.file = path;
  d.construct = "path";
  d.message = std::move(message);
  out->diagnostics.push_back(std::move(d));
}

bool IsRuleFile(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yml" || ext == ".yaml";
}

void LoadFile(const std::string& path, const LoadOptions& options, RuleCollection* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    PathError(path, "cannot open '" + path + "' for reading", out);
    return;
  }
  // Up to one byte past the cap, so that an oversized file is reported as
  // such without reading all of it.
  std::string text;
  char chunk[65536];
  while (text.size() <= sigma_internal::kMaxRuleTextBytes) {
    in.read(chunk, sizeof(chunk));
    text.append(chunk, static_cast<size_t>(in.gcount()));
    if (!in) break;
  }
  if (in.bad()) {
    PathError(path, "error while reading '" + path + "'", out);
    return;
  }
  LoadText(text, path, options, out);
}

}  // namespace

void LoadPath(const std::string& path, const LoadOptions& options, RuleCollection* out) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    PathError(path, "cannot read '" + path + "': " + (ec ? ec.message() : "no such file or directory"),
              out);
    return;
  }
  if (fs::is_regular_file(status)) {
    LoadFile(path, options, out);
    return;
  }
  if (!fs::is_directory(status)) {
    PathError(path, "'" + path + "' is neither a regular file nor a directory", out);
    return;
  }
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec);
  const fs::recursive_directory_iterator end;
  while (!ec && it != end) {
    std::error_code entry_ec;
    if (it->is_regular_file(entry_ec) && !entry_ec && IsRuleFile(it->path())) {
      files.push_back(it->path().string());
    }
    it.increment(ec);
  }
  if (ec) PathError(path, "cannot list '" + path + "': " + ec.message(), out);
  std::sort(files.begin(), files.end());
  for (const std::string& file : files) LoadFile(file, options, out);
}

}  // namespace trailhunt::sigma
