#include "sigma/values.h"

#include <set>
#include <string>
#include <vector>

#include "re2/re2.h"
#include "sigma/encodings.h"
#include "sigma/placeholders.h"
#include "sigma/sigma_string.h"
#include "trailhunt/value.h"

namespace trailhunt::sigma_internal {
namespace {

using match::CompareOp;
using match::Expr;
using match::Op;

std::string Quote(std::string_view s) { return "'" + std::string(s) + "'"; }

Expr Combine(Op op, std::vector<Expr> children) {
  if (children.size() == 1) return std::move(children[0]);
  return op == Op::kAnd ? Expr::And(std::move(children)) : Expr::Or(std::move(children));
}

bool IsIntegerText(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i == s.size() || s.size() - i > 18) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

class ValueBuilder {
 public:
  ValueBuilder(const FieldSpec& spec, const LoadOptions& options, Report& report)
      : spec_(spec), options_(options), report_(report), keyword_(spec.field.empty()) {}

  bool Build(const YamlNode& value, Expr* out) {
    if (value.is_map()) {
      return Fail(value, "value", "the value of " + Subject() +
                                      " must be a value or a list of values, not a map");
    }
    if (!value.is_sequence()) {
      if (const ModifierUse* all = spec_.Find(Modifier::kAll)) {
        return Fail(all->line, all->column, "modifier 'all'",
                    "'all' needs a list of values; on a single value it has no meaning");
      }
      return BuildOne(value, out);
    }
    if (const ModifierUse* exists = spec_.Find(Modifier::kExists)) {
      return Fail(exists->line, exists->column, "modifier 'exists'",
                  "'exists' takes one boolean, not a list");
    }
    if (value.items.empty()) {
      return Fail(value, "empty list", "the list of values of " + Subject() + " is empty");
    }
    std::vector<Expr> children;
    bool ok = true;
    for (const YamlNode& item : value.items) {
      if (item.is_null()) {
        ok = Fail(item, "null in a list",
                  "null cannot be one of a list of values: give 'field: null' a selection of "
                  "its own and OR it in the condition");
        continue;
      }
      if (!item.is_scalar()) {
        ok = Fail(item, "nested value",
                  "a list of values may hold only texts and numbers, not a nested list or map");
        continue;
      }
      Expr e;
      if (BuildOne(item, &e)) {
        children.push_back(std::move(e));
      } else {
        ok = false;
        if (report_.leaves_exhausted()) break;
      }
    }
    if (!ok) return false;
    const bool conjunction = spec_.Has(Modifier::kAll) || spec_.Has(Modifier::kNeq);
    *out = Combine(conjunction ? Op::kAnd : Op::kOr, std::move(children));
    return true;
  }

 private:
  std::string Subject() const {
    return keyword_ ? std::string("the keywords") : "field '" + spec_.field + "'";
  }

  bool Fail(int line, int column, std::string construct, std::string message) {
    report_.Error(line, column, std::move(construct), std::move(message));
    return false;
  }
  bool Fail(const YamlNode& at, std::string construct, std::string message) {
    return Fail(at.line, at.column, std::move(construct), std::move(message));
  }

  Expr Leaf(Op op, const YamlNode& at) const {
    Expr e;
    e.op = op;
    if (keyword_) {
      e.target.raw = true;
    } else {
      e.target.field = spec_.field;
    }
    e.flags.case_sensitive = spec_.Has(Modifier::kCased);
    e.flags.containers = match::ContainerMode::kMatchJsonText;
    e.line = at.line;
    e.column = at.column;
    return e;
  }

  // A modifier that needs a field, used on keywords.
  bool RejectOnKeywords(const YamlNode& at) {
    static constexpr Modifier kNeedField[] = {Modifier::kCidr,   Modifier::kExists,
                                              Modifier::kFieldRef, Modifier::kGt,
                                              Modifier::kGte,    Modifier::kLt,
                                              Modifier::kLte,    Modifier::kNeq,
                                              Modifier::kStartsWith, Modifier::kEndsWith};
    for (Modifier m : kNeedField) {
      if (const ModifierUse* use = spec_.Find(m)) {
        return !Fail(use->line, use->column, "modifier '" + use->name + "'",
                     "'" + use->name + "' needs a field; keywords search the whole record");
      }
    }
    (void)at;
    return false;
  }

