// The collector catalog: every collector declared once — its name, the SDK operation(s) it calls,
// the IAM action each needs, and how it pages. Checks declare which collectors they read; from this
// table derive a check's permissions, the member-role policy, the permission audit's SDK→IAM map,
// the benchmark's lower bound and the emulator's coverage test.
//
// Adding a collector: add its entry here, then the compiler names what else is owed —
//   1. its implementation in scanner/collectors/<service>.ts (typed against the context interface in checks/types.ts);
//   2. its item count in emulator/synthetic/coverage.ts (the benchmark's lower bound);
//   3. an answer for each new operation in emulator/synthetic/services/<service>.ts
//      (test/unit/emulator-coverage.test.ts names any operation the synthetic AWS cannot answer).

/** How a collector pages through its API. */
export type Paging =
  /** One paginated list per unit, followed to the end; `pageSize` is what orgscan asks for. */
  | { kind: 'list'; pageSize?: number }
  /** One call per unit, not paginated. */
  | { kind: 'single' }
  /** One call (or paginated list) per resource of another collector, e.g. per bucket or per user. */
  | { kind: 'per-resource'; of: string; pageSize?: number }
  /** Batched queries derived from another collector's resources (GetMetricData, 500 queries a call). */
  | { kind: 'batched'; of: string; perCall: number };

export interface CollectorOperation {
  /** "<SDK client>:<Operation>", as the API-call hook reports it (EC2:DescribeVolumes). */
  sdk: string;
  /** The IAM action that authorises it (S3 and IAM names often differ from the operation's). */
  iam: string;
}

export interface CollectorSpec {
  scope: 'regional' | 'global';
  description: string;
  operations: readonly CollectorOperation[];
  paging: Paging;
  /** Collectors whose answers this one needs first (a dependent chain for the lower bound). */
  dependsOn?: readonly string[];
}

const op = (sdk: string, iam: string): CollectorOperation => ({ sdk, iam });

