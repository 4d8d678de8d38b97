// The built-in pack files compiled into the library. Two generated sources
// define what is declared here, both from the same sorted list of
// lib/packs/<pack>/*.yml: cmake/embed-run.cmake writes the bytes (kFiles,
// named by base name only), and lib/CMakeLists.txt writes each file's name
// relative to lib/packs ("aws-threats/aws_root_activity.yml"), which carries
// the pack the base name lacks. Entry i of both arrays is the same file.
#ifndef TRAILHUNT_LIB_PACKS_BUILTIN_PACKS_EMBEDDED_H_
#define TRAILHUNT_LIB_PACKS_BUILTIN_PACKS_EMBEDDED_H_

namespace builtin_packs {

struct EmbeddedFile {
  const char* name;  // base name
  const unsigned char* data;
  unsigned long size;
};
extern const EmbeddedFile kFiles[];
extern const unsigned long kFileCount;

// kFileCount entries: "<pack>/<file>".
extern const char* const kRelativeNames[];

}  // namespace builtin_packs

#endif  // TRAILHUNT_LIB_PACKS_BUILTIN_PACKS_EMBEDDED_H_
