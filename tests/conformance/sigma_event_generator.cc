// The generator reads rules, decides truth and builds events on its own (see
// the header for why). Sections: deterministic randomness; a small JSON tree;
// the rule model read from YAML; the condition grammar; the oracle that
// evaluates a constraint on a tree; value construction (satisfying and
// violating); the event builder; mutations; the driver.
#include "sigma_event_generator.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <functional>
#include <optional>
#include <random>
#include <regex>
#include <set>
#include <utility>

#include "absl/status/status.h"

namespace trailhunt::sigma_gen {
namespace {

// ---------------------------------------------------------------------------
// Deterministic randomness: reduction by modulo rather than the standard
// distributions, whose output differs between standard libraries.

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(engine_() % n); }
  bool OneIn(size_t n) { return Below(n) == 0; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }
  template <typename T>
  void Shuffle(std::vector<T>* v) {
    for (size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[Below(i)]);
  }

 private:
  std::mt19937_64 engine_;
};

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// ---------------------------------------------------------------------------
// JSON tree with object members in insertion order, so the text the rule sees
// (and the compact JSON text `contains` reads for objects) is predictable.

struct Json {
  enum class Kind : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::string text;  // kNumber, kString
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  static Json Null() { return Json(); }
  static Json Bool(bool b) {
    Json j;
    j.kind = Kind::kBool;
    j.boolean = b;
    return j;
  }
  static Json String(std::string s) {
    Json j;
    j.kind = Kind::kString;
    j.text = std::move(s);
    return j;
  }
  static Json Array(std::vector<Json> items = {}) {
    Json j;
    j.kind = Kind::kArray;
    j.items = std::move(items);
    return j;
  }
  static Json Object() {
    Json j;
    j.kind = Kind::kObject;
    return j;
  }
  Json& With(std::string key, Json value) {
    Set(std::move(key), std::move(value));
    return *this;
  }

  Json* Find(std::string_view key) {
    for (auto& m : members) {
      if (m.first == key) return &m.second;
    }
    return nullptr;
  }
  const Json* Find(std::string_view key) const {
    for (const auto& m : members) {
      if (m.first == key) return &m.second;
    }
    return nullptr;
  }
  void Set(std::string key, Json value) {
    if (Json* existing = Find(key)) {
      *existing = std::move(value);
      return;
    }
    members.emplace_back(std::move(key), std::move(value));
  }
  void Erase(std::string_view key) {
    members.erase(std::remove_if(members.begin(), members.end(),
                                 [&](const auto& m) { return m.first == key; }),
                  members.end());
  }

  void DumpTo(std::string* out) const {
    switch (kind) {
      case Kind::kNull:
        *out += "null";
        return;
      case Kind::kBool:
        *out += boolean ? "true" : "false";
        return;
      case Kind::kNumber:
        *out += text;
        return;
      case Kind::kString:
        DumpString(text, out);
        return;
      case Kind::kArray:
        *out += '[';
        for (size_t i = 0; i < items.size(); ++i) {
          if (i) *out += ',';
          items[i].DumpTo(out);
        }
        *out += ']';
        return;
      case Kind::kObject:
        *out += '{';
        for (size_t i = 0; i < members.size(); ++i) {
          if (i) *out += ',';
          DumpString(members[i].first, out);
          *out += ':';
          members[i].second.DumpTo(out);
        }
        *out += '}';
        return;
    }
  }
  std::string Dump() const {
    std::string out;
    DumpTo(&out);
    return out;
  }

  static void DumpString(std::string_view s, std::string* out) {
    *out += '"';
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') {
        *out += '\\';
        *out += static_cast<char>(c);
      } else if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        *out += buf;
      } else {
        *out += static_cast<char>(c);
      }
    }
    *out += '"';
  }
};

// ---------------------------------------------------------------------------
// The rule model: a selection is an OR of alternatives (a list of maps, or one
// map), an alternative an AND of constraints (one per map key).

enum class Shape : uint8_t { kEquals, kContains, kStartsWith, kEndsWith, kRegex, kCidr };
enum class ConstraintKind : uint8_t { kValues, kNull, kExists, kFieldRef };

struct Constraint {
  std::string key;  // as written, e.g. "userAgent|contains"
  std::string field;
  ConstraintKind kind = ConstraintKind::kValues;
  Shape shape = Shape::kEquals;
  std::vector<std::string> values;  // Sigma value text (escapes intact), placeholders expanded
  bool all = false;
  bool cased = false;
  bool regex_i = false;
  bool regex_m = false;
  bool regex_s = false;
  bool exists = true;  // kExists
  std::string other;   // kFieldRef: the field compared with
};

struct Alternative {
  std::vector<Constraint> constraints;
};

struct Selection {
  std::string name;
  std::vector<Alternative> alternatives;
};

struct Cond {
  enum class Op : uint8_t { kId, kOneOf, kAllOf, kAnd, kOr, kNot };
  Op op = Op::kId;
  std::string name;  // kId: identifier; kOneOf/kAllOf: pattern ("" with them)
  bool them = false;
  std::vector<Cond> children;
};

struct Rule {
  std::vector<Selection> selections;
  Cond condition;
};

std::string Where(std::string_view origin, const YAML::Mark& mark) {
  std::string out(origin);
  if (!mark.is_null()) {
    out += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  }
  return out;
}

// Replaces %name% placeholders (a `\%` stays a plain percent) by each value
// of the named list; one value in, as many out as the lists multiply to.
absl::StatusOr<std::vector<std::string>> ExpandPlaceholders(
    const std::string& value, const std::map<std::string, std::vector<std::string>>& placeholders) {
  std::vector<std::string> out = {""};
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size() && value[i + 1] == '%') {
      for (auto& o : out) o += '%';
      ++i;
      continue;
    }
    if (value[i] != '%') {
      for (auto& o : out) o += value[i];
      continue;
    }
    const size_t end = value.find('%', i + 1);
    if (end == std::string::npos) {
      return absl::InvalidArgumentError("unterminated placeholder in '" + value + "'");
    }
    const std::string name = value.substr(i + 1, end - i - 1);
    auto it = placeholders.find(name);
    if (it == placeholders.end() || it->second.empty()) {
      return absl::InvalidArgumentError("placeholder '%" + name + "%' has no values");
    }
    std::vector<std::string> next;
    for (const auto& o : out) {
      for (const auto& v : it->second) next.push_back(o + v);
    }
    out = std::move(next);
    i = end;
  }
  return out;
}

absl::StatusOr<Constraint> ReadConstraint(const std::string& key, const YAML::Node& value,
                                          std::string_view origin,
                                          const GeneratorOptions& options) {
  Constraint c;
  c.key = key;
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t bar = key.find('|', start);
    parts.push_back(key.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  c.field = parts[0];
  const std::string where = Where(origin, value.Mark());
  if (c.field.empty()) {
    return absl::UnimplementedError(where + ": keyword selection '" + key + "' is not generated");
  }
  bool expand = false;
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string& m = parts[i];
    if (m == "contains") {
      c.shape = Shape::kContains;
    } else if (m == "startswith") {
      c.shape = Shape::kStartsWith;
    } else if (m == "endswith") {
      c.shape = Shape::kEndsWith;
    } else if (m == "re") {
      c.shape = Shape::kRegex;
    } else if (m == "i" || m == "m" || m == "s") {
      if (c.shape != Shape::kRegex) {
        return absl::InvalidArgumentError(where + ": '" + m + "' without 're' in '" + key + "'");
      }
      (m == "i" ? c.regex_i : m == "m" ? c.regex_m : c.regex_s) = true;
    } else if (m == "cidr") {
      c.shape = Shape::kCidr;
    } else if (m == "all") {
      c.all = true;
    } else if (m == "cased") {
      c.cased = true;
    } else if (m == "exists") {
      c.kind = ConstraintKind::kExists;
    } else if (m == "fieldref") {
      c.kind = ConstraintKind::kFieldRef;
    } else if (m == "expand") {
      expand = true;
    } else {
      return absl::UnimplementedError(where + ": modifier '" + m + "' is not generated");
    }
  }

  if (value.IsNull()) {
    if (c.kind != ConstraintKind::kValues || c.shape != Shape::kEquals || c.all) {
      return absl::InvalidArgumentError(where + ": null with modifiers in '" + key + "'");
    }
    c.kind = ConstraintKind::kNull;
    return c;
  }
  std::vector<std::string> raw;
  if (value.IsScalar()) {
    raw.push_back(value.Scalar());
  } else if (value.IsSequence()) {
    for (const auto& item : value) {
      if (!item.IsScalar()) {
        return absl::InvalidArgumentError(Where(origin, item.Mark()) +
                                          ": a value list holds a non-scalar (null belongs in "
                                          "its own selection)");
      }
      raw.push_back(item.Scalar());
    }
  } else {
    return absl::InvalidArgumentError(where + ": a map is no value for '" + key + "'");
  }
  if (raw.empty()) return absl::InvalidArgumentError(where + ": empty value list");

  if (c.kind == ConstraintKind::kExists) {
    if (raw.size() != 1 || (raw[0] != "true" && raw[0] != "false")) {
      return absl::InvalidArgumentError(where + ": exists takes true or false");
    }
    c.exists = raw[0] == "true";
    return c;
  }
  if (c.kind == ConstraintKind::kFieldRef) {
    if (raw.size() != 1) return absl::UnimplementedError(where + ": fieldref with a list");
    if (c.shape == Shape::kRegex || c.shape == Shape::kCidr) {
      return absl::UnimplementedError(where + ": fieldref with re or cidr");
    }
    c.other = raw[0];
    return c;
  }
  for (const auto& r : raw) {
    if (!expand) {
      c.values.push_back(r);
      continue;
    }
    auto expanded = ExpandPlaceholders(r, options.placeholders);
    if (!expanded.ok())
      return absl::InvalidArgumentError(where + ": " + std::string(expanded.status().message()));
    c.values.insert(c.values.end(), expanded->begin(), expanded->end());
  }
  if (c.shape == Shape::kCidr) {
    for (const auto& v : c.values) {
      if (v.find(':') != std::string::npos) {
        return absl::UnimplementedError(where + ": IPv6 cidr '" + v + "' is not generated");
      }
    }
  }
  return c;
}

