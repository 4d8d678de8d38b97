#include "query/event_stage.h"

#include <algorithm>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "query/lookup_table.h"
#include "query/rex.h"
#include "query/spath.h"
#include "query/time_bins.h"
#include "trailhunt/match.h"

namespace trailhunt::query_internal {

class EventStage::Op {
 public:
  virtual ~Op() = default;
  virtual bool Apply(std::vector<Value>& row, const RowContext& context,
                     Scratch& scratch) const = 0;
  virtual void Finalize(const SymbolTable& symbols) { (void)symbols; }
};

namespace {

using Row = std::vector<Value>;

std::string Where(const spl::SourcePos& pos) {
  return absl::StrCat("line ", pos.line, ", column ", pos.column, ": ");
}

absl::Status At(const spl::Command& command, const absl::Status& status) {
  const std::string message(status.message());
  if (message.substr(0, 5) == "line ") return status;
  return absl::Status(status.code(), absl::StrCat(Where(command.pos), command.name, ": ",
                                                  std::string(message)));
}

// The text a regex or spath reads: strings as they are, anything else as
// Splunk displays it.
std::string_view TextOf(const Value& v, std::string& buffer) {
  if (v.kind() == Value::Kind::kString || v.kind() == Value::Kind::kJson ||
      v.kind() == Value::Kind::kNumberText) {
    return v.text();
  }
  buffer = v.ToDisplayString();
  return buffer;
}

// ------------------------------------------------------------------ search

class SearchOp : public EventStage::Op {
 public:
  SearchOp(match::Predicate predicate, int64_t earliest, int64_t latest)
      : predicate_(std::move(predicate)), earliest_(earliest), latest_(latest) {}
  bool Apply(Row& row, const RowContext& context, EventStage::Scratch&) const override {
    if (earliest_ != kNoTime && (context.time_ns == kNoTime || context.time_ns < earliest_)) {
      return false;
    }
    if (latest_ != kNoTime && (context.time_ns == kNoTime || context.time_ns >= latest_)) {
      return false;
    }
    return predicate_.Matches(match::FieldSet{absl::MakeConstSpan(row), context.raw});
  }

 private:
  match::Predicate predicate_;
  int64_t earliest_;
  int64_t latest_;
};

// Rewrites what a search over CloudTrail cannot mean literally: `index=`
// terms (trailhunt searches the sources it is given) become true; a
// `sourcetype=` value that cannot be aws:cloudtrail is reported.
void ReviewSearch(match::Expr& e, bool negated, std::vector<spl::Diagnostic>* warnings,
                  bool* warned_index) {
  for (match::Expr& child : e.children) {
    ReviewSearch(child, negated != (e.op == match::Op::kNot), warnings, warned_index);
  }
  if (!e.children.empty() || e.target.raw) return;
  const bool leaf = e.op == match::Op::kCompare || e.op == match::Op::kWildcard ||
                    e.op == match::Op::kExists || e.op == match::Op::kRegex;
  if (!leaf) return;
  const spl::SourcePos pos{e.line > 0 ? e.line : 1, e.column > 0 ? e.column : 1, 0};
  if (e.target.field == "index") {
    if (!*warned_index) {
      warnings->push_back({pos, "index=... is ignored: trailhunt searches the sources it is given"});
      *warned_index = true;
    }
    e = match::Expr::True();
    return;
  }
  if (e.target.field != "sourcetype" || negated) return;
  std::string shown;
  bool can_match = true;
  if (e.op == match::Op::kCompare && e.compare == match::CompareOp::kEq) {
    shown = e.literal.ToDisplayString();
    can_match = match::WildcardMatch(shown, kSourcetype, e.flags.case_sensitive);
  } else if (e.op == match::Op::kWildcard) {
    shown = e.pattern;
    can_match = match::WildcardMatch(e.pattern, kSourcetype, e.flags.case_sensitive);
  }
  if (!can_match) {
    warnings->push_back({pos, "sourcetype=" + shown +
                                  " matches no records: trailhunt reads CloudTrail as "
                                  "sourcetype aws:cloudtrail"});
  }
}

// ------------------------------------------------------------------ where, eval

class WhereOp : public EventStage::Op {
 public:
  explicit WhereOp(CompiledExpr condition) : condition_(std::move(condition)) {}
  bool Apply(Row& row, const RowContext&, EventStage::Scratch&) const override {
    return condition_.Test(row);
  }

