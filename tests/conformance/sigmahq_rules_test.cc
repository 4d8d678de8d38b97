// SigmaHQ's CloudTrail rules (../shared/corpus/sigma/cloudtrail, copied
// byte for byte from SigmaHQ/sigma): every rule of rules/ loads without an
// error, the placeholder rule loads exactly when its placeholders are
// supplied, and each file of unsupported/ has the outcome the table below
// states. A few rules are also run against hand-written records through
// the predicate, to check that what loaded means what the rule says.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "trailhunt/catalog.h"
#include "trailhunt/event.h"
#include "trailhunt/match.h"
#include "trailhunt/sigma.h"

namespace sigma = trailhunt::sigma;
namespace fs = std::filesystem;

namespace {

const std::string kCorpus = std::string(TRAILHUNT_SHARED_DIR) + "/corpus/sigma/cloudtrail";

std::vector<std::string> YamlFiles(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".yml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Diagnostics(const sigma::RuleCollection& c) {
  std::string out;
  for (const auto& d : c.diagnostics) out += "[" + d.construct + "] " + d.ToString() + "\n";
  return out;
}

// Compiles `expr` with fields resolved through the catalog and runs it on
// one record.
bool Matches(const trailhunt::match::Expr& expr, std::string_view json) {
  auto event = trailhunt::Event::Parse(json);
  REQUIRE(event.ok());
  std::vector<std::string> names;
  auto predicate = trailhunt::match::Predicate::Compile(
      expr, [&names](std::string_view f) -> absl::StatusOr<trailhunt::SlotIndex> {
        names.emplace_back(f);
        return static_cast<trailhunt::SlotIndex>(names.size() - 1);
      });
  REQUIRE(predicate.ok());
  std::vector<trailhunt::Value> slots;
  for (const std::string& name : names) {
    auto field = trailhunt::Catalog::Default().Resolve(name, trailhunt::FieldView::kRaw);
    REQUIRE(field.ok());
    slots.push_back(event->Get(*field));
  }
  trailhunt::match::FieldSet fields;
  fields.slots = slots;
  fields.raw = json;
  return predicate->Matches(fields);
}

const sigma::DetectionRule& RuleIn(const sigma::RuleCollection& c, std::string_view file) {
  for (const auto& r : c.rules) {
    if (fs::path(r.info.where.file).filename() == file) return r;
  }
  FAIL("no rule loaded from " << file);
  return c.rules.front();
}

}  // namespace

TEST_CASE("every SigmaHQ CloudTrail rule loads without an error") {
  const std::vector<std::string> files = YamlFiles(kCorpus + "/rules");
  REQUIRE(files.size() == 57);
  sigma::RuleCollection all;
  for (const std::string& file : files) {
    sigma::RuleCollection c;
    sigma::LoadPath(file, {}, &c);
    INFO(file << "\n" << Diagnostics(c));
    CHECK(c.diagnostics.empty());
    CHECK(c.documents == 1);
    REQUIRE(c.rules.size() == 1);
    const sigma::DetectionRule& r = c.rules[0];
    CHECK(!r.info.title.empty());
    CHECK(r.info.id.size() == 36);
    CHECK(r.info.logsource.product == "aws");
    CHECK(r.info.logsource.service == "cloudtrail");
    CHECK(!r.fields_read.empty());
    CHECK(r.info.where.file == file);
    // Everything the loader accepted compiles (regexes, wildcards, CIDRs).
    std::vector<std::string> names;
    auto p = trailhunt::match::Predicate::Compile(
        r.expr, [&names](std::string_view f) -> absl::StatusOr<trailhunt::SlotIndex> {
          names.emplace_back(f);
          return static_cast<trailhunt::SlotIndex>(names.size() - 1);
        });
    CHECK(p.ok());
    all.Append(std::move(c));
  }
  CHECK(all.rules.size() == 57);
  CHECK(all.skipped_logsource == 0);

  // The same through one directory load, in file order.
  sigma::RuleCollection dir;
  sigma::LoadPath(kCorpus + "/rules", {}, &dir);
  REQUIRE(dir.rules.size() == 57);
  CHECK(dir.error_count() == 0);
  for (size_t i = 0; i < files.size(); ++i) CHECK(dir.rules[i].info.where.file == files[i]);
}

