// The rule index (rule_index.h): at Build, one necessary condition per rule
// derived from its bound expression; per record, one hash lookup per indexed
// equality field and one automaton pass per indexed substring field.
//
// Every condition is stated on the text a leaf compares: the value's display
// text as evaluate.cc computes it (numbers formatted, null as "null",
// objects and arrays as their JSON text, each item of a multivalue), or the
// raw record for raw targets and keywords. Conditions are compared with
// ASCII case folded whatever the leaf's case rule, so a case-sensitive leaf
// gets a condition weaker than itself, never a stronger one.
#include "match/rule_index.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <string_view>
#include <tuple>
#include <utility>

#include "match/aho_corasick.h"
#include "match/text.h"
#include "trailhunt/path.h"

namespace trailhunt::match {
namespace {

using match_internal::AhoCorasick;
using match_internal::FoldAscii;

// The record's raw text as a condition's source. No leaf that yields a
// condition is bound to kNoSlot (an unbound leaf never matches and yields
// none), so the value cannot clash with a slot.
constexpr uint32_t kRawSource = kNoSlot;

// A substring shorter than this occurs in too many values to be worth a
// pass of the automaton: the rule is better evaluated every time.
constexpr size_t kMinSubstring = 3;
// Bounds on what one expression can make the derivation hold, so that a
// generated rule of any size costs linear time and memory: beyond them a
// subtree simply yields no condition (always safe).
constexpr size_t kMaxAlternatives = 16;
constexpr size_t kMaxLiterals = size_t{1} << 16;
constexpr int kMaxDepth = 1000;

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

std::string Folded(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = FoldAscii(c);
  return out;
}


// Calls f(text) for every text of `source` in the record a leaf could
// match: each item of a multivalue, nothing for a missing field.
template <typename F>
void ForEachText(const FieldSet& fields, uint32_t source, F&& f) {
  if (source == kRawSource) {
    f(fields.raw);
    return;
  }
  if (source >= fields.slots.size()) return;
  const Value& v = fields.slots[source];
  if (v.is_missing()) return;
  char buf[32];
  if (!v.is_multi()) {
    f(match_internal::ItemText(v, buf));
    return;
  }
  for (const Value& item : v.items()) f(match_internal::ItemText(item, buf));
}

// ---------------------------------------------------------------------------
// Derivation: per expression, the conditions every match must meet.

enum class Kind : uint8_t {
  kEquals,    // some text of the source equals one of the literals
  kContains,  // some text of the source contains one of the literals
};

struct Requirement {
  Kind kind = Kind::kEquals;
  uint32_t source = 0;
  std::vector<std::string> literals;  // ASCII-folded, sorted, distinct

  size_t shortest() const {
    size_t n = SIZE_MAX;
    for (const std::string& l : literals) n = std::min(n, l.size());
    return literals.empty() ? 0 : n;
  }
};

struct Derived {
  // The expression can match no record at all.
  bool never = false;
  // Each one is necessary on its own (an AND yields its children's); empty:
  // nothing is known.
  std::vector<Requirement> alternatives;
};

Derived Never() {
  Derived d;
  d.never = true;
  return d;
}

Requirement Single(Kind kind, uint32_t source, std::string literal) {
  Requirement r;
  r.kind = kind;
  r.source = source;
  r.literals.push_back(Folded(literal));
  return r;
}

// A canonical wildcard pattern (match.h) taken apart: whether it has any
// wildcard, its unescaped text when it has none, and its longest run of
// ASCII literal bytes (every match contains each literal run; a non-ASCII
// byte ends a run, so no condition depends on how non-ASCII text folds).
struct PatternParts {
  bool has_wildcard = false;
  std::string literal;
  std::string longest_run;
};

PatternParts SplitPattern(std::string_view pattern) {
  PatternParts parts;
  std::string run;
  auto end_run = [&parts, &run]() {
    if (run.size() > parts.longest_run.size()) parts.longest_run = run;
    run.clear();
  };
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '*' || c == '?') {
      parts.has_wildcard = true;
      end_run();
      continue;
    }
    // A lone trailing '\' is literal, as the lenient compile reads it.
    if (c == '\\' && i + 1 < pattern.size()) c = pattern[++i];
    parts.literal += c;
    if (static_cast<unsigned char>(c) >= 0x80) {
      end_run();
    } else {
      run += c;
    }
  }
  end_run();
  return parts;
}

