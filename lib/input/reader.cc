// ReadSource: opens a source, recognises what its bytes are (gzip, zip, tar,
// JSON, or something else to skip) and hands JSON to the framer. Containers
// recurse: a .tar.gz is gzip holding tar holding members that may be gzip.
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "input/byte_stream.h"
#include "input/framer.h"
#include "trailhunt/input.h"

namespace trailhunt {
namespace input {
namespace {

constexpr size_t kChunk = size_t{4} << 20;
constexpr size_t kPeek = 512;

enum class Kind { kEmpty, kJson, kGzip, kZip, kTar, kOther };

Kind Classify(std::string_view head) {
  if (head.empty()) return Kind::kEmpty;
  if (IsGzip(head)) return Kind::kGzip;
  if (head.size() >= 4 && head.substr(0, 2) == "PK" &&
      ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6))) {
    return Kind::kZip;
  }
  if (head.size() >= 262 && head.substr(257, 5) == "ustar") return Kind::kTar;
  size_t i = 0;
  if (head.size() >= 3 && static_cast<unsigned char>(head[0]) == 0xEF &&
      static_cast<unsigned char>(head[1]) == 0xBB && static_cast<unsigned char>(head[2]) == 0xBF) {
    i = 3;
  }
  while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
  // Only whitespace so far: empty if that is all, else let the framer look
  // further (it skips any amount of whitespace and rejects what follows if
  // that is not JSON).
  if (i == head.size()) return head.size() < kPeek ? Kind::kEmpty : Kind::kJson;
  // A leading '"' is JSON too (a fragment such as `"eventVersion": ...`):
  // the framer then rejects it with a reason instead of skipping the file.
  if (head[i] == '{' || head[i] == '[' || head[i] == '"') return Kind::kJson;
  return Kind::kOther;
}

class Reader {
 public:
  Reader(const ReadOptions& options, RecordSink& sink, InputCounters& counters)
      : options_(options), sink_(sink), counters_(counters) {}

  // Reads `stream` as the content of source `name` (context shared when the
  // stream is a decoded layer of the same source). `path` is set when the
  // stream is a plain file, so archives can be read seekably.
  void ReadStream(SourceContext& ctx, ByteStream& stream, int nesting, const std::string& path);

 private:
  void ReadArchive(SourceContext& ctx, ByteStream& stream, int nesting, const std::string& path);
  void Skip(const std::string& name, const std::string& why) {
    ++counters_.files_skipped;
    sink_.OnSkipped(name, why);
  }

