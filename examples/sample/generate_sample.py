#!/usr/bin/env python3
"""Generate trailhunt's embedded sample dataset (examples/sample/data/).

The sample is a small, fictional week of AWS CloudTrail activity for the
company "Frothly" (account 111122223333, 2018-07-26 .. 2018-08-02). It
reproduces the hunts of the blog this project starts from:

  * hunt 1: IAM user ``bstoll`` signs in to the console 4 times without MFA;
    every other ConsoleLogin (including one Root login) uses MFA;
  * hunt 2: exactly 7 records carry ``errorCode=AccessDenied``, all of them
    IAM user ``web_admin`` trying to escalate privileges;
  * eventName statistics: AWS Config's ``DescribeEvaluationStatus`` is the
    most frequent eventName;
  * the blog's sample record: ``frothly_admin`` calls ``CreateKeyPair`` (key
    ``BOTS``) in us-west-1 from a console session without MFA.

Every record is synthetic. Account ids, access keys, principal ids, GUIDs and
resource ids come from a seeded RNG; IP addresses come from the RFC 5737
documentation ranges. The records are spread over the envelopes trailhunt
reads: S3 trail delivery objects (gzip), NDJSON, a CloudWatch Logs
subscription payload (DATA_MESSAGE + CONTROL_MESSAGE), EventBridge events and
Splunk HEC events.

Usage (from the repository root):

    python3 examples/sample/generate_sample.py          # rewrite data/ + expected_counts.json
    python3 examples/sample/generate_sample.py --check  # verify data/ on disk, write nothing

Python 3 standard library only. Output is byte-for-byte deterministic: fixed
seed, gzip with mtime=0 and no file name, stable key and record order, no
wall-clock input.
"""

import argparse
import base64
import calendar
import collections
import datetime
import gzip
import json
import os
import random
import sys
import uuid

SEED = 20180726
ACCT = "111122223333"  # Frothly's (fake) account
HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = os.path.join(HERE, "data")
EXPECTED_PATH = os.path.join(HERE, "expected_counts.json")

rng = random.Random(SEED)

# --------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"


def rand_str(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def access_key(prefix="AKIA"):
    return prefix + rand_str(B32, 16)


def principal_id(prefix):
    return prefix + rand_str(B32, 17)


def guid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


UUID_EPOCH = datetime.datetime(1582, 10, 15, tzinfo=datetime.timezone.utc)


def guid_v1(t):
    """A time-based (version 1) UUID for instant t, as IAM/STS/Config request ids were in 2018."""
    ticks = int((t - UUID_EPOCH).total_seconds()) * 10_000_000 + rng.randrange(10_000_000)
    return str(uuid.UUID(fields=(ticks & 0xFFFFFFFF, (ticks >> 32) & 0xFFFF,
                                 0x1000 | ((ticks >> 48) & 0x0FFF),
                                 0x80 | rng.getrandbits(6), rng.getrandbits(8),
                                 rng.getrandbits(48))))


def s3_request_id():
    return rand_str("0123456789ABCDEF", 16)


def amz_id_2():
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(57))).decode()


def aws_id(prefix):
    return prefix + "-0" + rand_str(HEX, 16)


def session_token():
    # 2018-era STS session tokens began with "FQoGZXIvYXdzE"; the rest is noise.
    body = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(150))).decode()
    return "FQoGZXIvYXdzE" + body.replace("=", "")


def encoded_auth_failure():
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(180))).decode().replace(
        "+", "-").replace("/", "_").rstrip("=")


# --------------------------------------------------------------------------
# Time
# --------------------------------------------------------------------------

UTC = datetime.timezone.utc


def T(text):
    return datetime.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch_s(dt):
    return calendar.timegm(dt.utctimetuple())


def epoch_ms(dt):
    return epoch_s(dt) * 1000


def sts_expiration(dt, hours=1):
    """STS 'expiration' as CloudTrail wrote it in 2018: 'Jul 26, 2018 10:08:28 PM'."""
    e = dt + datetime.timedelta(hours=hours)
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    hour12 = e.hour % 12 or 12
    return "%s %d, %d %d:%02d:%02d %s" % (months[e.month - 1], e.day, e.year, hour12,
                                          e.minute, e.second, "AM" if e.hour < 12 else "PM")


class Window:
    """Draws random times inside [start, end)."""

    def __init__(self, start, end):
        self.start, self.end = T(start), T(end)

    def t(self):
        span = int((self.end - self.start).total_seconds())
        return self.start + datetime.timedelta(seconds=rng.randrange(span))


# --------------------------------------------------------------------------
# Principals and resources
# --------------------------------------------------------------------------

class User:
    def __init__(self, name):
        self.name = name
        self.pid = principal_id("AIDA")
        self.akid = access_key("AKIA")
        self.arn = "arn:aws:iam::%s:user/%s" % (ACCT, name)


class Role:
    def __init__(self, name, path="/"):
        self.name = name
        self.pid = principal_id("AROA")
        self.arn = "arn:aws:iam::%s:role%s%s" % (ACCT, path, name)


USERS = {n: User(n) for n in ["frothly_admin", "bstoll", "btun", "klagerfield",
                              "web_admin", "splunk_access", "billing_portal"]}
ROLE_CONFIG = Role("AWSServiceRoleForConfig", "/aws-service-role/config.amazonaws.com/")
ROLE_WEB = Role("FrothlyWebServerRole")
ROLE_LAMBDA = Role("frothly-order-processor-role", "/service-role/")
ROLE_SSO = Role("AWSReservedSSO_AdministratorAccess_3c1e6d2f4a8b9e70",
                "/aws-reserved/sso.amazonaws.com/")
ROLE_ADMIN = Role("FrothlyAdminRole")
SAML_PROVIDER = "arn:aws:iam::%s:saml-provider/AWSSSO_6a1f0c9e2b7d4538_DO_NOT_DELETE" % ACCT

REGIONS = ["us-west-1", "us-west-2", "us-east-1"]
INSTANCES = {r: [aws_id("i") for _ in range(n)] for r, n in
             [("us-west-1", 4), ("us-west-2", 3), ("us-east-1", 2)]}
VPCS = {r: aws_id("vpc") for r in REGIONS}
SUBNETS = {r: [aws_id("subnet") for _ in range(2)] for r in REGIONS}
SGS = {r: [aws_id("sg") for _ in range(3)] for r in REGIONS}
VOLUMES = {r: [aws_id("vol") for _ in range(3)] for r in REGIONS}
ENIS = {r: [aws_id("eni") for _ in range(3)] for r in REGIONS}
AMIS = {r: aws_id("ami") for r in REGIONS}
KMS_KEYS = {r: guid() for r in REGIONS}
WEB_BUCKET = "frothly-web-assets"          # us-west-1
BILLING_BUCKET = "frothly-billing-reports"  # us-east-1
TRAIL_BUCKET = "frothly-cloudtrail-logs"    # us-east-1
WEB_KEYS = ["index.html", "css/site.min.css", "js/app.min.js", "img/frothly-logo.png",
            "img/hero-brewery.jpg", "img/products/hoppy-ipa.png",
            "img/products/yeti-stout.png", "products/catalog.json", "fonts/lato-regular.woff2"]
CONFIG_RULES = ["s3-bucket-public-read-prohibited", "s3-bucket-public-write-prohibited",
                "restricted-ssh", "iam-user-mfa-enabled", "root-account-mfa-enabled",
                "cloudtrail-enabled", "encrypted-volumes", "iam-password-policy"]

# IP addresses: RFC 5737 documentation ranges only.
IP_OFFICE = ["198.51.100.10", "198.51.100.11", "198.51.100.14"]   # Frothly HQ egress
IP_EC2 = {"us-west-1": "198.51.100.52", "us-west-2": "198.51.100.57",
          "us-east-1": "198.51.100.61"}                           # Elastic IPs
IP_BSTOLL_HOME = "192.0.2.44"
IP_SPLUNK = "198.51.100.23"
IP_ATTACKER = "203.0.113.77"
IP_BILLING = "198.51.100.31"

UA_CHROME_WIN = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                 "(KHTML, like Gecko) Chrome/67.0.3396.99 Safari/537.36")
UA_CHROME_MAC = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_6) AppleWebKit/537.36 "
                 "(KHTML, like Gecko) Chrome/68.0.3440.75 Safari/537.36")
UA_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:61.0) Gecko/20100101 Firefox/61.0"
UA_SAFARI = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_13_6) AppleWebKit/605.1.15 "
             "(KHTML, like Gecko) Version/11.1.2 Safari/605.1.15")
UA_CLI_ATTACKER = "aws-cli/1.15.66 Python/3.6.5 Linux/4.15.0-29-generic botocore/1.10.65"
UA_CLI_WEB = "aws-cli/1.14.8 Python/2.7.14 Linux/4.14.47-56.37.amzn1.x86_64 botocore/1.8.12"
UA_SPLUNK = "Boto3/1.4.4 Python/2.7.14 Linux/3.10.0-862.9.1.el7.x86_64 Botocore/1.5.92"
UA_WEB_SDK = ("aws-sdk-java/1.11.372 Linux/4.14.55-68.37.amzn2.x86_64 "
              "OpenJDK_64-Bit_Server_VM/25.171-b10 java/1.8.0_171")
UA_LAMBDA = "aws-sdk-nodejs/2.290.0 linux/v8.10.0 exec-env/AWS_Lambda_nodejs8.10"
UA_GO = "aws-sdk-go/1.14.28 (go1.10.3; linux; amd64)"
UA_S3_CONSOLE = ("[S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.371 "
                 "Linux/4.9.93-0.1.ac.178.67.327.metal1.x86_64 "
                 "OpenJDK_64-Bit_Server_VM/25.172-b11 java/1.8.0_172]")
LOGIN_TO = "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true"
TLS_CIPHER = "ECDHE-RSA-AES128-GCM-SHA256"


# --------------------------------------------------------------------------
# userIdentity builders
# --------------------------------------------------------------------------