// Where a condition on the source ranks by its field's name: eventName
// values split CloudTrail records finest, eventSource next.
int NameRank(std::string_view name) {
  // A CloudWatch selector names the same field: "$.eventName".
  name = WithoutDollarPrefix(name);
  auto equals = [name](std::string_view want) {
    if (name.size() != want.size()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
      if (FoldAscii(name[i]) != FoldAscii(want[i])) return false;
    }
    return true;
  };
  if (equals("eventName")) return 0;
  if (equals("eventSource")) return 1;
  return 2;
}

class Deriver {
 public:
  Derived Derive(const Expr& e, int depth) {
    if (depth > kMaxDepth) return {};
    switch (e.op) {
      case Op::kTrue: return {};
      case Op::kFalse: return Never();
      // NOT turns absence into a match and a condition into its opposite:
      // nothing below it is necessary.
      case Op::kNot: return {};
      case Op::kAnd: return And(e, depth);
      case Op::kOr: return Or(e, depth);
      default: return Leaf(e);
    }
  }

  // The first name written for each source, and its rank.
  std::string SourceName(uint32_t source) const {
    if (source == kRawSource) return "raw record";
    auto it = names_.find(source);
    return it == names_.end() ? std::string() : it->second;
  }
  int SourceRank(uint32_t source) const {
    auto it = ranks_.find(source);
    return it == ranks_.end() ? 2 : it->second;
  }

 private:
  void Note(uint32_t source, const Target& target) {
    if (source == kRawSource) return;
    names_.emplace(source, target.field);
    const int rank = NameRank(target.field);
    auto it = ranks_.find(source);
    if (it == ranks_.end()) {
      ranks_.emplace(source, rank);
    } else {
      it->second = std::min(it->second, rank);
    }
  }

  Derived Leaf(const Expr& e) {
    Derived d;
    if (e.op == Op::kKeyword) {
      // The keyword matches a run of the raw text that holds each of its
      // literal runs, whatever the token boundaries say.
      PatternParts parts = SplitPattern(e.pattern);
      if (parts.longest_run.size() >= kMinSubstring) {
        d.alternatives.push_back(Single(Kind::kContains, kRawSource, parts.longest_run));
      }
      return d;
    }
    if (!e.target.raw && e.target.slot == kNoSlot) return d;
    // A negated leaf holds on values without the literal; a delimited field
    // is a part of the raw text whose bounds the index does not know.
    if (e.flags.negated || e.target.delimited != match::kWholeRecord) return d;
    const uint32_t source = e.target.raw ? kRawSource : e.target.slot;
    Note(source, e.target);
    if (e.op == Op::kCompare) {
      if (e.compare != CompareOp::kEq || e.literal.is_multi() || e.literal.is_missing()) return d;
      // Text equality only: a numeric comparison finds 1.0 equal to "1".
      // With kNumericIfBoth a literal that is no number always compares as
      // text (CloudWatch's `$.eventName = "ConsoleLogin"`).
      double unused = 0;
      const bool text_only =
          e.flags.numbers == NumberMode::kText ||
          (e.flags.numbers == NumberMode::kNumericIfBoth && !e.literal.AsNumber(&unused));
      if (!text_only) return d;
      // The same literal text the compiled leaf compares with.
      std::string text = e.literal.ToDisplayString();
      if (!IsAscii(text)) return d;
      d.alternatives.push_back(Single(Kind::kEquals, source, std::move(text)));
      return d;
    }
    if (e.op == Op::kWildcard) {
      PatternParts parts = SplitPattern(e.pattern);
      if (!parts.has_wildcard) {
        if (IsAscii(parts.literal)) {
          d.alternatives.push_back(Single(Kind::kEquals, source, std::move(parts.literal)));
        }
      } else if (parts.longest_run.size() >= kMinSubstring) {
        d.alternatives.push_back(Single(Kind::kContains, source, std::move(parts.longest_run)));
      }
      return d;
    }
    // Regex, CIDR, exists, null (true on a missing field), field references.
    return d;
  }

