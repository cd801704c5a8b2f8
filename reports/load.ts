// Reads what a report or the weekly email needs from the store: a scan, its findings, the diff
// against an earlier scan of the same scope, and the failing trend.
import type { Finding, FindingStatus, ScanRecord, ScanStatus } from '../domain/index.js';
import { diffFindings, type ScanDiff } from './diff.js';
import type { TrendPoint } from './types.js';

/** What reports read from the store (the store implements it; reports never import store/). */
export interface ReportSource {
  iterateFindings(scanId: string, filter?: { status?: FindingStatus[] | undefined }): AsyncIterable<Finding>;
  previousFinishedScan(scanId: string): Promise<ScanRecord | null>;
  failingTrend(limit: number, scopeKey?: string): Promise<TrendPoint[]>;
  listScans(
    filter: { status: ScanStatus[]; scopeKey: string },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<{ items: ScanRecord[]; nextCursor?: string | null | undefined }>;
}

export const TREND_SCANS = 20;

export interface ReportData {
  scan: ScanRecord;
  findings: Finding[];
  /** The scan the diff compares with; null when there is none. */
  baseline: ScanRecord | null;
  diff: ScanDiff | null;
  trend: TrendPoint[];
}

async function collect(it: AsyncIterable<Finding>): Promise<Finding[]> {
  const out: Finding[] = [];
  for await (const f of it) out.push(f);
  return out;
}

/** Diffs a scan against a baseline; only the baseline's FAIL and ERROR findings matter to the diff. */
export async function diffAgainst(store: ReportSource, scan: ScanRecord, findings: Finding[], baseline: ScanRecord | null): Promise<ScanDiff | null> {
  if (!baseline) return null;
  const previous = await collect(store.iterateFindings(baseline.id, { status: ['FAIL', 'ERROR'] }));
  return diffFindings(findings, previous, { currentScan: scan });
}

/**
 * A scan with its findings, diffed against the previous succeeded scan of its scope. `evaluated`: the scan
 * record whose accounts and errors say what the scan looked at, when `scan` is a team's redacted view of it
 * (without them, a finding in an account the scan could not reach would count as resolved).
 */
export async function loadReportData(store: ReportSource, scan: ScanRecord, evaluated: ScanRecord = scan): Promise<ReportData> {
  const findings = await collect(store.iterateFindings(scan.id));
  const baseline = await store.previousFinishedScan(scan.id);
  const [diff, trend] = await Promise.all([diffAgainst(store, evaluated, findings, baseline), store.failingTrend(TREND_SCANS, scan.scopeKey)]);
  return { scan, findings, baseline, diff, trend };
}

/**
 * The newest succeeded scan of the same scope that finished at least `days` before `scan`
 * (a week ago for the weekly email); when every earlier scan is younger, the oldest of them.
 */
export async function baselineBefore(store: ReportSource, scan: ScanRecord, days: number): Promise<ScanRecord | null> {
  const reference = Date.parse(scan.finishedAt ?? scan.startedAt ?? scan.createdAt);
  const cutoff = reference - days * 86_400_000;
  let oldest: ScanRecord | null = null;
  let cursor: string | undefined;
  do {
    const page = await store.listScans({ status: ['succeeded'], scopeKey: scan.scopeKey }, { limit: 100, cursor });
    for (const s of page.items) {
      if (s.id === scan.id) continue;
      const at = Date.parse(s.finishedAt ?? s.startedAt ?? s.createdAt);
      if (at >= reference) continue; // newer than the scan itself
      if (at <= cutoff) return s;
      oldest = s;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return oldest;
}
