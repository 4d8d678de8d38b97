// A selection key, `field|mod1|mod2`, split into the field name and its
// modifier chain, with every name checked and the chain checked as a whole
// (which modifiers may be combined, which need another: `re|i`, and which
// must come in order: an encoding before a wildcard modifier).
#ifndef TRAILHUNT_LIB_SIGMA_MODIFIERS_H_
#define TRAILHUNT_LIB_SIGMA_MODIFIERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "sigma/report.h"
#include "sigma/yaml_reader.h"

namespace trailhunt::sigma_internal {

enum class Modifier : uint8_t {
  kContains,
  kStartsWith,
  kEndsWith,
  kAll,
  kRe,
  kReIgnoreCase,  // re sub-modifier i
  kReMultiLine,   // m
  kReDotAll,      // s
  kCidr,
  kExists,
  kCased,
  kBase64,
  kBase64Offset,
  kUtf16Le,
  kUtf16Be,
  kUtf16,
  kWide,
  kWindash,
  kFieldRef,
  kGt,
  kGte,
  kLt,
  kLte,
  kNeq,
  kExpand,
};

struct ModifierUse {
  Modifier modifier;
  std::string name;  // as written
  int line = 0;
  int column = 0;  // 1-based, of the name inside the key
};

// A field name as Sigma writes it, ready to bind: a leading "$." (which
// path.h reads as an ignored JSONPath prefix) is dropped, because a "$."
// name in a rule set is a CloudWatch selector, bound as an exact path.
std::string SigmaFieldName(std::string_view written);

struct FieldSpec {
  std::string field;  // empty for keyword keys such as '|all'
  std::vector<ModifierUse> chain;
  int line = 0;
  int column = 0;  // of the key

  bool Has(Modifier m) const;
  const ModifierUse* Find(Modifier m) const;
  // "contains|all": the chain as written, for messages.
  std::string ChainText() const;
};

// Parses and checks `key`. False (with errors reported) when a name is
// unknown or the chain cannot be honoured.
bool ParseFieldSpec(const YamlNode& key, Report& report, FieldSpec* out);

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_MODIFIERS_H_