  Derived And(const Expr& e, int depth) {
    Derived d;
    for (const Expr& child : e.children) {
      Derived c = Derive(child, depth + 1);
      if (c.never) return Never();
      for (Requirement& r : c.alternatives) d.alternatives.push_back(std::move(r));
    }
    Trim(d);
    return d;
  }

  Derived Or(const Expr& e, int depth) {
    std::vector<Derived> kids;
    for (const Expr& child : e.children) {
      Derived c = Derive(child, depth + 1);
      if (c.never) continue;  // a branch that cannot match adds nothing
      if (c.alternatives.empty()) return {};
      kids.push_back(std::move(c));
    }
    if (kids.empty()) return Never();
    if (kids.size() == 1) return std::move(kids[0]);
    Derived d;
    std::vector<uint32_t> sources;
    for (const Requirement& r : kids[0].alternatives) sources.push_back(r.source);
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    for (uint32_t source : sources) {
      // Every branch equal to one of its literals: the union, still an
      // equality. Else every branch contains (or equals) one of its
      // literals: the union as substrings.
      Requirement eq;
      eq.kind = Kind::kEquals;
      eq.source = source;
      if (UnionBranches(kids, source, /*contains=*/false, &eq)) {
        d.alternatives.push_back(std::move(eq));
        continue;
      }
      Requirement sub;
      sub.kind = Kind::kContains;
      sub.source = source;
      if (UnionBranches(kids, source, /*contains=*/true, &sub)) {
        d.alternatives.push_back(std::move(sub));
      }
    }
    Trim(d);
    return d;
  }

  // Fills `out` with the union over branches of one alternative each on
  // `source` (equalities only, or, with `contains`, substrings or
  // equalities read as substrings). False when some branch has none.
  static bool UnionBranches(const std::vector<Derived>& kids, uint32_t source, bool contains,
                            Requirement* out) {
    for (const Derived& kid : kids) {
      const Requirement* best = nullptr;
      for (const Requirement& r : kid.alternatives) {
        if (r.source != source) continue;
        if (!contains && r.kind != Kind::kEquals) continue;
        // An equality on "" says nothing about substrings.
        if (contains && r.shortest() == 0) continue;
        if (best == nullptr || (contains ? r.shortest() > best->shortest()
                                         : r.literals.size() < best->literals.size())) {
          best = &r;
        }
      }
      if (best == nullptr) return false;
      out->literals.insert(out->literals.end(), best->literals.begin(), best->literals.end());
      if (out->literals.size() > kMaxLiterals) return false;
    }
    std::sort(out->literals.begin(), out->literals.end());
    out->literals.erase(std::unique(out->literals.begin(), out->literals.end()),
                        out->literals.end());
    return true;
  }

  // Sorts literals, drops what exceeds the bounds, and keeps the
  // alternatives most likely to be chosen.
  void Trim(Derived& d) const {
    for (Requirement& r : d.alternatives) {
      std::sort(r.literals.begin(), r.literals.end());
      r.literals.erase(std::unique(r.literals.begin(), r.literals.end()), r.literals.end());
    }
    d.alternatives.erase(std::remove_if(d.alternatives.begin(), d.alternatives.end(),
                                        [](const Requirement& r) {
                                          return r.literals.empty() ||
                                                 r.literals.size() > kMaxLiterals;
                                        }),
                         d.alternatives.end());
    if (d.alternatives.size() <= kMaxAlternatives) return;
    std::stable_sort(d.alternatives.begin(), d.alternatives.end(),
                     [this](const Requirement& a, const Requirement& b) {
                       return LocalKey(a) < LocalKey(b);
                     });
    d.alternatives.resize(kMaxAlternatives);
  }

