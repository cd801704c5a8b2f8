// The synthetic organization's data, in neutral shapes; each API module renders its own wire format.

export interface Tag {
  key: string;
  value: string;
}

export interface SynthVpc {
  id: string;
  cidr: string;
  isDefault: boolean;
  tags: Tag[];
}

export interface SynthSubnet {
  id: string;
  vpcId: string;
  az: string;
  cidr: string;
}

export interface SynthRoute {
  destination: string;
  /** igw-…, nat-…, vpce-…, or 'local'. */
  target: string;
}

export interface SynthRouteTable {
  id: string;
  vpcId: string;
  main: boolean;
  subnetIds: string[];
  routes: SynthRoute[];
}

export interface SynthNatGateway {
  id: string;
  vpcId: string;
  subnetId: string;
  state: 'available' | 'deleted';
  createdAt: Date;
  /** Bytes per day, for CloudWatch GetMetricData. */
  bytesOutPerDay: number;
  bytesInPerDay: number;
  eniId: string;
  privateIp: string;
  publicIp: string;
}

export interface SynthVpcEndpoint {
  id: string;
  vpcId: string;
  type: 'Gateway' | 'Interface';
  serviceName: string;
  routeTableIds: string[];
  subnetIds: string[];
  /** BytesProcessed per day (interface endpoints), for CloudWatch GetMetricData; set by waste-rds-s3-vpce.ts. */
  bytesPerDay?: number;
}

export interface SynthSecurityGroup {
  id: string;
  name: string;
  vpcId: string;
  /** Ingress from 0.0.0.0/0 on these ports (planted problems when 22/3389). */
  openPorts: number[];
}

export type EniKind = 'instance' | 'nat_gateway' | 'vpc_endpoint' | 'lambda' | 'rds' | 'load_balancer';

export interface SynthEni {
  id: string;
  vpcId: string;
  subnetId: string;
  az: string;
  kind: EniKind;
  description: string;
  instanceId: string | null;
  privateIp: string;
  securityGroupIds: string[];
}

export interface SynthVolume {
  id: string;
  az: string;
  sizeGb: number;
  type: 'gp2' | 'gp3' | 'io1' | 'st1';
  iops: number | null;
  encrypted: boolean;
  createdAt: Date;
  /** null when unattached (state 'available'). */
  instanceId: string | null;
  tags: Tag[];
}

export interface SynthDbInstance {
  id: string;
  engine: string;
  instanceClass: string;
  multiAz: boolean;
  az: string;
  secondaryAz: string | null;
  clusterId: string | null;
  readReplicaSource: string | null;
  storageEncrypted: boolean;
  publiclyAccessible: boolean;
  createdAt: Date;
  /** Maximum DatabaseConnections, for CloudWatch GetMetricData; set by waste-rds-s3-vpce.ts. */
  maxConnections?: number;
  /** Planted: an older engine version (default: the engine's current one). */
  engineVersion?: string;
}

export interface SynthDbCluster {
  id: string;
  engine: string;
  multiAz: boolean;
  members: { id: string; writer: boolean }[];
  azs: string[];
}

export interface SynthAlarm {
  name: string;
  actionsEnabled: boolean;
  alarmActions: string[];
  okActions: string[];
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  metricName: string;
  namespace: string;
  composite: boolean;
  updatedAt: Date;
}

export interface SynthRecorder {
  name: string;
  recording: boolean;
  allSupported: boolean;
  lastStatus: 'SUCCESS' | 'FAILURE' | 'PENDING';
}

/** An Elastic IP address: a NAT gateway's, or one left unassociated. */
export interface SynthAddress {
  allocationId: string;
  publicIp: string;
  /** The network interface it is associated with; null when unassociated. */
  eniId: string | null;
  privateIp: string | null;
  /** The instance whose interface holds it, when it is an instance's. */
  instanceId?: string | null;
}

// ---- waste checks: EC2/EBS
export interface SynthInstance {
  id: string;
  type: string;
  state: 'running' | 'stopped';
  launchedAt: Date;
  /** StateTransitionReason as EC2 writes it ("User initiated (YYYY-MM-DD HH:MM:SS GMT)"); '' when running. */
  transitionReason: string;
  eniId: string;
  subnetId: string;
  vpcId: string;
  privateIp: string;
}

