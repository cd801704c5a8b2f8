// The report's summary, rendered on the server: readable with JavaScript off.
import { SEVERITIES, STATUSES, type Finding, type Severity } from '../../domain/index.js';
import { checkInfo } from '../check-info.js';
import type { ScanDiff } from '../diff.js';
import { escapeHtml as e } from '../escape.js';
import { formatUsd, type FindingsSummary, type GroupTotal } from '../summary.js';
import { severityChart, trendChart } from '../svg.js';
import { daysLeftText, ruleMatchParts } from '../expiring.js';
import type { ExpiringSuppressions, ReportScan, TrendPoint } from '../types.js';

const num = new Intl.NumberFormat('en-US');
/** Rows shown before the rest of a long table folds into <details>. */
const TOP_ROWS = 10;

const SEV_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };

export function scanMeta(scan: ReportScan): string {
  const parts = [
    `Scan <code>${e(scan.id)}</code>`,
    `status ${e(scan.status)}`,
    scan.startedAt ? `started ${e(scan.startedAt)}` : null,
    scan.finishedAt ? `finished ${e(scan.finishedAt)}` : null,
    `${num.format(scan.accounts.length)} accounts`,
    `${num.format(scan.regions.length)} regions`,
    `${num.format(scan.checks.length)} checks`,
  ];
  return parts.filter(Boolean).join(' · ');
}

function card(value: string, label: string): string {
  return `<li class="card"><span class="n">${value}</span><span class="l">${e(label)}</span></li>`;
}

export function summaryCards(s: FindingsSummary, diff: ScanDiff | null | undefined): string {
  const cards = [
    card(num.format(s.byStatus.FAIL), 'failing findings'),
    card(e(formatUsd(s.wasteUsd)), 'estimated monthly waste'),
    diff ? card(num.format(diff.newFailures.length), 'new since previous scan') : null,
    diff ? card(num.format(diff.resolved.length), 'resolved since previous scan') : null,
    card(num.format(s.byStatus.ERROR), 'could not be evaluated'),
    card(num.format(s.byStatus.PASS), 'passing'),
  ];
  return `<ul class="cards">${cards.filter(Boolean).join('')}</ul>`;
}

export function charts(s: FindingsSummary, trend: readonly TrendPoint[]): string {
  const trendSvg = trendChart(trend);
  return (
    `<div class="grid"><figure>${severityChart(s.failingBySeverity)}<figcaption>Failing findings by severity.</figcaption></figure>` +
    (trendSvg
      ? `<figure>${trendSvg}<figcaption>Failing findings over the last ${trend.length} scans of this scope.</figcaption></figure>`
      : `<p class="note">The trend chart appears once this scope has two finished scans.</p>`) +
    `</div>`
  );
}

export function statusSeverityTable(s: FindingsSummary): string {
  const head = SEVERITIES.map((v) => `<th scope="col" class="num">${v}</th>`).join('');
  const rows = STATUSES.map((st) => {
    const cells = SEVERITIES.map((v) => `<td class="num">${num.format(s.byStatusAndSeverity[st][v])}</td>`).join('');
    return `<tr><th scope="row"><span class="badge s-${st}">${st}</span></th>${cells}<td class="num">${num.format(s.byStatus[st])}</td></tr>`;
  }).join('');
  return (
    `<table><caption class="sr-only">Findings by status and severity</caption>` +
    `<thead><tr><th scope="col">Status</th>${head}<th scope="col" class="num">Total</th></tr></thead><tbody>${rows}</tbody>` +
    `<tfoot><tr><th scope="row">All</th>${SEVERITIES.map((v) => `<td class="num">${num.format(STATUSES.reduce((a, st) => a + s.byStatusAndSeverity[st][v], 0))}</td>`).join('')}<td class="num">${num.format(s.total)}</td></tr></tfoot></table>`
  );
}

function groupTable(caption: string, keyHeader: string, groups: GroupTotal[], render: (g: GroupTotal) => string, primary: 'count' | 'cost'): string {
  if (groups.length === 0) return `<p class="note">${e(caption)}: none.</p>`;
  const head = `<thead><tr><th scope="col">${e(keyHeader)}</th><th scope="col" class="num">Failing</th><th scope="col" class="num">Monthly waste</th></tr></thead>`;
  const row = (g: GroupTotal) =>
    `<tr><th scope="row">${render(g)}</th><td class="num">${num.format(g.count)}</td><td class="num">${g.costUsd > 0 ? e(formatUsd(g.costUsd)) : ''}</td></tr>`;
  const top = groups.slice(0, TOP_ROWS).map(row).join('');
  const table = (body: string, cap: string) => `<table><caption class="sr-only">${e(cap)}</caption>${head}<tbody>${body}</tbody></table>`;
  const rest = groups.slice(TOP_ROWS);
  return (
    table(top, caption) +
    (rest.length
      ? `<details><summary>${num.format(rest.length)} more (${primary === 'cost' ? 'smaller waste' : 'fewer failing'})</summary>${table(rest.map(row).join(''), `${caption}, continued`)}</details>`
      : '')
  );
}

const checkCell = (g: GroupTotal) => `${e(checkInfo(g.key).title)}<br><code>${e(g.key)}</code>`;
const accountCell = (g: GroupTotal) => `<code>${e(g.key)}</code>`;

