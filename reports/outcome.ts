// The one sentence every view of a scan starts with: whether it looked at everything it planned.
// The CLI summary, the HTML report, the weekly email and the API use this wording, so a scan that
// could not look is never presented as a clean organization.
import type { Finding, ScanCoverage, ScanError } from '../domain/index.js';
import { html, type SafeHtml } from './html/template.js';

/** What the headline reads of a scan: satisfied by the engine's ScanSummary and the store's ScanRecord. */
export interface OutcomeScan {
  status: string;
  errors: readonly ScanError[];
  coverage?: ScanCoverage | null | undefined;
  failureReason?: string | null | undefined;
  progress?: { unitsDone: number; unitsTotal: number } | undefined;
}

const num = new Intl.NumberFormat('en-US');
const plural = (n: number, word: string) => `${num.format(n)} ${word}${n === 1 ? '' : 's'}`;

function coverageText(c: ScanCoverage): string {
  return (
    `${num.format(c.accounts.evaluated)} of ${plural(c.accounts.planned, 'account')}, ` +
    `${num.format(c.units.evaluated)} of ${plural(c.units.planned, 'unit')} (account × region) and ` +
    `${num.format(c.checks.evaluated)} of ${plural(c.checks.planned, 'check evaluation')} evaluated`
  );
}

/** True when the scan's findings cannot be read as the whole picture. */
export function isIncomplete(scan: Pick<OutcomeScan, 'status'>): boolean {
  return scan.status !== 'succeeded';
}

/** The plain-text first line of every view of a scan. */
export function scanHeadline(scan: OutcomeScan): string {
  const c = scan.coverage ?? null;
  switch (scan.status) {
    case 'succeeded':
      return c ? `Scan complete: ${coverageText(c)}.` : 'Scan complete.';
    case 'partial':
      return (
        `PARTIAL SCAN: not everything was evaluated; ${c ? coverageText(c) : `${plural(scan.errors.length, 'error')} recorded`}. ` +
        'Findings cover only what was evaluated; see why below.'
      );
    case 'failed':
      return (
        `FAILED SCAN: nothing was evaluated${scan.failureReason ? ` (${scan.failureReason})` : ''}. ` +
        'No findings does not mean no problems.'
      );
    case 'cancelled':
    case 'interrupted':
      return `${scan.status.toUpperCase()} SCAN: it stopped before it finished${scan.failureReason ? ` (${scan.failureReason})` : ''}; its findings are incomplete.`;
    case 'queued':
      return 'Scan queued: nothing evaluated yet.';
    case 'running':
      return `Scan running: ${scan.progress ? `${num.format(scan.progress.unitsDone)} of ${plural(scan.progress.unitsTotal, 'unit')} done` : 'in progress'}; findings so far are incomplete.`;
    default:
      return `Scan ${scan.status}.`;
  }
}

/** A short tag for e-mail subjects: "" for a complete scan, else "PARTIAL SCAN: " and the like. */
export function subjectTag(scan: Pick<OutcomeScan, 'status'>): string {
  return isIncomplete(scan) ? `[${scan.status.toUpperCase()} SCAN] ` : '';
}

/**
 * Why each account, region or check was not evaluated: account and region errors one per line,
 * then ERROR findings grouped by check and reason (a check can fail the same way in many units).
 */
export function notEvaluatedReasons(scan: Pick<OutcomeScan, 'errors'>, findings: Iterable<Finding>, limit = 20): string[] {
  const lines: string[] = [];
  for (const e of scan.errors) {
    if (e.checkId !== null) continue;
    lines.push(`account ${e.accountId}${e.region ? ` region ${e.region}` : ''}: ${e.code}: ${e.message}`);
  }
  const groups = new Map<string, { checkId: string; code: string; message: string; units: string[] }>();
  for (const f of findings) {
    if (f.status !== 'ERROR') continue;
    const code = f.errorCode ?? 'UnknownError';
    // The same failure in another unit differs only by the unit's ids: group on the message without them.
    const generic = f.message.split(f.accountId).join('{account}').split(`/${f.region}`).join('/{region}');
    const key = `${f.checkId}\u0000${code}\u0000${generic}`;
    const group = groups.get(key) ?? { checkId: f.checkId, code, message: f.message, units: [] };
    group.units.push(`${f.accountId}/${f.region}`);
    groups.set(key, group);
  }
  for (const g of groups.values()) {
    const where = g.units.length === 1 ? g.units[0] : `${plural(g.units.length, 'resource')} in ${[...new Set(g.units)].slice(0, 3).join(', ')}${new Set(g.units).size > 3 ? ', …' : ''}`;
    lines.push(`check ${g.checkId} (${where}): ${g.code}: ${g.message}`);
  }
  if (lines.length > limit) return [...lines.slice(0, limit), `… and ${num.format(lines.length - limit)} more (use --output to see all)`];
  return lines;
}

/**
 * The headline as the first element of an HTML page or e-mail, escaped; `style` for e-mail
 * clients that ignore stylesheets. Complete scans get a quiet line, the others an alert.
 */
export function outcomeBannerHtml(scan: OutcomeScan, style?: { complete: string; incomplete: string }): SafeHtml {
  const incomplete = isIncomplete(scan);
  const cls = incomplete ? 'outcome-incomplete' : 'outcome-complete';
  const role = incomplete ? 'alert' : 'status';
  // No style attribute on pages: their Content-Security-Policy allows no inline styles.
  if (!style) return html`<p class="outcome ${cls}" role="${role}">${scanHeadline(scan)}</p>`;
  return html`<p class="outcome ${cls}" role="${role}" style="${incomplete ? style.incomplete : style.complete}">${scanHeadline(scan)}</p>`;
}
