// The end of a scan shared by several tasks: its shards' summaries summed into one scan summary,
// recorded by the task that ended the last shard (the diff against the previous scan and retention follow).
import type { ApiCallStats, FindingStatus, ScanCoverage, ScanError, ScanProgress, ScanSummary } from '../checks/types.js';
import { scanOutcome } from '../scanner/runner.js';
import type { ShardRecord } from '../store/shards.js';
import type { ScanRecord } from '../store/types.js';

/** Detailed per-check errors kept in the summary, as the engine keeps them (account errors always). */
const MAX_DETAILED_ERRORS = 1000;

/** The error recorded for each account of a shard that failed its last attempt. */
export const SHARD_FAILED_CODE = 'ShardFailed';

/** What a failed shard contributes: its accounts planned, none evaluated, each an account error. */
function failedShardSummary(scan: ScanRecord, shard: ShardRecord): ScanSummary {
  const reason = shard.lastError ?? 'the shard could not be run';
  const errors: ScanError[] = shard.accounts.map((accountId) => ({
    accountId,
    region: null,
    checkId: null,
    code: SHARD_FAILED_CODE,
    message: `not scanned: its shard failed ${shard.attempts} attempt${shard.attempts === 1 ? '' : 's'} (${reason})`,
  }));
  return {
    id: scan.id,
    startedAt: scan.startedAt ?? scan.createdAt,
    finishedAt: null,
    status: 'failed',
    coverage: { accounts: { planned: shard.accounts.length, evaluated: 0 }, units: { planned: 0, evaluated: 0 }, checks: { planned: 0, evaluated: 0 } },
    accounts: shard.accounts,
    regions: [],
    checks: [],
    apiCalls: { total: 0, throttled: 0, retries: 0, byOperation: {} },
    errors,
    progress: {
      unitsTotal: 0,
      unitsDone: 0,
      unitsFailed: 0,
      accountsTotal: shard.accounts.length,
      accountsDone: shard.accounts.length,
      apiCalls: 0,
      errors: errors.length,
      findings: 0,
    },
    counts: { PASS: 0, FAIL: 0, ERROR: 0, MUTED: 0 },
  };
}

/** One scan summary from every shard of a scan (each `done` or `failed`). */
export function aggregateShards(scan: ScanRecord, shards: readonly ShardRecord[], finishedAt: Date): ScanSummary {
  const parts = shards.map((s) => (s.status === 'done' && s.summary ? s.summary : failedShardSummary(scan, s)));
  const coverage: ScanCoverage = { accounts: { planned: 0, evaluated: 0 }, units: { planned: 0, evaluated: 0 }, checks: { planned: 0, evaluated: 0 } };
  const progress: ScanProgress = { unitsTotal: 0, unitsDone: 0, unitsFailed: 0, accountsTotal: 0, accountsDone: 0, apiCalls: 0, errors: 0, findings: 0 };
  const counts: Record<FindingStatus, number> = { PASS: 0, FAIL: 0, ERROR: 0, MUTED: 0 };
  const apiCalls: ApiCallStats = { total: 0, throttled: 0, retries: 0, byOperation: {} };
  const accountErrors: ScanError[] = [];
  const checkErrors: ScanError[] = [];
  const regions = new Set<string>();
  const checks = new Set<string>();
  let evaluatedSomewhere = 0;
  for (const p of parts) {
    for (const k of ['accounts', 'units', 'checks'] as const) {
      coverage[k].planned += p.coverage?.[k].planned ?? 0;
      coverage[k].evaluated += p.coverage?.[k].evaluated ?? 0;
    }
    for (const k of Object.keys(progress) as (keyof ScanProgress)[]) progress[k] = (progress[k] ?? 0) + (p.progress[k] ?? 0);
    for (const k of Object.keys(counts) as FindingStatus[]) counts[k] += p.counts[k] ?? 0;
    apiCalls.total += p.apiCalls.total;
    apiCalls.throttled += p.apiCalls.throttled;
    apiCalls.retries += p.apiCalls.retries;
    for (const [op, n] of Object.entries(p.apiCalls.byOperation)) apiCalls.byOperation[op] = (apiCalls.byOperation[op] ?? 0) + n;
    for (const e of p.errors) (e.region === null ? accountErrors : checkErrors).push(e);
    p.regions.forEach((r) => regions.add(r));
    p.checks.forEach((c) => checks.add(c));
    // A shard that evaluated anything at all (even some resources of a check) is not a failed one.
    if (p.status === 'succeeded' || p.status === 'partial') evaluatedSomewhere += 1;
  }
  const outcome = scanOutcome(coverage, evaluatedSomewhere);
  const startedAt = scan.startedAt ?? scan.createdAt;
  return {
    id: scan.id,
    startedAt,
    finishedAt: new Date(Math.max(finishedAt.getTime(), Date.parse(startedAt))).toISOString(),
    status: outcome.status,
    coverage,
    failureReason: outcome.reason,
    accounts: parts.flatMap((p) => p.accounts),
    regions: [...regions].sort(),
    checks: [...checks],
    apiCalls,
    errors: [...accountErrors, ...checkErrors.slice(0, Math.max(0, MAX_DETAILED_ERRORS - accountErrors.length))],
    progress,
    counts,
  };
}
