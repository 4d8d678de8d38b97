// File: query/blog_projection.h
// The Projection of the blog searches' fields (query_answer.h BlogFields),
// built the way the query compiler builds one, and the check-only tally of a
// record's captured slots. Shared by the projection adapters.
#ifndef TRAILHUNT_BENCH_QUERY_BLOG_PROJECTION_H_
#define TRAILHUNT_BENCH_QUERY_BLOG_PROJECTION_H_

#include <memory>
#include <string>

#include "absl/types/span.h"
#include "query/query_answer.h"
#include "trailhunt/catalog.h"
#include "trailhunt/projection.h"

namespace trailhunt_bench {

// Null when a name does not resolve (the adapter then fails its check).
inline std::shared_ptr<const trailhunt::Projection> BuildBlogProjection() {
  trailhunt::ProjectionBuilder builder;
  for (const std::string& name : BlogFields()) {
    auto field = trailhunt::Catalog::Default().Resolve(name, trailhunt::FieldView::kSplunkAddOn);
    if (!field.ok()) return nullptr;
    builder.Add(*field);
  }
  return builder.Build();
}

// Timed passes only fold the slots into the checksum; the check also counts
// what the generator counted.
inline void UseSlots(absl::Span<const trailhunt::Value> slots, bool tally, QueryAnswer* answer) {
  for (const trailhunt::Value& v : slots) answer->checksum += ValueWeight(v);
  if (!tally) return;
  const trailhunt::Value& code = slots[kErrorCode];
  ++answer->by_error_code[code.ToDisplayString()];
  const trailhunt::Value& name = slots[kEventName];
  if (name.is_string() && name.text() == "ConsoleLogin") {
    ++answer->console_logins;
    ++answer->by_mfa_used[slots[kMfaUsed].ToDisplayString()];
  }
}

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_QUERY_BLOG_PROJECTION_H_
