#include "corpus.h"

#include <libdeflate.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace trailhunt_bench {
namespace {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// ------------------------------------------------------------ JSON writing

// Compact JSON into a string, commas handled by nesting level. Only what the
// generator needs; keys are written as given (none needs escaping).
class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& Key(std::string_view key) {
    Comma();
    out_ += '"';
    out_ += key;
    out_ += "\":";
    after_key_ = true;
    return *this;
  }
  JsonWriter& Open() { return Push('{'); }
  JsonWriter& Close() { return Pop('}'); }
  JsonWriter& OpenArray() { return Push('['); }
  JsonWriter& CloseArray() { return Pop(']'); }
  JsonWriter& Str(std::string_view s) {
    Comma();
    AppendEscaped(s);
    return *this;
  }
  JsonWriter& Int(int64_t v) {
    Comma();
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(v));
    out_.append(buf, static_cast<size_t>(n));
    return *this;
  }
  JsonWriter& Double(double v) {
    Comma();
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "%.1f", v);
    out_.append(buf, static_cast<size_t>(n));
    return *this;
  }
  JsonWriter& Bool(bool v) {
    Comma();
    out_ += v ? "true" : "false";
    return *this;
  }
  JsonWriter& Null() {
    Comma();
    out_ += "null";
    return *this;
  }
  // Shorthands for "key":value.
  JsonWriter& KStr(std::string_view k, std::string_view v) { return Key(k).Str(v); }
  JsonWriter& KInt(std::string_view k, int64_t v) { return Key(k).Int(v); }
  JsonWriter& KBool(std::string_view k, bool v) { return Key(k).Bool(v); }
  JsonWriter& KNull(std::string_view k) { return Key(k).Null(); }
  JsonWriter& KOpen(std::string_view k) { return Key(k).Open(); }
  JsonWriter& KArray(std::string_view k) { return Key(k).OpenArray(); }
  JsonWriter& KEmpty(std::string_view k) { return Key(k).Open().Close(); }

  void AppendEscaped(std::string_view s) {
    out_ += '"';
    for (const char c : s) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out_ += buf;
          } else {
            out_ += c;
          }
      }
    }
    out_ += '"';
  }

 private:
  void Comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (depth_ > 0) {
      if (!first_[depth_ - 1]) out_ += ',';
      first_[depth_ - 1] = false;
    }
  }
  JsonWriter& Push(char c) {
    Comma();
    out_ += c;
    first_[depth_++] = true;
    return *this;
  }
  JsonWriter& Pop(char c) {
    out_ += c;
    --depth_;
    return *this;
  }

  std::string& out_;
  bool first_[32] = {};
  int depth_ = 0;
  bool after_key_ = false;
};

// ------------------------------------------------------------ pools

template <typename T, size_t N>
constexpr size_t Count(const T (&)[N]) {
  return N;
}

const char* const kAccounts[] = {"111122223333", "444455556666", "777788889999", "123456789012"};
const char* const kRegions[] = {"us-east-1", "us-east-1", "us-east-1", "us-east-1", "us-west-2",
                                "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2",
                                "ap-northeast-1"};
const char* const kUsers[] = {"alice", "bob", "carol", "dmitri", "emma", "farid", "grace",
                              "hiro", "ines", "jamal", "kim", "lena", "mateo", "noor",
                              "deploy-bot", "ci-runner", "backup-svc", "web_admin"};
const char* const kRoles[] = {"OrganizationAccountAccessRole",
                              "AWSReservedSSO_AdministratorAccess_4f1c2d3e5a6b7c8d",
                              "AWSReservedSSO_ReadOnlyAccess_9a8b7c6d5e4f3a2b",
                              "eks-node-role-prod",
                              "lambda-exec-orders",
                              "lambda-exec-thumbnails",
                              "ecs-task-api",
                              "GitHubActionsDeploy",
                              "AWSServiceRoleForConfig",
                              "datadog-integration",
                              "ssm-managed-instance",
                              "terraform-apply",
                              "security-audit",
                              "AWSBackupDefaultServiceRole"};
const char* const kServicesInvoking[] = {"lambda.amazonaws.com", "ec2.amazonaws.com",
                                         "cloudtrail.amazonaws.com", "config.amazonaws.com",
                                         "s3.amazonaws.com", "backup.amazonaws.com",
                                         "ecs-tasks.amazonaws.com"};
const char* const kBuckets[] = {"acme-prod-data", "acme-logs-archive", "acme-static-site",
                                "cf-templates-1a2b3c4d5e6f-us-east-1", "acme-ml-training",
                                "acme-backups", "acme-cloudtrail-111122223333"};
const char* const kKeyPrefixes[] = {"logs/2024/03/", "exports/orders/", "images/original/",
                                    "models/checkpoints/", "backups/rds/", "static/js/",
                                    "données/rapports/"};
const char* const kUserAgents[] = {
    "[aws-cli/2.15.10 Python/3.11.6 Linux/5.10.205-195.807.amzn2.x86_64 exe/x86_64.amzn.2 "
    "prompt/off command/ec2.describe-instances]",
    "Boto3/1.34.11 md/Botocore#1.34.11 ua/2.0 os/linux#6.1.0-17-cloud-amd64 md/arch#x86_64 "
    "lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.11",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/121.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.3 Safari/605.1.15",
    "aws-sdk-go-v2/1.24.0 os/linux lang/go#1.21.5 md/GOOS#linux md/GOARCH#amd64 api/sts#1.26.6",
    "APN/1.0 HashiCorp/1.0 Terraform/1.6.6 (+https://www.terraform.io) "
    "terraform-provider-aws/5.31.0 (+https://registry.terraform.io/providers/hashicorp/aws) "
    "aws-sdk-go/1.49.13 (go1.21.5; linux; amd64)",
    "aws-sdk-java/2.21.46 Linux/5.10.205-195.807.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/17.0.9+8-LTS "
    "Java/17.0.9 vendor/Amazon.com_Inc. io/sync http/Apache cfg/retry-mode/legacy",
    "console.amazonaws.com",
    "amazon-ssm-agent/3.2.1705.0",
    "S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.198-164.789.amzn2int.x86_64",
};
const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char kUpperAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const char kHex[] = "0123456789abcdef";
const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// ------------------------------------------------------------ events

