// Scans a slice of the synthetic organization's accounts with the real engine and checks,
// in this thread: findings are counted as units stream them out, never kept.
import { DEFAULT_CHECK_OPTIONS, type FindingStatus, type ScanSummary } from '../checks/types.js';
import { runScan } from '../scanner/runner.js';
import { BENCH_CREDENTIALS, BENCH_ROLE } from '../emulator/identity.js';
import { longestUnitChain } from './lower-bound.js';
import { SyntheticAws, type SyntheticAwsStats, type ThrottleRates } from '../emulator/synthetic/handler.js';
import { SyntheticOrganization } from '../emulator/synthetic/model/organization.js';


export interface SliceOptions {
  seed: string;
  accounts: number;
  regions: number;
  problemRate: number;
  /** Reference time of the organization, ISO; the same in every worker. */
  now: string;
  latencyMs: number;
  jitter: number;
  concurrency: { accounts: number; units: number; apiCalls: number };
  maxAttempts: number;
  throttle?: Partial<ThrottleRates> | undefined;
}

export interface SliceResult {
  summary: Omit<ScanSummary, 'errors'> & { errorCodes: Record<string, number> };
  findings: Record<FindingStatus, number>;
  handler: SyntheticAwsStats;
  unitChain: number;
}

export interface SliceProgress {
  unitsDone: number;
  unitsTotal: number;
  apiCalls: number;
}

export async function runSlice(
  options: SliceOptions,
  accountIds: readonly string[],
  onProgress?: (progress: SliceProgress) => void,
): Promise<SliceResult> {
  const org = new SyntheticOrganization({
    seed: options.seed,
    accounts: options.accounts,
    regions: options.regions,
    problemRate: options.problemRate,
    now: new Date(options.now),
    // Twice the units in flight: a unit's calls find their answers generated, and the fake AWS
    // holds no more of the organization in memory than the scan is looking at.
    cacheSize: Math.max(64, 2 * options.concurrency.units),
  });
  const aws = new SyntheticAws(org, { latencyMs: options.latencyMs, jitter: options.jitter, throttle: options.throttle, roleNames: [BENCH_ROLE] });
  const findings: Record<FindingStatus, number> = { PASS: 0, FAIL: 0, ERROR: 0, MUTED: 0 };
  const summary = await runScan(
    {
      org: false,
      accounts: [...accountIds],
      roleName: BENCH_ROLE,
      concurrency: options.concurrency,
      options: DEFAULT_CHECK_OPTIONS,
    },
    {
      aws: { requestHandler: aws, baseCredentials: BENCH_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: options.maxAttempts },
      hooks: {
        onFindings(batch) {
          for (const f of batch) findings[f.status] += 1;
        },
        onProgress(p) {
          onProgress?.({ unitsDone: p.unitsDone, unitsTotal: p.unitsTotal, apiCalls: p.apiCalls });
        },
      },
    },
  );
  const handler = aws.stats();
  const unitChain = longestUnitChain({ org, accounts: accountIds, regions: org.regions, sizes: handler.pageSizes });
  const errorCodes: Record<string, number> = {};
  for (const e of summary.errors) errorCodes[e.code] = (errorCodes[e.code] ?? 0) + 1;
  const { errors: _errors, ...rest } = summary;
  return { summary: { ...rest, errorCodes }, findings, handler, unitChain };
}