  bool BuildOne(const YamlNode& v, Expr* out) {
    if (report_.leaves_exhausted()) return false;
    if (!BuildLeaves(v, out)) return false;
    return Spend(v, out->op == Op::kOr || out->op == Op::kAnd ? out->children.size() : 1);
  }

  bool BuildLeaves(const YamlNode& v, Expr* out) {
    if (keyword_ && RejectOnKeywords(v)) return false;
    if (v.is_null()) return BuildNull(v, out);
    if (spec_.Has(Modifier::kExists)) return BuildExists(v, out);
    for (Modifier m : {Modifier::kGt, Modifier::kGte, Modifier::kLt, Modifier::kLte}) {
      if (const ModifierUse* use = spec_.Find(m)) return BuildNumeric(*use, v, out);
    }
    if (spec_.Has(Modifier::kRe)) return BuildRegex(v, out);
    if (spec_.Has(Modifier::kFieldRef)) return BuildFieldRef(v, out);
    if (spec_.Has(Modifier::kCidr)) return BuildCidr(v, out);
    if (spec_.Has(Modifier::kNeq)) return BuildNotEqual(v, out);
    return BuildText(v, out);
  }

  bool BuildNull(const YamlNode& v, Expr* out) {
    if (keyword_) return Fail(v, "null keyword", "null is not a keyword to search for");
    if (!spec_.chain.empty()) {
      const ModifierUse& first = spec_.chain.front();
      return Fail(first.line, first.column, "null with modifier '" + first.name + "'",
                  "a null value takes no modifiers; 'field: null' matches a missing field or "
                  "JSON null");
    }
    Expr e = Leaf(Op::kNull, v);
    e.flags.missing_is_null = true;
    *out = std::move(e);
    return true;
  }

  bool BuildExists(const YamlNode& v, Expr* out) {
    bool present = false;
    if (!v.IsBool(&present)) {
      return Fail(v, "modifier 'exists'",
                  "'exists' takes true or false, not " + Quote(v.text));
    }
    Expr e = Leaf(Op::kExists, v);
    // Presence only, "not its value, be it empty or null" (the specification).
    e.flags.null_is_present = true;
    *out = present ? std::move(e) : Expr::Not(std::move(e));
    return true;
  }

  bool BuildNumeric(const ModifierUse& use, const YamlNode& v, Expr* out) {
    double number = 0;
    if (!ParseDecimal(v.text, &number)) {
      return Fail(v, "modifier '" + use.name + "'",
                  "'" + use.name + "' compares numbers; " + Quote(v.text) + " is not a number");
    }
    Expr e = Leaf(Op::kCompare, v);
    switch (use.modifier) {
      case Modifier::kGt: e.compare = CompareOp::kGt; break;
      case Modifier::kGte: e.compare = CompareOp::kGe; break;
      case Modifier::kLt: e.compare = CompareOp::kLt; break;
      default: e.compare = CompareOp::kLe; break;
    }
    e.flags.numbers = match::NumberMode::kNumericOnly;
    e.literal = IsIntegerText(v.text) ? Value::Int(std::stoll(v.text)) : Value::Double(number);
    *out = std::move(e);
    return true;
  }

  bool BuildRegex(const YamlNode& v, Expr* out) {
    std::string flags;
    if (spec_.Has(Modifier::kReMultiLine)) flags += 'm';
    if (spec_.Has(Modifier::kReDotAll)) flags += 's';
    const std::string pattern = flags.empty() ? v.text : "(?" + flags + ")" + v.text;
    const bool case_sensitive = !spec_.Has(Modifier::kReIgnoreCase);
    // Checked here so that a rule RE2 cannot run is rejected at load, with
    // its position, rather than left out later at compile.
    absl::StatusOr<std::string> translated = match::TranslatePcreToRe2(pattern);
    if (!translated.ok()) {
      return Fail(v, "modifier 're'",
                  "the regular expression " + Quote(v.text) + " cannot be honoured: " +
                      std::string(translated.status().message()));
    }
    RE2::Options re_options;
    re_options.set_log_errors(false);
    re_options.set_case_sensitive(case_sensitive);
    RE2 re(*translated, re_options);
    if (!re.ok()) {
      return Fail(v, "modifier 're'",
                  "invalid regular expression " + Quote(v.text) + ": " + re.error());
    }
    Expr e = Leaf(Op::kRegex, v);
    e.pattern = pattern;
    e.flags.case_sensitive = case_sensitive;
    *out = std::move(e);
    return true;
  }

