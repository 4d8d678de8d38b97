#!/usr/bin/env python3
"""Writes the fuzz seed corpora under tests/fuzz/corpus/<target>/.

The seeds are small, hand-written CloudTrail records in every envelope the
reader knows, compressed and archived variants, field paths, timestamps and
OCSF records. Re-run after editing; output is deterministic (fixed gzip and
archive timestamps), so unchanged seeds keep their bytes.

    python3 tests/fuzz/corpus/make_seeds.py
"""
import base64
import gzip
import io
import json
import os
import tarfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
MTIME = 1700000000


def write(target, name, data):
    d = os.path.join(HERE, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def gz(data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=MTIME, compresslevel=6) as f:
        f.write(data)
    return buf.getvalue()


def compact(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


# --------------------------------------------------------------- records

IAM_USER = {
    "eventVersion": "1.08",
    "userIdentity": {"type": "IAMUser", "principalId": "AIDAFUZZEXAMPLE1",
                     "arn": "arn:aws:iam::123456789012:user/carol",
                     "accountId": "123456789012", "accessKeyId": "AKIAFUZZEXAMPLE1",
                     "userName": "carol"},
    "eventTime": "2023-11-14T22:13:20Z",
    "eventSource": "iam.amazonaws.com",
    "eventName": "CreateAccessKey",
    "awsRegion": "us-east-1",
    "sourceIPAddress": "192.0.2.10",
    "userAgent": "aws-cli/2.13.0",
    "requestParameters": {"userName": "dave"},
    "responseElements": {"accessKey": {"accessKeyId": "AKIAFUZZNEWKEY01", "status": "Active",
                                       "userName": "dave"}},
    "requestID": "0b6f1d6e-0000-4000-8000-000000000001",
    "eventID": "5e1c0f2a-0000-4000-8000-000000000001",
    "readOnly": False,
    "eventType": "AwsApiCall",
    "managementEvent": True,
    "recipientAccountId": "123456789012",
    "eventCategory": "Management",
}

ASSUMED_ROLE = {
    "eventVersion": "1.09",
    "userIdentity": {
        "type": "AssumedRole", "principalId": "AROAFUZZEXAMPLE2:build-42",
        "arn": "arn:aws:sts::210987654321:assumed-role/Deployer/build-42",
        "accountId": "210987654321", "accessKeyId": "ASIAFUZZEXAMPLE2",
        "sessionContext": {
            "sessionIssuer": {"type": "Role", "principalId": "AROAFUZZEXAMPLE2",
                              "arn": "arn:aws:iam::210987654321:role/Deployer",
                              "accountId": "210987654321", "userName": "Deployer"},
            "webIdFederationData": {},
            "attributes": {"creationDate": "2024-02-29T23:59:59Z", "mfaAuthenticated": "false"},
            "sourceIdentity": "ci",
        },
    },
    "eventTime": "2024-03-01T00:00:01.250Z",
    "eventSource": "ec2.amazonaws.com",
    "eventName": "RunInstances",
    "awsRegion": "eu-central-1",
    "sourceIPAddress": "ec2.amazonaws.com",
    "userAgent": "Boto3/1.34",
    "requestParameters": {"instancesSet": {"items": [{"imageId": "ami-0fuzz", "minCount": 1,
                                                      "maxCount": 2}]},
                          "instanceType": "t3.micro", "key.with.dots": "flat"},
    "responseElements": {"instancesSet": {"items": [{"instanceId": "i-0aaa"},
                                                    {"instanceId": "i-0bbb"}]}},
    "resources": [{"ARN": "arn:aws:ec2:eu-central-1:210987654321:instance/i-0aaa",
                   "accountId": "210987654321", "type": "AWS::EC2::Instance"},
                  {"ARN": "arn:aws:ec2:eu-central-1:210987654321:instance/i-0bbb",
                   "accountId": "210987654321"}],
    "eventType": "AwsApiCall",
    "managementEvent": True,
    "readOnly": False,
    "recipientAccountId": "210987654321",
    "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                   "clientProvidedHostHeader": "ec2.eu-central-1.amazonaws.com"},
}

ROOT_LOGIN = {
    "eventVersion": "1.05",
    "userIdentity": {"type": "Root", "principalId": "123456789012",
                     "arn": "arn:aws:iam::123456789012:root", "accountId": "123456789012"},
    "eventTime": "2019-01-01T00:00:00Z",
    "eventSource": "signin.amazonaws.com",
    "eventName": "ConsoleLogin",
    "awsRegion": "us-east-1",
    "sourceIPAddress": "203.0.113.50",
    "userAgent": "Mozilla/5.0 (X11; Linux x86_64) \u00e9\u4e2d",
    "requestParameters": None,
    "responseElements": {"ConsoleLogin": "Success"},
    "additionalEventData": {"LoginTo": "https://console.aws.amazon.com/", "MobileVersion": "No",
                            "MFAUsed": "No"},
    "eventID": "a1a1a1a1-0000-4000-8000-000000000003",
    "eventType": "AwsConsoleSignIn",
    "recipientAccountId": "123456789012",
}

SERVICE = {
    "eventVersion": "1.10",
    "userIdentity": {"type": "AWSService", "invokedBy": "cloudtrail.amazonaws.com"},
    "eventTime": "2024-06-30T12:34:56.789123456+02:00",
    "eventSource": "s3.amazonaws.com",
    "eventName": "PutObject",
    "awsRegion": "ap-southeast-2",
    "sourceIPAddress": "cloudtrail.amazonaws.com",
    "userAgent": "cloudtrail.amazonaws.com",
    "requestParameters": {"bucketName": "trail-bucket", "key": "AWSLogs/x.json.gz",
                          "x-amz-acl": "bucket-owner-full-control"},
    "additionalEventData": {"bytesTransferredIn": 1234.5, "SignatureVersion": "SigV4",
                            "big": 123456789012345678901234567890, "tiny": -0.0, "e": 1e300},
    "resources": [{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::trail-bucket/AWSLogs/x.json.gz"}],
    "eventType": "AwsApiCall",
    "readOnly": "false",
    "eventCategory": "Data",
    "sharedEventID": "ffffffff-0000-4000-8000-000000000004",
}

IDENTITY_CENTER = {
    "eventVersion": "1.11",
    "userIdentity": {"type": "IdentityCenterUser", "accountId": "123456789012",
                     "onBehalfOf": {"userId": "9067-fuzz",
                                    "identityStoreArn": "arn:aws:identitystore::123456789012:identitystore/d-fuzz"},
                     "credentialId": "cred-fuzz"},
    "eventTime": "2025-01-15T08:00:00Z",
    "eventSource": "sso.amazonaws.com",
    "eventName": "Authenticate",
    "awsRegion": "us-west-2",
    "sourceIPAddress": "2001:db8::1",
    "errorCode": "AccessDenied",
    "errorMessage": "Quote \" backslash \\ tab \t newline \n ctrl \u0001",
    "eventType": "AwsServiceEvent",
    "serviceEventDetails": {"nested": [[[]], {}, [None, True, False]]},
}

INSIGHT = {
    "eventVersion": "1.07",
    "eventTime": "2020-05-05T05:05:05Z",
    "awsRegion": "us-east-1",
    "eventID": "insight-0001",
    "eventType": "AwsCloudTrailInsight",
    "recipientAccountId": "123456789012",
    "sharedEventID": "insight-shared",
    "insightDetails": {"state": "Start", "eventSource": "ec2.amazonaws.com",
                       "eventName": "RunInstances", "insightType": "ApiCallRateInsight",
                       "insightContext": {"statistics": {"baseline": {"average": 0.0},
                                                         "insight": {"average": 1.5}}}},
    "eventCategory": "Insight",
}

FEDERATED = {
    "eventVersion": "1.08",
    "userIdentity": {"type": "FederatedUser", "principalId": "123456789012:erin",
                     "arn": "arn:aws:sts::123456789012:federated-user/erin",
                     "accountId": "123456789012"},
    "eventTime": "2022-12-31T23:59:60Z",
    "eventSource": "sts.amazonaws.com",
    "eventName": "GetFederationToken",
    "awsRegion": "us-east-1",
    "sourceIPAddress": "198.51.100.1",
}

LOGSTASH = {
    "@timestamp": "2023-04-01T10:00:00.000Z",
    "eventName": "DeleteTrail",
    "eventSource": "cloudtrail.amazonaws.com",
    "userIdentity": {"type": "SAMLUser", "userName": "frank@example.com",
                     "identityProvider": "arn:aws:iam::123456789012:saml-provider/Okta"},
}

RECORDS = [IAM_USER, ASSUMED_ROLE, ROOT_LOGIN, SERVICE, IDENTITY_CENTER, INSIGHT, FEDERATED,
           LOGSTASH]

OCSF_API = {
    "class_uid": 6003, "class_name": "API Activity", "category_uid": 6, "activity_id": 1,
    "severity_id": 1, "type_uid": 600301,
    "metadata": {"version": "1.1.0", "uid": "ocsf-evt-0001", "event_code": "AwsApiCall",
                 "product": {"name": "CloudTrail", "vendor_name": "AWS", "version": "1.09",
                             "feature": {"name": "Management"}},
                 "profiles": ["cloud", "datetime"]},
    "time": 1709251201000, "time_dt": "2024-03-01T00:00:01.000Z",
    "cloud": {"provider": "AWS", "region": "us-east-2", "account": {"uid": "123456789012"}},
    "api": {"operation": "CreateUser", "version": "2010-05-08",
            "service": {"name": "iam.amazonaws.com"},
            "request": {"uid": "req-ocsf-1", "data": "{\"userName\":\"mallory\",\"path\":\"/\"}"},
            "response": {"data": "{\"user\":{\"userName\":\"mallory\"}}",
                         "error": "EntityAlreadyExists", "message": "exists"}},
    "actor": {"user": {"type": "IAMUser", "uid": "AIDAOCSFEXAMPLE", "name": "oscar",
                       "uid_alt": "AIDAOCSFEXAMPLE",
                       "account": {"uid": "123456789012"},
                       "credential_uid": "AKIAOCSFEXAMPLE"},
              "invoked_by": None,
              "session": {"created_time_dt": "2024-03-01T00:00:00Z", "is_mfa": True,
                          "issuer": "arn:aws:iam::123456789012:role/X"}},
    "src_endpoint": {"ip": "192.0.2.77", "uid": "vpce-0fuzz"},
    "http_request": {"user_agent": "console.amazonaws.com"},
    "status": "Failure", "status_id": 2,
    "resources": [{"uid": "arn:aws:iam::123456789012:user/mallory", "type": "AWS::IAM::User",
                   "account_uid": "123456789012"}],
    "unmapped": {"readOnly": "false", "managementEvent": "true",
                 "additionalEventData.MFAIdentifier": "arn:aws:iam::123456789012:mfa/oscar",
                 "requestParameters.tags": "[{\"key\":\"a\"}]",
                 "recipientAccountId": "123456789012"},
}

OCSF_RC2 = {
    "class_uid": 3005, "activity_id": 2, "category_uid": 3,
    "metadata": {"version": "1.0.0-rc.2", "uid": "ocsf-rc2-1",
                 "product": {"name": "CloudTrail", "vendor_name": "AWS", "version": "1.08"}},
    "time": 1600000000000,
    "cloud": {"provider": "AWS", "region": "sa-east-1"},
    "api": {"operation": "AssumeRole", "service": {"name": "sts.amazonaws.com"},
            "request": {"uid": "req-rc2"}, "response": {}},
    "actor": {"user": {"type": "AssumedRole", "uid": "AROARC2:sess", "uuid":
                       "arn:aws:sts::444455556666:assumed-role/Ops/sess",
                       "account_uid": "444455556666", "credential_uid": "ASIARC2"},
              "session": {"created_time": 1599999000000, "mfa": False,
                          "issuer": "arn:aws:iam::444455556666:role/Ops"},
              "idp": {"name": "accounts.google.com"}},
    "user": {"name": "newsession"},
    "session": {"uid": "arn:aws:sts::444455556666:assumed-role/Ops/newsession",
                "uid_alt": "AROARC2:newsession", "credential_uid": "ASIANEW"},
    "src_endpoint": {"domain": "sts.amazonaws.com"},
    "status": "Success",
    "unmapped": {"eventType": "AwsApiCall"},
}

OCSF_AUTH = {
    "class_uid": 3002, "activity_id": 1, "category_uid": 3,
    "metadata": {"version": "1.1.0", "product": {"name": "CloudTrail", "version": "1.08"}},
    "time": 1546300800000,
    "api": {"operation": "ConsoleLogin", "service": {"name": "signin.amazonaws.com"}},
    "actor": {"user": {"type": "Root", "uid": "123456789012",
                       "uuid": "arn:aws:iam::123456789012:root"}},
    "user": {"type": "Root", "uid": "arn:aws:iam::123456789012:root",
             "account": {"uid": "123456789012"}},
    "dst_endpoint": {"svc_name": "https://console.aws.amazon.com/"},
    "is_mfa": False, "status_id": 1,
    "src_endpoint": {"ip": "203.0.113.9"},
}

OCSF_ACCOUNT = {
    "class_uid": 3001, "activity_id": 3, "category_uid": 3,
    "metadata": {"version": "1.0.0", "product": {"name": "CloudTrail"}},
    "time": 1650000000000,
    "api": {"operation": "AttachUserPolicy", "service": {"name": "iam.amazonaws.com"},
            "request": {"data": "not json at all"}},
    "actor": {"user": {"type": "IdentityCenterUser", "uid": "ic-user-1", "name": "ivy",
                       "account": {"uid": "123456789012"}, "credential_uid": "cred-ic"},
              "idp": {"uid": "arn:aws:identitystore::123456789012:identitystore/d-1"}},
    "user": {"name": "victim", "uid": "arn:aws:iam::123456789012:user/victim"},
}

OCSF_NO_PRODUCT = {
    "class_uid": 6003,
    "metadata": {"version": "1.1.0"},
    "api": {"operation": "ListBuckets", "service": {"name": "s3.amazonaws.com"}},
    "time": 1700000000000,
}

OCSF_OTHER_PRODUCT = {
    "class_uid": 4001, "metadata": {"product": {"name": "VPC Flow Logs"}},
    "time": 1700000000000, "src_endpoint": {"ip": "10.0.0.1"},
}


def cloudwatch_payload(records, message_type="DATA_MESSAGE"):
    return {
        "messageType": message_type,
        "owner": "123456789012",
        "logGroup": "aws-cloudtrail-logs",
        "logStream": "123456789012_CloudTrail_us-east-1",
        "subscriptionFilters": ["all"],
        "logEvents": [{"id": str(36000000000000000000000000000000000000 + i),
                       "timestamp": 1700000000000 + i,
                       "message": compact(r)} for i, r in enumerate(records)],
    }


def make_zip(members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, method in members:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)
    return buf.getvalue()


def make_tar(members):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in members:
            if isinstance(data, str):
                data = data.encode("utf-8")
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = MTIME
            t.addfile(info, io.BytesIO(data))
        d = tarfile.TarInfo("AWSLogs/")
        d.type = tarfile.DIRTYPE
        d.mtime = MTIME
        t.addfile(d)
    return buf.getvalue()


def read_source_seeds():
    t = "fuzz_read_source"
    s3 = compact({"Records": [IAM_USER, ASSUMED_ROLE]})
    write(t, "s3_records.json", s3)
    write(t, "s3_records_trailing_members.json",
          json.dumps({"Records": [ROOT_LOGIN], "nextKey": None}, indent=1))
    write(t, "json_array.json", json.dumps([SERVICE, INSIGHT], indent=2))
    write(t, "ndjson.jsonl", "\n".join(compact(r) for r in RECORDS) + "\n")
    write(t, "ndjson_bom_crlf.jsonl",
          "\ufeff" + "\r\n".join(compact(r) for r in [FEDERATED, LOGSTASH]) + "\r\n\r\n")
    write(t, "single_pretty_concat.json",
          json.dumps(IAM_USER, indent=4) + "\n" + json.dumps(ROOT_LOGIN, indent=4))
    write(t, "cloudwatch_logs.json", compact(cloudwatch_payload([IAM_USER, ROOT_LOGIN])))
    write(t, "cloudwatch_control.json",
          compact({"messageType": "CONTROL_MESSAGE", "owner": "CloudwatchLogs",
                   "logGroup": "", "logStream": "", "subscriptionFilters": [],
                   "logEvents": [{"id": "", "timestamp": 1700000000000,
                                  "message": "CWL CONTROL MESSAGE: Checking health"}]}))
    lam = base64.b64encode(gz(compact(cloudwatch_payload([ASSUMED_ROLE])))).decode()
    write(t, "cloudwatch_lambda.json", compact({"awslogs": {"data": lam}}))
    write(t, "eventbridge.json",
          json.dumps({"version": "0", "id": "eb-1", "detail-type": "AWS API Call via CloudTrail",
                      "source": "aws.ec2", "account": "210987654321",
                      "time": "2024-03-01T00:00:02Z", "region": "eu-central-1",
                      "resources": [], "detail": ASSUMED_ROLE}))
    write(t, "eventbridge_console.json",
          compact({"detail-type": "AWS Console Sign In via CloudTrail", "time": "bad",
                   "detail": ROOT_LOGIN}))
    write(t, "hec.json",
          compact({"time": 1700000000.25, "host": "hf-1", "sourcetype": "aws:cloudtrail",
                   "index": "main", "event": IAM_USER}) + "\n" +
          compact({"time": "1700000001", "source": "s3", "event": compact(FEDERATED)}) + "\n")
    write(t, "hec_wrapping_cloudwatch.json",
          compact({"time": 1700000002, "fields": {"a": 1},
                   "event": cloudwatch_payload([SERVICE])}))
    write(t, "lookup_events.json",
          json.dumps({"Events": [{"EventId": "x", "EventName": "ConsoleLogin",
                                  "CloudTrailEvent": compact(ROOT_LOGIN)},
                                 {"EventId": "y", "CloudTrailEvent": compact(IAM_USER)}],
                      "NextToken": "tok"}, indent=2))
    write(t, "ocsf.jsonl", compact(OCSF_API) + "\n" + compact(OCSF_AUTH) + "\n")
    write(t, "digest.json",
          compact({"awsAccountId": "123456789012", "digestStartTime": "2024-01-01T00:00:00Z",
                   "digestEndTime": "2024-01-01T01:00:00Z", "digestS3Bucket": "b",
                   "digestS3Object": "AWSLogs/x_Digest.json.gz", "logFiles": []}))
    write(t, "lake_rows.json",
          compact({"QueryResultRows": [[{"eventName": "A"}], [{"eventName": "B"}]],
                   "QueryStatistics": {"ResultsCount": 2}}))
    write(t, "not_cloudtrail.json", '{"hello":"world"}\n{}\n[1,"two",null]\n')
    write(t, "broken_array.json", '[' + compact(IAM_USER) + ',' + compact(ROOT_LOGIN)[:150])
    write(t, "broken_separator.json", '{"Records":[' + compact(FEDERATED) + ' ' +
          compact(FEDERATED) + ']}')
    write(t, "invalid_utf8.jsonl",
          compact(FEDERATED).encode() + b"\n" +
          compact(LOGSTASH).replace("DeleteTrail", "Delete\xffTrail").encode("latin-1") + b"\n" +
          compact(INSIGHT).encode() + b"\n")
    write(t, "deep.json", '{"eventName":"x","a":' + "[" * 40 + "]" * 40 + "}")
    write(t, "s3_records.json.gz", gz(s3))
    write(t, "multi_member.jsonl.gz",
          gz(compact(IAM_USER) + "\n") + gz(compact(SERVICE) + "\n"))
    write(t, "truncated.json.gz", gz(s3)[:-20])
    write(t, "logs.zip", make_zip([
        ("AWSLogs/123456789012/CloudTrail/us-east-1/a.json", compact({"Records": [IAM_USER]}),
         zipfile.ZIP_DEFLATED),
        ("AWSLogs/123456789012/CloudTrail/us-east-1/b.json.gz", gz(compact({"Records": [ROOT_LOGIN]})),
         zipfile.ZIP_STORED),
        ("README.txt", "not a record", zipfile.ZIP_STORED),
    ]))
    tar = make_tar([("AWSLogs/a.json", compact({"Records": [FEDERATED]})),
                    ("AWSLogs/b.jsonl.gz", gz(compact(INSIGHT) + "\n"))])
    write(t, "logs.tar", tar)
    write(t, "logs.tar.gz", gz(tar))
    write(t, "zip_in_tar.tar", make_tar([("inner.zip", make_zip([
        ("x.json", compact([LOGSTASH]), zipfile.ZIP_DEFLATED)]))]))
    write(t, "empty_ws.json", " \n\t\r\n")
    write(t, "binary.bin", bytes(range(256)))


def event_seeds():
    t = "fuzz_event"
    names = ["iam_user", "assumed_role", "root_login", "service", "identity_center",
             "insight", "federated", "logstash"]
    for name, r in zip(names, RECORDS):
        write(t, name + ".json", compact(r))
    write(t, "pretty.json", json.dumps(ASSUMED_ROLE, indent=2, ensure_ascii=True))
    write(t, "ocsf_unmapped.json",
          compact({"eventName": "x", "unmapped": OCSF_API["unmapped"],
                   "additionalEventData.MFAIdentifier": "flat",
                   "additionalEventData": {"MFAIdentifier": "nested"},
                   "a.b": {"c": 1}, "a": {"b.c": 2, "b": {"c": 3}}}))
    write(t, "numbers.json",
          '{"n":[0,-0,-0.0,1e308,1e309,-1e400,18446744073709551615,18446744073709551616,'
          '-9223372036854775808,-9223372036854775809,1.7976931348623157e308,5e-324,2.5E-3],'
          '"eventTime":12345,"readOnly":"true","managementEvent":"maybe"}')
    write(t, "escapes.json",
          '{"s":"\\u0000\\u001f\\ud83d\\ude00\\/\\"\\\\","\\u00e9":"k","":"empty key",'
          '"dup":1,"dup":2,"userIdentity":{"type":"Root"}}')
    write(t, "with_path.bin", b"requestParameters.instancesSet.items{}.imageId\0" +
          compact(ASSUMED_ROLE).encode())
    write(t, "with_flat_path.bin", b"unmapped.additionalEventData.MFAIdentifier\0" +
          compact({"unmapped": OCSF_API["unmapped"]}).encode())
    write(t, "identity_types.jsonl.json",
          compact({"userIdentity": {"type": "WebIdentityUser", "userName": "u",
                                    "identityProvider": "cognito"},
                   "eventTime": "2024-02-30T00:00:00Z", "eventVersion": "1.x"}))


def field_path_seeds():
    t = "fuzz_field_path"
    paths = [
        "eventName", "userIdentity.sessionContext.sessionIssuer.userName",
        "requestParameters.instancesSet.items{}.instanceId", "resources[0].ARN",
        "resources{-1}.type", "requestParameters.matrix[1][1][0]", "$.awsRegion",
        'requestParameters["key.with.dots"].x', "requestParameters['key.with.dots']",
        "unmapped.additionalEventData.MFAIdentifier", "unmapped.a.b.c.d",
        "resources[*]", "src_ip", "user", "userName", "errorCode", "principal",
        "session_name", "event_time", "AWSREGION", "AdditionalEventData.MFAUsed",
        "$.EventName", "a..b", "{}", "a{", "a[x]", "a]", "$", "$.", "", ".",
        "a[\"unterminated", "a['q']x", "a[99999999999999999999]", "x{}{}{}",
    ]
    for i, p in enumerate(paths):
        write(t, "path_%02d.txt" % i, p)


def time_seeds():
    t = "fuzz_time"
    times = [
        "2023-11-14T22:13:20Z", "2024-02-29T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
        "2261-12-31T23:59:59.123456789123Z", "2262-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
        "2019-01-01 00:00:00", "2024-06-30T12:34:56.789+02:00", "2024-06-30T12:34:56-0530",
        "1970-01-01T00:00:00+00:01", "2024-02-30T00:00:00Z", "2023-13-01T00:00:00Z",
        "2023-01-01T24:00:00Z", "2023-01-01T00:00:60Z", "2023-01-01T00:00:00.Z",
        "2023-01-01t00:00:00z", "2023-01-01T00:00:00,5Z", "2023-01-01T00:00:00+23:59",
    ]
    for i, s in enumerate(times):
        write(t, "time_%02d.txt" % i, s)
    # Eight-byte epoch nanoseconds for the FormatIso8601 half.
    for i, ns in enumerate([0, 1, 1700000000123456789, 9223372036854775807,
                            -1, -9223372036854775808]):
        write(t, "ns_%d.bin" % i, ns.to_bytes(8, "little", signed=True))


def ocsf_seeds():
    t = "fuzz_ocsf"
    for name, r in [("api_activity", OCSF_API), ("rc2_assume_role", OCSF_RC2),
                    ("authentication", OCSF_AUTH), ("account_change", OCSF_ACCOUNT),
                    ("no_product", OCSF_NO_PRODUCT), ("other_product", OCSF_OTHER_PRODUCT)]:
        write(t, name + ".json", compact(r))
    write(t, "pretty.json", json.dumps(OCSF_RC2, indent=2))
    write(t, "types_everywhere.json",
          compact({"class_uid": "6003", "metadata": {"product": {"name": ["CloudTrail"]}},
                   "time": "soon", "api": {"operation": 5, "service": {"name": None},
                                           "request": {"data": {"already": "object"}}},
                   "actor": {"user": "x", "session": {"mfa": "yes"}},
                   "unmapped": {".a": 1, "a..b": 2, "a.": 3, "eventName": {"x": 1},
                                "readOnly": True}}))
    write(t, "not_object.json", "[6003]")
    write(t, "invalid.json", '{"class_uid":6003,')


def query_seeds():
    """Records for fuzz_query: sample lines plus hostile shapes for every
    per-record path (projection, search, spath, rex, eval, stats, bins)."""
    t = "fuzz_query"
    sample = os.path.join(HERE, "..", "..", "..", "examples", "sample", "data",
                          "frothly_cloudtrail_20180727-20180731.ndjson")
    with open(sample, encoding="utf-8") as f:
        lines = f.read().splitlines()
    picks = {"get_object": 0, "federation_token": 1, "console_login": 4,
             "unauthorized": 9, "run_instances": 10, "put_bucket_policy": 54,
             "put_user_policy": 58, "no_such_bucket_policy": 70}
    for name, i in picks.items():
        write(t, "sample_%s.json" % name, lines[i] + "\n")
    write(t, "sample_ndjson_many.json", "\n".join(lines[:12]) + "\n")
    write(t, "sample_records_envelope.json",
          compact({"Records": [json.loads(l) for l in lines[50:60] if l.strip()]}))

    base = {"eventVersion": "1.08", "eventTime": "2024-01-15T10:00:00Z",
            "eventSource": "iam.amazonaws.com", "eventName": "CreateUser",
            "awsRegion": "us-east-1", "sourceIPAddress": "10.1.2.3",
            "userAgent": "aws-cli/2.15.0 Python/3.11 Linux/6.1 botocore/2.4",
            "userIdentity": {"type": "IAMUser", "userName": "bob"},
            "requestParameters": {"n": 42}, "eventID": "id-1"}

    def rec(**over):
        r = dict(base)
        r.update(over)
        return compact(r)

    policy = compact({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
         "Resource": ["arn:aws:s3:::b/*", "arn:aws:s3:::c"]},
        {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]})
    write(t, "policy_string.json",
          rec(requestParameters={"policy": policy, "policyDocument": policy, "n": 3}))
    write(t, "policy_string_broken.json",
          rec(requestParameters={"policy": policy[:-7], "policyDocument": "{\"Statement\":"}))
    write(t, "policy_string_deep.json",
          rec(requestParameters={"policy": "[" * 300 + "]" * 300,
                                 "policyDocument": '{"Statement":' + '[' * 200 + ']' * 200 + '}'}))
    write(t, "policy_not_string.json",
          rec(requestParameters={"policy": {"Statement": [{"Action": "x"}]},
                                 "a": {"b": [{"c": 1}, {"c": [2, 3]}, {"d": None}]}}))
    write(t, "search_hits.json",
          rec(eventName="CreateAccessKey", errorCode="y", sourceIPAddress="10.0.0.7",
              userIdentity={"type": "IAMUser", "userName": "bob"},
              userAgent="some phrase a.b aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
              requestParameters={"policy": policy, "n": 1}))
    write(t, "nesting_deep.json", rec(requestParameters={"n": 1, "x": json.loads(
        "[" * 500 + "1" + "]" * 500)}))
    write(t, "nesting_deep_object.json",
          '{"requestParameters":' + '{"a":' * 400 + "1" + "}" * 400 +
          ',"eventName":"x"}')
    write(t, "numbers_huge.json",
          '{"eventTime":"2024-01-15T10:00:00Z","eventName":"18446744073709551616",'
          '"requestParameters":{"n":1e308},"eventID":"-9223372036854775808"}\n'
          '{"eventTime":"2024-01-15T10:00:01Z","requestParameters":{"n":-9223372036854775808}}\n'
          '{"eventTime":"2024-01-15T10:00:02Z","requestParameters":{"n":9223372036854775807}}\n'
          '{"eventTime":"2024-01-15T10:00:03Z","requestParameters":{"n":1e-320}}\n'
          '{"eventTime":"2024-01-15T10:00:04Z","requestParameters":'
          '{"n":123456789012345678901234567890}}\n'
          '{"eventTime":"2024-01-15T10:00:05Z","requestParameters":{"n":"1e400"}}\n'
          '{"eventTime":"2024-01-15T10:00:06Z","requestParameters":{"n":"0x7fffffffffffffff"}}\n'
          '{"eventTime":"2024-01-15T10:00:07Z","requestParameters":{"n":-0.0}}\n')
    write(t, "duplicate_keys.json",
          '{"eventName":"CreateUser","eventName":"DeleteUser","eventTime":"2024-01-15T10:00:00Z",'
          '"requestParameters":{"n":1,"n":"two","policy":"{}","policy":"{\\"Statement\\":1}"},'
          '"userAgent":"a","userAgent":["b","c"],"sourceIPAddress":"10.0.0.1",'
          '"sourceIPAddress":"::ffff:10.0.0.1"}\n')
    times = ["2024-01-15T10:00:00Z", "1970-01-01T00:00:00Z", "2262-04-11T23:47:16Z",
             "1677-09-21T00:12:44Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
             "2024-02-29T23:59:59.999999999Z", "2024-01-15T10:00:00.5+14:00",
             "1700000000", "", "not a time", "2024-13-45T99:99:99Z", None, 12, True,
             {"t": 1}, "2024-01-15T10:00:00.123456789123456789Z"]
    write(t, "event_times.json",
          "\n".join(rec(eventTime=v, eventID=str(i)) for i, v in enumerate(times)) + "\n")
    write(t, "event_times_spread.json",
          "\n".join(rec(eventTime="%04d-0%d-1%dT0%d:00:00Z" % (1970 + 29 * i, 1 + i % 9, i % 10, i % 10))
                    for i in range(10)) + "\n")
    write(t, "long_strings.json",
          rec(userAgent="a" * 3000 + "!", eventName="Create" + "e" * 1000,
              sourceIPAddress="1" * 200,
              requestParameters={"n": "9" * 400, "policy": "\\" * 50}))
    write(t, "unicode.json",
          rec(userAgent="\u00e9t\u00e9 \u65e5\u672c \U0001F600 \u0000 \ud7ff", eventName="Cr\u00e9ate",
              userIdentity={"type": "IAMUser", "userName": "B\u00d6B"}))
    write(t, "types_everywhere.json",
          compact({"eventName": ["CreateUser", 1], "userAgent": {"a": 1}, "eventTime": [1],
                   "sourceIPAddress": 10, "errorCode": None, "userIdentity": "bob",
                   "requestParameters": ["n"], "eventSource": False}))
    write(t, "ipv6.json",
          "\n".join(rec(sourceIPAddress=ip) for ip in
                    ["2001:db8::1", "::", "::ffff:192.168.1.1", "fe80::1%eth0", "10.0.0.256",
                     "10.0.0.0/8", "1.2.3", "AWS Internal", "ec2.amazonaws.com"]) + "\n")
    args = [(2, 3, "%Y-%m-%d"), (-2, 1, "-1d@d"), (0, -1, "%s.%3N"), (5, 0, "@mon"),
            (-9223372036854775808, 9223372036854775807, "%Q %j %p"), (1e300, -1e300, "/"),
            ("7", "x", "(a|b)*"), (36, 2, "10.0.0.0/8"), (12, 99, "")]
    write(t, "field_args.json",
          "\n".join(rec(requestParameters={"a": a, "b": b, "n": 1700000000.5},
                        userAgent=ua, eventID="ff%d" % i)
                    for i, (a, b, ua) in enumerate(args)) + "\n")
    write(t, "empty_object.json", "{}\n")
    write(t, "dedup_tail.json",
          "\n".join(rec(userIdentity={"type": "IAMUser", "userName": "u%d" % (i % 3)},
                        requestParameters={"n": i * 7 % 11}, eventID=str(i))
                    for i in range(12)) + "\n")


def filterpattern_seeds():
    """Patterns for fuzz_filterpattern: the CIS / Security Hub controls'
    shapes, every documented form, and near misses."""
    t = "fuzz_filterpattern"
    seeds = {
        "cis_4_1.txt": '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") '
                       '&& ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
        "cis_4_3.txt": '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && '
                       '$.eventType !="AwsServiceEvent"}',
        "cis_4_7.txt": '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||'
                       '($.eventName=ScheduleKeyDeletion)) }',
        "json_operators.txt": '{ $.a[0].b = 1e-3 || $.c IS TRUE && $.d IS NULL && $.e > 5 && '
                              '$.f <= -2 && $.g != 123.123.* }',
        "json_regex.txt": '{ $.eventName = %Delete.*% && $.m != %^[a-z]{1,3}\\d$% }',
        "json_nested.txt": "{ ((($.a = x) || ($.b = \"y z\")) && ($.c[2][3] = *)) }",
        "terms.txt": 'ERROR ?WARN ?FATAL -DEBUG "INTERNAL SERVER ERROR"',
        "space_delimited.txt": '[ip, user, ..., status_code = 4* || status_code = 5*, bytes > 1000]',
        "space_delimited_line.txt": '[a, b, c = "GET *", d]',
        "regex.txt": "%[Ee]rror|\\d{1,3}\\.\\d{1,3}%",
        "empty.txt": "",
        "blank_phrase.txt": '" "',
        "broken_unclosed.txt": '{ ($.a = "x" ',
        "broken_operator.txt": '{ $.a == 1 || $.b IS NOT NULL }',
        "broken_regex.txt": '{ $.a = %(x)% }',
    }
    for name, text in seeds.items():
        write(t, name, text)


if __name__ == "__main__":
    read_source_seeds()
    event_seeds()
    field_path_seeds()
    time_seeds()
    ocsf_seeds()
    query_seeds()
    filterpattern_seeds()