  std::tuple<int, int, size_t> LocalKey(const Requirement& r) const {
    return {r.kind == Kind::kEquals ? 0 : 1, SourceRank(r.source), r.literals.size()};
  }

  std::map<uint32_t, std::string> names_;
  std::map<uint32_t, int> ranks_;
};

// ---------------------------------------------------------------------------
// Lookup structures.

uint64_t FoldedHash(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL ^ s.size();
  for (char c : s) {
    h ^= static_cast<unsigned char>(FoldAscii(c));
    h *= 0x100000001b3ULL;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  return h;
}

// Folded literal -> the rules requiring it. Open addressing over one key
// arena, looked up with the text folded on the fly: no copy per record.
class FoldedTable {
 public:
  void Build(const std::map<std::string, std::vector<uint32_t>>& entries) {
    size_t capacity = 4;
    while (capacity < entries.size() * 2) capacity *= 2;
    buckets_.assign(capacity, 0);
    mask_ = capacity - 1;
    min_size_ = SIZE_MAX;
    max_size_ = 0;
    for (const auto& [key, rules] : entries) {
      Entry e;
      e.hash = FoldedHash(key);
      e.key_begin = keys_.size();
      e.key_size = key.size();
      e.post_begin = postings_.size();
      keys_ += key;
      postings_.insert(postings_.end(), rules.begin(), rules.end());
      e.post_end = postings_.size();
      size_t i = e.hash & mask_;
      while (buckets_[i] != 0) i = (i + 1) & mask_;
      entries_.push_back(e);
      buckets_[i] = static_cast<uint32_t>(entries_.size());
      min_size_ = std::min(min_size_, key.size());
      max_size_ = std::max(max_size_, key.size());
    }
  }

  // The rules whose literal equals `text` (ASCII case ignored).
  absl::Span<const uint32_t> Find(std::string_view text) const {
    if (text.size() < min_size_ || text.size() > max_size_) return {};
    const uint64_t h = FoldedHash(text);
    for (size_t i = h & mask_; buckets_[i] != 0; i = (i + 1) & mask_) {
      const Entry& e = entries_[buckets_[i] - 1];
      if (e.hash == h && e.key_size == text.size() &&
          match_internal::EqualsAt(text, 0, std::string_view(keys_).substr(e.key_begin, e.key_size),
                                   false)) {
        return absl::MakeConstSpan(postings_.data() + e.post_begin, e.post_end - e.post_begin);
      }
    }
    return {};
  }

  size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    uint64_t hash = 0;
    size_t key_begin = 0;
    size_t key_size = 0;
    size_t post_begin = 0;
    size_t post_end = 0;
  };
  std::string keys_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> postings_;
  std::vector<uint32_t> buckets_;  // entry index + 1; 0 is empty
  size_t mask_ = 0;
  size_t min_size_ = SIZE_MAX;
  size_t max_size_ = 0;
};

struct EqualityGroup {
  uint32_t source = 0;
  std::string name;
  FoldedTable table;
  std::vector<uint32_t> rules;  // ascending, for Explain
};

struct SubstringGroup {
  uint32_t source = 0;
  std::string name;
  AhoCorasick automaton;
  // Pattern p's rules: postings[posting_begin[p], posting_begin[p + 1]).
  std::vector<uint32_t> posting_begin;
  std::vector<uint32_t> postings;
  // Pattern p's stamp is Scratch::seen[stamp_base + p].
  uint32_t stamp_base = 0;
  std::vector<uint32_t> rules;
};

}  // namespace

struct RuleIndex::Impl {
  size_t rule_count = 0;
  std::vector<EqualityGroup> equalities;
  std::vector<SubstringGroup> substrings;
  std::vector<uint32_t> always;  // ascending
  std::vector<uint32_t> never;   // ascending
  size_t stamp_count = 0;        // rules, then every group's patterns
};

RuleIndex::RuleIndex() : impl_(std::make_unique<Impl>()) {}
RuleIndex::~RuleIndex() = default;
RuleIndex::RuleIndex(RuleIndex&&) noexcept = default;
RuleIndex& RuleIndex::operator=(RuleIndex&&) noexcept = default;

