// The arguments of each command after its name. Options (`limit=5`) may
// appear anywhere among a command's arguments, as Splunk allows for most
// commands; an option the command does not support is an error naming it,
// never silently ignored. Keywords (`by`, `AS`, `OUTPUT`, `desc`) are
// case-insensitive, as in Splunk's command syntax.
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spl/lexer.h"
#include "spl/parsers.h"
#include "trailhunt/spl.h"

namespace trailhunt::spl_internal {
namespace {

using spl::Aggregation;
using spl::Command;
using spl::SortKey;

struct AggAlias {
  std::string_view written;
  std::string_view function;
};
constexpr AggAlias kAggFunctions[] = {
    {"count", "count"}, {"c", "count"},       {"dc", "dc"},       {"distinct_count", "dc"},
    {"values", "values"}, {"list", "list"},   {"min", "min"},     {"max", "max"},
    {"avg", "avg"},     {"mean", "avg"},      {"sum", "sum"},     {"earliest", "earliest"},
    {"latest", "latest"}, {"first", "first"}, {"last", "last"},
};

std::string AggFunctionList() {
  std::string out;
  for (const AggAlias& a : kAggFunctions) {
    if (!out.empty()) out += ", ";
    out += a.written;
  }
  return out;
}

class CommandParser {
 public:
  explicit CommandParser(Lexer& lex) : lex_(lex) {}

  bool Parse(std::string_view name, Command* out) {
    if (name == "search") {
      spl::SearchCommand c;
      if (!ParseSearchTerms(lex_, &c)) return false;
      out->body = std::move(c);
      return true;
    }
    if (name == "where") return Where(out);
    if (name == "eval") return Eval(out);
    if (name == "stats") return Stats(out);
    if (name == "top" || name == "rare") return Top(name == "rare", out);
    if (name == "dedup") return Dedup(out);
    if (name == "sort") return Sort(out);
    if (name == "head") return HeadOrTail(/*head=*/true, out);
    if (name == "tail") return HeadOrTail(/*head=*/false, out);
    if (name == "table") return Table(out);
    if (name == "fields") return Fields(out);
    if (name == "rename") return Rename(out);
    if (name == "fillnull") return Fillnull(out);
    if (name == "bin" || name == "bucket") return Bin(out);
    if (name == "timechart") return Timechart(out);
    if (name == "spath") return Spath(out);
    if (name == "rex") return Rex(out);
    if (name == "regex") return Regex(out);
    if (name == "lookup") return Lookup(out);
    return lex_.Fail(lex_.offset(), "internal: no parser for command '" + std::string(name) + "'");
  }

 private:
  // ------------------------------------------------------------ helpers

  bool AtCommandEnd() { return lex_.PeekArg().AtCommandEnd(); }

  bool PeekKeyword(std::string_view keyword) {
    const Token t = lex_.PeekArg();
    return t.kind == Token::Kind::kWord && EqualsIgnoreCase(t.text, keyword);
  }

  // True when the next tokens are `word =` (an option); `key` gets the
  // option name lower-cased and its token.
  bool PeekOption(std::string* key, Token* key_token) {
    const size_t saved = lex_.offset();
    const Token first = lex_.NextArg();
    const Token second = lex_.NextArg();
    lex_.set_offset(saved);
    if (first.kind != Token::Kind::kWord || !second.IsOp("=")) return false;
    *key = AsciiLower(first.text);
    *key_token = first;
    return true;
  }

  // Reads a command's arguments up to its end: each `key=value` option goes
  // to option(key, key_token), anything else to other(token). A handler
  // consumes what it reads and returns false once it has reported an error.
  template <typename OnOption, typename OnOther>
  bool ForEachArgument(OnOption option, OnOther other) {
    while (true) {
      const Token t = lex_.PeekArg();
      if (t.AtCommandEnd()) return true;
      std::string key;
      Token key_token;
      if (PeekOption(&key, &key_token)) {
        if (!option(key, key_token)) return false;
      } else if (!other(t)) {
        return false;
      }
    }
  }

