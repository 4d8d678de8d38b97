// File: packs.h
// Built-in rule packs, embedded in the library at build time so a hunt
// needs no files: `aws-threats` (detections for CloudTrail written for
// trailhunt, each citing the behaviour it detects and its ATT&CK technique).
//
// Thread-safety: everything here reads static data.
#ifndef TRAILHUNT_PACKS_H_
#define TRAILHUNT_PACKS_H_

#include <string_view>
#include <vector>

#include "trailhunt/sigma.h"

namespace trailhunt::packs {

struct PackFile {
  std::string_view name;  // "aws-threats/aws_root_activity.yml"
  std::string_view text;  // the YAML text
};

// The names of the built-in packs, sorted.
std::vector<std::string_view> PackNames();

// The files of pack `pack`, sorted by name; empty when there is no such
// pack.
std::vector<PackFile> PackFiles(std::string_view pack);

// Loads every file of `pack` into `out` (origins read "pack:<file name>").
// False when there is no such pack.
bool LoadPack(std::string_view pack, const sigma::LoadOptions& options,
              sigma::RuleCollection* out);

}  // namespace trailhunt::packs

#endif  // TRAILHUNT_PACKS_H_
