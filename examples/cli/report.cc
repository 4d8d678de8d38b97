#include "report.h"

#include <cerrno>
#include <cstring>

#include "trailhunt/json_text.h"

namespace cli {

void SourceDiagnostics::AddError(const trailhunt::RecordError& e) {
  error_sources.emplace_back(e.location.source);
  errors.push_back(e);
}

void SourceDiagnostics::AddEventFailure(const trailhunt::Record& record,
                                        const absl::Status& status) {
  trailhunt::RecordError e;
  e.location = record.location;
  e.reason = trailhunt::RejectReason::kInvalidJson;
  e.message = std::string(status.message());
  AddError(e);
}

void SourceDiagnostics::AddSkipped(std::string_view source, std::string_view why) {
  skipped.emplace_back(std::string(source), std::string(why));
}

absl::Status Reporter::Open(const std::string& errors_file) {
  if (errors_file.empty()) return absl::OkStatus();
  errors_ = std::fopen(errors_file.c_str(), "w");
  if (errors_ == nullptr) {
    return absl::InvalidArgumentError("cannot write --errors file '" + errors_file +
                                      "': " + std::strerror(errno));
  }
  return absl::OkStatus();
}

Reporter::~Reporter() {
  if (errors_ != nullptr) std::fclose(errors_);
}

void Reporter::Source(const SourceDiagnostics& d, const trailhunt::SourceOutcome& outcome,
                      const std::string& source_name) {
  if (!outcome.status.ok()) {
    ++unreadable_;
    std::fprintf(stderr, "trailhunt: %s\n", std::string(outcome.status.message()).c_str());
  }
  for (const auto& [source, why] : d.skipped) {
    std::fprintf(stderr, "trailhunt: skipped %s: %s\n", source.c_str(), why.c_str());
  }
  for (size_t i = 0; i < d.errors.size(); ++i) {
    const trailhunt::RecordError& e = d.errors[i];
    const std::string& source = d.error_sources[i];
    const std::string reason(trailhunt::RejectReasonName(e.reason));
    ++by_reason_[reason];
    if (errors_ != nullptr) {
      std::string line = "{\"source\":";
      trailhunt::AppendJsonString(line, source);
      line += ",\"record_index\":";
      trailhunt::AppendJsonInt(line, static_cast<int64_t>(e.location.record_index));
      line += ",\"byte_offset\":";
      trailhunt::AppendJsonInt(line, static_cast<int64_t>(e.location.byte_offset));
      line += ",\"reason\":";
      trailhunt::AppendJsonString(line, reason);
      line += ",\"message\":";
      trailhunt::AppendJsonString(line, e.message);
      line += "}\n";
      std::fwrite(line.data(), 1, line.size(), errors_);
    }
    if (printed_ < kMaxErrorsOnStderr) {
      std::fprintf(stderr, "trailhunt: rejected %s record %llu (byte %llu): %s: %s\n",
                   source.c_str(), static_cast<unsigned long long>(e.location.record_index),
                   static_cast<unsigned long long>(e.location.byte_offset), reason.c_str(),
                   e.message.c_str());
    }
    ++printed_;
  }
  (void)source_name;
}

int Reporter::Finish(const trailhunt::ScanSummary& s, bool strict) {
  const auto& c = s.counters;
  if (printed_ > kMaxErrorsOnStderr) {
    std::fprintf(stderr, "trailhunt: ... %llu more rejected records not shown%s\n",
                 static_cast<unsigned long long>(printed_ - kMaxErrorsOnStderr),
                 errors_ ? " (all are in the --errors file)" : " (use --errors FILE for all)");
  }
  if (c.records_rejected > 0) {
    std::string reasons;
    for (const auto& [reason, n] : by_reason_) {
      if (!reasons.empty()) reasons += ", ";
      reasons += reason + " " + std::to_string(n);
    }
    std::fprintf(stderr, "trailhunt: %llu of %llu records rejected (%s)%s\n",
                 static_cast<unsigned long long>(c.records_rejected),
                 static_cast<unsigned long long>(c.records_seen), reasons.c_str(),
                 strict ? "; --strict: exit 2" : "");
  }
  if (unreadable_ > 0) return 2;
  if (strict && c.records_rejected > 0) return 2;
  return 0;
}

}  // namespace cli
