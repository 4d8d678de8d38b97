// The SPL pipeline end to end: compile, scan in-memory sources, merge,
// table phase. Small handcrafted records pin each command's semantics; the
// embedded sample pins the blog's three searches.
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "test_data.h"
#include "trailhunt/query.h"

namespace {

using trailhunt::Query;
using trailhunt::QueryOptions;
using trailhunt::ResultTable;
using trailhunt::Value;

// A record at 2024-01-15T10:00:<i>Z (i < 60) or later minutes for larger i.
std::string Ev(int i, std::string_view body) {
  const int minute = (i / 60) % 60;
  return R"({"eventVersion":"1.08","eventTime":"2024-01-15T10:)" +
         testing_support::TwoDigits(minute) + ":" + testing_support::TwoDigits(i % 60) +
         R"(Z","eventID":"id-)" + std::to_string(i) + "\"" +
         (body.empty() ? "" : ",") + std::string(body) + "}\n";
}

struct Run {
  absl::Status status;
  ResultTable table;
  std::vector<trailhunt::spl::Diagnostic> warnings;
  trailhunt::QueryResult result;
};

// Runs `spl` over `texts`, one memory source each.
Run RunOn(std::string_view spl, const std::vector<std::string>& texts, int threads = 1,
          QueryOptions options = {}) {
  Run out;
  auto query = Query::Compile(spl, options);
  if (!query.ok()) {
    out.status = query.status();
    return out;
  }
  out.warnings = (*query)->warnings();
  std::vector<trailhunt::Source> sources;
  for (size_t i = 0; i < texts.size(); ++i) {
    sources.push_back(trailhunt::MemorySource("src" + std::to_string(i), texts[i]));
  }
  trailhunt::ScanOptions scan;
  scan.threads = threads;
  auto result = trailhunt::RunQuery(*query, sources, scan);
  if (!result.ok()) {
    out.status = result.status();
    return out;
  }
  out.table = result->table;
  out.result = *std::move(result);
  return out;
}

Run RunOne(std::string_view spl, const std::string& text, QueryOptions options = {}) {
  return RunOn(spl, {text}, 1, options);
}

Run RunSample(std::string_view spl, int threads = 2) {
  Run out;
  auto query = Query::Compile(spl);
  REQUIRE_MESSAGE(query.ok(), query.status().ToString());
  out.warnings = (*query)->warnings();
  auto sources = trailhunt::ExpandPaths({std::string(TRAILHUNT_SAMPLE_DIR) + "/data"});
  REQUIRE(sources.ok());
  trailhunt::ScanOptions scan;
  scan.threads = threads;
  auto result = trailhunt::RunQuery(*query, *sources, scan);
  REQUIRE_MESSAGE(result.ok(), result.status().ToString());
  out.table = result->table;
  return out;
}

std::string Cell(const ResultTable& t, size_t row, std::string_view column) {
  const int c = t.ColumnIndex(column);
  REQUIRE_MESSAGE(c >= 0, "no column " << column);
  REQUIRE(row < t.rows.size());
  return t.rows[row][static_cast<size_t>(c)].ToDisplayString();
}

