// What changed between two scans: new failures, still failing (with first-seen dates),
// resolved, and newly erroring. Used by the API, the HTML report and the weekly email.
import type { Finding, ScanError, ScanSummary } from '../domain/index.js';

export interface ScanDiff {
  /** FAIL now, and not FAIL in the previous scan (absent, PASS, ERROR or MUTED before). */
  newFailures: Finding[];
  /** FAIL in both scans; firstSeenAt is kept from the store or taken from the previous finding. */
  stillFailing: Finding[];
  /**
   * FAIL in the previous scan and no longer failing: PASS or MUTED now, or the resource is gone.
   * The items are the previous (failing) findings, so their cost and message describe what was fixed.
   */
  resolved: Finding[];
  /** ERROR now, and not ERROR in the previous scan. */
  newErrors: Finding[];
}

/** The part of the current scan's summary that tells whether an absent finding was really evaluated. */
export type DiffScope = Pick<ScanSummary, 'accounts' | 'regions' | 'checks' | 'errors'>;

export interface DiffOptions {
  /**
   * The current scan's scope and errors. A previously failing finding that is absent now is only
   * "resolved" when the current scan covered its account, region and check without an error there;
   * otherwise its state is unknown and it is left out of the diff.
   */
  currentScan?: DiffScope;
}

/** A finding's identity across scans: (checkId, accountId, region, resourceId). */
export function findingKey(f: Pick<Finding, 'checkId' | 'accountId' | 'region' | 'resourceId'>): string {
  // \u0000 cannot occur in any of the four fields, so the key is unambiguous.
  return `${f.checkId}\u0000${f.accountId}\u0000${f.region}\u0000${f.resourceId}`;
}

function indexByKey(findings: Iterable<Finding>): Map<string, Finding> {
  const map = new Map<string, Finding>();
  for (const f of findings) map.set(findingKey(f), f);
  return map;
}

function unitKey(checkId: string, accountId: string, region: string): string {
  return `${checkId}\u0000${accountId}\u0000${region}`;
}

function errorCovers(e: ScanError, f: Finding): boolean {
  return (
    e.accountId === f.accountId &&
    (e.region === null || e.region === f.region) &&
    (e.checkId === null || e.checkId === f.checkId)
  );
}

/** True when the current scan evaluated the unit (check, account, region) of f without an error. */
function makeEvaluatedTest(current: Finding[], scope: DiffScope | undefined): (f: Finding) => boolean {
  const erroredUnits = new Set<string>();
  for (const f of current) if (f.status === 'ERROR') erroredUnits.add(unitKey(f.checkId, f.accountId, f.region));
  const accounts = scope?.accounts.length ? new Set(scope.accounts) : null;
  const regions = scope?.regions.length ? new Set(scope.regions) : null;
  const checks = scope?.checks.length ? new Set(scope.checks) : null;
  const errors = scope?.errors ?? [];
  return (f) => {
    if (erroredUnits.has(unitKey(f.checkId, f.accountId, f.region))) return false;
    if (accounts && !accounts.has(f.accountId)) return false;
    // 'global' units are scanned whatever the region list says.
    if (regions && f.region !== 'global' && !regions.has(f.region)) return false;
    if (checks && !checks.has(f.checkId)) return false;
    return !errors.some((e) => errorCovers(e, f));
  };
}

/**
 * Diffs the findings of a scan against those of the previous scan of the same scope.
 * Each list keeps the order of the scan it is taken from.
 */
export function diffFindings(current: Finding[], previous: Finding[], options: DiffOptions = {}): ScanDiff {
  const before = indexByKey(previous);
  const now = indexByKey(current);
  const diff: ScanDiff = { newFailures: [], stillFailing: [], resolved: [], newErrors: [] };

  for (const f of current) {
    const prior = before.get(findingKey(f));
    if (f.status === 'FAIL') {
      if (prior?.status === 'FAIL') {
        diff.stillFailing.push(f.firstSeenAt ? f : { ...f, firstSeenAt: prior.firstSeenAt });
      } else {
        diff.newFailures.push(f);
      }
    } else if (f.status === 'ERROR' && prior?.status !== 'ERROR') {
      diff.newErrors.push(f);
    }
  }

  const evaluated = makeEvaluatedTest(current, options.currentScan);
  for (const p of previous) {
    if (p.status !== 'FAIL') continue;
    const f = now.get(findingKey(p));
    if (f ? f.status === 'PASS' || f.status === 'MUTED' : evaluated(p)) diff.resolved.push(p);
  }
  return diff;
}

/** Counts of a diff, for summaries and the API. */
export function diffCounts(diff: ScanDiff): Record<keyof ScanDiff, number> {
  return {
    newFailures: diff.newFailures.length,
    stillFailing: diff.stillFailing.length,
    resolved: diff.resolved.length,
    newErrors: diff.newErrors.length,
  };
}
