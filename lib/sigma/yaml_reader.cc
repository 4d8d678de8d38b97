#include "sigma/yaml_reader.h"

#include <map>
#include <sstream>
#include <unordered_set>

#include "sigma/yaml_nesting.h"
#include "yaml-cpp/eventhandler.h"
#include "yaml-cpp/exceptions.h"
#include "yaml-cpp/mark.h"
#include "yaml-cpp/parser.h"

namespace trailhunt::sigma_internal {
namespace {

// Ends reading the whole text (the parser cannot resume after it).
struct ReadFault {
  int line;
  int column;
  std::string construct;
  std::string message;
};

int OneBased(int zero_based) { return zero_based < 0 ? 0 : zero_based + 1; }

Diagnostic MakeError(std::string_view origin, int line, int column, std::string construct,
                     std::string message) {
  Diagnostic d;
  d.severity = Diagnostic::Severity::kError;
  d.where = SourcePos{std::string(origin), line, column};
  d.construct = std::move(construct);
  d.message = std::move(message);
  return d;
}

struct Extent {
  size_t nodes = 0;
  int height = 0;  // 1 for a leaf
};

// Recursion is bounded: every tree the builder makes is at most
// kMaxYamlDepth + 1 levels high.
Extent Measure(const YamlNode& n) {
  Extent e{1, 1};
  auto add = [&e](const YamlNode& child) {
    const Extent c = Measure(child);
    e.nodes += c.nodes;
    if (c.height + 1 > e.height) e.height = c.height + 1;
  };
  for (const YamlNode& item : n.items) add(item);
  for (const auto& entry : n.entries) {
    add(entry.first);
    add(entry.second);
  }
  return e;
}

// Builds the tree from yaml-cpp's events with an explicit stack, so that
// building never recurses.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(std::string_view text, std::string_view origin) : text_(text), origin_(origin) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    // yaml-cpp 0.7 can loop on some malformed directives, starting empty
    // documents at one place forever.
    if (documents_started_++ > 0 && mark.pos <= last_document_pos_) {
      throw ReadFault{OneBased(mark.line), OneBased(mark.column), "YAML syntax",
                      "invalid YAML: the parser makes no progress here"};
    }
    last_document_pos_ = mark.pos;
    stack_.clear();
    anchors_.clear();
    has_root_ = false;
    errors_.clear();
  }
  void OnDocumentEnd() override {
    if (has_root_ && (!root_.is_null() || !errors_.empty())) {
      documents_.push_back(YamlDocument{std::move(root_), std::move(errors_)});
    }
    errors_.clear();
    has_root_ = false;
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Complete(Leaf(mark, YamlNode::Kind::kNull), anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      throw ReadFault{OneBased(mark.line), OneBased(mark.column), "alias",
                      "the alias refers to a node that contains it"};
    }
    const Extent extent = it->second.second;
    // An alias pastes a whole subtree: its height counts where it lands.
    if (static_cast<int>(stack_.size()) + extent.height > kMaxYamlDepth) {
      throw ReadFault{OneBased(mark.line), OneBased(mark.column), "nesting",
                      "YAML nested deeper than " + std::to_string(kMaxYamlDepth) +
                          " levels once the alias is expanded"};
    }
    Spend(extent.nodes, mark);
    Complete(it->second.first, 0);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlNode n = Leaf(mark, YamlNode::Kind::kScalar);
    n.text = value;
    // yaml-cpp tags plain scalars "?" and quoted or block scalars "!".
    n.quoted = tag != "?";
    if (n.quoted) n.block_column = BlockContentColumn(mark);
    Complete(std::move(n), anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    Open(Leaf(mark, YamlNode::Kind::kSequence), anchor, mark);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    Open(Leaf(mark, YamlNode::Kind::kMap), anchor, mark);
  }
  void OnMapEnd() override { Close(); }

  std::vector<YamlDocument> TakeDocuments() { return std::move(documents_); }

 private:
  struct Frame {
    YamlNode node;
    YAML::anchor_t anchor = 0;
    bool has_key = false;
    bool key_rejected = false;
    YamlNode key;
    std::unordered_set<std::string> keys;
  };

  // For a block scalar whose indicator is at `mark`: the column of its
  // first non-blank content line.
  int BlockContentColumn(const YAML::Mark& mark) const {
    if (mark.pos < 0 || static_cast<size_t>(mark.pos) >= text_.size()) return 0;
    const size_t at = static_cast<size_t>(mark.pos);
    if (text_[at] != '|' && text_[at] != '>') return 0;
    size_t line = text_.find('\n', at);
    while (line != std::string_view::npos) {
      size_t i = line + 1;
      while (i < text_.size() && text_[i] == ' ') ++i;
      if (i < text_.size() && text_[i] != '\n' && text_[i] != '\r') {
        return static_cast<int>(i - line);
      }
      line = text_.find('\n', line + 1);
    }
    return 0;
  }

  YamlNode Leaf(const YAML::Mark& mark, YamlNode::Kind kind) {
    Spend(1, mark);
    YamlNode n;
    n.kind = kind;
    n.line = OneBased(mark.line);
    n.column = OneBased(mark.column);
    return n;
  }

  void Spend(size_t nodes, const YAML::Mark& mark) {
    nodes_ += nodes;
    if (nodes_ > kMaxYamlNodes) {
      throw ReadFault{OneBased(mark.line), OneBased(mark.column), "node limit",
                      "the file expands to more than " + std::to_string(kMaxYamlNodes) +
                          " YAML nodes (aliases included)"};
    }
  }

  void Open(YamlNode n, YAML::anchor_t anchor, const YAML::Mark& mark) {
    if (static_cast<int>(stack_.size()) >= kMaxYamlDepth) {
      throw ReadFault{OneBased(mark.line), OneBased(mark.column), "nesting",
                      "YAML nested deeper than " + std::to_string(kMaxYamlDepth) + " levels"};
    }
    Frame f;
    f.node = std::move(n);
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void Close() {
    if (stack_.empty()) return;
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    Complete(std::move(f.node), f.anchor);
  }

  void DocumentError(int line, int column, std::string construct, std::string message) {
    errors_.push_back(MakeError(origin_, line, column, std::move(construct), std::move(message)));
  }

  void Complete(YamlNode n, YAML::anchor_t anchor) {
    if (anchor != 0) anchors_[anchor] = {n, Measure(n)};
    if (stack_.empty()) {
      root_ = std::move(n);
      has_root_ = true;
      return;
    }
    Frame& parent = stack_.back();
    if (parent.node.kind == YamlNode::Kind::kSequence) {
      parent.node.items.push_back(std::move(n));
      return;
    }
    if (!parent.has_key) {
      parent.has_key = true;
      parent.key_rejected = false;
      if (!n.is_scalar()) {
        DocumentError(n.line, n.column, "map key",
                      "a map key must be a plain text, not a null, a list or a map");
        parent.key_rejected = true;
      } else if (!parent.keys.insert(n.text).second) {
        DocumentError(n.line, n.column, "duplicate key '" + n.text + "'",
                      "the key '" + n.text + "' appears twice in the same map");
        parent.key_rejected = true;
      }
      parent.key = std::move(n);
      return;
    }
    parent.has_key = false;
    if (!parent.key_rejected) parent.node.entries.emplace_back(std::move(parent.key), std::move(n));
  }

  std::string_view text_;
  std::string_view origin_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, std::pair<YamlNode, Extent>> anchors_;
  YamlNode root_;
  bool has_root_ = false;
  std::vector<Diagnostic> errors_;
  size_t nodes_ = 0;
  size_t documents_started_ = 0;
  int last_document_pos_ = 0;
  std::vector<YamlDocument> documents_;
};

}  // namespace

bool YamlNode::IsBool(bool* value) const {
  if (kind != Kind::kScalar || quoted) return false;
  if (text == "true" || text == "True" || text == "TRUE") {
    *value = true;
    return true;
  }
  if (text == "false" || text == "False" || text == "FALSE") {
    *value = false;
    return true;
  }
  return false;
}

const YamlNode* YamlNode::Find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.text == key) return &v;
  }
  return nullptr;
}

