// Names of the input stage's enums, as the CLI and the C API print them.
#include "trailhunt/input.h"

namespace trailhunt {

std::string_view EnvelopeName(Envelope e) {
  switch (e) {
    case Envelope::kS3Records: return "s3_records";
    case Envelope::kJsonArray: return "json_array";
    case Envelope::kNdjson: return "ndjson";
    case Envelope::kSingleRecord: return "single_record";
    case Envelope::kCloudWatchLogs: return "cloudwatch_logs";
    case Envelope::kCloudWatchLambda: return "cloudwatch_lambda";
    case Envelope::kEventBridge: return "eventbridge";
    case Envelope::kSplunkHec: return "splunk_hec";
    case Envelope::kLookupEvents: return "lookup_events";
    case Envelope::kOcsf: return "ocsf";
  }
  return "?";
}

std::string_view TimeOriginName(TimeOrigin o) {
  switch (o) {
    case TimeOrigin::kNone: return "none";
    case TimeOrigin::kEventTime: return "eventTime";
    case TimeOrigin::kCloudWatchTimestamp: return "cloudwatch_timestamp";
    case TimeOrigin::kHecTime: return "hec_time";
    case TimeOrigin::kAtTimestamp: return "@timestamp";
    case TimeOrigin::kEventBridgeTime: return "eventbridge_time";
    case TimeOrigin::kOcsfTime: return "ocsf_time";
  }
  return "?";
}

std::string_view RejectReasonName(RejectReason r) {
  switch (r) {
    case RejectReason::kInvalidJson: return "invalid_json";
    case RejectReason::kInvalidUtf8: return "invalid_utf8";
    case RejectReason::kNotAnObject: return "not_an_object";
    case RejectReason::kTooLarge: return "too_large";
    case RejectReason::kTooDeep: return "too_deep";
    case RejectReason::kTruncated: return "truncated";
    case RejectReason::kDamaged: return "damaged";
    case RejectReason::kDecompression: return "decompression";
    case RejectReason::kNotCloudTrail: return "not_cloudtrail";
  }
  return "?";
}

void InputCounters::Add(const InputCounters& o) {
  records_seen += o.records_seen;
  records_delivered += o.records_delivered;
  records_rejected += o.records_rejected;
  sources_read += o.sources_read;
  files_skipped += o.files_skipped;
  digest_files += o.digest_files;
  control_messages += o.control_messages;
  lake_rows_skipped += o.lake_rows_skipped;
  bytes_read += o.bytes_read;
  bytes_decoded += o.bytes_decoded;
  for (int i = 0; i < kEnvelopeCount; ++i) by_envelope[i] += o.by_envelope[i];
}

}  // namespace trailhunt