enum class Ev {
  kDescribeInstances, kDescribeSecurityGroups, kDescribeVolumes, kRunInstances,
  kAuthorizeSecurityGroupIngress, kCreateKeyPair, kStopInstances, kCreateTags,
  kGetObject, kPutObject, kListBuckets, kGetBucketAcl, kGetBucketLocation, kPutBucketPolicy,
  kListRoles, kGetUser, kCreateUser, kAttachUserPolicy, kCreateAccessKey, kPutRolePolicy,
  kAssumeRole, kGetCallerIdentity, kAssumeRoleWithWebIdentity, kConsoleLogin,
  kDecrypt, kGenerateDataKey, kInvoke, kListFunctions, kDescribeConfigRuleEvaluationStatus,
  kPutEvaluations, kLookupEvents, kStopLogging, kDescribeTrails, kCreateLogStream,
  kDescribeLogGroups, kGetParameter, kUpdateInstanceInformation, kGetSecretValue, kDescribeTable,
};

struct EventKind {
  Ev id;
  const char* source;
  const char* name;
  int weight;  // relative frequency, in tenths
  bool read_only;
  bool data_event;
};

// Weights shaped like a busy production account: Describe*/Get*/Decrypt and
// S3 data events dominate, changes are rare, StopLogging is very rare.
const EventKind kEvents[] = {
    {Ev::kDescribeInstances, "ec2.amazonaws.com", "DescribeInstances", 600, true, false},
    {Ev::kDescribeSecurityGroups, "ec2.amazonaws.com", "DescribeSecurityGroups", 200, true, false},
    {Ev::kDescribeVolumes, "ec2.amazonaws.com", "DescribeVolumes", 150, true, false},
    {Ev::kRunInstances, "ec2.amazonaws.com", "RunInstances", 40, false, false},
    {Ev::kAuthorizeSecurityGroupIngress, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", 30, false, false},
    {Ev::kCreateKeyPair, "ec2.amazonaws.com", "CreateKeyPair", 10, false, false},
    {Ev::kStopInstances, "ec2.amazonaws.com", "StopInstances", 20, false, false},
    {Ev::kCreateTags, "ec2.amazonaws.com", "CreateTags", 50, false, false},
    {Ev::kGetObject, "s3.amazonaws.com", "GetObject", 800, true, true},
    {Ev::kPutObject, "s3.amazonaws.com", "PutObject", 400, false, true},
    {Ev::kListBuckets, "s3.amazonaws.com", "ListBuckets", 80, true, false},
    {Ev::kGetBucketAcl, "s3.amazonaws.com", "GetBucketAcl", 100, true, false},
    {Ev::kGetBucketLocation, "s3.amazonaws.com", "GetBucketLocation", 120, true, false},
    {Ev::kPutBucketPolicy, "s3.amazonaws.com", "PutBucketPolicy", 5, false, false},
    {Ev::kListRoles, "iam.amazonaws.com", "ListRoles", 100, true, false},
    {Ev::kGetUser, "iam.amazonaws.com", "GetUser", 60, true, false},
    {Ev::kCreateUser, "iam.amazonaws.com", "CreateUser", 5, false, false},
    {Ev::kAttachUserPolicy, "iam.amazonaws.com", "AttachUserPolicy", 5, false, false},
    {Ev::kCreateAccessKey, "iam.amazonaws.com", "CreateAccessKey", 5, false, false},
    {Ev::kPutRolePolicy, "iam.amazonaws.com", "PutRolePolicy", 10, false, false},
    {Ev::kAssumeRole, "sts.amazonaws.com", "AssumeRole", 500, true, false},
    {Ev::kGetCallerIdentity, "sts.amazonaws.com", "GetCallerIdentity", 150, true, false},
    {Ev::kAssumeRoleWithWebIdentity, "sts.amazonaws.com", "AssumeRoleWithWebIdentity", 60, true, false},
    {Ev::kConsoleLogin, "signin.amazonaws.com", "ConsoleLogin", 40, false, false},
    {Ev::kDecrypt, "kms.amazonaws.com", "Decrypt", 450, true, false},
    {Ev::kGenerateDataKey, "kms.amazonaws.com", "GenerateDataKey", 250, true, false},
    {Ev::kInvoke, "lambda.amazonaws.com", "Invoke", 200, false, true},
    {Ev::kListFunctions, "lambda.amazonaws.com", "ListFunctions20150331", 50, true, false},
    {Ev::kDescribeConfigRuleEvaluationStatus, "config.amazonaws.com",
     "DescribeConfigRuleEvaluationStatus", 120, true, false},
    {Ev::kPutEvaluations, "config.amazonaws.com", "PutEvaluations", 80, false, false},
    {Ev::kLookupEvents, "cloudtrail.amazonaws.com", "LookupEvents", 30, true, false},
    {Ev::kStopLogging, "cloudtrail.amazonaws.com", "StopLogging", 1, false, false},
    {Ev::kDescribeTrails, "cloudtrail.amazonaws.com", "DescribeTrails", 40, true, false},
    {Ev::kCreateLogStream, "logs.amazonaws.com", "CreateLogStream", 100, false, false},
    {Ev::kDescribeLogGroups, "logs.amazonaws.com", "DescribeLogGroups", 50, true, false},
    {Ev::kGetParameter, "ssm.amazonaws.com", "GetParameter", 120, true, false},
    {Ev::kUpdateInstanceInformation, "ssm.amazonaws.com", "UpdateInstanceInformation", 180, false, false},
    {Ev::kGetSecretValue, "secretsmanager.amazonaws.com", "GetSecretValue", 70, true, false},
    {Ev::kDescribeTable, "dynamodb.amazonaws.com", "DescribeTable", 80, true, false},
};

int TotalWeight() {
  int total = 0;
  for (const EventKind& e : kEvents) total += e.weight;
  return total;
}
const int kTotalWeight = TotalWeight();

// Howard Hinnant's civil_from_days: days since 1970-01-01 to y/m/d.
void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2 ? 1 : 0));
}

std::string Iso8601(int64_t t) {
  int y, m, d;
  CivilFromDays(t / 86400, &y, &m, &d);
  const int64_t s = t % 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
                static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
  return buf;
}

// "Mar 1, 2024, 1:00:00 AM", as IAM and STS write dates in responseElements.
std::string AwsDate(int64_t t) {
  int y, m, d;
  CivilFromDays(t / 86400, &y, &m, &d);
  const int64_t s = t % 86400;
  const int h24 = static_cast<int>(s / 3600);
  const int h12 = h24 % 12 == 0 ? 12 : h24 % 12;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s %d, %d, %d:%02d:%02d %s", kMonths[m - 1], d, y, h12,
                static_cast<int>(s / 60 % 60), static_cast<int>(s % 60), h24 < 12 ? "AM" : "PM");
  return buf;
}

// Writes one record. Lives for one Append call; draws from the generator's
// RNG state so the sequence depends on the seed alone.
class RecordBuilder {
 public:
  RecordBuilder(uint64_t& rng, int64_t time, std::string& out) : rng_(rng), time_(time), j_(out) {}

