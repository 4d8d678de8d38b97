// The structured view an analyst reads: one record indented, keys in a
// stable order (CloudTrail's documented order at the top level, then the
// rest alphabetically; nested objects alphabetically), optionally coloured.
#ifndef TRAILHUNT_CLI_PRETTY_PRINTER_H_
#define TRAILHUNT_CLI_PRETTY_PRINTER_H_

#include <string>

#include "trailhunt/event.h"

namespace cli {

void AppendPretty(const trailhunt::Event& event, bool color, std::string& out);

}  // namespace cli

#endif  // TRAILHUNT_CLI_PRETTY_PRINTER_H_