export function breakdowns(s: FindingsSummary): string {
  return (
    `<div class="grid"><div><h3>Failing findings by check</h3>${groupTable('Failing findings by check', 'Check', s.failingByCheck, checkCell, 'count')}</div>` +
    `<div><h3>Failing findings by account</h3>${groupTable('Failing findings by account', 'Account', s.failingByAccount, accountCell, 'count')}</div></div>` +
    `<div class="grid"><div><h3>Estimated monthly waste by check</h3>${groupTable('Estimated monthly waste by check', 'Check', s.wasteByCheck, checkCell, 'cost')}</div>` +
    `<div><h3>Estimated monthly waste by account</h3>${groupTable('Estimated monthly waste by account', 'Account', s.wasteByAccount, accountCell, 'cost')}</div></div>`
  );
}

function bySeverityThenCost(a: Finding, b: Finding): number {
  return SEV_RANK[a.severity] - SEV_RANK[b.severity] || (b.estimatedMonthlyCostUsd ?? 0) - (a.estimatedMonthlyCostUsd ?? 0);
}

function findingList(caption: string, findings: Finding[], showFirstSeen: boolean): string {
  if (findings.length === 0) return `<p class="note">${e(caption)}: none.</p>`;
  const shown = [...findings].sort(bySeverityThenCost).slice(0, 25);
  const rows = shown
    .map(
      (f) =>
        `<tr><td><span class="badge v-${f.severity}">${f.severity}</span></td><td><code>${e(f.checkId)}</code></td><td><code>${e(f.accountId)}</code></td>` +
        `<td>${e(f.region)}</td><td class="res">${e(f.resourceId)}</td><td class="msg">${e(f.message)}</td>` +
        `<td class="num">${f.estimatedMonthlyCostUsd ? e(formatUsd(f.estimatedMonthlyCostUsd)) : ''}</td>` +
        (showFirstSeen ? `<td>${e(f.firstSeenAt?.slice(0, 10) ?? '')}</td>` : '') +
        `</tr>`,
    )
    .join('');
  return (
    `<table><caption>${e(caption)} (${num.format(findings.length)}${findings.length > shown.length ? `, most severe ${shown.length} shown` : ''})</caption>` +
    `<thead><tr><th scope="col">Severity</th><th scope="col">Check</th><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Resource</th><th scope="col">Message</th><th scope="col" class="num">Monthly waste</th>${showFirstSeen ? '<th scope="col">First seen</th>' : ''}</tr></thead>` +
    `<tbody>${rows}</tbody></table>`
  );
}

export function changes(diff: ScanDiff | null | undefined): string {
  if (!diff) return `<p class="note">No previous finished scan of this scope to compare with.</p>`;
  const oldest = diff.stillFailing.reduce<string | null>((m, f) => (f.firstSeenAt && (!m || f.firstSeenAt < m) ? f.firstSeenAt : m), null);
  return (
    `<ul class="cards">${card(num.format(diff.newFailures.length), 'new failures')}${card(num.format(diff.resolved.length), 'resolved')}` +
    `${card(num.format(diff.stillFailing.length), 'still failing')}${card(num.format(diff.newErrors.length), 'newly erroring')}</ul>` +
    (oldest ? `<p>The oldest still-failing finding was first seen on ${e(oldest.slice(0, 10))}.</p>` : '') +
    findingList('New failures', diff.newFailures, false) +
    findingList('Resolved', diff.resolved, false) +
    findingList('Newly erroring', diff.newErrors, false)
  );
}

export function scanErrors(scan: ReportScan): string {
  if (scan.errors.length === 0) return '';
  const rows = scan.errors
    .slice(0, 200)
    .map(
      (x) =>
        `<tr><td><code>${e(x.accountId)}</code></td><td>${e(x.region ?? 'all')}</td><td>${e(x.checkId ?? 'all')}</td><td><code>${e(x.code)}</code></td><td class="msg">${e(x.message)}</td></tr>`,
    )
    .join('');
  return (
    `<h3>Scan errors</h3><table><caption class="sr-only">Errors of the scan</caption><thead><tr><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Check</th><th scope="col">Code</th><th scope="col">Message</th></tr></thead><tbody>${rows}</tbody></table>` +
    (scan.errors.length > 200 ? `<p class="note">${num.format(scan.errors.length - 200)} more errors are in the JSON export.</p>` : '')
  );
}

/**
 * Suppression rules that stop muting within the window. Nothing when the caller offered no rules,
 * one line when none expires or the rules could not be read.
 */
export function expiringSection(x: ExpiringSuppressions | undefined): string {
  if (!x) return '';
  const heading = `<h3 id="h-expiring">Suppressions expiring within ${num.format(x.withinDays)} days</h3>`;
  if (x.unavailable) return `${heading}<p class="note">Not available: ${e(x.unavailable)}.</p>`;
  if (x.rules.length === 0) return `${heading}<p class="note">None: no suppression rule expires within ${num.format(x.withinDays)} days.</p>`;
  const rows = x.rules
    .map((r) => {
      const matches = ruleMatchParts(r)
        .map(([k, v]) => `${e(k)} <code>${e(v)}</code>`)
        .join('<br>');
      return (
        `<tr><th scope="row"><code>${e(r.id)}</code></th><td>${matches}</td><td class="msg">${e(r.reason)}</td><td>${e(r.owner ?? '')}</td>` +
        `<td>${e(r.expires)}</td><td class="num">${e(daysLeftText(r.daysLeft))}</td><td class="num">${num.format(r.muted)}</td></tr>`
      );
    })
    .join('');
  return (
    heading +
    `<table aria-labelledby="h-expiring"><thead><tr><th scope="col">Rule</th><th scope="col">Matches</th><th scope="col">Reason</th><th scope="col">Owner</th>` +
    `<th scope="col">Expires (end of day, UTC)</th><th scope="col" class="num">Days left</th><th scope="col" class="num">Muted in this scan</th></tr></thead>` +
    `<tbody>${rows}</tbody></table>`
  );
}