  // What Build wrote, for the counts: the errorCode ("" for none) and a
  // ConsoleLogin's additionalEventData.MFAUsed ("" for other events).
  const char* error_code() const { return error_code_; }
  const char* mfa_used() const { return mfa_used_; }

  const EventKind& Build(bool* has_error) {
    const EventKind& ev = PickEvent();
    account_ = kAccounts[Below(10) < 7 ? 0 : 1 + Below(3)];
    region_ = ev.id == Ev::kConsoleLogin ? "us-east-1" : kRegions[Below(Count(kRegions))];
    const bool error = ev.id != Ev::kConsoleLogin && Below(1000) < 30;
    const bool login_failed = ev.id == Ev::kConsoleLogin && Below(100) < 8;
    *has_error = error;

    j_.Open();
    j_.KStr("eventVersion", ev.data_event ? "1.09" : (Below(10) < 8 ? "1.09" : "1.08"));
    UserIdentityFor(ev);
    j_.KStr("eventTime", Iso8601(time_));
    j_.KStr("eventSource", ev.source);
    j_.KStr("eventName", ev.name);
    j_.KStr("awsRegion", region_);
    j_.KStr("sourceIPAddress", source_ip_);
    j_.KStr("userAgent", user_agent_);
    if (error) ErrorFields(ev);
    if (login_failed) j_.KStr("errorMessage", "Failed authentication");
    Body(ev, error, login_failed);
    j_.KStr("requestID", ev.id == Ev::kGetObject || ev.id == Ev::kPutObject ? Token(16, kUpperAlnum) : Uuid());
    j_.KStr("eventID", Uuid());
    j_.KBool("readOnly", ev.read_only);
    Resources(ev);
    j_.KStr("eventType", ev.id == Ev::kConsoleLogin ? "AwsConsoleSignIn" : "AwsApiCall");
    j_.KBool("managementEvent", !ev.data_event);
    j_.KStr("recipientAccountId", account_);
    if (ev.id == Ev::kAssumeRole && identity_type_ == 'S') j_.KStr("sharedEventID", Uuid());
    if (ev.data_event && Below(4) == 0) j_.KStr("vpcEndpointId", "vpce-" + Token(17, kHex));
    j_.KStr("eventCategory", ev.data_event ? "Data" : "Management");
    if (identity_type_ != 'S') {
      j_.KOpen("tlsDetails")
          .KStr("tlsVersion", Below(3) == 0 ? "TLSv1.2" : "TLSv1.3")
          .KStr("cipherSuite", Below(3) == 0 ? "ECDHE-RSA-AES128-GCM-SHA256" : "TLS_AES_128_GCM_SHA256")
          .KStr("clientProvidedHostHeader", Host(ev))
          .Close();
    }
    if (console_session_) j_.KStr("sessionCredentialFromConsole", "true");
    j_.Close();
    return ev;
  }

 private:
  // ---- randomness
  uint64_t Next() { return SplitMix64(rng_); }
  uint32_t Below(size_t n) {
    return static_cast<uint32_t>(((Next() >> 32) * static_cast<uint64_t>(n)) >> 32);
  }
  std::string Token(size_t n, const char* alphabet) {
    const size_t k = std::strlen(alphabet);
    std::string s(n, ' ');
    for (char& c : s) c = alphabet[Below(k)];
    return s;
  }
  std::string Uuid() {
    std::string s = Token(36, kHex);
    s[8] = s[13] = s[18] = s[23] = '-';
    s[14] = '4';
    return s;
  }
  std::string Ip() {
    static const char* const kNets[] = {"192.0.2.", "198.51.100.", "203.0.113."};
    return std::string(kNets[Below(3)]) + std::to_string(1 + Below(254));
  }
  std::string PrivateIp() {
    return "10.0." + std::to_string(Below(16)) + "." + std::to_string(2 + Below(250));
  }

  const EventKind& PickEvent() {
    int r = static_cast<int>(Below(static_cast<size_t>(kTotalWeight)));
    for (const EventKind& e : kEvents) {
      if (r < e.weight) return e;
      r -= e.weight;
    }
    return kEvents[0];
  }

  std::string Arn(std::string_view service, std::string_view resource) const {
    return "arn:aws:" + std::string(service) + ":" + region_ + ":" + account_ + ":" + std::string(resource);
  }
  std::string InstanceId() { return "i-0" + Token(16, kHex); }
  std::string Host(const EventKind& ev) const {
    std::string s = ev.source;
    const size_t dot = s.find('.');
    return s.substr(0, dot) + "." + region_ + ".amazonaws.com";
  }