  bool BuildFieldRef(const YamlNode& v, Expr* out) {
    if (v.text.empty()) return Fail(v, "modifier 'fieldref'", "'fieldref' needs a field name");
    Expr e = Leaf(Op::kFieldRef, v);
    e.other.field = SigmaFieldName(v.text);
    e.compare = spec_.Has(Modifier::kNeq) ? CompareOp::kNe : CompareOp::kEq;
    if (spec_.Has(Modifier::kContains)) e.field_ref = match::FieldRefMode::kContains;
    if (spec_.Has(Modifier::kStartsWith)) e.field_ref = match::FieldRefMode::kStartsWith;
    if (spec_.Has(Modifier::kEndsWith)) e.field_ref = match::FieldRefMode::kEndsWith;
    *out = std::move(e);
    return true;
  }

  bool BuildCidr(const YamlNode& v, Expr* out) {
    std::vector<std::string> blocks;
    if (!Expand(v, &blocks)) return false;
    std::vector<Expr> leaves;
    for (const std::string& block : blocks) {
      absl::StatusOr<bool> check = match::CidrMatch(block, "0.0.0.0");
      if (!check.ok()) {
        return Fail(v, "modifier 'cidr'",
                    "invalid CIDR block " + Quote(block) + ": " + std::string(check.status().message()));
      }
      Expr e = Leaf(Op::kCidr, v);
      e.pattern = block;
      leaves.push_back(std::move(e));
    }
    *out = leaves.empty() ? Expr::False() : Combine(Op::kOr, std::move(leaves));
    return true;
  }

  bool BuildNotEqual(const YamlNode& v, Expr* out) {
    std::vector<std::string> texts;
    if (!Expand(v, &texts)) return false;
    std::vector<Expr> leaves;
    for (const std::string& text : texts) {
      const Pattern p = FromSigma(text);
      if (p.wildcards) {
        return Fail(v, "modifier 'neq'",
                    "'neq' compares whole values; " + Quote(text) +
                        " has a wildcard (escape it as \\* or \\? to mean the character)");
      }
      Expr e = Leaf(Op::kCompare, v);
      e.compare = CompareOp::kNe;
      e.literal = Value::String(Unescape(p.text));
      leaves.push_back(std::move(e));
    }
    *out = leaves.empty() ? Expr::True() : Combine(Op::kAnd, std::move(leaves));
    return true;
  }

  // The written text, or its placeholder expansions with `expand`.
  bool Expand(const YamlNode& v, std::vector<std::string>* out) {
    if (!spec_.Has(Modifier::kExpand)) {
      out->push_back(v.text);
      return true;
    }
    std::string missing;
    switch (ExpandPlaceholders(v.text, options_.placeholders, kMaxAlternatives, out, &missing)) {
      case ExpandResult::kOk: return true;
      case ExpandResult::kMissing:
        return Fail(v, "placeholder '%" + missing + "%'",
                    "the rule uses the placeholder %" + missing +
                        "%, for which no values were supplied; a rule whose placeholders "
                        "cannot be resolved is rejected (supply them in "
                        "LoadOptions::placeholders)");
      case ExpandResult::kTooMany: return TooMany(v);
    }
    return false;
  }

  // Every leaf comes through here: the document's budget bounds them all.
  bool Spend(const YamlNode& v, size_t leaves) {
    const bool reported = report_.leaves_exhausted();
    if (report_.SpendLeaves(leaves)) return true;
    if (reported) return false;  // once per document
    return Fail(v, "rule size",
                "the detection expands to more than " + std::to_string(kMaxDocumentLeaves) +
                    " predicate leaves");
  }

  bool TooMany(const YamlNode& v) {
    return Fail(v, "alternatives limit",
                "the value " + Quote(v.text) + " of " + Subject() + " expands to more than " +
                    std::to_string(kMaxAlternatives) +
                    " alternatives (windash, base64offset and placeholders multiply)");
  }