export const COLLECTORS = {
  // ---------------------------------------------------------------- EC2 (regional)
  'ec2.volumes': {
    scope: 'regional',
    description: 'EBS volumes of the region',
    operations: [op('EC2:DescribeVolumes', 'ec2:DescribeVolumes')],
    paging: { kind: 'list', pageSize: 500 },
  },
  'ec2.vpcs': {
    scope: 'regional',
    description: 'VPCs of the region',
    operations: [op('EC2:DescribeVpcs', 'ec2:DescribeVpcs')],
    paging: { kind: 'list', pageSize: 1000 },
  },
  'ec2.networkInterfaces': {
    scope: 'regional',
    description: 'Elastic network interfaces of the region',
    operations: [op('EC2:DescribeNetworkInterfaces', 'ec2:DescribeNetworkInterfaces')],
    paging: { kind: 'list', pageSize: 1000 },
  },
  'ec2.natGateways': {
    scope: 'regional',
    description: 'NAT gateways of the region',
    operations: [op('EC2:DescribeNatGateways', 'ec2:DescribeNatGateways')],
    paging: { kind: 'list', pageSize: 1000 },
  },
  'ec2.routeTables': {
    scope: 'regional',
    description: 'Route tables of the region',
    operations: [op('EC2:DescribeRouteTables', 'ec2:DescribeRouteTables')],
    paging: { kind: 'list', pageSize: 100 },
  },
  'ec2.vpcEndpoints': {
    scope: 'regional',
    description: 'VPC endpoints of the region',
    operations: [op('EC2:DescribeVpcEndpoints', 'ec2:DescribeVpcEndpoints')],
    paging: { kind: 'list', pageSize: 1000 },
  },
  'ec2.securityGroups': {
    scope: 'regional',
    description: 'Security groups of the region',
    operations: [op('EC2:DescribeSecurityGroups', 'ec2:DescribeSecurityGroups')],
    paging: { kind: 'list', pageSize: 1000 },
  },
  'ec2.addresses': {
    scope: 'regional',
    description: 'Elastic IP addresses of the region (DescribeAddresses is not paginated)',
    operations: [op('EC2:DescribeAddresses', 'ec2:DescribeAddresses')],
    paging: { kind: 'single' },
  },
  'ec2.ebsEncryptionByDefault': {
    scope: 'regional',
    description: "The region's EBS encryption-by-default setting",
    operations: [op('EC2:GetEbsEncryptionByDefault', 'ec2:GetEbsEncryptionByDefault')],
    paging: { kind: 'single' },
  },
  // ---------------------------------------------------------------- RDS (regional)
  'rds.dbInstances': {
    scope: 'regional',
    description: 'RDS DB instances of the region',
    operations: [op('RDS:DescribeDBInstances', 'rds:DescribeDBInstances')],
    paging: { kind: 'list', pageSize: 100 },
  },
  'rds.dbClusters': {
    scope: 'regional',
    description: 'RDS and Aurora DB clusters of the region',
    operations: [op('RDS:DescribeDBClusters', 'rds:DescribeDBClusters')],
    paging: { kind: 'list', pageSize: 100 },
  },
  // ---------------------------------------------------------------- CloudWatch (regional)
  'cloudwatch.alarms': {
    scope: 'regional',
    description: 'Metric and composite alarms of the region',
    operations: [op('CloudWatch:DescribeAlarms', 'cloudwatch:DescribeAlarms')],
    paging: { kind: 'list', pageSize: 100 },
  },
  'cloudwatch.natGatewayTraffic': {
    scope: 'regional',
    description: 'Bytes processed per available NAT gateway over the metrics window',
    operations: [op('CloudWatch:GetMetricData', 'cloudwatch:GetMetricData')],
    paging: { kind: 'batched', of: 'ec2.natGateways', perCall: 500 },
    dependsOn: ['ec2.natGateways'],
  },
  // ---------------------------------------------------------------- AWS Config (regional)
  'config.recorders': {
    scope: 'regional',
    description: 'Configuration recorders of the region',
    operations: [op('ConfigService:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorders')],
    paging: { kind: 'single' },
  },
  'config.recorderStatuses': {
    scope: 'regional',
    description: 'Status of each configuration recorder of the region',
    operations: [op('ConfigService:DescribeConfigurationRecorderStatus', 'config:DescribeConfigurationRecorderStatus')],
    paging: { kind: 'single' },
  },
  // ---------------------------------------------------------------- S3 (global)
  's3.buckets': {
    scope: 'global',
    description: "The account's buckets (never MaxBuckets: S3 then returns all, with a token beyond 10,000)",
    operations: [op('S3:ListBuckets', 's3:ListAllMyBuckets')],
    paging: { kind: 'list' },
  },
  's3.bucketRegion': {
    scope: 'global',
    description: "A bucket's region (from ListBuckets where S3 names it, else GetBucketLocation)",
    operations: [op('S3:GetBucketLocation', 's3:GetBucketLocation')],
    paging: { kind: 'per-resource', of: 's3.buckets' },
    dependsOn: ['s3.buckets'],
  },
  's3.bucketPublicAccessBlock': {
    scope: 'global',
    description: "A bucket's Block Public Access configuration",
    operations: [op('S3:GetPublicAccessBlock', 's3:GetBucketPublicAccessBlock')],
    paging: { kind: 'per-resource', of: 's3.buckets' },
    dependsOn: ['s3.bucketRegion'],
  },
  's3.bucketPolicy': {
    scope: 'global',
    description: "A bucket's policy document",
    operations: [op('S3:GetBucketPolicy', 's3:GetBucketPolicy')],
    paging: { kind: 'per-resource', of: 's3.buckets' },
    dependsOn: ['s3.bucketRegion'],
  },
  's3.bucketEncryption': {
    scope: 'global',
    description: "A bucket's default encryption configuration",
    operations: [op('S3:GetBucketEncryption', 's3:GetEncryptionConfiguration')],
    paging: { kind: 'per-resource', of: 's3.buckets' },
    dependsOn: ['s3.bucketRegion'],
  },
  's3.bucketVersioning': {
    scope: 'global',
    description: "A bucket's versioning and MFA delete state",
    operations: [op('S3:GetBucketVersioning', 's3:GetBucketVersioning')],
    paging: { kind: 'per-resource', of: 's3.buckets' },
    dependsOn: ['s3.bucketRegion'],
  },
  's3.bucketTags': {
    scope: 'global',
    description: "A bucket's tags",
    operations: [op('S3:GetBucketTagging', 's3:GetBucketTagging')],
    paging: { kind: 'per-resource', of: 's3.buckets' },
    dependsOn: ['s3.bucketRegion'],
  },
  's3.accountPublicAccessBlock': {
    scope: 'global',
    description: "The account's Block Public Access configuration (S3 Control)",
    operations: [op('S3Control:GetPublicAccessBlock', 's3:GetAccountPublicAccessBlock')],
    paging: { kind: 'single' },
  },
  // ---------------------------------------------------------------- IAM (global)
  'iam.credentialReport': {
    scope: 'global',
    description: 'The IAM credential report (generated, then read)',
    operations: [
      op('IAM:GenerateCredentialReport', 'iam:GenerateCredentialReport'),
      op('IAM:GetCredentialReport', 'iam:GetCredentialReport'),
    ],
    paging: { kind: 'single' },
  },
  'iam.authorizationDetails': {
    scope: 'global',
    description: 'Users, groups, roles and managed policies with their documents',
    operations: [op('IAM:GetAccountAuthorizationDetails', 'iam:GetAccountAuthorizationDetails')],
    paging: { kind: 'list', pageSize: 1000 },
  },
  'iam.accessKeys': {
    scope: 'global',
    description: "A user's access keys",
    operations: [op('IAM:ListAccessKeys', 'iam:ListAccessKeys')],
    paging: { kind: 'per-resource', of: 'iam.authorizationDetails', pageSize: 100 },
    dependsOn: ['iam.authorizationDetails'],
  },
  'iam.accessKeyLastUsed': {
    scope: 'global',
    description: "An access key's last use",
    operations: [op('IAM:GetAccessKeyLastUsed', 'iam:GetAccessKeyLastUsed')],
    paging: { kind: 'per-resource', of: 'iam.accessKeys' },
    dependsOn: ['iam.accessKeys'],
  },
  'iam.passwordPolicy': {
    scope: 'global',
    description: "The account's password policy",
    operations: [op('IAM:GetAccountPasswordPolicy', 'iam:GetAccountPasswordPolicy')],
    paging: { kind: 'single' },
  },
  // ---- waste checks: EC2/EBS
  'ec2.instances': {
    scope: 'regional',
    description: 'EC2 instances of the region (every state AWS still lists), flattened from their reservations',
    operations: [op('EC2:DescribeInstances', 'ec2:DescribeInstances')],
    paging: { kind: 'list', pageSize: 1000 },
  },
  'ec2.snapshots': {
    scope: 'regional',
    description: 'EBS snapshots the account owns (OwnerIds self; never the public ones)',
    operations: [op('EC2:DescribeSnapshots', 'ec2:DescribeSnapshots')],
    paging: { kind: 'list', pageSize: 1000 },
  },
  'ec2.images': {
    scope: 'regional',
    description: 'AMIs the account owns (Owners self), with their block-device mappings',
    operations: [op('EC2:DescribeImages', 'ec2:DescribeImages')],
    paging: { kind: 'list', pageSize: 1000 },
  },
  // ---- waste checks: RDS, S3, VPC endpoints
  'cloudwatch.rdsConnections': {
    scope: 'regional',
    description: 'Maximum DatabaseConnections per available DB instance over the idle window',
    operations: [op('CloudWatch:GetMetricData', 'cloudwatch:GetMetricData')],
    paging: { kind: 'batched', of: 'rds.dbInstances', perCall: 500 },
    dependsOn: ['rds.dbInstances'],
  },
  's3.bucketLifecycle': {
    scope: 'global',
    description: "A bucket's lifecycle configuration rules",
    operations: [op('S3:GetBucketLifecycleConfiguration', 's3:GetLifecycleConfiguration')],
    paging: { kind: 'per-resource', of: 's3.buckets' },
    dependsOn: ['s3.bucketRegion'],
  },
  'cloudwatch.vpcEndpointTraffic': {
    scope: 'regional',
    description: 'Bytes processed per available interface VPC endpoint over the idle window',
    operations: [op('CloudWatch:GetMetricData', 'cloudwatch:GetMetricData')],
    paging: { kind: 'batched', of: 'ec2.vpcEndpoints', perCall: 500 },
    dependsOn: ['ec2.vpcEndpoints'],
  },
  // ---- waste checks: ELB, Logs, EKS
  // ELBv2 and Classic ELB share the elasticloadbalancing IAM prefix; DescribeLoadBalancers authorises both APIs.
  'elb.loadBalancers': {
    scope: 'regional',
    description: 'Application, Network and Gateway load balancers of the region (ELBv2)',
    operations: [op('ElasticLoadBalancingV2:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancers')],
    paging: { kind: 'list', pageSize: 400 },
  },
  'elb.targetGroups': {
    scope: 'regional',
    description: 'ELBv2 target groups of the region, with the load balancers each serves',
    operations: [op('ElasticLoadBalancingV2:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetGroups')],
    paging: { kind: 'list', pageSize: 400 },
  },
  'elb.targetHealth': {
    scope: 'regional',
    description: 'Health of the targets registered in a target group that serves a load balancer',
    operations: [op('ElasticLoadBalancingV2:DescribeTargetHealth', 'elasticloadbalancing:DescribeTargetHealth')],
    paging: { kind: 'per-resource', of: 'elb.targetGroups' },
    dependsOn: ['elb.targetGroups'],
  },
  'elb.capacityReservation': {
    scope: 'regional',
    description: "An idle ALB's or NLB's LCU reservation (minimum capacity units it pays for every hour)",
    operations: [op('ElasticLoadBalancingV2:DescribeCapacityReservation', 'elasticloadbalancing:DescribeCapacityReservation')],
    paging: { kind: 'per-resource', of: 'elb.loadBalancers' },
    dependsOn: ['elb.loadBalancers'],
  },
  'elb.classicLoadBalancers': {
    scope: 'regional',
    description: 'Classic load balancers of the region, with their registered instances',
    operations: [op('ElasticLoadBalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancers')],
    paging: { kind: 'list', pageSize: 400 },
  },
  'elb.classicInstanceHealth': {
    scope: 'regional',
    description: 'Health of the instances registered with a Classic load balancer that has any',
    operations: [op('ElasticLoadBalancing:DescribeInstanceHealth', 'elasticloadbalancing:DescribeInstanceHealth')],
    paging: { kind: 'per-resource', of: 'elb.classicLoadBalancers' },
    dependsOn: ['elb.classicLoadBalancers'],
  },
  'elb.traffic': {
    scope: 'regional',
    description: 'Requests (ALB, Classic) and new flows (NLB) per load balancer over the metrics window, from CloudWatch',
    operations: [op('CloudWatch:GetMetricData', 'cloudwatch:GetMetricData')],
    paging: { kind: 'batched', of: 'elb.loadBalancers', perCall: 500 },
    dependsOn: ['elb.loadBalancers', 'elb.classicLoadBalancers'],
  },
  'logs.logGroups': {
    scope: 'regional',
    description: 'CloudWatch Logs log groups of the region, with their retention and stored bytes',
    operations: [op('CloudWatchLogs:DescribeLogGroups', 'logs:DescribeLogGroups')],
    paging: { kind: 'list', pageSize: 50 },
  },
  'eks.clusters': {
    scope: 'regional',
    description: 'Names of the EKS clusters of the region',
    operations: [op('EKS:ListClusters', 'eks:ListClusters')],
    paging: { kind: 'list', pageSize: 100 },
  },
  'eks.cluster': {
    scope: 'regional',
    description: "An EKS cluster's version, upgrade policy and status",
    operations: [op('EKS:DescribeCluster', 'eks:DescribeCluster')],
    paging: { kind: 'per-resource', of: 'eks.clusters' },
    dependsOn: ['eks.clusters'],
  },
  'eks.clusterVersions': {
    scope: 'regional',
    description: 'Kubernetes versions EKS offers, with their support status and end-of-support dates',
    operations: [op('EKS:DescribeClusterVersions', 'eks:DescribeClusterVersions')],
    paging: { kind: 'list', pageSize: 100 },
  },
  'rds.majorEngineVersions': {
    scope: 'regional',
    description: 'RDS major engine versions with their standard and Extended Support lifecycle dates',
    operations: [op('RDS:DescribeDBMajorEngineVersions', 'rds:DescribeDBMajorEngineVersions')],
    paging: { kind: 'list', pageSize: 100 },
  },
} as const satisfies Record<string, CollectorSpec>;

export type CollectorName = keyof typeof COLLECTORS;

export const COLLECTOR_NAMES = Object.keys(COLLECTORS) as CollectorName[];

export function collectorSpec(name: CollectorName): CollectorSpec {
  return COLLECTORS[name];
}

/** Every IAM action of the given collectors, sorted and unique. */
export function collectorActions(names: readonly CollectorName[]): string[] {
  // Unknown names (a typo in an untyped registry) derive nothing; validateCheck reports them.
  return [...new Set(names.flatMap((n) => (COLLECTORS[n] as CollectorSpec | undefined)?.operations.map((o) => o.iam) ?? []))].sort();
}

/** SDK operation ("EC2:DescribeVolumes") → IAM action, for every operation in the catalog. */
export function catalogIamActionBySdkOperation(): Record<string, string> {
  return Object.fromEntries(Object.values(COLLECTORS).flatMap((c) => c.operations.map((o) => [o.sdk, o.iam])));
}