  // ---- who
  void UserIdentityFor(const EventKind& ev) {
    const uint32_t r = Below(1000);
    char type;  // U IAMUser, A AssumedRole, S AWSService, R Root, F FederatedUser, W WebIdentityUser
    if (ev.id == Ev::kConsoleLogin) {
      type = r < 780 ? 'U' : (r < 950 ? 'A' : 'R');
    } else if (ev.id == Ev::kAssumeRoleWithWebIdentity) {
      type = 'W';
    } else if (ev.id == Ev::kAssumeRole || ev.id == Ev::kDecrypt || ev.id == Ev::kPutEvaluations) {
      type = r < 400 ? 'S' : (r < 900 ? 'A' : 'U');
    } else {
      type = r < 640 ? 'A' : (r < 900 ? 'U' : (r < 960 ? 'S' : (r < 985 ? 'F' : 'R')));
    }
    identity_type_ = type;
    console_session_ = false;
    source_ip_ = Ip();
    user_agent_ = kUserAgents[Below(Count(kUserAgents))];
    const std::string acct = account_;
    j_.KOpen("userIdentity");
    switch (type) {
      case 'U': {
        user_ = kUsers[Below(Count(kUsers))];
        console_session_ = ev.id != Ev::kConsoleLogin && Below(5) == 0;
        principal_arn_ = "arn:aws:iam::" + acct + ":user/" + user_;
        j_.KStr("type", "IAMUser")
            .KStr("principalId", "AIDA" + Token(17, kUpperAlnum))
            .KStr("arn", principal_arn_)
            .KStr("accountId", acct);
        if (ev.id != Ev::kConsoleLogin) {
          j_.KStr("accessKeyId", (console_session_ ? "ASIA" : "AKIA") + Token(16, kUpperAlnum));
        }
        j_.KStr("userName", user_);
        if (console_session_) {
          j_.KOpen("sessionContext").KOpen("attributes")
              .KStr("creationDate", Iso8601(time_ - Below(36000)))
              .KStr("mfaAuthenticated", Below(4) == 0 ? "false" : "true")
              .Close().Close();
          user_agent_ = kUserAgents[2 + Below(2)];
        }
        break;
      }
      case 'A': {
        const std::string role = kRoles[Below(Count(kRoles))];
        const bool sso = role.rfind("AWSReservedSSO", 0) == 0;
        const std::string session =
            sso ? std::string(kUsers[Below(14)]) + "@example.com"
                : (Below(2) ? InstanceId() : "botocore-session-" + std::to_string(time_ - Below(3600)));
        const std::string role_id = "AROA" + Token(17, kUpperAlnum);
        user_ = role + "/" + session;
        console_session_ = sso && Below(2) == 0;
        principal_arn_ = "arn:aws:sts::" + acct + ":assumed-role/" + role + "/" + session;
        j_.KStr("type", "AssumedRole")
            .KStr("principalId", role_id + ":" + session)
            .KStr("arn", principal_arn_)
            .KStr("accountId", acct)
            .KStr("accessKeyId", "ASIA" + Token(16, kUpperAlnum));
        j_.KOpen("sessionContext")
            .KOpen("sessionIssuer")
            .KStr("type", "Role")
            .KStr("principalId", role_id)
            .KStr("arn", "arn:aws:iam::" + acct + ":role/" +
                             (sso ? "aws-reserved/sso.amazonaws.com/" : "") + role)
            .KStr("accountId", acct)
            .KStr("userName", role)
            .Close()
            .KEmpty("webIdFederationData")
            .KOpen("attributes")
            .KStr("creationDate", Iso8601(time_ - Below(3600)))
            .KStr("mfaAuthenticated", sso ? "true" : "false")
            .Close();
        if (role == "eks-node-role-prod" || role == "ssm-managed-instance") {
          j_.KStr("ec2RoleDelivery", "2.0");
        }
        j_.Close();
        if (Below(10) == 0) {
          j_.KStr("invokedBy", kServicesInvoking[Below(Count(kServicesInvoking))]);
        }
        if (console_session_) user_agent_ = kUserAgents[2 + Below(2)];
        break;
      }
      case 'S': {
        const char* by = kServicesInvoking[Below(Count(kServicesInvoking))];
        j_.KStr("type", "AWSService").KStr("invokedBy", by);
        source_ip_ = by;
        user_agent_ = by;
        principal_arn_ = by;
        user_ = by;
        break;
      }
      case 'R': {
        user_ = "root";
        principal_arn_ = "arn:aws:iam::" + acct + ":root";
        j_.KStr("type", "Root")
            .KStr("principalId", acct)
            .KStr("arn", "arn:aws:iam::" + acct + ":root")
            .KStr("accountId", acct);
        if (ev.id != Ev::kConsoleLogin) j_.KStr("accessKeyId", "ASIA" + Token(16, kUpperAlnum));
        if (ev.id != Ev::kConsoleLogin) {
          console_session_ = true;
          j_.KOpen("sessionContext").KEmpty("sessionIssuer").KEmpty("webIdFederationData")
              .KOpen("attributes")
              .KStr("creationDate", Iso8601(time_ - Below(7200)))
              .KStr("mfaAuthenticated", "true")
              .Close().Close();
        }
        user_agent_ = kUserAgents[2 + Below(2)];
        break;
      }
      case 'F': {
        const std::string issuer = kUsers[14 + Below(4)];
        user_ = kUsers[Below(14)];
        principal_arn_ = "arn:aws:sts::" + acct + ":federated-user/" + user_;
        j_.KStr("type", "FederatedUser")
            .KStr("principalId", acct + ":" + user_)
            .KStr("arn", principal_arn_)
            .KStr("accountId", acct)
            .KStr("accessKeyId", "ASIA" + Token(16, kUpperAlnum))
            .KOpen("sessionContext")
            .KOpen("sessionIssuer")
            .KStr("type", "IAMUser")
            .KStr("principalId", "AIDA" + Token(17, kUpperAlnum))
            .KStr("arn", "arn:aws:iam::" + acct + ":user/" + issuer)
            .KStr("accountId", acct)
            .KStr("userName", issuer)
            .Close()
            .KEmpty("webIdFederationData")
            .KOpen("attributes")
            .KStr("creationDate", Iso8601(time_ - Below(3600)))
            .KStr("mfaAuthenticated", "false")
            .Close()
            .Close();
        break;
      }
      default: {  // 'W'
        const std::string provider = "oidc.eks." + region_ + ".amazonaws.com/id/" + Token(32, kHex);
        const std::string sa = std::string("system:serviceaccount:") +
                               (Below(2) ? "kube-system:aws-load-balancer-controller" : "orders:api");
        user_ = sa;
        principal_arn_ = "arn:aws:iam::" + acct + ":oidc-provider/" + provider;
        source_ip_ = PrivateIp();
        j_.KStr("type", "WebIdentityUser")
            .KStr("principalId", "arn:aws:iam::" + acct + ":oidc-provider/" + provider + ":sts.amazonaws.com:" + sa)
            .KStr("userName", sa)
            .KStr("identityProvider", "arn:aws:iam::" + acct + ":oidc-provider/" + provider);
        user_agent_ = kUserAgents[4];
        break;
      }
    }
    j_.Close();
    if (ev.id == Ev::kConsoleLogin) user_agent_ = kUserAgents[2 + Below(2)];
  }

  void ErrorFields(const EventKind& ev) {
    const std::string& who = principal_arn_;
    const std::string_view service(ev.source, std::strcspn(ev.source, "."));
    switch (Below(4)) {
      case 0:
        error_code_ = "ThrottlingException";
        j_.KStr("errorCode", error_code_).KStr("errorMessage", "Rate exceeded");
        return;
      case 1:
        if (service == "s3") {
          error_code_ = "NoSuchKey";
          j_.KStr("errorCode", error_code_).KStr("errorMessage", "The specified key does not exist.");
          return;
        }
        if (service == "iam") {
          error_code_ = "NoSuchEntityException";
          j_.KStr("errorCode", error_code_)
              .KStr("errorMessage", "The user with name " + user_ + " cannot be found.");
          return;
        }
        break;
      default:
        break;
    }
    if (service == "ec2") {
      error_code_ = "Client.UnauthorizedOperation";
      j_.KStr("errorCode", error_code_)
          .KStr("errorMessage", "You are not authorized to perform this operation. User: " + who +
                                    " is not authorized to perform: ec2:" + ev.name +
                                    " with an explicit deny in a service control policy");
    } else if (service == "kms") {
      error_code_ = "AccessDeniedException";
      j_.KStr("errorCode", error_code_)
          .KStr("errorMessage", "User: " + who + " is not authorized to perform: kms:" + ev.name +
                                    " because no identity-based policy allows the kms:" + ev.name + " action");
    } else if (service == "s3") {
      error_code_ = "AccessDenied";
      j_.KStr("errorCode", error_code_).KStr("errorMessage", "Access Denied");
    } else {
      error_code_ = "AccessDenied";
      j_.KStr("errorCode", error_code_)
          .KStr("errorMessage", "User: " + who + " is not authorized to perform: " + std::string(service) +
                                    ":" + ev.name + " on resource: " + Arn(service, "*"));
    }
  }

