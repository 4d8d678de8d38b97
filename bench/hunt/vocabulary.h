// File: hunt/vocabulary.h
// Real CloudTrail names the generated rule variants draw their literals
// from: services (eventSource) with API calls they log (eventName), and
// substrings of user agents seen in trails. The corpus's 39 eventNames (and
// their services) are all here, among many it never writes, so a variant
// is sometimes about traffic the corpus holds and more often about rare
// changes, as a real rule set is.
#ifndef TRAILHUNT_BENCH_HUNT_VOCABULARY_H_
#define TRAILHUNT_BENCH_HUNT_VOCABULARY_H_

#include <string_view>
#include <vector>

namespace trailhunt_bench {

struct ServiceNames {
  std::string_view event_source;
  std::vector<std::string_view> event_names;
};

inline const std::vector<ServiceNames>& CloudTrailServices() {
  static const std::vector<ServiceNames>* const services = new std::vector<ServiceNames>{
      {"ec2.amazonaws.com",
       {"DescribeInstances", "DescribeSecurityGroups", "DescribeVolumes", "RunInstances",
        "AuthorizeSecurityGroupIngress", "CreateKeyPair", "StopInstances", "CreateTags",
        "TerminateInstances", "StartInstances", "ModifyInstanceAttribute", "CreateSnapshot",
        "ModifySnapshotAttribute", "CreateImage", "DeleteSecurityGroup", "RevokeSecurityGroupIngress",
        "AuthorizeSecurityGroupEgress", "CreateVpc", "DeleteVpc", "CreateRoute", "ImportKeyPair",
        "GetPasswordData", "DisableEbsEncryptionByDefault", "DescribeSubnets", "DescribeVpcs",
        "CreateNetworkAclEntry", "DeleteFlowLogs", "ModifyImageAttribute", "CreateTrafficMirrorSession",
        "AttachInternetGateway"}},
      {"s3.amazonaws.com",
       {"GetObject", "PutObject", "ListBuckets", "GetBucketAcl", "GetBucketLocation", "PutBucketPolicy",
        "DeleteBucket", "DeleteObject", "DeleteObjects", "PutBucketAcl", "PutBucketVersioning",
        "PutBucketLogging", "DeleteBucketPolicy", "PutBucketLifecycle", "PutBucketPublicAccessBlock",
        "DeleteBucketEncryption", "CopyObject", "PutBucketReplication", "ListObjects", "HeadObject"}},
      {"iam.amazonaws.com",
       {"ListRoles", "GetUser", "CreateUser", "AttachUserPolicy", "CreateAccessKey", "PutRolePolicy",
        "DeleteUser", "CreateLoginProfile", "UpdateLoginProfile", "AttachRolePolicy", "PutUserPolicy",
        "CreateRole", "UpdateAssumeRolePolicy", "DeleteAccessKey", "AddUserToGroup", "CreatePolicyVersion",
        "DeactivateMFADevice", "ListUsers", "ListAccessKeys", "GetAccountPasswordPolicy",
        "DeleteSAMLProvider", "UpdateSAMLProvider", "CreateServiceLinkedRole", "DeleteRolePolicy"}},
      {"sts.amazonaws.com",
       {"AssumeRole", "GetCallerIdentity", "AssumeRoleWithWebIdentity", "AssumeRoleWithSAML",
        "GetSessionToken", "GetFederationToken", "DecodeAuthorizationMessage"}},
      {"signin.amazonaws.com",
       {"ConsoleLogin", "GetSigninToken", "SwitchRole", "ExternalIdPDirectoryLogin", "CheckMfa",
        "PasswordUpdated"}},
      {"kms.amazonaws.com",
       {"Decrypt", "GenerateDataKey", "Encrypt", "DisableKey", "ScheduleKeyDeletion", "ImportKeyMaterial",
        "CreateGrant", "PutKeyPolicy", "CreateKey", "ReEncrypt", "DeleteImportedKeyMaterial"}},
      {"lambda.amazonaws.com",
       {"Invoke", "ListFunctions20150331", "CreateFunction20150331", "UpdateFunctionCode20150331v2",
        "UpdateFunctionConfiguration20150331v2", "AddPermission20150331v2", "CreateFunctionUrlConfig20211031",
        "PublishLayerVersion20181031", "DeleteFunction20150331", "GetFunction20150331v2"}},
      {"config.amazonaws.com",
       {"DescribeConfigRuleEvaluationStatus", "PutEvaluations", "StopConfigurationRecorder",
        "DeleteConfigurationRecorder", "DeleteDeliveryChannel", "PutConfigurationRecorder",
        "DeleteConfigRule", "PutDeliveryChannel"}},
      {"cloudtrail.amazonaws.com",
       {"LookupEvents", "StopLogging", "DescribeTrails", "DeleteTrail", "UpdateTrail", "PutEventSelectors",
        "StartLogging", "CreateTrail", "GetTrailStatus", "PutInsightSelectors"}},
      {"logs.amazonaws.com",
       {"CreateLogStream", "DescribeLogGroups", "DeleteLogGroup", "DeleteLogStream", "PutRetentionPolicy",
        "PutSubscriptionFilter", "FilterLogEvents", "CreateLogGroup", "DeleteSubscriptionFilter"}},
      {"ssm.amazonaws.com",
       {"GetParameter", "UpdateInstanceInformation", "SendCommand", "StartSession", "GetParameters",
        "PutParameter", "DescribeInstanceInformation", "GetParametersByPath", "ListDocuments",
        "DeleteParameter"}},
      {"secretsmanager.amazonaws.com",
       {"GetSecretValue", "BatchGetSecretValue", "ListSecrets", "DeleteSecret", "PutSecretValue",
        "CreateSecret", "UpdateSecret", "DescribeSecret", "PutResourcePolicy"}},
      {"dynamodb.amazonaws.com",
       {"DescribeTable", "DeleteTable", "CreateTable", "UpdateTable", "CreateBackup", "DeleteBackup",
        "ExportTableToPointInTime", "ListTables"}},
      {"guardduty.amazonaws.com",
       {"DeleteDetector", "UpdateDetector", "CreateFilter", "UpdateIPSet", "DeletePublishingDestination",
        "CreateIPSet", "ListDetectors", "DisassociateFromMasterAccount", "UpdateThreatIntelSet"}},
      {"rds.amazonaws.com",
       {"DescribeDBInstances", "ModifyDBInstance", "DeleteDBInstance", "CreateDBSnapshot",
        "ModifyDBSnapshotAttribute", "RestoreDBInstanceFromDBSnapshot", "DeleteDBCluster",
        "StopActivityStream", "RebootDBInstance", "StartExportTask", "DeleteDBSnapshot",
        "DownloadDBLogFilePortion"}},
      {"organizations.amazonaws.com",
       {"LeaveOrganization", "DescribeOrganization", "ListAccounts", "CreateAccount",
        "InviteAccountToOrganization", "RemoveAccountFromOrganization", "DeletePolicy"}},
      {"ecs.amazonaws.com",
       {"RegisterTaskDefinition", "RunTask", "CreateService", "UpdateService", "DeleteCluster",
        "ListClusters", "ExecuteCommand", "DeregisterTaskDefinition"}},
      {"eks.amazonaws.com",
       {"CreateCluster", "DeleteCluster", "ListClusters", "DescribeCluster", "UpdateClusterConfig",
        "CreateAccessEntry", "AssociateAccessPolicy"}},
      {"sso.amazonaws.com",
       {"CreateAccountAssignment", "DeleteAccountAssignment", "CreatePermissionSet", "DeletePermissionSet",
        "AttachManagedPolicyToPermissionSet", "PutInlinePolicyToPermissionSet", "ListAccountAssignments"}},
      {"securityhub.amazonaws.com",
       {"BatchUpdateFindings", "DisableSecurityHub", "DeleteInsight", "UpdateFindings",
        "DisableImportFindingsForProduct", "GetFindings", "DeleteActionTarget"}},
      {"ses.amazonaws.com",
       {"GetSendQuota", "ListIdentities", "GetAccountSendingEnabled", "GetIdentityVerificationAttributes",
        "VerifyEmailIdentity", "UpdateAccountSendingEnabled", "DeleteIdentity"}},
      {"route53.amazonaws.com",
       {"ChangeResourceRecordSets", "CreateHostedZone", "DeleteHostedZone", "ListHostedZones",
        "DeleteQueryLoggingConfig", "AssociateVPCWithHostedZone"}},
      {"elasticfilesystem.amazonaws.com",
       {"DeleteFileSystem", "DeleteMountTarget", "CreateMountTarget", "PutFileSystemPolicy",
        "DescribeFileSystems"}},
      {"sns.amazonaws.com",
       {"SetTopicAttributes", "DeleteTopic", "Subscribe", "CreateTopic", "Publish"}},
      {"sqs.amazonaws.com",
       {"SetQueueAttributes", "DeleteQueue", "CreateQueue", "PurgeQueue", "AddPermission"}},
      {"ecr.amazonaws.com",
       {"SetRepositoryPolicy", "DeleteRepository", "PutImage", "BatchDeleteImage",
        "PutLifecyclePolicy", "GetAuthorizationToken"}},
      {"backup.amazonaws.com",
       {"DeleteBackupVault", "DeleteRecoveryPoint", "DeleteBackupPlan", "PutBackupVaultAccessPolicy",
        "StartBackupJob"}},
      {"glue.amazonaws.com",
       {"CreateDevEndpoint", "UpdateDevEndpoint", "DeleteDatabase", "GetTables", "CreateJob"}},
  };
  return *services;
}

// Substrings of user agents found in trails: SDKs and CLIs, consoles,
// infrastructure tools, and the offensive or scanning tools rules look for.
inline const std::vector<std::string_view>& UserAgentSubstrings() {
  static const std::vector<std::string_view>* const agents = new std::vector<std::string_view>{
      "aws-cli/",         "Boto3/",         "Botocore/",        "aws-sdk-go",
      "aws-sdk-java",     "aws-sdk-js",     "Terraform/",       "S3 Browser",
      "TruffleHog",       "Pacu",           "ScoutSuite",       "Prowler",
      "CloudSploit",      "Cyberduck",      "rclone",           "python-requests",
      "curl/",            "aws-internal/3", "amazon-ssm-agent", "S3Console",
      "console.amazonaws.com", "cloudformation.amazonaws.com", "kali", "Mozilla/5.0",
  };
  return *agents;
}

}  // namespace trailhunt_bench

#endif  // TRAILHUNT_BENCH_HUNT_VOCABULARY_H_