class ConsoleSession:
    """A console session of an IAM user: temporary key + creationDate + MFA flag."""

    def __init__(self, user, created, mfa, ip, ua_browser):
        self.user, self.created, self.mfa = user, created, mfa
        self.ip, self.browser = ip, ua_browser
        self.akid = access_key("ASIA")


def ident_user_key(user):
    return {"type": "IAMUser", "principalId": user.pid, "arn": user.arn,
            "accountId": ACCT, "accessKeyId": user.akid, "userName": user.name}


def ident_user_console(sess, ver):
    d = {"type": "IAMUser", "principalId": sess.user.pid, "arn": sess.user.arn,
         "accountId": ACCT, "accessKeyId": sess.akid, "userName": sess.user.name}
    attrs = {"mfaAuthenticated": "true" if sess.mfa else "false",
             "creationDate": iso(sess.created)}
    if ver >= "1.08":
        d["sessionContext"] = {"sessionIssuer": {}, "webIdFederationData": {},
                               "attributes": {"creationDate": attrs["creationDate"],
                                              "mfaAuthenticated": attrs["mfaAuthenticated"]}}
    else:
        d["sessionContext"] = {"attributes": attrs}
        d["invokedBy"] = "signin.amazonaws.com"
    return d


def ident_login(user):
    return {"type": "IAMUser", "principalId": user.pid, "arn": user.arn,
            "accountId": ACCT, "userName": user.name}


def ident_root(akid=""):
    return {"type": "Root", "principalId": ACCT, "arn": "arn:aws:iam::%s:root" % ACCT,
            "accountId": ACCT, "accessKeyId": akid}


class RoleSession:
    def __init__(self, role, name, created, mfa=False, invoked_by=None):
        self.role, self.name, self.created = role, name, created
        self.mfa, self.invoked_by = mfa, invoked_by
        self.akid = access_key("ASIA")


def ident_role(rs, ver):
    d = {"type": "AssumedRole", "principalId": "%s:%s" % (rs.role.pid, rs.name),
         "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCT, rs.role.name, rs.name),
         "accountId": ACCT, "accessKeyId": rs.akid}
    issuer = {"type": "Role", "principalId": rs.role.pid, "arn": rs.role.arn,
              "accountId": ACCT, "userName": rs.role.name}
    attrs_old = {"mfaAuthenticated": "true" if rs.mfa else "false",
                 "creationDate": iso(rs.created)}
    if ver >= "1.08":
        d["sessionContext"] = {"sessionIssuer": issuer, "webIdFederationData": {},
                               "attributes": {"creationDate": attrs_old["creationDate"],
                                              "mfaAuthenticated": attrs_old["mfaAuthenticated"]}}
    else:
        d["sessionContext"] = {"attributes": attrs_old, "sessionIssuer": issuer}
    if rs.invoked_by:
        d["invokedBy"] = rs.invoked_by
    return d


def ident_federated(name, issuer_user, created, akid):
    return {"type": "FederatedUser", "principalId": "%s:%s" % (ACCT, name),
            "arn": "arn:aws:sts::%s:federated-user/%s" % (ACCT, name),
            "accountId": ACCT, "accessKeyId": akid,
            "sessionContext": {"attributes": {"mfaAuthenticated": "false",
                                              "creationDate": iso(created)},
                               "sessionIssuer": {"type": "IAMUser",
                                                 "principalId": issuer_user.pid,
                                                 "arn": issuer_user.arn,
                                                 "accountId": ACCT,
                                                 "userName": issuer_user.name}}}


def ident_service(service):
    return {"type": "AWSService", "invokedBy": service}


# --------------------------------------------------------------------------
# Record builder
# --------------------------------------------------------------------------

def record(t, ident, source, name, region, ip, ua, req=None, resp=None, *, ver="1.05",
           err=None, add=None, ro=None, res=None, etype="AwsApiCall", rid="uuid",
           shared=False, mgmt=True, tls_host=None, console=False):
    """One CloudTrail record, keys in the order CloudTrail writes them."""
    r = collections.OrderedDict()
    r["eventVersion"] = ver
    r["userIdentity"] = ident
    r["eventTime"] = iso(t)
    r["eventSource"] = source
    r["eventName"] = name
    r["awsRegion"] = region
    r["sourceIPAddress"] = ip
    r["userAgent"] = ua
    if err:
        r["errorCode"], r["errorMessage"] = err
    r["requestParameters"] = req
    r["responseElements"] = resp
    if add is not None:
        r["additionalEventData"] = add
    if rid == "uuid":
        r["requestID"] = guid()
    elif rid == "v1":
        r["requestID"] = guid_v1(t)
    elif rid == "s3":
        r["requestID"] = s3_request_id()
    r["eventID"] = guid()
    if ro is not None:
        r["readOnly"] = ro
    if res:
        r["resources"] = res
    r["eventType"] = etype
    if ver >= "1.06":
        r["managementEvent"] = mgmt
    r["recipientAccountId"] = ACCT
    if shared:
        r["sharedEventID"] = guid()
    if ver >= "1.07":
        r["eventCategory"] = "Management" if mgmt else "Data"
    if ver >= "1.08":
        if tls_host:
            r["tlsDetails"] = {"tlsVersion": "TLSv1.2", "cipherSuite": TLS_CIPHER,
                               "clientProvidedHostHeader": tls_host}
        if console:
            r["sessionCredentialFromConsole"] = "true"
    return dict(r)


def ec2_host(region):
    return "ec2.%s.amazonaws.com" % region


def pick(seq):
    return rng.choice(seq)


# --------------------------------------------------------------------------
# Event templates
# --------------------------------------------------------------------------

def config_session(region, t):
    return RoleSession(ROLE_CONFIG, "AWSConfig-Describe",
                       t - datetime.timedelta(minutes=rng.randrange(5, 55)),
                       invoked_by="config.amazonaws.com")


def config_eval_status(t, region, throttled=False):
    rs = config_session(region, t)
    rules = sorted(rng.sample(CONFIG_RULES, rng.choice([1, 1, 2, 3])))
    err = ("ThrottlingException", "Rate exceeded") if throttled else None
    return record(t, ident_role(rs, "1.05"), "config.amazonaws.com", "DescribeEvaluationStatus",
                  region, "config.amazonaws.com", "config.amazonaws.com",
                  {"configRuleNames": rules}, None, err=err, ro=True, rid="v1")


def config_ec2_describe(t, region, name=None):
    name = name or pick(["DescribeInstances", "DescribeSecurityGroups", "DescribeVolumes",
                         "DescribeNetworkInterfaces", "DescribeVpcs", "DescribeSubnets"])
    if name == "DescribeInstances":
        req = {"instancesSet": {"items": [{"instanceId": i} for i in
                                          sorted(rng.sample(INSTANCES[region], 1))]},
               "filterSet": {}}
    elif name == "DescribeSecurityGroups":
        req = {"securityGroupSet": {}, "securityGroupIdSet": {"items": [
            {"groupId": pick(SGS[region])}]}, "filterSet": {}}
    elif name == "DescribeVolumes":
        req = {"volumeSet": {"items": [{"volumeId": pick(VOLUMES[region])}]}, "filterSet": {}}
    elif name == "DescribeNetworkInterfaces":
        req = {"networkInterfaceIdSet": {"items": [{"networkInterfaceId": pick(ENIS[region])}]},
               "filterSet": {}}
    elif name == "DescribeVpcs":
        req = {"vpcSet": {"items": [{"vpcId": VPCS[region]}]}, "filterSet": {}}
    else:
        req = {"subnetSet": {"items": [{"subnetId": pick(SUBNETS[region])}]}, "filterSet": {}}
    rs = config_session(region, t)
    return record(t, ident_role(rs, "1.05"), "ec2.amazonaws.com", name, region,
                  "config.amazonaws.com", "config.amazonaws.com", req, None, ro=True)


def config_s3_describe(t, name, bucket, err=None):
    rs = config_session("us-east-1", t)
    req = {"bucketName": bucket}
    req[{"GetBucketAcl": "acl", "GetBucketPolicy": "policy",
         "GetBucketVersioning": "versioning"}[name]] = [""]
    return record(t, ident_role(rs, "1.05"), "s3.amazonaws.com", name, "us-east-1",
                  "config.amazonaws.com", "config.amazonaws.com", req, None, err=err, ro=True, rid="s3",
                  res=[{"ARN": "arn:aws:s3:::" + bucket, "accountId": ACCT,
                        "type": "AWS::S3::Bucket"}])


def config_iam_describe(t):
    rs = config_session("us-east-1", t)
    return record(t, ident_role(rs, "1.05"), "iam.amazonaws.com",
                  "GetAccountAuthorizationDetails", "us-east-1", "config.amazonaws.com",
                  "config.amazonaws.com",
                  {"filter": [pick(["User", "Role", "Group", "LocalManagedPolicy"])],
                   "maxItems": 100}, None, ro=True, rid="v1")


def service_assume_role(t, region, service, ver="1.05"):
    if service == "ec2.amazonaws.com":
        role, sess = ROLE_WEB, pick(INSTANCES["us-west-1"])
    elif service == "lambda.amazonaws.com":
        role, sess = ROLE_LAMBDA, "frothly-order-processor"
    else:
        role, sess = ROLE_CONFIG, "AWSConfig-Describe"
    akid = access_key("ASIA")
    resp = {"credentials": {"accessKeyId": akid, "expiration": sts_expiration(t),
                            "sessionToken": session_token()},
            "assumedRoleUser": {"assumedRoleId": "%s:%s" % (role.pid, sess),
                                "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (
                                    ACCT, role.name, sess)}}
    return record(t, ident_service(service), "sts.amazonaws.com", "AssumeRole", region,
                  service, service, {"roleArn": role.arn, "roleSessionName": sess}, resp,
                  ver=ver, ro=True if ver >= "1.08" else None, rid="v1", shared=True,
                  res=[{"ARN": role.arn, "accountId": ACCT, "type": "AWS::IAM::Role"}])