absl::StatusOr<Alternative> ReadMap(const YAML::Node& map, std::string_view origin,
                                    const GeneratorOptions& options) {
  Alternative alt;
  std::set<std::string> seen;
  for (const auto& kv : map) {
    const std::string key = kv.first.as<std::string>();
    if (!seen.insert(key).second) {
      return absl::InvalidArgumentError(Where(origin, kv.first.Mark()) + ": duplicate key '" + key +
                                        "'");
    }
    auto c = ReadConstraint(key, kv.second, origin, options);
    if (!c.ok()) return c.status();
    alt.constraints.push_back(*std::move(c));
  }
  if (alt.constraints.empty()) {
    return absl::InvalidArgumentError(Where(origin, map.Mark()) + ": empty map");
  }
  return alt;
}

absl::StatusOr<Selection> ReadSelection(const std::string& name, const YAML::Node& node,
                                        std::string_view origin, const GeneratorOptions& options) {
  Selection s;
  s.name = name;
  if (node.IsMap()) {
    auto alt = ReadMap(node, origin, options);
    if (!alt.ok()) return alt.status();
    s.alternatives.push_back(*std::move(alt));
    return s;
  }
  if (node.IsSequence() && node.size() > 0) {
    for (const auto& item : node) {
      if (!item.IsMap()) {
        return absl::UnimplementedError(Where(origin, item.Mark()) + ": keyword list '" + name +
                                        "' is not generated");
      }
      auto alt = ReadMap(item, origin, options);
      if (!alt.ok()) return alt.status();
      s.alternatives.push_back(*std::move(alt));
    }
    return s;
  }
  return absl::InvalidArgumentError(Where(origin, node.Mark()) + ": search identifier '" + name +
                                    "' is neither a map nor a list");
}

// ---------------------------------------------------------------------------
// The condition grammar. Precedence, loosest first: or, and, not, x of, ( ).

class ConditionParser {
 public:
  explicit ConditionParser(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
      const char ch = text[i];
      if (std::isspace(static_cast<unsigned char>(ch))) {
        ++i;
      } else if (ch == '(' || ch == ')') {
        tokens_.emplace_back(1, ch);
        ++i;
      } else {
        size_t j = i;
        while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j])) &&
               text[j] != '(' && text[j] != ')') {
          ++j;
        }
        tokens_.emplace_back(text.substr(i, j - i));
        i = j;
      }
    }
  }

  absl::StatusOr<Cond> Parse() {
    auto c = Or();
    if (!c.ok()) return c;
    if (pos_ != tokens_.size()) return Error("unexpected '" + tokens_[pos_] + "'");
    return c;
  }

 private:
  static bool Is(const std::string& token, const char* word) {
    if (token.size() != std::char_traits<char>::length(word)) return false;
    for (size_t i = 0; i < token.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(token[i])) != word[i]) return false;
    }
    return true;
  }
  bool Peek(const char* word) const { return pos_ < tokens_.size() && Is(tokens_[pos_], word); }
  absl::Status Error(const std::string& what) const {
    return absl::InvalidArgumentError("condition: " + what + " at token " +
                                      std::to_string(pos_ + 1));
  }

  absl::StatusOr<Cond> Or() {
    auto left = And();
    if (!left.ok()) return left;
    if (!Peek("or")) return left;
    Cond node;
    node.op = Cond::Op::kOr;
    node.children.push_back(*std::move(left));
    while (Peek("or")) {
      ++pos_;
      auto right = And();
      if (!right.ok()) return right;
      node.children.push_back(*std::move(right));
    }
    return node;
  }
  absl::StatusOr<Cond> And() {
    auto left = Not();
    if (!left.ok()) return left;
    if (!Peek("and")) return left;
    Cond node;
    node.op = Cond::Op::kAnd;
    node.children.push_back(*std::move(left));
    while (Peek("and")) {
      ++pos_;
      auto right = Not();
      if (!right.ok()) return right;
      node.children.push_back(*std::move(right));
    }
    return node;
  }
  absl::StatusOr<Cond> Not() {
    if (!Peek("not")) return Of();
    ++pos_;
    auto inner = Not();
    if (!inner.ok()) return inner;
    Cond node;
    node.op = Cond::Op::kNot;
    node.children.push_back(*std::move(inner));
    return node;
  }
  absl::StatusOr<Cond> Of() {
    if (pos_ + 1 < tokens_.size() && Is(tokens_[pos_ + 1], "of") &&
        (tokens_[pos_] == "1" || Is(tokens_[pos_], "all"))) {
      Cond node;
      node.op = tokens_[pos_] == "1" ? Cond::Op::kOneOf : Cond::Op::kAllOf;
      pos_ += 2;
      if (pos_ >= tokens_.size()) return Error("'of' without a pattern");
      if (Is(tokens_[pos_], "them")) {
        node.them = true;
      } else {
        node.name = tokens_[pos_];
      }
      ++pos_;
      return node;
    }
    return Primary();
  }
  absl::StatusOr<Cond> Primary() {
    if (pos_ >= tokens_.size()) return Error("unexpected end");
    if (tokens_[pos_] == "(") {
      ++pos_;
      auto inner = Or();
      if (!inner.ok()) return inner;
      if (pos_ >= tokens_.size() || tokens_[pos_] != ")") return Error("missing ')'");
      ++pos_;
      return inner;
    }
    const std::string& t = tokens_[pos_];
    if (t == ")" || Is(t, "and") || Is(t, "or") || Is(t, "not") || Is(t, "of") ||
        t.find('*') != std::string::npos || t.find('|') != std::string::npos) {
      return Error("unexpected '" + t + "'");
    }
    Cond node;
    node.name = t;
    ++pos_;
    return node;
  }

  std::vector<std::string> tokens_;
  size_t pos_ = 0;
};

// Identifier patterns only know '*'.
bool NameMatches(std::string_view pattern, std::string_view name) {
  if (pattern.empty()) return name.empty();
  if (pattern[0] == '*') {
    for (size_t skip = 0; skip <= name.size(); ++skip) {
      if (NameMatches(pattern.substr(1), name.substr(skip))) return true;
    }
    return false;
  }
  return !name.empty() && pattern[0] == name[0] && NameMatches(pattern.substr(1), name.substr(1));
}

std::vector<std::string> OfTargets(const Cond& c, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  for (const auto& n : names) {
    if (c.them ? n.rfind('_', 0) != 0 : NameMatches(c.name, n)) out.push_back(n);
  }
  return out;
}

