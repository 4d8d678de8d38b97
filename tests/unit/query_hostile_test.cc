// Hostile records through the query stage: inputs the fuzz_query target
// found (tests/fuzz/regressions/fuzz_query/), each pinned by the smallest
// query and record that reproduce it. Records come from untrusted logs, so
// every per-record path must finish without undefined behaviour, whatever
// the values.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "trailhunt/query.h"

namespace {

using trailhunt::Query;
using trailhunt::ResultTable;
using trailhunt::Value;

absl::StatusOr<ResultTable> RunOne(std::string_view spl, const std::string& text) {
  auto query = Query::Compile(spl);
  if (!query.ok()) return query.status();
  std::vector<trailhunt::Source> sources = {trailhunt::MemorySource("hostile", text)};
  auto result = trailhunt::RunQuery(*query, sources, trailhunt::ScanOptions{});
  if (!result.ok()) return result.status();
  return result->table;
}

const Value& Cell(const ResultTable& table, size_t row, std::string_view column) {
  const int c = table.ColumnIndex(column);
  REQUIRE(c >= 0);
  REQUIRE(row < table.rows.size());
  return table.rows[row][static_cast<size_t>(c)];
}

}  // namespace

TEST_CASE("bin with a time span on an extreme integer does not overflow") {
  // A time span floors toward minus infinity: the bucket of INT64_MIN
  // seconds starts before INT64_MIN and is not representable. Such values
  // are no times; bin leaves them empty, as it does a double that large.
  const std::string record =
      R"({"eventTime":"2024-01-15T10:00:00Z","requestParameters":{"a":"-9223372036854775808",)"
      R"("b":"9223372036854775807","c":"1705312861"}})"
      "\n";
  for (const char* span : {"1m", "7s", "1mon", "5y", "1w"}) {
    CAPTURE(span);
    auto table = RunOne(std::string("search * | eval a=tonumber('requestParameters.a'), "
                                    "b=tonumber('requestParameters.b'), "
                                    "c=tonumber('requestParameters.c') | bin a span=") +
                            span + " | bin b span=" + span + " | bin c span=" + span +
                            " | table a b c",
                        record);
    REQUIRE_MESSAGE(table.ok(), table.status().ToString());
    REQUIRE(table->rows.size() == 1);
    CHECK(Cell(*table, 0, "a").is_missing());
    CHECK(Cell(*table, 0, "b").is_missing());
    const Value& c = Cell(*table, 0, "c");
    REQUIRE(c.kind() == Value::Kind::kInt);
    CHECK(c.int_value() <= 1705312861);
    CHECK(c.int_value() > 1705312861 - 5 * 366 * 86400);
  }
}

TEST_CASE("tostring commas of a huge number") {
  // "%.2f" of 1e300 is 303 characters: cut to a 64-byte buffer it lost its
  // decimal point, and looking for the point threw std::out_of_range.
  const std::string record =
      R"({"eventTime":"2024-01-15T10:00:00Z","requestParameters":{"big":1e300,)"
      R"("small":-1234567.891}})"
      "\n";
  auto table = RunOne(
      "search * | eval big=tostring('requestParameters.big', \"commas\"), "
      "small=tostring('requestParameters.small', \"commas\") | table big small",
      record);
  REQUIRE_MESSAGE(table.ok(), table.status().ToString());
  REQUIRE(table->rows.size() == 1);
  const Value& big = Cell(*table, 0, "big");
  REQUIRE(big.is_string());
  CHECK(big.text().size() == 301 + 100 + 3);  // 301 digits, 100 commas, ".00"
  CHECK(big.text().substr(0, 6) == "1,000,");
  CHECK(big.text().substr(big.text().size() - 3) == ".00");
  CHECK(Cell(*table, 0, "small").text() == "-1,234,567.89");
}

TEST_CASE("substr with a length near INT64_MAX takes the rest of the string") {
  // start + length overflowed int64 (UBSan) before being clamped to the end.
  const std::string record =
      R"({"eventTime":"2024-01-15T10:00:00Z","eventName":"CreateUser",)"
      R"("requestParameters":{"a":2,"b":9223372036854775807}})"
      "\n";
  auto table = RunOne(
      "search * | eval x=substr(eventName, 'requestParameters.a', 'requestParameters.b'), "
      "y=substr(eventName, -4, 'requestParameters.b'), z=substr(eventName, 3, 2) | table x y z",
      record);
  REQUIRE_MESSAGE(table.ok(), table.status().ToString());
  REQUIRE(table->rows.size() == 1);
  CHECK(Cell(*table, 0, "x").text() == "reateUser");
  CHECK(Cell(*table, 0, "y").text() == "User");
  CHECK(Cell(*table, 0, "z").text() == "ea");
}