 private:
  CompiledExpr condition_;
};

class EvalOp : public EventStage::Op {
 public:
  void Add(CompiledExpr expr, SlotIndex slot) {
    exprs_.push_back(std::move(expr));
    slots_.push_back(slot);
  }
  bool Apply(Row& row, const RowContext&, EventStage::Scratch&) const override {
    for (size_t i = 0; i < exprs_.size(); ++i) row[slots_[i]] = exprs_[i].Evaluate(row);
    return true;
  }

 private:
  std::vector<CompiledExpr> exprs_;
  std::vector<SlotIndex> slots_;
};

// ------------------------------------------------------------------ rex, regex, spath

class RexOp : public EventStage::Op {
 public:
  RexOp(std::shared_ptr<const Regex> regex, SlotIndex input, std::vector<SlotIndex> outputs,
        int64_t max_match)
      : regex_(std::move(regex)), input_(input), outputs_(std::move(outputs)),
        max_match_(max_match) {}
  bool Apply(Row& row, const RowContext&, EventStage::Scratch& scratch) const override {
    scratch.captures.resize(outputs_.size());
    const Value& in = row[input_];
    if (in.is_missing()) {
      for (SlotIndex s : outputs_) row[s] = Value();
      return true;
    }
    regex_->Extract(TextOf(in, scratch.text), max_match_, scratch.captures);
    for (size_t i = 0; i < outputs_.size(); ++i) row[outputs_[i]] = std::move(scratch.captures[i]);
    return true;
  }

 private:
  std::shared_ptr<const Regex> regex_;
  SlotIndex input_;
  std::vector<SlotIndex> outputs_;
  int64_t max_match_;
};

class RegexOp : public EventStage::Op {
 public:
  RegexOp(std::shared_ptr<const Regex> regex, SlotIndex input, bool negate)
      : regex_(std::move(regex)), input_(input), negate_(negate) {}
  bool Apply(Row& row, const RowContext&, EventStage::Scratch& scratch) const override {
    const Value& in = row[input_];
    const bool matched = !in.is_missing() && regex_->PartialMatch(TextOf(in, scratch.text));
    return matched != negate_;
  }

 private:
  std::shared_ptr<const Regex> regex_;
  SlotIndex input_;
  bool negate_;
};

class SpathOp : public EventStage::Op {
 public:
  SpathOp(FieldPath path, SlotIndex input, SlotIndex output)
      : path_(std::move(path)), input_(input), output_(output) {}
  bool Apply(Row& row, const RowContext& context, EventStage::Scratch& scratch) const override {
    const Value& in = row[input_];
    Value out;
    if (in.kind() == Value::Kind::kString || in.kind() == Value::Kind::kJson) {
      out = scratch.spath().Extract(in.text(), path_);
    } else if (in.is_missing() && input_is_raw_ && !context.raw.empty()) {
      out = scratch.spath().Extract(context.raw, path_);
    }
    row[output_] = std::move(out);
    return true;
  }
  bool input_is_raw_ = false;

 private:
  FieldPath path_;
  SlotIndex input_;
  SlotIndex output_;
};

// ------------------------------------------------------------------ lookup

class LookupOp : public EventStage::Op {
 public:
  struct Output {
    size_t column;
    SlotIndex slot;
  };
  LookupOp(LookupTable table, std::vector<size_t> key_columns, std::vector<SlotIndex> inputs,
           std::vector<Output> outputs, bool output_new)
      : inputs_(std::move(inputs)), outputs_(std::move(outputs)), output_new_(output_new) {
    std::string key;
    for (size_t r = 0; r < table.rows.size(); ++r) {
      key.clear();
      for (size_t c : key_columns) AppendKey(key, table.rows[r][c]);
      index_.emplace(key, r);  // the first row with a key wins
    }
    cells_.reserve(table.rows.size());
    for (auto& row : table.rows) {
      std::vector<Value> cells;
      for (const Output& o : outputs_) {
        cells.push_back(row[o.column].empty() ? Value() : Value::String(std::move(row[o.column])));
      }
      cells_.push_back(std::move(cells));
    }
  }
  static void AppendKey(std::string& key, std::string_view part) {
    key += std::to_string(part.size());
    key += ':';
    key.append(part.data(), part.size());
  }
  bool Apply(Row& row, const RowContext&, EventStage::Scratch& scratch) const override {
    const std::vector<Value>* found = Find(row, scratch);
    for (size_t i = 0; i < outputs_.size(); ++i) {
      Value& target = row[outputs_[i].slot];
      if (output_new_) {
        if (found != nullptr && target.is_missing()) target = (*found)[i];
      } else {
        target = found != nullptr ? (*found)[i] : Value();
      }
    }
    return true;
  }

