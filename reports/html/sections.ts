// The report's summary, rendered on the server: readable with JavaScript off.
import { SEVERITIES, STATUSES, type Finding, type Severity } from '../../domain/index.js';
import { checkInfo } from '../check-info.js';
import type { ScanDiff } from '../diff.js';
import { formatUsd, SUMMARY_COST_BASES, type FindingsSummary, type GroupTotal } from '../summary.js';
import { severityChart, trendChart } from '../svg.js';
import { daysLeftText, ruleMatchParts } from '../expiring.js';
import type { ExpiringSuppressions, ReportScan, TrendPoint } from '../types.js';
import { html, joinHtml, type HtmlValue, type SafeHtml } from './template.js';

const num = new Intl.NumberFormat('en-US');
/** Rows shown before the rest of a long table folds into <details>. */
const TOP_ROWS = 10;

const SEV_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };

export function scanMeta(scan: ReportScan): SafeHtml {
  const parts = [
    html`Scan <code>${scan.id}</code>`,
    html`status ${scan.status}`,
    scan.startedAt ? html`started <time datetime="${scan.startedAt}">${scan.startedAt}</time>` : null,
    scan.finishedAt ? html`finished <time datetime="${scan.finishedAt}">${scan.finishedAt}</time>` : null,
    `${num.format(scan.accounts.length)} accounts`,
    `${num.format(scan.regions.length)} regions`,
    `${num.format(scan.checks.length)} checks`,
  ];
  return joinHtml(parts, ' · ');
}

function card(value: HtmlValue, label: string): SafeHtml {
  return html`<li class="card"><span class="n">${value}</span><span class="l">${label}</span></li>`;
}

export function summaryCards(s: FindingsSummary, diff: ScanDiff | null | undefined): SafeHtml {
  const cards = [
    card(num.format(s.byStatus.FAIL), 'failing findings'),
    card(formatUsd(s.wasteUsd), 'estimated monthly waste'),
    diff ? card(num.format(diff.newFailures.length), 'new since previous scan') : null,
    diff ? card(num.format(diff.resolved.length), 'resolved since previous scan') : null,
    card(num.format(s.byStatus.ERROR), 'could not be evaluated'),
    card(num.format(s.byStatus.PASS), 'passing'),
  ];
  return html`<ul class="cards">${cards}</ul>`;
}

export function charts(s: FindingsSummary, trend: readonly TrendPoint[]): SafeHtml {
  const trendSvg = trendChart(trend);
  return html`<div class="grid"><figure>${severityChart(s.failingBySeverity)}<figcaption>Failing findings by severity.</figcaption></figure>${
    trendSvg
      ? html`<figure>${trendSvg}<figcaption>Failing findings over the last ${trend.length} scans of this scope (dates in UTC).</figcaption></figure>`
      : html`<p class="note">The trend chart appears once this scope has two finished scans.</p>`
  }</div>`;
}

export function statusSeverityTable(s: FindingsSummary): SafeHtml {
  const head = SEVERITIES.map((v) => html`<th scope="col" class="num">${v}</th>`);
  const rows = STATUSES.map((st) => {
    const cells = SEVERITIES.map((v) => html`<td class="num">${num.format(s.byStatusAndSeverity[st][v])}</td>`);
    return html`<tr><th scope="row"><span class="badge s-${st}">${st}</span></th>${cells}<td class="num">${num.format(s.byStatus[st])}</td></tr>`;
  });
  const totals = SEVERITIES.map((v) => html`<td class="num">${num.format(STATUSES.reduce((a, st) => a + s.byStatusAndSeverity[st][v], 0))}</td>`);
  return html`<table><caption class="sr-only">Findings by status and severity</caption><thead><tr><th scope="col">Status</th>${head}<th scope="col" class="num">Total</th></tr></thead><tbody>${rows}</tbody><tfoot><tr><th scope="row">All</th>${totals}<td class="num">${num.format(s.total)}</td></tr></tfoot></table>`;
}

/** "estimate $50.00 · exact $4.00": how much of a waste figure rests on each basis. */
export function basisBreakdown(byBasis: GroupTotal['costByBasis']): string {
  return SUMMARY_COST_BASES.filter((b) => (byBasis[b] ?? 0) > 0)
    .map((b) => `${b} ${formatUsd(byBasis[b]!)}`)
    .join(' · ');
}

/** An extra column of a group table: the check's severity, or an account's critical and high count. */
type GroupColumn = 'severity' | 'criticalHigh' | null;

