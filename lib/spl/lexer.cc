#include "spl/lexer.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace trailhunt::spl_internal {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string Quote(std::string_view text) {
  // Long tokens (a pasted regex, a hostile blob) would drown the message.
  constexpr size_t kMaxShown = 40;
  std::string out = "'";
  const size_t shown = std::min(text.size(), kMaxShown);
  for (size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (shown < text.size()) out += "...";
  out += "'";
  return out;
}

Lexer::Lexer(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

void Lexer::SkipSpace() {
  while (offset_ < text_.size() && IsSpace(text_[offset_])) ++offset_;
}

spl::SourcePos Lexer::PosAt(size_t offset) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const size_t line_index = static_cast<size_t>(it - line_starts_.begin()) - 1;
  spl::SourcePos pos;
  pos.line = static_cast<int>(line_index + 1);
  pos.column = static_cast<int>(offset - line_starts_[line_index] + 1);
  pos.offset = offset;
  return pos;
}

bool Lexer::ReadQuoted(std::string* out, Escapes escapes) {
  const size_t start = offset_;
  const char quote = text_[offset_];
  ++offset_;
  out->clear();
  while (offset_ < text_.size()) {
    const char c = text_[offset_];
    if (c == quote) {
      ++offset_;
      return true;
    }
    if (c == '\\' && offset_ + 1 < text_.size()) {
      const char next = text_[offset_ + 1];
      if (next == quote || (next == '\\' && escapes == Escapes::kQuoteAndBackslash)) {
        out->push_back(next);
        offset_ += 2;
        continue;
      }
      if (next == '\\') {  // kQuoteOnly: keep both, and do not let the
        out->append("\\\\");  // second one escape a closing quote
        offset_ += 2;
        continue;
      }
    }
    out->push_back(c);
    ++offset_;
  }
  offset_ = start;
  return Fail(start, std::string("found an unterminated string starting ") +
                         Quote(text_.substr(start)) + "; expected a closing " +
                         (quote == '"' ? "'\"'" : "\"'\""));
}

namespace {

bool IsArgStop(std::string_view text, size_t i) {
  const char c = text[i];
  if (IsSpace(c)) return true;
  switch (c) {
    case '|': case ',': case '(': case ')': case '=': case '"':
      return true;
    case '!':
      return i + 1 < text.size() && text[i + 1] == '=';
    default:
      return false;
  }
}

}  // namespace

Token Lexer::StartToken() {
  SkipSpace();
  Token t;
  t.begin = offset_;
  t.end = offset_;
  return t;
}

Token Lexer::Take(Token t, Token::Kind kind, size_t n) {
  t.kind = kind;
  t.text = std::string(text_.substr(offset_, n));
  offset_ += n;
  t.end = offset_;
  return t;
}

Token Lexer::NextArg() {
  Token t = StartToken();
  if (AtEnd()) return t;
  const char c = text_[offset_];
  auto single = [&](Token::Kind kind, size_t n) { return Take(t, kind, n); };
  switch (c) {
    case '|': return single(Token::Kind::kPipe, 1);
    case ',': return single(Token::Kind::kComma, 1);
    case '(': return single(Token::Kind::kLParen, 1);
    case ')': return single(Token::Kind::kRParen, 1);
    case '=': return single(Token::Kind::kOp, 1);
    case '!':
      if (Peek(1) == '=') return single(Token::Kind::kOp, 2);
      break;
    case '"':
    case '\'': {
      std::string value;
      if (!ReadQuoted(&value, Escapes::kQuoteAndBackslash)) {
        t.kind = Token::Kind::kInvalid;
        t.end = t.begin + 1;
        return t;
      }
      t.kind = c == '"' ? Token::Kind::kString : Token::Kind::kQuotedName;
      t.text = std::move(value);
      t.end = offset_;
      return t;
    }
    default:
      break;
  }
  size_t i = offset_;
  while (i < text_.size() && !IsArgStop(text_, i)) ++i;
  if (i == offset_) ++i;  // a lone '!' not followed by '='
  t.kind = Token::Kind::kWord;
  t.text = std::string(text_.substr(offset_, i - offset_));
  offset_ = i;
  t.end = i;
  return t;
}

