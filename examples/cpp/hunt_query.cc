// Example: an SPL hunt from C++. Runs a query over the given paths and prints
// the result table as tab-separated lines.
//
//   hunt_query 'errorCode=AccessDenied | stats count by userName' AWSLogs/
#include <cstdio>
#include <string>

#include "trailhunt/all.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: hunt_query 'SPL' PATH...\n");
    return 2;
  }
  auto query = trailhunt::Query::Compile(argv[1]);
  if (!query.ok()) {
    std::fprintf(stderr, "%s\n", std::string(query.status().message()).c_str());
    return 2;
  }
  for (const auto& warning : (*query)->warnings()) {
    std::fprintf(stderr, "warning: %s\n", warning.message.c_str());
  }
  auto sources = trailhunt::ExpandPaths(std::vector<std::string>(argv + 2, argv + argc));
  if (!sources.ok()) {
    std::fprintf(stderr, "%s\n", std::string(sources.status().message()).c_str());
    return 2;
  }
  auto result = trailhunt::RunQuery(*query, *sources, trailhunt::ScanOptions());
  if (!result.ok()) {
    std::fprintf(stderr, "%s\n", std::string(result.status().message()).c_str());
    return 2;
  }
  const trailhunt::ResultTable& table = result->table;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    std::printf("%s%s", c ? "\t" : "", table.columns[c].c_str());
  }
  std::printf("\n");
  for (const auto& row : table.rows) {
    for (size_t c = 0; c < row.size(); ++c) {
      std::printf("%s%s", c ? "\t" : "", row[c].ToDisplayString().c_str());
    }
    std::printf("\n");
  }
  for (const auto& e : result->record_errors) {
    std::fprintf(stderr, "rejected %s record %llu: %s\n", std::string(e.location.source).c_str(),
                 static_cast<unsigned long long>(e.location.record_index), e.message.c_str());
  }
  return 0;
}
