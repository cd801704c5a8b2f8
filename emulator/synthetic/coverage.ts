// What the synthetic AWS owes the collector catalog (checks/catalog.ts): the service each SDK client
// reaches, and for every collector the calls it makes one after another in a unit of the synthetic
// organization, from which the benchmark's lower bound is computed. A collector added to the
// catalog fails the build here until its chain is stated; an operation the synthetic AWS cannot
// answer fails test/unit/emulator-coverage.test.ts, naming the operation.
import { COLLECTORS, type CollectorName } from '../../checks/catalog.js';
import type { GlobalUnit, RegionalUnit } from './model/types.js';

/** SDK client name (as the API-call hook reports it) → the synthetic service that answers it (its signing name). */
export const SYNTHETIC_SERVICE_OF_CLIENT: Readonly<Record<string, string>> = {
  EC2: 'ec2',
  RDS: 'rds',
  CloudWatch: 'monitoring',
  ConfigService: 'config',
  S3: 's3',
  S3Control: 's3-control',
  IAM: 'iam',
  STS: 'sts',
  Organizations: 'organizations',
  ElasticLoadBalancingV2: 'elasticloadbalancing',
  ElasticLoadBalancing: 'elasticloadbalancing-classic',
  CloudWatchLogs: 'logs',
  EKS: 'eks',
};

/** "EC2:DescribeVolumes" → "ec2:DescribeVolumes", the synthetic AWS's name for the operation. */
export function syntheticOperation(sdkOperation: string): string {
  const [client, operation] = sdkOperation.split(':') as [string, string];
  const service = SYNTHETIC_SERVICE_OF_CLIENT[client];
  if (!service) throw new Error(`the synthetic AWS serves no service for SDK client ${client} (add it to SYNTHETIC_SERVICE_OF_CLIENT)`);
  return `${service}:${operation}`;
}

/** Pages a list of `count` items takes for a synthetic operation, with the page size the scanner asked for. */
export type PageCounter = (count: number, syntheticOp: string) => number;

type RegionalName = { [K in CollectorName]: (typeof COLLECTORS)[K]['scope'] extends 'regional' ? K : never }[CollectorName];
type GlobalName = Exclude<CollectorName, RegionalName>;

const op = (name: CollectorName, index = 0): string => syntheticOperation(COLLECTORS[name].operations[index]!.sdk);
const list = (name: CollectorName, count: number, pages: PageCounter): number => pages(count, op(name));

/** Calls each regional collector makes one after another in a unit (0 when it makes none). */
export const REGIONAL_CALLS: Readonly<Record<RegionalName, (u: RegionalUnit, pages: PageCounter) => number>> = {
  'ec2.volumes': (u, pages) => list('ec2.volumes', u.volumes.length, pages),
  'ec2.vpcs': (u, pages) => list('ec2.vpcs', u.vpcs.length, pages),
  'ec2.networkInterfaces': (u, pages) => list('ec2.networkInterfaces', u.networkInterfaces.length, pages),
  'ec2.natGateways': (u, pages) => list('ec2.natGateways', u.natGateways.length, pages),
  'ec2.routeTables': (u, pages) => list('ec2.routeTables', u.routeTables.length, pages),
  'ec2.vpcEndpoints': (u, pages) => list('ec2.vpcEndpoints', u.vpcEndpoints.length, pages),
  'ec2.securityGroups': (u, pages) => list('ec2.securityGroups', u.securityGroups.length, pages),
  'ec2.addresses': () => 1,
  'ec2.ebsEncryptionByDefault': () => 1,
  'rds.dbInstances': (u, pages) => list('rds.dbInstances', u.dbInstances.length, pages),
  'rds.dbClusters': (u, pages) => list('rds.dbClusters', u.dbClusters.length, pages),
  'cloudwatch.alarms': (u, pages) => list('cloudwatch.alarms', u.alarms.length, pages),
  // Two metrics per available gateway, at most 500 queries a call.
  'cloudwatch.natGatewayTraffic': (u) => {
    const queries = u.natGateways.filter((n) => n.state === 'available').length * 2;
    return Math.ceil(queries / COLLECTORS['cloudwatch.natGatewayTraffic'].paging.perCall);
  },
  // ---- waste checks: RDS, S3, VPC endpoints — one query per resource, at most 500 a call.
  'cloudwatch.rdsConnections': (u) => Math.ceil(u.dbInstances.length / COLLECTORS['cloudwatch.rdsConnections'].paging.perCall),
  'cloudwatch.vpcEndpointTraffic': (u) =>
    Math.ceil(u.vpcEndpoints.filter((e) => e.type === 'Interface').length / COLLECTORS['cloudwatch.vpcEndpointTraffic'].paging.perCall),
  'config.recorders': () => 1,
  'config.recorderStatuses': () => 1,
  // ---- waste checks: EC2/EBS
  'ec2.instances': (u, pages) => list('ec2.instances', u.instances.length, pages),
  'ec2.snapshots': (u, pages) => list('ec2.snapshots', u.snapshots.length, pages),
  'ec2.images': (u, pages) => list('ec2.images', u.images.length, pages),
  // ---- waste checks: ELB, Logs, EKS
  'elb.loadBalancers': (u, pages) => list('elb.loadBalancers', u.loadBalancers.filter((l) => l.type !== 'classic').length, pages),
  'elb.targetGroups': (u, pages) => {
    const v2 = u.loadBalancers.filter((l) => l.type !== 'classic').length;
    return v2 > 0 ? list('elb.targetGroups', v2, pages) : 0;
  },
  'elb.targetHealth': (u) => (u.loadBalancers.some((l) => l.type !== 'classic') ? 1 : 0),
  // Read for idle ALBs and NLBs only; one with no healthy target is idle whatever its traffic.
  'elb.capacityReservation': (u) => (u.loadBalancers.some((l) => l.type !== 'classic' && l.healthyTargets === 0) ? 1 : 0),
  'elb.classicLoadBalancers': (u, pages) => list('elb.classicLoadBalancers', u.loadBalancers.filter((l) => l.type === 'classic').length, pages),
  'elb.classicInstanceHealth': (u) => (u.loadBalancers.some((l) => l.type === 'classic' && l.targets.length > 0) ? 1 : 0),
  // One query per load balancer, at most 500 a call.
  'elb.traffic': (u) => Math.ceil(u.loadBalancers.length / COLLECTORS['elb.traffic'].paging.perCall),
  'logs.logGroups': (u, pages) => list('logs.logGroups', u.logGroups.length, pages),
  'eks.clusters': (u, pages) => list('eks.clusters', u.eksClusters.length, pages),
  'eks.cluster': (u) => (u.eksClusters.length > 0 ? 1 : 0),
  'eks.clusterVersions': (u) => (u.eksClusters.length > 0 ? 1 : 0),
  'rds.majorEngineVersions': (u) => (u.dbInstances.some((d) => ['mysql', 'postgres', 'aurora-mysql', 'aurora-postgresql'].includes(d.engine)) ? 1 : 0),
};

