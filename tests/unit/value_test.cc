#include <doctest/doctest.h>

#include "trailhunt/json_text.h"
#include "trailhunt/value.h"

using trailhunt::Value;

TEST_CASE("value: kinds and display") {
  CHECK(Value().is_missing());
  CHECK(Value::Missing().ToDisplayString().empty());
  CHECK(Value::Null().ToDisplayString() == "null");
  CHECK(Value::Bool(false).ToDisplayString() == "false");
  CHECK(Value::Int(-42).ToDisplayString() == "-42");
  CHECK(Value::Double(0.5).ToDisplayString() == "0.5");
  CHECK(Value::String("false").is_string());
  CHECK(Value::NumberText("1e400").is_number());
  CHECK(Value::Multi({Value::String("a"), Value::String("b")}).ToDisplayString() == "a\nb");
}

TEST_CASE("value: JSON text") {
  CHECK(Value::String("a\"b\n").ToJson() == "\"a\\\"b\\n\"");
  CHECK(Value::Missing().ToJson() == "null");
  CHECK(Value::Json("{\"a\":1}").ToJson() == "{\"a\":1}");
  CHECK(Value::Multi({Value::Int(1), Value::String("x")}).ToJson() == "[1,\"x\"]");
  CHECK(Value::NumberText("123456789012345678901234567890").ToJson() ==
        "123456789012345678901234567890");
}

TEST_CASE("value: equality is by kind and content") {
  CHECK(Value::String("1") != Value::Int(1));
  CHECK(Value::Int(1) == Value::Int(1));
  CHECK(Value::Multi({Value::Int(1)}) == Value::Multi({Value::Int(1)}));
  CHECK(Value::Missing() != Value::Null());
}

TEST_CASE("JSON text escapes DEL and C1 controls, which terminals may act on") {
  std::string out;
  trailhunt::AppendJsonEscaped(out, std::string("a\x7f" "b\xc2\x9b" "c\xc2\xa0" "d\x1b"));
  CHECK(out == "a\\u007fb\\u009bc\xc2\xa0" "d\\u001b");
}
