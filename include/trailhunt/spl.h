// File: spl.h
// The SPL front end: parses a search pipeline
//
//   sourcetype=aws:cloudtrail errorCode=AccessDenied | stats count by userName
//
// into commands. The search terms of the first command (and of every later
// `search`) become a match::Expr with Splunk's semantics set on each leaf:
// values case-insensitive unless CASE(), `*` wildcards, `=`/`!=` compare
// text, `<`/`>` numeric when both sides are numbers, `!=` false on a missing
// field while NOT matches it, bare words and phrases search the raw record
// at token boundaries, and OR binding tighter than the implicit AND.
// `where`/`eval` expressions become an EvalExpr tree (AND binds tighter
// than OR there, as in Splunk's eval). Names are kept as written; the query
// stage resolves them.
//
// Parsing does not evaluate or resolve anything. Errors name the 1-based
// line and column and what was expected; an unknown command is an error
// naming it.
//
// Thread-safety: plain values and a pure function.
#ifndef TRAILHUNT_SPL_H_
#define TRAILHUNT_SPL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "trailhunt/match.h"
#include "trailhunt/value.h"

namespace trailhunt::spl {

struct SourcePos {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes
  size_t offset = 0;
};

// A problem found while parsing (or, later, compiling) a query.
struct Diagnostic {
  SourcePos pos;
  std::string message;  // what was found and what was expected
};

// ---------------------------------------------------------------- eval/where

struct EvalExpr {
  enum class Kind : uint8_t {
    kLiteral,  // literal: a string, number, bool or null
    kField,    // name: a field ('single quoted' or bare)
    kUnary,    // op: "-", "NOT"; args[0]
    kBinary,   // op: "+", "-", "*", "/", "%", ".", "=", "==", "!=", "<",
               // "<=", ">", ">=", "AND", "OR", "XOR", "LIKE"; args[0], args[1]
    kCall,     // name: the function, lower-cased; args
  };
  Kind kind = Kind::kLiteral;
  Value literal;
  std::string name;
  std::string op;
  std::vector<EvalExpr> args;
  SourcePos pos;
};

// ---------------------------------------------------------------- time

// A time modifier: `earliest=-24h@h`, `latest=now`, `earliest=10/19/2025:00:00:00`,
// `earliest=2025-10-19T00:00:00Z`, `earliest=1729296000`.
struct TimeSpec {
  enum class Kind : uint8_t { kAbsolute, kRelative, kNow };
  Kind kind = Kind::kNow;
  int64_t absolute_ns = 0;  // kAbsolute
  // kRelative: now + amount * unit, then snapped down to `snap` when set.
  int64_t amount = 0;
  std::string unit;  // "s", "m", "h", "d", "w", "mon", "q", "y"
  std::string snap;  // "", or "s", "m", "h", "d", "w", "w0".."w6", "mon", "q", "y"
  int64_t snap_offset_amount = 0;  // `@d+3h`: amount and unit after the snap
  std::string snap_offset_unit;
  std::string text;  // as written
};

// Resolves a time spec against `now_ns` (UTC calendar). Errors for a unit
// it does not know.
absl::StatusOr<int64_t> ResolveTime(const TimeSpec& spec, int64_t now_ns);
// Parses the text after `earliest=`/`latest=`.
absl::StatusOr<TimeSpec> ParseTimeSpec(std::string_view text);

// A span such as `1h`, `5m`, `30s`, `1d`, `1w`, `1mon`, or a plain number
// (for numeric `bin`).
struct Span {
  double amount = 0;
  std::string unit;  // "" for a plain number
  std::string text;
};

// ---------------------------------------------------------------- commands

// The implicit first command, and `search`.
struct SearchCommand {
  match::Expr expr;                    // kTrue for an empty search
  std::optional<TimeSpec> earliest;    // top-level `earliest=`
  std::optional<TimeSpec> latest;      // top-level `latest=`
};

struct WhereCommand {
  EvalExpr condition;
};

struct EvalCommand {
  struct Assignment {
    std::string field;
    EvalExpr value;
  };
  std::vector<Assignment> assignments;  // `eval a=…, b=…`, applied in order
};

struct Aggregation {
  std::string function;  // lower-cased: count, dc, values, list, min, max, avg,
                         // sum, earliest, latest, first, last (and aliases
                         // the parser normalises: distinct_count -> dc, mean -> avg)
  std::string field;     // "" for a bare `count`
  std::string as;        // output name: the AS name, else "count" for bare
                         // count, else "function(field)"
  SourcePos pos;
};

struct StatsCommand {
  std::vector<Aggregation> aggregations;
  std::vector<std::string> by;
};

// `top` and `rare`.
struct TopCommand {
  bool rare = false;
  std::vector<std::string> fields;
  std::vector<std::string> by;
  int64_t limit = 10;  // 0 = all
  std::string countfield = "count";
  std::string percentfield = "percent";
  bool showcount = true;
  bool showperc = true;
  bool useother = false;
  std::string otherstr = "OTHER";
};

struct SortKey {
  std::string field;
  bool descending = false;
  // auto: per pair of values, numeric when both are numbers, else text.
  enum class As : uint8_t { kAuto, kString, kNumber, kIp } as = As::kAuto;
};

struct DedupCommand {
  int64_t count = 1;
  std::vector<std::string> fields;
  bool keepempty = false;
  bool consecutive = false;
  std::vector<SortKey> sortby;  // `sortby -f`
};


struct SortCommand {
  int64_t limit = 10000;  // `sort 0` / `limit=0`: all
  std::vector<SortKey> keys;
  bool reverse = false;   // trailing `desc` / `d`
};

struct HeadCommand {
  int64_t count = 10;
};

struct TailCommand {
  int64_t count = 10;
};

// `table` and `fields`: names may hold `*` wildcards.
struct TableCommand {
  std::vector<std::string> fields;
};

struct FieldsCommand {
  bool remove = false;  // `fields - a, b`
  std::vector<std::string> fields;
};

struct RenameCommand {
  struct Pair {
    std::string from;  // may hold `*`
    std::string to;
  };
  std::vector<Pair> pairs;
};

struct FillnullCommand {
  std::string value = "0";
  std::vector<std::string> fields;  // empty: every field of the results
};

// `bin`/`bucket`.
struct BinCommand {
  std::string field;  // usually _time
  Span span;
  std::string as;     // "" = replace the field
};

struct TimechartCommand {
  Span span;               // amount 0: choose from the data's time range
  std::vector<Aggregation> aggregations;
  std::string by;          // "" for none
  int64_t limit = 10;      // series kept; the rest fold into OTHER (0 = all)
  bool useother = true;
  bool usenull = true;
  std::string otherstr = "OTHER";
  std::string nullstr = "NULL";
};

struct SpathCommand {
  std::string input = "_raw";
  std::string output;  // "" = the path text
  std::string path;
};

struct RexCommand {
  std::string field = "_raw";
  std::string regex;   // as written (Splunk/PCRE spelling)
  int64_t max_match = 1;  // 0 = unlimited
  SourcePos regex_pos;
};

struct RegexCommand {
  std::string field = "_raw";
  bool negate = false;  // `regex f!="…"`
  std::string regex;
  SourcePos regex_pos;
};

struct LookupCommand {
  std::string table;  // a CSV file path
  struct Match {
    std::string lookup_field;
    std::string event_field;  // `lookup_field AS event_field`
  };
  std::vector<Match> inputs;
  struct Output {
    std::string lookup_field;
    std::string event_field;
  };
  std::vector<Output> outputs;  // empty: every other column of the table
  bool output_new = false;      // OUTPUTNEW: only fill fields that are missing
};

using CommandBody =
    std::variant<SearchCommand, WhereCommand, EvalCommand, StatsCommand, TopCommand,
                 DedupCommand, SortCommand, HeadCommand, TailCommand, TableCommand,
                 FieldsCommand, RenameCommand, FillnullCommand, BinCommand,
                 TimechartCommand, SpathCommand, RexCommand, RegexCommand, LookupCommand>;

struct Command {
  std::string name;  // as written, lower-cased ("bucket" stays "bucket")
  SourcePos pos;
  CommandBody body;
};

struct Pipeline {
  std::vector<Command> commands;  // the first is always a SearchCommand
  std::vector<Diagnostic> warnings;
};

// Parses a whole query. On error the status message reads
// "line L, column C: <what was found>; expected <what>" and, when `error` is
// set, the same is stored there with its position.
absl::StatusOr<Pipeline> Parse(std::string_view text, Diagnostic* error = nullptr);

// Parses only a search expression (what follows `search`), e.g. for rules
// that store one. Same errors as Parse.
absl::StatusOr<SearchCommand> ParseSearch(std::string_view text, Diagnostic* error = nullptr);

}  // namespace trailhunt::spl

#endif  // TRAILHUNT_SPL_H_
