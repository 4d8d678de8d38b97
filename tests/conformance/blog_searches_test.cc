// The blog's three searches, verbatim, over every ../shared/data dataset,
// checked against the same answers computed directly from the records' JSON
// with simdjson's DOM: no Event, no projection, no catalog, no query code.
// The add-on names the searches use are defined here from the catalog's
// documented meaning (userName/username: the principal by identity type;
// errorCode: "success" when the call succeeded; src_ip: sourceIPAddress;
// awsregion: awsRegion, matched case-insensitively).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "simdjson.h"
#include "trailhunt/engine.h"
#include "trailhunt/input.h"
#include "trailhunt/query.h"

namespace {

const std::string kShared = TRAILHUNT_SHARED_DIR;

using Dom = simdjson::dom::element;

std::optional<Dom> At(Dom e, std::initializer_list<const char*> keys) {
  for (const char* k : keys) {
    simdjson::dom::object o;
    if (e.get_object().get(o)) return std::nullopt;
    Dom child;
    if (o.at_key(k).get(child)) return std::nullopt;
    e = child;
  }
  return e;
}

// A scalar as Splunk displays it; nullopt when absent or null.
std::optional<std::string> Text(Dom root, std::initializer_list<const char*> keys) {
  auto e = At(root, keys);
  if (!e) return std::nullopt;
  std::string_view s;
  if (!e->get_string().get(s)) return std::string(s);
  if (e->is_null()) return std::nullopt;
  if (e->is_bool()) return e->get_bool().value() ? "true" : "false";
  return simdjson::minify(*e);
}

std::string Tail(const std::string& s, char sep) {
  const size_t p = s.rfind(sep);
  return p == std::string::npos ? s : s.substr(p + 1);
}

// The canonical principal by identity type (catalog entry "principal").
std::optional<std::string> Principal(Dom root) {
  auto id = At(root, {"userIdentity"});
  if (!id || !id->is_object()) return std::nullopt;
  auto str = [&](std::initializer_list<const char*> keys) {
    auto v = Text(*id, keys);
    return v ? *v : std::string();
  };
  const std::string type = str({"type"}), arn = str({"arn"});
  std::string name;
  if (type == "Root") {
    name = "root";
  } else if (type == "AssumedRole") {
    name = str({"sessionContext", "sessionIssuer", "userName"});
    const size_t a = arn.find("assumed-role/");
    if (name.empty() && a != std::string::npos) {
      name = arn.substr(a + 13);
      name = name.substr(0, name.find('/'));
    }
  } else if (type == "FederatedUser") {
    if (!arn.empty()) name = Tail(Tail(arn, ':'), '/');
  } else if (type == "AWSService") {
    name = str({"invokedBy"});
  } else if (type == "IdentityCenterUser") {
    name = str({"userName"});
    if (name.empty()) name = str({"onBehalfOf", "userId"});
  }
  if (name.empty()) name = str({"userName"});
  if (name.empty() && !arn.empty()) name = Tail(arn.substr(arn.rfind(':') + 1), '/');
  for (const char* k : {"principalId", "invokedBy", "accountId"}) {
    if (name.empty()) name = str({k});
  }
  if (name.empty()) return std::nullopt;
  return name;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string ErrorCodeOrSuccess(Dom root) {
  auto code = Text(root, {"errorCode"});
  return code && !code->empty() ? *code : "success";
}

struct Dataset {
  std::vector<trailhunt::Source> sources;
  std::vector<std::string> records;  // JSON text, in (source, record index) order
};

class Collect : public trailhunt::RecordSink {
 public:
  explicit Collect(std::vector<std::string>& out) : out_(out) {}
  void OnRecord(const trailhunt::Record& r) override { out_.emplace_back(r.json); }
  void OnError(const trailhunt::RecordError&) override {}

 private:
  std::vector<std::string>& out_;
};

Dataset Load(const std::string& relative) {
  Dataset d;
  auto sources = trailhunt::ExpandPaths({kShared + "/" + relative});
  REQUIRE(sources.ok());
  d.sources = *sources;
  Collect sink(d.records);
  trailhunt::InputCounters counters;
  for (const auto& s : d.sources) (void)trailhunt::ReadSource(s, {}, sink, counters);
  return d;
}

trailhunt::ResultTable Run(const Dataset& d, const std::string& spl) {
  auto query = trailhunt::Query::Compile(spl);
  REQUIRE_MESSAGE(query.ok(), query.status().message());
  trailhunt::ScanOptions options;
  options.threads = 2;
  auto result = trailhunt::RunQuery(*query, d.sources, options);
  REQUIRE_MESSAGE(result.ok(), result.status().message());
  // Only the reader's rejections: every delivered record was projected.
  CHECK(result->record_errors.size() == result->summary.counters.records_rejected);
  return std::move(result->table);
}

std::string Cell(const trailhunt::ResultTable& t, size_t row, const char* column) {
  const int c = t.ColumnIndex(column);
  REQUIRE_MESSAGE(c >= 0, column);
  return t.rows[row][static_cast<size_t>(c)].ToDisplayString();
}

void CheckBlogSearches(const std::string& relative) {
  CAPTURE(relative);
  const Dataset d = Load(relative);
  REQUIRE(!d.records.empty());
  simdjson::dom::parser parser;
  std::map<std::pair<std::string, std::string>, int64_t> logins;
  std::map<std::string, int64_t> errors;
  std::vector<std::vector<std::string>> denied;
  for (const std::string& json : d.records) {
    Dom root;
    REQUIRE(parser.parse(json).get(root) == simdjson::SUCCESS);
    const auto name = Text(root, {"eventName"});
    const auto mfa = Text(root, {"additionalEventData", "MFAUsed"});
    const auto principal = Principal(root);
    if (name && Lower(*name) == "consolelogin" && mfa && principal) ++logins[{*principal, *mfa}];
    const std::string code = ErrorCodeOrSuccess(root);
    ++errors[code];
    if (Lower(code) == "accessdenied") {
      auto or_empty = [](std::optional<std::string> v) { return v ? *v : std::string(); };
      denied.push_back({or_empty(Text(root, {"awsRegion"})), or_empty(name), or_empty(principal),
                        or_empty(Text(root, {"sourceIPAddress"})), or_empty(Text(root, {"userAgent"})),
                        or_empty(Text(root, {"errorMessage"}))});
    }
  }

  // 1. Console logins by user and MFA use.
  auto t1 = Run(d, "sourcetype=aws:cloudtrail eventName=ConsoleLogin | stats count by username, "
                   "additionalEventData.MFAUsed");
  REQUIRE(t1.columns == std::vector<std::string>{"username", "additionalEventData.MFAUsed", "count"});
  std::map<std::pair<std::string, std::string>, int64_t> got1;
  for (size_t r = 0; r < t1.rows.size(); ++r) {
    got1[{Cell(t1, r, "username"), Cell(t1, r, "additionalEventData.MFAUsed")}] =
        std::stoll(Cell(t1, r, "count"));
  }
  CHECK(got1 == logins);

  // 2. Errors by code, most frequent first; successful calls count as success.
  auto t2 = Run(d, "sourcetype=aws:cloudtrail | stats count by errorCode | sort - count");
  REQUIRE(t2.columns == std::vector<std::string>{"errorCode", "count"});
  std::map<std::string, int64_t> got2;
  int64_t previous = INT64_MAX;
  for (size_t r = 0; r < t2.rows.size(); ++r) {
    const int64_t n = std::stoll(Cell(t2, r, "count"));
    CHECK(n <= previous);
    previous = n;
    got2[Cell(t2, r, "errorCode")] = n;
  }
  CHECK(got2 == errors);

  // 3. The AccessDenied calls, in event order, with who, where and what.
  auto t3 = Run(d, "sourcetype=aws:cloudtrail errorCode=AccessDenied | table awsregion, eventName, "
                   "userName, src_ip, userAgent, errorMessage");
  REQUIRE(t3.columns == std::vector<std::string>{"awsregion", "eventName", "userName", "src_ip",
                                                 "userAgent", "errorMessage"});
  std::vector<std::vector<std::string>> got3;
  for (const auto& row : t3.rows) {
    std::vector<std::string> cells;
    for (const auto& v : row) cells.push_back(v.ToDisplayString());
    got3.push_back(std::move(cells));
  }
  CHECK(got3 == denied);
}

}  // namespace

TEST_CASE("blog searches: AWS user guide examples") {
  CheckBlogSearches("data/aws-cloudtrail-user-guide-examples/examples");
}
TEST_CASE("blog searches: Stratus Red Team detonations") {
  CheckBlogSearches("data/stratus-red-team-detonations");
}
TEST_CASE("blog searches: OTRF Security-Datasets") {
  CheckBlogSearches("data/otrf-security-datasets-aws");
}
TEST_CASE("blog searches: trailscraper fixtures") { CheckBlogSearches("data/trailscraper-fixtures"); }
TEST_CASE("blog searches: OCSF examples (mapped to CloudTrail)") {
  CheckBlogSearches("data/ocsf-examples-cloudtrail");
}
