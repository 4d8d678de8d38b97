// libFuzzer target: bytes as one record source through compiled SPL queries
// (trailhunt::Query::Compile once, then QueryRun per input). The queries
// together reach every per-record path of the query stage: projection (one
// simdjson On-Demand pass), the search predicate (wildcards, keywords at
// token boundaries, TERM, CASE, IN, CIDR), spath over a JSON string field,
// rex with max_match, the eval functions, where, regex with a pathological
// pattern, and the partial states of stats, top, timechart, bin, dedup,
// tail, sort and head, merged from two partials and finished.
//
// The input is read like a file (trailhunt::ReadSource over a memory
// source: every envelope, one source); records alternate between two
// partials so Merge combines real states.
//
// Checks, aborting when broken: every result row has one cell per column,
// and a streaming query's TakeRows rows do too.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trailhunt/input.h"
#include "trailhunt/query.h"

namespace {

[[noreturn]] void Fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_query: invariant broken: %s\n%s\n", what, detail.c_str());
  std::abort();
}

constexpr const char* kQueries[] = {
    // The search predicate, spath, rex, eval, where and stats.
    R"spl(search eventName=Create* errorCode!=x NOT userName=CASE(Bob) "some phrase" )spl"
    R"spl(TERM(a.b) sourceIPAddress IN (10.*, "192.168.1.1") )spl"
    R"spl(| spath input=requestParameters.policy output=a path=Statement{}.Action )spl"
    R"spl(| rex field=userAgent max_match=5 "(?<tok>[a-z]+)" )spl"
    R"spl(| eval n=len(userAgent), s=split(eventName,"e"), m=mvindex(s,-1), )spl"
    R"spl(t=strptime(eventTime, "%Y-%m-%dT%H:%M:%SZ"), c=cidrmatch("10.0.0.0/8", sourceIPAddress) )spl"
    R"spl(| where isnotnull(n) OR like(eventName, "%a_") )spl"
    R"spl(| stats count dc(userName) values(a) list(tok) min(n) max(t) by eventSource)spl",
    // The same per-record commands with a search that matches nearly
    // everything, so the fuzzer reaches them without guessing the terms.
    R"spl(search eventName=* OR sourceIPAddress=10.0.0.0/8 OR errorCode=*Denied* OR "a.b" )spl"
    R"spl(| spath input=requestParameters.policyDocument output=act path=Statement{}.Action )spl"
    R"spl(| spath input=requestParameters.policy output=r path=Statement{1}.Resource{-1} )spl"
    R"spl(| spath input=requestParameters output=o path=a.b{}.c )spl"
    R"spl(| rex field=userAgent max_match=0 "(?<w>\w+)/(?<v>[0-9.]+)" )spl"
    R"spl(| rex field=_raw "\"eventID\":\"(?<id>[^\"]*)\"" )spl"
    R"spl(| eval n=len(userAgent), s=split(userAgent,"/"), m=mvindex(s,1,-1), j=mvjoin(s,";"), )spl"
    R"spl(k=mvcount(s), sub=substr(eventName, -3, 2), sub2=substr(userAgent, 2), )spl"
    R"spl(p=strptime(eventTime, "%Y-%m-%dT%H:%M:%S.%3NZ"), q=strptime(eventTime, "%s"), )spl"
    R"spl(f=strftime(_time, "%Y-%m-%d %H:%M:%S %j %a %b %p %I %z"), )spl"
    R"spl(num=tonumber('requestParameters.n'), hx=tonumber(eventName, 16), b2=tonumber(eventID, 2), )spl"
    R"spl(r=replace(userAgent, "([a-z]+)", "<\1>"), lo=lower(eventName), up=upper(eventName), )spl"
    R"spl(tr=trim(userAgent, " ["), ts=tostring('requestParameters.n', "commas"), )spl"
    R"spl(du=tostring('requestParameters.n', "duration"), th=tostring('requestParameters.n', "hex"), )spl"
    R"spl(rt=relative_time(_time, "-1mon@w1"), rd=round('requestParameters.n', 3), )spl"
    R"spl(ar='requestParameters.n' * 3 + 'requestParameters.n' / 7 - 'requestParameters.n' % 5, )spl"
    R"spl(cc=cidrmatch("2001:db8::/32", sourceIPAddress), c6=cidrmatch(sourceIPAddress, "10.1.2.3"), )spl"
    R"spl(mt=match(eventName, "^(?i)get"), cs=case(n>10, "long", n>0, "short"), )spl"
    R"spl(co=coalesce(errorCode, errorMessage, "none"), ab=abs(num), fl=floor(num), ce=ceil(num) )spl"
    R"spl(| where isnum(num) OR isstr(eventName) OR like(eventName, "%a_%") )spl"
    R"spl(| stats count sum(num) avg(num) min(p) max(q) dc(act) values(r) list(w) )spl"
    R"spl(earliest(eventName) latest(eventName) first(f) last(j) by eventSource, awsRegion)spl",
    // Function arguments taken from the record: a hostile log chooses them.
    R"spl(search * | eval a=tonumber('requestParameters.a'), b='requestParameters.b', s=split(eventName, userAgent), )spl"
    R"spl(x1=substr(eventName, a, b), x2=mvindex(s, a, b), x3=round('requestParameters.n', a), )spl"
    R"spl(x4=tonumber(eventID, a), x5=relative_time(_time, userAgent), x6=strftime(a, userAgent), )spl"
    R"spl(x7=strptime(eventTime, userAgent), x8=replace(eventName, userAgent, "\0"), )spl"
    R"spl(x9=trim(eventName, userAgent), x10=cidrmatch(userAgent, sourceIPAddress), )spl"
    R"spl(x11=match(eventName, userAgent), x12=tostring(a, eventID), x13=mvjoin(s, userAgent), )spl"
    R"spl(x14=a * b + a / b - a % b, x15=strftime('requestParameters.n', "%Y-%m-%dT%H:%M:%S.%9N%z"), )spl"
    R"spl(x16=substr(userAgent, -a), x17=eventName . a . b, x18=if(a < b, a - b, b - a) )spl"
    R"spl(| bin a span=1mon | bin b span=1m | bin requestParameters.n span=0.5 )spl"
    R"spl(| stats count values(x1) list(x2) max(x3) min(x4) dc(x5) by a, b)spl",
    R"spl(search * | timechart span=1m count by eventName)spl",
    R"spl(search * | bin _time span=1mon | top limit=3 eventName)spl",
    R"spl(search * | bin requestParameters.n span=10 | rare requestParameters.n by eventSource)spl",
    R"spl(search * | dedup 2 userName | tail 3)spl",
    R"spl(search * | sort 0 - requestParameters.n | head 5)spl",
    R"spl(search * | sort num(requestParameters.n), ip(sourceIPAddress), -str(eventName))spl",
    R"spl(search * | regex userAgent="^(a+)+$")spl",
    (R"spl(search userAgent=*a*b*c* OR eventName="*Get*Object*" OR "Access*Denied" )spl"
     R"spl(| fillnull value=0 errorCode | rename eventName AS en | table en errorCode _time)spl"),
};

