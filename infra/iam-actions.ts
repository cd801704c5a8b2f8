// Which IAM actions orgscan needs, and where each SDK command's action comes from.
// The member-account role's policy is generated from the check registry; the table below
// maps recorded SDK commands to IAM actions so the permission audit can prove the policy covers them.
import { requiredPermissions } from '../checks/index.js';

/**
 * SDK command ("<client>:<operation>", as the scan's onApiCall hook names them) → IAM action.
 * Explicit rather than derived: several S3 and IAM operations are authorised by differently named actions.
 */
export const IAM_ACTION_BY_SDK_OPERATION: Readonly<Record<string, string>> = {
  // EC2
  'EC2:DescribeRegions': 'ec2:DescribeRegions',
  'EC2:DescribeVolumes': 'ec2:DescribeVolumes',
  'EC2:DescribeVpcs': 'ec2:DescribeVpcs',
  'EC2:DescribeSubnets': 'ec2:DescribeSubnets',
  'EC2:DescribeNetworkInterfaces': 'ec2:DescribeNetworkInterfaces',
  'EC2:DescribeNatGateways': 'ec2:DescribeNatGateways',
  'EC2:DescribeRouteTables': 'ec2:DescribeRouteTables',
  'EC2:DescribeVpcEndpoints': 'ec2:DescribeVpcEndpoints',
  'EC2:DescribeSecurityGroups': 'ec2:DescribeSecurityGroups',
  'EC2:DescribeInstances': 'ec2:DescribeInstances',
  'EC2:DescribeSnapshots': 'ec2:DescribeSnapshots',
  'EC2:DescribeAddresses': 'ec2:DescribeAddresses',
  'EC2:DescribeFlowLogs': 'ec2:DescribeFlowLogs',
  'EC2:DescribeInternetGateways': 'ec2:DescribeInternetGateways',
  'EC2:DescribeNetworkAcls': 'ec2:DescribeNetworkAcls',
  'EC2:GetEbsEncryptionByDefault': 'ec2:GetEbsEncryptionByDefault',
  'EC2:GetEbsDefaultKmsKeyId': 'ec2:GetEbsDefaultKmsKeyId',
  // RDS
  'RDS:DescribeDBInstances': 'rds:DescribeDBInstances',
  'RDS:DescribeDBClusters': 'rds:DescribeDBClusters',
  'RDS:DescribeDBSnapshots': 'rds:DescribeDBSnapshots',
  'RDS:DescribeDBClusterSnapshots': 'rds:DescribeDBClusterSnapshots',
  // CloudWatch
  'CloudWatch:DescribeAlarms': 'cloudwatch:DescribeAlarms',
  'CloudWatch:GetMetricData': 'cloudwatch:GetMetricData',
  'CloudWatch:GetMetricStatistics': 'cloudwatch:GetMetricStatistics',
  'CloudWatch:ListMetrics': 'cloudwatch:ListMetrics',
  // AWS Config
  'ConfigService:DescribeConfigurationRecorders': 'config:DescribeConfigurationRecorders',
  'ConfigService:DescribeConfigurationRecorderStatus': 'config:DescribeConfigurationRecorderStatus',
  'ConfigService:DescribeDeliveryChannels': 'config:DescribeDeliveryChannels',
  // S3: the operation and action names differ for most bucket settings.
  'S3:ListBuckets': 's3:ListAllMyBuckets',
  'S3:GetBucketLocation': 's3:GetBucketLocation',
  'S3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  'S3:GetBucketPolicy': 's3:GetBucketPolicy',
  'S3:GetBucketPolicyStatus': 's3:GetBucketPolicyStatus',
  'S3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  'S3:GetBucketVersioning': 's3:GetBucketVersioning',
  'S3:GetBucketTagging': 's3:GetBucketTagging',
  'S3:GetBucketAcl': 's3:GetBucketAcl',
  'S3:GetBucketLogging': 's3:GetBucketLogging',
  'S3:GetBucketOwnershipControls': 's3:GetBucketOwnershipControls',
  'S3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  'S3:GetBucketReplication': 's3:GetReplicationConfiguration',
  'S3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  'S3Control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  // IAM
  'IAM:GenerateCredentialReport': 'iam:GenerateCredentialReport',
  'IAM:GetCredentialReport': 'iam:GetCredentialReport',
  'IAM:GetAccountAuthorizationDetails': 'iam:GetAccountAuthorizationDetails',
  'IAM:GetAccountPasswordPolicy': 'iam:GetAccountPasswordPolicy',
  'IAM:GetAccountSummary': 'iam:GetAccountSummary',
  'IAM:ListUsers': 'iam:ListUsers',
  'IAM:ListRoles': 'iam:ListRoles',
  'IAM:ListPolicies': 'iam:ListPolicies',
  'IAM:GetPolicyVersion': 'iam:GetPolicyVersion',
  'IAM:ListAccessKeys': 'iam:ListAccessKeys',
  'IAM:GetAccessKeyLastUsed': 'iam:GetAccessKeyLastUsed',
  'IAM:ListMFADevices': 'iam:ListMFADevices',
  'IAM:ListVirtualMFADevices': 'iam:ListVirtualMFADevices',
  'IAM:ListAttachedUserPolicies': 'iam:ListAttachedUserPolicies',
  'IAM:ListUserPolicies': 'iam:ListUserPolicies',
  // The scanner's own account (task role), not member accounts.
  'STS:AssumeRole': 'sts:AssumeRole',
  'STS:GetCallerIdentity': 'sts:GetCallerIdentity',
  'Organizations:ListAccounts': 'organizations:ListAccounts',
  'Organizations:DescribeOrganization': 'organizations:DescribeOrganization',
  'SQS:ReceiveMessage': 'sqs:ReceiveMessage',
  'SQS:DeleteMessage': 'sqs:DeleteMessage',
  'SQS:ChangeMessageVisibility': 'sqs:ChangeMessageVisibility',
  'SQS:GetQueueAttributes': 'sqs:GetQueueAttributes',
  'SQS:SendMessage': 'sqs:SendMessage',
  'SESv2:SendEmail': 'ses:SendEmail',
};

