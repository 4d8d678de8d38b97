// The character cursor and tokenizers the SPL parsers share. SPL has no
// single token grammar: search terms (`sourcetype=aws:cloudtrail`,
// `src=10.0.0.0/8`) treat `:` `/` `*` as value characters, while eval
// treats `*` `/` `.` as operators. So the lexer keeps one offset over the
// whole query and each parser asks for the next token in its own mode;
// positions stay absolute, which keeps line/column right on multi-line
// queries without splitting the text at `|` first.
//
// The first error wins and is kept here, so every parser reports through
// one place and returns plain bools.
#ifndef TRAILHUNT_LIB_SPL_LEXER_H_
#define TRAILHUNT_LIB_SPL_LEXER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "trailhunt/spl.h"

namespace trailhunt::spl_internal {

// Recursion bound for nested parentheses, NOT chains and eval operator
// trees: deep enough for any real query, far from the stack's limit.
inline constexpr int kMaxNesting = 256;

struct Token {
  enum class Kind {
    kEnd,
    kPipe,
    kWord,        // args: a run of name/value characters; eval: an identifier
    kString,      // "double quoted"; text is unescaped
    kQuotedName,  // 'single quoted'; text is unescaped
    kNumber,      // eval only
    kLParen,
    kRParen,
    kComma,
    kOp,          // "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "."
    kInvalid,     // a character no rule accepts (eval mode)
  };
  Kind kind = Kind::kEnd;
  std::string text;
  size_t begin = 0;  // offsets into the query
  size_t end = 0;

  bool IsWord(std::string_view w) const { return kind == Kind::kWord && text == w; }
  bool IsOp(std::string_view o) const { return kind == Kind::kOp && text == o; }
  bool AtCommandEnd() const { return kind == Kind::kEnd || kind == Kind::kPipe; }
};

// How backslashes inside "..." are read.
enum class Escapes {
  // `\"` and `\\` are unescaped; any other backslash stays as written
  // (search values, eval strings, option values).
  kQuoteAndBackslash,
  // Only `\"` is unescaped: a regex keeps `\\`, `\d` and friends as written.
  kQuoteOnly,
};

class Lexer {
 public:
  explicit Lexer(std::string_view text);

  std::string_view text() const { return text_; }
  size_t offset() const { return offset_; }
  void set_offset(size_t offset) { offset_ = offset; }
  bool AtEnd() const { return offset_ >= text_.size(); }
  // The byte `ahead` bytes from the cursor, or '\0' past the end.
  char Peek(size_t ahead = 0) const {
    return offset_ + ahead < text_.size() ? text_[offset_ + ahead] : '\0';
  }
  void Advance(size_t n = 1) { offset_ += n; }
  void SkipSpace();

  spl::SourcePos PosAt(size_t offset) const;
  spl::SourcePos pos() const { return PosAt(offset_); }

  // Reads a quoted string whose opening quote (`"` or `'`) is at the cursor.
  bool ReadQuoted(std::string* out, Escapes escapes);

  // Command arguments: words run up to whitespace or one of `| , ( ) = "`
  // (and stop before `!=`), so `count(errorCode)`, `span=1h`, `-count`,
  // `requestParameters.items{}.id` and `aws:cloudtrail` each read as
  // expected.
  Token NextArg();
  Token PeekArg();
  // Eval/where expressions: identifiers [A-Za-z_][A-Za-z0-9_]*, numbers,
  // strings, 'field names' and operators.
  Token NextEval();
  Token PeekEval();

  // Records an error (the first one wins) and returns false.
  bool Fail(size_t offset, std::string message);
  // "found '<token>'; expected <what>".
  bool Expected(const Token& found, std::string_view what);
  bool ExpectedAt(size_t offset, std::string_view what);
  bool failed() const { return failed_; }
  const spl::Diagnostic& error() const { return error_; }

  // The token as written, shortened and with control bytes escaped, for
  // messages; "end of query" at the end.
  std::string Describe(const Token& token) const;

 private:
  // Skips space and starts a token there (kind kEnd until a rule sets it).
  Token StartToken();
  // `t` as `kind`, spanning the next `n` bytes, which it consumes.
  Token Take(Token t, Token::Kind kind, size_t n);

  std::string_view text_;
  size_t offset_ = 0;
  std::vector<size_t> line_starts_;
  bool failed_ = false;
  spl::Diagnostic error_;
};

// ASCII helpers (SPL keywords and names are ASCII).
bool IsSpace(char c);
bool IsDigit(char c);
bool IsAlpha(char c);
std::string AsciiLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
// Quotes and truncates text for an error message.
std::string Quote(std::string_view text);

}  // namespace trailhunt::spl_internal

#endif  // TRAILHUNT_LIB_SPL_LEXER_H_