Token Lexer::PeekArg() {
  const size_t saved = offset_;
  const bool was_failed = failed_;
  Token t = NextArg();
  offset_ = saved;
  // A peek reports nothing: the error comes again when the token is read.
  if (!was_failed) failed_ = false;
  return t;
}

Token Lexer::NextEval() {
  Token t = StartToken();
  if (AtEnd()) return t;
  const char c = text_[offset_];
  auto take = [&](Token::Kind kind, size_t n) { return Take(t, kind, n); };
  if (IsAlpha(c) || c == '_') {
    size_t i = offset_ + 1;
    while (i < text_.size() && (IsAlpha(text_[i]) || IsDigit(text_[i]) || text_[i] == '_')) ++i;
    return take(Token::Kind::kWord, i - offset_);
  }
  if (IsDigit(c)) {
    size_t i = offset_;
    while (i < text_.size() && IsDigit(text_[i])) ++i;
    if (i + 1 < text_.size() && text_[i] == '.' && IsDigit(text_[i + 1])) {
      ++i;
      while (i < text_.size() && IsDigit(text_[i])) ++i;
    }
    if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
      size_t j = i + 1;
      if (j < text_.size() && (text_[j] == '+' || text_[j] == '-')) ++j;
      if (j < text_.size() && IsDigit(text_[j])) {
        while (j < text_.size() && IsDigit(text_[j])) ++j;
        i = j;
      }
    }
    return take(Token::Kind::kNumber, i - offset_);
  }
  switch (c) {
    case '|': return take(Token::Kind::kPipe, 1);
    case ',': return take(Token::Kind::kComma, 1);
    case '(': return take(Token::Kind::kLParen, 1);
    case ')': return take(Token::Kind::kRParen, 1);
    case '=':
      return take(Token::Kind::kOp, Peek(1) == '=' ? 2 : 1);
    case '!':
      if (Peek(1) == '=') return take(Token::Kind::kOp, 2);
      return take(Token::Kind::kInvalid, 1);
    case '<':
    case '>':
      return take(Token::Kind::kOp, Peek(1) == '=' ? 2 : 1);
    case '+': case '-': case '*': case '/': case '%': case '.':
      return take(Token::Kind::kOp, 1);
    case '"':
    case '\'': {
      std::string value;
      if (!ReadQuoted(&value, Escapes::kQuoteAndBackslash)) {
        t.kind = Token::Kind::kInvalid;
        t.end = t.begin + 1;
        return t;
      }
      t.kind = c == '"' ? Token::Kind::kString : Token::Kind::kQuotedName;
      t.text = std::move(value);
      t.end = offset_;
      return t;
    }
    default: {
      // One whole UTF-8 sequence, so the message shows a character.
      size_t n = 1;
      while (offset_ + n < text_.size() &&
             (static_cast<unsigned char>(text_[offset_ + n]) & 0xC0) == 0x80 && n < 4) {
        ++n;
      }
      return take(Token::Kind::kInvalid, n);
    }
  }
}

Token Lexer::PeekEval() {
  const size_t saved = offset_;
  const bool was_failed = failed_;
  Token t = NextEval();
  offset_ = saved;
  if (!was_failed) failed_ = false;
  return t;
}

bool Lexer::Fail(size_t offset, std::string message) {
  if (failed_) return false;
  failed_ = true;
  error_.pos = PosAt(offset);
  error_.message = std::move(message);
  return false;
}

std::string Lexer::Describe(const Token& token) const {
  if (token.kind == Token::Kind::kEnd) return "end of query";
  return Quote(text_.substr(token.begin, token.end - token.begin));
}

bool Lexer::Expected(const Token& found, std::string_view what) {
  if (failed_) return false;  // e.g. an unterminated string already said more
  return Fail(found.begin, "found " + Describe(found) + "; expected " + std::string(what));
}

bool Lexer::ExpectedAt(size_t offset, std::string_view what) {
  Token t;
  t.begin = offset;
  if (offset >= text_.size()) {
    t.kind = Token::Kind::kEnd;
    t.end = offset;
  } else {
    // Show the run of non-space characters there.
    size_t end = offset;
    while (end < text_.size() && !IsSpace(text_[end])) ++end;
    t.kind = Token::Kind::kWord;
    t.end = end;
  }
  return Expected(t, what);
}

}  // namespace trailhunt::spl_internal
