// Runs the benchmark: discovers the synthetic organization's accounts through the real SDK,
// splits them across worker threads (each runs the real engine on its slice), and merges the figures.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { FindingStatus } from '../checks/types.js';
import { listOrganizationAccounts } from '../scanner/targets.js';
import { lowerBound, type LowerBound } from './lower-bound.js';
import type { BenchOptions } from './options.js';
import { BENCH_CREDENTIALS } from '../emulator/identity.js';
import type { SliceOptions, SliceProgress, SliceResult } from './slice.js';
import type { WorkerMessage } from './worker.js';
import { DEFAULT_THROTTLE_RATES, SyntheticAws } from '../emulator/synthetic/handler.js';
import { SyntheticOrganization } from '../emulator/synthetic/model/organization.js';
import type { BucketBound } from '../emulator/synthetic/throttle.js';

export interface BenchResult {
  accounts: number;
  regions: number;
  units: number;
  workers: number;
  latencyMs: number;
  wallSeconds: number;
  apiCalls: number;
  callsPerSecond: number;
  throttled: number;
  retries: number;
  failedUnits: number;
  /** Error codes of checks that could not be evaluated, and of accounts skipped. */
  errorCodes: Record<string, number>;
  peakRssMb: number;
  cpuSeconds: number;
  findings: number;
  findingsByStatus: Record<FindingStatus, number>;
  lowerBound: LowerBound & {
    /** Calls × latency ÷ requests in flight: what the concurrency limit allows. */
    concurrencySeconds: number;
  };
  ratioToLowerBound: number;
  byOperation: Record<string, number>;
}

/** Round-robin: neighbouring accounts (similar sizes) land in different slices. */
export function splitAccounts(accounts: readonly string[], slices: number): string[][] {
  const out: string[][] = Array.from({ length: slices }, () => []);
  accounts.forEach((a, i) => out[i % slices]!.push(a));
  return out.filter((s) => s.length > 0);
}

function runWorker(
  options: SliceOptions,
  accounts: string[],
  limits: { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb: number },
  onProgress?: (progress: SliceProgress) => void,
): Promise<SliceResult> {
  // 0 means V8's default, which is what leaving a limit out gives.
  const resourceLimits = Object.fromEntries(Object.entries(limits).filter(([, mb]) => mb > 0));
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), {
      workerData: { options, accounts },
      resourceLimits,
    });
    let result: SliceResult | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'result') result = message.result;
      else onProgress?.(message.progress);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`benchmark worker exited with code ${code} before reporting its slice`));
    });
  });
}

export interface RunBenchmarkOptions {
  /** Run slices in this thread instead of worker threads (tests; source not compiled to .js). */
  inProcess?: boolean;
  /** Scan-wide progress, merged from the slices (workers report about every 2 s). */
  onProgress?: (progress: SliceProgress) => void;
}

