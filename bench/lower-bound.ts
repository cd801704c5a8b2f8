// The lower bound of a scan's wall time for a synthetic workload, whatever the scanner does:
// (1) the longest chain of calls that depend on each other's answers, times the latency; and
// (2) for every throttling bucket, the calls it admitted beyond its burst divided by its refill rate.
import type { SyntheticOrganization } from './synthetic/model/organization.js';
import type { BucketBound } from './synthetic/throttle.js';

/** Page sizes the scanner asked for, per "service:Operation" of the synthetic AWS; absent: the API's default. */
export type PageSizes = Record<string, number>;

const API_DEFAULT_PAGE: Record<string, number> = {
  'organizations:ListAccounts': 20,
  'rds:DescribeDBInstances': 100,
  'rds:DescribeDBClusters': 100,
  'monitoring:DescribeAlarms': 50,
  'iam:GetAccountAuthorizationDetails': 100,
  'iam:ListAccessKeys': 100,
  's3:ListBuckets': 10_000,
};

function pages(count: number, operation: string, sizes: PageSizes): number {
  const size = sizes[operation] ?? API_DEFAULT_PAGE[operation] ?? Number.POSITIVE_INFINITY;
  return Math.max(1, Math.ceil(count / size));
}

/**
 * Calls on the critical path of one regional unit. Independent lists are fetched side by side;
 * only GetMetricData must wait for the NAT gateway ids.
 */
export function regionalChain(org: SyntheticOrganization, accountId: string, region: string, sizes: PageSizes): number {
  const u = org.regionalUnit(accountId, region);
  const available = u.natGateways.filter((n) => n.state === 'available').length;
  const metricCalls = available > 0 ? Math.ceil((available * 2) / 500) : 0;
  return Math.max(
    pages(u.volumes.length, 'ec2:DescribeVolumes', sizes),
    pages(u.vpcs.length, 'ec2:DescribeVpcs', sizes),
    pages(u.networkInterfaces.length, 'ec2:DescribeNetworkInterfaces', sizes),
    pages(u.routeTables.length, 'ec2:DescribeRouteTables', sizes),
    pages(u.vpcEndpoints.length, 'ec2:DescribeVpcEndpoints', sizes),
    pages(u.securityGroups.length, 'ec2:DescribeSecurityGroups', sizes),
    pages(u.natGateways.length, 'ec2:DescribeNatGateways', sizes) + metricCalls,
    pages(u.dbInstances.length, 'rds:DescribeDBInstances', sizes),
    pages(u.dbClusters.length, 'rds:DescribeDBClusters', sizes),
    pages(u.alarms.length, 'monitoring:DescribeAlarms', sizes),
  );
}

/**
 * Calls on the critical path of an account's global unit: bucket list → bucket region → bucket setting;
 * report started → report complete → report read; authorization details → a user's keys → a key's last use.
 */
export function globalChain(org: SyntheticOrganization, accountId: string, sizes: PageSizes): number {
  const u = org.globalUnit(accountId);
  const buckets = u.buckets.length > 0 ? pages(u.buckets.length, 's3:ListBuckets', sizes) + 2 : 1;
  const entities = u.users.length + u.groups.length + u.roles.length + u.policies.length;
  const maxKeys = Math.max(0, ...u.users.map((x) => x.accessKeys.length));
  const keys = pages(entities, 'iam:GetAccountAuthorizationDetails', sizes) + (u.users.length > 0 ? 1 : 0) + (maxKeys > 0 ? 1 : 0);
  return Math.max(buckets, 3, keys);
}

export interface LowerBound {
  /** Calls on the longest dependent chain: organization listing → AssumeRole → DescribeRegions → the slowest unit. */
  chainCalls: number;
  chainSeconds: number;
  /** The bucket that needed the longest for the calls it admitted. */
  throttleSeconds: number;
  throttleBucket: string | null;
  /** The larger of the two. */
  seconds: number;
}

export interface ChainInput {
  org: SyntheticOrganization;
  accounts: readonly string[];
  regions: readonly string[];
  sizes: PageSizes;
}

/** The longest unit chain among the given accounts (the organization listing and set-up calls not included). */
export function longestUnitChain({ org, accounts, regions, sizes }: ChainInput): number {
  let longest = 0;
  for (const accountId of accounts) {
    longest = Math.max(longest, globalChain(org, accountId, sizes));
    for (const region of regions) longest = Math.max(longest, 1 + regionalChain(org, accountId, region, sizes));
  }
  return longest;
}

export function lowerBound(options: {
  org: SyntheticOrganization;
  unitChain: number;
  sizes: PageSizes;
  latencyMs: number;
  buckets: readonly BucketBound[];
}): LowerBound {
  const listing = pages(options.org.accountCount, 'organizations:ListAccounts', options.sizes);
  // AssumeRole precedes every unit; DescribeRegions precedes regional units (counted in their chain above).
  const chainCalls = listing + 1 + options.unitChain;
  const chainSeconds = (chainCalls * options.latencyMs) / 1000;
  const worst = options.buckets.reduce<BucketBound | null>((a, b) => (a && a.seconds >= b.seconds ? a : b), null);
  const throttleSeconds = worst?.seconds ?? 0;
  return {
    chainCalls,
    chainSeconds,
    throttleSeconds,
    throttleBucket: worst?.key ?? null,
    seconds: Math.max(chainSeconds, throttleSeconds),
  };
}