TEST_CASE("the loaded SigmaHQ rules mean what they say") {
  sigma::RuleCollection c;
  sigma::LoadPath(kCorpus + "/rules", {}, &c);
  REQUIRE(c.error_count() == 0);

  // errorCode: null OR 'Success': a successful call has no errorCode.
  const auto& bucket = RuleIn(c, "aws_cloudtrail_bucket_deleted.yml");
  CHECK(Matches(bucket.expr, R"({"eventName":"DeleteBucket"})"));
  CHECK(Matches(bucket.expr, R"({"eventName":"deletebucket","errorCode":"Success"})"));
  CHECK_FALSE(Matches(bucket.expr, R"({"eventName":"DeleteBucket","errorCode":"AccessDenied"})"));

  // requestParameters|contains|all over the object's JSON text.
  const auto& policy = RuleIn(c, "aws_iam_s3browser_templated_s3_bucket_policy_creation.yml");
  CHECK(std::find(policy.fields_read.begin(), policy.fields_read.end(), "requestParameters") !=
        policy.fields_read.end());

  // fieldref: the ARN equals the user name only when both are the same text.
  const auto& login = RuleIn(c, "aws_update_login_profile.yml");
  bool has_fieldref = false;
  std::vector<const trailhunt::match::Expr*> stack = {&login.expr};
  while (!stack.empty()) {
    const trailhunt::match::Expr* e = stack.back();
    stack.pop_back();
    if (e->op == trailhunt::match::Op::kFieldRef) {
      has_fieldref = true;
      CHECK(e->target.field == "userIdentity.arn");
      CHECK(e->other.field == "requestParameters.userName");
    }
    for (const auto& child : e->children) stack.push_back(&child);
  }
  CHECK(has_fieldref);

  // re on userIdentity.arn, case-sensitive.
  const auto& imds = RuleIn(c, "aws_cloudtrail_imds_malicious_usage.yml");
  CHECK(std::find(imds.fields_read.begin(), imds.fields_read.end(), "userIdentity.arn") !=
        imds.fields_read.end());
}

TEST_CASE("the placeholder rule loads only with its placeholders supplied") {
  const std::string file =
      kCorpus + "/rules-placeholder/aws_cloudtrail_console_login_success_from_susp_locations.yml";
  sigma::RuleCollection without;
  sigma::LoadPath(file, {}, &without);
  INFO(Diagnostics(without));
  CHECK(without.rules.empty());
  REQUIRE(without.error_count() == 2);
  CHECK(without.diagnostics[0].construct == "placeholder '%Legitimate_Countries%'");
  CHECK(without.diagnostics[1].construct == "placeholder '%Legitimate_IP_Ranges%'");

  sigma::LoadOptions options;
  options.placeholders["Legitimate_Countries"] = {"US", "DE"};
  options.placeholders["Legitimate_IP_Ranges"] = {"10.*", "192.0.2.1"};
  sigma::RuleCollection with;
  sigma::LoadPath(file, options, &with);
  INFO(Diagnostics(with));
  CHECK(with.diagnostics.empty());
  REQUIRE(with.rules.size() == 1);
  const auto& rule = with.rules[0];
  CHECK(Matches(rule.expr,
                R"({"eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"},"src_ip":"203.0.113.9","src_country":"FR"})"));
  CHECK_FALSE(Matches(rule.expr,
                      R"({"eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"},"src_ip":"10.1.2.3","src_country":"FR"})"));
  CHECK_FALSE(Matches(rule.expr,
                      R"({"eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"},"src_ip":"203.0.113.9","src_country":"de"})"));
}

TEST_CASE("each unsupported SigmaHQ rule has its stated outcome") {
  enum class Outcome { kLoads, kLoadsWithWarning, kFails };
  struct Expected {
    Outcome outcome;
    std::string construct;  // of the error, or of the warning
  };
  const std::map<std::string, Expected> table = {
      {"aws_ec2_download_userdata.yml", {Outcome::kFails, "count() aggregation"}},
      {"aws_enum_backup.yml", {Outcome::kFails, "count() aggregation"}},
      {"aws_enum_listing.yml", {Outcome::kFails, "count() aggregation"}},
      {"aws_enum_network.yml", {Outcome::kFails, "count() aggregation"}},
      {"aws_enum_storage.yml", {Outcome::kFails, "count() aggregation"}},
      {"aws_lambda_function_created_or_invoked.yml", {Outcome::kFails, "near"}},
      {"aws_macic_evasion.yml", {Outcome::kFails, "count() aggregation"}},
      // `selection1 and selection2` with a timeframe: as a single-event rule
      // it needs both events in one record; the timeframe is ignored, loudly.
      {"aws_ses_messaging_enabled.yml", {Outcome::kLoadsWithWarning, "timeframe"}},
  };
  const std::vector<std::string> files = YamlFiles(kCorpus + "/unsupported");
  REQUIRE(files.size() == table.size());
  for (const std::string& file : files) {
    const std::string name = fs::path(file).filename().string();
    auto it = table.find(name);
    INFO(name);
    REQUIRE(it != table.end());
    sigma::RuleCollection c;
    sigma::LoadPath(file, {}, &c);
    INFO(Diagnostics(c));
    const Expected& want = it->second;
    switch (want.outcome) {
      case Outcome::kLoads:
        CHECK(c.rules.size() == 1);
        CHECK(c.diagnostics.empty());
        break;
      case Outcome::kLoadsWithWarning:
        CHECK(c.rules.size() == 1);
        CHECK(c.error_count() == 0);
        REQUIRE(c.diagnostics.size() == 1);
        CHECK(c.diagnostics[0].severity == sigma::Diagnostic::Severity::kWarning);
        CHECK(c.diagnostics[0].construct == want.construct);
        break;
      case Outcome::kFails: {
        CHECK(c.rules.empty());
        REQUIRE(c.error_count() == 1);
        const auto error = std::find_if(c.diagnostics.begin(), c.diagnostics.end(), [](const auto& d) {
          return d.severity == sigma::Diagnostic::Severity::kError;
        });
        CHECK(error->construct == want.construct);
        CHECK(error->where.line > 0);
        CHECK(error->where.column > 0);
        break;
      }
    }
  }
}