// Checks every name the condition uses resolves, and collects them.
absl::Status Referenced(const Cond& c, const std::vector<std::string>& names,
                        std::set<std::string>* out) {
  switch (c.op) {
    case Cond::Op::kId:
      if (std::find(names.begin(), names.end(), c.name) == names.end()) {
        return absl::InvalidArgumentError("condition names unknown identifier '" + c.name + "'");
      }
      out->insert(c.name);
      return absl::OkStatus();
    case Cond::Op::kOneOf:
    case Cond::Op::kAllOf: {
      auto targets = OfTargets(c, names);
      if (targets.empty()) {
        return absl::InvalidArgumentError("'of " + (c.them ? std::string("them") : c.name) +
                                          "' matches no identifier");
      }
      out->insert(targets.begin(), targets.end());
      return absl::OkStatus();
    }
    default:
      for (const auto& child : c.children) {
        auto s = Referenced(child, names, out);
        if (!s.ok()) return s;
      }
      return absl::OkStatus();
  }
}

bool Evaluate(const Cond& c, const std::map<std::string, bool>& values) {
  switch (c.op) {
    case Cond::Op::kId: {
      auto it = values.find(c.name);
      return it != values.end() && it->second;
    }
    case Cond::Op::kOneOf:
    case Cond::Op::kAllOf: {
      std::vector<std::string> names;
      for (const auto& kv : values) names.push_back(kv.first);
      bool any = false;
      bool all = true;
      for (const auto& n : OfTargets(c, names)) {
        const bool v = values.at(n);
        any = any || v;
        all = all && v;
      }
      return c.op == Cond::Op::kOneOf ? any : all;
    }
    case Cond::Op::kAnd:
      for (const auto& child : c.children) {
        if (!Evaluate(child, values)) return false;
      }
      return true;
    case Cond::Op::kOr:
      for (const auto& child : c.children) {
        if (Evaluate(child, values)) return true;
      }
      return false;
    case Cond::Op::kNot:
      return !Evaluate(c.children[0], values);
  }
  return false;
}

absl::StatusOr<Rule> ReadRule(std::string_view yaml_text, std::string_view origin,
                              const GeneratorOptions& options) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(Where(origin, e.mark) + ": " + e.msg);
  }
  const YAML::Node* doc = nullptr;
  for (const auto& d : docs) {
    if (d.IsMap() && d["detection"]) {
      if (doc) return absl::UnimplementedError(std::string(origin) + ": more than one detection");
      doc = &d;
    }
  }
  if (!doc) return absl::InvalidArgumentError(std::string(origin) + ": no detection");
  const YAML::Node detection = (*doc)["detection"];
  if (!detection.IsMap()) {
    return absl::InvalidArgumentError(Where(origin, detection.Mark()) + ": detection is no map");
  }
  Rule rule;
  std::vector<std::string> conditions;
  std::vector<std::string> names;
  try {
    for (const auto& kv : detection) {
      const std::string key = kv.first.as<std::string>();
      if (key == "condition") {
        if (kv.second.IsScalar()) {
          conditions.push_back(kv.second.Scalar());
        } else if (kv.second.IsSequence()) {
          for (const auto& c : kv.second) conditions.push_back(c.as<std::string>());
        } else {
          return absl::InvalidArgumentError(Where(origin, kv.second.Mark()) +
                                            ": condition is neither text nor a list");
        }
        continue;
      }
      if (key == "timeframe") continue;
      auto s = ReadSelection(key, kv.second, origin, options);
      if (!s.ok()) return s.status();
      names.push_back(key);
      rule.selections.push_back(*std::move(s));
    }
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(Where(origin, e.mark) + ": " + e.msg);
  }
  if (conditions.empty()) return absl::InvalidArgumentError(std::string(origin) + ": no condition");
  // A list of conditions is their OR.
  Cond top;
  top.op = Cond::Op::kOr;
  for (const auto& text : conditions) {
    auto c = ConditionParser(text).Parse();
    if (!c.ok())
      return absl::InvalidArgumentError(std::string(origin) + ": " +
                                        std::string(c.status().message()));
    top.children.push_back(*std::move(c));
  }
  rule.condition = top.children.size() == 1 ? top.children[0] : top;
  return rule;
}

// ---------------------------------------------------------------------------
// The oracle: resolve a field on a tree and decide a constraint.

struct Found {
  bool present = false;
  std::vector<const Json*> values;  // leaves; an array at the end gives its items
};

