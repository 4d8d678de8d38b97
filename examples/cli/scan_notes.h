// The part of a hunt's output every hunting command shares: rejected
// records, skipped files and unreadable sources, named on stderr through
// the Reporter as they come. Records reach the sink one at a time and the
// reporter keeps no per-record state, so memory does not grow with their
// number. A command derives from it for its matches.
#ifndef TRAILHUNT_CLI_SCAN_NOTES_H_
#define TRAILHUNT_CLI_SCAN_NOTES_H_

#include <string_view>

#include "report.h"
#include "trailhunt/hunt.h"

namespace cli {

class ScanNotes : public trailhunt::HuntSink {
 public:
  explicit ScanNotes(Reporter* reporter) : reporter_(reporter) {}

  void OnMatch(const trailhunt::HuntMatch&) override {}
  void OnRecordError(const trailhunt::RecordError& error) override;
  void OnSkipped(std::string_view source, std::string_view why) override;
  // Names the source that could not be read, and why (the reporter counts it).
  void OnSourceDone(size_t source_index, const trailhunt::SourceOutcome& outcome) override;

 private:
  Reporter* reporter_;
};

}  // namespace cli

#endif  // TRAILHUNT_CLI_SCAN_NOTES_H_
