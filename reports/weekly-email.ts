// The weekly email's content: HTML for mail clients (tables, inline styles, no script, no
// external image), the same facts as plain text, and the failing findings as a CSV attachment.
import { SEVERITIES, type Finding, type Severity } from '../domain/index.js';
import { checkInfo } from './check-info.js';
import { findingsToCsv } from './csv.js';
import { findingKey, type ScanDiff } from './diff.js';
import { safeHref } from './escape.js';
import { html, type HtmlValue, type SafeHtml } from './html/template.js';
import { formatUsd, roundUsd, summarizeFindings, type GroupTotal } from './summary.js';
import type { ExpiringSuppressions, ReportScan } from './types.js';
import { outcomeBannerHtml, scanHeadline, subjectTag } from './outcome.js';

export interface WeeklyEmailInput {
  scan: ReportScan;
  findings: Finding[];
  /** The scan compared with (about a week older); null for the first scan of the scope. */
  baseline: Pick<ReportScan, 'id' | 'startedAt' | 'finishedAt'> | null;
  diff: ScanDiff | null;
  subjectPrefix: string;
  /** Base URL of the service; the email links to {base}/scans/{id}/report. */
  reportBaseUrl?: string | undefined;
  /** Suppression rules about to expire; listed when there are any (or when they could not be read). */
  expiringSuppressions?: ExpiringSuppressions | undefined;
}

export interface WeeklyEmail {
  subject: string;
  html: string;
  text: string;
  attachments: { filename: string; content: string; contentType: string }[];
  /** The numbers in the email, for logs and tests. */
  facts: {
    failing: number;
    newFailures: number;
    resolved: number;
    stillFailing: number;
    newErrors: number;
    wasteUsd: number;
    newWasteUsd: number;
    resolvedWasteUsd: number;
  };
}

const num = new Intl.NumberFormat('en-US');
const TOP = 10;
const LIST = 20;
const SEV_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };
const SEV_COLOR: Record<Severity, string> = { critical: '#9b1c1c', high: '#c2410c', medium: '#854d0e', low: '#1d4ed8', informational: '#4b5563' };

// Inline styles: many mail clients drop <style> blocks.
const S = {
  body: 'margin:0;padding:0;background:#f3f4f6;',
  wrap: 'max-width:720px;margin:0 auto;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45;color:#111827;',
  h1: 'font-size:20px;margin:0 0 4px 0;color:#111827;',
  h2: 'font-size:16px;margin:22px 0 8px 0;color:#111827;',
  muted: 'color:#4b5563;font-size:13px;margin:0;',
  table: 'border-collapse:collapse;width:100%;',
  th: 'text-align:left;padding:6px 8px;border-bottom:2px solid #d1d5db;background:#f3f4f6;font-size:13px;',
  thNum: 'text-align:right;padding:6px 8px;border-bottom:2px solid #d1d5db;background:#f3f4f6;font-size:13px;',
  td: 'text-align:left;padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top;',
  tdNum: 'text-align:right;padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top;white-space:nowrap;',
  stat: 'padding:10px 12px;border:1px solid #d1d5db;text-align:center;',
  statN: 'display:block;font-size:22px;font-weight:bold;color:#111827;',
  statL: 'display:block;font-size:12px;color:#4b5563;',
  button: 'display:inline-block;padding:10px 16px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold;',
  code: 'font-family:Consolas,Menlo,monospace;font-size:12px;word-break:break-all;',
};

function sum(findings: Finding[]): number {
  return roundUsd(findings.reduce((a, f) => a + (f.estimatedMonthlyCostUsd ?? 0), 0));
}

function mostImportant(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => SEV_RANK[a.severity] - SEV_RANK[b.severity] || (b.estimatedMonthlyCostUsd ?? 0) - (a.estimatedMonthlyCostUsd ?? 0),
  );
}

export function reportLink(base: string | undefined, scanId: string): string | null {
  if (!base) return null;
  return safeHref(`${base.replace(/\/+$/, '')}/scans/${encodeURIComponent(scanId)}/report`);
}

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : 'unknown date';
}

function statCell(n: string, label: string): SafeHtml {
  return html`<td style="${S.stat}"><span style="${S.statN}">${n}</span><span style="${S.statL}">${label}</span></td>`;
}

