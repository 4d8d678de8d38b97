// eval/where expressions -> EvalExpr. Precedence, loosest first:
//
//   OR < XOR < AND < NOT < comparison (= == != < <= > >= LIKE)
//      < + - . < * / % < unary minus < primary
//
// AND binds tighter than OR here, the opposite of the search command.
// Operator words are upper-case only; a bare name is a field (so `where
// a=b` compares two fields and `where a="b"` a field with a string), and a
// name with dots or braces must be 'single quoted' because a bare `.` is
// concatenation.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spl/lexer.h"
#include "spl/parsers.h"
#include "trailhunt/spl.h"
#include "trailhunt/value.h"

namespace trailhunt::spl_internal {
namespace {

using spl::EvalExpr;

// The eval functions the parser accepts, with their argument counts
// (max -1: any number). Checking here gives the user a position; the query
// stage decides what each one does.
struct FunctionInfo {
  std::string_view name;
  int min_args;
  int max_args;
};

constexpr FunctionInfo kFunctions[] = {
    {"abs", 1, 1},          {"case", 2, -1},      {"ceil", 1, 1},
    {"ceiling", 1, 1},      {"cidrmatch", 2, 2},  {"coalesce", 1, -1},
    {"false", 0, 0},        {"floor", 1, 1},      {"if", 3, 3},
    {"isnotnull", 1, 1},    {"isnull", 1, 1},     {"isnum", 1, 1},
    {"isstr", 1, 1},        {"len", 1, 1},        {"like", 2, 2},
    {"lower", 1, 1},        {"ltrim", 1, 2},      {"match", 2, 2},
    {"mvcount", 1, 1},    {"mvindex", 2, 3},
    {"mvjoin", 2, 2},       {"now", 0, 0},        {"null", 0, 0},
    {"relative_time", 2, 2}, {"replace", 3, 3},   {"round", 1, 2},
    {"rtrim", 1, 2},        {"split", 2, 2},      {"strftime", 2, 2},
    {"strptime", 2, 2},     {"substr", 2, 3},     {"tonumber", 1, 2},
    {"tostring", 1, 2},     {"trim", 1, 2},       {"true", 0, 0},
    {"upper", 1, 1},
};

const FunctionInfo* FindFunction(std::string_view name) {
  for (const FunctionInfo& f : kFunctions) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string FunctionList() {
  std::string out;
  for (const FunctionInfo& f : kFunctions) {
    if (!out.empty()) out += ", ";
    out += f.name;
  }
  return out;
}

bool IsOperatorWord(const Token& t) {
  return t.IsWord("AND") || t.IsWord("OR") || t.IsWord("NOT") || t.IsWord("XOR") ||
         t.IsWord("LIKE");
}

// A parsed subtree and its height, so a long operator chain (`a+a+...`,
// which recursion depth alone does not see) cannot build a tree whose
// destruction or evaluation would overflow the stack.
struct Parsed {
  EvalExpr expr;
  int height = 1;
};

class EvalParser {
 public:
  explicit EvalParser(Lexer& lex) : lex_(lex) {}

  bool Parse(EvalExpr* out) {
    Parsed p;
    if (!ParseOr(&p)) return false;
    *out = std::move(p.expr);
    return true;
  }

 private:
  using Level = bool (EvalParser::*)(Parsed*);

  // One left-associative level: operands from `next`, joined by the
  // operators `accept` says belong to this level.
  template <typename Accept>
  bool ParseLevel(Parsed* out, Level next, Accept accept) {
    if (!(this->*next)(out)) return false;
    while (true) {
      const Token op = lex_.PeekEval();
      if (!accept(op)) return true;
      lex_.NextEval();
      Parsed right;
      if (!(this->*next)(&right)) return false;
      EvalExpr node;
      node.kind = EvalExpr::Kind::kBinary;
      node.op = op.text;
      node.pos = lex_.PosAt(op.begin);
      node.args.push_back(std::move(out->expr));
      node.args.push_back(std::move(right.expr));
      out->height = std::max(out->height, right.height) + 1;
      out->expr = std::move(node);
      if (out->height > kMaxNesting) return TooDeep(op.begin);
    }
  }

  bool ParseOr(Parsed* out) {
    return ParseLevel(out, &EvalParser::ParseXor, [](const Token& t) { return t.IsWord("OR"); });
  }
  bool ParseXor(Parsed* out) {
    return ParseLevel(out, &EvalParser::ParseAnd, [](const Token& t) { return t.IsWord("XOR"); });
  }
  bool ParseAnd(Parsed* out) {
    return ParseLevel(out, &EvalParser::ParseNot, [](const Token& t) { return t.IsWord("AND"); });
  }

  bool ParseNot(Parsed* out) {
    const Token t = lex_.PeekEval();
    if (!t.IsWord("NOT")) return ParseComparison(out);
    lex_.NextEval();
    return Unary(t, &EvalParser::ParseNot, out);
  }

  bool ParseComparison(Parsed* out) {
    return ParseLevel(out, &EvalParser::ParseAdditive, [](const Token& t) {
      return t.IsOp("=") || t.IsOp("==") || t.IsOp("!=") || t.IsOp("<") || t.IsOp("<=") ||
             t.IsOp(">") || t.IsOp(">=") || t.IsWord("LIKE");
    });
  }
  bool ParseAdditive(Parsed* out) {
    return ParseLevel(out, &EvalParser::ParseMultiplicative, [](const Token& t) {
      return t.IsOp("+") || t.IsOp("-") || t.IsOp(".");
    });
  }
  bool ParseMultiplicative(Parsed* out) {
    return ParseLevel(out, &EvalParser::ParseNegation, [](const Token& t) {
      return t.IsOp("*") || t.IsOp("/") || t.IsOp("%");
    });
  }

  bool ParseNegation(Parsed* out) {
    const Token t = lex_.PeekEval();
    if (!t.IsOp("-")) return ParsePrimary(out);
    lex_.NextEval();
    return Unary(t, &EvalParser::ParseNegation, out);
  }

  bool Unary(const Token& op, Level operand, Parsed* out) {
    if (++depth_ > kMaxNesting) return TooDeep(op.begin);
    Parsed inner;
    const bool ok = (this->*operand)(&inner);
    --depth_;
    if (!ok) return false;
    EvalExpr node;
    node.kind = EvalExpr::Kind::kUnary;
    node.op = op.text;
    node.pos = lex_.PosAt(op.begin);
    node.args.push_back(std::move(inner.expr));
    out->expr = std::move(node);
    out->height = inner.height + 1;
    if (out->height > kMaxNesting) return TooDeep(op.begin);
    return true;
  }

  bool ParsePrimary(Parsed* out) {
    const Token t = lex_.NextEval();
    out->expr.pos = lex_.PosAt(t.begin);
    out->height = 1;
    switch (t.kind) {
      case Token::Kind::kNumber:
        out->expr.kind = EvalExpr::Kind::kLiteral;
        out->expr.literal = NumberLiteral(t.text);
        if (out->expr.literal.kind() == Value::Kind::kDouble &&
            !std::isfinite(out->expr.literal.double_value())) {
          return lex_.Expected(t, "a number within the range of a double");
        }
        return true;
      case Token::Kind::kString:
        out->expr.kind = EvalExpr::Kind::kLiteral;
        out->expr.literal = Value::String(t.text);
        return true;
      case Token::Kind::kQuotedName:
        if (t.text.empty()) return lex_.Expected(t, "a field name inside ''");
        out->expr.kind = EvalExpr::Kind::kField;
        out->expr.name = t.text;
        return true;
      case Token::Kind::kLParen: {
        if (++depth_ > kMaxNesting) return TooDeep(t.begin);
        const bool ok = ParseOr(out);
        --depth_;
        if (!ok) return false;
        const Token close = lex_.NextEval();
        if (close.kind != Token::Kind::kRParen) {
          return lex_.Expected(close, "an operator or ')' closing the '(' at " + PosText(t.begin));
        }
        return true;
      }
      case Token::Kind::kWord:
        if (IsOperatorWord(t)) return lex_.Expected(t, "a value, field or function before it");
        if (lex_.PeekEval().kind == Token::Kind::kLParen) return ParseCall(t, out);
        out->expr.kind = EvalExpr::Kind::kField;
        out->expr.name = t.text;
        return true;
      default:
        return lex_.Expected(t, "a value, 'field', field or function");
    }
  }

  bool ParseCall(const Token& name_token, Parsed* out) {
    const std::string name = AsciiLower(name_token.text);
    const FunctionInfo* info = FindFunction(name);
    if (info == nullptr) {
      return lex_.Fail(name_token.begin, "found unknown function " + Quote(name_token.text) +
                                             "; expected one of " + FunctionList());
    }
    const Token open = lex_.NextEval();  // '('
    if (++depth_ > kMaxNesting) return TooDeep(open.begin);
    std::vector<EvalExpr> args;
    int height = 1;
    if (lex_.PeekEval().kind == Token::Kind::kRParen) {
      lex_.NextEval();
    } else {
      while (true) {
        Parsed arg;
        if (!ParseOr(&arg)) {
          --depth_;
          return false;
        }
        height = std::max(height, arg.height + 1);
        args.push_back(std::move(arg.expr));
        const Token sep = lex_.NextEval();
        if (sep.kind == Token::Kind::kRParen) break;
        if (sep.kind != Token::Kind::kComma) {
          --depth_;
          return lex_.Expected(sep, "',' or ')' in the arguments of " + name + "()");
        }
      }
    }
    --depth_;
    const int count = static_cast<int>(args.size());
    if (count < info->min_args || (info->max_args >= 0 && count > info->max_args)) {
      std::string takes;
      if (info->max_args < 0) {
        takes = "at least " + std::to_string(info->min_args);
      } else if (info->min_args == info->max_args) {
        takes = std::to_string(info->min_args);
      } else {
        takes = std::to_string(info->min_args) + " to " + std::to_string(info->max_args);
      }
      return lex_.Fail(name_token.begin, "found " + name + "() with " + std::to_string(count) +
                                             " argument" + (count == 1 ? "" : "s") +
                                             "; expected " + takes);
    }
    if (name == "case" && count % 2 != 0) {
      return lex_.Fail(name_token.begin, "found case() with " + std::to_string(count) +
                                             " arguments; expected condition/value pairs");
    }
    EvalExpr& e = out->expr;
    e.pos = lex_.PosAt(name_token.begin);
    if (name == "true" || name == "false") {
      e.kind = EvalExpr::Kind::kLiteral;
      e.literal = Value::Bool(name == "true");
    } else if (name == "null") {
      e.kind = EvalExpr::Kind::kLiteral;
      e.literal = Value::Null();
    } else {
      e.kind = EvalExpr::Kind::kCall;
      e.name = name;
      e.args = std::move(args);
    }
    out->height = height;
    if (height > kMaxNesting) return TooDeep(name_token.begin);
    return true;
  }

  // Integers that fit int64 stay integers; anything else is a double.
  static Value NumberLiteral(const std::string& text) {
    if (text.find_first_of(".eE") == std::string::npos) {
      errno = 0;
      char* end = nullptr;
      const long long v = std::strtoll(text.c_str(), &end, 10);
      if (errno == 0 && end == text.c_str() + text.size()) return Value::Int(v);
    }
    return Value::Double(std::strtod(text.c_str(), nullptr));
  }

  std::string PosText(size_t offset) const {
    const spl::SourcePos p = lex_.PosAt(offset);
    return "line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
  }

  bool TooDeep(size_t offset) {
    return lex_.Fail(offset, "found an expression nested more than " +
                                 std::to_string(kMaxNesting) + " deep; expected a flatter one");
  }

  Lexer& lex_;
  int depth_ = 0;
};

}  // namespace

bool ParseEvalExpression(Lexer& lex, spl::EvalExpr* out) {
  EvalParser parser(lex);
  return parser.Parse(out);
}

}  // namespace trailhunt::spl_internal
