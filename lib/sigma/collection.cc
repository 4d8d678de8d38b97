// Diagnostic text and RuleCollection bookkeeping.
#include <iterator>

#include "trailhunt/sigma.h"

namespace trailhunt::sigma {

std::string_view RuleLanguageName(RuleLanguage language) {
  switch (language) {
    case RuleLanguage::kSigma: return "sigma";
    case RuleLanguage::kFilterPattern: return "filterpattern";
  }
  return "?";
}

std::string Diagnostic::ToString() const {
  std::string out = where.file;
  if (where.line > 0) {
    out += ':' + std::to_string(where.line);
    if (where.column > 0) out += ':' + std::to_string(where.column);
  }
  out += severity == Severity::kError ? ": error: " : ": warning: ";
  out += message;
  return out;
}

size_t RuleCollection::error_count() const {
  size_t n = 0;
  for (const Diagnostic& d : diagnostics) n += d.severity == Diagnostic::Severity::kError;
  return n;
}

void RuleCollection::Append(RuleCollection&& other) {
  auto move_all = [](auto& to, auto& from) {
    to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
    from.clear();
  };
  move_all(rules, other.rules);
  move_all(correlations, other.correlations);
  move_all(filters, other.filters);
  move_all(diagnostics, other.diagnostics);
  move_all(skipped_files, other.skipped_files);
  documents += other.documents;
  skipped_logsource += other.skipped_logsource;
  other.documents = 0;
  other.skipped_logsource = 0;
}

}  // namespace trailhunt::sigma