export interface SynthSnapshot {
  id: string;
  /** The source volume's id (it may no longer exist). */
  volumeId: string;
  sizeGb: number;
  startedAt: Date;
  description: string;
  tier: 'standard' | 'archive';
}

export interface SynthImage {
  id: string;
  name: string;
  createdAt: Date;
  snapshotIds: string[];
}

// ---- waste checks: ELB, Logs, EKS
export interface SynthLoadBalancer {
  name: string;
  type: 'application' | 'network' | 'classic';
  /** The hex id in an ELBv2 ARN. */
  suffix: string;
  vpcId: string;
  createdAt: Date;
  /** Registered targets (instances for Classic), and how many of them are healthy. */
  targets: string[];
  healthyTargets: number;
  /** RequestCount (ALB, Classic) or NewFlowCount (NLB) per day, for GetMetricData. */
  requestsPerDay: number;
  /** LCUs reserved by an LCU reservation (ALB, NLB). */
  reservedCapacityUnits: number;
}

export interface SynthLogGroup {
  name: string;
  retentionDays: number | null;
  storedBytes: number;
  createdAt: Date;
}

export interface SynthEksCluster {
  name: string;
  version: string;
  supportType: 'STANDARD' | 'EXTENDED';
  createdAt: Date;
}

export interface RegionalUnit {
  accountId: string;
  region: string;
  vpcs: SynthVpc[];
  subnets: SynthSubnet[];
  routeTables: SynthRouteTable[];
  natGateways: SynthNatGateway[];
  vpcEndpoints: SynthVpcEndpoint[];
  securityGroups: SynthSecurityGroup[];
  networkInterfaces: SynthEni[];
  volumes: SynthVolume[];
  ebsEncryptionByDefault: boolean;
  dbInstances: SynthDbInstance[];
  dbClusters: SynthDbCluster[];
  alarms: SynthAlarm[];
  recorders: SynthRecorder[];
  addresses: SynthAddress[];
  // ---- waste checks: EC2/EBS
  instances: SynthInstance[];
  snapshots: SynthSnapshot[];
  images: SynthImage[];
  // ---- waste checks: ELB, Logs, EKS
  loadBalancers: SynthLoadBalancer[];
  logGroups: SynthLogGroup[];
  eksClusters: SynthEksCluster[];
}

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface SynthBucket {
  name: string;
  region: string;
  createdAt: Date;
  publicAccessBlock: PublicAccessBlock | null;
  policy: string | null;
  encryption: 'AES256' | 'aws:kms' | null;
  versioning: 'Enabled' | 'Suspended' | null;
  tags: Tag[];
  /** Lifecycle rules; null (or unset) when the bucket has no lifecycle configuration. Set by waste-rds-s3-vpce.ts. */
  lifecycle?: SynthLifecycleRule[] | null;
}

export interface SynthLifecycleRule {
  id: string;
  enabled: boolean;
  /** '' covers the whole bucket. */
  prefix: string;
  abortIncompleteMultipartUploadDays: number | null;
  noncurrentVersionExpirationDays: number | null;
}

export interface SynthAccessKey {
  id: string;
  active: boolean;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface SynthUser {
  name: string;
  id: string;
  createdAt: Date;
  passwordEnabled: boolean;
  passwordLastUsed: Date | null;
  mfa: boolean;
  accessKeys: SynthAccessKey[];
  inlinePolicies: { name: string; document: string }[];
  attachedPolicyArns: string[];
  groups: string[];
}

export interface SynthRole {
  name: string;
  id: string;
  createdAt: Date;
  trustPolicy: string;
  attachedPolicyArns: string[];
}

export interface SynthPolicy {
  name: string;
  id: string;
  arn: string;
  document: string;
  createdAt: Date;
  attachmentCount: number;
}

export interface GlobalUnit {
  accountId: string;
  buckets: SynthBucket[];
  accountPublicAccessBlock: PublicAccessBlock | null;
  users: SynthUser[];
  groups: { name: string; id: string; attachedPolicyArns: string[] }[];
  roles: SynthRole[];
  policies: SynthPolicy[];
  rootMfa: boolean;
  rootAccessKeys: boolean;
  passwordPolicy: { minimumLength: number; requireSymbols: boolean; maxAgeDays: number | null; reusePrevention: number | null } | null;
}
