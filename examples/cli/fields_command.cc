// trailhunt fields: the field catalog, so an analyst can see which names
// resolve to what, and which of them are inferred rather than documented.
#include <cstdio>

#include "commands.h"
#include "table_writer.h"
#include "trailhunt/catalog.h"

namespace cli {

int RunFields(const Options& options) {
  RowFormat format = RowFormat::kTable;
  if (options.format == "jsonl") format = RowFormat::kJsonl;
  else if (options.format == "csv") format = RowFormat::kCsv;
  else if (options.format == "markdown") format = RowFormat::kMarkdown;
  else if (!options.format.empty() && options.format != "table") {
    std::fprintf(stderr, "trailhunt fields: --format must be table, markdown, csv or jsonl\n");
    return 2;
  }
  RowWriter writer(format, {"name", "view", "reads", "provenance", "description"}, stdout);
  for (const trailhunt::CatalogEntry& e : trailhunt::Catalog::Default().entries()) {
    const char* view = e.view == trailhunt::FieldView::kRaw ? "all" : "aws:cloudtrail";
    std::string reads = e.computed == trailhunt::ComputedField::kNone ? std::string(e.target)
                        : e.target.empty() ? std::string("(computed)")
                                           : "(computed from " + std::string(e.target) + ")";
    writer.Add({trailhunt::Value::String(std::string(e.name)), trailhunt::Value::String(view),
                trailhunt::Value::String(reads),
                trailhunt::Value::String(std::string(trailhunt::ProvenanceName(e.provenance))),
                trailhunt::Value::String(std::string(e.description))});
  }
  writer.Finish();
  return 0;
}

}  // namespace cli