struct Compiled {
  std::vector<std::shared_ptr<const trailhunt::Query>> queries;
};

const Compiled& Queries() {
  static const Compiled* compiled = [] {
    auto* out = new Compiled;
    trailhunt::QueryOptions options;
    options.now_ns = int64_t{1761140845} * 1000000000;  // fixed: runs must repeat
    for (const char* spl : kQueries) {
      auto query = trailhunt::Query::Compile(spl, options);
      if (!query.ok()) Fail("a fixed query does not compile", query.status().ToString() + "\n" + spl);
      out->queries.push_back(*std::move(query));
    }
    return out;
  }();
  return *compiled;
}

class AlternatingSink final : public trailhunt::RecordSink {
 public:
  AlternatingSink(trailhunt::QueryPartial& even, trailhunt::QueryPartial& odd)
      : partials_{&even, &odd} {}
  void OnRecord(const trailhunt::Record& record) override {
    (void)partials_[count_++ % 2]->AddRecord(record);
  }
  void OnError(const trailhunt::RecordError& error) override { (void)error; }

 private:
  trailhunt::QueryPartial* partials_[2];
  size_t count_ = 0;
};

void CheckRows(const std::vector<std::vector<trailhunt::Value>>& rows, size_t columns,
               const char* spl) {
  for (const auto& row : rows) {
    if (row.size() != columns) Fail("a row's cell count differs from the columns", spl);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Compiled& compiled = Queries();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const trailhunt::Source source = trailhunt::MemorySource("fuzz", bytes);

  for (size_t i = 0; i < compiled.queries.size(); ++i) {
    trailhunt::QueryRun run(compiled.queries[i]);
    auto first = run.NewPartial(0, "fuzz");
    auto second = run.NewPartial(1, "fuzz");
    AlternatingSink sink(*first, *second);
    trailhunt::InputCounters counters;
    (void)trailhunt::ReadSource(source, trailhunt::ReadOptions{}, sink, counters);
    const bool streams = compiled.queries[i]->streams_rows();
    absl::Status merged = run.Merge(std::move(first));
    if (merged.ok()) merged = run.Merge(std::move(second));
    if (!merged.ok()) continue;
    if (streams) CheckRows(run.TakeRows(), run.streaming_columns().size(), kQueries[i]);
    auto table = run.Finish();
    if (table.ok()) {
      CheckRows(table->rows, table->columns.size(), kQueries[i]);
      (void)table->ColumnIndex("count");
    }
  }
  return 0;
}
