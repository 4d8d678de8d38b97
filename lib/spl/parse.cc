// Parse and ParseSearch: the pipeline around the per-command parsers. The
// first segment is always search terms (an optional leading `search` word
// is skipped); every later segment starts with a command name.
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "spl/lexer.h"
#include "spl/parsers.h"
#include "trailhunt/spl.h"

namespace trailhunt::spl {
namespace {

using spl_internal::Lexer;
using spl_internal::Token;

absl::Status ErrorStatus(const Lexer& lex, Diagnostic* error) {
  const Diagnostic& d = lex.error();
  if (error != nullptr) *error = d;
  return absl::InvalidArgumentError("line " + std::to_string(d.pos.line) + ", column " +
                                    std::to_string(d.pos.column) + ": " + d.message);
}

std::string CommandList() {
  std::string out;
  for (std::string_view name : spl_internal::KnownCommands()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

bool IsKnownCommand(std::string_view name) {
  for (std::string_view known : spl_internal::KnownCommands()) {
    if (known == name) return true;
  }
  return false;
}

// Skips a leading `search` word: Splunk takes it as the command, not as a
// keyword to look for.
void SkipSearchWord(Lexer& lex) {
  lex.SkipSpace();
  const size_t at = lex.offset();
  const std::string_view text = lex.text();
  if (text.size() - at >= 6 && spl_internal::EqualsIgnoreCase(text.substr(at, 6), "search")) {
    const char after = at + 6 < text.size() ? text[at + 6] : '\0';
    if (after == '\0' || spl_internal::IsSpace(after) || after == '|' || after == '(' ||
        after == '"') {
      lex.set_offset(at + 6);
    }
  }
}

// After a command's parser: only `|` or the end may follow.
bool ExpectCommandEnd(Lexer& lex) {
  lex.SkipSpace();
  if (lex.AtEnd() || lex.Peek() == '|') return true;
  return lex.ExpectedAt(lex.offset(), "'|' or the end of the query");
}

bool ParsePipeline(Lexer& lex, Pipeline* out) {
  lex.SkipSpace();
  Command first;
  first.name = "search";
  first.pos = lex.pos();
  SkipSearchWord(lex);
  SearchCommand search;
  if (!spl_internal::ParseSearchTerms(lex, &search)) return false;
  first.body = std::move(search);
  out->commands.push_back(std::move(first));
  if (!ExpectCommandEnd(lex)) return false;

  while (true) {
    lex.SkipSpace();
    if (lex.AtEnd()) return true;
    lex.Advance();  // '|'
    const Token name = lex.NextArg();
    if (name.kind != Token::Kind::kWord) {
      return lex.Expected(name, "a command (one of " + CommandList() + ")");
    }
    const std::string lower = spl_internal::AsciiLower(name.text);
    if (!IsKnownCommand(lower)) {
      return lex.Fail(name.begin, "unknown command " + spl_internal::Quote(name.text) +
                                      "; expected one of " + CommandList());
    }
    Command command;
    command.name = lower;
    command.pos = lex.PosAt(name.begin);
    if (!spl_internal::ParseCommandArguments(lex, lower, &command)) return false;
    out->commands.push_back(std::move(command));
    if (!ExpectCommandEnd(lex)) return false;
  }
}

}  // namespace

absl::StatusOr<Pipeline> Parse(std::string_view text, Diagnostic* error) {
  Lexer lex(text);
  Pipeline pipeline;
  if (!ParsePipeline(lex, &pipeline)) return ErrorStatus(lex, error);
  return pipeline;
}

absl::StatusOr<SearchCommand> ParseSearch(std::string_view text, Diagnostic* error) {
  Lexer lex(text);
  SkipSearchWord(lex);
  SearchCommand search;
  if (!spl_internal::ParseSearchTerms(lex, &search)) return ErrorStatus(lex, error);
  lex.SkipSpace();
  if (!lex.AtEnd()) {
    lex.ExpectedAt(lex.offset(), "the end of the search (a rule's search has no '|')");
    return ErrorStatus(lex, error);
  }
  return search;
}

}  // namespace trailhunt::spl