export async function runBenchmark(options: BenchOptions, run: RunBenchmarkOptions = {}): Promise<BenchResult> {
  const now = new Date();
  const org = new SyntheticOrganization({ seed: options.seed, accounts: options.accounts, regions: options.regions, problemRate: options.problemRate, now });
  const workers = Math.max(1, Math.min(options.workers, options.accounts));
  const cpuBefore = process.cpuUsage();
  const started = performance.now();

  // The organization listing, as the engine does it, through the synthetic AWS of this thread.
  const listingAws = new SyntheticAws(org, { latencyMs: options.latencyMs, jitter: options.jitter, throttle: options.throttle });
  const organizations = new OrganizationsClient({
    region: 'us-east-1',
    requestHandler: listingAws,
    credentials: BENCH_CREDENTIALS,
    maxAttempts: options.maxAttempts,
    retryMode: 'adaptive',
  });
  const accounts = (await listOrganizationAccounts(organizations)).map((a) => a.id);
  organizations.destroy();

  const share = (n: number) => Math.max(1, Math.ceil(n / workers));
  // STS limits are per calling account, shared by all workers: each gets its part of the rate.
  const stsRate = options.throttle?.sts ?? DEFAULT_THROTTLE_RATES.sts;
  const sts = { rate: stsRate.rate / workers, burst: Math.max(1, Math.floor(stsRate.burst / workers)) };
  const sliceOptions: SliceOptions = {
    seed: options.seed,
    accounts: options.accounts,
    regions: options.regions,
    problemRate: options.problemRate,
    now: now.toISOString(),
    latencyMs: options.latencyMs,
    jitter: options.jitter,
    concurrency: {
      accounts: share(options.concurrency.accounts),
      units: share(options.concurrency.units),
      apiCalls: share(options.concurrency.apiCalls),
    },
    maxAttempts: options.maxAttempts,
    throttle: { ...options.throttle, sts },
  };
  const slices = splitAccounts(accounts, workers);
  // The engine and SDK clients load only where slices run: in workers, this thread stays small.
  const runSlice = run.inProcess ? (await import('./slice.js')).runSlice : null;
  const latest: SliceProgress[] = slices.map(() => ({ unitsDone: 0, unitsTotal: 0, apiCalls: 0 }));
  const progressOf = (i: number) => (p: SliceProgress) => {
    latest[i] = p;
    run.onProgress?.(latest.reduce((a, b) => ({ unitsDone: a.unitsDone + b.unitsDone, unitsTotal: a.unitsTotal + b.unitsTotal, apiCalls: a.apiCalls + b.apiCalls })));
  };
  const limits = { maxYoungGenerationSizeMb: options.youngGenerationMb, maxOldGenerationSizeMb: options.oldGenerationMb };
  const results = await Promise.all(
    slices.map((slice, i) => (runSlice ? runSlice(sliceOptions, slice) : runWorker(sliceOptions, slice, limits, progressOf(i)))),
  );
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);

  const listing = listingAws.stats();
  const byOperation: Record<string, number> = {};
  const add = (ops: Record<string, number>) => {
    for (const [op, n] of Object.entries(ops)) byOperation[op] = (byOperation[op] ?? 0) + n;
  };
  add({ 'Organizations:ListAccounts': listing.byOperation['organizations:ListAccounts'] ?? 0 });
  const findingsByStatus: Record<FindingStatus, number> = { PASS: 0, FAIL: 0, ERROR: 0, MUTED: 0 };
  const errorCodes: Record<string, number> = {};
  const buckets: BucketBound[] = [...listing.buckets];
  let apiCalls = listing.requests - listing.throttled;
  let throttled = listing.throttled;
  let retries = listing.throttled;
  let failedUnits = 0;
  let units = 0;
  let unitChain = 0;
  for (const r of results) {
    const calls = r.summary.apiCalls;
    apiCalls += calls.total;
    throttled += calls.throttled;
    retries += calls.retries;
    add(calls.byOperation);
    for (const s of Object.keys(findingsByStatus) as FindingStatus[]) findingsByStatus[s] += r.findings[s];
    for (const [code, n] of Object.entries(r.summary.errorCodes)) errorCodes[code] = (errorCodes[code] ?? 0) + n;
    failedUnits += r.summary.progress.unitsFailed ?? 0;
    units += r.summary.progress.unitsTotal;
    unitChain = Math.max(unitChain, r.unitChain);
    // Buckets are per account (× region), and accounts do not span slices; the shared STS bucket is split by rate.
    buckets.push(...r.handler.buckets);
  }
  const bound = lowerBound({ org, unitChain, sizes: results[0]?.handler.pageSizes ?? {}, latencyMs: options.latencyMs, buckets });
  const concurrencySeconds = (apiCalls * options.latencyMs) / 1000 / options.concurrency.apiCalls;
  const findings = Object.values(findingsByStatus).reduce((a, b) => a + b, 0);
  return {
    accounts: accounts.length,
    regions: options.regions,
    units,
    workers: results.length,
    latencyMs: options.latencyMs,
    wallSeconds: round(wallSeconds, 2),
    apiCalls,
    callsPerSecond: Math.round(apiCalls / wallSeconds),
    throttled,
    retries,
    failedUnits,
    errorCodes,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6, 1),
    findings,
    findingsByStatus,
    lowerBound: { ...bound, chainSeconds: round(bound.chainSeconds, 2), throttleSeconds: round(bound.throttleSeconds, 2), seconds: round(bound.seconds, 2), concurrencySeconds: round(concurrencySeconds, 2) },
    ratioToLowerBound: round(wallSeconds / Math.max(bound.seconds, 1e-9), 1),
    byOperation,
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export const CORES = availableParallelism();
