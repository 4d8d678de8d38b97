// trailhunt_bench_corpus: writes a deterministic CloudTrail corpus to disk.
//
//   trailhunt_bench_corpus --out DIR --mb 256 --format ndjson|s3gz [--files N]
//                          [--seed S] [--level L]
//
// ndjson: DIR/cloudtrail.ndjson, one record per line.
// s3gz:   N files DIR/<account>_CloudTrail_<region>_<time>_<id>.json.gz, each a
//         gzip'd {"Records":[...]} document as S3 trail delivery writes them.
// The same seed and --mb give the same records in both formats (the size
// counts each record plus one separator). A manifest with the reference
// counts (records, per eventName, per errorCode, ConsoleLogin's MFAUsed) is
// printed to stdout as one JSON object.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "corpus.h"

namespace {

int Usage(const char* why) {
  if (why != nullptr) std::fprintf(stderr, "trailhunt_bench_corpus: %s\n", why);
  std::fprintf(stderr,
               "usage: trailhunt_bench_corpus --out DIR --mb N [--format ndjson|s3gz] [--files N]\n"
               "                              [--seed S] [--level 1-12]\n");
  return 2;
}

// mkdir -p.
bool MakeDirs(const std::string& path) {
  for (size_t i = 1; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      const std::string prefix = path.substr(0, i);
      if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) return false;
    }
  }
  return true;
}

bool WriteFile(const std::string& path, std::string_view bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "trailhunt_bench_corpus: cannot create %s: %s\n", path.c_str(), std::strerror(errno));
    return false;
  }
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

// "20240301T0005Z", as S3 delivery names carry the time.
std::string FileTime(int64_t t) {
  const int64_t days = t / 86400;
  // civil_from_days, as in corpus.cc (kept local: one use).
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  const int64_t s = t % 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02dZ", y, m, d, static_cast<int>(s / 3600),
                static_cast<int>(s / 60 % 60));
  return buf;
}

std::string FileId(uint64_t seed, size_t index) {
  static const char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  uint64_t x = seed * 0x9e3779b97f4a7c15ULL + index + 1;
  std::string id(16, 'A');
  for (char& c : id) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 29;
    c = kAlnum[x % 62];
  }
  return id;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_dir, format = "ndjson";
  double mb = 0;
  long files = 1, level = 6;
  uint64_t seed = trailhunt_bench::kDefaultSeed;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      Usage(nullptr);
      return 0;
    }
    if (i + 1 >= argc) return Usage(("missing value after " + arg).c_str());
    const char* v = argv[++i];
    char* end = nullptr;
    if (arg == "--out") {
      out_dir = v;
    } else if (arg == "--format") {
      format = v;
    } else if (arg == "--mb") {
      mb = std::strtod(v, &end);
      if (*end != '\0' || !(mb > 0) || mb > 1 << 20) return Usage("--mb: expected a positive size in MiB");
    } else if (arg == "--files") {
      files = std::strtol(v, &end, 10);
      if (*end != '\0' || files < 1 || files > 1000000) return Usage("--files: expected 1..1000000");
    } else if (arg == "--level") {
      level = std::strtol(v, &end, 10);
      if (*end != '\0' || level < 1 || level > 12) return Usage("--level: expected 1..12");
    } else if (arg == "--seed") {
      seed = std::strtoull(v, &end, 10);
      if (*end != '\0') return Usage("--seed: expected an integer");
    } else {
      return Usage(("unknown flag " + arg).c_str());
    }
  }
  if (out_dir.empty() || mb <= 0) return Usage("--out and --mb are required");
  if (format != "ndjson" && format != "s3gz") return Usage("--format must be ndjson or s3gz");
  if (!MakeDirs(out_dir)) {
    std::fprintf(stderr, "trailhunt_bench_corpus: cannot create %s: %s\n", out_dir.c_str(), std::strerror(errno));
    return 1;
  }

  const uint64_t target = static_cast<uint64_t>(mb * 1048576.0);
  trailhunt_bench::RecordGenerator gen(seed);
  uint64_t ndjson_bytes = 0;  // each record + one separator: the stop rule of both formats
  uint64_t written = 0;
  size_t files_written = 0;

  if (format == "ndjson") {
    const std::string path = out_dir + "/cloudtrail.ndjson";
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) {
      std::fprintf(stderr, "trailhunt_bench_corpus: cannot create %s: %s\n", path.c_str(), std::strerror(errno));
      return 1;
    }
    std::string buf;
    buf.reserve((size_t{4} << 20) + 65536);
    bool ok = true;
    while (ndjson_bytes < target) {
      const size_t before = buf.size();
      gen.Append(buf);
      buf += '\n';
      ndjson_bytes += buf.size() - before;
      if (buf.size() >= (size_t{4} << 20)) {
        ok = ok && std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
        buf.clear();
      }
    }
    ok = ok && std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
    if (std::fclose(f) != 0 || !ok) {
      std::fprintf(stderr, "trailhunt_bench_corpus: write to %s failed\n", path.c_str());
      return 1;
    }
    written = ndjson_bytes;
    files_written = 1;
  } else {
    const uint64_t per_file = target / static_cast<uint64_t>(files);
    std::string doc, gz;
    uint64_t file_bytes = 0;
    int64_t file_time = gen.next_time();
    auto flush = [&]() {
      doc += "]}";
      if (!trailhunt_bench::Gzip(doc, static_cast<int>(level), &gz)) return false;
      const std::string path = out_dir + "/111122223333_CloudTrail_us-east-1_" + FileTime(file_time) + "_" +
                               FileId(seed, files_written) + ".json.gz";
      if (!WriteFile(path, gz)) return false;
      written += gz.size();
      ++files_written;
      doc.clear();
      file_bytes = 0;
      return true;
    };
    while (ndjson_bytes < target) {
      if (doc.empty()) {
        doc = "{\"Records\":[";
        file_time = gen.next_time();
      } else {
        doc += ',';
      }
      const size_t before = doc.size();
      gen.Append(doc);
      const uint64_t n = doc.size() - before + 1;
      ndjson_bytes += n;
      file_bytes += n;
      if (file_bytes >= per_file && static_cast<long>(files_written) + 1 < files && ndjson_bytes < target) {
        if (!flush()) return 1;
      }
    }
    if (!doc.empty() && !flush()) return 1;
  }

  const trailhunt_bench::CorpusCounts& c = gen.counts();
  std::string m = "{\"format\":\"" + format + "\",\"seed\":" + std::to_string(seed) +
                  ",\"records\":" + std::to_string(c.records) +
                  ",\"record_bytes\":" + std::to_string(c.record_bytes) +
                  ",\"ndjson_bytes\":" + std::to_string(ndjson_bytes) +
                  ",\"bytes_written\":" + std::to_string(written) +
                  ",\"files\":" + std::to_string(files_written) +
                  ",\"errors\":" + std::to_string(c.errors) +
                  ",\"console_logins\":" + std::to_string(c.console_logins) + ",\"eventName\":{";
  const auto add_map = [&m](const std::map<std::string, uint64_t>& counts) {
    bool first = true;
    for (const auto& [name, n] : counts) {
      if (!first) m += ',';
      first = false;
      m += "\"" + name + "\":" + std::to_string(n);
    }
  };
  add_map(c.by_event_name);
  m += "},\"errorCode\":{";
  add_map(c.by_error_code);
  m += "},\"MFAUsed\":{";
  add_map(c.by_mfa_used);
  m += "}}\n";
  std::fwrite(m.data(), 1, m.size(), stdout);
  return 0;
}