  // requestParameters, responseElements, additionalEventData.
  void Body(const EventKind& ev, bool error, bool login_failed) {
    switch (ev.id) {
      case Ev::kDescribeInstances: {
        j_.KOpen("requestParameters").KOpen("instancesSet");
        if (Below(3) == 0) {
          j_.KArray("items");
          for (uint32_t i = 0, n = 1 + Below(4); i < n; ++i) j_.Open().KStr("instanceId", InstanceId()).Close();
          j_.CloseArray();
        }
        j_.Close().KOpen("filterSet");
        if (Below(2) == 0) {
          j_.KArray("items")
              .Open().KStr("name", "tag:Name").KOpen("valueSet").KArray("items")
              .Open().KStr("value", Below(2) ? "web-*" : "batch-worker").Close()
              .CloseArray().Close().Close()
              .Open().KStr("name", "instance-state-name").KOpen("valueSet").KArray("items")
              .Open().KStr("value", "running").Close().Open().KStr("value", "stopped").Close()
              .CloseArray().Close().Close()
              .CloseArray();
        }
        j_.Close();
        if (Below(2)) j_.KInt("maxResults", 1000);
        j_.Close().KNull("responseElements");
        return;
      }
      case Ev::kDescribeSecurityGroups:
        j_.KOpen("requestParameters").KEmpty("securityGroupSet").KOpen("securityGroupIdSet").KArray("items")
            .Open().KStr("groupId", "sg-0" + Token(16, kHex)).Close()
            .CloseArray().Close().KEmpty("filterSet").Close()
            .KNull("responseElements");
        return;
      case Ev::kDescribeVolumes:
        j_.KOpen("requestParameters").KEmpty("volumeSet").KEmpty("filterSet").KInt("maxResults", 500).Close()
            .KNull("responseElements");
        return;
      case Ev::kRunInstances: {
        const std::string ami = "ami-0" + Token(16, kHex);
        const std::string type = Below(2) ? "t3.micro" : "m6i.large";
        j_.KOpen("requestParameters")
            .KOpen("instancesSet").KArray("items")
            .Open().KStr("imageId", ami).KInt("minCount", 1).KInt("maxCount", 1 + Below(3))
            .KStr("keyName", "ops-2024").Close()
            .CloseArray().Close()
            .KStr("instanceType", type)
            .KEmpty("blockDeviceMapping")
            .KOpen("monitoring").KBool("enabled", false).Close()
            .KBool("disableApiTermination", false)
            .KStr("clientToken", Uuid())
            .KOpen("tagSpecificationSet").KArray("items")
            .Open().KStr("resourceType", "instance").KArray("tags")
            .Open().KStr("key", "Name").KStr("value", "web-" + Token(4, kHex)).Close()
            .Open().KStr("key", "équipe").KStr("value", "Plateforme données").Close()
            .CloseArray().Close()
            .CloseArray().Close()
            .Close();
        if (error) {
          j_.KNull("responseElements");
          return;
        }
        j_.KOpen("responseElements")
            .KStr("requestId", Uuid())
            .KStr("reservationId", "r-0" + Token(16, kHex))
            .KStr("ownerId", account_)
            .KEmpty("groupSet")
            .KOpen("instancesSet").KArray("items")
            .Open()
            .KStr("instanceId", InstanceId())
            .KStr("imageId", ami)
            .KOpen("instanceState").KInt("code", 0).KStr("name", "pending").Close()
            .KStr("privateDnsName", "ip-10-0-1-" + std::to_string(Below(250)) + ".ec2.internal")
            .KInt("amiLaunchIndex", 0)
            .KEmpty("productCodes")
            .KStr("instanceType", type)
            .KInt("launchTime", time_ * 1000)
            .KOpen("placement").KStr("availabilityZone", region_ + "a").KStr("tenancy", "default").Close()
            .KOpen("monitoring").KStr("state", "disabled").Close()
            .KStr("subnetId", "subnet-0" + Token(16, kHex))
            .KStr("vpcId", "vpc-0" + Token(16, kHex))
            .KStr("privateIpAddress", PrivateIp())
            .KBool("sourceDestCheck", true)
            .KOpen("cpuOptions").KInt("coreCount", 1).KInt("threadsPerCore", 2).Close()
            .Close()
            .CloseArray().Close()
            .Close();
        return;
      }
      case Ev::kAuthorizeSecurityGroupIngress: {
        const int port = Below(3) == 0 ? 22 : (Below(2) ? 443 : 3389);
        const std::string sg = "sg-0" + Token(16, kHex);
        j_.KOpen("requestParameters").KStr("groupId", sg)
            .KOpen("ipPermissions").KArray("items")
            .Open().KStr("ipProtocol", "tcp").KInt("fromPort", port).KInt("toPort", port).KEmpty("groups")
            .KOpen("ipRanges").KArray("items");
        j_.Open().KStr("cidrIp", Below(3) == 0 ? "0.0.0.0/0" : "203.0.113.0/24").Close();
        if (Below(2)) j_.Open().KStr("cidrIp", "10.0.0.0/8").KStr("description", "office VPN").Close();
        j_.CloseArray().Close()
            .KEmpty("ipv6Ranges").KEmpty("prefixListIds")
            .Close()
            .CloseArray().Close()
            .Close();
        if (error) {
          j_.KNull("responseElements");
          return;
        }
        j_.KOpen("responseElements").KStr("requestId", Uuid()).KBool("_return", true)
            .KOpen("securityGroupRuleSet").KArray("items")
            .Open().KStr("groupOwnerId", account_).KStr("groupId", sg)
            .KStr("securityGroupRuleId", "sgr-0" + Token(16, kHex)).KBool("isEgress", false)
            .KStr("ipProtocol", "tcp").KInt("fromPort", port).KInt("toPort", port)
            .KStr("cidrIpv4", "0.0.0.0/0").Close()
            .CloseArray().Close()
            .Close();
        return;
      }
      case Ev::kCreateKeyPair:
        j_.KOpen("requestParameters").KStr("keyName", "ops-" + Token(6, kHex)).KStr("keyType", "rsa")
            .KStr("keyFormat", "pem").Close();
        if (error) {
          j_.KNull("responseElements");
          return;
        }
        j_.KOpen("responseElements").KStr("requestId", Uuid()).KStr("keyName", "ops-key")
            .KStr("keyFingerprint", Token(40, kHex)).KStr("keyPairId", "key-0" + Token(16, kHex))
            .KStr("keyMaterial", "<sensitiveDataRemoved>").Close();
        return;
      case Ev::kStopInstances: {
        const std::string id = InstanceId();
        j_.KOpen("requestParameters").KOpen("instancesSet").KArray("items")
            .Open().KStr("instanceId", id).Close().CloseArray().Close().KBool("force", false).Close();
        if (error) {
          j_.KNull("responseElements");
          return;
        }
        j_.KOpen("responseElements").KStr("requestId", Uuid()).KOpen("instancesSet").KArray("items")
            .Open().KStr("instanceId", id)
            .KOpen("currentState").KInt("code", 64).KStr("name", "stopping").Close()
            .KOpen("previousState").KInt("code", 16).KStr("name", "running").Close()
            .Close().CloseArray().Close().Close();
        return;
      }
      case Ev::kCreateTags:
        j_.KOpen("requestParameters")
            .KOpen("resourcesSet").KArray("items").Open().KStr("resourceId", InstanceId()).Close()
            .CloseArray().Close()
            .KOpen("tagSet").KArray("items")
            .Open().KStr("key", "team").KStr("value", Below(2) ? "Équipe données" : "platform").Close()
            .Open().KStr("key", "cost-center").KStr("value", "cc-" + std::to_string(1000 + Below(9000))).Close()
            .CloseArray().Close()
            .Close();
        if (error) {
          j_.KNull("responseElements");
        } else {
          j_.KOpen("responseElements").KStr("requestId", Uuid()).KBool("_return", true).Close();
        }
        return;
      case Ev::kGetObject:
      case Ev::kPutObject: {
        bucket_ = kBuckets[Below(Count(kBuckets))];
        object_key_ = std::string(kKeyPrefixes[Below(Count(kKeyPrefixes))]) + Token(8, kHex) +
                      (Below(2) ? ".json.gz" : ".parquet");
        const bool put = ev.id == Ev::kPutObject;
        j_.KOpen("requestParameters").KStr("bucketName", bucket_)
            .KStr("Host", bucket_ + ".s3." + region_ + ".amazonaws.com").KStr("key", object_key_);
        if (put && Below(2)) j_.KStr("x-amz-server-side-encryption", "aws:kms");
        j_.Close();
        if (put && !error) {
          j_.KOpen("responseElements").KStr("x-amz-server-side-encryption", "aws:kms")
              .KStr("x-amz-version-id", Token(32, kB64)).Close();
        } else {
          j_.KNull("responseElements");
        }
        const int64_t bytes = 1 + static_cast<int64_t>(Below(50000000));
        j_.KOpen("additionalEventData")
            .KStr("SignatureVersion", "SigV4")
            .KStr("CipherSuite", "TLS_AES_128_GCM_SHA256")
            .KInt("bytesTransferredIn", put ? bytes : 0)
            .KStr("AuthenticationMethod", "AuthHeader")
            .KStr("x-amz-id-2", Token(76, kB64))
            .Key("bytesTransferredOut").Double(put ? 0.0 : static_cast<double>(bytes))
            .Close();
        return;
      }
      case Ev::kListBuckets:
        j_.KOpen("requestParameters").KStr("Host", "s3.amazonaws.com").Close().KNull("responseElements")
            .KOpen("additionalEventData").KStr("SignatureVersion", "SigV4")
            .KStr("AuthenticationMethod", "AuthHeader").KInt("bytesTransferredIn", 0)
            .KInt("bytesTransferredOut", 2000 + Below(3000)).Close();
        return;
      case Ev::kGetBucketAcl:
      case Ev::kGetBucketLocation:
        bucket_ = kBuckets[Below(Count(kBuckets))];
        j_.KOpen("requestParameters").KStr("bucketName", bucket_)
            .KStr("Host", bucket_ + ".s3.amazonaws.com")
            .KStr(ev.id == Ev::kGetBucketAcl ? "acl" : "location", "").Close()
            .KNull("responseElements");
        return;
      case Ev::kPutBucketPolicy:
        bucket_ = kBuckets[Below(Count(kBuckets))];
        j_.KOpen("requestParameters")
            .KOpen("bucketPolicy").KStr("Version", "2012-10-17").KArray("Statement")
            .Open().KStr("Sid", "PublicRead").KStr("Effect", "Allow").KStr("Principal", "*")
            .KArray("Action").Str("s3:GetObject").Str("s3:GetObjectVersion").CloseArray()
            .KStr("Resource", "arn:aws:s3:::" + bucket_ + "/*").Close()
            .CloseArray().Close()
            .KStr("bucketName", bucket_).KStr("Host", bucket_ + ".s3.amazonaws.com").KStr("policy", "")
            .Close()
            .KNull("responseElements");
        return;
      case Ev::kListRoles:
        if (Below(2)) {
          j_.KOpen("requestParameters").KInt("maxItems", 100).KStr("pathPrefix", "/").Close();
        } else {
          j_.KNull("requestParameters");
        }
        j_.KNull("responseElements");
        return;
      case Ev::kGetUser:
        j_.KOpen("requestParameters").KStr("userName", kUsers[Below(Count(kUsers))]).Close()
            .KNull("responseElements");
        return;
      case Ev::kCreateUser: {
        const std::string name = "svc-" + Token(6, kHex);
        j_.KOpen("requestParameters").KStr("userName", name).KArray("tags")
            .Open().KStr("key", "owner").KStr("value", user_).Close().CloseArray().Close();
        if (error) {
          j_.KNull("responseElements");
          return;
        }
        j_.KOpen("responseElements").KOpen("user").KStr("path", "/").KStr("userName", name)
            .KStr("userId", "AIDA" + Token(17, kUpperAlnum))
            .KStr("arn", "arn:aws:iam::" + account_ + ":user/" + name)
            .KStr("createDate", AwsDate(time_))
            .KArray("tags").Open().KStr("key", "owner").KStr("value", user_).Close().CloseArray()
            .Close().Close();
        return;
      }
      case Ev::kAttachUserPolicy:
        j_.KOpen("requestParameters").KStr("userName", kUsers[Below(Count(kUsers))])
            .KStr("policyArn", Below(3) == 0 ? "arn:aws:iam::aws:policy/AdministratorAccess"
                                             : "arn:aws:iam::aws:policy/ReadOnlyAccess")
            .Close().KNull("responseElements");
        return;
      case Ev::kCreateAccessKey: {
        const std::string name = kUsers[Below(Count(kUsers))];
        j_.KOpen("requestParameters").KStr("userName", name).Close();
        if (error) {
          j_.KNull("responseElements");
          return;
        }
        j_.KOpen("responseElements").KOpen("accessKey").KStr("userName", name)
            .KStr("accessKeyId", "AKIA" + Token(16, kUpperAlnum)).KStr("status", "Active")
            .KStr("createDate", AwsDate(time_)).Close().Close();
        return;
      }
      case Ev::kPutRolePolicy: {
        // IAM logs the policy document as a JSON string: escapes inside.
        const std::string policy =
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
            "      \"Action\": [\"s3:GetObject\", \"s3:PutObject\"],\n      \"Resource\": \"arn:aws:s3:::" +
            std::string(kBuckets[Below(Count(kBuckets))]) + "/*\"\n    }\n  ]\n}";
        j_.KOpen("requestParameters").KStr("roleName", kRoles[Below(Count(kRoles))])
            .KStr("policyName", "inline-" + Token(6, kHex)).KStr("policyDocument", policy).Close()
            .KNull("responseElements");
        return;
      }
      case Ev::kAssumeRole:
      case Ev::kAssumeRoleWithWebIdentity: {
        const std::string role = kRoles[Below(Count(kRoles))];
        const std::string session = ev.id == Ev::kAssumeRole ? "session-" + Token(8, kHex)
                                                              : "botocore-session-" + std::to_string(time_);
        role_arn_ = "arn:aws:iam::" + account_ + ":role/" + role;
        j_.KOpen("requestParameters").KStr("roleArn", role_arn_).KStr("roleSessionName", session)
            .KInt("durationSeconds", Below(2) ? 3600 : 900);
        if (ev.id == Ev::kAssumeRole && Below(4) == 0) {
          j_.KArray("tags").Open().KStr("key", "project").KStr("value", "orders").Close().CloseArray();
        }
        j_.Close();
        if (error) {
          j_.KNull("responseElements");
          return;
        }
        j_.KOpen("responseElements")
            .KOpen("credentials")
            .KStr("accessKeyId", "ASIA" + Token(16, kUpperAlnum))
            .KStr("sessionToken", Token(356, kB64))
            .KStr("expiration", AwsDate(time_ + 3600))
            .Close()
            .KOpen("assumedRoleUser")
            .KStr("assumedRoleId", "AROA" + Token(17, kUpperAlnum) + ":" + session)
            .KStr("arn", "arn:aws:sts::" + account_ + ":assumed-role/" + role + "/" + session)
            .Close();
        if (ev.id == Ev::kAssumeRoleWithWebIdentity) {
          j_.KStr("subjectFromWebIdentityToken", user_).KStr("audience", "sts.amazonaws.com")
              .KStr("provider", "arn:aws:iam::" + account_ + ":oidc-provider/oidc.eks." + region_ +
                                    ".amazonaws.com/id/" + Token(32, kHex));
        }
        j_.Close();
        return;
      }
      case Ev::kGetCallerIdentity:
        j_.KNull("requestParameters").KNull("responseElements");
        return;
      case Ev::kConsoleLogin:
        j_.KNull("requestParameters")
            .KOpen("responseElements").KStr("ConsoleLogin", login_failed ? "Failure" : "Success").Close()
            .KOpen("additionalEventData")
            .KStr("LoginTo",
                  "https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true"
                  "&state=hashArgsFromTB_us-east-1_" + Token(16, kHex))
            .KStr("MobileVersion", "No")
            .KStr("MFAUsed", mfa_used_ = Below(100) < 72 ? "Yes" : "No")
            .Close();
        return;
      case Ev::kDecrypt:
      case Ev::kGenerateDataKey:
        kms_arn_ = Arn("kms", "key/" + Uuid());
        j_.KOpen("requestParameters");
        if (ev.id == Ev::kGenerateDataKey) j_.KStr("keyId", kms_arn_).KStr("keySpec", "AES_256");
        j_.KStr("encryptionAlgorithm", "SYMMETRIC_DEFAULT").KOpen("encryptionContext");
        if (Below(2)) {
          j_.KStr("aws:lambda:FunctionArn", Arn("lambda", "function:orders-" + Token(4, kHex)));
        } else {
          j_.KStr("aws:s3:arn", "arn:aws:s3:::" + std::string(kBuckets[Below(Count(kBuckets))]) + "/" +
                                    kKeyPrefixes[Below(Count(kKeyPrefixes))] + Token(8, kHex));
        }
        j_.Close().Close().KNull("responseElements");
        return;
      case Ev::kInvoke:
        fn_arn_ = Arn("lambda", "function:" + std::string(Below(2) ? "orders-api" : "thumbnailer"));
        j_.KOpen("requestParameters").KStr("functionName", fn_arn_)
            .KStr("sourceArn", "arn:aws:s3:::" + std::string(kBuckets[Below(Count(kBuckets))])).Close()
            .KNull("responseElements")
            .KOpen("additionalEventData").KStr("functionVersion", fn_arn_ + ":$LATEST").Close();
        return;
      case Ev::kListFunctions:
        j_.KOpen("requestParameters").KInt("maxItems", 50).Close().KNull("responseElements");
        return;
      case Ev::kDescribeConfigRuleEvaluationStatus:
        j_.KOpen("requestParameters").KArray("configRuleNames")
            .Str("s3-bucket-public-read-prohibited").Str("iam-user-mfa-enabled").Str("restricted-ssh")
            .CloseArray().Close().KNull("responseElements");
        return;
      case Ev::kPutEvaluations: {
        j_.KOpen("requestParameters").KArray("evaluations");
        for (uint32_t i = 0, n = 1 + Below(3); i < n; ++i) {
          j_.Open().KStr("complianceResourceType", "AWS::EC2::Instance")
              .KStr("complianceResourceId", InstanceId())
              .KStr("complianceType", Below(5) == 0 ? "NON_COMPLIANT" : "COMPLIANT")
              .KStr("orderingTimestamp", AwsDate(time_ - 60)).Close();
        }
        j_.CloseArray().KStr("resultToken", Token(200, kB64)).KBool("testMode", false).Close()
            .KOpen("responseElements").KArray("failedEvaluations").CloseArray().Close();
        return;
      }
      case Ev::kLookupEvents:
        j_.KOpen("requestParameters").KArray("lookupAttributes")
            .Open().KStr("attributeKey", "EventName").KStr("attributeValue", "ConsoleLogin").Close()
            .CloseArray().KInt("maxResults", 50).Close().KNull("responseElements");
        return;
      case Ev::kStopLogging:
        j_.KOpen("requestParameters").KStr("name", Arn("cloudtrail", "trail/management-events")).Close()
            .KNull("responseElements");
        return;
      case Ev::kDescribeTrails:
        j_.KOpen("requestParameters").KArray("trailNameList").CloseArray()
            .KBool("includeShadowTrails", true).Close().KNull("responseElements");
        return;
      case Ev::kCreateLogStream:
        j_.KOpen("requestParameters").KStr("logGroupName", "/aws/lambda/orders-api")
            .KStr("logStreamName", Iso8601(time_).substr(0, 10) + "/[$LATEST]" + Token(32, kHex)).Close()
            .KNull("responseElements");
        return;
      case Ev::kDescribeLogGroups:
        j_.KOpen("requestParameters").KInt("limit", 50).KStr("logGroupNamePrefix", "/aws/").Close()
            .KNull("responseElements");
        return;
      case Ev::kGetParameter:
        j_.KOpen("requestParameters").KStr("name", Below(2) ? "/orders/prod/db-url" : "/platform/datadog/api-key")
            .KBool("withDecryption", Below(2) == 0).Close().KNull("responseElements");
        return;
      case Ev::kUpdateInstanceInformation:
        j_.KOpen("requestParameters").KStr("instanceId", InstanceId()).KStr("agentVersion", "3.2.1705.0")
            .KStr("agentStatus", "Active").KStr("platformType", "Linux").KStr("platformName", "Amazon Linux")
            .KStr("platformVersion", "2023").KStr("iPAddress", PrivateIp())
            .KStr("computerName", "ip-10-0-1-" + std::to_string(Below(250)) + ".ec2.internal")
            .KStr("agentName", "amazon-ssm-agent").KStr("availabilityZone", region_ + "a")
            .KStr("availabilityZoneId", "use1-az" + std::to_string(1 + Below(6))).Close()
            .KNull("responseElements");
        return;
      case Ev::kGetSecretValue:
        j_.KOpen("requestParameters")
            .KStr("secretId", Below(2) ? "prod/orders/db" : Arn("secretsmanager", "secret:prod/api-key-AbCdEf"))
            .Close().KNull("responseElements");
        return;
      case Ev::kDescribeTable:
        j_.KOpen("requestParameters").KStr("tableName", Below(2) ? "orders" : "sessions").Close()
            .KNull("responseElements");
        return;
    }
  }