function groupTable(caption: string, keyHeader: string, groups: GroupTotal[], render: (g: GroupTotal) => SafeHtml, primary: 'count' | 'cost', extra: GroupColumn = null): SafeHtml {
  if (groups.length === 0) return html`<p class="note">${caption}: none.</p>`;
  const withBasis = primary === 'cost';
  const extraHead = extra === 'severity' ? html`<th scope="col">Severity</th>` : extra === 'criticalHigh' ? html`<th scope="col" class="num">Critical + high</th>` : null;
  const extraCell = (g: GroupTotal) =>
    extra === 'severity'
      ? html`<td><span class="badge v-${g.severity}">${g.severity}</span></td>`
      : extra === 'criticalHigh'
        ? html`<td class="num">${num.format(g.criticalHigh)}</td>`
        : null;
  const head = html`<thead><tr><th scope="col">${keyHeader}</th>${extraHead}<th scope="col" class="num">Failing</th><th scope="col" class="num">Monthly waste</th>${withBasis && html`<th scope="col">Basis</th>`}</tr></thead>`;
  const row = (g: GroupTotal) =>
    html`<tr><th scope="row">${render(g)}</th>${extraCell(g)}<td class="num">${num.format(g.count)}</td><td class="num">${g.costUsd > 0 && formatUsd(g.costUsd)}</td>${withBasis && html`<td class="basis">${basisBreakdown(g.costByBasis)}</td>`}</tr>`;
  const table = (body: SafeHtml[], cap: string) => html`<table><caption class="sr-only">${cap}</caption>${head}<tbody>${body}</tbody></table>`;
  const rest = groups.slice(TOP_ROWS);
  const restLabel = primary === 'cost' ? 'smaller waste' : extra === 'severity' ? 'less severe or fewer failing' : extra === 'criticalHigh' ? 'fewer critical and high' : 'fewer failing';
  return html`${table(groups.slice(0, TOP_ROWS).map(row), caption)}${
    rest.length > 0 && html`<details><summary>${num.format(rest.length)} more (${restLabel})</summary>${table(rest.map(row), `${caption}, continued`)}</details>`
  }`;
}

const checkCell = (g: GroupTotal) => html`${checkInfo(g.key).title}<br><code>${g.key}</code>`;
const accountCell = (names: Record<string, string>) => (g: GroupTotal) =>
  names[g.key] ? html`${names[g.key]}<br><code>${g.key}</code>` : html`<code>${g.key}</code>`;
const accountCellFor = (s: FindingsSummary) => accountCell(s.accountNames ?? {});
const plainCell = (g: GroupTotal) => html`${g.key}`;

/** Failing findings and waste by owning team and by OU, when the scan's findings carry them. */
function ownershipBreakdowns(s: FindingsSummary): SafeHtml | false {
  if (s.failingByTeam.length === 0 && s.failingByOu.length === 0) return false;
  return html`<div class="grid"><div><h3>Failing findings and waste by team</h3>${groupTable('Failing findings by team', 'Team', s.failingByTeam, plainCell, 'count')}</div><div><h3>Failing findings and waste by OU</h3>${groupTable('Failing findings by OU', 'OU path', s.failingByOu, plainCell, 'count')}</div></div>`;
}

/** What the waste figures rest on: exact bills, list-price estimates, upper bounds. */
function wasteBasisNote(s: FindingsSummary): SafeHtml | false {
  const parts = basisBreakdown(s.wasteByBasis);
  return (
    s.wasteUsd > 0 &&
    html`<p class="note">Monthly waste ${formatUsd(s.wasteUsd)}: ${parts}. <em>exact</em>: the bill follows from the data read; <em>estimate</em>: the list price of what the resource provisions; <em>ceiling</em>: an upper bound (AWS may bill less).</p>`
  );
}

export function breakdowns(s: FindingsSummary): SafeHtml {
  const accountCell = accountCellFor(s);
  return html`${ownershipBreakdowns(s)}<div class="grid"><div><h3>Failing findings by check</h3><p class="note">Most severe first, then most failing.</p>${groupTable('Failing findings by check', 'Check', s.failingByCheck, checkCell, 'count', 'severity')}</div><div><h3>Accounts to fix first</h3><p class="note">Most critical and high findings first, then most waste.</p>${groupTable('Failing findings by account', 'Account', s.failingByAccount, accountCell, 'count', 'criticalHigh')}</div></div>${wasteBasisNote(s)}<div class="grid"><div><h3>Estimated monthly waste by check</h3>${groupTable('Estimated monthly waste by check', 'Check', s.wasteByCheck, checkCell, 'cost')}</div><div><h3>Estimated monthly waste by account</h3>${groupTable('Estimated monthly waste by account', 'Account', s.wasteByAccount, accountCell, 'cost')}</div></div>`;
}

function bySeverityThenCost(a: Finding, b: Finding): number {
  return SEV_RANK[a.severity] - SEV_RANK[b.severity] || (b.estimatedMonthlyCostUsd ?? 0) - (a.estimatedMonthlyCostUsd ?? 0);
}

