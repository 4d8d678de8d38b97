// File: query/query_answer.h
// What one pass of a query benchmark adapter produces: the records it saw,
// a checksum that keeps the work observable, and the answer (a table of
// display text) or the per-record tallies the benchmark checks against the
// generator's counts before it times anything. Also the blog's searches and
// the fields they read, shared by every adapter.
#ifndef TRAILHUNT_BENCH_QUERY_QUERY_ANSWER_H_
#define TRAILHUNT_BENCH_QUERY_QUERY_ANSWER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "trailhunt/value.h"

namespace trailhunt_bench {

// The three searches of the blog post the query stage was built against.
inline constexpr const char* kSearchLogins =
    "sourcetype=aws:cloudtrail eventName=ConsoleLogin | stats count by username, additionalEventData.MFAUsed";
inline constexpr const char* kSearchErrors = "sourcetype=aws:cloudtrail | stats count by errorCode | sort - count";
inline constexpr const char* kSearchAccessDenied =
    "sourcetype=aws:cloudtrail errorCode=AccessDenied | table awsregion, eventName, userName, src_ip, userAgent, "
    "errorMessage";

// Every field those searches read, as their user writes them
// (sourcetype=aws:cloudtrail view: errorCode counts successes, userName is
// the principal). The slot order is this order.
inline const std::vector<std::string>& BlogFields() {
  static const std::vector<std::string> fields = {
      "eventName", "additionalEventData.MFAUsed", "errorCode", "userName",
      "awsRegion", "sourceIPAddress",             "userAgent", "errorMessage"};
  return fields;
}
enum BlogSlot : size_t { kEventName, kMfaUsed, kErrorCode, kUserName };

struct QueryAnswer {
  uint64_t records = 0;   // records the reader delivered
  uint64_t rejected = 0;  // rejected by the reader or the projection
  uint64_t checksum = 0;
  // A search's result table, each cell as displayed (Missing as "").
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  // Filled by the projection adapters, only when checking.
  uint64_t console_logins = 0;
  std::map<std::string, uint64_t> by_mfa_used;    // among ConsoleLogins
  std::map<std::string, uint64_t> by_error_code;  // "success" included
};

// Folds a Value into the checksum without building any text.
inline uint64_t ValueWeight(const trailhunt::Value& v) {
  return static_cast<uint64_t>(v.kind()) + v.text().size();
}

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_QUERY_QUERY_ANSWER_H_
