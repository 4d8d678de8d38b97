// Everything a scan says besides its data: rejected records, skipped files,
// unreadable sources and the closing summary. All of it goes to stderr (and
// rejected records, complete, to --errors FILE as JSON lines), never stdout.
#ifndef TRAILHUNT_CLI_REPORT_H_
#define TRAILHUNT_CLI_REPORT_H_

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "trailhunt/engine.h"

namespace cli {

// What one source's work collected for the report, filled on a worker.
struct SourceDiagnostics {
  std::vector<trailhunt::RecordError> errors;  // message owns its text
  std::vector<std::string> error_sources;      // owning copies of the names
  std::vector<std::pair<std::string, std::string>> skipped;

  void AddError(const trailhunt::RecordError& e);
  // A record the reader delivered but Event could not build (a limit, or a
  // bug): reported like a rejection, never silent.
  void AddEventFailure(const trailhunt::Record& record, const absl::Status& status);
  void AddSkipped(std::string_view source, std::string_view why);
};

class Reporter {
 public:
  // Opens `errors_file` when set; fails when it cannot be written.
  absl::Status Open(const std::string& errors_file);
  ~Reporter();

  void Source(const SourceDiagnostics& diagnostics, const trailhunt::SourceOutcome& outcome,
              const std::string& source_name);
  // Prints the summary line(s); returns the exit code the contract asks for.
  int Finish(const trailhunt::ScanSummary& summary, bool strict);

 private:
  std::FILE* errors_ = nullptr;
  uint64_t printed_ = 0;
  uint64_t unreadable_ = 0;
  std::map<std::string, uint64_t> by_reason_;
};

constexpr uint64_t kMaxErrorsOnStderr = 20;

}  // namespace cli

#endif  // TRAILHUNT_CLI_REPORT_H_