  // Consumes `key =` and reads the value (a word or a quoted string).
  bool OptionValue(const Token& key_token, std::string* value) {
    lex_.NextArg();  // key
    lex_.NextArg();  // '='
    const Token v = lex_.NextArg();
    if (v.kind != Token::Kind::kWord && v.kind != Token::Kind::kString &&
        v.kind != Token::Kind::kQuotedName) {
      return lex_.Expected(v, "a value for " + key_token.text + "=");
    }
    *value = v.text;
    return true;
  }

  bool UnsupportedOption(const Token& key_token, std::string_view command,
                         std::string_view supported) {
    return lex_.Fail(key_token.begin, "found unsupported " + std::string(command) + " option " +
                                          Quote(key_token.text) + "; expected " +
                                          (supported.empty() ? std::string("no options")
                                                             : "one of " + std::string(supported)));
  }

  bool ParseCount(const Token& t, std::string_view what, int64_t* out) {
    if (t.kind != Token::Kind::kWord || t.text.empty() || t.text.size() > 12) {
      return lex_.Expected(t, what);
    }
    int64_t v = 0;
    for (char c : t.text) {
      if (!IsDigit(c)) return lex_.Expected(t, what);
      v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
  }

  bool CountOption(const Token& key_token, int64_t* out) {
    lex_.NextArg();
    lex_.NextArg();
    const Token v = lex_.NextArg();
    return ParseCount(v, "a whole number for " + key_token.text + "=", out);
  }

  bool BoolOption(const Token& key_token, bool* out) {
    lex_.NextArg();
    lex_.NextArg();
    const Token v = lex_.NextArg();
    const std::string lower = AsciiLower(v.text);
    if (v.kind == Token::Kind::kWord || v.kind == Token::Kind::kString) {
      if (lower == "t" || lower == "true" || lower == "1") {
        *out = true;
        return true;
      }
      if (lower == "f" || lower == "false" || lower == "0") {
        *out = false;
        return true;
      }
    }
    return lex_.Expected(v, "true or false (t, f, 1, 0) for " + key_token.text + "=");
  }

  bool IsLeadingCount(const Token& t) {
    if (t.kind != Token::Kind::kWord || t.text.empty()) return false;
    for (char c : t.text) {
      if (!IsDigit(c)) return false;
    }
    return true;
  }

  // A field name: a word, "double" or 'single' quoted.
  bool ReadName(std::string_view what, std::string* out, Token* token = nullptr) {
    const Token t = lex_.NextArg();
    if (token != nullptr) *token = t;
    if ((t.kind == Token::Kind::kWord && t.text != "-" && t.text != "+") ||
        ((t.kind == Token::Kind::kString || t.kind == Token::Kind::kQuotedName) &&
         !t.text.empty())) {
      *out = t.text;
      return true;
    }
    return lex_.Expected(t, what);
  }

  // Names separated by commas and/or spaces, up to the command's end or a
  // token `stop` accepts. At least one.
  bool FieldList(std::string_view what, std::vector<std::string>* out,
                 const std::function<bool()>& stop) {
    bool need_name = true;  // at the start and after a comma
    bool after_comma = false;
    while (true) {
      const Token t = lex_.PeekArg();
      if (t.AtCommandEnd() || stop()) break;
      if (t.kind == Token::Kind::kComma) {
        if (need_name) return lex_.Expected(t, what);
        lex_.NextArg();
        need_name = true;
        after_comma = true;
        continue;
      }
      std::string name;
      if (!ReadName(what, &name)) return false;
      out->push_back(std::move(name));
      need_name = false;
      after_comma = false;
    }
    if (need_name && (out->empty() || after_comma)) return lex_.Expected(lex_.PeekArg(), what);
    return true;
  }

  // `[+|-]field`, `- field`, `num(field)`, `str(f)`, `ip(f)`, `auto(f)`.
  bool ReadSortKey(SortKey* key) {
    Token t = lex_.NextArg();
    if (t.IsWord("-") || t.IsWord("+")) {
      key->descending = t.text == "-";
      t = lex_.NextArg();
    } else if (t.kind == Token::Kind::kWord && t.text.size() > 1 &&
               (t.text[0] == '-' || t.text[0] == '+')) {
      key->descending = t.text[0] == '-';
      t.text.erase(0, 1);
      t.begin += 1;
    }
    if (t.kind == Token::Kind::kWord && lex_.PeekArg().kind == Token::Kind::kLParen) {
      const std::string kind = AsciiLower(t.text);
      if (kind == "num") {
        key->as = SortKey::As::kNumber;
      } else if (kind == "str") {
        key->as = SortKey::As::kString;
      } else if (kind == "ip") {
        key->as = SortKey::As::kIp;
      } else if (kind == "auto") {
        key->as = SortKey::As::kAuto;
      } else {
        return lex_.Expected(t, "a field, or num(), str(), ip() or auto() around one");
      }
      lex_.NextArg();  // '('
      if (!ReadName("a field name", &key->field)) return false;
      const Token close = lex_.NextArg();
      if (close.kind != Token::Kind::kRParen) {
        return lex_.Expected(close, "')' after the field of " + kind + "(");
      }
      return true;
    }
    if ((t.kind == Token::Kind::kWord || t.kind == Token::Kind::kString ||
         t.kind == Token::Kind::kQuotedName) &&
        !t.text.empty()) {
      key->field = t.text;
      return true;
    }
    return lex_.Expected(t, "a sort field ([+|-]field, num(field), str(field), ip(field))");
  }

  // Aggregations for stats and timechart. `option` handles `key=value`
  // (timechart's options may come between them); stops at `by`.
  bool Aggregations(std::string_view command, std::vector<Aggregation>* out,
                    const std::function<bool(const std::string&, const Token&)>& option) {
    bool after_comma = false;
    while (true) {
      const Token t = lex_.PeekArg();
      if (t.AtCommandEnd() || PeekKeyword("by")) break;
      if (t.kind == Token::Kind::kComma) {
        if (out->empty() || after_comma) {
          return lex_.Expected(t, "a " + std::string(command) + " function such as count");
        }
        lex_.NextArg();
        after_comma = true;
        continue;
      }
      std::string key;
      Token key_token;
      if (PeekOption(&key, &key_token)) {
        if (!option(key, key_token)) return false;
        continue;
      }
      Aggregation agg;
      if (!ReadAggregation(command, &agg)) return false;
      out->push_back(std::move(agg));
      after_comma = false;
    }
    if (out->empty() || after_comma) {
      return lex_.Expected(lex_.PeekArg(),
                           "a " + std::string(command) + " function such as count or dc(field)");
    }
    return true;
  }

  bool ReadAggregation(std::string_view command, Aggregation* agg) {
    const Token t = lex_.NextArg();
    if (t.kind != Token::Kind::kWord) {
      return lex_.Expected(t, "a " + std::string(command) + " function such as count or dc(field)");
    }
    agg->pos = lex_.PosAt(t.begin);
    const std::string written = AsciiLower(t.text);
    const AggAlias* alias = nullptr;
    for (const AggAlias& a : kAggFunctions) {
      if (a.written == written) alias = &a;
    }
    if (alias == nullptr) {
      return lex_.Fail(t.begin, "found unknown " + std::string(command) + " function " +
                                    Quote(t.text) + "; expected one of " + AggFunctionList());
    }
    agg->function = std::string(alias->function);
    if (lex_.PeekArg().kind == Token::Kind::kLParen) {
      lex_.NextArg();
      Token field_token;
      if (!ReadName("a field name inside " + written + "( )", &agg->field, &field_token)) {
        return false;
      }
      if (lex_.PeekArg().kind == Token::Kind::kLParen) {
        return lex_.Fail(field_token.begin, "found " + Quote(field_token.text) + "( inside " +
                                                written + "(); expected a field name "
                                                "(eval expressions inside functions are not "
                                                "supported: use eval first)");
      }
      const Token close = lex_.NextArg();
      if (close.kind != Token::Kind::kRParen) {
        return lex_.Expected(close, "')' after the field of " + written + "(");
      }
      agg->as = written + "(" + agg->field + ")";
    } else if (agg->function == "count") {
      agg->as = written;
    } else {
      return lex_.Fail(t.begin, "found " + Quote(t.text) + " without a field; expected " +
                                    written + "(<field>)");
    }
    if (PeekKeyword("as")) {
      lex_.NextArg();
      if (!ReadName("a name after AS", &agg->as)) return false;
    }
    return true;
  }

  // ------------------------------------------------------------ commands

  bool Where(Command* out) {
    spl::WhereCommand c;
    const Token first = lex_.PeekEval();
    if (first.AtCommandEnd()) return lex_.Expected(first, "a condition after where");
    if (!ParseEvalExpression(lex_, &c.condition)) return false;
    const Token rest = lex_.PeekEval();
    if (!rest.AtCommandEnd()) return lex_.Expected(rest, "an operator or the end of the where command");
    out->body = std::move(c);
    return true;
  }

  bool Eval(Command* out) {
    spl::EvalCommand c;
    while (true) {
      spl::EvalCommand::Assignment a;
      if (!ReadName("a field name to assign (eval field=expression)", &a.field)) return false;
      const Token eq = lex_.NextArg();
      if (!eq.IsOp("=")) return lex_.Expected(eq, "'=' after the eval field name");
      const Token first = lex_.PeekEval();
      if (first.AtCommandEnd() || first.kind == Token::Kind::kComma) {
        return lex_.Expected(first, "an expression after '='");
      }
      if (!ParseEvalExpression(lex_, &a.value)) return false;
      c.assignments.push_back(std::move(a));
      const Token next = lex_.PeekEval();
      if (next.AtCommandEnd()) break;
      if (next.kind != Token::Kind::kComma) {
        return lex_.Expected(next, "an operator, ',' or the end of the eval command");
      }
      lex_.NextEval();
    }
    out->body = std::move(c);
    return true;
  }

  bool Stats(Command* out) {
    spl::StatsCommand c;
    auto no_options = [this](const std::string&, const Token& key_token) {
      return UnsupportedOption(key_token, "stats", "");
    };
    if (!Aggregations("stats", &c.aggregations, no_options)) return false;
    if (PeekKeyword("by")) {
      lex_.NextArg();
      if (!FieldList("a field name after by", &c.by, [] { return false; })) return false;
    }
    out->body = std::move(c);
    return true;
  }

  bool Top(bool rare, Command* out) {
    spl::TopCommand c;
    c.rare = rare;
    const std::string command = rare ? "rare" : "top";
    bool in_by = false;
    bool any_argument = false;
    auto option = [&](const std::string& key, const Token& key_token) {
      bool ok = true;
      if (key == "limit") {
        ok = CountOption(key_token, &c.limit);
      } else if (key == "countfield") {
        ok = OptionValue(key_token, &c.countfield);
      } else if (key == "percentfield") {
        ok = OptionValue(key_token, &c.percentfield);
      } else if (key == "showcount") {
        ok = BoolOption(key_token, &c.showcount);
      } else if (key == "showperc") {
        ok = BoolOption(key_token, &c.showperc);
      } else if (key == "useother") {
        ok = BoolOption(key_token, &c.useother);
      } else if (key == "otherstr") {
        ok = OptionValue(key_token, &c.otherstr);
      } else {
        return UnsupportedOption(key_token, command,
                                 "limit, countfield, percentfield, showcount, showperc, "
                                 "useother, otherstr");
      }
      if (!ok) return false;
      any_argument = true;
      return true;
    };
    auto other = [&](const Token& t) {
      if (!any_argument && IsLeadingCount(t)) {
        lex_.NextArg();
        if (!ParseCount(t, "a count", &c.limit)) return false;
        any_argument = true;
        return true;
      }
      if (PeekKeyword("by") && !in_by) {
        if (c.fields.empty()) return lex_.Expected(t, "a field before by");
        lex_.NextArg();
        in_by = true;
        if (lex_.PeekArg().AtCommandEnd()) return lex_.Expected(lex_.PeekArg(), "a field after by");
        return true;
      }
      if (t.kind == Token::Kind::kComma) {
        lex_.NextArg();
        return true;
      }
      std::string name;
      if (!ReadName("a field name", &name)) return false;
      (in_by ? c.by : c.fields).push_back(std::move(name));
      any_argument = true;
      return true;
    };
    if (!ForEachArgument(option, other)) return false;
    if (c.fields.empty()) return lex_.Expected(lex_.PeekArg(), "a field for " + command);
    out->body = std::move(c);
    return true;
  }

  bool Dedup(Command* out) {
    spl::DedupCommand c;
    bool any_argument = false;
    auto option = [&](const std::string& key, const Token& key_token) {
      bool ok;
      if (key == "keepempty") {
        ok = BoolOption(key_token, &c.keepempty);
      } else if (key == "consecutive") {
        ok = BoolOption(key_token, &c.consecutive);
      } else {
        return UnsupportedOption(key_token, "dedup", "keepempty, consecutive");
      }
      if (!ok) return false;
      any_argument = true;
      return true;
    };
    auto other = [&](const Token& t) {
      if (!any_argument && IsLeadingCount(t)) {
        lex_.NextArg();
        if (!ParseCount(t, "a count", &c.count)) return false;
        if (c.count < 1) return lex_.Expected(t, "a count of at least 1");
        any_argument = true;
        return true;
      }
      if (PeekKeyword("sortby")) {
        // The sort keys run to the command's end.
        lex_.NextArg();
        while (true) {
          const Token k = lex_.PeekArg();
          if (k.AtCommandEnd()) break;
          if (k.kind == Token::Kind::kComma) {
            lex_.NextArg();
            continue;
          }
          SortKey key_spec;
          if (!ReadSortKey(&key_spec)) return false;
          c.sortby.push_back(std::move(key_spec));
        }
        if (c.sortby.empty()) return lex_.Expected(lex_.PeekArg(), "a field after sortby");
        return true;
      }
      if (t.kind == Token::Kind::kComma) {
        lex_.NextArg();
        return true;
      }
      std::string name;
      if (!ReadName("a field name", &name)) return false;
      c.fields.push_back(std::move(name));
      any_argument = true;
      return true;
    };
    if (!ForEachArgument(option, other)) return false;
    if (c.fields.empty()) return lex_.Expected(lex_.PeekArg(), "a field for dedup");
    out->body = std::move(c);
    return true;
  }

  bool Sort(Command* out) {
    spl::SortCommand c;
    bool any_argument = false;
    auto option = [&](const std::string& key, const Token& key_token) {
      if (key != "limit") return UnsupportedOption(key_token, "sort", "limit");
      if (!CountOption(key_token, &c.limit)) return false;
      any_argument = true;
      return true;
    };
    auto other = [&](const Token& t) {
      if (!any_argument && IsLeadingCount(t)) {
        lex_.NextArg();
        if (!ParseCount(t, "a count", &c.limit)) return false;
        any_argument = true;
        return true;
      }
      if (t.kind == Token::Kind::kComma) {
        lex_.NextArg();
        return true;
      }
      // A trailing `desc`/`d` reverses the whole order.
      if (!c.keys.empty() && t.kind == Token::Kind::kWord &&
          (EqualsIgnoreCase(t.text, "desc") || EqualsIgnoreCase(t.text, "d"))) {
        lex_.NextArg();
        if (lex_.PeekArg().AtCommandEnd()) {
          c.reverse = true;
          return true;
        }
        lex_.set_offset(t.begin);
      }
      SortKey sort_key;
      if (!ReadSortKey(&sort_key)) return false;
      c.keys.push_back(std::move(sort_key));
      any_argument = true;
      return true;
    };
    if (!ForEachArgument(option, other)) return false;
    if (c.keys.empty()) return lex_.Expected(lex_.PeekArg(), "a field to sort by");
    // Without a count Splunk's default of 10000 applies; the query stage
    // reports a cut when one happens (ResultTable::notes).
    out->body = std::move(c);
    return true;
  }

  bool HeadOrTail(bool head, Command* out) {
    int64_t count = 10;
    const std::string command = head ? "head" : "tail";
    bool any = false;
    while (true) {
      const Token t = lex_.PeekArg();
      if (t.AtCommandEnd()) break;
      std::string key;
      Token key_token;
      if (head && PeekOption(&key, &key_token)) {
        if (key != "limit") return UnsupportedOption(key_token, "head", "limit");
        if (any) return lex_.Expected(t, "the end of the head command (one count only)");
        if (!CountOption(key_token, &count)) return false;
        any = true;
        continue;
      }
      if (any || !IsLeadingCount(t)) {
        return lex_.Expected(t, any ? "the end of the " + command + " command"
                                    : "a count (" + command + " N" + (head ? " or limit=N" : "") +
                                          "; expressions are not supported)");
      }
      lex_.NextArg();
      if (!ParseCount(t, "a count", &count)) return false;
      any = true;
    }
    if (head) {
      spl::HeadCommand c;
      c.count = count;
      out->body = c;
    } else {
      spl::TailCommand c;
      c.count = count;
      out->body = c;
    }
    return true;
  }

  bool Table(Command* out) {
    spl::TableCommand c;
    if (!FieldList("a field name", &c.fields, [] { return false; })) return false;
    out->body = std::move(c);
    return true;
  }

  bool Fields(Command* out) {
    spl::FieldsCommand c;
    const Token t = lex_.PeekArg();
    if (t.IsWord("-") || t.IsWord("+")) {
      c.remove = t.text == "-";
      lex_.NextArg();
    }
    if (!FieldList("a field name", &c.fields, [] { return false; })) return false;
    out->body = std::move(c);
    return true;
  }

  bool Rename(Command* out) {
    spl::RenameCommand c;
    while (true) {
      spl::RenameCommand::Pair pair;
      if (!ReadName("a field name to rename", &pair.from)) return false;
      if (!PeekKeyword("as")) return lex_.Expected(lex_.PeekArg(), "AS after the field name");
      lex_.NextArg();
      if (!ReadName("the new name after AS", &pair.to)) return false;
      c.pairs.push_back(std::move(pair));
      Token t = lex_.PeekArg();
      if (t.kind == Token::Kind::kComma) {
        lex_.NextArg();
        t = lex_.PeekArg();
        if (t.AtCommandEnd()) return lex_.Expected(t, "a field name after ','");
      }
      if (t.AtCommandEnd()) break;
    }
    out->body = std::move(c);
    return true;
  }

  bool Fillnull(Command* out) {
    spl::FillnullCommand c;
    auto option = [&](const std::string& key, const Token& key_token) {
      if (key != "value") return UnsupportedOption(key_token, "fillnull", "value");
      lex_.NextArg();
      lex_.NextArg();
      const Token v = lex_.NextArg();
      // The fill value may be empty ("") but must be there.
      if (v.kind != Token::Kind::kWord && v.kind != Token::Kind::kString &&
          v.kind != Token::Kind::kQuotedName) {
        return lex_.Expected(v, "a value for value=");
      }
      c.value = v.text;
      return true;
    };
    auto other = [&](const Token& t) {
      if (t.kind == Token::Kind::kComma) {
        lex_.NextArg();
        return true;
      }
      std::string name;
      if (!ReadName("a field name or value=", &name)) return false;
      c.fields.push_back(std::move(name));
      return true;
    };
    if (!ForEachArgument(option, other)) return false;
    out->body = std::move(c);
    return true;
  }

  bool SpanOption(const Token& key_token, spl::Span* span) {
    std::string text;
    if (!OptionValue(key_token, &text)) return false;
    std::string error;
    if (!ParseSpanText(text, span, &error)) {
      return lex_.Fail(key_token.begin, "found " + Quote(text) + " for span=; expected " + error);
    }
    return true;
  }

  bool Bin(Command* out) {
    spl::BinCommand c;
    bool span_given = false;
    const std::string command = AsciiLower(out->name);
    auto option = [&](const std::string& key, const Token& key_token) {
      if (key != "span") return UnsupportedOption(key_token, command, "span");
      if (!SpanOption(key_token, &c.span)) return false;
      span_given = true;
      return true;
    };
    auto other = [&](const Token& t) {
      if (!c.field.empty()) {
        if (PeekKeyword("as") && c.as.empty()) {
          lex_.NextArg();
          return ReadName("a name after AS", &c.as);
        }
        return lex_.Expected(t, "span=, AS <name> or the end of the " + command + " command");
      }
      return ReadName("a field to bin (usually _time)", &c.field);
    };
    if (!ForEachArgument(option, other)) return false;
    if (c.field.empty()) return lex_.Expected(lex_.PeekArg(), "a field to bin (usually _time)");
    if (!span_given) {
      return lex_.Expected(lex_.PeekArg(),
                           "span= (bins chosen from the data are not supported)");
    }
    out->body = std::move(c);
    return true;
  }

  bool TimechartOption(spl::TimechartCommand* c, const std::string& key, const Token& key_token) {
    if (key == "span") return SpanOption(key_token, &c->span);
    if (key == "limit") return CountOption(key_token, &c->limit);
    if (key == "useother") return BoolOption(key_token, &c->useother);
    if (key == "usenull") return BoolOption(key_token, &c->usenull);
    if (key == "otherstr") return OptionValue(key_token, &c->otherstr);
    if (key == "nullstr") return OptionValue(key_token, &c->nullstr);
    return UnsupportedOption(key_token, "timechart",
                             "span, limit, useother, usenull, otherstr, nullstr");
  }

  bool Timechart(Command* out) {
    spl::TimechartCommand c;
    auto option = [this, &c](const std::string& key, const Token& key_token) {
      return TimechartOption(&c, key, key_token);
    };
    if (!Aggregations("timechart", &c.aggregations, option)) return false;
    if (PeekKeyword("by")) {
      lex_.NextArg();
      if (!ReadName("a field after by", &c.by)) return false;
      auto other = [this](const Token& t) {
        return lex_.Expected(t, t.kind == Token::Kind::kComma || t.kind == Token::Kind::kWord
                                    ? "an option or the end of timechart (it splits by one "
                                      "field only)"
                                    : "an option or the end of timechart");
      };
      if (!ForEachArgument(option, other)) return false;
    }
    out->body = std::move(c);
    return true;
  }

  bool Spath(Command* out) {
    spl::SpathCommand c;
    bool path_given = false;
    auto option = [&](const std::string& key, const Token& key_token) {
      if (key == "input") return OptionValue(key_token, &c.input);
      if (key == "output") return OptionValue(key_token, &c.output);
      if (key != "path") return UnsupportedOption(key_token, "spath", "input, output, path");
      if (path_given) return lex_.Expected(key_token, "one path only");
      const bool ok = OptionValue(key_token, &c.path);
      path_given = true;
      return ok;
    };
    auto other = [&](const Token& t) {
      if (path_given) return lex_.Expected(t, "input=, output= or the end of spath (one path only)");
      if (!ReadName("a path", &c.path)) return false;
      path_given = true;
      return true;
    };
    if (!ForEachArgument(option, other)) return false;
    if (!path_given || c.path.empty()) {
      return lex_.Expected(lex_.PeekArg(),
                           "a path (spath path=<path>): automatic extraction of every field "
                           "is not supported");
    }
    out->body = std::move(c);
    return true;
  }

  // A regex in double quotes, read with only `\"` unescaped so the pattern
  // keeps its own backslashes.
  bool ReadRegex(std::string* out, spl::SourcePos* pos) {
    lex_.SkipSpace();
    const size_t at = lex_.offset();
    *pos = lex_.PosAt(at + 1);
    return lex_.ReadQuoted(out, Escapes::kQuoteOnly);
  }

  bool Rex(Command* out) {
    spl::RexCommand c;
    bool regex_given = false;
    auto option = [&](const std::string& key, const Token& key_token) {
      if (key == "field") return OptionValue(key_token, &c.field);
      if (key == "max_match") return CountOption(key_token, &c.max_match);
      if (key == "mode") {
        std::string mode;
        if (!OptionValue(key_token, &mode)) return false;
        return lex_.Fail(key_token.begin, "found rex mode=" + mode +
                                              "; expected field extraction only (sed mode "
                                              "is not supported)");
      }
      return UnsupportedOption(key_token, "rex", "field, max_match");
    };
    auto other = [&](const Token& t) {
      if (t.kind != Token::Kind::kString || regex_given) {
        return lex_.Expected(t, regex_given ? "field=, max_match= or the end of rex"
                                            : "a regular expression in double quotes");
      }
      if (!ReadRegex(&c.regex, &c.regex_pos)) return false;
      regex_given = true;
      return true;
    };
    if (!ForEachArgument(option, other)) return false;
    if (!regex_given) {
      return lex_.Expected(lex_.PeekArg(), "a regular expression in double quotes");
    }
    out->body = std::move(c);
    return true;
  }

  bool Regex(Command* out) {
    spl::RegexCommand c;
    const Token t = lex_.PeekArg();
    if (t.kind == Token::Kind::kString) {
      if (!ReadRegex(&c.regex, &c.regex_pos)) return false;
    } else if (t.kind == Token::Kind::kWord) {
      lex_.NextArg();
      c.field = t.text;
      const Token op = lex_.NextArg();
      if (!op.IsOp("=") && !op.IsOp("!=")) {
        return lex_.Expected(op, "'=' or '!=' after the field (regex field=\"<regex>\")");
      }
      c.negate = op.text == "!=";
      lex_.SkipSpace();
      if (lex_.Peek() == '"') {
        if (!ReadRegex(&c.regex, &c.regex_pos)) return false;
      } else {
        // Unquoted: the run up to whitespace or the pipe, as written.
        const size_t start = lex_.offset();
        size_t end = start;
        const std::string_view text = lex_.text();
        while (end < text.size() && !IsSpace(text[end]) && text[end] != '|') ++end;
        if (end == start) return lex_.ExpectedAt(start, "a regular expression");
        c.regex = std::string(text.substr(start, end - start));
        c.regex_pos = lex_.PosAt(start);
        lex_.set_offset(end);
      }
    } else {
      return lex_.Expected(t, "a regular expression in double quotes or field=\"<regex>\"");
    }
    const Token rest = lex_.PeekArg();
    if (!rest.AtCommandEnd()) return lex_.Expected(rest, "the end of the regex command");
    out->body = std::move(c);
    return true;
  }

  // `field [AS event_field]` pairs up to the command's end or until `stop()`
  // (lookup's inputs and outputs share the form).
  template <typename Pair, typename Stop>
  bool ReadLookupFields(const char* what, Stop stop, std::vector<Pair>* out) {
    while (true) {
      const Token t = lex_.PeekArg();
      if (t.AtCommandEnd() || stop()) return true;
      if (t.kind == Token::Kind::kComma && !out->empty()) {
        lex_.NextArg();
        continue;
      }
      Pair pair;
      if (!ReadName(what, &pair.lookup_field)) return false;
      if (PeekKeyword("as")) {
        lex_.NextArg();
        if (!ReadName("an event field after AS", &pair.event_field)) return false;
      } else {
        pair.event_field = pair.lookup_field;
      }
      out->push_back(std::move(pair));
    }
  }

  bool Lookup(Command* out) {
    spl::LookupCommand c;
    {
      std::string key;
      Token key_token;
      if (PeekOption(&key, &key_token)) {
        return UnsupportedOption(key_token, "lookup", "");
      }
    }
    if (!ReadName("a lookup table (a CSV file)", &c.table)) return false;
    auto at_output = [this] { return PeekKeyword("output") || PeekKeyword("outputnew"); };
    // Inputs, then outputs: `field [AS event_field]`, comma or space separated.
    if (!ReadLookupFields("a lookup field", at_output, &c.inputs)) return false;
    if (c.inputs.empty()) return lex_.Expected(lex_.PeekArg(), "a lookup field to match on");
    if (at_output()) {
      c.output_new = PeekKeyword("outputnew");
      lex_.NextArg();
      if (!ReadLookupFields("a lookup field to output", [] { return false; }, &c.outputs)) {
        return false;
      }
      if (c.outputs.empty()) {
        return lex_.Expected(lex_.PeekArg(), "a field after OUTPUT");
      }
    }
    out->body = std::move(c);
    return true;
  }

  Lexer& lex_;
};

}  // namespace

const std::vector<std::string_view>& KnownCommands() {
  static const std::vector<std::string_view> kCommands = {
      "search", "where", "eval", "stats", "top", "rare", "dedup", "sort",
      "head", "tail", "table", "fields", "rename", "fillnull", "bin", "bucket",
      "timechart", "spath", "rex", "regex", "lookup"};
  return kCommands;
}

bool ParseCommandArguments(Lexer& lex, std::string_view name, spl::Command* out) {
  CommandParser parser(lex);
  return parser.Parse(name, out);
}

}  // namespace trailhunt::spl_internal
