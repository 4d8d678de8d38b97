// File: catalog.h
// The one field catalog every language resolves names through: CloudTrail's
// documented fields, the names a Splunk user types under the Splunk Add-on
// for AWS (`src_ip`, `user`, `region`, ...), and fields trailhunt computes
// (the canonical principal name per identity type).
//
// The add-on's field definitions ship only inside its package; where its
// behaviour is inferred from published searches and results rather than read
// in its configuration, the entry says so (Provenance::kInferred).
//
// Thread-safety: the catalog is immutable; Resolve is const and reentrant.
#ifndef TRAILHUNT_CATALOG_H_
#define TRAILHUNT_CATALOG_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "trailhunt/path.h"

namespace trailhunt {

// Which naming a query is written against.
enum class FieldView : uint8_t {
  kRaw,          // CloudTrail JSON names only (Sigma, filter patterns)
  kSplunkAddOn,  // sourcetype=aws:cloudtrail: add-on aliases, errorCode=success
};

// Values trailhunt derives from several fields of a record.
enum class ComputedField : uint8_t {
  kNone,
  kPrincipalName,     // canonical principal name, by userIdentity.type
  kErrorCodeOrSuccess,// errorCode, or "success" when the call succeeded
  kSessionName,       // the session part of an assumed-role ARN
  kEventTimeIso,      // the record's time as ISO-8601 (eventTime or envelope)
};

enum class Provenance : uint8_t {
  kDocumented,  // AWS's record reference or the add-on's published docs
  kInferred,    // the add-on's behaviour inferred from public searches/results
  kTrailhunt,   // a trailhunt extension
};
std::string_view ProvenanceName(Provenance provenance);

struct CatalogEntry {
  std::string_view name;
  FieldView view;             // kRaw entries are visible in every view
  std::string_view target;    // the path it reads, when not computed
  ComputedField computed;
  Provenance provenance;
  std::string_view description;
};

// A name resolved once, at compile time; evaluation never looks names up.
struct ResolvedField {
  std::string name;                 // as the user wrote it
  std::string canonical;            // the catalog name or the path text
  FieldPath path;                   // what to read when not computed
  ComputedField computed = ComputedField::kNone;
  const CatalogEntry* entry = nullptr;  // null for a plain path
  // Set when the name matched a catalog name only case-insensitively; the
  // caller reports it once as a warning.
  std::string warning;
};

class Catalog {
 public:
  // The built-in catalog (static storage).
  static const Catalog& Default();

  absl::Span<const CatalogEntry> entries() const { return entries_; }

  // Resolution order: a catalog name visible in `view`, exactly; a path whose
  // first key is a documented top-level CloudTrail field, exactly; a catalog
  // name matched case-insensitively (with a warning); else the name as a
  // plain path (JSON paths stay case-sensitive, as in Splunk). Fails only
  // when the name is not a valid path.
  absl::StatusOr<ResolvedField> Resolve(std::string_view name,
                                        FieldView view) const;
  // The same order, with every path (a catalog entry's target, or the name
  // itself) parsed with `options`: the Sigma front end resolves names in
  // FieldView::kRaw with implicit_arrays set.
  absl::StatusOr<ResolvedField> Resolve(std::string_view name, FieldView view,
                                        PathOptions options) const;

  // True for the documented top-level fields of record versions 1.0-1.11.
  static bool IsTopLevelField(std::string_view key);

 private:
  explicit Catalog(std::vector<CatalogEntry> entries);
  std::vector<CatalogEntry> entries_;
};

}  // namespace trailhunt

#endif  // TRAILHUNT_CATALOG_H_
