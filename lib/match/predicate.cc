// Predicate::Compile: binds names to slots once and turns every leaf into
// the precompiled form evaluation needs (folded literal, number, RE2
// program, CIDR, wildcard tokens).
#include <map>

#include "absl/status/status.h"
#include "match/compiled.h"
#include "match/text.h"

namespace trailhunt::match {
namespace {

using match_internal::Node;

// Deeper trees come only from generated rules gone wrong; the bound keeps
// compile and evaluation (both recursive) well inside a thread's stack.
constexpr int kMaxExprDepth = 1000;

std::string Where(const Expr& e) {
  if (e.line <= 0) return {};
  return "line " + std::to_string(e.line) + ", column " + std::to_string(e.column) + ": ";
}

absl::Status LeafError(const Expr& e, std::string_view message) {
  return absl::InvalidArgumentError(Where(e) + std::string(message));
}
// Debian's abseil has its own string_view type.
std::string Message(const absl::Status& st) { return std::string(st.message()); }

class Compiler {
 public:
  explicit Compiler(const FieldBinder& bind) : bind_(bind) {}

  absl::Status Build(Expr& e, Node& out, int depth) {
    if (depth > kMaxExprDepth) {
      return LeafError(e, "expression nested deeper than " + std::to_string(kMaxExprDepth));
    }
    out.op = e.op;
    switch (e.op) {
      case Op::kAnd:
      case Op::kOr:
      case Op::kNot: {
        if (e.op == Op::kNot && e.children.size() != 1) {
          return LeafError(e, "NOT needs exactly one operand");
        }
        out.children.resize(e.children.size());
        for (size_t i = 0; i < e.children.size(); ++i) {
          absl::Status st = Build(e.children[i], out.children[i], depth + 1);
          if (!st.ok()) return st;
        }
        if (e.op == Op::kOr) FoldEqualities(out);
        return absl::OkStatus();
      }
      case Op::kTrue:
      case Op::kFalse: return absl::OkStatus();
      default: break;
    }
    out.flags = e.flags;
    if (e.op != Op::kKeyword) {
      absl::Status st = Bind(e);
      if (!st.ok()) return st;
      out.slot = e.target.slot;
      out.raw = e.target.raw;
      out.delimited = e.target.delimited;
      if (e.target.delimited != kWholeRecord && !e.target.raw) {
        return LeafError(e, "a space-delimited field is a part of the raw record: set raw");
      }
      if (e.target.delimited == kDelimitedFieldCount && e.op != Op::kCompare) {
        return LeafError(e, "the number of space-delimited fields can only be compared");
      }
    }
    if (e.flags.negated && e.op != Op::kWildcard && e.op != Op::kRegex) {
      return LeafError(e, "only a wildcard or a regex leaf can be negated");
    }
    const bool cs = e.flags.case_sensitive;
    switch (e.op) {
      case Op::kCompare: {
        if (e.literal.is_multi() || e.literal.is_missing()) {
          return LeafError(e, "a comparison needs a single literal value");
        }
        out.compare = e.compare;
        out.literal_text = e.literal.ToDisplayString();
        if (!cs) out.literal_text = match_internal::FoldedCopy(out.literal_text);
        out.literal_is_number = e.literal.AsNumber(&out.literal_number);
        return absl::OkStatus();
      }
      case Op::kWildcard: {
        auto w = match_internal::Wildcard::Compile(e.pattern, cs);
        if (!w.ok()) return LeafError(e, Message(w.status()));
        out.wildcard = *std::move(w);
        return absl::OkStatus();
      }
      case Op::kRegex: {
        auto translated = TranslatePcreToRe2(e.pattern);
        if (!translated.ok()) {
          return LeafError(e, "invalid regex \"" + e.pattern + "\": " +
                                  Message(translated.status()));
        }
        RE2::Options options;
        options.set_log_errors(false);
        options.set_case_sensitive(cs);
        auto re = std::make_unique<RE2>(*translated, options);
        if (!re->ok()) {
          return LeafError(e, "invalid regex \"" + e.pattern + "\": " + re->error());
        }
        out.regex = std::move(re);
        return absl::OkStatus();
      }
      case Op::kCidr: {
        auto c = match_internal::Cidr::Parse(e.pattern);
        if (!c.ok()) return LeafError(e, Message(c.status()));
        out.cidr = *c;
        return absl::OkStatus();
      }
      case Op::kKeyword: {
        auto k = match_internal::Keyword::Compile(e.pattern, cs, e.flags.token_boundaries,
                                                  e.flags.major_breakers_only);
        if (!k.ok()) return LeafError(e, Message(k.status()));
        out.keyword = *std::move(k);
        return absl::OkStatus();
      }
      case Op::kExists:
      case Op::kNull: return absl::OkStatus();
      case Op::kFieldRef: {
        if (e.compare != CompareOp::kEq && e.compare != CompareOp::kNe) {
          return LeafError(e, "a field reference compares with = or != only");
        }
        if (e.compare == CompareOp::kNe && e.field_ref != FieldRefMode::kEquals) {
          return LeafError(e, "a field reference with != compares whole values only");
        }
        absl::Status st = BindTarget(e, e.other);
        if (!st.ok()) return st;
        out.other_slot = e.other.slot;
        out.other_raw = e.other.raw;
        out.field_ref = e.field_ref;
        out.compare = e.compare;
        return absl::OkStatus();
      }
      default: break;
    }
    return LeafError(e, "unknown predicate op");
  }

