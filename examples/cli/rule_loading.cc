#include "rule_loading.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>
#include <system_error>

#include "trailhunt/packs.h"

namespace cli {
namespace {

namespace fs = std::filesystem;
using trailhunt::sigma::Diagnostic;

Diagnostic PathDiagnostic(Diagnostic::Severity severity, const std::string& path,
                          std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.where.file = path;
  d.construct = "path";
  d.message = std::move(message);
  return d;
}

bool IsRuleFileName(const fs::path& p) {
  const std::string ext = p.extension().string();
  return ext == ".yml" || ext == ".yaml";
}

std::string KnownPacks() {
  std::string out;
  for (std::string_view name : trailhunt::packs::PackNames()) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out.empty() ? "none" : out;
}

}  // namespace

std::vector<FlagSpec> RuleFlagSpecs() {
  return {{"--rules", true},
          {"--pack", true},
          {"--filters", true},
          {"--placeholder", true},
          {"--filter-pattern", true}};
}

absl::Status AddPlaceholder(std::string_view assignment, trailhunt::sigma::LoadOptions* load) {
  const size_t eq = assignment.find('=');
  if (eq == std::string_view::npos) {
    return absl::InvalidArgumentError("--placeholder: expected NAME=VALUE, got '" +
                                      std::string(assignment) + "'");
  }
  std::string_view name = assignment.substr(0, eq);
  // Rules write placeholders as %name%; accept the name as written there.
  if (name.size() >= 2 && name.front() == '%' && name.back() == '%') {
    name = name.substr(1, name.size() - 2);
  }
  if (name.empty() || name.find('%') != std::string_view::npos) {
    return absl::InvalidArgumentError("--placeholder: '" + std::string(assignment) +
                                      "' names no placeholder (expected NAME=VALUE)");
  }
  load->placeholders[std::string(name)].emplace_back(assignment.substr(eq + 1));
  return absl::OkStatus();
}

absl::StatusOr<RuleRequest> RuleRequestFromFlags(const CommandFlags& flags) {
  RuleRequest request;
  request.rule_paths = flags.All("--rules");
  request.filter_patterns = flags.All("--filter-pattern");
  for (const std::string& pack : flags.All("--pack")) {
    // Naming a pack twice must not load its rules twice.
    if (std::find(request.packs.begin(), request.packs.end(), pack) == request.packs.end()) {
      request.packs.push_back(pack);
    }
  }
  request.filter_paths = flags.All("--filters");
  for (const std::string& pack : request.packs) {
    if (trailhunt::packs::PackFiles(pack).empty()) {
      return absl::InvalidArgumentError("--pack: no built-in pack '" + pack +
                                        "' (known packs: " + KnownPacks() + ")");
    }
  }
  for (const std::string& assignment : flags.All("--placeholder")) {
    if (auto st = AddPlaceholder(assignment, &request.load); !st.ok()) return st;
  }
  return request;
}

std::vector<std::string> RuleFilesUnder(const std::string& path,
                                        std::vector<Diagnostic>* diagnostics) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return {path};  // a file, or LoadPath says why not
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(path, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec) && IsRuleFileName(it->path())) {
      files.push_back(it->path().string());
    }
  }
  if (ec) {
    diagnostics->push_back(PathDiagnostic(Diagnostic::Severity::kError, path,
                                          "cannot read the directory: " + ec.message()));
  }
  std::sort(files.begin(), files.end());
  if (files.empty() && !ec) {
    diagnostics->push_back(PathDiagnostic(Diagnostic::Severity::kWarning, path,
                                          "the directory holds no *.yml or *.yaml file"));
  }
  return files;
}

const std::string& LoadedRules::DisplayName(const std::string& file) const {
  auto it = display_names.find(file);
  return it == display_names.end() ? file : it->second;
}

std::vector<std::string> RequestedPacks(const RuleRequest& request) {
  if (!request.packs.empty() || !request.rule_paths.empty() || !request.filter_patterns.empty()) {
    return request.packs;
  }
  std::vector<std::string> packs;
  switch (request.default_packs) {
    case RuleRequest::DefaultPacks::kNone:
      break;
    case RuleRequest::DefaultPacks::kThreatPacks:
      for (std::string_view name : trailhunt::packs::ThreatPackNames()) packs.emplace_back(name);
      break;
    case RuleRequest::DefaultPacks::kAllPacks:
      for (std::string_view name : trailhunt::packs::PackNames()) packs.emplace_back(name);
      break;
  }
  return packs;
}