  void Resources(const EventKind& ev) {
    switch (ev.id) {
      case Ev::kGetObject:
      case Ev::kPutObject:
        j_.KArray("resources")
            .Open().KStr("type", "AWS::S3::Object").KStr("ARN", "arn:aws:s3:::" + bucket_ + "/" + object_key_).Close()
            .Open().KStr("accountId", account_).KStr("type", "AWS::S3::Bucket")
            .KStr("ARN", "arn:aws:s3:::" + bucket_).Close()
            .CloseArray();
        return;
      case Ev::kAssumeRole:
      case Ev::kAssumeRoleWithWebIdentity:
        j_.KArray("resources").Open().KStr("accountId", account_).KStr("type", "AWS::IAM::Role")
            .KStr("ARN", role_arn_).Close().CloseArray();
        return;
      case Ev::kDecrypt:
      case Ev::kGenerateDataKey:
        j_.KArray("resources").Open().KStr("accountId", account_).KStr("type", "AWS::KMS::Key")
            .KStr("ARN", kms_arn_).Close().CloseArray();
        return;
      case Ev::kInvoke:
        j_.KArray("resources").Open().KStr("accountId", account_).KStr("type", "AWS::Lambda::Function")
            .KStr("ARN", fn_arn_).Close().CloseArray();
        return;
      default:
        return;
    }
  }