RuleIndex RuleIndex::Build(const std::vector<const Expr*>& rules) {
  RuleIndex index;
  Impl& m = *index.impl_;
  m.rule_count = rules.size();

  Deriver deriver;
  std::vector<Derived> derived(rules.size());
  for (size_t i = 0; i < rules.size(); ++i) {
    if (rules[i] != nullptr) derived[i] = deriver.Derive(*rules[i], 0);
  }

  // How many rules could use each source: concentrating rules on fewer
  // fields means fewer lookups per record.
  std::map<uint32_t, size_t> eq_rules;
  std::map<uint32_t, size_t> sub_rules;
  for (const Derived& d : derived) {
    std::vector<std::pair<Kind, uint32_t>> seen;
    for (const Requirement& r : d.alternatives) seen.emplace_back(r.kind, r.source);
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    for (const auto& [kind, source] : seen) ++(kind == Kind::kEquals ? eq_rules : sub_rules)[source];
  }
  // Smaller is better: equalities first (one lookup, and selective),
  // eventName, eventSource, the most shared field, the fewest literals;
  // then substrings on a field before the whole raw record, patterns long
  // enough to be selective, the most shared field, the longest pattern.
  auto key = [&](const Requirement& r) {
    const size_t shortest = r.shortest();
    if (r.kind == Kind::kEquals) {
      return std::make_tuple(0, deriver.SourceRank(r.source), -static_cast<int64_t>(eq_rules[r.source]),
                             static_cast<int64_t>(r.literals.size()));
    }
    return std::make_tuple(r.source == kRawSource ? 2 : 1, shortest >= kMinSubstring ? 0 : 1,
                           -static_cast<int64_t>(sub_rules[r.source]),
                           -static_cast<int64_t>(shortest));
  };

  std::map<uint32_t, std::map<std::string, std::vector<uint32_t>>> eq_literals;
  std::map<uint32_t, std::map<std::string, std::vector<uint32_t>>> sub_literals;
  for (size_t i = 0; i < derived.size(); ++i) {
    const uint32_t rule = static_cast<uint32_t>(i);
    if (derived[i].never) {
      m.never.push_back(rule);
      continue;
    }
    const Requirement* best = nullptr;
    for (const Requirement& r : derived[i].alternatives) {
      if (best == nullptr || key(r) < key(*best)) best = &r;
    }
    if (best == nullptr) {
      m.always.push_back(rule);
      continue;
    }
    auto& literals = (best->kind == Kind::kEquals ? eq_literals : sub_literals)[best->source];
    for (const std::string& l : best->literals) literals[l].push_back(rule);
  }

  auto rules_of = [](const std::map<std::string, std::vector<uint32_t>>& literals) {
    std::vector<uint32_t> out;
    for (const auto& entry : literals) out.insert(out.end(), entry.second.begin(), entry.second.end());
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  };
  for (const auto& [source, literals] : eq_literals) {
    EqualityGroup g;
    g.source = source;
    g.name = deriver.SourceName(source);
    g.table.Build(literals);
    g.rules = rules_of(literals);
    m.equalities.push_back(std::move(g));
  }
  // eventName's lookup first: it is the one most likely to find something.
  std::stable_sort(m.equalities.begin(), m.equalities.end(),
                   [&deriver](const EqualityGroup& a, const EqualityGroup& b) {
                     return deriver.SourceRank(a.source) < deriver.SourceRank(b.source);
                   });
  size_t stamps = m.rule_count;
  for (const auto& [source, literals] : sub_literals) {
    SubstringGroup g;
    g.source = source;
    g.name = deriver.SourceName(source);
    std::vector<std::string> patterns;
    for (const auto& [pattern, pattern_rules] : literals) {
      patterns.push_back(pattern);
      g.posting_begin.push_back(static_cast<uint32_t>(g.postings.size()));
      g.postings.insert(g.postings.end(), pattern_rules.begin(), pattern_rules.end());
    }
    g.posting_begin.push_back(static_cast<uint32_t>(g.postings.size()));
    g.automaton = AhoCorasick::Build(patterns);
    g.stamp_base = static_cast<uint32_t>(stamps);
    stamps += patterns.size();
    g.rules = rules_of(literals);
    m.substrings.push_back(std::move(g));
  }
  m.stamp_count = stamps;
  return index;
}

