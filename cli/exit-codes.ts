// The exit codes of `orgscan scan` (documented in the README): a CI gate never passes on a scan
// that could not look.
import { SEVERITIES, type Finding, type ScanSummary, type Severity } from '../checks/types.js';

export const EXIT_CODES = {
  /** Everything planned was evaluated and nothing reached --fail-on. */
  ok: 0,
  /** --fail-on: a FAIL finding, an ERROR finding or an account error at or above the severity. */
  threshold: 1,
  /** Bad usage or configuration. */
  usage: 2,
  /** The scan was partial (an account, region or check not evaluated) and --allow-partial was not given. */
  partial: 3,
  /** The scan evaluated nothing, or could not run at all (no credentials, organization not listable). */
  failed: 4,
} as const;

export interface GateOptions {
  failOn?: Severity | undefined;
  allowPartial?: boolean | undefined;
}

export interface GateCounts {
  /** FAIL findings at or above the severity. */
  failing: number;
  /** ERROR findings at or above the severity, plus account and region errors (they hide every severity). */
  errors: number;
}

/** What --fail-on counts: failures and errors at or above the severity. */
export function gateCounts(scan: Pick<ScanSummary, 'errors'>, findings: readonly Finding[], threshold: Severity): GateCounts {
  const min = SEVERITIES.indexOf(threshold);
  let failing = 0;
  let errors = scan.errors.filter((e) => e.checkId === null).length;
  for (const f of findings) {
    if (SEVERITIES.indexOf(f.severity) < min) continue;
    if (f.status === 'FAIL') failing += 1;
    else if (f.status === 'ERROR') errors += 1;
  }
  return { failing, errors };
}

/** The exit code of a finished scan: failed, then --fail-on, then partial; 0 otherwise. */
export function scanExitCode(scan: Pick<ScanSummary, 'status' | 'errors'>, findings: readonly Finding[], options: GateOptions): number {
  if (scan.status === 'failed' || scan.status === 'cancelled' || scan.status === 'interrupted') return EXIT_CODES.failed;
  if (options.failOn) {
    const counts = gateCounts(scan, findings, options.failOn);
    if (counts.failing + counts.errors > 0) return EXIT_CODES.threshold;
  }
  if (scan.status === 'partial' && !options.allowPartial) return EXIT_CODES.partial;
  return EXIT_CODES.ok;
}