void Collect(const Json& node, const std::vector<std::string>& parts, size_t i, Found* out) {
  if (i == parts.size()) {
    out->present = true;
    if (node.kind == Json::Kind::kArray) {
      for (const auto& item : node.items) out->values.push_back(&item);
    } else {
      out->values.push_back(&node);
    }
    return;
  }
  if (node.kind == Json::Kind::kArray) {
    for (const auto& item : node.items) Collect(item, parts, i, out);
    return;
  }
  if (node.kind != Json::Kind::kObject) return;
  if (const Json* child = node.Find(parts[i])) Collect(*child, parts, i + 1, out);
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = path.find('.', start);
    parts.emplace_back(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

Found Resolve(const Json& root, const std::string& field) {
  Found f;
  if (const Json* flat = root.Find(field)) {
    Collect(*flat, {}, 0, &f);
    return f;
  }
  Collect(root, SplitPath(field), 0, &f);
  return f;
}

std::optional<std::string> LeafText(const Json& v) {
  switch (v.kind) {
    case Json::Kind::kNull:
      return std::nullopt;
    case Json::Kind::kBool:
      return std::string(v.boolean ? "true" : "false");
    case Json::Kind::kNumber:
    case Json::Kind::kString:
      return v.text;
    default:
      return v.Dump();
  }
}

std::vector<std::string> Texts(const Found& f) {
  std::vector<std::string> out;
  for (const Json* v : f.values) {
    if (auto t = LeafText(*v)) out.push_back(*t);
  }
  return out;
}

constexpr int kStar = -1;
constexpr int kAnyChar = -2;

// The specification's escapes: `\*`, `\?`, `\\` are literal; a backslash
// before anything else is itself literal.
std::vector<int> WildcardTokens(std::string_view value) {
  std::vector<int> out;
  for (size_t i = 0; i < value.size(); ++i) {
    const char ch = value[i];
    if (ch == '\\') {
      if (i + 1 < value.size() &&
          (value[i + 1] == '*' || value[i + 1] == '?' || value[i + 1] == '\\')) {
        out.push_back(static_cast<unsigned char>(value[++i]));
      } else {
        out.push_back('\\');
      }
    } else if (ch == '*') {
      out.push_back(kStar);
    } else if (ch == '?') {
      out.push_back(kAnyChar);
    } else {
      out.push_back(static_cast<unsigned char>(ch));
    }
  }
  return out;
}

std::vector<int> ShapedTokens(std::string_view value, Shape shape) {
  std::vector<int> tokens = WildcardTokens(value);
  if (shape == Shape::kContains || shape == Shape::kEndsWith) tokens.insert(tokens.begin(), kStar);
  if (shape == Shape::kContains || shape == Shape::kStartsWith) tokens.push_back(kStar);
  return tokens;
}

size_t CodePointLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

bool TokensMatch(const std::vector<int>& p, std::string_view t, bool cased) {
  // dp[i][j]: p[i..] matches t[j..].
  std::vector<std::vector<char>> dp(p.size() + 1, std::vector<char>(t.size() + 1, 0));
  dp[p.size()][t.size()] = 1;
  for (size_t i = p.size(); i-- > 0;) {
    for (size_t j = t.size() + 1; j-- > 0;) {
      bool m = false;
      if (p[i] == kStar) {
        m = dp[i + 1][j] || (j < t.size() && dp[i][j + 1]);
      } else if (p[i] == kAnyChar) {
        const size_t len = j < t.size() ? CodePointLength(static_cast<unsigned char>(t[j])) : 0;
        m = j < t.size() && j + len <= t.size() && dp[i + 1][j + len];
      } else if (j < t.size()) {
        const unsigned char a = static_cast<unsigned char>(p[i]);
        const unsigned char b = static_cast<unsigned char>(t[j]);
        const bool eq = cased ? a == b : std::tolower(a) == std::tolower(b);
        m = eq && dp[i + 1][j + 1];
      }
      dp[i][j] = m;
    }
  }
  return dp[0][0];
}

std::optional<uint32_t> ParseIpv4(std::string_view s) {
  uint32_t out = 0;
  int parts = 0;
  size_t i = 0;
  while (parts < 4) {
    if (i >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
    uint32_t octet = 0;
    size_t digits = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 4) {
      octet = octet * 10 + static_cast<uint32_t>(s[i] - '0');
      ++i;
      ++digits;
    }
    if (octet > 255 || digits > 3) return std::nullopt;
    out = (out << 8) | octet;
    ++parts;
    if (parts < 4) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != s.size()) return std::nullopt;
  return out;
}

struct Block {
  uint32_t base = 0;
  uint32_t mask = 0;
};

std::optional<Block> ParseBlock(std::string_view cidr) {
  const size_t slash = cidr.find('/');
  auto addr = ParseIpv4(cidr.substr(0, slash));
  if (!addr) return std::nullopt;
  int bits = 32;
  if (slash != std::string_view::npos) {
    const std::string digits(cidr.substr(slash + 1));
    if (digits.empty() || digits.size() > 2 ||
        !std::all_of(digits.begin(), digits.end(),
                     [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
      return std::nullopt;
    }
    bits = std::stoi(digits);
    if (bits > 32) return std::nullopt;
  }
  const uint32_t mask = bits == 0 ? 0 : ~uint32_t{0} << (32 - bits);
  return Block{*addr & mask, mask};
}

std::string Ipv4Text(uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." +
         std::to_string((a >> 8) & 255) + "." + std::to_string(a & 255);
}

bool RegexSearch(const Constraint& c, const std::string& pattern, const std::string& text) {
  auto flags = std::regex::ECMAScript;
  if (c.regex_i) flags |= std::regex::icase;
  if (c.regex_m) flags |= std::regex::multiline;
  try {
    std::string p = pattern;
    if (c.regex_s) {
      // ECMAScript's '.' never matches a newline; [\s\S] is the dotall dot.
      std::string q;
      bool in_class = false;
      for (size_t i = 0; i < p.size(); ++i) {
        if (p[i] == '\\' && i + 1 < p.size()) {
          q += p.substr(i, 2);
          ++i;
          continue;
        }
        if (p[i] == '[') in_class = true;
        if (p[i] == ']') in_class = false;
        q += (p[i] == '.' && !in_class) ? std::string("[\\s\\S]") : std::string(1, p[i]);
      }
      p = q;
    }
    return std::regex_search(text, std::regex(p, flags));
  } catch (const std::regex_error&) {
    return false;
  }
}

bool ValueMatches(const Constraint& c, const std::string& value, const std::string& text) {
  switch (c.shape) {
    case Shape::kRegex:
      return RegexSearch(c, value, text);
    case Shape::kCidr: {
      auto block = ParseBlock(value);
      auto addr = ParseIpv4(text);
      return block && addr && (*addr & block->mask) == block->base;
    }
    default:
      return TokensMatch(ShapedTokens(value, c.shape), text, c.cased);
  }
}

bool FieldRefMatches(const Constraint& c, const std::string& target, const std::string& other) {
  auto fold = [&](std::string s) {
    if (!c.cased) {
      for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return s;
  };
  const std::string t = fold(target);
  const std::string o = fold(other);
  switch (c.shape) {
    case Shape::kContains:
      return t.find(o) != std::string::npos;
    case Shape::kStartsWith:
      return t.rfind(o, 0) == 0;
    case Shape::kEndsWith:
      return t.size() >= o.size() && t.compare(t.size() - o.size(), o.size(), o) == 0;
    default:
      return t == o;
  }
}

bool Holds(const Constraint& c, const Json& root) {
  const Found f = Resolve(root, c.field);
  switch (c.kind) {
    case ConstraintKind::kNull:
      if (!f.present) return true;
      return std::any_of(f.values.begin(), f.values.end(),
                         [](const Json* v) { return v->kind == Json::Kind::kNull; });
    case ConstraintKind::kExists:
      return f.present == c.exists;
    case ConstraintKind::kFieldRef: {
      const auto others = Texts(Resolve(root, c.other));
      for (const auto& t : Texts(f)) {
        for (const auto& o : others) {
          if (FieldRefMatches(c, t, o)) return true;
        }
      }
      return false;
    }
    case ConstraintKind::kValues: {
      const auto texts = Texts(f);
      auto any_text = [&](const std::string& v) {
        return std::any_of(texts.begin(), texts.end(),
                           [&](const std::string& t) { return ValueMatches(c, v, t); });
      };
      return c.all ? std::all_of(c.values.begin(), c.values.end(), any_text)
                   : std::any_of(c.values.begin(), c.values.end(), any_text);
    }
  }
  return false;
}

bool AlternativeHolds(const Alternative& a, const Json& root) {
  return std::all_of(a.constraints.begin(), a.constraints.end(),
                     [&](const Constraint& c) { return Holds(c, root); });
}

bool SelectionHolds(const Selection& s, const Json& root) {
  return std::any_of(s.alternatives.begin(), s.alternatives.end(),
                     [&](const Alternative& a) { return AlternativeHolds(a, root); });
}

// ---------------------------------------------------------------------------
// Value construction.

// Fields CloudTrail writes as objects: `contains` on them reads compact JSON.
bool IsObjectField(const std::string& field) {
  static const std::set<std::string> kObjects = {"requestParameters", "responseElements",
                                                 "additionalEventData", "serviceEventDetails",
                                                 "userIdentity"};
  return kObjects.count(field) > 0;
}

// Fields CloudTrail writes as JSON booleans; a rule's 'true'/'false' for them
// is realised as a boolean, the shape real records have.
bool IsBooleanField(const std::string& field) {
  static const std::set<std::string> kBooleans = {"responseElements.publiclyAccessible",
                                                  "requestParameters.enable", "readOnly",
                                                  "managementEvent", "requestParameters.multiAZ"};
  return kBooleans.count(field) > 0;
}

// Paths CloudTrail writes as arrays, with the elements placed before the one
// the generator fills, so a match has to come from any element, not the
// first. The filled element is always the last.
std::optional<std::vector<Json>> ArrayDecoys(const std::string& path) {
  if (path == "requestParameters.containerDefinitions") {
    Json web = Json::Object();
    web.With("name", Json::String("web"))
        .With("image", Json::String("public.ecr.aws/nginx/nginx:1.25"))
        .With("essential", Json::Bool(true))
        .With("command", Json::Array({Json::String("nginx"), Json::String("-g"),
                                      Json::String("daemon off;")}));
    return std::vector<Json>{web};
  }
  if (path == "requestParameters.containerDefinitions.command") {
    return std::vector<Json>{Json::String("sh"), Json::String("-c")};
  }
  if (path == "requestParameters.layers") return std::vector<Json>{};
  return std::nullopt;
}

// Plausible values of a field that differ from what a rule asks for, tried
// first when a condition has to fail, so failing events still look real.
std::vector<std::string> OtherValues(const std::string& field) {
  static const std::map<std::string, std::vector<std::string>> kValues = {
      {"eventName", {"DescribeInstances", "ListBuckets", "GetCallerIdentity", "ListUsers"}},
      {"eventSource", {"sts.amazonaws.com", "s3.amazonaws.com", "monitoring.amazonaws.com"}},
      {"errorCode", {"AccessDenied", "ThrottlingException", "Client.UnauthorizedOperation"}},
      {"errorMessage", {"User is not authorized to perform this operation", "Rate exceeded"}},
      {"userAgent",
       {"aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79 exe/x86_64.amzn.2023", "console.amazonaws.com",
        "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0"}},
      {"userIdentity.type", {"IAMUser", "AssumedRole", "AWSService", "Root"}},
      {"userIdentity.arn",
       {"arn:aws:iam::123456789012:user/carol",
        "arn:aws:sts::123456789012:assumed-role/Admin/carol"}},
      {"userIdentity.sessionContext.sessionIssuer.type", {"Role", "Root", "IAMUser"}},
      {"eventType", {"AwsApiCall", "AwsConsoleSignIn", "AwsServiceEvent"}},
      {"sourceIPAddress", {"198.51.100.77", "ec2.amazonaws.com"}},
      {"responseElements.ConsoleLogin", {"Failure"}},
      {"additionalEventData.MFAUsed", {"Yes"}},
      {"status", {"failure"}},
  };
  auto it = kValues.find(field);
  return it == kValues.end() ? std::vector<std::string>{} : it->second;
}

const std::vector<std::string>& FillerWords() {
  static const std::vector<std::string> kWords = {"prod", "data", "x1", "team-a", "2024", "ops"};
  return kWords;
}

std::string ChangeCase(std::string s, bool upper) {
  for (auto& ch : s) {
    ch = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(ch))
                                 : std::tolower(static_cast<unsigned char>(ch)));
  }
  return s;
}

std::string SwapCase(std::string s) {
  for (auto& ch : s) {
    const unsigned char u = static_cast<unsigned char>(ch);
    ch = static_cast<char>(std::isupper(u) ? std::tolower(u) : std::toupper(u));
  }
  return s;
}

// Text a wildcard value matches: `*` becomes a filler word (or nothing),
// `?` one letter, escaped characters themselves.
std::string Realize(std::string_view value, Rng& rng) {
  std::string out;
  for (int t : WildcardTokens(value)) {
    if (t == kStar) {
      if (!rng.OneIn(4)) out += rng.Pick(FillerWords());
    } else if (t == kAnyChar) {
      out += static_cast<char>('a' + rng.Below(26));
    } else {
      out += static_cast<char>(t);
    }
  }
  return out;
}

// ---- A string a regex matches (the specification's PCRE subset).

class RegexWriter {
 public:
  RegexWriter(std::string_view re, Rng& rng) : re_(re), rng_(rng) {}

  absl::StatusOr<std::string> Write() {
    std::string out;
    auto s = Alternation(&out);
    if (!s.ok()) return s;
    if (pos_ != re_.size()) return absl::InvalidArgumentError("unbalanced ')' in regex");
    return out;
  }

 private:
  absl::Status Alternation(std::string* out) {
    // Write the first branch, skip the others.
    auto s = Sequence(out);
    if (!s.ok()) return s;
    while (pos_ < re_.size() && re_[pos_] == '|') {
      ++pos_;
      std::string discard;
      s = Sequence(&discard);
      if (!s.ok()) return s;
    }
    return absl::OkStatus();
  }

  absl::Status Sequence(std::string* out) {
    while (pos_ < re_.size() && re_[pos_] != '|' && re_[pos_] != ')') {
      const size_t atom_start = pos_;
      auto s = SkipAtom();
      if (!s.ok()) return s;
      const size_t atom_end = pos_;
      size_t min = 1, max = 1;
      if (pos_ < re_.size()) {
        const char q = re_[pos_];
        if (q == '*' || q == '+' || q == '?') {
          min = q == '+' ? 1 : 0;
          max = q == '?' ? 1 : 3;
          ++pos_;
        } else if (q == '{') {
          const size_t close = re_.find('}', pos_);
          if (close == std::string_view::npos) return absl::InvalidArgumentError("unclosed '{'");
          const std::string body(re_.substr(pos_ + 1, close - pos_ - 1));
          const size_t comma = body.find(',');
          try {
            min = std::stoul(body.substr(0, comma));
            max = comma == std::string::npos ? min
                  : comma + 1 == body.size() ? min + 2
                                             : std::stoul(body.substr(comma + 1));
          } catch (const std::exception&) {
            return absl::InvalidArgumentError("bad repetition '{" + body + "}'");
          }
          if (max < min || max > 1000) return absl::InvalidArgumentError("bad repetition");
          pos_ = close + 1;
        }
        if (pos_ < re_.size() && re_[pos_] == '?' &&
            (q == '*' || q == '+' || q == '?' || q == '{')) {
          ++pos_;  // lazy: same language
        }
      }
      size_t count = min;
      if (max > min) count = min + rng_.Below(std::min<size_t>(max, min + 4) - min + 1);
      if (count == 0 && max > 0 && rng_.OneIn(2)) count = 1;
      for (size_t i = 0; i < count; ++i) {
        RegexWriter atom(re_.substr(atom_start, atom_end - atom_start), rng_);
        auto text = atom.Atom();
        if (!text.ok()) return text.status();
        *out += *text;
      }
    }
    return absl::OkStatus();
  }

  // Moves past one atom without writing.
  absl::Status SkipAtom() {
    const char ch = re_[pos_];
    if (ch == '\\') {
      if (pos_ + 1 >= re_.size()) return absl::InvalidArgumentError("trailing backslash");
      pos_ += 2;
    } else if (ch == '[') {
      size_t i = pos_ + 1;
      if (i < re_.size() && re_[i] == '^') ++i;
      if (i < re_.size() && re_[i] == ']') ++i;
      while (i < re_.size() && re_[i] != ']') i += re_[i] == '\\' ? 2 : 1;
      if (i >= re_.size()) return absl::InvalidArgumentError("unclosed '['");
      pos_ = i + 1;
    } else if (ch == '(') {
      int depth = 0;
      size_t i = pos_;
      for (; i < re_.size(); ++i) {
        if (re_[i] == '\\') {
          ++i;
        } else if (re_[i] == '(') {
          ++depth;
        } else if (re_[i] == ')' && --depth == 0) {
          break;
        }
      }
      if (i >= re_.size()) return absl::InvalidArgumentError("unclosed '('");
      pos_ = i + 1;
    } else if (ch == '*' || ch == '+' || ch == '?' || ch == '{') {
      return absl::InvalidArgumentError("quantifier without an atom");
    } else {
      ++pos_;
    }
    return absl::OkStatus();
  }

  // Writes the atom that is the whole of re_.
  absl::StatusOr<std::string> Atom() {
    static const std::string kAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";
    const char ch = re_[0];
    if (ch == '^' || ch == '$') return std::string();
    if (ch == '.') return std::string(1, kAlnum[rng_.Below(kAlnum.size())]);
    if (ch == '\\') {
      const char e = re_[1];
      switch (e) {
        case 'd':
          return std::string(1, static_cast<char>('0' + rng_.Below(10)));
        case 'w':
          return std::string(1, kAlnum[rng_.Below(kAlnum.size())]);
        case 's':
          return std::string(" ");
        case 'D':
        case 'W':
        case 'S':
          return std::string("-");
        case 'n':
          return std::string("\n");
        case 't':
          return std::string("\t");
        default:
          if (std::isalnum(static_cast<unsigned char>(e))) {
            return absl::UnimplementedError(std::string("regex escape \\") + e);
          }
          return std::string(1, e);
      }
    }
    if (ch == '[') return Class();
    if (ch == '(') {
      size_t start = 1;
      if (re_.substr(1, 2) == "?:")
        start = 3;
      else if (re_.size() > 1 && re_[1] == '?')
        return absl::UnimplementedError("regex group '(?'");
      RegexWriter inner(re_.substr(start, re_.size() - start - 1), rng_);
      return inner.Write();
    }
    return std::string(1, ch);
  }

  absl::StatusOr<std::string> Class() {
    size_t i = 1;
    const bool negated = i < re_.size() && re_[i] == '^';
    if (negated) ++i;
    std::set<unsigned char> members;
    bool first = true;
    while (i < re_.size() && (re_[i] != ']' || first)) {
      first = false;
      unsigned char lo = static_cast<unsigned char>(re_[i]);
      if (lo == '\\' && i + 1 < re_.size()) lo = static_cast<unsigned char>(re_[++i]);
      ++i;
      if (i + 1 < re_.size() && re_[i] == '-' && re_[i + 1] != ']') {
        unsigned char hi = static_cast<unsigned char>(re_[i + 1]);
        if (hi == '\\' && i + 2 < re_.size()) {
          hi = static_cast<unsigned char>(re_[i + 2]);
          ++i;
        }
        i += 2;
        for (unsigned c = lo; c <= hi; ++c) members.insert(static_cast<unsigned char>(c));
      } else {
        members.insert(lo);
      }
    }
    if (negated) {
      for (char c : std::string("aZ0_-x")) {
        if (!members.count(static_cast<unsigned char>(c))) return std::string(1, c);
      }
      return absl::UnimplementedError("negated class excludes every candidate");
    }
    if (members.empty()) return absl::InvalidArgumentError("empty class");
    auto it = members.begin();
    std::advance(it, static_cast<long>(rng_.Below(members.size())));
    return std::string(1, static_cast<char>(*it));
  }

  std::string_view re_;
  Rng& rng_;
  size_t pos_ = 0;
};

absl::StatusOr<std::string> WriteRegexExample(const Constraint& c, const std::string& re,
                                              Rng& rng) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    auto text = RegexWriter(re, rng).Write();
    if (!text.ok()) return text.status();
    if (RegexSearch(c, re, *text)) return *text;
  }
  return absl::UnimplementedError("no example found for regex '" + re + "'");
}

// ---------------------------------------------------------------------------
// Edits: the unit in which events are built and mutated.

struct Edit {
  std::string path;
  std::optional<Json> value;  // nullopt: delete the field
};

std::string Describe(const std::vector<Edit>& edits) {
  std::string out;
  for (const auto& e : edits) {
    if (!out.empty()) out += ", ";
    out += e.value ? e.path + " = " + e.value->Dump() : "delete " + e.path;
  }
  return out;
}

bool IsPrefixPath(const std::string& a, const std::string& b) {
  return b.size() > a.size() && b.compare(0, a.size(), a) == 0 && b[a.size()] == '.';
}

void Put(Json* root, const std::string& path, const Json& value) {
  const auto parts = SplitPath(path);
  Json* node = root;
  std::string prefix;
  for (size_t i = 0; i < parts.size(); ++i) {
    prefix += (i ? "." : "") + parts[i];
    const bool last = i + 1 == parts.size();
    if (node->kind != Json::Kind::kObject) *node = Json::Object();
    Json* child = node->Find(parts[i]);
    if (auto decoys = ArrayDecoys(prefix)) {
      if (!child || child->kind != Json::Kind::kArray || child->items.size() <= decoys->size()) {
        Json array = Json::Array(*decoys);
        array.items.push_back(last ? value : Json::Object());
        node->Set(parts[i], std::move(array));
        if (last) return;
        child = node->Find(parts[i]);
      } else if (last) {
        child->items.back() = value;
        return;
      }
      node = &child->items.back();
      continue;
    }
    if (last) {
      node->Set(parts[i], value);
      return;
    }
    if (!child) {
      node->Set(parts[i], Json::Object());
      child = node->Find(parts[i]);
    }
    node = child;
  }
}

void Remove(Json* root, const std::string& path) {
  const auto parts = SplitPath(path);
  Json* node = root;
  std::string prefix;
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    prefix += (i ? "." : "") + parts[i];
    if (node->kind != Json::Kind::kObject) return;
    Json* child = node->Find(parts[i]);
    if (!child) return;
    if (child->kind == Json::Kind::kArray) {
      if (child->items.empty()) return;
      child = &child->items.back();
    }
    node = child;
  }
  if (node->kind == Json::Kind::kObject) node->Erase(parts.back());
}

