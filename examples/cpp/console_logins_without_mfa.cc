// Example: the blog's first hunt with the C++ API alone. Prints every
// successful console login without MFA in the given paths, ordered by
// (source, record index), and a count per principal.
//
//   console_logins_without_mfa AWSLogs/ bundle.zip events.ndjson
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "trailhunt/all.h"

namespace {

class LoginWork : public trailhunt::SourceWork {
 public:
  void OnRecord(const trailhunt::Record& record) override {
    auto event = trailhunt::Event::FromRecord(record);
    if (!event.ok() || event->event_name() != std::string_view("ConsoleLogin")) return;
    if (event->Get("additionalEventData.MFAUsed") == trailhunt::Value::String("Yes")) return;
    if (event->Get("responseElements.ConsoleLogin") != trailhunt::Value::String("Success")) return;
    lines.push_back(trailhunt::FormatIso8601(event->time_ns()) + "  " + event->PrincipalName() +
                    "  from " + std::string(event->source_ip_address().value_or("?")));
    principals.push_back(event->PrincipalName());
  }
  void OnError(const trailhunt::RecordError& e) override {
    std::fprintf(stderr, "rejected record %llu: %s\n",
                 static_cast<unsigned long long>(e.location.record_index), e.message.c_str());
  }
  std::vector<std::string> lines, principals;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s PATH...\n", argv[0]);
    return 2;
  }
  auto sources = trailhunt::ExpandPaths(std::vector<std::string>(argv + 1, argv + argc));
  if (!sources.ok()) {
    std::fprintf(stderr, "%s\n", std::string(sources.status().message()).c_str());
    return 2;
  }
  std::map<std::string, int> per_principal;
  trailhunt::ScanOptions options;  // all cores, default limits
  trailhunt::ScanSummary summary = trailhunt::Scan(
      *sources, options, [](size_t) { return std::make_unique<LoginWork>(); },
      [&](size_t, std::unique_ptr<trailhunt::SourceWork> base, const trailhunt::SourceOutcome&) {
        auto* work = static_cast<LoginWork*>(base.get());
        for (const auto& line : work->lines) std::printf("%s\n", line.c_str());
        for (const auto& p : work->principals) ++per_principal[p];
      });
  for (const auto& [principal, n] : per_principal) {
    std::printf("%s: %d console login(s) without MFA\n", principal.c_str(), n);
  }
  std::fprintf(stderr, "%llu records read, %llu rejected\n",
               static_cast<unsigned long long>(summary.counters.records_delivered),
               static_cast<unsigned long long>(summary.counters.records_rejected));
  return 0;
}