 private:
  const std::vector<Value>* Find(const Row& row, EventStage::Scratch& scratch) const {
    // A multivalue input (single key) matches on its first item that is
    // in the table.
    if (inputs_.size() == 1 && row[inputs_[0]].is_multi()) {
      for (const Value& item : row[inputs_[0]].items()) {
        scratch.key.clear();
        AppendKey(scratch.key, TextOf(item, scratch.text));
        auto it = index_.find(scratch.key);
        if (it != index_.end()) return &cells_[it->second];
      }
      return nullptr;
    }
    scratch.key.clear();
    for (SlotIndex s : inputs_) {
      if (row[s].is_missing()) return nullptr;
      AppendKey(scratch.key, TextOf(row[s], scratch.text));
    }
    auto it = index_.find(scratch.key);
    return it == index_.end() ? nullptr : &cells_[it->second];
  }

  std::vector<SlotIndex> inputs_;
  std::vector<Output> outputs_;
  bool output_new_;
  absl::flat_hash_map<std::string, size_t> index_;
  std::vector<std::vector<Value>> cells_;
};

// ------------------------------------------------------------------ fillnull, bin

class FillnullOp : public EventStage::Op {
 public:
  FillnullOp(Value value, std::vector<SlotIndex> slots, bool all, size_t first_later)
      : value_(std::move(value)), slots_(std::move(slots)), all_(all), first_later_(first_later) {}
  void Finalize(const SymbolTable& symbols) override {
    if (!all_ || !symbols.is_event_phase()) return;
    // Fields bound after this command are record fields later commands
    // read: fill them too (derived fields bound later are written after
    // this command runs, so they are not touched here).
    for (const auto& [projected, slot] : symbols.projection_map()) {
      (void)projected;
      if (slot >= first_later_) slots_.push_back(slot);
    }
  }
  bool Apply(Row& row, const RowContext&, EventStage::Scratch&) const override {
    for (SlotIndex s : slots_) {
      if (row[s].is_missing()) row[s] = value_;
    }
    return true;
  }

 private:
  Value value_;
  std::vector<SlotIndex> slots_;
  bool all_;
  size_t first_later_;
};

class BinOp : public EventStage::Op {
 public:
  BinOp(Binner binner, SlotIndex input, SlotIndex output)
      : binner_(binner), input_(input), output_(output) {}
  bool Apply(Row& row, const RowContext&, EventStage::Scratch&) const override {
    row[output_] = binner_.Bin(row[input_]);
    return true;
  }

 private:
  Binner binner_;
  SlotIndex input_;
  SlotIndex output_;
};

Value FillValue(const std::string& text) {
  double d = 0;
  if (ParseDecimal(text, &d)) {
    if (d == static_cast<double>(static_cast<int64_t>(d)) &&
        text.find_first_of(".eE") == std::string::npos) {
      return Value::Int(static_cast<int64_t>(d));
    }
    return Value::Double(d);
  }
  return Value::String(text);
}

// ------------------------------------------------------------------ compile

struct Compiler {
  SymbolTable& symbols;
  const StageContext& context;
  std::vector<std::unique_ptr<EventStage::Op>>& ops;
  std::vector<std::string>& explain;
  bool warned_index = false;

  SlotResolver Resolver() {
    return [this](std::string_view name) { return symbols.Lookup(name); };
  }