void Apply(Json* root, const std::vector<Edit>& edits) {
  for (const auto& e : edits) {
    if (e.value) {
      Put(root, e.path, *e.value);
    } else {
      Remove(root, e.path);
    }
  }
}

std::vector<std::string> FieldsOf(const Constraint& c) {
  std::vector<std::string> out = {c.field};
  if (c.kind == ConstraintKind::kFieldRef) out.push_back(c.other);
  return out;
}

// A JSON value for text a rule compares as a string: a boolean where
// CloudTrail writes one.
Json Typed(const std::string& field, const std::string& text) {
  if (IsBooleanField(field)) {
    const std::string lower = ChangeCase(text, false);
    if (lower == "true" || lower == "false") return Json::Bool(lower == "true");
  }
  return Json::String(text);
}

// An object whose compact JSON text holds each piece: a piece in double
// quotes becomes a string member (its quotes are the JSON quotes), any
// other piece sits inside a string member. Nullopt when a piece cannot
// appear unescaped in JSON text.
std::optional<Json> ObjectCarrying(const std::vector<std::string>& pieces, Rng& rng) {
  Json obj = Json::Object();
  obj.Set("requestId", Json::String("5c7a1f0e-" + std::to_string(1000 + rng.Below(9000))));
  for (size_t i = 0; i < pieces.size(); ++i) {
    const std::string& p = pieces[i];
    auto clean = [](std::string_view s) {
      return std::none_of(s.begin(), s.end(), [](char ch) {
        return ch == '"' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20;
      });
    };
    const std::string key = "item" + std::to_string(i);
    if (p.size() >= 2 && p.front() == '"' && p.back() == '"' &&
        clean(std::string_view(p).substr(1, p.size() - 2))) {
      obj.Set(key, Json::String(p.substr(1, p.size() - 2)));
    } else if (clean(p)) {
      obj.Set(key, Json::String(p));
    } else {
      return std::nullopt;
    }
  }
  return obj;
}

