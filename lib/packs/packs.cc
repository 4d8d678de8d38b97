// Built-in rule packs: the files embedded at build time, grouped by the
// directory they came from (the pack name).
#include "trailhunt/packs.h"

#include <algorithm>
#include <string>

#include "packs/builtin_packs_embedded.h"

namespace trailhunt::packs {
namespace {

// "aws-threats/aws_root_activity.yml" -> "aws-threats".
std::string_view PackOf(std::string_view relative_name) {
  const size_t slash = relative_name.find('/');
  return slash == std::string_view::npos ? std::string_view() : relative_name.substr(0, slash);
}

PackFile FileAt(unsigned long i) {
  const builtin_packs::EmbeddedFile& f = builtin_packs::kFiles[i];
  return PackFile{builtin_packs::kRelativeNames[i],
                  std::string_view(reinterpret_cast<const char*>(f.data), f.size)};
}

}  // namespace

std::vector<std::string_view> PackNames() {
  std::vector<std::string_view> names;
  for (unsigned long i = 0; i < builtin_packs::kFileCount; ++i) {
    const std::string_view pack = PackOf(builtin_packs::kRelativeNames[i]);
    if (!pack.empty()) names.push_back(pack);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

bool IsCompliancePack(std::string_view pack) {
  return pack == "cis" || pack == "cis-v5" || pack == "securityhub";
}

std::vector<std::string_view> ThreatPackNames() {
  std::vector<std::string_view> names = PackNames();
  names.erase(std::remove_if(names.begin(), names.end(), IsCompliancePack), names.end());
  return names;
}

std::vector<PackFile> PackFiles(std::string_view pack) {
  std::vector<PackFile> files;
  if (pack.empty()) return files;
  for (unsigned long i = 0; i < builtin_packs::kFileCount; ++i) {
    if (PackOf(builtin_packs::kRelativeNames[i]) == pack) files.push_back(FileAt(i));
  }
  std::sort(files.begin(), files.end(),
            [](const PackFile& a, const PackFile& b) { return a.name < b.name; });
  return files;
}

bool LoadPack(std::string_view pack, const sigma::LoadOptions& options,
              sigma::RuleCollection* out) {
  const std::vector<PackFile> files = PackFiles(pack);
  if (files.empty()) return false;
  for (const PackFile& file : files) {
    sigma::LoadText(file.text, "pack:" + std::string(file.name), options, out);
  }
  return true;
}

}  // namespace trailhunt::packs