std::vector<std::string> Column(const ResultTable& t, std::string_view column) {
  std::vector<std::string> out;
  for (size_t r = 0; r < t.rows.size(); ++r) out.push_back(Cell(t, r, column));
  return out;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

// Renders a whole table, for comparing runs.
std::string Render(const ResultTable& t) {
  std::string out = Joined(t.columns) + "\n";
  for (const auto& row : t.rows) {
    for (const Value& v : row) out += v.ToJson() + "|";
    out += "\n";
  }
  return out;
}

bool HasWarning(const Run& r, std::string_view text) {
  for (const auto& w : r.warnings) {
    if (w.message.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

// ---------------------------------------------------------------- the sample

TEST_CASE("sample: console logins by username and MFAUsed (the blog's first hunt)") {
  Run r = RunSample(
      "sourcetype=aws:cloudtrail eventName=ConsoleLogin | stats count by username, "
      "additionalEventData.MFAUsed");
  REQUIRE(r.table.columns.size() == 3);
  CHECK(r.table.columns[0] == "username");
  CHECK(r.table.columns[1] == "additionalEventData.MFAUsed");
  CHECK(r.table.columns[2] == "count");
  int no_rows = 0;
  bool bstoll = false;
  for (size_t i = 0; i < r.table.rows.size(); ++i) {
    if (Cell(r.table, i, "additionalEventData.MFAUsed") != "No") continue;
    ++no_rows;
    bstoll = Cell(r.table, i, "username") == "bstoll" && Cell(r.table, i, "count") == "4";
  }
  CHECK(no_rows == 1);
  CHECK(bstoll);
  CHECK(HasWarning(r, "username"));
}

TEST_CASE("sample: stats count by errorCode | sort - count") {
  Run r = RunSample("sourcetype=aws:cloudtrail | stats count by errorCode | sort - count");
  REQUIRE(r.table.rows.size() >= 2);
  CHECK(Cell(r.table, 0, "errorCode") == "success");
  CHECK(Cell(r.table, 0, "count") == "305");
  CHECK(Cell(r.table, 1, "errorCode") == "AccessDenied");
  CHECK(Cell(r.table, 1, "count") == "7");
}

TEST_CASE("sample: AccessDenied table with add-on names") {
  Run r = RunSample(
      "sourcetype=aws:cloudtrail errorCode=AccessDenied | table awsregion, eventName, userName, "
      "src_ip, userAgent, errorMessage");
  CHECK(Joined(r.table.columns) == "awsregion,eventName,userName,src_ip,userAgent,errorMessage");
  REQUIRE(r.table.rows.size() == 7);
  for (size_t i = 0; i < r.table.rows.size(); ++i) {
    CHECK(Cell(r.table, i, "userName") == "web_admin");
    CHECK(Cell(r.table, i, "src_ip") == "203.0.113.77");
    for (const Value& v : r.table.rows[i]) CHECK_FALSE(v.is_missing());
  }
  CHECK(HasWarning(r, "awsregion"));
}

TEST_CASE("sample: the same answer with one thread and with two") {
  const char* q = "| stats count, dc(eventName), values(awsRegion) by userIdentity.type";
  CHECK(Render(RunSample(q, 1).table) == Render(RunSample(q, 2).table));
}

// ---------------------------------------------------------------- search

TEST_CASE("search: OR binds tighter than AND, where: AND tighter than OR") {
  std::string data = Ev(1, R"("eventName":"A","awsRegion":"r1")") +
                     Ev(2, R"("eventName":"B","awsRegion":"r2")") +
                     Ev(3, R"("eventName":"C","awsRegion":"r1")");
  // search: eventName=A AND (eventName=B OR awsRegion=r1) -> only id-1
  Run s = RunOne("eventName=A eventName=B OR awsRegion=r1 | table eventID", data);
  REQUIRE(s.status.ok());
  CHECK(Joined(Column(s.table, "eventID")) == "id-1");
  // where: (eventName="A" AND eventName="B") OR awsRegion="r1" -> id-1, id-3
  Run w = RunOne(R"(| where eventName="A" AND eventName="B" OR awsRegion="r1" | table eventID)",
                 data);
  REQUIRE(w.status.ok());
  CHECK(Joined(Column(w.table, "eventID")) == "id-1,id-3");
}

TEST_CASE("search: f!=v needs the field, NOT f=v does not") {
  std::string data = Ev(1, R"("errorCode":"X")") + Ev(2, R"("errorCode":"Y")") + Ev(3, "");
  Run ne = RunOne("errorMessage!=x | table eventID", data + Ev(4, R"("errorMessage":"y")"));
  REQUIRE(ne.status.ok());
  CHECK(Joined(Column(ne.table, "eventID")) == "id-4");
  Run n = RunOne("NOT errorMessage=y | table eventID", data + Ev(4, R"("errorMessage":"y")"));
  REQUIRE(n.status.ok());
  CHECK(Joined(Column(n.table, "eventID")) == "id-1,id-2,id-3");
}

TEST_CASE("search values are case-insensitive, where is case-sensitive") {
  std::string data = Ev(1, R"("eventName":"ConsoleLogin")") + Ev(2, R"("eventName":"other")");
  Run s = RunOne("eventName=consolelogin | table eventID", data);
  CHECK(Joined(Column(s.table, "eventID")) == "id-1");
  Run w = RunOne(R"(| where eventName="consolelogin" | table eventID)", data);
  CHECK(w.table.rows.empty());
  Run w2 = RunOne(R"(| where eventName="ConsoleLogin" | table eventID)", data);
  CHECK(Joined(Column(w2.table, "eventID")) == "id-1");
}

TEST_CASE("search: TERM(x) matches only a whole term, a keyword also its parts") {
  std::string data = Ev(1, R"("sourceIPAddress":"203.0.113.77")") +
                     Ev(2, R"("sourceIPAddress":"203.0.113")") +
                     Ev(3, R"("sourceIPAddress":"198.51.100.7")");
  auto ids = [&data](std::string_view spl) {
    Run r = RunOne(std::string(spl) + " | table eventID", data);
    REQUIRE(r.status.ok());
    return Joined(Column(r.table, "eventID"));
  };
  CHECK(ids("TERM(203.0.113.77)") == "id-1");
  CHECK(ids("TERM(203.0.113)") == "id-2");
  CHECK(ids("TERM(0.113.77)").empty());
  CHECK(ids("203.0.113") == "id-1,id-2");
  CHECK(ids("0.113.77") == "id-1");
}

TEST_CASE("search: a sourcetype that is not aws:cloudtrail warns and matches nothing") {
  std::string data = Ev(1, "");
  Run r = RunOne("sourcetype=aws:s3 | stats count", data);
  REQUIRE(r.status.ok());
  CHECK(Cell(r.table, 0, "count") == "0");
  CHECK(HasWarning(r, "sourcetype=aws:s3 matches no records"));
  Run ok = RunOne("sourcetype=aws:cloudtrail | stats count", data);
  CHECK(Cell(ok.table, 0, "count") == "1");
  CHECK_FALSE(HasWarning(ok, "sourcetype"));
}

TEST_CASE("search: earliest/latest bound the query and filter the records") {
  std::string data = Ev(1, "") + Ev(30, "") + Ev(59, "");
  QueryOptions options;
  options.now_ns = testing_support::kT0 + 60 * testing_support::kSecond;
  auto q = Query::Compile("earliest=-40s latest=-5s | stats count", options);
  REQUIRE(q.ok());
  CHECK((*q)->earliest_ns() == testing_support::kT0 + 20 * testing_support::kSecond);
  CHECK((*q)->latest_ns() == testing_support::kT0 + 55 * testing_support::kSecond);
  Run r = RunOne("earliest=-40s latest=-5s | stats count", data, options);
  REQUIRE(r.status.ok());
  CHECK(Cell(r.table, 0, "count") == "1");
}

TEST_CASE("later search commands filter rows, also after a stats") {
  std::string data = Ev(1, R"("eventName":"A")") + Ev(2, R"("eventName":"B")") +
                     Ev(3, R"("eventName":"B")");
  Run r = RunOne("| search eventName=b | stats count", data);
  CHECK(Cell(r.table, 0, "count") == "2");
  Run t = RunOne("| stats count by eventName | search count>1", data);
  REQUIRE(t.status.ok());
  CHECK(Joined(Column(t.table, "eventName")) == "B");
}

// ---------------------------------------------------------------- stats

TEST_CASE("stats: no by gives one row even with no events") {
  Run r = RunOn("eventName=Nothing | stats count, dc(eventName)", {Ev(1, "")});
  REQUIRE(r.table.rows.size() == 1);
  CHECK(Cell(r.table, 0, "count") == "0");
  Run none = RunOn("| stats count", {});
  REQUIRE(none.status.ok());
  REQUIRE(none.table.rows.size() == 1);
  CHECK(Cell(none.table, 0, "count") == "0");
}

TEST_CASE("stats: events missing a by-field are dropped; rows ordered by the by-fields") {
  std::string data = Ev(1, R"("eventName":"B","errorMessage":"m")") +
                     Ev(2, R"("eventName":"A","errorMessage":"m")") +
                     Ev(3, R"("eventName":"A")") + Ev(4, R"("eventName":"C","errorMessage":"n")");
  Run r = RunOne("| stats count by eventName, errorMessage", data);
  CHECK(Joined(r.table.columns) == "eventName,errorMessage,count");
  CHECK(Joined(Column(r.table, "eventName")) == "A,B,C");
  CHECK(Joined(Column(r.table, "count")) == "1,1,1");
}

TEST_CASE("stats: a multivalue by-field splits the event; Int 5 and \"5\" are one group") {
  std::string data =
      Ev(1, R"("resources":[{"type":"a"},{"type":"b"}])") + Ev(2, R"("resources":[{"type":"a"}])") +
      Ev(3, R"("requestParameters":{"n":5})") + Ev(4, R"("requestParameters":{"n":"5"})");
  Run r = RunOne("| stats count by resources{}.type", data);
  CHECK(Joined(Column(r.table, "resources{}.type")) == "a,b");
  CHECK(Joined(Column(r.table, "count")) == "2,1");
  Run n = RunOne("| stats count by requestParameters.n", data);
  REQUIRE(n.table.rows.size() == 1);
  CHECK(Cell(n.table, 0, "count") == "2");
}

TEST_CASE("stats: first/last/list follow (source, record index) order") {
  std::vector<std::string> sources = {Ev(50, R"("eventName":"A")") + Ev(5, R"("eventName":"B")"),
                                      Ev(1, R"("eventName":"C")") + Ev(40, R"("eventName":"D")")};
  for (int threads : {1, 2}) {
    Run r = RunOn("| stats first(eventName) AS f, last(eventName) AS l, list(eventName) AS li, "
                  "earliest(eventName) AS e",
                  sources, threads);
    REQUIRE(r.status.ok());
    CHECK(Cell(r.table, 0, "f") == "A");
    CHECK(Cell(r.table, 0, "l") == "D");
    CHECK(Cell(r.table, 0, "li") == "A\nB\nC\nD");
    CHECK(Cell(r.table, 0, "e") == "C");
  }
}

TEST_CASE("a limit hit fails the query naming the limit") {
  std::string data;
  for (int i = 0; i < 20; ++i) data += Ev(i, "");
  QueryOptions options;
  options.limits.max_groups = 5;
  Run r = RunOne("| stats count by eventID", data, options);
  CHECK(absl::IsResourceExhausted(r.status));
  CHECK(std::string(r.status.message()).find("max_groups (5)") != std::string::npos);
  options = {};
  options.limits.max_events_held = 3;
  Run e = RunOne("| table eventID", data, options);
  CHECK(absl::IsResourceExhausted(e.status));
  CHECK(std::string(e.status.message()).find("max_events_held") != std::string::npos);
}

// ---------------------------------------------------------------- top, rare

TEST_CASE("top and rare: counts, percent, ties in first-seen order, limit, useother") {
  std::string data = Ev(1, R"("eventName":"B")") + Ev(2, R"("eventName":"A")") +
                     Ev(3, R"("eventName":"A")") + Ev(4, R"("eventName":"C")") + Ev(5, "");
  Run t = RunOne("| top eventName", data);
  CHECK(Joined(t.table.columns) == "eventName,count,percent");
  CHECK(Joined(Column(t.table, "eventName")) == "A,B,C");
  CHECK(Joined(Column(t.table, "percent")) == "50,25,25");
  Run r = RunOne("| rare eventName", data);
  CHECK(Joined(Column(r.table, "eventName")) == "B,C,A");
  Run l = RunOne("| top limit=1 useother=t eventName", data);
  CHECK(Joined(Column(l.table, "eventName")) == "A,OTHER");
  CHECK(Joined(Column(l.table, "count")) == "2,2");
}

TEST_CASE("top, rare, stats, timechart: by-values equal as numbers but not as text stay apart") {
  // "1" and 1 are one group; "01" is another, and its rows must not
  // interleave with those of "1" although the two compare equal as numbers.
  std::vector<std::string> sources = {
      Ev(1, R"("eventName":"A","requestParameters":{"n":"01"})") +
          Ev(2, R"("eventName":"A","requestParameters":{"n":"01"})") +
          Ev(3, R"("eventName":"A","requestParameters":{"n":"01"})"),
      Ev(4, R"("eventName":"B","requestParameters":{"n":"1"})") +
          Ev(5, R"("eventName":"B","requestParameters":{"n":1})") +
          Ev(6, R"("eventName":"C","requestParameters":{"n":"01"})")};
  for (int threads : {1, 2}) {
    Run t = RunOn("| top limit=1 eventName by requestParameters.n", sources, threads);
    REQUIRE(t.status.ok());
    CHECK(Joined(Column(t.table, "requestParameters.n")) == "01,1");
    CHECK(Joined(Column(t.table, "eventName")) == "A,B");
    CHECK(Joined(Column(t.table, "percent")) == "75,100");
    Run all = RunOn("| top eventName by requestParameters.n", sources, threads);
    CHECK(Joined(Column(all.table, "requestParameters.n")) == "01,01,1");
    CHECK(Joined(Column(all.table, "eventName")) == "A,C,B");
    Run r = RunOn("| rare limit=1 eventName by requestParameters.n", sources, threads);
    CHECK(Joined(Column(r.table, "requestParameters.n")) == "01,1");
    CHECK(Joined(Column(r.table, "eventName")) == "C,B");
    Run s = RunOn("| stats count by requestParameters.n, eventName", sources, threads);
    CHECK(Joined(Column(s.table, "requestParameters.n")) == "01,01,1");
    CHECK(Joined(Column(s.table, "eventName")) == "A,C,B");
  }
  // Series columns in text order whatever their totals.
  std::string data = Ev(1, R"("requestParameters":{"n":1})") + Ev(2, R"("requestParameters":{"n":"1"})") +
                     Ev(3, R"("requestParameters":{"n":"01"})");
  Run c = RunOne("| timechart span=1h count by requestParameters.n", data);
  CHECK(Joined(c.table.columns) == "_time,01,1");
  CHECK(Joined(Column(c.table, "1")) == "2");
}

// ---------------------------------------------------------------- dedup, sort, head, tail

TEST_CASE("dedup keeps the first event per key in event order, drops missing unless keepempty") {
  std::vector<std::string> sources = {Ev(1, R"("eventName":"A")") + Ev(2, ""),
                                      Ev(3, R"("eventName":"A")") + Ev(4, R"("eventName":"B")")};
  for (int threads : {1, 2}) {
    Run r = RunOn("| dedup eventName | table eventID", sources, threads);
    CHECK(Joined(Column(r.table, "eventID")) == "id-1,id-4");
    Run k = RunOn("| dedup eventName keepempty=true | table eventID", sources, threads);
    CHECK(Joined(Column(k.table, "eventID")) == "id-1,id-2,id-4");
    Run two = RunOn("| dedup 2 eventName | table eventID", sources, threads);
    CHECK(Joined(Column(two.table, "eventID")) == "id-1,id-3,id-4");
  }
  std::string runs = Ev(1, R"("eventName":"A")") + Ev(2, R"("eventName":"A")") +
                     Ev(3, R"("eventName":"B")") + Ev(4, R"("eventName":"A")");
  Run c = RunOne("| dedup eventName consecutive=true | table eventID", runs);
  CHECK(Joined(Column(c.table, "eventID")) == "id-1,id-3,id-4");
  Run s = RunOne("| dedup eventName sortby -eventID | table eventID", runs);
  CHECK(Joined(Column(s.table, "eventID")) == "id-3,id-1");
}

TEST_CASE("sort: numeric when both are numbers, missing last, stable, desc flips every key") {
  std::string data = Ev(1, R"("requestParameters":{"n":10})") + Ev(2, R"("requestParameters":{"n":9})") +
                     Ev(3, "") + Ev(4, R"("requestParameters":{"n":10})");
  Run a = RunOne("| sort requestParameters.n | table eventID", data);
  CHECK(Joined(Column(a.table, "eventID")) == "id-2,id-1,id-4,id-3");
  Run d = RunOne("| sort - requestParameters.n | table eventID", data);
  CHECK(Joined(Column(d.table, "eventID")) == "id-1,id-4,id-2,id-3");
  // A trailing desc is the same order as flipping every key: missing still
  // last, ties still in event order.
  Run r = RunOne("| sort requestParameters.n desc | table eventID", data);
  CHECK(Joined(Column(r.table, "eventID")) == "id-1,id-4,id-2,id-3");
  Run two = RunOne("| sort -requestParameters.n, eventID desc | table eventID", data);
  CHECK(Joined(Column(two.table, "eventID")) == "id-2,id-4,id-1,id-3");
}

TEST_CASE("sort: desc with a limit keeps the top rows, not the bottom ones") {
  std::string data = Ev(1, R"("requestParameters":{"n":1})") + Ev(2, R"("requestParameters":{"n":30})") +
                     Ev(3, R"("requestParameters":{"n":2})") + Ev(4, R"("requestParameters":{"n":20})") +
                     Ev(5, R"("requestParameters":{"n":10})");
  Run d = RunOne("| sort 2 requestParameters.n desc | table eventID", data);
  CHECK(Joined(Column(d.table, "eventID")) == "id-2,id-4");
  // The same in the table phase (after stats) as on events.
  Run t = RunOne("| stats count by requestParameters.n | sort 2 requestParameters.n desc", data);
  CHECK(Joined(Column(t.table, "requestParameters.n")) == "30,20");
  // Enough rows that the scan trims to the limit before the end.
  std::string many;
  for (int i = 0; i < 1100; ++i) many += Ev(i, "");
  Run trimmed = RunOne("| sort 3 eventID desc | fields eventID", many);
  CHECK(Joined(Column(trimmed.table, "eventID")) == "id-999,id-998,id-997");
}

TEST_CASE("sample: stats count by eventName | sort 3 count desc is sort 3 -count") {
  Run d = RunSample("| stats count by eventName | sort 3 count desc");
  Run m = RunSample("| stats count by eventName | sort 3 -count");
  CHECK(Joined(Column(d.table, "eventName")) == "DescribeEvaluationStatus,GetObject,AssumeRole");
  CHECK(Joined(Column(d.table, "count")) == "111,33,30");
  CHECK(Render(d.table) == Render(m.table));
}

TEST_CASE("sort: 10000 rows by default, sort 0 keeps all") {
  std::string data;
  for (int i = 0; i < 10005; ++i) data += Ev(i, "");
  Run d = RunOne("| sort eventID | fields eventID", data);
  REQUIRE(d.status.ok());
  CHECK(d.table.rows.size() == 10000);
  // The cut is reported, never silent; and it survives later commands.
  REQUIRE(d.table.notes.size() == 1);
  CHECK(d.table.notes[0] == "sort kept the first 10000 of 10005 results (sort's default limit; "
                            "'sort 0' keeps all)");
  Run later = RunOne("| sort eventID | eval x=1 | stats count", data);
  CHECK(later.table.notes.size() == 1);
  Run all = RunOne("| sort 0 eventID | fields eventID", data);
  CHECK(all.table.rows.size() == 10005);
  CHECK(all.table.notes.empty());
  Run three = RunOne("| sort 3 -eventID | fields eventID", data);
  CHECK(Joined(Column(three.table, "eventID")) == "id-9999,id-9998,id-9997");
}

TEST_CASE("head and tail follow (source, record index) order for any thread count") {
  std::vector<std::string> sources = {Ev(9, "") + Ev(8, ""), Ev(7, ""), Ev(6, "") + Ev(5, "")};
  for (int threads : {1, 2}) {
    Run h = RunOn("| head 3 | table eventID", sources, threads);
    CHECK(Joined(Column(h.table, "eventID")) == "id-9,id-8,id-7");
    Run t = RunOn("| tail 2 | table eventID", sources, threads);
    CHECK(Joined(Column(t.table, "eventID")) == "id-6,id-5");
  }
}

// ---------------------------------------------------------------- event output, table, fields, rename

TEST_CASE("a pipeline without a blocking command returns events: _time, created fields, _raw") {
  std::string data = Ev(1, R"("eventName":"X")") + Ev(2, R"("eventName":"Y")") +
                     Ev(3, R"("eventName":"X")");
  Run r = RunOne("eventName=X | eval n=1", data);
  REQUIRE(r.table.rows.size() == 2);
  CHECK(Joined(r.table.columns) == "_time,n,_raw");
  CHECK(r.table.rows[0][0] == Value::Int(testing_support::RecTime(1) / testing_support::kSecond));
  CHECK(Cell(r.table, 0, "_raw").find("\"id-1\"") != std::string::npos);

  // The same through QueryRun: rows can be taken as sources merge.
  auto q = Query::Compile("eventName=X | eval n=1");
  REQUIRE(q.ok());
  CHECK((*q)->streams_rows());
  trailhunt::QueryRun run(*q);
  CHECK(Joined(run.streaming_columns()) == "_time,n,_raw");
  testing_support::Collected read = testing_support::ReadBytes(data);
  auto partial = run.NewPartial(0, "mem");
  for (const auto& rec : read.records) {
    const std::string buffer = rec.json + std::string(trailhunt::kJsonPadding, ' ');
    trailhunt::Record record;
    record.json = std::string_view(buffer.data(), rec.json.size());
    record.location.record_index = rec.record_index;
    record.time_ns = rec.time_ns;
    CHECK(partial->AddRecord(record).ok());
  }
  CHECK(run.Merge(std::move(partial)).ok());
  CHECK(run.TakeRows().size() == 2);
  CHECK(run.TakeRows().empty());
  auto rest = run.Finish();
  REQUIRE(rest.ok());
  CHECK(rest->rows.empty());
  CHECK(Joined(rest->columns) == "_time,n,_raw");
}

TEST_CASE("a record the projection cannot read is reported; the counters reconcile") {
  QueryOptions options;
  options.record_limits.max_depth = 3;
  std::string data = Ev(1, R"("requestParameters":{"a":{"b":{"c":{"d":1}}}})") +
                     Ev(2, R"("requestParameters":{"a":1})");
  Run r = RunOne("| stats count by requestParameters.a.b.c.d", data, options);
  REQUIRE(r.status.ok());
  REQUIRE(r.result.record_errors.size() == 1);
  CHECK(r.result.record_errors[0].location.record_index == 0);
  CHECK(r.result.record_errors[0].location.source == "src0");
  CHECK(r.result.summary.counters.records_rejected == 1);
  CHECK(r.result.summary.counters.records_delivered == 1);
  CHECK(r.result.summary.counters.Reconciles());
}

TEST_CASE("index= terms are ignored with a warning") {
  Run r = RunOne("index=aws sourcetype=aws:cloudtrail | stats count", Ev(1, ""));
  CHECK(Cell(r.table, 0, "count") == "1");
  CHECK(HasWarning(r, "index="));
}

TEST_CASE("source and sourcetype are fields of every event") {
  Run r = RunOn("| stats count by source, sourcetype", {Ev(1, ""), Ev(2, "") + Ev(3, "")}, 2);
  CHECK(Joined(Column(r.table, "source")) == "src0,src1");
  CHECK(Joined(Column(r.table, "sourcetype")) == "aws:cloudtrail,aws:cloudtrail");
  CHECK(Joined(Column(r.table, "count")) == "1,2");
}

TEST_CASE("table keeps listed columns in order, even absent ones; fields -; rename with wildcards") {
  std::string data = Ev(1, R"("sourceIPAddress":"1.2.3.4","eventName":"A")");
  Run t = RunOne("| table eventName, nosuchfield, eventID", data);
  CHECK(Joined(t.table.columns) == "eventName,nosuchfield,eventID");
  CHECK(t.table.rows[0][1].is_missing());
  Run f = RunOne("| table eventName, eventID, src_ip | fields - eventID", data);
  CHECK(Joined(f.table.columns) == "eventName,src_ip");
  Run w = RunOne("| table eventName, src_ip | rename *ip AS *IP", data);
  CHECK(Joined(w.table.columns) == "eventName,src_IP");
  CHECK(Cell(w.table, 0, "src_IP") == "1.2.3.4");
  Run s = RunOne("| stats count by src_ip | rename src_ip AS ip", data);
  CHECK(Joined(s.table.columns) == "ip,count");
  // Per event, a wildcard expands against the fields bound so far and the
  // catalog's names.
  Run star = RunOne("| table event*", data);
  const std::string columns = Joined(star.table.columns);
  CHECK(columns.find("eventName") != std::string::npos);
  CHECK(columns.find("eventSource") != std::string::npos);
  CHECK(columns.find("awsRegion") == std::string::npos);
  CHECK(Cell(star.table, 0, "eventName") == "A");
}

TEST_CASE("commands after a row-keeping command read fields it did not show") {
  std::string data = Ev(1, R"("eventName":"A","awsRegion":"r1")") + Ev(2, R"("eventName":"B")");
  Run r = RunOne("| head 5 | table eventName, awsRegion", data);
  CHECK(Joined(Column(r.table, "eventName")) == "A,B");
  CHECK(Joined(Column(r.table, "awsRegion")) == "r1,");
  Run plain = RunOne("| head 1", data);
  CHECK(Joined(plain.table.columns) == "_time,_raw");
}

// ---------------------------------------------------------------- eval, where, fillnull, bin

TEST_CASE("eval creates fields in order; where filters with eval semantics") {
  std::string data = Ev(1, R"("requestParameters":{"n":3})") + Ev(2, R"("requestParameters":{"n":7})");
  Run r = RunOne("| eval a='requestParameters.n' * 2, b=a + 1 | where b > 8 | table eventID, a, b",
                 data);
  REQUIRE(r.status.ok());
  CHECK(Joined(Column(r.table, "eventID")) == "id-2");
  CHECK(Cell(r.table, 0, "b") == "15");
  Run after = RunOne("| stats count by requestParameters.n | eval d=count*10", data);
  CHECK(Joined(Column(after.table, "d")) == "10,10");
}

TEST_CASE("fillnull keeps events a by-field would drop") {
  std::string data = Ev(1, R"("errorMessage":"x")") + Ev(2, "") + Ev(3, "");
  Run r = RunOne("| fillnull value=none errorMessage | stats count by errorMessage", data);
  CHECK(Joined(Column(r.table, "errorMessage")) == "none,x");
  CHECK(Joined(Column(r.table, "count")) == "2,1");
  Run all = RunOne("| fillnull | stats count by errorMessage", data);
  CHECK(Joined(Column(all.table, "errorMessage")) == "0,x");
  Run table = RunOne("| stats count by eventID, errorMessage | fillnull value=- ", data);
  CHECK(table.table.rows.size() == 1);
  Run cols = RunOne("| table eventID, errorMessage | fillnull value=-", data);
  CHECK(Joined(Column(cols.table, "errorMessage")) == "x,-,-");
}

TEST_CASE("bin floors _time to the span; numbers to the span's multiple") {
  std::string data = Ev(61, R"("requestParameters":{"n":17})") + Ev(119, R"("requestParameters":{"n":23})") +
                     Ev(125, R"("requestParameters":{"n":5})");
  Run r = RunOne("| bin _time span=1m | stats count by _time", data);
  const int64_t t0 = testing_support::kT0 / testing_support::kSecond;
  CHECK(Joined(Column(r.table, "_time")) == std::to_string(t0 + 60) + "," + std::to_string(t0 + 120));
  CHECK(Joined(Column(r.table, "count")) == "2,1");
  Run n = RunOne("| bin requestParameters.n span=10 AS b | stats count by b", data);
  CHECK(Joined(Column(n.table, "b")) == "0,10,20");
  Run mon = RunOne("| bucket _time span=1mon | stats count by _time", data);
  CHECK(Joined(Column(mon.table, "_time")) == "1704067200");  // 2024-01-01
}

TEST_CASE("timechart: a row per bucket, a column per series, zeros for empty buckets") {
  std::string data = Ev(0, R"("eventName":"A")") + Ev(5, R"("eventName":"B")") +
                     Ev(130, R"("eventName":"A")") + Ev(131, "");
  Run r = RunOne("| timechart span=1m count by eventName", data);
  REQUIRE(r.status.ok());
  CHECK(Joined(r.table.columns) == "_time,A,B,NULL");
  REQUIRE(r.table.rows.size() == 3);
  CHECK(Joined(Column(r.table, "A")) == "1,0,1");
  CHECK(Joined(Column(r.table, "B")) == "1,0,0");
  CHECK(Joined(Column(r.table, "NULL")) == "0,0,1");
  Run l = RunOne("| timechart span=1m limit=1 usenull=f count by eventName", data);
  CHECK(Joined(l.table.columns) == "_time,A,OTHER");
  CHECK(Joined(Column(l.table, "OTHER")) == "1,0,0");
  Run plain = RunOne("| timechart span=1h count", data);
  CHECK(Joined(plain.table.columns) == "_time,count");
  CHECK(Joined(Column(plain.table, "count")) == "4");
  QueryOptions options;
  options.limits.max_time_buckets = 2;
  Run big = RunOne("| timechart span=1m count", data, options);
  CHECK(absl::IsResourceExhausted(big.status));
}

// ---------------------------------------------------------------- rex, regex, spath

TEST_CASE("rex: (?<name>...) extracts, max_match makes a multivalue, lookbehind is an error") {
  std::string data = Ev(1, R"("userAgent":"aws-cli/1.15.66 Python/3.6.5")");
  Run r = RunOne(R"q(| rex field=userAgent "^(?<tool>[^/]+)/(?<version>\S+)" | table tool, version)q",
                 data);
  REQUIRE(r.status.ok());
  CHECK(Cell(r.table, 0, "tool") == "aws-cli");
  CHECK(Cell(r.table, 0, "version") == "1.15.66");
  Run m = RunOne(R"q(| rex field=userAgent max_match=0 "(?<v>\d+\.\d+)" | table v)q", data);
  CHECK(Cell(m.table, 0, "v") == "1.15\n3.6");
  auto bad = Query::Compile(R"q(| rex field=userAgent "(?<=cli)(?<v>\d)")q");
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).find("lookbehind") != std::string::npos);
}

TEST_CASE("regex keeps or drops rows by an RE2 match") {
  std::string data = Ev(1, R"("userAgent":"aws-cli/1")") + Ev(2, R"("userAgent":"console")");
  Run r = RunOne(R"(| regex userAgent="^aws-cli" | table eventID)", data);
  CHECK(Joined(Column(r.table, "eventID")) == "id-1");
  Run n = RunOne(R"(| regex userAgent!="^aws-cli" | table eventID)", data);
  CHECK(Joined(Column(n.table, "eventID")) == "id-2");
}

TEST_CASE("spath reads a policy document stored as a JSON string; {N} is 0-based") {
  const std::string policy =
      R"({\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\"},)"
      R"({\"Effect\":\"Deny\",\"Action\":[\"iam:*\",\"kms:*\"]}]})";
  std::string data = Ev(1, R"("requestParameters":{"policyDocument":")" + policy + R"("})");
  Run r = RunOne(
      "| spath input=requestParameters.policyDocument path=Statement{}.Effect output=effects "
      "| spath input=requestParameters.policyDocument path=Statement{1}.Action{} output=denied "
      "| table effects, denied",
      data);
  REQUIRE(r.status.ok());
  CHECK(Cell(r.table, 0, "effects") == "Allow\nDeny");
  CHECK(Cell(r.table, 0, "denied") == "iam:*\nkms:*");
  Run raw = RunOne("| spath path=eventID output=id | table id", data);
  CHECK(Cell(raw.table, 0, "id") == "id-1");
}

// ---------------------------------------------------------------- lookup

TEST_CASE("lookup: OUTPUT overwrites, OUTPUTNEW fills only missing fields") {
  const std::string dir = testing_support::MakeTempDir();
  REQUIRE_FALSE(dir.empty());
  {
    std::ofstream csv(dir + "/owners.csv");
    csv << "ip,owner,note\r\n1.2.3.4,\"Smith, J\",\"said \"\"hi\"\"\"\r\n5.6.7.8,ops,\n";
  }
  QueryOptions options;
  options.lookup_dir = dir;
  std::string data = Ev(1, R"("sourceIPAddress":"1.2.3.4","errorMessage":"keep")") +
                     Ev(2, R"("sourceIPAddress":"9.9.9.9","errorMessage":"keep")");
  Run o = RunOne(
      "| lookup owners.csv ip AS src_ip OUTPUT owner, note AS errorMessage | table owner, errorMessage",
      data, options);
  REQUIRE_MESSAGE(o.status.ok(), o.status.ToString());
  CHECK(Joined(Column(o.table, "owner")) == "Smith, J,");
  CHECK(Joined(Column(o.table, "errorMessage")) == "said \"hi\",");
  Run n = RunOne(
      "| lookup owners.csv ip AS src_ip OUTPUTNEW owner, note AS errorMessage | table owner, errorMessage",
      data, options);
  REQUIRE(n.status.ok());
  CHECK(Joined(Column(n.table, "owner")) == "Smith, J,");
  CHECK(Joined(Column(n.table, "errorMessage")) == "keep,keep");
  {
    std::ofstream bad(dir + "/bad.csv");
    bad << "a,b\n1,2\n3\n";
  }
  auto q = Query::Compile("| lookup bad.csv a OUTPUT b", options);
  REQUIRE_FALSE(q.ok());
  CHECK(std::string(q.status().message()).find("bad.csv:3") != std::string::npos);
  options.limits.max_lookup_rows = 1;
  auto big = Query::Compile("| lookup owners.csv ip AS src_ip", options);
  CHECK(absl::IsResourceExhausted(big.status()));
}

// ---------------------------------------------------------------- determinism, errors

TEST_CASE("the same result for one source or several, one thread or two") {
  std::vector<std::string> records;
  const char* names[] = {"A", "B", "C", "D"};
  for (int i = 0; i < 40; ++i) {
    records.push_back(Ev(i, std::string(R"("eventName":")") + names[(i * 7) % 4] +
                                R"(","requestParameters":{"n":)" + std::to_string(i % 5) + "}"));
  }
  const char* queries[] = {
      "| stats count, first(eventID) AS f, last(eventID) AS l, list(eventID) AS li, values(requestParameters.n) AS v by eventName",
      "| top eventName", "| dedup eventName | table eventID", "| sort - requestParameters.n | table eventID",
      "| head 7 | table eventID", "| tail 7 | table eventID", "| timechart span=10s count by eventName",
      "| table eventID, eventName"};
  std::string one;
  for (const auto& r : records) one += r;
  std::vector<std::string> split = {"", "", ""};
  for (size_t i = 0; i < records.size(); ++i) split[i < 5 ? 0 : (i < 31 ? 1 : 2)] += records[i];
  for (const char* q : queries) {
    const std::string expected = Render(RunOn(q, {one}, 1).table);
    CHECK_MESSAGE(Render(RunOn(q, split, 1).table) == expected, q);
    CHECK_MESSAGE(Render(RunOn(q, split, 2).table) == expected, q);
  }
}

TEST_CASE("rejected records are reported and the counters reconcile") {
  std::string data = Ev(1, "") + "{\"eventTime\": broken\n" + Ev(2, "");
  Run r = RunOne("| stats count", data);
  REQUIRE(r.status.ok());
  CHECK(Cell(r.table, 0, "count") == "2");
  CHECK(r.result.record_errors.size() == 1);
  CHECK(r.result.summary.counters.Reconciles());
}

TEST_CASE("compile errors name the position; explain lists the stages") {
  auto bad = Query::Compile("| stats nosuch(x)");
  REQUIRE_FALSE(bad.ok());
  CHECK(std::string(bad.status().message()).find("line 1") != std::string::npos);
  auto q = Query::Compile("eventName=A | eval x=1 | stats count by x | sort - count");
  REQUIRE(q.ok());
  const std::string explain = (*q)->Explain();
  CHECK(explain.find("stats count by x") != std::string::npos);
  CHECK(explain.find("on the table: sort") != std::string::npos);
}

TEST_CASE("head stops the scan once it has its rows; the answer is the same") {
  std::vector<std::string> sources;
  for (int s = 0; s < 40; ++s) sources.push_back(Ev(2 * s, "") + Ev(2 * s + 1, ""));
  for (int threads : {1, 2}) {
    CAPTURE(threads);
    Run r = RunOn("| head 3 | table eventID", sources, threads);
    REQUIRE(r.status.ok());
    CHECK(Joined(Column(r.table, "eventID")) == "id-0,id-1,id-2");
    // Two sources hold the three rows; the rest (beyond the in-flight window)
    // are never read.
    CHECK(r.result.summary.sources_not_read > 0);
    CHECK(r.result.summary.counters.sources_read + r.result.summary.sources_not_read == 40);
  }
  // Without head every source is read.
  Run all = RunOn("| stats count", sources, 2);
  CHECK(all.result.summary.sources_not_read == 0);
}