  absl::Status Visit(const spl::Command& c, const spl::SearchCommand& s) {
    match::Expr expr = s.expr;
    ReviewSearch(expr, false, context.warnings, &warned_index);
    auto predicate = match::Predicate::Compile(
        std::move(expr), [this](std::string_view name) { return symbols.Lookup(name); });
    if (!predicate.ok()) return At(c, predicate.status());
    int64_t earliest = kNoTime;
    int64_t latest = kNoTime;
    if (s.earliest) {
      auto t = spl::ResolveTime(*s.earliest, context.eval.now_ns);
      if (!t.ok()) return At(c, t.status());
      earliest = *t;
    }
    if (s.latest) {
      auto t = spl::ResolveTime(*s.latest, context.eval.now_ns);
      if (!t.ok()) return At(c, t.status());
      latest = *t;
    }
    explain.push_back("search " + predicate->ToString() +
                      (earliest != kNoTime ? absl::StrCat(" earliest_ns=", earliest) : "") +
                      (latest != kNoTime ? absl::StrCat(" latest_ns=", latest) : ""));
    ops.push_back(std::make_unique<SearchOp>(*std::move(predicate), earliest, latest));
    return absl::OkStatus();
  }

  absl::Status Visit(const spl::Command& c, const spl::WhereCommand& w) {
    auto expr = CompiledExpr::Compile(w.condition, Resolver(), context.eval);
    if (!expr.ok()) return At(c, expr.status());
    ops.push_back(std::make_unique<WhereOp>(*std::move(expr)));
    explain.push_back("where");
    return absl::OkStatus();
  }

  absl::Status Visit(const spl::Command& c, const spl::EvalCommand& e) {
    auto op = std::make_unique<EvalOp>();
    std::vector<std::string> names;
    for (const auto& a : e.assignments) {
      auto expr = CompiledExpr::Compile(a.value, Resolver(), context.eval);
      if (!expr.ok()) return At(c, expr.status());
      op->Add(*std::move(expr), symbols.Create(a.field));
      names.push_back(a.field);
    }
    ops.push_back(std::move(op));
    explain.push_back("eval " + absl::StrJoin(names, ", "));
    return absl::OkStatus();
  }

  absl::Status Visit(const spl::Command& c, const spl::RexCommand& r) {
    auto regex = Regex::Compile(r.regex, r.regex_pos, "rex");
    if (!regex.ok()) return regex.status();
    if ((*regex)->names().empty()) {
      return absl::InvalidArgumentError(
          Where(r.regex_pos) + "rex: the regex has no named group (?<name>...) to extract");
    }
    auto input = symbols.Lookup(r.field);
    if (!input.ok()) return At(c, input.status());
    std::vector<SlotIndex> outputs;
    for (const std::string& name : (*regex)->names()) outputs.push_back(symbols.Create(name));
    explain.push_back("rex field=" + r.field + " -> " + absl::StrJoin((*regex)->names(), ", "));
    ops.push_back(std::make_unique<RexOp>(*std::move(regex), *input, std::move(outputs),
                                          r.max_match));
    return absl::OkStatus();
  }

  absl::Status Visit(const spl::Command& c, const spl::RegexCommand& r) {
    auto regex = Regex::Compile(r.regex, r.regex_pos, "regex");
    if (!regex.ok()) return regex.status();
    auto input = symbols.Lookup(r.field);
    if (!input.ok()) return At(c, input.status());
    explain.push_back("regex " + r.field + (r.negate ? "!=" : "=") + r.regex);
    ops.push_back(std::make_unique<RegexOp>(*std::move(regex), *input, r.negate));
    return absl::OkStatus();
  }

  absl::Status Visit(const spl::Command& c, const spl::SpathCommand& s) {
    if (s.path.empty()) {
      return At(c, absl::InvalidArgumentError("spath needs path=... (automatic extraction is "
                                              "not supported)"));
    }
    auto path = FieldPath::Parse(s.path);
    if (!path.ok()) return At(c, path.status());
    const std::string output = s.output.empty() ? s.path : s.output;
    if (symbols.is_event_phase() && s.input == "_raw") {
      // The record itself: read the path in the projection's one pass.
      auto slot = symbols.LookupPath(s.path);
      if (!slot.ok()) return At(c, slot.status());
      symbols.Alias(output, *slot);
      explain.push_back("spath " + s.path + " (projected) -> " + output);
      return absl::OkStatus();
    }
    auto input = symbols.Lookup(s.input);
    if (!input.ok()) return At(c, input.status());
    const SlotIndex out = symbols.Create(output);
    auto op = std::make_unique<SpathOp>(*std::move(path), *input, out);
    op->input_is_raw_ = s.input == "_raw";
    ops.push_back(std::move(op));
    explain.push_back("spath input=" + s.input + " path=" + s.path + " -> " + output);
    return absl::OkStatus();
  }

