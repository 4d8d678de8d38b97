// File: hunt/rule_variants.h
// Realistic rule variants for the rule-count benchmark: a copy of a real
// rule's YAML text with its eventName, eventSource and userAgent literals
// swapped for other real ones (hunt/vocabulary.h), a new id and a title and
// name that say which variant it is. The text is rewritten line by line, not
// re-emitted, so a variant keeps its original's layout, modifiers,
// condition and every other field: what the rule index sees is a rule set
// shaped like the real one, spread over many more literals.
//
// Deterministic: variant `number` of a document is always the same text.
#ifndef TRAILHUNT_BENCH_HUNT_RULE_VARIANTS_H_
#define TRAILHUNT_BENCH_HUNT_RULE_VARIANTS_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "hunt/vocabulary.h"

namespace trailhunt_bench {

// The documents of a YAML stream, split at "---" (and "...") lines; blank
// documents are dropped.
inline std::vector<std::string> SplitYamlDocuments(std::string_view text) {
  std::vector<std::string> documents;
  std::string current;
  auto flush = [&documents, &current] {
    if (current.find_first_not_of(" \t\r\n") != std::string::npos) documents.push_back(current);
    current.clear();
  };
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(start, end - start);
    std::string_view bare = line;
    while (!bare.empty() && (bare.back() == '\n' || bare.back() == '\r' || bare.back() == ' ')) {
      bare.remove_suffix(1);
    }
    if (bare == "---" || bare == "...") {
      flush();
    } else {
      current.append(line);
    }
    start = end;
  }
  flush();
  return documents;
}

// splitmix64: the corpus generator's RNG, so variants are the same on
// every machine.
class VariantRng {
 public:
  explicit VariantRng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

class VariantWriter {
 public:
  // Variant `number` (>= 0) of a detection document.
  VariantWriter(std::string_view document, size_t number)
      : document_(document), number_(number), rng_(0x7261696c68756e74ULL ^ (number * 0x100000001b3ULL)) {
    const auto& services = CloudTrailServices();
    const size_t service = rng_.Below(services.size());
    service_ = &services[service];
    // Names are drawn in table order from a place in the chosen service, so
    // a long list runs on into the next services instead of repeating.
    for (size_t s = 0; s < services.size(); ++s) {
      if (s == service) name_cursor_ = all_names_.size() + rng_.Below(services[s].event_names.size());
      all_names_.insert(all_names_.end(), services[s].event_names.begin(), services[s].event_names.end());
    }
    agent_cursor_ = rng_.Below(UserAgentSubstrings().size());
  }

  std::string Write() {
    std::string out;
    out.reserve(document_.size() + 64);
    size_t start = 0;
    while (start < document_.size()) {
      size_t end = document_.find('\n', start);
      end = end == std::string_view::npos ? document_.size() : end + 1;
      RewriteLine(document_.substr(start, end - start), &out);
      start = end;
    }
    return out;
  }

  // How many literals the variant swapped: a variant that swapped none has
  // its original's logic (rules without eventName/eventSource/userAgent).
  size_t swapped() const { return swapped_; }

 private:
  // A scalar's place in a line and its text without quotes.
  struct Scalar {
    size_t begin = 0;  // in the line
    size_t end = 0;
    std::string value;
    bool plain = true;
  };

  static bool ParseScalar(std::string_view line, size_t begin, Scalar* s) {
    while (begin < line.size() && line[begin] == ' ') ++begin;
    if (begin >= line.size() || line[begin] == '\n' || line[begin] == '\r') return false;
    s->begin = begin;
    const char quote = line[begin];
    if (quote == '\'' || quote == '"') {
      s->plain = false;
      size_t i = begin + 1;
      for (; i < line.size(); ++i) {
        if (line[i] == quote) {
          if (quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
            s->value += '\'';
            ++i;
            continue;
          }
          break;
        }
        if (quote == '"' && line[i] == '\\') return false;  // escapes: leave alone
        s->value += line[i];
      }
      if (i >= line.size()) return false;
      s->end = i + 1;
      return true;
    }
    if (quote == '>' || quote == '|' || quote == '[' || quote == '{' || quote == '&' || quote == '*' ||
        quote == '!' || quote == '#') {
      return false;  // block scalars, flow collections, anchors, tags: not ours to touch
    }
    size_t end = line.find(" #", begin);
    if (end == std::string_view::npos) end = line.size();
    while (end > begin && (line[end - 1] == '\n' || line[end - 1] == '\r' || line[end - 1] == ' ')) --end;
    s->end = end;
    s->value = std::string(line.substr(begin, end - begin));
    return true;
  }

  static std::string Quoted(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
      out += c;
      if (c == '\'') out += '\'';
    }
    return out + "'";
  }

  static size_t Indent(std::string_view line) {
    size_t i = 0;
    while (i < line.size() && line[i] == ' ') ++i;
    return i;
  }