const YamlNode* YamlNode::FindKey(std::string_view key) const {
  for (const auto& entry : entries) {
    if (entry.first.text == key) return &entry.first;
  }
  return nullptr;
}

YamlText ReadYamlDocuments(std::string_view text, std::string_view origin) {
  YamlText result;
  if (text.size() > kMaxRuleTextBytes) {
    result.fault = MakeError(origin, 1, 1, "file size",
                             "the file has " + std::to_string(text.size()) +
                                 " bytes; rule files are read up to " +
                                 std::to_string(kMaxRuleTextBytes) + " bytes");
    return result;
  }
  const NestingFault nesting = FindNestingBeyond(text, kMaxYamlDepth);
  if (nesting.found) {
    result.fault = MakeError(origin, nesting.line, nesting.column, "nesting",
                             "YAML nested deeper than " + std::to_string(kMaxYamlDepth) + " levels");
    return result;
  }
  TreeBuilder builder(text, origin);
  std::istringstream in{std::string(text)};
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
    }
  } catch (const ReadFault& f) {
    result.fault = MakeError(origin, f.line, f.column, f.construct, f.message);
  } catch (const YAML::Exception& e) {
    // yaml-cpp's messages are fragments ("end of map not found").
    result.fault = MakeError(origin, OneBased(e.mark.line), OneBased(e.mark.column),
                             "YAML syntax", "invalid YAML: " + e.msg);
  }
  result.documents = builder.TakeDocuments();
  return result;
}

void ScalarPosition(const YamlNode& node, size_t offset, int* line, int* column) {
  const std::string_view text = node.text;
  const std::string_view before = text.substr(0, offset);
  const size_t newline = before.rfind('\n');
  int lines = 0;
  for (char c : before) lines += c == '\n';
  const int in_line =
      static_cast<int>(newline == std::string_view::npos ? before.size() : before.size() - newline - 1);
  if (node.block_column > 0) {
    // The content starts on the line after the indicator.
    *line = node.line + 1 + lines;
    *column = node.block_column + in_line;
  } else if (newline == std::string_view::npos) {
    *line = node.line;
    *column = node.column + (node.quoted ? 1 : 0) + in_line;
  } else {
    *line = node.line + lines;
    *column = in_line + 1;
  }
}

}  // namespace trailhunt::sigma_internal