  absl::Status Visit(const spl::Command& c, const spl::LookupCommand& l) {
    auto table = LoadLookupCsv(l.table, context.options->lookup_dir,
                               context.options->limits.max_lookup_rows,
                               context.options->limits.max_lookup_bytes);
    if (!table.ok()) return At(c, table.status());
    std::vector<size_t> key_columns;
    std::vector<SlotIndex> inputs;
    for (const auto& m : l.inputs) {
      const int column = table->ColumnIndex(m.lookup_field);
      if (column < 0) {
        return At(c, absl::InvalidArgumentError("lookup table " + table->name +
                                                " has no column '" + m.lookup_field + "'"));
      }
      key_columns.push_back(static_cast<size_t>(column));
      auto slot = symbols.Lookup(m.event_field.empty() ? m.lookup_field : m.event_field);
      if (!slot.ok()) return At(c, slot.status());
      inputs.push_back(*slot);
    }
    std::vector<std::pair<std::string, std::string>> wanted;  // (column, field)
    if (l.outputs.empty()) {
      for (size_t i = 0; i < table->header.size(); ++i) {
        if (std::find(key_columns.begin(), key_columns.end(), i) == key_columns.end()) {
          wanted.emplace_back(table->header[i], table->header[i]);
        }
      }
    } else {
      for (const auto& o : l.outputs) {
        wanted.emplace_back(o.lookup_field, o.event_field.empty() ? o.lookup_field : o.event_field);
      }
    }
    std::vector<LookupOp::Output> outputs;
    for (const auto& [column_name, field] : wanted) {
      const int column = table->ColumnIndex(column_name);
      if (column < 0) {
        return At(c, absl::InvalidArgumentError("lookup table " + table->name +
                                                " has no column '" + column_name + "'"));
      }
      SlotIndex slot;
      if (l.output_new) {
        auto s = symbols.LookupForWrite(field);
        if (!s.ok()) return At(c, s.status());
        slot = *s;
        // Keep it among the fields the output shows, like a created one.
        symbols.Alias(field, slot);
      } else {
        slot = symbols.Create(field);
      }
      outputs.push_back({static_cast<size_t>(column), slot});
    }
    explain.push_back("lookup " + table->name + " (" + std::to_string(table->rows.size()) +
                      " rows)" + (l.output_new ? " OUTPUTNEW" : " OUTPUT"));
    ops.push_back(std::make_unique<LookupOp>(*std::move(table), std::move(key_columns),
                                             std::move(inputs), std::move(outputs),
                                             l.output_new));
    return absl::OkStatus();
  }

  absl::Status Visit(const spl::Command& c, const spl::RenameCommand& r) {
    for (const auto& p : r.pairs) {
      absl::Status s = symbols.Rename(p.from, p.to);
      if (!s.ok()) return At(c, s);
      explain.push_back("rename " + p.from + " AS " + p.to);
    }
    return absl::OkStatus();
  }

  absl::Status Visit(const spl::Command& c, const spl::FillnullCommand& f) {
    std::vector<SlotIndex> slots;
    const bool all = f.fields.empty();
    if (all) {
      // Every field bound so far; the rest at Finalize.
      for (SlotIndex s = 0; s < symbols.slot_count(); ++s) {
        if (s == symbols.missing_slot()) continue;
        bool builtin = false;
        for (int b = 0; b < kBuiltinCount; ++b) {
          builtin = builtin || symbols.builtin_slot(static_cast<Builtin>(b)) == s;
        }
        if (!builtin) slots.push_back(s);
      }
    } else {
      for (const std::string& pattern : f.fields) {
        std::vector<std::string> names;
        if (HasWildcard(pattern)) {
          std::vector<std::string> captures;
          for (const std::string& n : symbols.KnownNames()) {
            if (WildcardCapture(pattern, n, &captures)) names.push_back(n);
          }
        } else {
          names.push_back(pattern);
        }
        for (const std::string& n : names) {
          auto s = symbols.LookupForWrite(n);
          if (!s.ok()) return At(c, s.status());
          slots.push_back(*s);
        }
      }
    }
    explain.push_back("fillnull value=" + f.value +
                      (all ? std::string(" (every field)") : " " + absl::StrJoin(f.fields, ", ")));
    ops.push_back(std::make_unique<FillnullOp>(FillValue(f.value), std::move(slots), all,
                                               symbols.slot_count()));
    return absl::OkStatus();
  }

