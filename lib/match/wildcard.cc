#include "match/wildcard.h"

#include "absl/status/status.h"
#include "match/text.h"
#include "trailhunt/match.h"

namespace trailhunt::match_internal {

absl::StatusOr<Wildcard> Wildcard::Compile(std::string_view pattern, bool case_sensitive,
                                           bool strict) {
  Wildcard w;
  w.case_sensitive_ = case_sensitive;
  auto add_char = [&](char c) {
    if (w.tokens_.empty() || w.tokens_.back().kind != Token::kLiteral) {
      w.tokens_.push_back({Token::kLiteral, static_cast<uint32_t>(w.literals_.size()), 0});
    }
    w.literals_ += case_sensitive ? c : FoldAscii(c);
    ++w.tokens_.back().size;
  };
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 == pattern.size()) {
        if (strict) {
          return absl::InvalidArgumentError("wildcard pattern \"" + std::string(pattern) +
                                            "\" ends in a lone '\\'");
        }
        add_char(c);
        continue;
      }
      add_char(pattern[++i]);
    } else if (c == '*') {
      // Adjacent stars mean the same as one and would only slow backtracking.
      if (w.tokens_.empty() || w.tokens_.back().kind != Token::kStar) {
        w.tokens_.push_back({Token::kStar, 0, 0});
      }
    } else if (c == '?') {
      w.tokens_.push_back({Token::kOne, 0, 0});
    } else {
      add_char(c);
    }
  }
  const auto& t = w.tokens_;
  auto is = [&](size_t i, Token::Kind k) { return i < t.size() && t[i].kind == k; };
  if (t.empty() || (t.size() == 1 && is(0, Token::kLiteral))) {
    w.shape_ = Shape::kEquals;
  } else if (t.size() == 1 && is(0, Token::kStar)) {
    w.shape_ = Shape::kAnything;
  } else if (t.size() == 3 && is(0, Token::kStar) && is(1, Token::kLiteral) &&
             is(2, Token::kStar)) {
    w.shape_ = Shape::kContains;
  } else if (t.size() == 2 && is(0, Token::kLiteral) && is(1, Token::kStar)) {
    w.shape_ = Shape::kPrefix;
  } else if (t.size() == 2 && is(0, Token::kStar) && is(1, Token::kLiteral)) {
    w.shape_ = Shape::kSuffix;
  } else {
    w.shape_ = Shape::kGeneral;
  }
  return w;
}

std::string_view Wildcard::leading_literal() const {
  if (tokens_.empty() || tokens_[0].kind != Token::kLiteral) return {};
  return Literal(tokens_[0]);
}

namespace {
bool AtEnd(std::string_view text, size_t end) { return end == text.size(); }
}  // namespace

bool Wildcard::Matches(std::string_view text) const {
  const bool cs = case_sensitive_;
  switch (shape_) {
    case Shape::kEquals:
      return tokens_.empty() ? text.empty() : Equals(text, Literal(tokens_[0]), cs);
    case Shape::kAnything: return true;
    case Shape::kContains: return Find(text, Literal(tokens_[1]), 0, cs) != std::string_view::npos;
    case Shape::kPrefix: return EqualsAt(text, 0, Literal(tokens_[0]), cs);
    case Shape::kSuffix: {
      std::string_view lit = Literal(tokens_[1]);
      return text.size() >= lit.size() && EqualsAt(text, text.size() - lit.size(), lit, cs);
    }
    case Shape::kGeneral: break;
  }
  return MatchAt(text, 0, &AtEnd);
}

bool Wildcard::MatchAt(std::string_view text, size_t start,
                       bool (*end_ok)(std::string_view, size_t)) const {
  const size_t n = tokens_.size();
  size_t ti = 0;
  size_t pos = start;
  size_t star_ti = n;  // n: no star seen yet
  size_t star_pos = 0;
  while (true) {
    if (ti < n) {
      const Token& tok = tokens_[ti];
      if (tok.kind == Token::kStar) {
        star_ti = ti;
        star_pos = pos;
        ++ti;
        continue;
      }
      if (tok.kind == Token::kLiteral) {
        if (EqualsAt(text, pos, Literal(tok), case_sensitive_)) {
          pos += tok.size;
          ++ti;
          continue;
        }
      } else if (pos < text.size()) {
        pos += Utf8Length(static_cast<unsigned char>(text[pos]));
        if (pos > text.size()) pos = text.size();
        ++ti;
        continue;
      }
    } else if (end_ok(text, pos)) {
      return true;
    }
    // Mismatch: the last star absorbs one more code point. Earlier stars
    // never need to move: whatever they could absorb, the last one can.
    if (star_ti == n || star_pos >= text.size()) return false;
    star_pos += Utf8Length(static_cast<unsigned char>(text[star_pos]));
    if (star_pos > text.size()) star_pos = text.size();
    if (star_ti + 1 < n && tokens_[star_ti + 1].kind == Token::kLiteral) {
      star_pos = Find(text, Literal(tokens_[star_ti + 1]), star_pos, case_sensitive_);
      if (star_pos == std::string_view::npos) return false;
    }
    pos = star_pos;
    ti = star_ti + 1;
  }
}

}  // namespace trailhunt::match_internal

namespace trailhunt::match {

bool WildcardMatch(std::string_view pattern, std::string_view text, bool case_sensitive) {
  auto w = match_internal::Wildcard::Compile(pattern, case_sensitive, /*strict=*/false);
  return w.ok() && w->Matches(text);
}

}  // namespace trailhunt::match
