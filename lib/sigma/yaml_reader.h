// YAML text -> a plain tree of nodes with 1-based positions, one tree per
// document. yaml-cpp does the parsing; this layer adds what the loader needs
// and yaml-cpp does not give:
//  - positions on every node (yaml-cpp's marks are 0-based);
//  - whether a scalar was quoted (`'5'` is text, `5` may be a number);
//  - duplicate keys as errors (yaml-cpp keeps one of them silently);
//  - guards against hostile input: a size cap, a nesting cap checked before
//    yaml-cpp (which recurses on nesting) ever sees the text, and a node
//    budget so that aliases cannot expand a small text into a huge tree.
// yaml-cpp reports errors by throwing; they are caught here and become
// diagnostics with the position yaml-cpp gave.
#ifndef TRAILHUNT_LIB_SIGMA_YAML_READER_H_
#define TRAILHUNT_LIB_SIGMA_YAML_READER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trailhunt/sigma.h"

namespace trailhunt::sigma_internal {

// The public types the loader's stages fill.
using sigma::CorrelationCondition;
using sigma::CorrelationRule;
using sigma::CorrelationType;
using sigma::Diagnostic;
using sigma::FilterRule;
using sigma::LoadOptions;
using sigma::Logsource;
using sigma::RuleInfo;
using sigma::SourcePos;

// Largest rule file the loader reads.
inline constexpr size_t kMaxRuleTextBytes = size_t{4} << 20;
// Deepest flow or block nesting accepted. Sigma rules nest four or five
// levels; yaml-cpp and the loader's own walks recurse once per level.
inline constexpr int kMaxYamlDepth = 64;
// Most nodes one file may produce, aliases expanded.
inline constexpr size_t kMaxYamlNodes = size_t{1} << 18;

struct YamlNode {
  enum class Kind : uint8_t { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  // A scalar written in quotes or as a block scalar: never a null, a
  // boolean or a number.
  bool quoted = false;
  int line = 0;    // 1-based
  int column = 0;  // 1-based
  // A block scalar (`|`, `>`): the 1-based column its content lines start
  // at, so that positions inside its text can be mapped back (exactly for
  // `|`, whose text keeps the lines). 0 for any other node.
  int block_column = 0;
  std::string text;                                    // kScalar
  std::vector<YamlNode> items;                         // kSequence
  std::vector<std::pair<YamlNode, YamlNode>> entries;  // kMap, document order

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_map() const { return kind == Kind::kMap; }
  // An unquoted `true` / `false` (any case, as YAML 1.2's core schema).
  bool IsBool(bool* value) const;
  // The value of `key` in a map; null when absent or not a map.
  const YamlNode* Find(std::string_view key) const;
  // The key node itself (for errors about its value's absent parts).
  const YamlNode* FindKey(std::string_view key) const;
};

// The 1-based line and column of byte `offset` of a scalar's text in its
// file: exact on one line and in a literal block (`|`); for other
// multi-line forms, the line and column within the text.
void ScalarPosition(const YamlNode& node, size_t offset, int* line, int* column);

struct YamlDocument {
  YamlNode root;
  // Errors found while reading this document (duplicate keys); a document
  // with any is not loaded.
  std::vector<Diagnostic> errors;
};

struct YamlText {
  std::vector<YamlDocument> documents;
  // Set when reading stopped (too large, too deep, bad YAML): the documents
  // before the fault are in `documents`, the rest of the text is lost.
  std::optional<Diagnostic> fault;
};

// Splits `text` into documents; `origin` names the file in diagnostics.
YamlText ReadYamlDocuments(std::string_view text, std::string_view origin);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_YAML_READER_H_