def web_get_object(t, ver="1.05"):
    inst = pick(INSTANCES["us-west-1"])
    rs = RoleSession(ROLE_WEB, inst, t - datetime.timedelta(minutes=rng.randrange(3, 300)),
                     invoked_by=None)
    key = pick(WEB_KEYS)
    add = {"x-amz-id-2": amz_id_2()}
    if ver >= "1.08":
        add = {"SignatureVersion": "SigV4", "CipherSuite": TLS_CIPHER,
               "bytesTransferredIn": 0, "AuthenticationMethod": "AuthHeader",
               "x-amz-id-2": add["x-amz-id-2"],
               "bytesTransferredOut": rng.randrange(900, 480000)}
    req = {"bucketName": WEB_BUCKET, "key": key}
    if ver >= "1.08":
        req = {"bucketName": WEB_BUCKET, "Host": WEB_BUCKET + ".s3.us-west-1.amazonaws.com",
               "key": key}
    return record(t, ident_role(rs, ver), "s3.amazonaws.com", "GetObject", "us-west-1",
                  IP_EC2["us-west-1"], "[%s]" % UA_WEB_SDK, req, None, ver=ver, add=add,
                  ro=True, rid="s3", mgmt=False,
                  res=[{"type": "AWS::S3::Object",
                        "ARN": "arn:aws:s3:::%s/%s" % (WEB_BUCKET, key)},
                       {"accountId": ACCT, "type": "AWS::S3::Bucket",
                        "ARN": "arn:aws:s3:::" + WEB_BUCKET}],
                  tls_host=WEB_BUCKET + ".s3.us-west-1.amazonaws.com")


def splunk_describe_instances(t, region, ver="1.05"):
    return record(t, ident_user_key(USERS["splunk_access"]), "ec2.amazonaws.com",
                  "DescribeInstances", region, IP_SPLUNK, UA_SPLUNK,
                  {"instancesSet": {}, "filterSet": {}}, None, ver=ver, ro=True,
                  tls_host=ec2_host(region))


def splunk_list_users(t, ver="1.05"):
    return record(t, ident_user_key(USERS["splunk_access"]), "iam.amazonaws.com", "ListUsers",
                  "us-east-1", IP_SPLUNK, UA_SPLUNK, None, None, ver=ver, ro=True, rid="v1",
                  tls_host="iam.amazonaws.com")


def splunk_describe_trails(t, region):
    return record(t, ident_user_key(USERS["splunk_access"]), "cloudtrail.amazonaws.com",
                  "DescribeTrails", region, IP_SPLUNK, UA_SPLUNK,
                  {"trailNameList": [], "includeShadowTrails": True}, None, ro=True)


def splunk_trail_status(t, region):
    return record(t, ident_user_key(USERS["splunk_access"]), "cloudtrail.amazonaws.com",
                  "GetTrailStatus", region, IP_SPLUNK, UA_SPLUNK,
                  {"name": "arn:aws:cloudtrail:us-east-1:%s:trail/frothly-trail" % ACCT},
                  None, ro=True)


def lookup_events(t, ident, ip, ua, region="us-east-1", err=None, ver="1.05", console=False):
    req = {"maxResults": 50, "lookupAttributes": [
        {"attributeKey": "EventName", "attributeValue": pick(
            ["ConsoleLogin", "CreateKeyPair", "AuthorizeSecurityGroupIngress", "RunInstances"])}]}
    return record(t, ident, "cloudtrail.amazonaws.com", "LookupEvents", region, ip, ua, req,
                  None, err=err, ver=ver, ro=True, tls_host="cloudtrail.%s.amazonaws.com" % region,
                  console=console)


def lambda_kms_decrypt(t, region, ver="1.05"):
    rs = RoleSession(ROLE_LAMBDA, "frothly-order-processor",
                     t - datetime.timedelta(minutes=rng.randrange(1, 50)))
    key_arn = "arn:aws:kms:%s:%s:key/%s" % (region, ACCT, KMS_KEYS[region])
    return record(t, ident_role(rs, ver), "kms.amazonaws.com", "Decrypt", region,
                  IP_EC2[region], UA_LAMBDA,
                  {"encryptionContext": {"LambdaFunctionName": "frothly-order-processor"}},
                  None, ver=ver, ro=True,
                  res=[{"ARN": key_arn, "accountId": ACCT, "type": "AWS::KMS::Key"}],
                  tls_host="kms.%s.amazonaws.com" % region)


def console_login(t, user, ip, ua, mfa, ver="1.05"):
    ident = ident_root() if user == "root" else ident_login(USERS[user])
    add = {"LoginTo": LOGIN_TO, "MobileVersion": "No", "MFAUsed": "Yes" if mfa else "No"}
    return record(t, ident, "signin.amazonaws.com", "ConsoleLogin", "us-east-1", ip, ua, None,
                  {"ConsoleLogin": "Success"}, ver=ver, add=add, rid=None,
                  ro=False if ver >= "1.08" else None, etype="AwsConsoleSignIn",
                  tls_host="signin.aws.amazon.com")


def run_instances_resp(t, region, count, key_name, itype, sg):
    items = []
    for i in range(count):
        iid = aws_id("i")
        ip4 = "10.%d.%d.%d" % (REGIONS.index(region), rng.randrange(1, 3), rng.randrange(4, 250))
        items.append({
            "instanceId": iid, "imageId": AMIS[region],
            "instanceState": {"code": 0, "name": "pending"},
            "privateDnsName": "ip-%s.%s.compute.internal" % (ip4.replace(".", "-"), region),
            "keyName": key_name, "amiLaunchIndex": i, "productCodes": {},
            "instanceType": itype, "launchTime": epoch_ms(t),
            "placement": {"availabilityZone": region + pick(["a", "b"]), "tenancy": "default"},
            "monitoring": {"state": "disabled"}, "subnetId": SUBNETS[region][0],
            "vpcId": VPCS[region], "privateIpAddress": ip4,
            "stateReason": {"code": "pending", "message": "pending"},
            "architecture": "x86_64", "rootDeviceType": "ebs",
            "rootDeviceName": "/dev/xvda", "blockDeviceMapping": {},
            "virtualizationType": "hvm", "hypervisor": "xen",
            "groupSet": {"items": [{"groupId": sg, "groupName": "frothly-web"}]},
            "sourceDestCheck": True, "ebsOptimized": False,
            "networkInterfaceSet": {"items": [{
                "networkInterfaceId": aws_id("eni"), "subnetId": SUBNETS[region][0],
                "vpcId": VPCS[region], "ownerId": ACCT, "status": "in-use",
                "privateIpAddress": ip4, "sourceDestCheck": True}]},
        })
    return {"requestId": guid(), "reservationId": aws_id("r"), "ownerId": ACCT,
            "groupSet": {}, "instancesSet": {"items": items}}


def run_instances(t, ident, region, ip, ua, key_name, count=1, itype="t2.micro",
                  ver="1.05", console=False):
    sg = SGS[region][0]
    req = {"instancesSet": {"items": [{"imageId": AMIS[region], "minCount": count,
                                       "maxCount": count, "keyName": key_name}]},
           "groupSet": {"items": [{"groupId": sg}]}, "instanceType": itype,
           "blockDeviceMapping": {}, "monitoring": {"enabled": False},
           "disableApiTermination": False, "subnetId": SUBNETS[region][0],
           "ebsOptimized": False}
    return record(t, ident, "ec2.amazonaws.com", "RunInstances", region, ip, ua, req,
                  run_instances_resp(t, region, count, key_name, itype, sg), ver=ver,
                  ro=False, tls_host=ec2_host(region), console=console)


def state_change(t, ident, region, ip, ua, name, instance_ids, ver="1.05", err=None,
                 console=False):
    codes = {"pending": 0, "running": 16, "shutting-down": 32, "stopping": 64, "stopped": 80}
    cur, prev = {"StartInstances": ("pending", "stopped"),
                 "StopInstances": ("stopping", "running"),
                 "TerminateInstances": ("shutting-down", "running")}[name]
    req = {"instancesSet": {"items": [{"instanceId": i} for i in instance_ids]}}
    if name == "StopInstances":
        req["force"] = False
    resp = None if err else {
        "requestId": guid(),
        "instancesSet": {"items": [{"instanceId": i,
                                    "currentState": {"code": codes[cur], "name": cur},
                                    "previousState": {"code": codes[prev], "name": prev}}
                                   for i in instance_ids]}}
    return record(t, ident, "ec2.amazonaws.com", name, region, ip, ua, req, resp, ver=ver,
                  err=err, ro=False, tls_host=ec2_host(region), console=console)


def s3_list_buckets(t, ident, ip, ua, ver="1.05", console=False):
    return record(t, ident, "s3.amazonaws.com", "ListBuckets", "us-east-1", ip, ua,
                  {"host": ["s3.amazonaws.com"]}, None, ver=ver, ro=True, rid="s3",
                  tls_host="s3.amazonaws.com", console=console)


def unauthorized(region):
    return ("Client.UnauthorizedOperation",
            "You are not authorized to perform this operation. Encoded authorization failure "
            "message: " + encoded_auth_failure())


def denied(action, resource):
    return ("AccessDenied", "User: arn:aws:iam::%s:user/web_admin is not authorized to perform: "
            "%s on resource: %s" % (ACCT, action, resource))


# --------------------------------------------------------------------------
# The scenario, file by file
# --------------------------------------------------------------------------

