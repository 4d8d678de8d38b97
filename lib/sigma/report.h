// Collects the diagnostics of one YAML document: every stage of the loader
// reports through it, and the document loads only when it stayed clean. It
// also keeps the document's leaf budget, so that no combination of lists
// and expanding modifiers can build an unbounded expression.
#ifndef TRAILHUNT_LIB_SIGMA_REPORT_H_
#define TRAILHUNT_LIB_SIGMA_REPORT_H_

#include <string>
#include <string_view>
#include <vector>

#include "sigma/yaml_reader.h"
#include "trailhunt/sigma.h"

namespace trailhunt::sigma_internal {

// Most predicate leaves the search identifiers of one document may hold.
inline constexpr size_t kMaxDocumentLeaves = 200000;

class Report {
 public:
  Report(std::string_view file, std::vector<Diagnostic>* out) : file_(file), out_(out) {}

  void Error(int line, int column, std::string construct, std::string message) {
    Add(Diagnostic::Severity::kError, line, column, std::move(construct), std::move(message));
    ++errors_;
  }
  void Error(const YamlNode& at, std::string construct, std::string message) {
    Error(at.line, at.column, std::move(construct), std::move(message));
  }
  void Warning(int line, int column, std::string construct, std::string message) {
    Add(Diagnostic::Severity::kWarning, line, column, std::move(construct), std::move(message));
  }

  size_t errors() const { return errors_; }

  // Takes `leaves` from the document's budget; false once it is exhausted.
  bool SpendLeaves(size_t leaves) {
    leaves_ += leaves;
    return leaves_ <= kMaxDocumentLeaves;
  }
  bool leaves_exhausted() const { return leaves_ > kMaxDocumentLeaves; }
  const std::string& file() const { return file_; }

 private:
  void Add(Diagnostic::Severity severity, int line, int column, std::string construct,
           std::string message) {
    Diagnostic d;
    d.severity = severity;
    d.where = SourcePos{file_, line, column};
    d.construct = std::move(construct);
    d.message = std::move(message);
    out_->push_back(std::move(d));
  }

  std::string file_;
  std::vector<Diagnostic>* out_;
  size_t errors_ = 0;
  size_t leaves_ = 0;
};

}  // namespace trailhunt::sigma_internal

#endif  // TRAILHUNT_LIB_SIGMA_REPORT_H_
