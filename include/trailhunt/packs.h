// File: packs.h
// Built-in rule packs, embedded in the library at build time so a hunt
// needs no files: `aws-threats` (detections for CloudTrail written for
// trailhunt, each citing the behaviour it detects and its ATT&CK technique).
//
// Packs are of two kinds. Threat packs hunt for behaviour. Compliance packs
// (`cis`, `cis-v5`, `securityhub`) state a benchmark's monitoring controls
// in the benchmark's own words, one rule per control; they overlap the
// threat packs (a sign-in without MFA is in both) and are read by a posture
// report (posture.h) rather than hunted by default.
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

// Whether `pack` is a compliance pack (a benchmark's controls). A pack's
// kind is part of its name's contract, not guessed from its rules; false
// for unknown names.
bool IsCompliancePack(std::string_view pack);

// The built-in threat packs (those that are not compliance packs), sorted.
std::vector<std::string_view> ThreatPackNames();

// The files of pack `pack`, sorted by name; empty when there is no such
// pack.
std::vector<PackFile> PackFiles(std::string_view pack);

// Loads every file of `pack` into `out` (origins read "pack:<file name>").
// False when there is no such pack.
bool LoadPack(std::string_view pack, const sigma::LoadOptions& options,
              sigma::RuleCollection* out);

}  // namespace trailhunt::packs

#endif  // TRAILHUNT_PACKS_H_