def file_s3_us_west_1():
    """S3 delivery, us-west-1, 2018-07-26 20:55-21:10: the blog's CreateKeyPair."""
    w = Window("2018-07-26T20:55:00", "2018-07-26T21:10:00")
    out = []
    for _ in range(36):
        out.append(config_eval_status(w.t(), "us-west-1"))
    for name in (["DescribeInstances"] * 4 + ["DescribeSecurityGroups"] * 4 +
                 ["DescribeVolumes"] * 3 + ["DescribeNetworkInterfaces"] * 3 +
                 ["DescribeVpcs"] * 2 + ["DescribeSubnets"] * 2):
        out.append(config_ec2_describe(w.t(), "us-west-1", name))
    for _ in range(16):
        out.append(web_get_object(w.t()))
    for _ in range(3):
        out.append(service_assume_role(w.t(), "us-west-1", "ec2.amazonaws.com"))
    for _ in range(3):
        out.append(splunk_describe_instances(w.t(), "us-west-1"))
    out.append(lambda_kms_decrypt(w.t(), "us-west-1"))

    # frothly_admin: console session without MFA, userAgent signin.amazonaws.com (as in the blog).
    sess = ConsoleSession(USERS["frothly_admin"], T("2018-07-26T20:56:37"), False,
                          IP_OFFICE[0], UA_CHROME_MAC)
    ua = "signin.amazonaws.com"
    ident = lambda: ident_user_console(sess, "1.05")  # noqa: E731
    out.append(record(T("2018-07-26T20:58:02"), ident(), "ec2.amazonaws.com", "DescribeInstances",
                      "us-west-1", sess.ip, ua, {"instancesSet": {}, "filterSet": {}}, None,
                      ro=True))
    out.append(record(T("2018-07-26T21:01:14"), ident(), "ec2.amazonaws.com",
                      "DescribeSecurityGroups", "us-west-1", sess.ip, ua,
                      {"securityGroupSet": {}, "securityGroupIdSet": {}, "filterSet": {}}, None,
                      ro=True))
    out.append(record(T("2018-07-26T21:07:51"), ident(), "ec2.amazonaws.com", "DescribeKeyPairs",
                      "us-west-1", sess.ip, ua,
                      {"keySet": {"items": [{"keyName": "BOTS"}]}, "filterSet": {}}, None,
                      err=("Client.InvalidKeyPair.NotFound", "The key pair 'BOTS' does not exist"),
                      ro=True))
    fp = ":".join(rand_str(HEX, 2) for _ in range(20))
    out.append(record(T("2018-07-26T21:08:28"), ident(), "ec2.amazonaws.com", "CreateKeyPair",
                      "us-west-1", sess.ip, ua, {"keyName": "BOTS"},
                      {"requestId": guid(), "keyName": "BOTS", "keyFingerprint": fp,
                       "keyMaterial": "<sensitiveDataRemoved>"}, ro=False))
    out.append(record(T("2018-07-26T21:08:31"), ident(), "ec2.amazonaws.com", "DescribeKeyPairs",
                      "us-west-1", sess.ip, ua, {"keySet": {}, "filterSet": {}}, None, ro=True))
    sg = SGS["us-west-1"][0]
    out.append(record(T("2018-07-26T21:09:12"), ident(), "ec2.amazonaws.com",
                      "AuthorizeSecurityGroupIngress", "us-west-1", sess.ip, ua,
                      {"groupId": sg, "ipPermissions": {"items": [
                          {"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "groups": {},
                           "ipRanges": {"items": [{"cidrIp": "0.0.0.0/0"}]},
                           "ipv6Ranges": {}, "prefixListIds": {}}]}},
                      {"requestId": guid(), "_return": True}, ro=False))
    out.append(run_instances(T("2018-07-26T21:09:47"), ident(), "us-west-1", sess.ip, ua, "BOTS"))
    return out