  // "key: value" or "key:" at `pos`: the key's end (the colon), or npos.
  static size_t KeyColon(std::string_view line, size_t pos) {
    if (pos >= line.size() || line[pos] == '\'' || line[pos] == '"' || line[pos] == '-') return std::string_view::npos;
    for (size_t i = pos; i < line.size(); ++i) {
      const char c = line[i];
      if (c == ':' && (i + 1 == line.size() || line[i + 1] == ' ' || line[i + 1] == '\n' || line[i + 1] == '\r')) {
        return i;
      }
      if (c == ' ' || c == '\'' || c == '"' || c == '#') return std::string_view::npos;
    }
    return std::string_view::npos;
  }

  std::string Uuid() {
    const uint64_t a = rng_.Next();
    const uint64_t b = rng_.Next();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
  }

  // The replacement literal for `field`'s value, or "" to keep it.
  std::string Replacement(std::string_view field, const std::string& value) {
    if (value.empty() || value == "null" || value.find_first_of("*?\\") != std::string::npos) return "";
    if (field == "eventName") {
      return std::string(all_names_[name_cursor_++ % all_names_.size()]);
    }
    if (field == "eventSource") {
      const std::string_view source = service_->event_source;
      if (value.size() > 14 && value.compare(value.size() - 14, 14, ".amazonaws.com") == 0) {
        return std::string(source);
      }
      if (value.find('.') == std::string::npos) return std::string(source.substr(0, source.find('.')));
      return "";
    }
    if (field == "userAgent") {
      const auto& agents = UserAgentSubstrings();
      return std::string(agents[agent_cursor_++ % agents.size()]);
    }
    return "";
  }

  static bool Swappable(std::string_view field) {
    return field == "eventName" || field == "eventSource" || field == "userAgent";
  }

  // Rewrites the scalar at `pos` of `line` (a value of `field`) into `out`.
  void SwapValue(std::string_view line, size_t pos, std::string_view field, std::string* out) {
    Scalar s;
    std::string replacement;
    if (ParseScalar(line, pos, &s)) replacement = Replacement(field, s.value);
    if (replacement.empty()) {
      out->append(line);
      return;
    }
    ++swapped_;
    out->append(line.substr(0, s.begin));
    out->append(Quoted(replacement));
    out->append(line.substr(s.end));
  }

  // A top-level scalar with a suffix appended (title, name); unchanged when
  // it is not a one-line scalar.
  void AppendToScalar(std::string_view line, size_t pos, std::string_view suffix, std::string* out) {
    Scalar s;
    if (!ParseScalar(line, pos, &s)) {
      out->append(line);
      return;
    }
    out->append(line.substr(0, s.begin));
    out->append(Quoted(s.value + std::string(suffix)));
    out->append(line.substr(s.end));
  }

  void RewriteLine(std::string_view line, std::string* out) {
    const size_t indent = Indent(line);
    const bool blank = indent >= line.size() || line[indent] == '\n' || line[indent] == '\r' || line[indent] == '#';
    if (blank) {
      out->append(line);
      return;
    }
    if (indent == 0) {
      list_field_.clear();
      in_detection_ = line.compare(0, 10, "detection:") == 0;
      const std::string tag = " (variant " + std::to_string(number_) + ")";
      if (line.compare(0, 3, "id:") == 0) {
        out->append("id: " + Uuid() + "\n");
      } else if (line.compare(0, 6, "title:") == 0) {
        AppendToScalar(line, 6, tag, out);
      } else if (line.compare(0, 5, "name:") == 0) {
        AppendToScalar(line, 5, "_variant_" + std::to_string(number_), out);
      } else {
        out->append(line);
      }
      return;
    }
    if (!in_detection_) {
      out->append(line);
      return;
    }
    size_t key_pos = indent;
    if (line[indent] == '-' && (indent + 1 == line.size() || line[indent + 1] == ' ')) {
      size_t item = indent + 1;
      while (item < line.size() && line[item] == ' ') ++item;
      if (KeyColon(line, item) == std::string_view::npos) {
        // A value of the list under the last key, if it is one of ours.
        if (!list_field_.empty() && indent >= list_indent_) {
          SwapValue(line, item, list_field_, out);
        } else {
          out->append(line);
        }
        return;
      }
      key_pos = item;  // a map inside a list of maps
    }
    list_field_.clear();
    const size_t colon = KeyColon(line, key_pos);
    if (colon == std::string_view::npos) {
      out->append(line);
      return;
    }
    const std::string_view key = line.substr(key_pos, colon - key_pos);
    const std::string_view field = key.substr(0, key.find('|'));
    if (!Swappable(field)) {
      out->append(line);
      return;
    }
    Scalar probe;
    if (!ParseScalar(line, colon + 1, &probe)) {
      // "eventName:" with its values on the following lines.
      list_field_ = std::string(field);
      list_indent_ = indent;
      out->append(line);
      return;
    }
    SwapValue(line, colon + 1, field, out);
  }

  std::string_view document_;
  size_t number_;
  VariantRng rng_;
  const ServiceNames* service_ = nullptr;
  std::vector<std::string_view> all_names_;
  size_t name_cursor_ = 0;
  size_t agent_cursor_ = 0;
  size_t swapped_ = 0;
  bool in_detection_ = false;
  std::string list_field_;
  size_t list_indent_ = 0;
};

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_HUNT_RULE_VARIANTS_H_
