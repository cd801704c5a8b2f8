// The contract between the scanner and the checks: the per-unit context a check reads and what it returns.
// Checks depend on this file, the catalog and the domain model; they never construct AWS clients.
import type {
  Address,
  Image,
  Instance,
  NatGateway,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Snapshot,
  Volume,
  Vpc,
  VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import type { CompositeAlarm, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { ConfigurationRecorder, ConfigurationRecorderStatus } from '@aws-sdk/client-config-service';
import type { Bucket, LifecycleRule, ServerSideEncryptionConfiguration, PublicAccessBlockConfiguration } from '@aws-sdk/client-s3';
import type { AccessKeyMetadata, PasswordPolicy, GetAccountAuthorizationDetailsCommandOutput } from '@aws-sdk/client-iam';
import type { LoadBalancer, TargetGroup, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InstanceState, LoadBalancerDescription } from '@aws-sdk/client-elastic-load-balancing';
import type { LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import type { Cluster, ClusterVersionInformation } from '@aws-sdk/client-eks';
import type { DBMajorEngineVersion } from '@aws-sdk/client-rds';
import type { z } from 'zod';
import type { CollectorName } from './catalog.js';
import type { FrameworkRef } from './frameworks/index.js';
import type { PriceBook, PriceKey } from './pricing.js';
import type { CheckScope, CostBasis, FrameworkMap, Remediation, Severity } from '../domain/index.js';

export * from '../domain/index.js';

/** What a check returns for one resource; the runner completes it into a Finding. */
export interface CheckResult {
  status: 'PASS' | 'FAIL' | 'ERROR';
  resourceType: string;
  resourceId: string;
  resourceArn?: string | null;
  message: string;
  evidence?: Record<string, unknown>;
  estimatedMonthlyCostUsd?: number | null;
  /** How the dollar figure was reached (exact, estimate, ceiling); set whenever estimatedMonthlyCostUsd is. */
  costBasis?: CostBasis | null;
  tags?: Record<string, string>;
  errorCode?: string | null;
}

/**
 * Check options as the configuration file and scan requests give them: check id → that check's
 * options (each check owns its zod schema, with defaults); an empty record means every default.
 */
export type CheckOptionsInput = Readonly<Record<string, Readonly<Record<string, unknown>> | undefined>>;

/** No overrides: every check runs with the defaults its schema declares. */
export const DEFAULT_CHECK_OPTIONS: CheckOptionsInput = {};

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
  addresses(): Promise<Address[]>;
  // ---- waste checks: EC2/EBS
  /** Instances of every reservation, flattened. */
  instances(): Promise<Instance[]>;
  /** Snapshots owned by the account (OwnerIds self). */
  snapshots(): Promise<Snapshot[]>;
  /** AMIs owned by the account (Owners self). */
  images(): Promise<Image[]>;
}

export interface RdsCollectors {
  dbInstances(): Promise<DBInstance[]>;
  dbClusters(): Promise<DBCluster[]>;
  /** Major engine versions of every engine, with their support lifecycle (standard, Extended Support) dates. */
  majorEngineVersions(): Promise<DBMajorEngineVersion[]>;
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
  /** Bytes processed per available NAT gateway of the unit over the last `days` days, from batched GetMetricData. */
  natGatewayTraffic(days: number): Promise<Map<string, NatGatewayTraffic>>;
  /** Maximum DatabaseConnections per available DB instance over the last `days` days (batched GetMetricData). */
  rdsConnections(days: number): Promise<Map<string, MetricWindow>>;
  /** BytesProcessed per available interface VPC endpoint over the last `days` days (batched GetMetricData). */
  vpcEndpointTraffic(days: number): Promise<Map<string, MetricWindow>>;
}

/** One metric of one resource over a window: the statistic's value, null when CloudWatch returned no datapoint. */
export interface MetricWindow {
  value: number | null;
  datapoints: number;
  days: number;
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
  /** The bucket's lifecycle rules; null when the bucket has no lifecycle configuration. */
  bucketLifecycle(bucket: string): Promise<LifecycleRule[] | null>;
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

// ---- waste checks: ELB, Logs, EKS

/** Requests (ALB, Classic) or new flows (NLB) of one load balancer over the metrics window. */
export interface LoadBalancerTraffic {
  /** The ELBv2 ARN, or the Classic load balancer's name. */
  id: string;
  /** The CloudWatch metric summed: RequestCount (ALB, Classic), NewFlowCount (NLB). */
  metric: string;
  sum: number;
  /** Days the query window covered. */
  days: number;
}

export interface ElbCollectors {
  /** ELBv2 load balancers (application, network, gateway). */
  loadBalancers(): Promise<LoadBalancer[]>;
  targetGroups(): Promise<TargetGroup[]>;
  targetHealth(targetGroupArn: string): Promise<TargetHealthDescription[]>;
  /** Capacity units reserved by an LCU reservation (0 when none). */
  capacityReservation(loadBalancerArn: string): Promise<number>;
  classicLoadBalancers(): Promise<LoadBalancerDescription[]>;
  classicInstanceHealth(loadBalancerName: string): Promise<InstanceState[]>;
  /** Traffic per application, network and Classic load balancer over the last `days` days, from batched GetMetricData; keyed by `id`. */
  traffic(days: number): Promise<Map<string, LoadBalancerTraffic>>;
}

export interface LogsCollectors {
  logGroups(): Promise<LogGroup[]>;
}

export interface EksCollectors {
  clusters(): Promise<string[]>;
  cluster(name: string): Promise<Cluster>;
  /** Every Kubernetes version EKS offers (standard, extended and unsupported), with its support dates. */
  clusterVersions(): Promise<ClusterVersionInformation[]>;
}

/** The collectors of a unit, by service: `ctx.ec2.volumes()` is the catalog's `ec2.volumes`. */
export interface UnitCollectors {
  ec2: Ec2Collectors;
  rds: RdsCollectors;
  cloudwatch: CloudWatchCollectors;
  config: ConfigCollectors;
  s3: S3Collectors;
  iam: IamCollectors;
  elb: ElbCollectors;
  logs: LogsCollectors;
  eks: EksCollectors;
}

/** "ec2.volumes" | "ec2.vpcs" | … — every collector the context offers, named as the catalog names them. */
export type ContextCollectorName = {
  [S in keyof UnitCollectors]: `${S}.${keyof UnitCollectors[S] & string}`;
}[keyof UnitCollectors];

// The catalog and the context name the same collectors: a collector missing on either side fails the build here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const catalogMatchesContext: Same<CollectorName, ContextCollectorName> = true;
void catalogMatchesContext;

export interface CheckContext extends UnitCollectors {
  accountId: string;
  /** An AWS region, or 'global'. */
  region: string;
  partition: string;
  now: Date;
  prices: PriceBook;
}

/** The services checks are grouped by: a check lives in checks/<service>/<check-id>.ts. */
export const CHECK_SERVICES = ['ec2', 'ebs', 'vpc', 'rds', 'cloudwatch', 'config', 's3', 'iam', 'elb', 'logs', 'eks'] as const;
export type CheckService = (typeof CHECK_SERVICES)[number];

/** An options schema: a zod object whose every field has a default and a description. */
export type OptionsSchema = z.ZodObject<z.ZodRawShape>;

/** What a check file declares. */
export interface CheckDefinition<S extends OptionsSchema = OptionsSchema> {
  /** kebab-case, equal to the file name. */
  id: string;
  title: string;
  service: CheckService;
  scope: CheckScope;
  severity: Severity;
  /** Typed references to controls of the standards in checks/frameworks/. */
  frameworks: readonly FrameworkRef[];
  /** The collectors the check reads; its IAM permissions derive from them. */
  reads: readonly CollectorName[];
  /** Price keys the check's estimates use (checks/pricing.ts). */
  prices?: readonly PriceKey[];
  options?: S;
  remediation: Remediation;
  evaluate(ctx: CheckContext, options: z.output<S>): Promise<CheckResult[]>;
}

/** A registered check: its definition plus what derives from it. */
export interface Check<S extends OptionsSchema = OptionsSchema> extends CheckDefinition<S> {
  /** Exactly the IAM actions of the collectors the check reads. */
  readonly permissions: readonly string[];
  /** The framework claims as stored on findings: standard → control ids. */
  readonly frameworkMap: FrameworkMap;
  /** Parses this check's options (defaults filled in); throws a ZodError on bad input. */
  parseOptions(input: unknown): z.output<S>;
}