  // Plain text matching: the transformations in chain order.
  bool BuildText(const YamlNode& v, Expr* out) {
    std::vector<std::string> texts;
    if (!Expand(v, &texts)) return false;
    std::vector<Pattern> patterns;
    for (const std::string& t : texts) patterns.push_back(FromSigma(t));
    for (const ModifierUse& use : spec_.chain) {
      std::vector<Pattern> next;
      switch (use.modifier) {
        case Modifier::kContains:
          for (Pattern& p : patterns) p = {"*" + p.text + "*", true};
          continue;
        case Modifier::kStartsWith:
          for (Pattern& p : patterns) p = {p.text + "*", true};
          continue;
        case Modifier::kEndsWith:
          for (Pattern& p : patterns) p = {"*" + p.text, true};
          continue;
        case Modifier::kWindash:
          for (const Pattern& p : patterns) {
            std::vector<std::string> variants;
            if (!WindashVariants(p.text, kMaxAlternatives, &variants)) return TooMany(v);
            for (std::string& variant : variants) next.push_back({std::move(variant), p.wildcards});
          }
          break;
        case Modifier::kBase64:
        case Modifier::kBase64Offset:
        case Modifier::kUtf16Le:
        case Modifier::kUtf16Be:
        case Modifier::kUtf16:
        case Modifier::kWide:
          if (!Encode(use, v, patterns, &next)) return false;
          break;
        default: continue;  // all, cased, expand: not transformations
      }
      if (next.size() > kMaxAlternatives) return TooMany(v);
      patterns = std::move(next);
    }
    std::vector<Expr> leaves;
    std::set<std::string> seen;
    for (const Pattern& p : patterns) {
      if (!seen.insert(p.text).second) continue;
      leaves.push_back(TextLeaf(p, v));
    }
    *out = leaves.empty() ? Expr::False() : Combine(Op::kOr, std::move(leaves));
    return true;
  }

  bool Encode(const ModifierUse& use, const YamlNode& v, const std::vector<Pattern>& in,
              std::vector<Pattern>* out) {
    for (const Pattern& p : in) {
      if (p.wildcards) {
        return Fail(use.line, use.column, "modifier '" + use.name + "'",
                    "'" + use.name + "' cannot encode the wildcard in " + Quote(v.text) +
                        "; escape it (\\*, \\?) to mean the character");
      }
      const std::string bytes = Unescape(p.text);
      switch (use.modifier) {
        case Modifier::kBase64: out->push_back(FromLiteral(Base64(bytes))); break;
        case Modifier::kBase64Offset:
          for (const std::string& variant : Base64Offsets(bytes)) {
            if (variant.empty()) {
              return Fail(v, "modifier 'base64offset'",
                          "the value " + Quote(v.text) +
                              " is too short for base64offset: one of its three encodings "
                              "keeps no character that does not depend on its neighbours");
            }
            out->push_back(FromLiteral(variant));
          }
          break;
        default: {
          const Utf16Form form = use.modifier == Modifier::kUtf16Be ? Utf16Form::kBigEndian
                                 : use.modifier == Modifier::kUtf16 ? Utf16Form::kWithBom
                                                                    : Utf16Form::kLittleEndian;
          std::string encoded;
          if (!ToUtf16(bytes, form, &encoded)) {
            return Fail(v, "modifier '" + use.name + "'",
                        "'" + use.name + "' needs valid UTF-8 text");
          }
          out->push_back(FromLiteral(encoded));
          break;
        }
      }
    }
    return true;
  }

  Expr TextLeaf(const Pattern& p, const YamlNode& v) const {
    if (keyword_) {
      Expr e = Leaf(Op::kKeyword, v);
      // Keywords are found anywhere in the record, whatever surrounds them.
      e.pattern = "*" + p.text + "*";
      e.flags.token_boundaries = false;
      return e;
    }
    if (p.wildcards) {
      Expr e = Leaf(Op::kWildcard, v);
      e.pattern = p.text;
      return e;
    }
    Expr e = Leaf(Op::kCompare, v);
    e.compare = CompareOp::kEq;
    e.flags.numbers = match::NumberMode::kText;
    e.literal = Value::String(Unescape(p.text));
    return e;
  }

  const FieldSpec& spec_;
  const LoadOptions& options_;
  Report& report_;
  const bool keyword_;
};

}  // namespace

bool BuildValuesExpr(const FieldSpec& spec, const YamlNode& value, const LoadOptions& options,
                     Report& report, match::Expr* out) {
  ValueBuilder builder(spec, options, report);
  return builder.Build(value, out);
}

}  // namespace trailhunt::sigma_internal