def file_s3_us_east_1():
    """S3 delivery, us-east-1 (+ global IAM/STS/sign-in), 2018-08-01 14:20-14:35."""
    w = Window("2018-08-01T14:20:00", "2018-08-01T14:35:00")
    out = []
    for _ in range(25):
        out.append(config_eval_status(w.t(), "us-east-1"))
    for _ in range(8):
        out.append(config_ec2_describe(w.t(), "us-east-1"))
    out.append(config_iam_describe(w.t()))
    out.append(config_iam_describe(w.t()))
    out.append(config_s3_describe(w.t(), "GetBucketAcl", TRAIL_BUCKET))
    out.append(config_s3_describe(w.t(), "GetBucketAcl", BILLING_BUCKET))
    out.append(config_s3_describe(w.t(), "GetBucketVersioning", TRAIL_BUCKET))
    out.append(config_s3_describe(w.t(), "GetBucketPolicy", BILLING_BUCKET,
                                  err=("NoSuchBucketPolicy", "The bucket policy does not exist")))
    for svc in ["config.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com",
                "lambda.amazonaws.com", "config.amazonaws.com", "ec2.amazonaws.com"]:
        out.append(service_assume_role(w.t(), "us-east-1", svc))
    out.append(splunk_list_users(w.t()))
    out.append(splunk_describe_trails(w.t(), "us-east-1"))
    out.append(splunk_trail_status(w.t(), "us-east-1"))
    out.append(splunk_trail_status(w.t(), "us-east-1"))
    out.append(lookup_events(w.t(), ident_user_key(USERS["splunk_access"]), IP_SPLUNK,
                             UA_SPLUNK, err=("ThrottlingException", "Rate exceeded")))
    out.append(splunk_describe_instances(w.t(), "us-east-1"))

    # web_admin: stolen keys used from outside, probing and escalating (4 of the 7 denials).
    wa = ident_user_key(USERS["web_admin"])
    ip, ua = IP_ATTACKER, UA_CLI_ATTACKER
    out.append(record(T("2018-08-01T14:21:05"), dict(wa), "iam.amazonaws.com", "GetUser",
                      "us-east-1", ip, ua, None, None, ro=True, rid="v1"))
    out.append(record(T("2018-08-01T14:21:40"), dict(wa), "iam.amazonaws.com",
                      "ListAttachedUserPolicies", "us-east-1", ip, ua, {"userName": "web_admin"},
                      None, ro=True, rid="v1"))
    out.append(s3_list_buckets(T("2018-08-01T14:22:17"), dict(wa), ip, ua))
    out.append(record(T("2018-08-01T14:23:02"), dict(wa), "iam.amazonaws.com", "GetUser",
                      "us-east-1", ip, ua, {"userName": "backdoor"}, None, rid="v1", ro=True,
                      err=("NoSuchEntityException", "The user with name backdoor cannot be found.")))
    out.append(record(T("2018-08-01T14:23:09"), dict(wa), "iam.amazonaws.com", "CreateUser",
                      "us-east-1", ip, ua, {"userName": "backdoor"}, None, rid="v1", ro=False,
                      err=denied("iam:CreateUser", "arn:aws:iam::%s:user/backdoor" % ACCT)))
    out.append(record(T("2018-08-01T14:24:33"), dict(wa), "iam.amazonaws.com", "AttachUserPolicy",
                      "us-east-1", ip, ua,
                      {"userName": "web_admin",
                       "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}, None,
                      rid="v1", ro=False,
                      err=denied("iam:AttachUserPolicy", "user web_admin")))
    out.append(record(T("2018-08-01T14:26:50"), dict(wa), "sts.amazonaws.com", "AssumeRole",
                      "us-east-1", ip, ua,
                      {"roleArn": ROLE_ADMIN.arn, "roleSessionName": "maint"}, None,
                      rid="v1", ro=True, err=denied("sts:AssumeRole", ROLE_ADMIN.arn)))
    out.append(record(T("2018-08-01T14:29:18"), dict(wa), "iam.amazonaws.com", "CreateUser",
                      "us-east-1", ip, ua, {"userName": "svc-backup", "path": "/system/"}, None,
                      rid="v1", ro=False,
                      err=denied("iam:CreateUser",
                                 "arn:aws:iam::%s:user/system/svc-backup" % ACCT)))

    # btun: MFA console session, reviewing CloudTrail and IAM.
    sess = ConsoleSession(USERS["btun"], T("2018-08-01T14:20:41"), True, IP_OFFICE[1], UA_FIREFOX)
    out.append(console_login(sess.created, "btun", sess.ip, sess.browser, True))
    bi = lambda: ident_user_console(sess, "1.05")  # noqa: E731
    out.append(lookup_events(T("2018-08-01T14:22:55"), bi(), sess.ip, "console.amazonaws.com"))
    out.append(lookup_events(T("2018-08-01T14:25:12"), bi(), sess.ip, "console.amazonaws.com"))
    out.append(record(T("2018-08-01T14:27:36"), bi(), "iam.amazonaws.com", "ListUsers",
                      "us-east-1", sess.ip, "console.amazonaws.com", None, None, ro=True, rid="v1"))
    out.append(record(T("2018-08-01T14:28:02"), bi(), "iam.amazonaws.com", "GetLoginProfile",
                      "us-east-1", sess.ip, "console.amazonaws.com",
                      {"userName": "splunk_access"}, None, ro=True, rid="v1",
                      err=("NoSuchEntityException",
                           "Login Profile for User splunk_access cannot be found.")))

    # bstoll: console login without MFA (1 of 4), from home.
    bs = ConsoleSession(USERS["bstoll"], T("2018-08-01T14:31:27"), False, IP_BSTOLL_HOME,
                        UA_CHROME_WIN)
    out.append(console_login(bs.created, "bstoll", bs.ip, bs.browser, False))
    out.append(s3_list_buckets(T("2018-08-01T14:32:10"), ident_user_console(bs, "1.05"), bs.ip,
                               UA_S3_CONSOLE))
    out.append(record(T("2018-08-01T14:32:44"), ident_user_console(bs, "1.05"),
                      "s3.amazonaws.com", "GetBucketLocation", "us-east-1", bs.ip, UA_S3_CONSOLE,
                      {"bucketName": BILLING_BUCKET, "location": [""]}, None, ro=True, rid="s3",
                      res=[{"ARN": "arn:aws:s3:::" + BILLING_BUCKET, "accountId": ACCT,
                            "type": "AWS::S3::Bucket"}]))
    out.append(record(T("2018-08-01T14:33:30"), ident_user_console(bs, "1.05"),
                      "ec2.amazonaws.com", "DescribeInstances", "us-east-1", bs.ip,
                      "console.ec2.amazonaws.com", {"instancesSet": {}, "filterSet": {}}, None,
                      ro=True))

    # ghoppy: IAM Identity Center (AWS SSO) user, SAML federation into an SSO role.
    created = T("2018-08-01T14:24:05")
    out.append(saml_assume(created))
    rs = RoleSession(ROLE_SSO, "ghoppy", created)
    for t, src, name, req in [
            (T("2018-08-01T14:24:40"), "ec2.amazonaws.com", "DescribeInstances",
             {"instancesSet": {}, "filterSet": {}}),
            (T("2018-08-01T14:25:03"), "ec2.amazonaws.com", "DescribeInstances",
             {"instancesSet": {}, "filterSet": {"items": [
                 {"name": "instance-state-name", "valueSet": {"items": [{"value": "running"}]}}]}}),
            (T("2018-08-01T14:26:21"), "iam.amazonaws.com", "ListRoles", None)]:
        out.append(record(t, ident_role(rs, "1.05"), src, name, "us-east-1", IP_OFFICE[2],
                          "console.amazonaws.com" if src == "iam.amazonaws.com"
                          else "console.ec2.amazonaws.com", req, None, ro=True,
                          rid="v1" if src == "iam.amazonaws.com" else "uuid"))
    out.append(s3_list_buckets(T("2018-08-01T14:27:58"), ident_role(rs, "1.05"), IP_OFFICE[2],
                               UA_S3_CONSOLE))
    return out


def saml_assume(t):
    session = "ghoppy"
    akid = access_key("ASIA")
    name_qualifier = base64.b64encode(bytes(rng.getrandbits(8) for _ in range(20))).decode()
    subject = "ghoppy@frothly.example"
    ident = {"type": "SAMLUser", "principalId": "%s:%s" % (name_qualifier, subject),
             "userName": subject, "identityProvider": name_qualifier}
    req = {"sAMLAssertionID": "_" + guid(), "roleSessionName": session,
           "principalArn": SAML_PROVIDER, "roleArn": ROLE_SSO.arn, "durationSeconds": 3600}
    resp = {"credentials": {"accessKeyId": akid, "expiration": sts_expiration(t),
                            "sessionToken": session_token()},
            "assumedRoleUser": {"assumedRoleId": "%s:%s" % (ROLE_SSO.pid, session),
                                "arn": "arn:aws:sts::%s:assumed-role/%s/%s" % (
                                    ACCT, ROLE_SSO.name, session)},
            "packedPolicySize": 0, "subject": subject,
            "subjectType": "persistent",
            "issuer": "https://portal.sso.us-east-1.amazonaws.com/saml/assertion/" +
                      rand_str(ALNUM, 28),
            "audience": "https://signin.aws.amazon.com/saml",
            "nameQualifier": name_qualifier}
    return record(t, ident, "sts.amazonaws.com", "AssumeRoleWithSAML", "us-east-1",
                  IP_OFFICE[2], UA_CHROME_MAC, req, resp, ro=True, rid="v1", shared=False,
                  res=[{"ARN": ROLE_SSO.arn, "accountId": ACCT, "type": "AWS::IAM::Role"},
                       {"ARN": SAML_PROVIDER, "accountId": ACCT,
                        "type": "AWS::IAM::SAMLProvider"}])


def file_ndjson():
    """NDJSON from a flattening pipeline: 2018-07-27 .. 2018-07-31, mixed regions."""
    out = []
    days = Window("2018-07-27T00:00:00", "2018-08-01T00:00:00")
    for i in range(20):
        out.append(config_eval_status(days.t(), REGIONS[i % 2]))
    out.append(config_eval_status(days.t(), "us-west-2", throttled=True))
    for i in range(6):
        out.append(config_ec2_describe(days.t(), REGIONS[i % 3]))
    out.append(config_s3_describe(days.t(), "GetBucketPolicy", TRAIL_BUCKET,
                                  err=("NoSuchBucketPolicy", "The bucket policy does not exist")))
    for svc in ["ec2.amazonaws.com", "lambda.amazonaws.com", "config.amazonaws.com",
                "ec2.amazonaws.com"]:
        out.append(service_assume_role(days.t(), pick(REGIONS), svc))
    for i in range(9):
        out.append(web_get_object(days.t(), ver="1.08" if i < 2 else "1.05"))
    for i in range(5):
        out.append(splunk_describe_instances(days.t(), REGIONS[i % 3], ver="1.05"))
    out.append(splunk_trail_status(days.t(), "us-east-1"))
    out.append(splunk_describe_trails(days.t(), "us-west-1"))
    out.append(splunk_list_users(days.t()))
    out.append(lambda_kms_decrypt(days.t(), "us-west-2"))
    out.append(lambda_kms_decrypt(days.t(), "us-west-2", ver="1.08"))

    # bstoll: console login without MFA (2 of 4) and a denied StopInstances.
    bs = ConsoleSession(USERS["bstoll"], T("2018-07-27T16:12:09"), False, IP_BSTOLL_HOME,
                        UA_CHROME_WIN)
    out.append(console_login(bs.created, "bstoll", bs.ip, bs.browser, False))
    out.append(record(T("2018-07-27T16:13:30"), ident_user_console(bs, "1.05"),
                      "ec2.amazonaws.com", "DescribeInstances", "us-west-1", bs.ip,
                      "console.ec2.amazonaws.com", {"instancesSet": {}, "filterSet": {}}, None,
                      ro=True))
    out.append(state_change(T("2018-07-27T16:15:02"), ident_user_console(bs, "1.05"),
                            "us-west-1", bs.ip, "console.ec2.amazonaws.com", "StopInstances",
                            [INSTANCES["us-west-1"][2]], err=unauthorized("us-west-1")))

    # frothly_admin: MFA console session; grants web_admin an inline policy, starts instances.
    fa = ConsoleSession(USERS["frothly_admin"], T("2018-07-28T09:02:44"), True, IP_OFFICE[0],
                        UA_CHROME_MAC)
    out.append(console_login(fa.created, "frothly_admin", fa.ip, fa.browser, True))
    policy = {"Version": "2012-10-17", "Statement": [
        {"Sid": "WebAssetsReadWrite", "Effect": "Allow",
         "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::%s" % WEB_BUCKET, "arn:aws:s3:::%s/*" % WEB_BUCKET]},
        {"Sid": "DescribeEc2", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}
    out.append(record(T("2018-07-28T09:06:18"), ident_user_console(fa, "1.05"),
                      "iam.amazonaws.com", "PutUserPolicy", "us-east-1", fa.ip,
                      "console.amazonaws.com",
                      {"userName": "web_admin", "policyName": "web-assets-deploy",
                       "policyDocument": json.dumps(policy, indent=4)}, None,
                      ro=False, rid="v1"))
    out.append(state_change(T("2018-07-28T09:11:40"), ident_user_console(fa, "1.05"),
                            "us-west-2", fa.ip, "console.ec2.amazonaws.com", "StartInstances",
                            INSTANCES["us-west-2"][:2]))
    out.append(run_instances(T("2018-07-28T09:14:05"), ident_user_console(fa, "1.08"),
                             "us-west-2", fa.ip, "console.ec2.amazonaws.com", "frothly-ops",
                             count=2, itype="m5.large", ver="1.08", console=True))

    # Root: one console login, with MFA, then account settings pages.
    out.append(console_login(T("2018-07-29T18:40:12"), "root", IP_OFFICE[0], UA_SAFARI, True))
    root_ident = ident_root(access_key("ASIA"))
    root_ident["sessionContext"] = {"attributes": {"mfaAuthenticated": "true",
                                                   "creationDate": "2018-07-29T18:40:12Z"}}
    root_ident["invokedBy"] = "signin.amazonaws.com"
    out.append(record(T("2018-07-29T18:41:03"), dict(root_ident), "iam.amazonaws.com",
                      "GetAccountSummary", "us-east-1", IP_OFFICE[0], "console.amazonaws.com",
                      None, None, ro=True, rid="v1"))
    out.append(record(T("2018-07-29T18:41:27"), dict(root_ident), "iam.amazonaws.com",
                      "GetAccountPasswordPolicy", "us-east-1", IP_OFFICE[0],
                      "console.amazonaws.com", None, None, ro=True, rid="v1"))

    # klagerfield: MFA console session in S3.
    kl = ConsoleSession(USERS["klagerfield"], T("2018-07-30T11:20:55"), True, IP_OFFICE[1],
                        UA_SAFARI)
    out.append(console_login(kl.created, "klagerfield", kl.ip, kl.browser, True))
    out.append(s3_list_buckets(T("2018-07-30T11:21:31"), ident_user_console(kl, "1.05"), kl.ip,
                               UA_S3_CONSOLE))
    out.append(record(T("2018-07-30T11:23:47"), ident_user_console(kl, "1.05"),
                      "s3.amazonaws.com", "CreateBucket", "us-west-2", kl.ip, UA_S3_CONSOLE,
                      {"CreateBucketConfiguration": {"LocationConstraint": "us-west-2",
                                                     "xmlns": "http://s3.amazonaws.com/doc/2006-03-01/"},
                       "bucketName": "frothly-brewery-telemetry"}, None, ro=False, rid="s3",
                      res=[{"ARN": "arn:aws:s3:::frothly-brewery-telemetry", "accountId": ACCT,
                            "type": "AWS::S3::Bucket"}]))

    # A billing portal federates its users (GetFederationToken -> FederatedUser).
    bp = USERS["billing_portal"]
    fed_t = T("2018-07-30T15:05:22")
    fed_akid = access_key("ASIA")
    out.append(record(fed_t, ident_user_key(bp), "sts.amazonaws.com", "GetFederationToken",
                      "us-east-1", IP_BILLING, UA_GO,
                      {"name": "finance-dashboard", "durationSeconds": 3600,
                       "policy": json.dumps({"Version": "2012-10-17", "Statement": [
                           {"Effect": "Allow", "Action": "s3:GetObject",
                            "Resource": "arn:aws:s3:::%s/*" % BILLING_BUCKET}]})},
                      {"credentials": {"accessKeyId": fed_akid,
                                       "expiration": sts_expiration(fed_t),
                                       "sessionToken": session_token()},
                       "federatedUser": {"federatedUserId": "%s:finance-dashboard" % ACCT,
                                         "arn": "arn:aws:sts::%s:federated-user/finance-dashboard"
                                                % ACCT},
                       "packedPolicySize": 14}, ro=True, rid="v1"))
    for k, t in [("2018/07/frothly-cur-00001.csv.gz", T("2018-07-30T15:05:40")),
                 ("2018/07/frothly-cur-Manifest.json", T("2018-07-30T15:05:39"))]:
        out.append(record(t, ident_federated("finance-dashboard", bp, fed_t, fed_akid),
                          "s3.amazonaws.com", "GetObject", "us-east-1", IP_BILLING,
                          "[%s]" % UA_GO, {"bucketName": BILLING_BUCKET, "key": k}, None,
                          add={"x-amz-id-2": amz_id_2()}, ro=True, rid="s3", mgmt=False,
                          res=[{"type": "AWS::S3::Object",
                                "ARN": "arn:aws:s3:::%s/%s" % (BILLING_BUCKET, k)},
                               {"accountId": ACCT, "type": "AWS::S3::Bucket",
                                "ARN": "arn:aws:s3:::" + BILLING_BUCKET}]))

    # web_admin, the evening before the main burst: recon from the web server's CLI,
    # then from outside (1 of the 3 remaining denials lands here).
    wa = ident_user_key(USERS["web_admin"])
    out.append(record(T("2018-07-31T22:47:10"), dict(wa), "ec2.amazonaws.com",
                      "DescribeInstances", "us-west-1", IP_EC2["us-west-1"], UA_CLI_WEB,
                      {"instancesSet": {}, "filterSet": {}}, None, ro=True))
    out.append(run_instances_denied(T("2018-07-31T23:38:51"), wa))
    out.append(record(T("2018-07-31T23:44:27"), dict(wa), "s3.amazonaws.com", "PutBucketPolicy",
                      "us-west-1", IP_ATTACKER, "[%s]" % UA_CLI_ATTACKER,
                      {"bucketPolicy": {"Version": "2012-10-17", "Statement": [
                          {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
                           "Action": ["s3:GetObject", "s3:ListBucket"],
                           "Resource": ["arn:aws:s3:::%s" % WEB_BUCKET,
                                        "arn:aws:s3:::%s/*" % WEB_BUCKET]}]},
                       "bucketName": WEB_BUCKET, "policy": [""]}, None,
                      err=("AccessDenied", "Access Denied"), ro=False, rid="s3",
                      res=[{"ARN": "arn:aws:s3:::" + WEB_BUCKET, "accountId": ACCT,
                            "type": "AWS::S3::Bucket"}]))
    return out


def run_instances_denied(t, ident):
    region = "us-west-1"
    req = {"instancesSet": {"items": [{"imageId": AMIS[region], "minCount": 1, "maxCount": 1,
                                       "keyName": "BOTS"}]},
           "instanceType": "p3.16xlarge", "blockDeviceMapping": {},
           "monitoring": {"enabled": False}, "disableApiTermination": False}
    return record(t, dict(ident), "ec2.amazonaws.com", "RunInstances", region, IP_ATTACKER,
                  UA_CLI_ATTACKER, req, None, err=unauthorized(region), ro=False)


def file_cwl():
    """CloudWatch Logs subscription DATA_MESSAGE, us-west-2, 2018-08-01 12:00-16:00."""
    w = Window("2018-08-01T12:00:00", "2018-08-01T16:00:00")
    out = []
    for _ in range(15):
        out.append(config_eval_status(w.t(), "us-west-2"))
    for _ in range(7):
        out.append(config_ec2_describe(w.t(), "us-west-2"))
    for _ in range(2):
        out.append(splunk_describe_instances(w.t(), "us-west-2"))
    for _ in range(2):
        out.append(service_assume_role(w.t(), "us-west-2", "lambda.amazonaws.com"))
    for i in range(3):
        out.append(lambda_kms_decrypt(w.t(), "us-west-2", ver="1.08" if i == 0 else "1.05"))
    out.append(splunk_describe_trails(w.t(), "us-west-2"))
    # web_admin tries to read a SecureString parameter's KMS key (5 of 7 denials).
    key_arn = "arn:aws:kms:us-west-2:%s:key/%s" % (ACCT, KMS_KEYS["us-west-2"])
    out.append(record(T("2018-08-01T13:58:36"), ident_user_key(USERS["web_admin"]),
                      "kms.amazonaws.com", "Decrypt", "us-west-2", IP_ATTACKER, UA_CLI_ATTACKER,
                      {"encryptionContext": {"PARAMETER_ARN":
                                             "arn:aws:ssm:us-west-2:%s:parameter/prod/db/password"
                                             % ACCT}}, None, ro=True,
                      err=denied("kms:Decrypt", key_arn)))
    out.append(record(T("2018-08-01T13:57:59"), ident_user_key(USERS["web_admin"]),
                      "ssm.amazonaws.com", "DescribeParameters", "us-west-2", IP_ATTACKER,
                      UA_CLI_ATTACKER, None, None, ro=True))
    # frothly_admin runs a build box in us-west-2 (eventVersion 1.08 record).
    fa = ConsoleSession(USERS["frothly_admin"], T("2018-08-01T12:40:03"), True, IP_OFFICE[0],
                        UA_CHROME_MAC)
    out.append(state_change(T("2018-08-01T12:44:19"), ident_user_console(fa, "1.08"),
                            "us-west-2", fa.ip, "console.ec2.amazonaws.com", "StartInstances",
                            [INSTANCES["us-west-2"][2]], ver="1.08", console=True))
    return out


def file_eventbridge():
    """EventBridge default-bus events (writes and sign-ins only), 2018-07-28 .. 2018-08-02."""
    out = []
    w = Window("2018-07-28T00:00:00", "2018-08-02T23:00:00")
    # Sign-ins: bstoll without MFA (3 of 4); btun x2, klagerfield, frothly_admin with MFA.
    out.append(console_login(T("2018-07-30T08:47:33"), "bstoll", IP_BSTOLL_HOME, UA_CHROME_WIN,
                             False))
    out.append(console_login(T("2018-07-28T13:05:19"), "btun", IP_OFFICE[1], UA_FIREFOX, True))
    out.append(console_login(T("2018-08-02T10:12:48"), "btun", IP_OFFICE[1], UA_FIREFOX, True,
                             ver="1.08"))
    out.append(console_login(T("2018-07-31T16:30:02"), "klagerfield", IP_OFFICE[2], UA_SAFARI,
                             True))
    out.append(console_login(T("2018-07-31T09:15:40"), "frothly_admin", IP_OFFICE[0],
                             UA_CHROME_MAC, True))
    # Service writes.
    for svc, reg in [("ec2.amazonaws.com", "us-west-1"), ("lambda.amazonaws.com", "us-west-2"),
                     ("lambda.amazonaws.com", "us-east-1"), ("config.amazonaws.com", "us-east-1"),
                     ("ec2.amazonaws.com", "us-west-1"), ("config.amazonaws.com", "us-west-2"),
                     ("ec2.amazonaws.com", "us-west-1"), ("lambda.amazonaws.com", "us-west-2"),
                     ("config.amazonaws.com", "us-west-1")]:
        out.append(service_assume_role(w.t(), reg, svc, ver="1.08" if reg == "us-west-2"
                                       else "1.05"))
    # frothly_admin: an ops day (2018-07-31), MFA console session.
    fa = ConsoleSession(USERS["frothly_admin"], T("2018-07-31T09:15:40"), True, IP_OFFICE[0],
                        UA_CHROME_MAC)
    fi = lambda v="1.05": ident_user_console(fa, v)  # noqa: E731
    out.append(state_change(T("2018-07-31T09:20:11"), fi(), "us-west-1", fa.ip,
                            "console.ec2.amazonaws.com", "StopInstances",
                            [INSTANCES["us-west-1"][3]]))
    out.append(state_change(T("2018-07-31T09:31:56"), fi(), "us-west-1", fa.ip,
                            "console.ec2.amazonaws.com", "StartInstances",
                            [INSTANCES["us-west-1"][3], INSTANCES["us-west-1"][1]]))
    out.append(run_instances(T("2018-07-31T09:40:27"), fi("1.08"), "us-east-1", fa.ip,
                             "console.ec2.amazonaws.com", "frothly-ops", ver="1.08",
                             console=True))
    out.append(record(T("2018-07-31T09:41:02"), fi(), "ec2.amazonaws.com", "CreateTags",
                      "us-east-1", fa.ip, "console.ec2.amazonaws.com",
                      {"resourcesSet": {"items": [{"resourceId": INSTANCES["us-east-1"][0]}]},
                       "tagSet": {"items": [{"key": "Name", "value": "splunk-hf-01"},
                                            {"key": "owner", "value": "frothly_admin"}]}},
                      {"requestId": guid(), "_return": True}, ro=False))
    out.append(record(T("2018-07-31T09:47:15"), fi(), "ec2.amazonaws.com",
                      "AuthorizeSecurityGroupIngress", "us-east-1", fa.ip,
                      "console.ec2.amazonaws.com",
                      {"groupId": SGS["us-east-1"][1], "ipPermissions": {"items": [
                          {"ipProtocol": "tcp", "fromPort": 8088, "toPort": 8088, "groups": {},
                           "ipRanges": {"items": [{"cidrIp": "198.51.100.0/24",
                                                   "description": "Frothly HQ HEC"}]},
                           "ipv6Ranges": {}, "prefixListIds": {}}]}},
                      {"requestId": guid(), "_return": True}, ro=False))
    out.append(record(T("2018-07-31T09:52:38"), fi(), "iam.amazonaws.com", "CreateAccessKey",
                      "us-east-1", fa.ip, "console.amazonaws.com", {"userName": "splunk_access"},
                      {"accessKey": {"userName": "splunk_access", "accessKeyId": access_key(),
                                     "status": "Active",
                                     "createDate": "Jul 31, 2018 9:52:38 AM"}},
                      ro=False, rid="v1"))
    # klagerfield uploads a telemetry file (a data event written through the console).
    kl = ConsoleSession(USERS["klagerfield"], T("2018-07-31T16:30:02"), True, IP_OFFICE[2],
                        UA_SAFARI)
    out.append(record(T("2018-07-31T16:34:51"), ident_user_console(kl, "1.05"),
                      "s3.amazonaws.com", "PutObject", "us-west-2", kl.ip, UA_S3_CONSOLE,
                      {"bucketName": "frothly-brewery-telemetry",
                       "key": "fermenters/2018-07-31/tank-03.csv"}, None,
                      add={"x-amz-id-2": amz_id_2()}, ro=False, rid="s3", mgmt=False,
                      res=[{"type": "AWS::S3::Object",
                            "ARN": "arn:aws:s3:::frothly-brewery-telemetry/fermenters/"
                                   "2018-07-31/tank-03.csv"},
                           {"accountId": ACCT, "type": "AWS::S3::Bucket",
                            "ARN": "arn:aws:s3:::frothly-brewery-telemetry"}]))
    out.append(state_change(T("2018-07-31T10:02:09"), fi(), "us-west-2", fa.ip,
                            "console.ec2.amazonaws.com", "TerminateInstances",
                            [INSTANCES["us-west-2"][1]]))
    # A Lambda writes its logs.
    for _ in range(4):
        t = w.t()
        rs = RoleSession(ROLE_LAMBDA, "frothly-order-processor",
                         t - datetime.timedelta(minutes=2))
        out.append(record(t, ident_role(rs, "1.05"), "logs.amazonaws.com", "CreateLogStream",
                          "us-west-2", IP_EC2["us-west-2"], UA_LAMBDA,
                          {"logGroupName": "/aws/lambda/frothly-order-processor",
                           "logStreamName": "%s/[$LATEST]%s" % (iso(t)[:10].replace("-", "/"),
                                                               rand_str(HEX, 32))},
                          None, ro=False))
    return out


def file_hec():
    """Splunk HEC events (Firehose -> HEC, event endpoint), 2018-07-29 .. 2018-08-02."""
    out = []
    w = Window("2018-07-29T00:00:00", "2018-08-02T23:00:00")
    for i in range(14):
        out.append(config_eval_status(w.t(), REGIONS[i % 3]))
    for i in range(6):
        out.append(web_get_object(w.t(), ver="1.08" if i == 0 else "1.05"))
    for svc in ["ec2.amazonaws.com", "config.amazonaws.com", "lambda.amazonaws.com",
                "ec2.amazonaws.com", "config.amazonaws.com"]:
        out.append(service_assume_role(w.t(), "us-east-1", svc))
    out.append(splunk_describe_instances(w.t(), "us-west-1", ver="1.08"))
    out.append(splunk_describe_instances(w.t(), "us-east-1"))
    # bstoll: console login without MFA (4 of 4) and some browsing (1.08 records).
    bs = ConsoleSession(USERS["bstoll"], T("2018-08-02T09:03:51"), False, IP_BSTOLL_HOME,
                        UA_CHROME_WIN)
    out.append(console_login(bs.created, "bstoll", bs.ip, bs.browser, False))
    out.append(lookup_events(T("2018-08-02T09:05:20"), ident_user_console(bs, "1.08"), bs.ip,
                             "console.amazonaws.com", ver="1.08", console=True))
    out.append(record(T("2018-08-02T09:06:44"), ident_user_console(bs, "1.08"),
                      "iam.amazonaws.com", "ListUsers", "us-east-1", bs.ip,
                      "console.amazonaws.com", None, None, ver="1.08", ro=True, rid="v1",
                      tls_host="iam.amazonaws.com", console=True))
    out.append(record(T("2018-08-02T09:08:02"), ident_user_console(bs, "1.08"),
                      "ec2.amazonaws.com", "DescribeSecurityGroups", "us-west-1", bs.ip,
                      "console.ec2.amazonaws.com",
                      {"securityGroupSet": {}, "securityGroupIdSet": {}, "filterSet": {}}, None,
                      ver="1.08", ro=True, tls_host=ec2_host("us-west-1"), console=True))
    # web_admin: last attempt of the burst (7 of 7 denials).
    out.append(record(T("2018-08-01T15:02:37"), ident_user_key(USERS["web_admin"]),
                      "iam.amazonaws.com", "CreateAccessKey", "us-east-1", IP_ATTACKER,
                      UA_CLI_ATTACKER, {"userName": "frothly_admin"}, None, ro=False, rid="v1",
                      err=denied("iam:CreateAccessKey", "user frothly_admin")))
    out.append(record(T("2018-08-01T15:03:10"), ident_user_key(USERS["web_admin"]),
                      "iam.amazonaws.com", "ListAccessKeys", "us-east-1", IP_ATTACKER,
                      UA_CLI_ATTACKER, None, None, ro=True, rid="v1"))
    # btun follows up on the AccessDenied burst (1.08, tlsDetails).
    bt = ConsoleSession(USERS["btun"], T("2018-08-02T10:12:48"), True, IP_OFFICE[1], UA_FIREFOX)
    out.append(record(T("2018-08-02T10:19:05"), ident_user_console(bt, "1.08"),
                      "iam.amazonaws.com", "UpdateAccessKey", "us-east-1", bt.ip,
                      "console.amazonaws.com",
                      {"userName": "web_admin", "accessKeyId": USERS["web_admin"].akid,
                       "status": "Inactive"}, None, ver="1.08", ro=False, rid="v1",
                      tls_host="iam.amazonaws.com", console=True))
    out.append(lookup_events(T("2018-08-02T10:14:40"), ident_user_console(bt, "1.08"), bt.ip,
                             "console.amazonaws.com", ver="1.08", console=True))
    return out


# --------------------------------------------------------------------------
# Envelopes and writing
# --------------------------------------------------------------------------

def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def s3_object_name(region, end):
    # A separate RNG, so that editing the scenario does not rename the files.
    own = random.Random("%d:%s:%s" % (SEED, region, end))
    return "%s_CloudTrail_%s_%s_%s.json.gz" % (
        ACCT, region, end, "".join(own.choice(ALNUM) for _ in range(16)))


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def eventbridge_wrap(rec):
    signin = rec["eventType"] == "AwsConsoleSignIn"
    source = "aws." + rec["eventSource"].split(".")[0]
    return {"version": "0", "id": guid(),
            "detail-type": ("AWS Console Signin via CloudTrail" if signin
                            else "AWS API Call via CloudTrail"),
            "source": source, "account": ACCT, "time": rec["eventTime"],
            "region": rec["awsRegion"], "resources": [], "detail": rec}


def hec_wrap(rec):
    t = datetime.datetime.strptime(rec["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return {"time": epoch_s(t), "host": "firehose-cloudtrail-to-splunk",
            "source": "aws:firehose:cloudtrail", "sourcetype": "aws:cloudtrail", "event": rec}


def cwl_ids(n):
    # CloudWatch Logs event ids are 56-digit decimal strings, increasing within a batch.
    return sorted("3" + "".join(str(rng.randrange(10)) for _ in range(55)) for _ in range(n))


def build():
    """Returns {filename: bytes}."""
    files = {}

    recs = file_s3_us_west_1()
    rng.shuffle(recs)
    files[s3_object_name("us-west-1", "20180726T2110Z")] = gz(
        compact({"Records": recs}).encode())

    recs = file_s3_us_east_1()
    rng.shuffle(recs)
    files[s3_object_name("us-east-1", "20180801T1435Z")] = gz(
        compact({"Records": recs}).encode())

    recs = file_ndjson()
    rng.shuffle(recs)
    lines = [compact(r) for r in recs]
    lines.insert(len(lines) // 2, "")  # one blank line, as pipelines sometimes leave
    files["frothly_cloudtrail_20180727-20180731.ndjson"] = ("\n".join(lines) + "\n").encode()

    recs = sorted(file_cwl(), key=lambda r: r["eventTime"])  # PutLogEvents batches are in order
    data_msg = {"messageType": "DATA_MESSAGE", "owner": ACCT,
                "logGroup": "CloudTrail/DefaultLogGroup",
                "logStream": "%s_CloudTrail_us-west-2" % ACCT,
                "subscriptionFilters": ["cloudtrail-to-firehose"],
                "logEvents": [{"id": i,
                               "timestamp": epoch_ms(T(r["eventTime"][:19])),
                               "message": compact(r)} for i, r in zip(cwl_ids(len(recs)), recs)]}
    control_msg = {"messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs",
                   "logGroup": "", "logStream": "", "subscriptionFilters": [],
                   "logEvents": [{"id": "", "timestamp": epoch_ms(T("2018-08-01T16:00:07")),
                                  "message": "CWL CONTROL MESSAGE: Checking health of "
                                             "destination Firehose."}]}
    files["cwl_subscription_111122223333_us-west-2.json"] = (
        compact(data_msg) + "\n" + compact(control_msg) + "\n").encode()

    recs = file_eventbridge()
    rng.shuffle(recs)
    files["eventbridge_cloudtrail_events.json"] = "".join(
        compact(eventbridge_wrap(r)) + "\n" for r in recs).encode()

    recs = file_hec()
    rng.shuffle(recs)
    files["splunk_hec_firehose_payload.json"] = "\n".join(
        json.dumps(hec_wrap(r), indent=2, ensure_ascii=False) for r in recs).encode() + b"\n"
    return files


# --------------------------------------------------------------------------
# Reading back (independent of how the files were built) and counting
# --------------------------------------------------------------------------

def iter_json_values(text):
    dec = json.JSONDecoder()
    i, n = 0, len(text)
    while True:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            return
        obj, i = dec.raw_decode(text, i)
        yield obj


def read_file(name, raw):
    """Returns (envelope, records, control_messages) for one sample file."""
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8")
    records, control, envelopes = [], 0, set()
    for obj in iter_json_values(text):
        if "Records" in obj:
            envelopes.add("s3")
            records.extend(obj["Records"])
        elif "messageType" in obj:
            envelopes.add("cwl")
            if obj["messageType"] != "DATA_MESSAGE":
                control += 1
                continue
            records.extend(json.loads(e["message"]) for e in obj["logEvents"])
        elif "detail-type" in obj:
            envelopes.add("eventbridge")
            records.append(obj["detail"])
        elif "sourcetype" in obj and "event" in obj:
            envelopes.add("hec")
            records.append(obj["event"])
        elif "eventVersion" in obj:
            envelopes.add("ndjson")
            records.append(obj)
        else:
            raise ValueError("%s: unrecognised JSON value" % name)
    if len(envelopes) != 1:
        raise ValueError("%s: mixed envelopes %r" % (name, envelopes))
    return envelopes.pop(), records, control


def canonical_user(rec):
    ui = rec.get("userIdentity") or {}
    if ui.get("userName"):
        return ui["userName"]
    issuer = (ui.get("sessionContext") or {}).get("sessionIssuer") or {}
    if issuer.get("userName"):
        return issuer["userName"]
    arn = ui.get("arn")
    if arn:
        return arn.rsplit("/", 1)[-1] if "/" in arn else arn.rsplit(":", 1)[-1]
    return ui.get("principalId") or ui.get("invokedBy")


def sorted_counts(counter):
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def analyse(files):
    """files: {name: bytes}. Returns the expected_counts document."""
    by_file, by_env, all_recs, control = {}, collections.Counter(), [], 0
    for name in sorted(files):
        env, recs, ctl = read_file(name, files[name])
        by_file[name] = len(recs)
        by_env[env] += len(recs)
        control += ctl
        all_recs.extend((name, r) for r in recs)
    by_name = collections.Counter(r["eventName"] for _, r in all_recs)
    by_err = collections.Counter(r["errorCode"] for _, r in all_recs if "errorCode" in r)
    by_type = collections.Counter(r["userIdentity"]["type"] for _, r in all_recs)
    by_ver = collections.Counter(r["eventVersion"] for _, r in all_recs)
    by_region = collections.Counter(r["awsRegion"] for _, r in all_recs)
    logins = collections.Counter(
        (canonical_user(r), r["additionalEventData"]["MFAUsed"])
        for _, r in all_recs if r["eventName"] == "ConsoleLogin")
    denied = [r for _, r in all_recs if r.get("errorCode") == "AccessDenied"]
    denied.sort(key=lambda r: r["eventTime"])
    return {
        "records_total": len(all_recs),
        "control_messages": control,
        "by_file": by_file,
        "by_envelope": dict(sorted(by_env.items())),
        "by_eventName": sorted_counts(by_name),
        "by_errorCode": sorted_counts(by_err),
        "records_with_errorCode": sum(by_err.values()),
        "console_logins_by_user_mfa": [[u, m, c] for (u, m), c in sorted(logins.items())],
        "access_denied": [[canonical_user(r), r["eventTime"], r["awsRegion"], r["eventName"],
                           r["sourceIPAddress"], r["errorMessage"]] for r in denied],
        "by_userIdentity_type": sorted_counts(by_type),
        "by_eventVersion": dict(sorted(by_ver.items())),
        "by_awsRegion": sorted_counts(by_region),
        "eventTime_min": min(r["eventTime"] for _, r in all_recs),
        "eventTime_max": max(r["eventTime"] for _, r in all_recs),
        "_records": all_recs,
    }


def check(doc):
    """Asserts the scenario invariants; returns printable lines."""
    recs = [r for _, r in doc["_records"]]
    lines = []

    def ok(cond, what):
        if not cond:
            raise AssertionError("invariant failed: " + what)
        lines.append("ok  " + what)

    logins = [r for r in recs if r["eventName"] == "ConsoleLogin"]
    no_mfa = [r for r in logins if r["additionalEventData"].get("MFAUsed") != "Yes"]
    ok(len([r for r in no_mfa if canonical_user(r) == "bstoll"]) == 4,
       "bstoll has exactly 4 ConsoleLogin with MFAUsed=No")
    ok(len(no_mfa) == 4, "exactly 4 ConsoleLogin records in total have MFAUsed != Yes")
    ok(all(r["additionalEventData"]["MFAUsed"] == "No" for r in no_mfa), "those 4 say 'No'")
    ok(not [r for r in no_mfa if r["userIdentity"]["type"] == "Root"],
       "no Root ConsoleLogin without MFA")
    ok(len([r for r in logins if r["userIdentity"]["type"] == "Root"]) == 1,
       "exactly one Root ConsoleLogin (MFAUsed=Yes)")
    ok(all(r["eventSource"] == "signin.amazonaws.com" and r["eventType"] == "AwsConsoleSignIn"
           and r["responseElements"] == {"ConsoleLogin": "Success"} for r in logins),
       "every ConsoleLogin is a successful AwsConsoleSignIn on signin.amazonaws.com")
    ad = [r for r in recs if r.get("errorCode") == "AccessDenied"]
    ok(len(ad) == 7, "exactly 7 AccessDenied records")
    ok(all(canonical_user(r) == "web_admin" for r in ad), "all AccessDenied are by web_admin")
    ok(all(r.get("errorMessage") and r.get("awsRegion") and r.get("sourceIPAddress")
           and r.get("userAgent") for r in ad),
       "every AccessDenied has errorMessage, awsRegion, sourceIPAddress, userAgent")
    names = list(doc["by_eventName"].items())
    ok(names[0][0] == "DescribeEvaluationStatus" and names[0][1] > names[1][1],
       "DescribeEvaluationStatus is the single most frequent eventName (%d vs %s %d)"
       % (names[0][1], names[1][0], names[1][1]))
    ok(all(r["userIdentity"].get("invokedBy") == "config.amazonaws.com"
           for r in recs if r["eventName"] == "DescribeEvaluationStatus"),
       "every DescribeEvaluationStatus comes from AWS Config")
    ck = [r for r in recs if r["eventName"] == "CreateKeyPair"]
    ok(len(ck) == 1 and canonical_user(ck[0]) == "frothly_admin"
       and ck[0]["awsRegion"] == "us-west-1" and ck[0]["requestParameters"]["keyName"] == "BOTS"
       and ck[0]["userIdentity"]["sessionContext"]["attributes"]["mfaAuthenticated"] == "false",
       "one CreateKeyPair BOTS by frothly_admin in us-west-1, session without MFA")
    types = set(r["userIdentity"]["type"] for r in recs)
    ok({"IAMUser", "Root", "AssumedRole", "FederatedUser", "AWSService", "SAMLUser"} <= types,
       "identity types present: %s" % ", ".join(sorted(types)))
    ok(all("2018-07-26T00:00:00Z" <= r["eventTime"] < "2018-08-03T00:00:00Z" for r in recs),
       "every eventTime within 2018-07-26 .. 2018-08-02")
    ok(len(set(r["eventID"] for r in recs)) == len(recs), "eventIDs are unique")
    ok(all(r.get("recipientAccountId") == ACCT for r in recs), "recipientAccountId everywhere")
    ok(300 <= doc["records_total"] <= 400, "records_total %d within 300..400"
       % doc["records_total"])
    ok(doc["control_messages"] == 1, "one CONTROL_MESSAGE")
    ok(any(ip.get("cidrIp") == "0.0.0.0/0"
           for r in recs if r["eventName"] == "AuthorizeSecurityGroupIngress"
           for p in r["requestParameters"]["ipPermissions"]["items"]
           for ip in p["ipRanges"].get("items", [])),
       "an AuthorizeSecurityGroupIngress opens 0.0.0.0/0")
    ok(any(isinstance(r["requestParameters"].get("policyDocument"), str)
           for r in recs if r["eventName"] == "PutUserPolicy"),
       "a PutUserPolicy carries a policyDocument JSON string")
    return lines


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def markdown_summary(doc):
    out = ["| file | envelope | records |", "|---|---|---|"]
    for name, n in doc["by_file"].items():
        env, _, _ = read_file(name, read_bytes(os.path.join(DATA_DIR, name)))
        out.append("| `%s` | %s | %d |" % (name, env, n))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="verify data/ and expected_counts.json on disk; write nothing")
    ap.add_argument("--summary", action="store_true", help="also print a markdown file table")
    args = ap.parse_args()

    if args.check:
        files = {n: read_bytes(os.path.join(DATA_DIR, n)) for n in sorted(os.listdir(DATA_DIR))}
    else:
        files = build()
        os.makedirs(DATA_DIR, exist_ok=True)
        for old in os.listdir(DATA_DIR):
            os.remove(os.path.join(DATA_DIR, old))
        for name in sorted(files):
            with open(os.path.join(DATA_DIR, name), "wb") as f:
                f.write(files[name])

    doc = analyse(files)
    lines = check(doc)
    public = {k: v for k, v in doc.items() if not k.startswith("_")}
    text = json.dumps(public, indent=2, ensure_ascii=False) + "\n"
    if args.check:
        with open(EXPECTED_PATH, encoding="utf-8") as f:
            if f.read() != text:
                raise AssertionError("expected_counts.json does not match data/")
        lines.append("ok  expected_counts.json matches data/")
    else:
        with open(EXPECTED_PATH, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print("\n".join(lines))
    print("records_total=%d control_messages=%d files=%d bytes=%d" % (
        doc["records_total"], doc["control_messages"], len(files),
        sum(len(b) for b in files.values())))
    if args.summary:
        print(markdown_summary(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
