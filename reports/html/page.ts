// The HTML report: a server-rendered summary plus a findings table driven by the bundled browser script (client.ts).
// Standalone: one file with the findings embedded (gzip + base64 columnar JSON).
// Service: no embedded findings; the table pages through GET /scans/:id/findings.
import { createHash } from 'node:crypto';
import { SEVERITIES, STATUSES } from '../../domain/index.js';
import { checkInfo } from '../check-info.js';
import { summarizeFindings, type FindingsSummary } from '../summary.js';
import type { ReportInput } from '../types.js';
import { clientScript } from './client.js';
import type { ReportClientConfig } from './client-contract.js';
import { packFindings } from './payload.js';
import { breakdowns, changes, charts, expiringSection, scanErrors, scanMeta, statusSeverityTable, summaryCards } from './sections.js';
import { REPORT_CSS } from './style.js';
import { outcomeBannerHtml } from '../outcome.js';
import { base64Script, html, inlineScript, inlineStyle, jsonScript, type SafeHtml } from './template.js';

export type ReportMode =
  | { mode: 'standalone' }
  | {
      mode: 'service';
      /** Prefix of the API routes as the browser sees them ('' when served from the API's origin root). */
      apiBase?: string;
      /** Precomputed summary (e.g. from store aggregates); computed from input.findings otherwise. */
      summary?: FindingsSummary;
      /** The viewer signed in at /login (session cookie): the page offers to sign out. */
      signedIn?: boolean;
      /** The page shows one team's findings (?owner=): the table's API requests carry the same filter. */
      owner?: string | undefined;
    };

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

const STYLE_HASH = sha256(REPORT_CSS);
let scriptHash: string | undefined;

/**
 * The Content-Security-Policy of a report page: only its own script and stylesheet run, and the
 * page can fetch only from its own origin (service) or nothing at all (standalone).
 */
export function reportCsp(mode: ReportMode['mode']): string {
  return [
    "default-src 'none'",
    `script-src ${(scriptHash ??= sha256(clientScript()))}`,
    `style-src ${STYLE_HASH}`,
    "img-src 'self' data:",
    mode === 'service' ? "connect-src 'self'" : "connect-src 'none'",
    "base-uri 'none'",
    // The service page's only form posts to /logout on its own origin.
    mode === 'service' ? "form-action 'self'" : "form-action 'none'",
    ...(mode === 'service' ? ["frame-ancestors 'none'"] : []),
  ].join('; ');
}

function options(values: readonly string[], label: (v: string) => string = (v) => v): SafeHtml[] {
  return values.map((v) => html`<option value="${v}">${label(v)}</option>`);
}

/** Status choices: failing first (the default view); the others one click away. */
const STATUS_CHOICES: readonly [string, string][] = [
  ['FAIL', 'Failing'],
  ['ERROR', 'Not evaluated (ERROR)'],
  ['MUTED', 'Muted'],
  ['PASS', 'Passing'],
  ['', 'All'],
];

const SORT_CHOICES: readonly [string, string][] = [
  ['triage', 'Fix first: severity, waste, oldest'],
  ['waste', 'Largest monthly waste'],
  ['first-seen', 'Failing longest (first seen)'],
  ['check', 'Check'],
  ['account', 'Account'],
  ['resource', 'Resource id'],
];

function filterForm(checks: string[], accounts: string[], regions: string[], accountNames: Record<string, string> = {}): SafeHtml {
  const select = (name: string, label: string, opts: SafeHtml[]) =>
    html`<label for="f-${name}">${label}<select id="f-${name}" name="${name}"><option value="">All</option>${opts}</select></label>`;
  const choices = (name: string, label: string, list: readonly [string, string][]) =>
    html`<label for="f-${name}">${label}<select id="f-${name}" name="${name}">${list.map(
      ([v, text], i) => html`<option value="${v}"${i === 0 && html` selected`}>${text}</option>`,
    )}</select></label>`;
  return html`<div id="status-tabs" class="tabs" role="group" aria-label="Show findings by status">${STATUS_CHOICES.map(
    ([v, text]) => html`<button type="button" data-status="${v}">${text}</button>`,
  )}</div><form id="filters" class="filters" hidden role="search" aria-label="Filter findings">${[
    choices('status', 'Status', STATUS_CHOICES),
    select('severity', 'Severity', options([...SEVERITIES].reverse())),
    select('checkId', 'Check', options(checks, (c) => `${checkInfo(c).title} (${c})`)),
    select('accountId', 'Account', options(accounts, (a) => (accountNames[a] ? `${accountNames[a]} (${a})` : a))),
    select('region', 'Region', options(regions)),
  ]}<label for="f-q">Search<input id="f-q" name="q" type="search" autocomplete="off" maxlength="200" placeholder="resource id, message, ARN, tag"></label>${choices(
    'sort',
    'Order',
    SORT_CHOICES,
  )}<label for="f-pageSize">Rows per page<select id="f-pageSize" name="pageSize"><option>25</option><option selected>50</option><option>100</option><option>250</option></select></label><button type="reset">Clear filters</button><button type="button" id="export-csv">Export CSV</button></form>`;
}