/** SDK clients whose calls the scanner makes with its own task role rather than a member role. */
export const SCANNER_SIDE_SERVICES: ReadonlySet<string> = new Set(['STS', 'Organizations', 'SQS', 'SESv2']);

/** The IAM action authorising an SDK command, or undefined when the table does not know it. */
export function iamActionFor(service: string, operation: string): string | undefined {
  return IAM_ACTION_BY_SDK_OPERATION[`${service}:${operation}`];
}

/** What the engine itself calls in member accounts, beyond the checks' collectors. */
export const ENGINE_MEMBER_ACTIONS: readonly string[] = [
  // Region discovery when a scan does not name its regions.
  'ec2:DescribeRegions',
];

/** An IAM action must name one service and one action, without wildcards. */
const ACTION_PATTERN = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

export class InvalidIamActionError extends Error {
  constructor(readonly actions: string[]) {
    super(`not exact IAM actions (wildcards are not allowed in orgscan's policies): ${actions.join(', ')}`);
    this.name = 'InvalidIamActionError';
  }
}

export function assertExactActions(actions: readonly string[]): void {
  const bad = actions.filter((a) => !ACTION_PATTERN.test(a));
  if (bad.length > 0) throw new InvalidIamActionError(bad);
}

/** The member-account role's actions: every registered check's permissions plus the engine's, sorted. */
export function memberRoleActions(permissions: readonly string[] = requiredPermissions()): string[] {
  const actions = [...new Set([...permissions, ...ENGINE_MEMBER_ACTIONS])].sort();
  assertExactActions(actions);
  return actions;
}
