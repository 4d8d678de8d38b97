#include "sigma/placeholders.h"

namespace trailhunt::sigma_internal {

ExpandResult ExpandPlaceholders(std::string_view sigma,
                                const std::map<std::string, std::vector<std::string>>& values,
                                size_t max_results, std::vector<std::string>* out,
                                std::string* missing) {
  // Literal runs between placeholders, and the placeholders' value lists.
  std::vector<std::string> runs(1);
  std::vector<const std::vector<std::string>*> slots;
  for (size_t i = 0; i < sigma.size();) {
    const char c = sigma[i];
    if (c == '\\' && i + 1 < sigma.size()) {
      if (sigma[i + 1] == '%') {
        runs.back() += '%';
      } else {
        // Other escapes stay for the wildcard translation.
        runs.back().append(sigma.substr(i, 2));
      }
      i += 2;
      continue;
    }
    if (c == '%') {
      const size_t close = sigma.find('%', i + 1);
      if (close != std::string_view::npos && close > i + 1) {
        const std::string name(sigma.substr(i + 1, close - i - 1));
        auto it = values.find(name);
        if (it == values.end()) {
          *missing = name;
          return ExpandResult::kMissing;
        }
        slots.push_back(&it->second);
        runs.emplace_back();
        i = close + 1;
        continue;
      }
    }
    runs.back() += c;
    ++i;
  }
  size_t total = 1;
  for (const auto* slot : slots) {
    total *= slot->size();
    if (total > max_results) return ExpandResult::kTooMany;
  }
  if (total == 0) return ExpandResult::kOk;  // a placeholder with no values
  std::vector<size_t> pick(slots.size(), 0);
  for (size_t n = 0; n < total; ++n) {
    std::string v = runs[0];
    for (size_t k = 0; k < slots.size(); ++k) {
      v += (*slots[k])[pick[k]];
      v += runs[k + 1];
    }
    out->push_back(std::move(v));
    for (size_t k = slots.size(); k-- > 0;) {
      if (++pick[k] < slots[k]->size()) break;
      pick[k] = 0;
    }
  }
  return ExpandResult::kOk;
}

}  // namespace trailhunt::sigma_internal
