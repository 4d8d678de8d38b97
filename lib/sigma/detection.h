// The search identifiers of a `detection:` (or a filter's `filter:`) map,
// each turned into an expression: a map is the AND of its entries, a list
// of maps the OR of the maps, a list of plain values (or one value) a
// keyword search over the whole record.
#ifndef TRAILHUNT_LIB_SIGMA_DETECTION_H_
#define TRAILHUNT_LIB_SIGMA_DETECTION_H_

#include <string>
#include <string_view>
#include <vector>

#include "sigma/report.h"
#include "sigma/yaml_reader.h"
#include "trailhunt/match.h"
#include "trailhunt/sigma.h"

namespace trailhunt::sigma_internal {

// Most search identifiers one detection may define.
inline constexpr size_t kMaxSearchIdentifiers = 4096;

struct SearchIdentifier {
  std::string name;
  int line = 0;
  int column = 0;
  bool ok = false;  // false: its errors are reported, `expr` is unusable
  match::Expr expr;
  size_t size = 0;  // Expr nodes in `expr`
};

// Reads every entry of `section` except the keys in `reserved` (such as
// `condition`). False when any identifier has an error (all are read, so
// that one load reports every broken identifier).
bool ReadSearchIdentifiers(const YamlNode& section, const std::vector<std::string_view>& reserved,
                           const LoadOptions& options, Report& report,
                           std::vector<SearchIdentifier>* out);

// Expr nodes in `e` (leaves and operators).
size_t ExprSize(const match::Expr& e);

// The fields `e` reads (fieldref's other field included, raw targets not),
// distinct, in first-use order.
std::vector<std::string> FieldsRead(const match::Expr& e);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_DETECTION_H_