function findingsTable(): SafeHtml {
  const sortable = (key: string, label: string, cls?: string) =>
    html`<th scope="col" aria-sort="none"${cls && html` class="${cls}"`}><button type="button" class="sort" data-sort="${key}">${label}</button></th>`;
  return html`<p id="table-status" role="status" aria-live="polite"></p><table id="findings-table" class="findings" hidden><caption class="sr-only">Findings (sortable; expand a row for evidence, remediation and framework mappings)</caption><thead><tr><th scope="col"><span class="sr-only">Details</span></th><th scope="col">Status</th>${[
    sortable('triage', 'Severity'),
    sortable('check', 'Check'),
    sortable('account', 'Account / region'),
    sortable('resource', 'Resource'),
  ]}<th scope="col">Message</th>${[
    sortable('waste', 'Monthly waste', 'num'),
    sortable('first-seen', 'First seen'),
  ]}</tr></thead><tbody></tbody></table><nav id="pager" class="pager" aria-label="Findings pages" hidden><button type="button" id="prev-page">Previous</button><span id="page-info"></span><button type="button" id="next-page">Next</button></nav>`;
}

/** Renders the report page. */
export function renderReportHtml(input: ReportInput, mode: ReportMode = { mode: 'standalone' }): string {
  const { scan, findings } = input;
  const service = mode.mode === 'service';
  const summary = (service && mode.summary) || summarizeFindings(findings);
  const checks = scan.checks.length ? [...scan.checks] : [...new Set(findings.map((f) => f.checkId))].sort();
  const accounts = scan.accounts.length ? [...scan.accounts].sort() : [...new Set(findings.map((f) => f.accountId))].sort();
  const regions = [...new Set([...scan.regions, ...(service ? [] : findings.map((f) => f.region))])].sort();
  if (!service && findings.some((f) => f.region === 'global') && !regions.includes('global')) regions.push('global');
  if (service && !regions.includes('global')) regions.push('global');
  const config: ReportClientConfig = {
    mode: mode.mode,
    scanId: scan.id,
    apiBase: service ? (mode.apiBase ?? '').replace(/\/+$/, '') : '',
    checkTitles: Object.fromEntries(checks.map((c) => [c, checkInfo(c).title])),
    checkPermissions: Object.fromEntries(checks.map((c) => [c, [...checkInfo(c).permissions]])),
    accountNames: summary.accountNames ?? {},
    ...(service && mode.owner ? { fixedFilters: { owner: mode.owner } } : {}),
  };
  const title = `orgscan report — scan ${scan.id}`;
  const csp = reportCsp(mode.mode);
  // The icon link stops a favicon request (a 404 in the service, a stray file:// lookup for the standalone file).
  const page = html`<!doctype html><html lang="en"><head><meta charset="utf-8">${
    !service && html`<meta http-equiv="Content-Security-Policy" content="${csp}">`
  }<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="${
    // In the service, the sign-out form must carry the page's origin ("Origin: null" is refused);
    // other sites get no referrer either way.
    service ? 'same-origin' : 'no-referrer'
  }"><link rel="icon" href="data:,"><title>${title}</title>${inlineStyle(
    REPORT_CSS,
  )}</head><body><a class="skip" href="#findings">Skip to the findings table</a><header>${outcomeBannerHtml(scan)}${
    service &&
    mode.signedIn &&
    html`<form id="signout" class="signout" method="post" action="${config.apiBase}/logout"><button type="submit">Sign out</button></form>`
  }<h1>orgscan report</h1><p class="meta">${scanMeta(scan)}</p></header><main><section aria-labelledby="h-summary"><h2 id="h-summary">Summary</h2>${[
    summaryCards(summary, input.diff),
    breakdowns(summary),
    charts(summary, input.trend ?? []),
  ]}<h3>Findings by status and severity</h3>${[
    statusSeverityTable(summary),
    expiringSection(input.expiringSuppressions),
    scanErrors(scan),
  ]}</section><section aria-labelledby="h-changes"><h2 id="h-changes">Changes since the previous scan</h2>${changes(
    input.diff,
  )}</section><section id="findings" aria-labelledby="h-findings" tabindex="-1"><h2 id="h-findings">Findings</h2><noscript><p>The findings table needs JavaScript; the summary above does not. ${
    service
      ? html`The findings are also available as CSV from the API (<code>?format=csv</code>).`
      : html`Use <code>orgscan scan --format csv</code> for a spreadsheet.`
  }</p></noscript>${
    service &&
    html`<form id="token-form" class="filters" hidden aria-label="API token"><label for="f-token">API token (reader role)<input id="f-token" name="token" type="password" autocomplete="off"></label><button type="submit">Use token</button><a id="signin-link" href="${config.apiBase}/login">or sign in for this browser</a></form>`
  }${filterForm(checks, accounts, regions, summary.accountNames)}${findingsTable()}</section></main>${jsonScript('orgscan-config', config)}${
    !service && base64Script('orgscan-data', packFindings(findings))
  }${inlineScript(clientScript())}</body></html>`;
  return page.toString();
}
