#include "sigma/metadata.h"

#include <algorithm>

namespace trailhunt::sigma_internal {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "t1078.004" / "ta0001" / "g0016" / "s0002" -> the upper-case id.
std::string AttackId(std::string_view name) {
  std::string_view prefix;
  if (name.size() > 2 && name.substr(0, 2) == "ta") {
    prefix = "ta";
  } else if (!name.empty() && (name[0] == 't' || name[0] == 'g' || name[0] == 's')) {
    prefix = name.substr(0, 1);
  } else {
    return {};
  }
  std::string_view rest = name.substr(prefix.size());
  std::string_view number = rest.substr(0, rest.find('.'));
  if (number.size() != 4 || !AllDigits(number)) return {};
  if (rest.size() > 4) {
    // Only techniques have sub-techniques: t1078.004.
    if (prefix != "t" || rest[4] != '.' || rest.size() != 8 || !AllDigits(rest.substr(5))) return {};
  }
  std::string id;
  for (char c : prefix) id += Upper(c);
  id += rest;
  return id;
}

}  // namespace

bool ReadText(const YamlNode& node, std::string_view what, Report& report, std::string* out) {
  if (node.is_null()) {
    out->clear();
    return true;
  }
  if (!node.is_scalar()) {
    report.Error(node, "key '" + std::string(what) + "'",
                 "'" + std::string(what) + "' must be a text, not a " +
                     (node.is_map() ? "map" : "list"));
    return false;
  }
  *out = node.text;
  return true;
}

bool ReadTextList(const YamlNode& node, std::string_view what, Report& report,
                  std::vector<std::string>* out) {
  out->clear();
  if (node.is_null()) return true;
  if (node.is_scalar()) {
    out->push_back(node.text);
    return true;
  }
  if (!node.is_sequence()) {
    report.Error(node, "key '" + std::string(what) + "'",
                 "'" + std::string(what) + "' must be a list of texts, not a map");
    return false;
  }
  for (const YamlNode& item : node.items) {
    if (!item.is_scalar()) {
      report.Error(item, "key '" + std::string(what) + "'",
                   "every entry of '" + std::string(what) + "' must be a text");
      return false;
    }
    out->push_back(item.text);
  }
  return true;
}

std::vector<std::string> AttackIds(const std::vector<std::string>& tags) {
  std::vector<std::string> ids;
  for (const std::string& tag : tags) {
    const std::string lower = Lower(tag);
    if (lower.rfind("attack.", 0) != 0) continue;
    std::string id = AttackId(std::string_view(lower).substr(7));
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) {
      ids.push_back(std::move(id));
    }
  }
  return ids;
}

namespace {

// trailhunt's `compliance:` map. Its keys are few and fixed, so an unknown
// one is a typo worth an error rather than a control silently unreported.
void ReadCompliance(const YamlNode& node, Report& report, sigma::ComplianceRef* out) {
  if (!node.is_map()) {
    report.Error(node, "key 'compliance'",
                 "'compliance' must be a map (benchmark, control, securityhub, profile)");
    return;
  }
  struct TextKey {
    std::string_view name;
    std::string* out;
  };
  const TextKey keys[] = {{"benchmark", &out->benchmark},
                          {"control", &out->control},
                          {"securityhub", &out->securityhub},
                          {"profile", &out->profile}};
  for (const auto& entry : node.entries) {
    const TextKey* key = nullptr;
    for (const TextKey& k : keys) {
      if (entry.first.text == k.name) key = &k;
    }
    if (key == nullptr) {
      report.Error(entry.first, "compliance." + entry.first.text,
                   "unknown key '" + entry.first.text +
                       "' in 'compliance' (benchmark, control, securityhub, profile)");
      continue;
    }
    ReadText(entry.second, "compliance." + std::string(key->name), report, key->out);
  }
  if (out->control.empty()) {
    report.Error(node, "compliance.control", "'compliance' needs the 'control' it implements");
  }
}

}  // namespace

void ReadRuleInfo(const YamlNode& document, Report& report, RuleInfo* info) {
  struct TextKey {
    std::string_view name;
    std::string* out;
  };
  const TextKey texts[] = {
      {"id", &info->id},           {"name", &info->name},
      {"title", &info->title},     {"status", &info->status},
      {"level", &info->level},     {"description", &info->description},
      {"author", &info->author},   {"date", &info->date},
      {"modified", &info->modified}, {"license", &info->license},
  };
  for (const TextKey& key : texts) {
    if (const YamlNode* v = document.Find(key.name)) ReadText(*v, key.name, report, key.out);
  }
  struct ListKey {
    std::string_view name;
    std::vector<std::string>* out;
  };
  const ListKey lists[] = {
      {"tags", &info->tags},
      {"references", &info->references},
      {"falsepositives", &info->falsepositives},
      {"fields", &info->fields},
  };
  for (const ListKey& key : lists) {
    if (const YamlNode* v = document.Find(key.name)) ReadTextList(*v, key.name, report, key.out);
  }
  info->attack_ids = AttackIds(info->tags);
  if (const YamlNode* compliance = document.Find("compliance")) {
    ReadCompliance(*compliance, report, &info->compliance);
  }

  if (const YamlNode* ls = document.Find("logsource")) {
    if (ls->is_null()) return;
    if (!ls->is_map()) {
      report.Error(*ls, "key 'logsource'", "'logsource' must be a map (product, service, category)");
      return;
    }
    const TextKey parts[] = {
        {"product", &info->logsource.product},
        {"service", &info->logsource.service},
        {"category", &info->logsource.category},
        {"definition", &info->logsource.definition},
    };
    for (const TextKey& key : parts) {
      if (const YamlNode* v = ls->Find(key.name)) {
        ReadText(*v, "logsource." + std::string(key.name), report, key.out);
      }
    }
  }
}

}  // namespace trailhunt::sigma_internal