void RuleIndex::Candidates(const FieldSet& fields, Scratch* scratch,
                           std::vector<uint32_t>* out) const {
  out->clear();
  const Impl& m = *impl_;
  if (scratch->seen.size() < m.stamp_count) scratch->seen.resize(m.stamp_count, 0);
  if (++scratch->generation == 0) {
    std::fill(scratch->seen.begin(), scratch->seen.end(), 0);
    scratch->generation = 1;
  }
  const uint32_t generation = scratch->generation;
  uint32_t* seen = scratch->seen.data();
  auto add = [seen, generation, out](uint32_t rule) {
    if (seen[rule] != generation) {
      seen[rule] = generation;
      out->push_back(rule);
    }
  };

  for (const EqualityGroup& g : m.equalities) {
    ForEachText(fields, g.source, [&g, &add](std::string_view text) {
      for (uint32_t rule : g.table.Find(text)) add(rule);
    });
  }
  for (const SubstringGroup& g : m.substrings) {
    auto on_pattern = [&g, &add, seen, generation](uint32_t pattern) {
      // A pattern found again in the same record adds nothing new.
      uint32_t& stamp = seen[g.stamp_base + pattern];
      if (stamp == generation) return;
      stamp = generation;
      for (uint32_t i = g.posting_begin[pattern]; i < g.posting_begin[pattern + 1]; ++i) {
        add(g.postings[i]);
      }
    };
    ForEachText(fields, g.source,
                [&g, &on_pattern](std::string_view text) { g.automaton.Search(text, on_pattern); });
  }

  // The found rules are few: sort them, then merge the always-evaluated
  // ones in from the back, in place (no rule is in both).
  std::sort(out->begin(), out->end());
  const size_t found = out->size();
  if (m.always.empty()) return;
  out->resize(found + m.always.size());
  uint32_t* o = out->data();
  size_t i = found;
  size_t j = m.always.size();
  size_t w = found + m.always.size();
  while (j > 0) {
    if (i > 0 && o[i - 1] > m.always[j - 1]) {
      o[--w] = o[--i];
    } else {
      o[--w] = m.always[--j];
    }
  }
}

size_t RuleIndex::rule_count() const { return impl_->rule_count; }
size_t RuleIndex::always_evaluated() const { return impl_->always.size(); }

std::string RuleIndex::Explain(const std::vector<std::string>& rule_names) const {
  const Impl& m = *impl_;
  auto label = [&rule_names](uint32_t rule) {
    return rule < rule_names.size() ? rule_names[rule] : "#" + std::to_string(rule);
  };
  auto list = [&label](const std::vector<uint32_t>& rules) {
    std::string s = std::to_string(rules.size()) + (rules.size() == 1 ? " rule" : " rules");
    for (size_t i = 0; i < rules.size(); ++i) s += (i == 0 ? ": " : ", ") + label(rules[i]);
    return s;
  };
  auto where = [](uint32_t source, const std::string& name) {
    if (source == kRawSource) return std::string("raw record");
    return name + " (slot " + std::to_string(source) + ")";
  };
  std::string out;
  for (const EqualityGroup& g : m.equalities) {
    out += "equals " + where(g.source, g.name) + ": " + std::to_string(g.table.size()) +
           (g.table.size() == 1 ? " literal, " : " literals, ") + list(g.rules) + "\n";
  }
  for (const SubstringGroup& g : m.substrings) {
    const size_t n = g.automaton.pattern_count();
    out += "contains " + where(g.source, g.name) + ": " + std::to_string(n) +
           (n == 1 ? " pattern, " : " patterns, ") + list(g.rules) + "\n";
  }
  out += "always evaluated: " + list(m.always) + "\n";
  if (!m.never.empty()) out += "never match: " + list(m.never) + "\n";
  return out;
}

}  // namespace trailhunt::match