  uint64_t& rng_;
  int64_t time_;
  JsonWriter j_;
  std::string account_, region_, source_ip_, user_agent_, user_, principal_arn_;
  std::string bucket_, object_key_, role_arn_, kms_arn_, fn_arn_;
  char identity_type_ = 'A';
  bool console_session_ = false;
  const char* error_code_ = "";
  const char* mfa_used_ = "";
};

}  // namespace

RecordGenerator::RecordGenerator(uint64_t seed)
    : rng_(seed), time_(1709251200 /* 2024-03-01T00:00:00Z */) {}

void RecordGenerator::Append(std::string& out) {
  const size_t before = out.size();
  bool error = false;
  RecordBuilder builder(rng_, time_, out);
  const EventKind& ev = builder.Build(&error);
  ++counts_.records;
  counts_.record_bytes += out.size() - before;
  if (error) ++counts_.errors;
  if (ev.id == Ev::kConsoleLogin) ++counts_.console_logins;
  if (*builder.error_code() != '\0') ++counts_.by_error_code[builder.error_code()];
  if (*builder.mfa_used() != '\0') ++counts_.by_mfa_used[builder.mfa_used()];
  ++counts_.by_event_name[ev.name];
  // Busy accounts log several events a second; time only moves forward.
  time_ += static_cast<int64_t>(SplitMix64(rng_) >> 63);
}