function groupRows(groups: GroupTotal[], label: (g: GroupTotal) => HtmlValue): SafeHtml[] {
  return groups
    .slice(0, TOP)
    .map(
      (g) =>
        html`<tr><td style="${S.td}">${label(g)}</td><td style="${S.tdNum}">${num.format(g.count)}</td><td style="${S.tdNum}">${g.costUsd > 0 && formatUsd(g.costUsd)}</td></tr>`,
    );
}

function groupTable(title: string, keyHeader: string, groups: GroupTotal[], label: (g: GroupTotal) => HtmlValue): SafeHtml | null {
  if (groups.length === 0) return null;
  return html`<h2 style="${S.h2}">${title}</h2><table role="presentation" style="${S.table}" cellpadding="0" cellspacing="0"><tr><th style="${S.th}">${keyHeader}</th><th style="${S.thNum}">Failing</th><th style="${S.thNum}">Monthly waste</th></tr>${groupRows(groups, label)}</table>`;
}

function findingTable(title: string, findings: Finding[]): SafeHtml | null {
  if (findings.length === 0) return null;
  const shown = mostImportant(findings).slice(0, LIST);
  const rows = shown.map(
    (f) =>
      html`<tr><td style="${S.td}"><strong style="color:${SEV_COLOR[f.severity]};">${f.severity}</strong></td><td style="${S.td}">${checkInfo(f.checkId).title}<br><span style="${S.code}">${f.accountId} · ${f.region} · ${f.resourceId}</span></td><td style="${S.tdNum}">${f.estimatedMonthlyCostUsd ? formatUsd(f.estimatedMonthlyCostUsd) : ''}</td></tr>`,
  );
  const more = findings.length > shown.length && html`<p style="${S.muted}">…and ${num.format(findings.length - shown.length)} more in the full report.</p>`;
  return html`<h2 style="${S.h2}">${title} (${num.format(findings.length)})</h2><table role="presentation" style="${S.table}" cellpadding="0" cellspacing="0"><tr><th style="${S.th}">Severity</th><th style="${S.th}">Finding</th><th style="${S.thNum}">Monthly waste</th></tr>${rows}</table>${more}`;
}

/** The ten largest monthly-waste items still failing (new this week or older), largest first. */
export function largestWaste(failing: Finding[], diff: ScanDiff | null, top = TOP): { finding: Finding; isNew: boolean }[] {
  const fresh = new Set((diff?.newFailures ?? []).map(findingKey));
  return failing
    .filter((f) => (f.estimatedMonthlyCostUsd ?? 0) > 0)
    .sort((a, b) => (b.estimatedMonthlyCostUsd ?? 0) - (a.estimatedMonthlyCostUsd ?? 0) || SEV_RANK[a.severity] - SEV_RANK[b.severity])
    .slice(0, top)
    .map((finding) => ({ finding, isNew: diff !== null && fresh.has(findingKey(finding)) }));
}

function sinceText(item: { finding: Finding; isNew: boolean }): string {
  if (item.isNew) return 'new this week';
  return item.finding.firstSeenAt ? `open since ${day(item.finding.firstSeenAt)}` : 'still open';
}

function wasteHtml(items: { finding: Finding; isNew: boolean }[]): SafeHtml | null {
  if (items.length === 0) return null;
  const rows = items.map(
    (item) =>
      html`<tr><td style="${S.tdNum}"><strong>${formatUsd(item.finding.estimatedMonthlyCostUsd ?? 0)}</strong></td><td style="${S.td}">${checkInfo(item.finding.checkId).title}<br><span style="${S.code}">${item.finding.accountId} · ${item.finding.region} · ${item.finding.resourceId}</span></td><td style="${S.td}white-space:nowrap;">${sinceText(item)}</td></tr>`,
  );
  return html`<h2 style="${S.h2}">Largest monthly waste (top ${num.format(items.length)})</h2><table role="presentation" style="${S.table}" cellpadding="0" cellspacing="0"><tr><th style="${S.thNum}">Per month</th><th style="${S.th}">Finding</th><th style="${S.th}">Status</th></tr>${rows}</table>`;
}

function wasteText(items: { finding: Finding; isNew: boolean }[]): string[] {
  if (items.length === 0) return [];
  return [
    `Largest monthly waste (top ${num.format(items.length)})`,
    ...items.map(
      (item) =>
        `  - ${formatUsd(item.finding.estimatedMonthlyCostUsd ?? 0)}/month: ${checkInfo(item.finding.checkId).title}: ${item.finding.accountId} ${item.finding.region} ${item.finding.resourceId} (${sinceText(item)})`,
    ),
    '',
  ];
}