// Edits that make `c` hold, given the tree as it is (fieldref copies the
// other field's current value).
absl::StatusOr<std::vector<Edit>> SatisfyingEdits(const Constraint& c, const Json& tree, Rng& rng) {
  switch (c.kind) {
    case ConstraintKind::kNull:
      // Mostly absent (what a successful CloudTrail call has), sometimes null.
      if (rng.OneIn(3)) return std::vector<Edit>{{c.field, Json::Null()}};
      return std::vector<Edit>{{c.field, std::nullopt}};
    case ConstraintKind::kExists:
      if (c.exists) return std::vector<Edit>{{c.field, Json::String(rng.Pick(FillerWords()))}};
      return std::vector<Edit>{{c.field, std::nullopt}};
    case ConstraintKind::kFieldRef: {
      std::vector<Edit> edits;
      const auto others = Texts(Resolve(tree, c.other));
      std::string value;
      if (others.empty()) {
        value = rng.Pick(std::vector<std::string>{"alice", "bob", "deploy-bot"});
        edits.push_back({c.other, Json::String(value)});
      } else {
        value = others[0];
      }
      const std::string pre =
          rng.Pick(std::vector<std::string>{"arn:aws:iam::123456789012:user/", "x-"});
      const std::string post = rng.Pick(std::vector<std::string>{"-admin", "/session"});
      if (c.shape == Shape::kContains) value = pre + value + post;
      if (c.shape == Shape::kStartsWith) value += post;
      if (c.shape == Shape::kEndsWith) value = pre + value;
      edits.push_back({c.field, Json::String(value)});
      return edits;
    }
    case ConstraintKind::kValues:
      break;
  }
  if (c.shape == Shape::kRegex) {
    auto text = WriteRegexExample(c, rng.Pick(c.values), rng);
    if (!text.ok()) return text.status();
    return std::vector<Edit>{{c.field, Json::String(*text)}};
  }
  if (c.shape == Shape::kCidr) {
    auto block = ParseBlock(rng.Pick(c.values));
    if (!block) return absl::InvalidArgumentError("bad cidr in '" + c.key + "'");
    const uint32_t host = static_cast<uint32_t>(rng.Below(1u << 8)) & ~block->mask;
    return std::vector<Edit>{{c.field, Json::String(Ipv4Text(block->base | host))}};
  }
  std::vector<std::string> pieces;
  if (c.all) {
    for (const auto& v : c.values) pieces.push_back(Realize(v, rng));
  } else {
    pieces.push_back(Realize(rng.Pick(c.values), rng));
  }
  if (!c.cased && rng.OneIn(4)) {
    // Exercise case-insensitive matching now and then.
    const bool upper = rng.OneIn(2);
    for (auto& p : pieces) p = ChangeCase(p, upper);
  }
  if (IsObjectField(c.field) && c.shape == Shape::kContains) {
    if (auto obj = ObjectCarrying(pieces, rng)) return std::vector<Edit>{{c.field, *obj}};
  }
  std::string text;
  for (size_t i = 0; i < pieces.size(); ++i) text += (i ? " " : "") + pieces[i];
  const std::vector<std::string> prefixes = {"", "pre-", "Mozilla/5.0 ", "x "};
  const std::vector<std::string> suffixes = {"", "20150331v2", " 1.2", "/tail"};
  if (c.shape == Shape::kContains || c.shape == Shape::kEndsWith) text = rng.Pick(prefixes) + text;
  if (c.shape == Shape::kContains || c.shape == Shape::kStartsWith) text += rng.Pick(suffixes);
  if (text.empty() && c.values.size() == 1 && c.values[0].find('*') != std::string::npos) {
    // `*` also matches nothing, but an empty value is an edge case of its own.
    text = rng.Pick(FillerWords());
  }
  return std::vector<Edit>{{c.field, Typed(c.field, text)}};
}