std::string MakeNdjson(uint64_t target_bytes, uint64_t seed, CorpusCounts* counts) {
  RecordGenerator gen(seed);
  std::string out;
  out.reserve(target_bytes + 8192);
  while (out.size() < target_bytes) {
    gen.Append(out);
    out += '\n';
  }
  if (counts != nullptr) *counts = gen.counts();
  return out;
}

std::string NdjsonToS3Records(std::string_view ndjson) {
  std::string out;
  out.reserve(ndjson.size() + 16);
  out += "{\"Records\":[";
  bool first = true;
  size_t pos = 0;
  while (pos < ndjson.size()) {
    size_t end = ndjson.find('\n', pos);
    if (end == std::string_view::npos) end = ndjson.size();
    if (end > pos) {
      if (!first) out += ',';
      first = false;
      out.append(ndjson.data() + pos, end - pos);
    }
    pos = end + 1;
  }
  out += "]}";
  return out;
}

std::vector<std::string_view> SplitNdjson(std::string_view ndjson, size_t parts) {
  std::vector<std::string_view> out;
  if (parts == 0) parts = 1;
  const size_t target = ndjson.size() / parts + 1;
  size_t pos = 0;
  while (pos < ndjson.size()) {
    size_t end = std::min(ndjson.size(), pos + target);
    const size_t nl = ndjson.find('\n', end == 0 ? 0 : end - 1);
    end = nl == std::string_view::npos ? ndjson.size() : nl + 1;
    out.push_back(ndjson.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

uint64_t CountLines(std::string_view ndjson) {
  uint64_t n = 0;
  size_t pos = 0;
  while (pos < ndjson.size()) {
    size_t end = ndjson.find('\n', pos);
    if (end == std::string_view::npos) end = ndjson.size();
    if (end > pos) ++n;
    pos = end + 1;
  }
  return n;
}

bool Gzip(std::string_view in, int level, std::string* out) {
  libdeflate_compressor* c = libdeflate_alloc_compressor(level);
  if (c == nullptr) return false;
  out->resize(libdeflate_gzip_compress_bound(c, in.size()));
  const size_t n = libdeflate_gzip_compress(c, in.data(), in.size(), out->data(), out->size());
  libdeflate_free_compressor(c);
  out->resize(n);
  return n != 0;
}

}  // namespace trailhunt_bench
