// The contract between the scanner, the checks, the store and the reports.
// Checks and reports depend on this file only; they never construct AWS clients.
import type {
  NatGateway,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Volume,
  Vpc,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import type { CompositeAlarm, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { ConfigurationRecorder, ConfigurationRecorderStatus } from '@aws-sdk/client-config-service';
import type { Bucket, ServerSideEncryptionConfiguration, PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import type { AccessKeyMetadata, PasswordPolicy, GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import type { PriceBook } from './pricing.js';

export const STATUSES = ['PASS', 'FAIL', 'ERROR', 'MUTED'] as const;
export type FindingStatus = (typeof STATUSES)[number];

export const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 'global' is the region of account-wide units (IAM, S3 account settings, bucket inventory). */
export const GLOBAL_REGION = 'global';

export type CheckScope = 'regional' | 'global';

export interface Remediation {
  text: string;
  url: string;
}

/** Framework name → control id(s), e.g. { 'aws-fsbp': 'EC2.2', 'cis-aws-3.0': '5.4' }. */
export type FrameworkMap = Record<string, string | string[]>;

export interface SuppressionMatch {
  /** Index of the rule in the suppression set, and its stable id when it has one. */
  ruleId: string;
  reason: string;
  expires: string;
  owner?: string | undefined;
}

export interface Finding {
  checkId: string;
  status: FindingStatus;
  severity: Severity;
  accountId: string;
  /** An AWS region name, or 'global' for account-wide units. */
  region: string;
  resourceType: string;
  resourceId: string;
  resourceArn: string | null;
  message: string;
  /** The fields that decided the status. */
  evidence: Record<string, unknown>;
  remediation: Remediation;
  frameworks: FrameworkMap;
  /** Estimated monthly money wasted, where the check is about money; null otherwise. */
  estimatedMonthlyCostUsd: number | null;
  /** Resource tags, used by suppressions and shown in reports. */
  tags: Record<string, string>;
  /** Set by the store from finding history; null for a finding never seen before. */
  firstSeenAt: string | null;
  /** The suppression that muted this finding (status MUTED). */
  mutedBy: SuppressionMatch | null;
  /** For ERROR findings: the AWS error code (AccessDenied, UnauthorizedOperation, …). */
  errorCode: string | null;
}

/** What a check returns for one resource; the runner completes it into a Finding. */
export interface CheckResult {
  status: 'PASS' | 'FAIL' | 'ERROR';
  resourceType: string;
  resourceId: string;
  resourceArn?: string | null;
  message: string;
  evidence?: Record<string, unknown>;
  estimatedMonthlyCostUsd?: number | null;
  tags?: Record<string, string>;
  errorCode?: string | null;
}

export interface CheckOptions {
  /** Volumes created less than this many days ago are not reported as unattached. */
  ebsUnattachedGraceDays: number;
  /** Skip RDS read replicas in rds-instance-single-az. */
  rdsIgnoreReadReplicas: boolean;
  /** Active IAM access keys older than this fail iam-access-key-rotation. */
  iamKeyMaxAgeDays: number;
  /** Active IAM access keys unused for this many days fail iam-access-key-unused. */
  iamKeyUnusedDays: number;
  /** The window over which NAT gateway traffic is read from CloudWatch. */
  natMetricsDays: number;
}

export const DEFAULT_CHECK_OPTIONS: CheckOptions = {
  ebsUnattachedGraceDays: 0,
  rdsIgnoreReadReplicas: false,
  iamKeyMaxAgeDays: 90,
  iamKeyUnusedDays: 90,
  natMetricsDays: 14,
};

// ---------------------------------------------------------------- collectors
// Every collector is memoized per unit: the first call pages through the API,
// later calls (from other checks) share the same promise, result or error.

export interface Ec2Collectors {
  volumes(): Promise<Volume[]>;
  vpcs(): Promise<Vpc[]>;
  networkInterfaces(): Promise<NetworkInterface[]>;
  natGateways(): Promise<NatGateway[]>;
  routeTables(): Promise<RouteTable[]>;
  vpcEndpoints(): Promise<VpcEndpoint[]>;
  securityGroups(): Promise<SecurityGroup[]>;
  ebsEncryptionByDefault(): Promise<boolean>;
}

export interface RdsCollectors {
  dbInstances(): Promise<DBInstance[]>;
  dbClusters(): Promise<DBCluster[]>;
}

export interface NatGatewayTraffic {
  natGatewayId: string;
  bytesOutToDestination: number;
  bytesInFromSource: number;
  /** Days actually covered by the query window. */
  days: number;
}

export interface CloudWatchCollectors {
  /** Metric and composite alarms from one paginated DescribeAlarms. */
  alarms(): Promise<{ metricAlarms: MetricAlarm[]; compositeAlarms: CompositeAlarm[] }>;
  /** Bytes processed per available NAT gateway of the unit, from one batched GetMetricData. */
  natGatewayTraffic(): Promise<Map<string, NatGatewayTraffic>>;
}

export interface ConfigCollectors {
  recorders(): Promise<ConfigurationRecorder[]>;
  recorderStatuses(): Promise<ConfigurationRecorderStatus[]>;
}

export interface BucketVersioning {
  status: 'Enabled' | 'Suspended' | null;
  mfaDelete: 'Enabled' | 'Disabled' | null;
}

export interface S3Collectors {
  buckets(): Promise<Bucket[]>;
  bucketRegion(bucket: string): Promise<string>;
  /** null when the bucket has no public access block configuration. */
  bucketPublicAccessBlock(bucket: string): Promise<PublicAccessBlockConfiguration | null>;
  /** The bucket policy document as JSON text; null when the bucket has none. */
  bucketPolicy(bucket: string): Promise<string | null>;
  /** null when the bucket has no default encryption configuration. */
  bucketEncryption(bucket: string): Promise<ServerSideEncryptionConfiguration | null>;
  bucketVersioning(bucket: string): Promise<BucketVersioning>;
  bucketTags(bucket: string): Promise<Record<string, string>>;
  /** Account-level block public access (S3 Control); null when not configured. */
  accountPublicAccessBlock(): Promise<PublicAccessBlockConfiguration | null>;
}

/** One row of the IAM credential report, columns as AWS names them. */
export type CredentialReportRow = Record<string, string>;

export interface IamCollectors {
  credentialReport(): Promise<CredentialReportRow[]>;
  /** Users, groups, roles and managed policies with their documents, from one paginated call. */
  authorizationDetails(): Promise<Omit<GetAccountAuthorizationDetailsCommandOutput, '$metadata' | 'IsTruncated' | 'Marker'>>;
  accessKeys(userName: string): Promise<AccessKeyMetadata[]>;
  /** ISO time of the key's last use, null when never used. */
  accessKeyLastUsed(accessKeyId: string): Promise<string | null>;
  /** null when the account has no password policy. */
  passwordPolicy(): Promise<PasswordPolicy | null>;
}

export interface CheckContext {
  accountId: string;
  /** An AWS region, or 'global'. */
  region: string;
  partition: string;
  now: Date;
  options: CheckOptions;
  prices: PriceBook;
  ec2: Ec2Collectors;
  rds: RdsCollectors;
  cloudwatch: CloudWatchCollectors;
  config: ConfigCollectors;
  s3: S3Collectors;
  iam: IamCollectors;
}

export interface Check {
  id: string;
  title: string;
  service: string;
  scope: CheckScope;
  severity: Severity;
  frameworks: FrameworkMap;
  /** Exactly the IAM actions the check's collectors call. */
  permissions: string[];
  remediation: Remediation;
  evaluate(ctx: CheckContext): Promise<CheckResult[]>;
}

// ---------------------------------------------------------------- scans

export interface ScanError {
  accountId: string;
  /** Region, 'global', or null for account-level errors (role not assumable). */
  region: string | null;
  checkId: string | null;
  code: string;
  message: string;
}

export interface ScanProgress {
  unitsTotal: number;
  unitsDone: number;
  /** Units in which at least one check could not be evaluated (ERROR). */
  unitsFailed?: number;
  accountsTotal: number;
  accountsDone: number;
  apiCalls: number;
  errors: number;
  findings: number;
}

export interface ApiCallStats {
  total: number;
  throttled: number;
  retries: number;
  /** "service:Operation" → count, e.g. "EC2:DescribeVolumes". */
  byOperation: Record<string, number>;
}

/** How much of a scan's plan was evaluated. */
export interface CoverageCount {
  planned: number;
  evaluated: number;
}

/**
 * What a scan looked at, against what it set out to look at. An account counts as evaluated when
 * at least one check ran there without an error; a unit (account × region) when every check of it
 * did; `checks` counts check evaluations (one per check and unit).
 */
export interface ScanCoverage {
  accounts: CoverageCount;
  units: CoverageCount;
  checks: CoverageCount;
}

/**
 * `succeeded`: everything planned was evaluated. `partial`: some account, region or check could not
 * be evaluated (see `errors` and `coverage`). `failed`: nothing was evaluated, or the scope named only
 * regions the accounts do not have. Neither partial nor failed scans are ever reported as clean.
 */
export const SCAN_OUTCOMES = ['succeeded', 'partial', 'failed', 'cancelled', 'interrupted'] as const;
export type ScanOutcome = (typeof SCAN_OUTCOMES)[number];

export interface ScanSummary {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | ScanOutcome;
  /** Evaluated against planned accounts, units and check evaluations. */
  coverage?: ScanCoverage | undefined;
  /** Why a scan is `failed` (or, in one line, why it is `partial`); null when it succeeded. */
  failureReason?: string | null | undefined;
  accounts: string[];
  regions: string[];
  checks: string[];
  apiCalls: ApiCallStats;
  errors: ScanError[];
  progress: ScanProgress;
  counts: Record<FindingStatus, number>;
}