 private:
  // Below this many equalities on one field a linear scan is as fast.
  static constexpr size_t kSetThreshold = 8;

  static bool IsPlainEquality(const match_internal::Node& n) {
    return n.op == Op::kCompare && n.compare == CompareOp::kEq && !n.raw && !n.any_of &&
           n.flags.numbers == NumberMode::kText && !n.flags.all_items && !n.flags.booleans_only;
  }
  static bool SameLeaf(const match_internal::Node& a, const match_internal::Node& b) {
    return a.slot == b.slot && a.flags.case_sensitive == b.flags.case_sensitive &&
           a.flags.containers == b.flags.containers &&
           a.flags.null_as_text == b.flags.null_as_text;
  }

  // Replaces each run of OR'ed text equalities on one field by one set
  // lookup: same answers, constant time per value instead of one compare
  // per literal.
  static void FoldEqualities(match_internal::Node& node) {
    std::vector<match_internal::Node> kept;
    std::vector<bool> used(node.children.size(), false);
    for (size_t i = 0; i < node.children.size(); ++i) {
      if (used[i]) continue;
      match_internal::Node& first = node.children[i];
      if (!IsPlainEquality(first)) continue;
      std::vector<size_t> group = {i};
      for (size_t j = i + 1; j < node.children.size(); ++j) {
        if (!used[j] && IsPlainEquality(node.children[j]) && SameLeaf(first, node.children[j])) {
          group.push_back(j);
        }
      }
      if (group.size() < kSetThreshold) continue;
      auto set = std::make_unique<absl::flat_hash_set<std::string>>();
      for (size_t j : group) {
        set->insert(std::move(node.children[j].literal_text));
        used[j] = true;
      }
      match_internal::Node folded;
      folded.op = Op::kCompare;
      folded.compare = CompareOp::kEq;
      folded.flags = first.flags;
      folded.slot = first.slot;
      folded.any_of = std::move(set);
      kept.push_back(std::move(folded));
    }
    if (kept.empty()) return;
    for (size_t i = 0; i < node.children.size(); ++i) {
      if (!used[i]) kept.push_back(std::move(node.children[i]));
    }
    node.children = std::move(kept);
  }

  absl::Status Bind(Expr& e) { return BindTarget(e, e.target); }

  absl::Status BindTarget(const Expr& e, Target& target) {
    if (target.raw) return absl::OkStatus();
    auto it = bound_.find(target.field);
    if (it == bound_.end()) {
      if (!bind_) return LeafError(e, "no field binder for '" + target.field + "'");
      absl::StatusOr<SlotIndex> slot = bind_(target.field);
      if (!slot.ok()) return LeafError(e, Message(slot.status()));
      it = bound_.emplace(target.field, *slot).first;
    }
    target.slot = it->second;
    return absl::OkStatus();
  }

  const FieldBinder& bind_;
  std::map<std::string, SlotIndex, std::less<>> bound_;
};

}  // namespace

Expr Expr::And(std::vector<Expr> children) {
  Expr e;
  e.op = Op::kAnd;
  e.children = std::move(children);
  return e;
}
Expr Expr::Or(std::vector<Expr> children) {
  Expr e;
  e.op = Op::kOr;
  e.children = std::move(children);
  return e;
}
Expr Expr::Not(Expr child) {
  Expr e;
  e.op = Op::kNot;
  e.children.push_back(std::move(child));
  return e;
}
Expr Expr::True() { return Expr(); }
Expr Expr::False() {
  Expr e;
  e.op = Op::kFalse;
  return e;
}

absl::StatusOr<Predicate> Predicate::Compile(Expr expr, const FieldBinder& bind) {
  auto compiled = std::make_unique<Compiled>();
  compiled->expr = std::move(expr);
  Compiler compiler(bind);
  absl::Status st = compiler.Build(compiled->expr, compiled->root, 0);
  if (!st.ok()) return st;
  return Predicate(std::move(compiled));
}

Predicate::Predicate(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
Predicate::Predicate(Predicate&&) noexcept = default;
Predicate& Predicate::operator=(Predicate&&) noexcept = default;
Predicate::~Predicate() = default;

bool Predicate::Matches(const FieldSet& fields) const {
  return match_internal::Evaluate(compiled_->root, fields);
}

const Expr& Predicate::expr() const { return compiled_->expr; }

}  // namespace trailhunt::match