/** Calls each global collector makes one after another in an account (per-resource reads run side by side). */
export const GLOBAL_CALLS: Readonly<Record<GlobalName, (u: GlobalUnit, pages: PageCounter) => number>> = {
  's3.buckets': (u, pages) => list('s3.buckets', u.buckets.length, pages),
  's3.bucketRegion': (u) => (u.buckets.length > 0 ? 1 : 0),
  's3.bucketPublicAccessBlock': (u) => (u.buckets.length > 0 ? 1 : 0),
  's3.bucketPolicy': (u) => (u.buckets.length > 0 ? 1 : 0),
  's3.bucketEncryption': (u) => (u.buckets.length > 0 ? 1 : 0),
  's3.bucketVersioning': (u) => (u.buckets.length > 0 ? 1 : 0),
  's3.bucketTags': (u) => (u.buckets.length > 0 ? 1 : 0),
  's3.accountPublicAccessBlock': () => 1,
  's3.bucketLifecycle': (u) => (u.buckets.length > 0 ? 1 : 0),
  // Generate (started), generate (complete), read.
  'iam.credentialReport': () => 3,
  'iam.authorizationDetails': (u, pages) =>
    list('iam.authorizationDetails', u.users.length + u.groups.length + u.roles.length + u.policies.length, pages),
  'iam.accessKeys': (u, pages) => (u.users.length > 0 ? Math.max(1, ...u.users.map((x) => pages(x.accessKeys.length, op('iam.accessKeys')))) : 0),
  'iam.accessKeyLastUsed': (u) => (u.users.some((x) => x.accessKeys.length > 0) ? 1 : 0),
  'iam.passwordPolicy': () => 1,
};

/** The longest dependent chain of calls among collectors: each collector's own calls after those it depends on. */
export function longestCollectorChain(callsOf: (name: CollectorName) => number, names: readonly CollectorName[]): number {
  const memo = new Map<CollectorName, number>();
  const chain = (name: CollectorName): number => {
    const hit = memo.get(name);
    if (hit !== undefined) return hit;
    const spec = COLLECTORS[name] as { dependsOn?: readonly string[] };
    const before = Math.max(0, ...(spec.dependsOn ?? []).map((d) => chain(d as CollectorName)));
    const own = callsOf(name);
    const total = own === 0 ? before : before + own;
    memo.set(name, total);
    return total;
  };
  return Math.max(0, ...names.map(chain));
}

export const REGIONAL_COLLECTORS = Object.keys(REGIONAL_CALLS) as RegionalName[];
export const GLOBAL_COLLECTORS = Object.keys(GLOBAL_CALLS) as GlobalName[];
