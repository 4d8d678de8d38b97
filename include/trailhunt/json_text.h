// File: json_text.h
// Minimal JSON text emission for whoever prints records, values and results
// (the OCSF mapper, the CLI's jsonl and csv output). It appends to a
// caller-owned std::string so hot paths can reuse the buffer.
#ifndef TRAILHUNT_JSON_TEXT_H_
#define TRAILHUNT_JSON_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace trailhunt {

// Appends `text` as a JSON string literal (with quotes). Control characters
// are escaped as \uXXXX; bytes >= 0x80 are copied as they are, because every
// string we emit was validated as UTF-8 on the way in.
void AppendJsonString(std::string& out, std::string_view text);

// Appends `text` escaped for inclusion inside a JSON string (no quotes).
void AppendJsonEscaped(std::string& out, std::string_view text);

void AppendJsonInt(std::string& out, int64_t value);

}  // namespace trailhunt

#endif  // TRAILHUNT_JSON_TEXT_H_