function textFindings(title: string, findings: Finding[]): string[] {
  if (findings.length === 0) return [];
  const shown = mostImportant(findings).slice(0, LIST);
  return [
    `${title} (${num.format(findings.length)})`,
    ...shown.map(
      (f) =>
        `  - [${f.severity}] ${checkInfo(f.checkId).title}: ${f.accountId} ${f.region} ${f.resourceId}` +
        (f.estimatedMonthlyCostUsd ? ` (${formatUsd(f.estimatedMonthlyCostUsd)}/month)` : ''),
    ),
    ...(findings.length > shown.length ? [`  …and ${num.format(findings.length - shown.length)} more in the full report.`] : []),
    '',
  ];
}

function expiringHtml(x: ExpiringSuppressions | undefined): SafeHtml | null {
  if (!x) return null;
  const title = `Suppressions expiring within ${num.format(x.withinDays)} days`;
  if (x.unavailable) return html`<h2 style="${S.h2}">${title}</h2><p style="${S.muted}">Not available: ${x.unavailable}.</p>`;
  if (x.rules.length === 0) return null;
  const rows = x.rules.map(
    (r) =>
      html`<tr><td style="${S.td}"><span style="${S.code}">${r.id}</span></td><td style="${S.td}">${r.reason}</td><td style="${S.td}">${r.owner ?? ''}</td><td style="${S.td}white-space:nowrap;">${r.expires}</td></tr>`,
  );
  return html`<h2 style="${S.h2}">${title} (${num.format(x.rules.length)})</h2><p style="${S.muted}">Renew the rule or fix the findings: when a rule expires, what it muted fails again.</p><table role="presentation" style="${S.table}" cellpadding="0" cellspacing="0"><tr><th style="${S.th}">Rule</th><th style="${S.th}">Reason</th><th style="${S.th}">Owner</th><th style="${S.th}">Expires</th></tr>${rows}</table>`;
}

function expiringText(x: ExpiringSuppressions | undefined): string[] {
  if (!x) return [];
  const title = `Suppressions expiring within ${num.format(x.withinDays)} days`;
  if (x.unavailable) return [title, `  Not available: ${x.unavailable}.`, ''];
  if (x.rules.length === 0) return [];
  return [
    `${title} (${num.format(x.rules.length)})`,
    ...x.rules.map((r) => `  - ${r.id}: ${r.reason}${r.owner ? ` (owner ${r.owner})` : ''}, expires ${r.expires}`),
    '',
  ];
}

const OUTCOME_STYLE = {
  complete: 'margin:0 0 8px 0;color:#166534;',
  incomplete: 'margin:0 0 12px 0;padding:10px 12px;background:#fef2f2;border:1px solid #b91c1c;color:#7f1d1d;font-weight:600;',
};