function findingList(caption: string, findings: Finding[], showFirstSeen: boolean): SafeHtml {
  if (findings.length === 0) return html`<p class="note">${caption}: none.</p>`;
  const shown = [...findings].sort(bySeverityThenCost).slice(0, 25);
  const rows = shown.map(
    (f) =>
      html`<tr><td><span class="badge v-${f.severity}">${f.severity}</span></td><td><code>${f.checkId}</code></td><td><code>${f.accountId}</code></td><td>${f.region}</td><td class="res">${f.resourceId}</td><td class="msg">${f.message}</td><td class="num">${f.estimatedMonthlyCostUsd ? formatUsd(f.estimatedMonthlyCostUsd) : ''}</td>${showFirstSeen && html`<td>${f.firstSeenAt?.slice(0, 10) ?? ''}</td>`}</tr>`,
  );
  const count = `${num.format(findings.length)}${findings.length > shown.length ? `, most severe ${shown.length} shown` : ''}`;
  return html`<table><caption>${caption} (${count})</caption><thead><tr><th scope="col">Severity</th><th scope="col">Check</th><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Resource</th><th scope="col">Message</th><th scope="col" class="num">Monthly waste</th>${showFirstSeen && html`<th scope="col">First seen</th>`}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function changes(diff: ScanDiff | null | undefined): SafeHtml {
  if (!diff) return html`<p class="note">No previous finished scan of this scope to compare with.</p>`;
  const oldest = diff.stillFailing.reduce<string | null>((m, f) => (f.firstSeenAt && (!m || f.firstSeenAt < m) ? f.firstSeenAt : m), null);
  return html`<ul class="cards">${card(num.format(diff.newFailures.length), 'new failures')}${card(num.format(diff.resolved.length), 'resolved')}${card(num.format(diff.stillFailing.length), 'still failing')}${card(num.format(diff.newErrors.length), 'newly erroring')}</ul>${
    oldest && html`<p>The oldest still-failing finding was first seen on ${oldest.slice(0, 10)}.</p>`
  }${findingList('New failures', diff.newFailures, false)}${findingList('Resolved', diff.resolved, false)}${findingList('Newly erroring', diff.newErrors, false)}`;
}

export function scanErrors(scan: ReportScan): SafeHtml | null {
  if (scan.errors.length === 0) return null;
  const rows = scan.errors
    .slice(0, 200)
    .map(
      (x) =>
        html`<tr><td><code>${x.accountId}</code></td><td>${x.region ?? 'all'}</td><td>${x.checkId ?? 'all'}</td><td><code>${x.code}</code></td><td class="msg">${x.message}</td></tr>`,
    );
  return html`<h3>Scan errors</h3><table><caption class="sr-only">Errors of the scan</caption><thead><tr><th scope="col">Account</th><th scope="col">Region</th><th scope="col">Check</th><th scope="col">Code</th><th scope="col">Message</th></tr></thead><tbody>${rows}</tbody></table>${
    scan.errors.length > 200 && html`<p class="note">${num.format(scan.errors.length - 200)} more errors are in the JSON export.</p>`
  }`;
}

/**
 * Suppression rules that stop muting within the window. Nothing when the caller offered no rules,
 * one line when none expires or the rules could not be read.
 */
export function expiringSection(x: ExpiringSuppressions | undefined): SafeHtml | null {
  if (!x) return null;
  const heading = html`<h3 id="h-expiring">Suppressions expiring within ${num.format(x.withinDays)} days</h3>`;
  if (x.unavailable) return html`${heading}<p class="note">Not available: ${x.unavailable}.</p>`;
  if (x.rules.length === 0) return html`${heading}<p class="note">None: no suppression rule expires within ${num.format(x.withinDays)} days.</p>`;
  const rows = x.rules.map((r) => {
    const matches = joinHtml(
      ruleMatchParts(r).map(([k, v]) => html`${k} <code>${v}</code>`),
      html`<br>`,
    );
    return html`<tr><th scope="row"><code>${r.id}</code></th><td>${matches}</td><td class="msg">${r.reason}</td><td>${r.owner ?? ''}</td><td>${r.expires}</td><td class="num">${daysLeftText(r.daysLeft)}</td><td class="num">${num.format(r.muted)}</td></tr>`;
  });
  return html`${heading}<table aria-labelledby="h-expiring"><thead><tr><th scope="col">Rule</th><th scope="col">Matches</th><th scope="col">Reason</th><th scope="col">Owner</th><th scope="col">Expires (end of day, UTC)</th><th scope="col" class="num">Days left</th><th scope="col" class="num">Muted in this scan</th></tr></thead><tbody>${rows}</tbody></table>`;
}