LoadedRules LoadRules(const RuleRequest& request) {
  LoadedRules out;
  auto load_paths = [&](const std::vector<std::string>& paths,
                        trailhunt::sigma::RuleCollection* into) {
    for (const std::string& path : paths) {
      fs::path root = fs::path(path).lexically_normal();
      if (root.filename().empty()) root = root.parent_path();  // "dir/"
      for (const std::string& file : RuleFilesUnder(path, &into->diagnostics)) {
        std::error_code ec;
        if (fs::is_regular_file(file, ec)) ++out.files;
        const fs::path relative = fs::path(file).lexically_relative(root);
        out.display_names[file] = file == path || relative.empty()
                                      ? fs::path(file).filename().string()
                                      : (root.filename() / relative).string();
        trailhunt::sigma::LoadPath(file, request.load, into);
      }
    }
  };
  load_paths(request.rule_paths, &out.collection);
  for (size_t i = 0; i < request.filter_patterns.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    trailhunt::sigma::LoadFilterPattern(request.filter_patterns[i], "filter-pattern-" + n,
                                        "--filter-pattern " + n, &out.collection);
  }
  for (const std::string& pack : RequestedPacks(request)) {
    out.files += trailhunt::packs::PackFiles(pack).size();
    trailhunt::packs::LoadPack(pack, request.load, &out.collection);
  }
  for (const std::string& path : request.filter_paths) {
    trailhunt::sigma::RuleCollection filters;
    load_paths({path}, &filters);
    const size_t not_filters = filters.rules.size() + filters.correlations.size();
    if (not_filters > 0) {
      // Loaded all the same (a rule is never dropped without a word), but a
      // filter directory that adds rules to a hunt is worth knowing about.
      filters.diagnostics.push_back(PathDiagnostic(
          Diagnostic::Severity::kWarning, path,
          "--filters path holds " + Counted(not_filters, "rule", "rules") +
              " that are not filters; they are hunted with too"));
    }
    out.collection.Append(std::move(filters));
  }
  return out;
}

DiagnosticCounts PrintDiagnostics(const std::vector<Diagnostic>& diagnostics) {
  DiagnosticCounts counts;
  for (const Diagnostic& d : diagnostics) {
    (d.severity == Diagnostic::Severity::kError ? counts.errors : counts.warnings) += 1;
    std::fprintf(stderr, "%s\n", d.ToString().c_str());
    // The library names its API; a CLI user needs the flag.
    const std::string kPlaceholder = "placeholder '%";
    if (d.construct.rfind(kPlaceholder, 0) == 0 && d.construct.size() > kPlaceholder.size() + 2) {
      const std::string name = d.construct.substr(
          kPlaceholder.size(), d.construct.size() - kPlaceholder.size() - 2);
      std::fprintf(stderr, "%s:%d:%d: note: give it values with --placeholder %s=VALUE\n",
                   d.where.file.c_str(), d.where.line, d.where.column, name.c_str());
    }
  }
  return counts;
}

std::shared_ptr<const trailhunt::RuleSet> LoadAndCompile(const RuleRequest& request,
                                                         const trailhunt::RuleSetOptions& options,
                                                         LoadedRules* loaded,
                                                         DiagnosticCounts* counts) {
  *loaded = LoadRules(request);
  *counts = PrintDiagnostics(loaded->collection.diagnostics);
  PrintSkipped(loaded->collection);
  std::vector<Diagnostic> compile_diagnostics;
  auto rules = trailhunt::RuleSet::Compile(loaded->collection, options, &compile_diagnostics);
  const DiagnosticCounts more = PrintDiagnostics(compile_diagnostics);
  counts->errors += more.errors;
  counts->warnings += more.warnings;
  return rules;
}

void PrintSkipped(const trailhunt::sigma::RuleCollection& collection) {
  if (collection.skipped_logsource == 0) return;
  // One entry per document: name each file once, and at most a few.
  constexpr size_t kMaxNamed = 5;
  std::set<std::string> seen;
  std::vector<std::string> named;
  size_t more = 0;
  for (const std::string& f : collection.skipped_files) {
    if (!seen.insert(f).second) continue;
    if (named.size() < kMaxNamed) named.push_back(f);
    else ++more;
  }
  std::string files;
  for (const std::string& f : named) files += (files.empty() ? "" : ", ") + f;
  if (more > 0) files += " and " + Counted(more, "more file", "more files");
  std::fprintf(stderr, "trailhunt: skipped %s whose logsource is not aws/cloudtrail%s%s\n",
               Counted(collection.skipped_logsource, "rule document", "rule documents").c_str(),
               files.empty() ? "" : ": ", files.c_str());
}

std::string Counted(size_t n, std::string_view singular, std::string_view plural) {
  return std::to_string(n) + " " + std::string(n == 1 ? singular : plural);
}

std::string RuleIdOf(const trailhunt::sigma::RuleInfo& info) {
  return info.id.empty() ? info.name : info.id;
}

}  // namespace cli