// Value changes that may make `c` fail (the caller checks), most realistic
// first; deletion is offered separately.
std::vector<std::vector<Edit>> ViolatingChanges(const Constraint& c, const Json& tree, Rng& rng) {
  std::vector<std::vector<Edit>> out;
  auto add = [&](const std::string& path, Json v) { out.push_back({{path, std::move(v)}}); };
  switch (c.kind) {
    case ConstraintKind::kNull:
      for (const auto& v : OtherValues(c.field)) add(c.field, Json::String(v));
      add(c.field, Json::String("not-null"));
      return out;
    case ConstraintKind::kExists:
      if (!c.exists) add(c.field, Json::String("present"));
      return out;
    case ConstraintKind::kFieldRef: {
      const auto others = Texts(Resolve(tree, c.other));
      const std::string base = others.empty() ? std::string("alice") : others[0];
      add(c.field, Json::String("arn:aws:iam::123456789012:user/not-" + base + "-x"));
      add(c.field, Json::String("unrelated"));
      return out;
    }
    case ConstraintKind::kValues:
      break;
  }
  if (IsObjectField(c.field)) {
    Json obj = Json::Object();
    obj.Set("requestId", Json::String("0b8c2d3e-" + std::to_string(1000 + rng.Below(9000))));
    obj.Set("item0", Json::String("unrelated"));
    out.push_back({{c.field, obj}});
  }
  for (const auto& v : c.values) {
    const std::string lower = ChangeCase(v, false);
    if (IsBooleanField(c.field) && (lower == "true" || lower == "false")) {
      add(c.field, Json::Bool(lower != "true"));
    }
  }
  std::vector<std::string> texts;
  if (c.cased && c.shape != Shape::kRegex && c.shape != Shape::kCidr) {
    texts.push_back(SwapCase(Realize(c.values[0], rng)));
  }
  for (const auto& v : OtherValues(c.field)) texts.push_back(v);
  if (c.shape != Shape::kRegex && c.shape != Shape::kCidr) {
    const std::string r = Realize(c.values[0], rng);
    texts.push_back(r + "Extra");
    texts.push_back("Not" + r);
  }
  if (c.shape == Shape::kCidr) texts.push_back("192.0.2.254");
  texts.push_back("unrelated-value");
  texts.push_back("0");
  for (const auto& t : texts) add(c.field, Typed(c.field, t));
  return out;
}

// ---------------------------------------------------------------------------
// The event builder: a tree plus the fields deliberately set or relied on.

struct Builder {
  Json tree;
  std::set<std::string> locked;

  bool Conflicts(const std::string& path) const {
    for (const auto& l : locked) {
      if (l == path || IsPrefixPath(l, path) || IsPrefixPath(path, l)) return true;
    }
    return false;
  }
  bool AllLocked(const std::vector<std::string>& paths) const {
    return std::all_of(paths.begin(), paths.end(),
                       [&](const std::string& p) { return locked.count(p) > 0; });
  }
  void Lock(const std::vector<std::string>& paths) { locked.insert(paths.begin(), paths.end()); }
};

std::string Hex(Rng& rng, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) out += kHex[rng.Below(16)];
  return out;
}

std::string Uuid(Rng& rng) {
  std::string out = Hex(rng, 8);
  for (size_t n : {4, 4, 4, 12}) out += "-" + Hex(rng, n);
  return out;
}

std::string Upper(Rng& rng, size_t n) {
  static const char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  for (size_t i = 0; i < n; ++i) out += kChars[rng.Below(32)];
  return out;
}

std::string Two(size_t v) { return (v < 10 ? "0" : "") + std::to_string(v); }

// A CloudTrail record as an IAM user's CLI call would write it; the rule's
// constraints then overwrite what they need.
Json Skeleton(Rng& rng, const std::set<std::string>& fields) {
  const std::string account = "123456789012";
  const std::string user =
      rng.Pick(std::vector<std::string>{"alice", "bob", "carol", "deploy-bot"});
  Json identity = Json::Object();
  identity.With("type", Json::String("IAMUser"))
      .With("principalId", Json::String("AIDA" + Upper(rng, 17)))
      .With("arn", Json::String("arn:aws:iam::" + account + ":user/" + user))
      .With("accountId", Json::String(account))
      .With("accessKeyId", Json::String("AKIA" + Upper(rng, 16)))
      .With("userName", Json::String(user));
  Json request = Json::Object();
  request
      .With("instancesSet",
            Json::Object().With("items", Json::Array({Json::Object().With(
                                             "instanceId", Json::String("i-0" + Hex(rng, 16)))})))
      .With("filterSet", Json::Object());
  bool response_referenced = false;
  for (const auto& f : fields) {
    if (f == "responseElements" || IsPrefixPath("responseElements", f)) response_referenced = true;
  }
  Json response = response_referenced ? Json::Object().With("requestId", Json::String(Uuid(rng)))
                                      : Json::Null();
  // One draw per statement: the operands of a chain of + have no fixed
  // evaluation order, and the stream must not depend on the compiler.
  std::string time = "2024-" + Two(1 + rng.Below(12));
  time += "-" + Two(1 + rng.Below(28));
  time += "T" + Two(rng.Below(24));
  time += ":" + Two(rng.Below(60));
  time += ":" + Two(rng.Below(60)) + "Z";
  Json root = Json::Object();
  root.With("eventVersion", Json::String("1.09"))
      .With("userIdentity", identity)
      .With("eventTime", Json::String(time))
      .With("eventSource", Json::String("ec2.amazonaws.com"))
      .With("eventName", Json::String("DescribeInstances"))
      .With("awsRegion", Json::String(rng.Pick(
                             std::vector<std::string>{"us-east-1", "eu-west-1", "ap-southeast-2"})))
      .With("sourceIPAddress", Json::String("198.51.100." + std::to_string(20 + rng.Below(200))))
      .With("userAgent",
            Json::String("aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79 exe/x86_64.amzn.2023"))
      .With("requestParameters", request)
      .With("responseElements", response)
      .With("requestID", Json::String(Uuid(rng)))
      .With("eventID", Json::String(Uuid(rng)))
      .With("readOnly", Json::Bool(true))
      .With("eventType", Json::String("AwsApiCall"))
      .With("managementEvent", Json::Bool(true))
      .With("recipientAccountId", Json::String(account))
      .With("eventCategory", Json::String("Management"))
      .With("tlsDetails",
            Json::Object()
                .With("tlsVersion", Json::String("TLSv1.3"))
                .With("cipherSuite", Json::String("TLS_AES_128_GCM_SHA256"))
                .With("clientProvidedHostHeader", Json::String("ec2.us-east-1.amazonaws.com")));
  return root;
}

