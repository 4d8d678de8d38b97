#include "scan_notes.h"

#include <string>

namespace cli {

void ScanNotes::OnRecordError(const trailhunt::RecordError& error) {
  SourceDiagnostics one;
  one.AddError(error);
  reporter_->Source(one, trailhunt::SourceOutcome{}, std::string(error.location.source));
}

void ScanNotes::OnSkipped(std::string_view source, std::string_view why) {
  SourceDiagnostics one;
  one.AddSkipped(source, why);
  reporter_->Source(one, trailhunt::SourceOutcome{}, std::string(source));
}

void ScanNotes::OnSourceDone(size_t, const trailhunt::SourceOutcome& outcome) {
  if (!outcome.status.ok()) reporter_->Source(SourceDiagnostics(), outcome, "");
}

}  // namespace cli
