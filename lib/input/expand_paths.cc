// Command-line paths to sources: files, "-" for stdin, directories walked
// recursively in sorted order so every run reads in the same order.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/status/status.h"
#include "trailhunt/input.h"

namespace trailhunt {

absl::StatusOr<std::vector<Source>> ExpandPaths(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<Source> out;
  for (const std::string& p : paths) {
    if (p == "-") {
      out.push_back(StdinSource());
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      return absl::NotFoundError("cannot read '" + p + "': " +
                                 (ec ? ec.message() : std::string("no such file or directory")));
    }
    if (fs::is_directory(st)) {
      std::vector<std::string> files;
      fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
      if (ec) return absl::PermissionDeniedError("cannot walk '" + p + "': " + ec.message());
      for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) return absl::DataLossError("walking '" + p + "': " + ec.message());
        std::error_code fec;
        // Regular files only; symlinked directories are not followed (the
        // iterator's default), so a link loop cannot make the walk endless.
        if (it->is_regular_file(fec)) files.push_back(it->path().string());
      }
      std::sort(files.begin(), files.end());
      for (std::string& f : files) out.push_back(FileSource(std::move(f)));
      continue;
    }
    out.push_back(FileSource(p));
  }
  return out;
}

}  // namespace trailhunt
