// The stream loop: finds the top-level JSON values (or NDJSON lines) of one
// decoded source, streams the elements of a Records array or bare array one
// at a time, and hands each complete value to the envelope half
// (envelopes.cc).
#include <algorithm>
#include <cstring>
#include <vector>

#include "input/framer_internal.h"

namespace trailhunt::input {

bool Framer::EnsureBytes(Window& w, size_t n) {
  while (w.size() < n) {
    if (!w.Fill()) return false;
  }
  return true;
}

size_t Framer::SkipWs(Window& w) {
  for (;;) {
    size_t pos = SkipWhitespace(w.data(), w.size(), 0);
    // A BOM split across chunks is rare enough to ignore; whitespace is not.
    w.Consume(pos);
    if (w.size() > 0) return w.size();
    if (!w.Fill()) return 0;
  }
}

Framer::Take Framer::TakeValue(Window& w, size_t limit, size_t* end,
                               uint64_t* start_offset) {
  ScanState state;
  size_t pos = 0;
  *start_offset = w.offset();
  bool discarding = false;
  for (;;) {
    if (ScanValue(w.data(), w.size(), &pos, &state, w.eof()) == ScanStatus::kComplete) {
      *end = pos;
      // Over the limit is too large however the reads fell: the same bytes
      // must give the same result from a file, a pipe or memory.
      if (discarding || pos > limit) {
        w.Consume(pos);
        return Take::kTooLarge;
      }
      return Take::kOk;
    }
    if (pos > limit) {
      // Too large to hold: keep scanning, drop the bytes.
      discarding = true;
    }
    if (discarding) {
      w.Consume(pos);
      pos = 0;
    }
    if (!w.Fill()) {
      if (ScanValue(w.data(), w.size(), &pos, &state, true) == ScanStatus::kComplete &&
          !discarding) {
        *end = pos;
        return Take::kOk;
      }
      *end = pos;
      return discarding ? Take::kTooLarge : Take::kTruncated;
    }
  }
}

Framer::Mode Framer::DecideMode(Window& w) {
  // Look at the first two non-empty lines: NDJSON when either holds exactly
  // one complete JSON value. A pretty-printed document opens with a line
  // like "{" or "[" that is complete only together with the next lines.
  const size_t budget = limits().max_record_bytes;
  auto line_end = [&](size_t from) -> size_t {
    for (;;) {
      const void* nl = std::memchr(w.data() + from, '\n', w.size() - from);
      if (nl) return static_cast<size_t>(static_cast<const char*>(nl) - w.data());
      if (w.size() > budget || !w.Fill()) return std::string_view::npos;
    }
  };
  auto whole_value = [&](size_t b, size_t e) {
    b = SkipWhitespace(w.data(), e, b);
    if (b >= e || (w.data()[b] != '{' && w.data()[b] != '[')) return false;
    ScanState st;
    size_t pos = b;
    if (ScanValue(w.data(), e, &pos, &st, true) != ScanStatus::kComplete) return false;
    return SkipWhitespace(w.data(), e, pos) == e;
  };
  const size_t first_end = line_end(0);
  if (first_end == std::string_view::npos) return Mode::kValues;
  size_t second_begin = first_end + 1;
  size_t second_end;
  for (;;) {
    second_end = line_end(second_begin);
    if (second_end == std::string_view::npos) {
      // Last line without newline: it counts when it has content.
      second_end = w.size();
      break;
    }
    if (SkipWhitespace(w.data(), second_end, second_begin) < second_end) break;
    second_begin = second_end + 1;
  }
  if (SkipWhitespace(w.data(), second_end, std::min(second_begin, second_end)) >= second_end) {
    return Mode::kValues;  // a single line
  }
  if (whole_value(0, first_end)) return Mode::kLines;
  // A damaged first line followed by records is NDJSON; a first line that
  // merely opens a document ('{"Records":[' then one record a line) is not.
  size_t last = first_end;
  while (last > 0 && (w.data()[last - 1] == ' ' || w.data()[last - 1] == '\t' ||
                      w.data()[last - 1] == '\r')) {
    --last;
  }
  const char tail = last > 0 ? w.data()[last - 1] : '\0';
  const bool opens_document = tail == '[' || tail == '{' || tail == ',' || tail == ':';
  if (!opens_document && w.data()[SkipWhitespace(w.data(), first_end, 0)] == '{' &&
      whole_value(second_begin, second_end)) {
    return Mode::kLines;  // first line damaged, the next ones are records
  }
  return Mode::kValues;
}

void Framer::TakeLine(Window& w) {
  size_t scanned = 0;
  bool too_long = false;
  const uint64_t start = w.offset();
  for (;;) {
    const void* nl = std::memchr(w.data() + scanned, '\n', w.size() - scanned);
    if (nl || w.eof()) {
      const size_t len = nl ? static_cast<size_t>(static_cast<const char*>(nl) - w.data()) : w.size();
      if (too_long) {
        Reject(start, RejectReason::kTooLarge,
               "line longer than max_envelope_bytes (" +
                   std::to_string(limits().max_envelope_bytes) + ")");
      } else {
        size_t e = len;
        while (e > 0 && (w.data()[e - 1] == '\r' || w.data()[e - 1] == ' ' ||
                         w.data()[e - 1] == '\t')) {
          --e;
        }
        // A line may hold several values back to back (HEC bodies do). Stray
        // bytes that start no object or array make the whole line one bad
        // record: it is corrupt, and its pieces are not records to trust.
        const size_t first = SkipWhitespace(w.data(), e, 0);
        std::vector<std::pair<size_t, size_t>> pieces;
        bool incomplete = false;
        for (size_t pos = first; pos < e; pos = SkipWhitespace(w.data(), e, pos)) {
          ScanState st;
          size_t end = pos;
          if (ScanValue(w.data(), e, &end, &st, true) != ScanStatus::kComplete) {
            pieces.emplace_back(pos, e);
            incomplete = true;
            break;
          }
          pieces.emplace_back(pos, end);
          pos = end;
        }
        bool stray = false;
        for (size_t k = 1; k < pieces.size(); ++k) {
          const char c = w.data()[pieces[k].first];
          stray |= c != '{' && c != '[';
        }
        if (stray) {
          Reject(w.offset() + first, RejectReason::kInvalidJson,
                 "unexpected content after the JSON value at byte " +
                     std::to_string(pieces[1].first - first) + " of the line");
        } else {
          for (size_t k = 0; k < pieces.size(); ++k) {
            const auto [b, end] = pieces[k];
            if (incomplete && k + 1 == pieces.size()) {
              const std::string why = w.stream_error();
              if (!nl && !why.empty()) {
                // The stream broke inside this last line: one error says both.
                Reject(w.offset() + b, RejectReason::kDecompression,
                       why + "; the last line is incomplete");
                stream_error_reported_ = true;
              } else {
                Reject(w.offset() + b, RejectReason::kTruncated, "line ends inside a JSON value");
              }
              break;
            }
            HandleUnit(std::string_view(w.data() + b, end - b), w.offset() + b,
                       Plain(Envelope::kNdjson), inherited_time_);
          }
        }
      }
      w.Consume(nl ? len + 1 : len);
      return;
    }
    scanned = w.size();
    if (w.size() > limits().max_envelope_bytes) {
      too_long = true;
      w.Consume(w.size());
      scanned = 0;
    }
    w.Fill();
  }
}

bool Framer::StartsRecordsArray(Window& w, size_t* consumed) {
  EnsureBytes(w, 64);
  const char* d = w.data();
  const size_t n = w.size();
  size_t pos = SkipWhitespace(d, n, 1);
  static constexpr std::string_view kKey = "\"Records\"";
  if (pos + kKey.size() > n || std::string_view(d + pos, kKey.size()) != kKey) return false;
  pos = SkipWhitespace(d, n, pos + kKey.size());
  if (pos >= n || d[pos] != ':') return false;
  pos = SkipWhitespace(d, n, pos + 1);
  if (pos >= n || d[pos] != '[') return false;
  *consumed = pos + 1;
  return true;
}

bool Framer::ElementLoop(Window& w, Envelope envelope) {
  bool first = true;
  for (;;) {
    if (SkipWs(w) == 0) {
      const std::string why = w.stream_error();
      Reject(w.offset(), why.empty() ? RejectReason::kTruncated : RejectReason::kDecompression,
             (why.empty() ? std::string("the source ends inside the array") : why) +
                 "; the document is incomplete");
      return false;
    }
    const char c = w.data()[0];
    if (c == ']') {
      w.Consume(1);
      return true;
    }
    if (!first) {
      if (c != ',') {
        Reject(w.offset(), RejectReason::kDamaged,
               "expected ',' or ']' between records, found '" + Shorten(std::string_view(w.data(), w.size()), 24) +
                   "'; the rest of the source is skipped");
        return false;
      }
      w.Consume(1);
      if (SkipWs(w) == 0) continue;  // reported at the top of the loop
      // A trailing comma ("[r1, r2,]"): tolerated, the array ends here.
      if (w.data()[0] == ']') continue;
    }
    first = false;
    size_t end = 0;
    uint64_t start = 0;
    // An element may itself be an envelope or an array of records (a slurped
    // list of S3 documents), so it is framed with the envelope limit; each
    // record in it is held to max_record_bytes when delivered.
    switch (TakeValue(w, limits().max_envelope_bytes, &end, &start)) {
      case Take::kOk:
        HandleUnit(std::string_view(w.data(), end), w.offset(), Plain(envelope), inherited_time_);
        w.Consume(end);
        break;
      case Take::kTooLarge:
        Reject(start, RejectReason::kTooLarge,
               "array element larger than max_envelope_bytes (" +
                   std::to_string(limits().max_envelope_bytes) + ")");
        break;
      case Take::kTruncated: {
        const std::string why = w.stream_error();
        Reject(start, why.empty() ? RejectReason::kTruncated : RejectReason::kDecompression,
               (why.empty() ? std::string("the source ends inside this record") : why) +
                   "; the rest of the document is lost");
        w.Consume(w.size());
        return false;
      }
    }
  }
}

void Framer::SkipRestOfObject(Window& w) {
  ScanState state;
  state.phase = ScanState::Phase::kContainer;
  state.depth = 1;
  for (;;) {
    size_t pos = 0;
    if (ScanValue(w.data(), w.size(), &pos, &state, w.eof()) == ScanStatus::kComplete) {
      w.Consume(pos);
      return;
    }
    w.Consume(pos);
    if (!w.Fill()) {
      Reject(w.offset(), RejectReason::kTruncated,
             "the document ends before its closing '}' (every record before it was read)");
      return;
    }
  }
}

bool Framer::SalvageRecords(std::string_view partial, uint64_t offset) {
  ObjectScan scan = ScanObject(partial, 0);
  if (scan.complete || !scan.truncated || scan.partial_key != "Records" ||
      partial[scan.partial_value_begin] != '[') {
    return false;
  }
  size_t broken_at = 0;
  bool truncated = false;
  ForEachElement(
      partial, scan.partial_value_begin,
      [&](size_t b, size_t e) {
        HandleUnit(partial.substr(b, e - b), offset + b, Plain(Envelope::kS3Records),
                   inherited_time_);
      },
      &broken_at, &truncated);
  Reject(offset + broken_at, RejectReason::kTruncated,
         "the source ends inside this record; the rest of the document is lost");
  return true;
}

void Framer::Run(Window& w) {
  window_ = &w;
  Mode mode = Mode::kUndecided;
  for (;;) {
    if (SkipWs(w) == 0) {
      if (!w.stream_error().empty() && !stream_error_reported_) {
        Reject(w.offset(), RejectReason::kDecompression, w.stream_error());
      }
      return;
    }
    if (mode == Mode::kUndecided) mode = DecideMode(w);
    if (mode == Mode::kLines) {
      TakeLine(w);
      continue;
    }
    const char c = w.data()[0];
    if (c == '[') {
      w.Consume(1);
      if (!ElementLoop(w, Envelope::kJsonArray)) return;
      continue;
    }
    size_t consumed = 0;
    if (c == '{' && StartsRecordsArray(w, &consumed)) {
      w.Consume(consumed);
      if (!ElementLoop(w, Envelope::kS3Records)) return;
      SkipRestOfObject(w);
      continue;
    }
    if (c != '{') {
      Reject(w.offset(), RejectReason::kDamaged,
             "expected a JSON object or array, found '" +
                 Shorten(std::string_view(w.data(), w.size()), 24) +
                 "'; the rest of the source is skipped");
      w.Consume(w.size());
      while (w.Fill()) w.Consume(w.size());
      return;
    }
    size_t end = 0;
    uint64_t start = 0;
    switch (TakeValue(w, limits().max_envelope_bytes, &end, &start)) {
      case Take::kOk:
        HandleUnit(std::string_view(w.data(), end), w.offset(), Plain(Envelope::kSingleRecord),
                   inherited_time_);
        w.Consume(end);
        break;
      case Take::kTooLarge:
        Reject(start, RejectReason::kTooLarge,
               "JSON value larger than max_envelope_bytes (" +
                   std::to_string(limits().max_envelope_bytes) + ")");
        break;
      case Take::kTruncated: {
        // Everything up to the end is in the window: keep the complete
        // records of a Records array that is not the object's first member.
        if (SalvageRecords(std::string_view(w.data(), w.size()), w.offset())) {
          w.Consume(w.size());
          return;
        }
        const std::string why = w.stream_error();
        Reject(start, why.empty() ? RejectReason::kTruncated : RejectReason::kDecompression,
               (why.empty() ? std::string("the source ends inside this JSON value") : why) +
                   "; the rest of the source is lost");
        w.Consume(w.size());
        return;
      }
    }
  }
}

void RejectRecord(SourceContext& ctx, uint64_t byte_offset, RejectReason reason,
                  std::string message) {
  RecordError e;
  e.location.source = ctx.name;
  e.location.record_index = ctx.next_index++;
  e.location.byte_offset = byte_offset;
  e.reason = reason;
  e.message = std::move(message);
  ++ctx.counters->records_seen;
  ++ctx.counters->records_rejected;
  ctx.sink->OnError(e);
}

void FrameStream(SourceContext& ctx, Window& window, int nesting) {
  Framer framer(ctx, nesting);
  framer.Run(window);
}

}  // namespace trailhunt::input