  const ReadOptions& options_;
  RecordSink& sink_;
  InputCounters& counters_;
};

void Reader::ReadStream(SourceContext& ctx, ByteStream& raw, int nesting,
                        const std::string& path) {
  const Limits& limits = options_.limits;
  std::string head(kPeek, '\0');
  size_t got = 0;
  while (got < kPeek) {
    size_t n = raw.Read(head.data() + got, kPeek - got);
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  if (got == 0 && !raw.error().empty()) {
    // Nothing decodable at all (a gzip header that is already broken): one
    // error for the source, so the damage is counted, not hidden as a skip.
    RejectRecord(ctx, 0, RejectReason::kDecompression, raw.error());
    return;
  }
  const Kind kind = Classify(head);
  PrefixedStream stream(head, &raw);
  switch (kind) {
    case Kind::kEmpty:
      return;  // an empty file holds no records and is no error
    case Kind::kOther:
      Skip(ctx.name, "not JSON, gzip, zip or tar");
      return;
    case Kind::kZip:
    case Kind::kTar:
      ReadArchive(ctx, stream, nesting, path);
      return;
    case Kind::kGzip: {
      if (nesting >= limits.max_nesting_of_containers) {
        Skip(ctx.name, "containers nested deeper than the limit");
        return;
      }
      // A tar.gz goes to libarchive whole (it decodes gzip itself).
      {
        MemoryStream peek(head);
        GzipStream probe(&peek, kPeek);
        std::string inner(kPeek, '\0');
        size_t n = 0, k;
        while (n < kPeek && (k = probe.Read(inner.data() + n, kPeek - n)) > 0) n += k;
        inner.resize(n);
        if (Classify(inner) == Kind::kTar) {
          ReadArchive(ctx, stream, nesting, path);
          return;
        }
      }
      const int64_t hint = stream.size_hint();
      if (hint >= 0 && static_cast<uint64_t>(hint) <= limits.max_in_memory_bytes / 4) {
        Buffer read;
        std::string_view compressed;
        std::string why;
        if (!stream.Borrow(&compressed)) {
          if (!ReadAll(stream, limits.max_in_memory_bytes, 0, &read, &why)) {
            Skip(ctx.name, "unreadable: " + why);
            return;
          }
          compressed = read.view();
        }
        counters_.bytes_read += compressed.size();
        Buffer decoded;
        bool over = false;
        // Past either limit the stream below takes over: it stops at
        // max_decompressed_bytes and reports it, and frames what came before.
        const uint64_t whole_limit =
            std::min<uint64_t>(limits.max_in_memory_bytes, limits.max_decompressed_bytes);
        if (GunzipWhole(compressed, whole_limit, kJsonPadding, &decoded, &why, &over)) {
          // bytes_decoded is counted where the decoded bytes are framed.
          OwnedStream inner(std::move(decoded));
          ReadStream(ctx, inner, nesting + 1, "");
          return;
        }
        // Damaged or too large for memory: zlib decodes what it can, as a
        // stream, and the framer reports where it stopped.
        MemoryStream again(compressed);
        GzipStream inflated(&again, limits.max_decompressed_bytes);
        ReadStream(ctx, inflated, nesting + 1, "");
        return;
      }
      GzipStream inflated(&stream, limits.max_decompressed_bytes);
      ReadStream(ctx, inflated, nesting + 1, "");
      counters_.bytes_read += inflated.compressed_bytes_read();
      return;
    }
    case Kind::kJson: {
      // Memory the caller keeps is framed in place; a decoded buffer is
      // taken over; anything else (files, pipes, archive members) streams
      // through one reused window, so a large file is never held whole.
      std::string_view borrowed;
      Buffer owned;
      std::unique_ptr<Window> w;
      if (stream.Borrow(&borrowed)) {
        w = Window::FromBorrowed(borrowed);
      } else if (stream.TakeAll(&owned)) {
        w = Window::FromMemory(std::move(owned));
      } else {
        w = Window::FromStream(&stream, kChunk);
      }
      FrameStream(ctx, *w, nesting);
      counters_.bytes_decoded += w->offset();
      if (nesting == 0) counters_.bytes_read += w->offset();
      return;
    }
  }
}

// libarchive pulls through these callbacks when the archive is not a plain
// file (stdin, memory, an archive inside an archive).
struct ArchivePull {
  ByteStream* stream;
  std::string buffer;
};

la_ssize_t PullRead(struct archive*, void* client, const void** out) {
  auto* pull = static_cast<ArchivePull*>(client);
  pull->buffer.resize(1 << 16);
  const size_t n = pull->stream->Read(pull->buffer.data(), pull->buffer.size());
  *out = pull->buffer.data();
  return static_cast<la_ssize_t>(n);
}

class ArchiveMemberStream : public ByteStream {
 public:
  ArchiveMemberStream(struct archive* a, int64_t size) : a_(a), size_(size) {}
  size_t Read(char* out, size_t capacity) override {
    la_ssize_t n = archive_read_data(a_, out, capacity);
    if (n < 0) {
      const char* msg = archive_error_string(a_);
      error_ = std::string("archive member read failed: ") + (msg ? msg : "unknown error");
      return 0;
    }
    return static_cast<size_t>(n);
  }
  int64_t size_hint() const override { return size_; }

 private:
  struct archive* a_;
  int64_t size_;
};

void Reader::ReadArchive(SourceContext& ctx, ByteStream& stream, int nesting,
                         const std::string& path) {
  if (nesting >= options_.limits.max_nesting_of_containers) {
    Skip(ctx.name, "archives nested deeper than the limit");
    return;
  }
  struct archive* a = archive_read_new();
  archive_read_support_filter_all(a);
  archive_read_support_format_zip(a);
  archive_read_support_format_tar(a);
  archive_read_support_format_gnutar(a);
  ArchivePull pull{&stream, {}};
  int rc;
  if (!path.empty()) {
    rc = archive_read_open_filename(a, path.c_str(), 1 << 16);
  } else {
    rc = archive_read_open(a, &pull, nullptr, PullRead, nullptr);
  }
  if (rc != ARCHIVE_OK) {
    const char* msg = archive_error_string(a);
    Skip(ctx.name, std::string("unreadable archive: ") + (msg ? msg : "unknown error"));
    archive_read_free(a);
    return;
  }
  struct archive_entry* entry;
  for (;;) {
    rc = archive_read_next_header(a, &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN) {
      const char* msg = archive_error_string(a);
      Skip(ctx.name, std::string("archive damaged: ") + (msg ? msg : "unknown error") +
                         "; later members are not read");
      break;
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    const char* member = archive_entry_pathname(entry);
    SourceContext member_ctx;
    member_ctx.name = ctx.name + ":" + (member ? member : "?");
    member_ctx.sink = ctx.sink;
    member_ctx.counters = ctx.counters;
    member_ctx.options = ctx.options;
    ++counters_.sources_read;
    ArchiveMemberStream member_stream(
        a, archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1);
    ReadStream(member_ctx, member_stream, nesting + 1, "");
  }
  if (path.empty()) {
    // Count what libarchive pulled.
  }
  archive_read_free(a);
}

}  // namespace
}  // namespace input

Source FileSource(std::string path) {
  Source s;
  s.kind = Source::Kind::kFile;
  s.name = path;
  s.path = std::move(path);
  return s;
}

Source StdinSource() {
  Source s;
  s.kind = Source::Kind::kStdin;
  s.name = "-";
  return s;
}

Source MemorySource(std::string name, std::string_view bytes) {
  Source s;
  s.kind = Source::Kind::kMemory;
  s.name = std::move(name);
  s.memory = bytes;
  return s;
}

absl::Status ReadSource(const Source& source, const ReadOptions& options,
                        RecordSink& sink, InputCounters& counters) {
  input::SourceContext ctx;
  ctx.name = source.name;
  ctx.sink = &sink;
  ctx.counters = &counters;
  ctx.options = &options;
  input::Reader reader(options, sink, counters);
  switch (source.kind) {
    case Source::Kind::kMemory: {
      input::MemoryStream stream(source.memory);
      ++counters.sources_read;
      reader.ReadStream(ctx, stream, 0, "");
      return absl::OkStatus();
    }
    case Source::Kind::kStdin: {
      input::FdStream stream(0, /*owned=*/false, -1);
      ++counters.sources_read;
      reader.ReadStream(ctx, stream, 0, "");
      return absl::OkStatus();
    }
    case Source::Kind::kFile: {
      const int fd = ::open(source.path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) {
        return absl::NotFoundError("cannot open '" + source.path + "': " + std::strerror(errno));
      }
      struct stat st;
      if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return absl::InvalidArgumentError("'" + source.path + "' is not a regular file");
      }
      input::FdStream stream(fd, /*owned=*/true, static_cast<int64_t>(st.st_size));
      ++counters.sources_read;
      reader.ReadStream(ctx, stream, 0, source.path);
      if (!stream.error().empty()) {
        return absl::DataLossError("reading '" + source.path + "': " + stream.error());
      }
      return absl::OkStatus();
    }
  }
  return absl::InternalError("unknown source kind");
}

}  // namespace trailhunt
