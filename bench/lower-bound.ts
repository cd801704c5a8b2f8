// The lower bound of a scan's wall time for a synthetic workload, whatever the scanner does:
// (1) the longest chain of calls that depend on each other's answers, times the latency; and
// (2) for every throttling bucket, the calls it admitted beyond its burst divided by its refill rate.
import type { SyntheticOrganization } from '../emulator/synthetic/model/organization.js';
import type { BucketBound } from '../emulator/synthetic/throttle.js';
import { GLOBAL_CALLS, GLOBAL_COLLECTORS, longestCollectorChain, REGIONAL_CALLS, REGIONAL_COLLECTORS, type PageCounter } from '../emulator/synthetic/coverage.js';

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
 * Calls on the critical path of one regional unit: independent lists are fetched side by side, so the
 * longest chain of collectors that depend on each other's answers (GetMetricData after the NAT gateways).
 * Derived from the collector catalog and the synthetic AWS's per-collector call counts.
 */
export function regionalChain(org: SyntheticOrganization, accountId: string, region: string, sizes: PageSizes): number {
  const u = org.regionalUnit(accountId, region);
  const count: PageCounter = (n, operation) => pages(n, operation, sizes);
  return longestCollectorChain((name) => REGIONAL_CALLS[name as keyof typeof REGIONAL_CALLS](u, count), REGIONAL_COLLECTORS);
}

/**
 * Calls on the critical path of an account's global unit: bucket list → bucket region → bucket setting;
 * report started → report complete → report read; authorization details → a user's keys → a key's last use.
 */
export function globalChain(org: SyntheticOrganization, accountId: string, sizes: PageSizes): number {
  const u = org.globalUnit(accountId);
  const count: PageCounter = (n, operation) => pages(n, operation, sizes);
  return longestCollectorChain((name) => GLOBAL_CALLS[name as keyof typeof GLOBAL_CALLS](u, count), GLOBAL_COLLECTORS);
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
