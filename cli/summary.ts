// The short summary printed by `orgscan scan` without --output.
import type { Finding, FindingStatus, ScanSummary, Severity } from '../checks/types.js';
import { notEvaluatedReasons, scanHeadline } from '../reports/outcome.js';

const STATUS_ORDER: FindingStatus[] = ['FAIL', 'PASS', 'ERROR', 'MUTED'];
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };

/** Columns left-aligned up to `textColumns`, numbers right-aligned after. */
function table(rows: string[][], textColumns = 1): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i < textColumns ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

const usd = (n: number): string => `$${n.toLocaleString('en-US', { maximumFractionDigits: 2, minimumFractionDigits: 2 })}`;

export function renderSummary(scan: ScanSummary, findings: readonly Finding[]): string {
  const byCheck = new Map<string, Record<FindingStatus, number>>();
  const severityOf = new Map<string, Severity>();
  const failingByAccount = new Map<string, { fail: number; cost: number }>();
  let waste = 0;
  for (const f of findings) {
    const row = byCheck.get(f.checkId) ?? { PASS: 0, FAIL: 0, ERROR: 0, MUTED: 0 };
    row[f.status] += 1;
    byCheck.set(f.checkId, row);
    severityOf.set(f.checkId, f.severity);
    if (f.status === 'FAIL') {
      const acc = failingByAccount.get(f.accountId) ?? { fail: 0, cost: 0 };
      acc.fail += 1;
      acc.cost += f.estimatedMonthlyCostUsd ?? 0;
      failingByAccount.set(f.accountId, acc);
      waste += f.estimatedMonthlyCostUsd ?? 0;
    }
  }
  // The first line says whether the scan looked at everything: never a silent all-clear.
  const lines: string[] = [scanHeadline(scan)];
  const seconds = scan.finishedAt ? (Date.parse(scan.finishedAt) - Date.parse(scan.startedAt)) / 1000 : 0;
  lines.push(
    `Scan ${scan.id}: ${scan.accounts.length} account(s), ${scan.regions.length} region(s), ${scan.checks.length} check(s), ` +
      `${scan.apiCalls.total} API calls, ${seconds.toFixed(1)} s`,
  );
  lines.push('');
  // Most severe first, then most failing: what to fix first is at the top.
  const sev = (id: string) => SEVERITY_RANK[severityOf.get(id) ?? 'informational'];
  const checkRows = [...byCheck.entries()].sort(([a, x], [b, y]) => sev(a) - sev(b) || y.FAIL - x.FAIL || a.localeCompare(b));
  lines.push(
    table(
      [['severity', 'check', ...STATUS_ORDER], ...checkRows.map(([id, c]) => [severityOf.get(id) ?? '', id, ...STATUS_ORDER.map((s) => String(c[s]))])],
      2,
    ),
  );
  if (failingByAccount.size > 0) {
    lines.push('');
    lines.push('Top failing accounts');
    const top = [...failingByAccount.entries()].sort((a, b) => b[1].fail - a[1].fail || a[0].localeCompare(b[0])).slice(0, 10);
    lines.push(table([['account', 'FAIL', 'est. waste/month'], ...top.map(([id, a]) => [id, String(a.fail), usd(a.cost)])]));
  }
  if (waste > 0) lines.push('', `Estimated monthly waste: ${usd(waste)}`);
  const reasons = notEvaluatedReasons(scan, findings);
  if (reasons.length > 0) {
    lines.push('', 'Not evaluated, and why:');
    for (const r of reasons) lines.push(`  ${r}`);
  }
  return `${lines.join('\n')}\n`;
}