  absl::Status Visit(const spl::Command& c, const spl::BinCommand& b) {
    auto binner = Binner::For(b.span, b.field == "_time");
    if (!binner.ok()) return At(c, binner.status());
    auto input = symbols.Lookup(b.field);
    if (!input.ok()) return At(c, input.status());
    const SlotIndex out = symbols.Create(b.as.empty() ? b.field : b.as);
    explain.push_back("bin " + b.field + " span=" + b.span.text);
    ops.push_back(std::make_unique<BinOp>(*binner, *input, out));
    return absl::OkStatus();
  }

  absl::Status Visit(const spl::Command& c, const spl::TableCommand& t) {
    absl::Status s = symbols.SetColumns(t.fields);
    if (!s.ok()) return At(c, s);
    explain.push_back("table " + absl::StrJoin(t.fields, ", "));
    return absl::OkStatus();
  }

  absl::Status Visit(const spl::Command& c, const spl::FieldsCommand& f) {
    if (f.remove) {
      for (const std::string& n : f.fields) symbols.Remove(n);
    } else {
      absl::Status s = symbols.SetColumns(f.fields);
      if (!s.ok()) return At(c, s);
    }
    explain.push_back(std::string("fields ") + (f.remove ? "- " : "") +
                      absl::StrJoin(f.fields, ", "));
    return absl::OkStatus();
  }

  template <typename T>
  absl::Status Visit(const spl::Command& c, const T&) {
    return absl::InternalError(Where(c.pos) + c.name + " is not a per-event command");
  }
};

}  // namespace

bool IsStreamingCommand(const spl::Command& command) {
  return std::visit(
      [](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        return std::is_same_v<T, spl::SearchCommand> || std::is_same_v<T, spl::WhereCommand> ||
               std::is_same_v<T, spl::EvalCommand> || std::is_same_v<T, spl::RexCommand> ||
               std::is_same_v<T, spl::RegexCommand> || std::is_same_v<T, spl::SpathCommand> ||
               std::is_same_v<T, spl::LookupCommand> || std::is_same_v<T, spl::RenameCommand> ||
               std::is_same_v<T, spl::FillnullCommand> || std::is_same_v<T, spl::BinCommand> ||
               std::is_same_v<T, spl::TableCommand> || std::is_same_v<T, spl::FieldsCommand>;
      },
      command.body);
}

EventStage::EventStage() = default;
EventStage::~EventStage() = default;

absl::StatusOr<std::unique_ptr<EventStage>> EventStage::Compile(
    absl::Span<const spl::Command> commands, SymbolTable& symbols, const StageContext& context) {
  std::unique_ptr<EventStage> stage(new EventStage());
  stage->max_depth_ = context.options->record_limits.max_depth;
  Compiler compiler{symbols, context, stage->ops_, stage->explain_};
  for (const spl::Command& c : commands) {
    symbols.set_position(c.pos);
    absl::Status s =
        std::visit([&](const auto& body) { return compiler.Visit(c, body); }, c.body);
    if (!s.ok()) return s;
  }
  return stage;
}

void EventStage::Finalize(const SymbolTable& symbols) {
  for (auto& op : ops_) op->Finalize(symbols);
}

std::unique_ptr<EventStage::Scratch> EventStage::NewScratch() const {
  return std::make_unique<Scratch>(max_depth_);
}

bool EventStage::Run(std::vector<Value>& row, const RowContext& context, Scratch& scratch) const {
  for (const auto& op : ops_) {
    if (!op->Apply(row, context, scratch)) return false;
  }
  return true;
}

std::vector<std::string> EventStage::Explain() const { return explain_; }

}  // namespace trailhunt::query_internal
