#include "sigma/modifiers.h"

#include <algorithm>

#include "trailhunt/path.h"

namespace trailhunt::sigma_internal {
namespace {

struct KnownModifier {
  std::string_view name;
  Modifier modifier;
};

constexpr KnownModifier kKnown[] = {
    {"contains", Modifier::kContains},   {"startswith", Modifier::kStartsWith},
    {"endswith", Modifier::kEndsWith},   {"all", Modifier::kAll},
    {"re", Modifier::kRe},               {"i", Modifier::kReIgnoreCase},
    {"m", Modifier::kReMultiLine},       {"s", Modifier::kReDotAll},
    {"cidr", Modifier::kCidr},           {"exists", Modifier::kExists},
    {"cased", Modifier::kCased},         {"base64", Modifier::kBase64},
    {"base64offset", Modifier::kBase64Offset}, {"utf16le", Modifier::kUtf16Le},
    {"utf16be", Modifier::kUtf16Be},     {"utf16", Modifier::kUtf16},
    {"wide", Modifier::kWide},           {"windash", Modifier::kWindash},
    {"fieldref", Modifier::kFieldRef},   {"gt", Modifier::kGt},
    {"gte", Modifier::kGte},             {"lt", Modifier::kLt},
    {"lte", Modifier::kLte},             {"neq", Modifier::kNeq},
    {"expand", Modifier::kExpand},
};

// The specification's date-part modifiers: honouring them needs date
// arithmetic at evaluation, which the predicate IR has no leaf for.
constexpr std::string_view kTimeParts[] = {"minute", "hour", "day", "week", "month", "year"};

bool IsWildcardModifier(Modifier m) {
  return m == Modifier::kContains || m == Modifier::kStartsWith || m == Modifier::kEndsWith;
}
bool IsBase64(Modifier m) { return m == Modifier::kBase64 || m == Modifier::kBase64Offset; }
bool IsUtf16(Modifier m) {
  return m == Modifier::kUtf16Le || m == Modifier::kUtf16Be || m == Modifier::kUtf16 ||
         m == Modifier::kWide;
}
bool IsNumeric(Modifier m) {
  return m == Modifier::kGt || m == Modifier::kGte || m == Modifier::kLt || m == Modifier::kLte;
}
bool IsReFlag(Modifier m) {
  return m == Modifier::kReIgnoreCase || m == Modifier::kReMultiLine || m == Modifier::kReDotAll;
}
// Modifiers that decide the kind of leaf; a chain has at most one.
bool IsType(Modifier m) {
  return m == Modifier::kRe || m == Modifier::kCidr || m == Modifier::kExists ||
         m == Modifier::kFieldRef || IsNumeric(m);
}

// What may accompany each type modifier.
bool Compatible(Modifier type, Modifier other, bool has_neq) {
  switch (type) {
    case Modifier::kRe:
      return IsReFlag(other) || other == Modifier::kCased || other == Modifier::kAll;
    case Modifier::kCidr: return other == Modifier::kAll || other == Modifier::kExpand;
    case Modifier::kExists: return false;
    case Modifier::kFieldRef:
      if (other == Modifier::kNeq) return true;
      // `neq` compares whole values only.
      if (IsWildcardModifier(other)) return !has_neq;
      return other == Modifier::kCased || other == Modifier::kAll;
    default:  // gt, gte, lt, lte
      return other == Modifier::kAll;
  }
}

}  // namespace

bool FieldSpec::Has(Modifier m) const { return Find(m) != nullptr; }

const ModifierUse* FieldSpec::Find(Modifier m) const {
  for (const ModifierUse& use : chain) {
    if (use.modifier == m) return &use;
  }
  return nullptr;
}

std::string FieldSpec::ChainText() const {
  std::string text;
  for (const ModifierUse& use : chain) {
    if (!text.empty()) text += '|';
    text += use.name;
  }
  return text;
}

std::string SigmaFieldName(std::string_view written) {
  return std::string(WithoutDollarPrefix(written));
}

bool ParseFieldSpec(const YamlNode& key, Report& report, FieldSpec* out) {
  out->line = key.line;
  out->column = key.column;
  out->chain.clear();
  const std::string& text = key.text;
  const int base = key.column + (key.quoted ? 1 : 0);
  size_t bar = text.find('|');
  out->field = SigmaFieldName(std::string_view(text).substr(0, bar));
  bool ok = true;
  while (bar != std::string::npos) {
    const size_t start = bar + 1;
    bar = text.find('|', start);
    const std::string name = text.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    const int column = base + static_cast<int>(start);
    if (name.empty()) {
      report.Error(key.line, column, "modifier ''", "empty modifier name in '" + text + "'");
      ok = false;
      continue;
    }
    const auto known = std::find_if(std::begin(kKnown), std::end(kKnown),
                                    [&name](const KnownModifier& k) { return k.name == name; });
    if (known == std::end(kKnown)) {
      if (std::find(std::begin(kTimeParts), std::end(kTimeParts), name) != std::end(kTimeParts)) {
        report.Error(key.line, column, "modifier '" + name + "'",
                     "the time-part modifiers (minute, hour, day, week, month, year) are not "
                     "supported: they need date arithmetic at evaluation that trailhunt does "
                     "not have");
      } else {
        report.Error(key.line, column, "modifier '" + name + "'",
                     "unknown modifier '" + name + "' in '" + text + "'");
      }
      ok = false;
      continue;
    }
    if (out->Has(known->modifier)) {
      report.Error(key.line, column, "modifier '" + name + "'",
                   "the modifier '" + name + "' appears twice in '" + text + "'");
      ok = false;
      continue;
    }
    out->chain.push_back(ModifierUse{known->modifier, name, key.line, column});
  }
  if (!ok) return false;

  // The chain as a whole. Each failure names the modifier that cannot
  // follow what came before it.
  auto bad_chain = [&](const ModifierUse& at, const std::string& why) {
    report.Error(at.line, at.column, "modifier chain '" + out->ChainText() + "'", why);
    return false;
  };
  const ModifierUse* type = nullptr;
  const ModifierUse* wildcard = nullptr;
  const ModifierUse* base64 = nullptr;
  const ModifierUse* utf16 = nullptr;
  for (const ModifierUse& use : out->chain) {
    const Modifier m = use.modifier;
    if (IsType(m)) {
      if (type) {
        return bad_chain(use, "'" + use.name + "' cannot be combined with '" + type->name + "'");
      }
      type = &use;
    }
    if (IsWildcardModifier(m)) {
      if (wildcard) {
        return bad_chain(use, "'" + use.name + "' cannot be combined with '" + wildcard->name + "'");
      }
      wildcard = &use;
    }
    if (IsBase64(m)) {
      if (base64) {
        return bad_chain(use, "'" + use.name + "' cannot be combined with '" + base64->name + "'");
      }
      base64 = &use;
    }
    if (IsUtf16(m)) {
      if (utf16) {
        return bad_chain(use, "'" + use.name + "' cannot be combined with '" + utf16->name + "'");
      }
      utf16 = &use;
    }
    if ((IsBase64(m) || IsUtf16(m)) && wildcard) {
      return bad_chain(use, "'" + use.name + "' after '" + wildcard->name +
                                "' would encode its wildcards; write '" + use.name +
                                "' first, e.g. '" + use.name + "|" + wildcard->name + "'");
    }
    if (IsReFlag(m) && !out->Has(Modifier::kRe)) {
      return bad_chain(use, "'" + use.name + "' is a sub-modifier of 're' and needs 're' before it");
    }
  }
  const bool has_neq = out->Has(Modifier::kNeq);
  if (type) {
    for (const ModifierUse& use : out->chain) {
      if (&use == type) continue;
      if (!Compatible(type->modifier, use.modifier, has_neq)) {
        return bad_chain(use, "'" + use.name + "' cannot be combined with '" + type->name + "'");
      }
    }
    if (type->modifier == Modifier::kRe && out->Has(Modifier::kCased) &&
        out->Has(Modifier::kReIgnoreCase)) {
      return bad_chain(*out->Find(Modifier::kCased), "'cased' contradicts the 'i' sub-modifier");
    }
  } else if (has_neq) {
    for (const ModifierUse& use : out->chain) {
      if (use.modifier != Modifier::kNeq && use.modifier != Modifier::kCased &&
          use.modifier != Modifier::kAll && use.modifier != Modifier::kExpand) {
        return bad_chain(use, "'" + use.name + "' cannot be combined with 'neq', which compares "
                                  "whole values");
      }
    }
  }
  return true;
}

}  // namespace trailhunt::sigma_internal
