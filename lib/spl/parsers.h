// The SPL parsers, one per grammar, each reading from the shared Lexer and
// stopping at the `|` that ends its command (or the end of the query). They
// return false after recording the first error in the lexer.
#ifndef TRAILHUNT_LIB_SPL_PARSERS_H_
#define TRAILHUNT_LIB_SPL_PARSERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "spl/lexer.h"
#include "trailhunt/spl.h"

namespace trailhunt::spl_internal {

// Search terms (search_parser.cc), with the top-level earliest=/latest=
// taken out into the command.
bool ParseSearchTerms(Lexer& lex, spl::SearchCommand* out);

// One eval expression (eval_parser.cc). Stops before the first token that
// cannot continue it (`,` `)` `|`, the end, or anything else); the caller
// decides whether that token is allowed there.
bool ParseEvalExpression(Lexer& lex, spl::EvalExpr* out);

// The arguments of a command after its name (command_parser.cc). `name` is
// lower-cased and known.
bool ParseCommandArguments(Lexer& lex, std::string_view name, spl::Command* out);

// The commands Parse knows, in the order error messages list them.
const std::vector<std::string_view>& KnownCommands();

// Time units (time_spec.cc): "s", "m", "h", "d", "w", "mon", "q", "y" from
// any of Splunk's spellings (sec, mins, hours, days, month, qtr, yr, ...);
// "" when `unit` is none of them.
std::string NormalizeTimeUnit(std::string_view unit);

// `1h`, `5m`, `30s`, `1mon`, `2.5`: false with a message when malformed.
bool ParseSpanText(std::string_view text, spl::Span* out, std::string* error);

}  // namespace trailhunt::spl_internal

#endif  // TRAILHUNT_LIB_SPL_PARSERS_H_