// Makes one selection true: one alternative, every constraint of it.
bool MakeTrue(const Selection& s, Builder* b, Rng& rng) {
  std::vector<size_t> order(s.alternatives.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  rng.Shuffle(&order);
  for (size_t a : order) {
    Builder saved = *b;
    bool ok = true;
    for (const auto& c : s.alternatives[a].constraints) {
      const auto paths = FieldsOf(c);
      if (b->AllLocked(paths) && Holds(c, b->tree)) continue;
      if (std::any_of(paths.begin(), paths.end(),
                      [&](const std::string& p) { return b->Conflicts(p); })) {
        ok = false;
        break;
      }
      auto edits = SatisfyingEdits(c, b->tree, rng);
      if (!edits.ok()) {
        ok = false;
        break;
      }
      Apply(&b->tree, *edits);
      b->Lock(paths);
      if (!Holds(c, b->tree)) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
    *b = std::move(saved);
  }
  return false;
}

// Makes one selection false: in every alternative one constraint fails and
// its field is locked so that nothing later repairs it.
bool MakeFalse(const Selection& s, Builder* b, Rng& rng) {
  for (const auto& alt : s.alternatives) {
    bool done = false;
    for (const auto& c : alt.constraints) {
      if (Holds(c, b->tree)) continue;
      // A fieldref fails on a missing other field too; give it one so the
      // failure is a real difference of values.
      if (c.kind == ConstraintKind::kFieldRef && !Resolve(b->tree, c.other).present &&
          !b->Conflicts(c.other)) {
        continue;
      }
      b->Lock(FieldsOf(c));
      done = true;
      break;
    }
    if (done) continue;
    std::vector<const Constraint*> order;
    for (const auto& c : alt.constraints) order.push_back(&c);
    rng.Shuffle(&order);
    for (const Constraint* c : order) {
      const auto paths = FieldsOf(*c);
      if (c->kind == ConstraintKind::kFieldRef && !Resolve(b->tree, c->other).present &&
          !b->Conflicts(c->other)) {
        Put(&b->tree, c->other, Json::String(rng.Pick(std::vector<std::string>{"bob", "mallory"})));
        if (!Holds(*c, b->tree)) {
          b->Lock(paths);
          done = true;
          break;
        }
      }
      if (b->Conflicts(c->field)) continue;
      auto candidates = ViolatingChanges(*c, b->tree, rng);
      candidates.push_back({{c->field, std::nullopt}});
      for (const auto& edits : candidates) {
        Json trial = b->tree;
        Apply(&trial, edits);
        if (Holds(*c, trial)) continue;
        b->tree = std::move(trial);
        b->Lock(paths);
        done = true;
        break;
      }
      if (done) break;
    }
    if (!done) return false;
  }
  return true;
}

std::map<std::string, bool> Truth(const Rule& rule, const Json& tree) {
  std::map<std::string, bool> out;
  for (const auto& s : rule.selections) out[s.name] = SelectionHolds(s, tree);
  return out;
}

std::string AssignmentText(const std::vector<std::string>& names,
                           const std::map<std::string, bool>& a) {
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "" : " ") + n + "=" + (a.at(n) ? "true" : "false");
  return out;
}

// ---------------------------------------------------------------------------
// Mutations of a finished event.

struct MutationContext {
  const Rule& rule;
  const std::vector<std::string>& referenced;
  const Json& tree;
  const std::map<std::string, bool>& truth;
};

// Accepts a mutation when exactly `target` changed its truth among the
// referenced identifiers; the expected verdict is the condition's.
bool Accept(const MutationContext& ctx, const std::string& target, const Json& mutated,
            const std::string& description, GeneratedEvent* event,
            std::vector<std::string>* notes) {
  const auto after = Truth(ctx.rule, mutated);
  for (const auto& n : ctx.referenced) {
    if ((after.at(n) != ctx.truth.at(n)) != (n == target)) {
      notes->push_back(event->assignment + ": dropped '" + description + "' (it changes " + n +
                       " too)");
      return false;
    }
  }
  event->mutations.push_back({description, mutated.Dump(), Evaluate(ctx.rule.condition, after)});
  return true;
}

void AddMutations(const MutationContext& ctx, Rng& rng, GeneratedEvent* event,
                  std::vector<std::string>* notes) {
  for (const auto& s : ctx.rule.selections) {
    if (std::find(ctx.referenced.begin(), ctx.referenced.end(), s.name) == ctx.referenced.end())
      continue;
    if (ctx.truth.at(s.name)) {
      // Break each field of the one alternative that holds.
      std::vector<const Alternative*> holding;
      for (const auto& a : s.alternatives) {
        if (AlternativeHolds(a, ctx.tree)) holding.push_back(&a);
      }
      if (holding.size() != 1) {
        notes->push_back(event->assignment + ": " + s.name + " holds through " +
                         std::to_string(holding.size()) +
                         " alternatives; its fields are not required");
        continue;
      }
      for (const auto& c : holding[0]->constraints) {
        for (const auto& edits : ViolatingChanges(c, ctx.tree, rng)) {
          Json mutated = ctx.tree;
          Apply(&mutated, edits);
          if (Holds(c, mutated)) continue;
          if (Accept(ctx, s.name, mutated,
                     "break " + s.name + " [" + c.key + "]: " + Describe(edits), event, notes))
            break;
        }
        const std::vector<Edit> deletion = {{c.field, std::nullopt}};
        Json mutated = ctx.tree;
        Apply(&mutated, deletion);
        if (!Holds(c, mutated)) {
          Accept(ctx, s.name, mutated,
                 "break " + s.name + " [" + c.key + "]: " + Describe(deletion), event, notes);
        }
      }
      continue;
    }
    // Make the false selection true through one of its alternatives.
    bool made = false;
    for (const auto& a : s.alternatives) {
      Json mutated = ctx.tree;
      std::vector<Edit> all_edits;
      bool ok = true;
      for (const auto& c : a.constraints) {
        if (Holds(c, mutated)) continue;
        auto edits = SatisfyingEdits(c, mutated, rng);
        if (!edits.ok()) {
          ok = false;
          break;
        }
        Apply(&mutated, *edits);
        all_edits.insert(all_edits.end(), edits->begin(), edits->end());
      }
      if (!ok || !AlternativeHolds(a, mutated)) continue;
      const auto after = Truth(ctx.rule, mutated);
      bool only_target = true;
      for (const auto& n : ctx.referenced) {
        if (n != s.name && after.at(n) != ctx.truth.at(n)) only_target = false;
      }
      if (!only_target) continue;
      made = Accept(ctx, s.name, mutated, "make " + s.name + " true: " + Describe(all_edits), event,
                    notes);
      if (made) break;
    }
    if (!made) {
      notes->push_back(event->assignment + ": " + s.name +
                       " cannot be made true without changing another identifier");
    }
  }
}

}  // namespace

// ---------------------------------------------------------------------------

bool WildcardValueMatches(std::string_view sigma_value, std::string_view text, bool cased) {
  return TokensMatch(WildcardTokens(sigma_value), text, cased);
}

absl::StatusOr<bool> EvaluateConditionText(std::string_view condition,
                                           const std::map<std::string, bool>& identifiers) {
  auto c = ConditionParser(condition).Parse();
  if (!c.ok()) return c.status();
  std::vector<std::string> names;
  for (const auto& kv : identifiers) names.push_back(kv.first);
  std::set<std::string> used;
  auto s = Referenced(*c, names, &used);
  if (!s.ok()) return s;
  return Evaluate(*c, identifiers);
}

absl::StatusOr<std::string> RegexExample(std::string_view regex, uint64_t seed) {
  Rng rng(seed);
  Constraint c;
  c.shape = Shape::kRegex;
  return WriteRegexExample(c, std::string(regex), rng);
}

absl::StatusOr<GeneratedRule> Generate(std::string_view yaml_text, std::string_view origin,
                                       const GeneratorOptions& options) {
  auto rule = ReadRule(yaml_text, origin, options);
  if (!rule.ok()) return rule.status();
  std::vector<std::string> names;
  std::set<std::string> fields;
  for (const auto& s : rule->selections) {
    names.push_back(s.name);
    for (const auto& a : s.alternatives) {
      for (const auto& c : a.constraints) {
        for (const auto& f : FieldsOf(c)) fields.insert(f);
      }
    }
  }
  std::set<std::string> used;
  auto status = Referenced(rule->condition, names, &used);
  if (!status.ok())
    return absl::InvalidArgumentError(std::string(origin) + ": " + std::string(status.message()));
  // In definition order, so assignments and notes read like the rule.
  std::vector<std::string> referenced;
  for (const auto& n : names) {
    if (used.count(n)) referenced.push_back(n);
  }
  if (referenced.size() > 16) {
    return absl::UnimplementedError(std::string(origin) +
                                    ": more than 16 identifiers to enumerate");
  }

  // Satisfying assignments, fewest true identifiers first.
  std::vector<std::map<std::string, bool>> satisfying;
  for (uint32_t bits = 0; bits < (1u << referenced.size()); ++bits) {
    std::map<std::string, bool> a;
    for (const auto& n : names) a[n] = false;
    for (size_t i = 0; i < referenced.size(); ++i) a[referenced[i]] = (bits >> i) & 1u;
    if (Evaluate(rule->condition, a)) satisfying.push_back(std::move(a));
  }
  std::stable_sort(satisfying.begin(), satisfying.end(), [](const auto& x, const auto& y) {
    auto count = [](const std::map<std::string, bool>& m) {
      return std::count_if(m.begin(), m.end(), [](const auto& kv) { return kv.second; });
    };
    return count(x) < count(y);
  });
  if (satisfying.empty()) {
    return absl::InvalidArgumentError(std::string(origin) + ": the condition is unsatisfiable");
  }

  GeneratedRule out;
  Rng rng(options.seed ^ Fnv1a(origin));
  for (const auto& assignment : satisfying) {
    if (out.events.size() >= options.max_assignments) break;
    const std::string text = AssignmentText(referenced, assignment);
    bool built = false;
    for (size_t attempt = 0; attempt < options.attempts && !built; ++attempt) {
      Builder b;
      b.tree = Skeleton(rng, fields);
      bool ok = true;
      for (const auto& s : rule->selections) {
        if (used.count(s.name) && assignment.at(s.name)) ok = ok && MakeTrue(s, &b, rng);
      }
      for (const auto& s : rule->selections) {
        if (used.count(s.name) && !assignment.at(s.name)) ok = ok && MakeFalse(s, &b, rng);
      }
      if (!ok) continue;
      // Verify the whole event with the oracle: a later selection may have
      // touched an earlier one's field through a path prefix.
      const auto truth = Truth(*rule, b.tree);
      bool exact = true;
      for (const auto& n : referenced) exact = exact && truth.at(n) == assignment.at(n);
      if (!exact || !Evaluate(rule->condition, truth)) continue;
      GeneratedEvent event;
      event.assignment = text;
      event.event_json = b.tree.Dump();
      AddMutations(MutationContext{*rule, referenced, b.tree, truth}, rng, &event, &out.notes);
      out.events.push_back(std::move(event));
      built = true;
    }
    if (!built)
      out.notes.push_back(text + ": infeasible after " + std::to_string(options.attempts) +
                          " attempts");
  }
  if (out.events.empty()) {
    return absl::FailedPreconditionError(std::string(origin) +
                                         ": no satisfying assignment could be realised");
  }
  return out;
}

}  // namespace trailhunt::sigma_gen