export function buildWeeklyEmail(input: WeeklyEmailInput): WeeklyEmail {
  const { scan, findings, diff, baseline } = input;
  const summary = summarizeFindings(findings);
  const failing = findings.filter((f) => f.status === 'FAIL');
  const facts = {
    failing: summary.byStatus.FAIL,
    newFailures: diff?.newFailures.length ?? 0,
    resolved: diff?.resolved.length ?? 0,
    stillFailing: diff?.stillFailing.length ?? 0,
    newErrors: diff?.newErrors.length ?? 0,
    wasteUsd: summary.wasteUsd,
    newWasteUsd: diff ? sum(diff.newFailures) : 0,
    resolvedWasteUsd: diff ? sum(diff.resolved) : 0,
  };
  const waste = largestWaste(failing, diff);
  const link = reportLink(input.reportBaseUrl, scan.id);
  const scanDay = day(scan.finishedAt ?? scan.startedAt);
  const subject =
    `${input.subjectPrefix ? `${input.subjectPrefix} ` : ''}${subjectTag(scan)}Weekly compliance report ${scanDay}: ` +
    (diff ? `${num.format(facts.newFailures)} new, ${num.format(facts.resolved)} fixed, ` : '') +
    `${num.format(facts.failing)} failing, ${formatUsd(facts.wasteUsd)}/month at stake`;
  const period = baseline
    ? `Changes since the scan of ${day(baseline.finishedAt ?? baseline.startedAt)}.`
    : 'This is the first scan of this scope: there is nothing to compare with yet.';
  const sevLine = [...SEVERITIES].reverse().map((s) => `${s} ${num.format(summary.failingBySeverity[s])}`).join(', ');

  const page = html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${subject}</title></head><body style="${S.body}"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="${S.body}"><tr><td><table role="presentation" cellpadding="0" cellspacing="0" style="${S.wrap}"><tr><td style="padding:20px 24px;">${outcomeBannerHtml(scan, OUTCOME_STYLE)}<h1 style="${S.h1}">orgscan weekly report</h1><p style="${S.muted}">Scan <span style="${S.code}">${scan.id}</span> of ${scanDay} · ${num.format(scan.accounts.length)} accounts · ${num.format(scan.regions.length)} regions. ${period}</p><table role="presentation" cellpadding="0" cellspacing="8" style="width:100%;margin-top:12px;"><tr>${[
    statCell(num.format(facts.failing), 'failing now'),
    diff && [statCell(num.format(facts.newFailures), 'new this week'), statCell(num.format(facts.resolved), 'fixed this week')],
    statCell(formatUsd(facts.wasteUsd), 'monthly waste at stake'),
  ]}</tr></table><p style="margin:8px 0 0 0;">Failing by severity: ${sevLine}.${[
    diff && facts.newWasteUsd > 0 && ` New failures add ${formatUsd(facts.newWasteUsd)}/month.`,
    diff && facts.resolvedWasteUsd > 0 && ` Fixes saved ${formatUsd(facts.resolvedWasteUsd)}/month.`,
    summary.byStatus.ERROR > 0 && ` ${num.format(summary.byStatus.ERROR)} checks could not be evaluated.`,
  ]}</p>${link && html`<p style="margin:18px 0;"><a href="${link}" style="${S.button}">Open the full report</a></p>`}${[
    diff && [findingTable('New failures this week', diff.newFailures), findingTable('Fixed this week', diff.resolved)],
    wasteHtml(waste),
    groupTable('Top accounts', 'Account', summary.failingByAccount, (g) => html`<span style="${S.code}">${g.key}</span>`),
    groupTable('Top checks', 'Check', summary.failingByCheck, (g) => checkInfo(g.key).title),
    diff && diff.newErrors.length > 0 && findingTable('Newly erroring', diff.newErrors),
    expiringHtml(input.expiringSuppressions),
  ]}<p style="${S.muted}margin-top:20px;">The failing findings are attached as CSV.${
    link && html` Full report: <a href="${link}" style="color:#1d4ed8;">${link}</a>`
  }</p></td></tr></table></td></tr></table></body></html>`;

  const text = [
    scanHeadline(scan),
    'orgscan weekly report',
    `Scan ${scan.id} of ${scanDay}, ${num.format(scan.accounts.length)} accounts, ${num.format(scan.regions.length)} regions.`,
    period,
    '',
    `Failing now: ${num.format(facts.failing)} (${sevLine})`,
    ...(diff ? [`New this week: ${num.format(facts.newFailures)}`, `Fixed this week: ${num.format(facts.resolved)}`, `Still failing: ${num.format(facts.stillFailing)}`] : []),
    `Monthly waste at stake: ${formatUsd(facts.wasteUsd)}`,
    ...(summary.byStatus.ERROR > 0 ? [`Could not be evaluated: ${num.format(summary.byStatus.ERROR)}`] : []),
    '',
    ...(link ? [`Full report: ${link}`, ''] : []),
    ...(diff ? [...textFindings('New failures this week', diff.newFailures), ...textFindings('Fixed this week', diff.resolved)] : []),
    ...wasteText(waste),
    'Top accounts',
    ...summary.failingByAccount.slice(0, TOP).map((g) => `  - ${g.key}: ${num.format(g.count)} failing${g.costUsd > 0 ? `, ${formatUsd(g.costUsd)}/month` : ''}`),
    '',
    'Top checks',
    ...summary.failingByCheck.slice(0, TOP).map((g) => `  - ${checkInfo(g.key).title} (${g.key}): ${num.format(g.count)} failing${g.costUsd > 0 ? `, ${formatUsd(g.costUsd)}/month` : ''}`),
    '',
    ...expiringText(input.expiringSuppressions),
    'The failing findings are attached as CSV.',
    '',
  ].join('\n');

  return {
    subject,
    html: page.toString(),
    text,
    attachments: [{ filename: `orgscan-failing-${scan.id.replace(/[^A-Za-z0-9._-]/g, '_')}.csv`, content: findingsToCsv(failing), contentType: 'text/csv; charset=utf-8' }],
    facts,
  };
}
