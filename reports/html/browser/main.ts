// The report page's script: the findings table with filters, sorting, paging and expandable rows,
// from the embedded payload (standalone file) or from the API (service). Bundled into the page
// at build time (../client-build.ts); every value is written as text, never as HTML.
import type { ClientFinding, ReportClientConfig } from '../client-contract.js';
import { byId, control, el, optionalById } from './dom.js';
import { csvRows } from '../../csv.js';
import { consoleUrl } from '../console-link.js';
import { decode, detailsOf, inflate, rowFromApi, tagText, type Row } from './findings.js';
import { evidenceList, localizeTimes, timeEl } from './format.js';
import { getToken, setToken, takeTokenFromFragment } from './token.js';

/** The orders of the findings list, as the API names them; every one spans all pages. */
const ORDERS = ['triage', 'waste', 'first-seen', 'check', 'account', 'resource'] as const;
type Order = (typeof ORDERS)[number];
const isOrder = (v: string): v is Order => (ORDERS as readonly string[]).includes(v);

interface Filters {
  status: string;
  severity: string;
  checkId: string;
  accountId: string;
  region: string;
  /** The search text, trimmed and lower-cased. */
  q: string;
}
const EXACT_FILTERS = ['status', 'severity', 'checkId', 'accountId', 'region'] as const;
/** The form controls kept in the URL fragment (#status=FAIL&sort=waste…), so a view can be shared. */
const URL_CONTROLS = [...EXACT_FILTERS, 'q', 'sort', 'pageSize'] as const;

interface FindingsPage {
  items: ClientFinding[];
  nextCursor: string | null;
  /** Counted on the first page only. */
  total: number | null;
}

const config = JSON.parse(byId('orgscan-config', HTMLScriptElement).textContent ?? '') as ReportClientConfig;
const service = config.mode === 'service';
const form = byId('filters', HTMLFormElement);
const table = byId('findings-table', HTMLTableElement);
const tbody = table.tBodies[0]!;
const statusLine = byId('table-status', HTMLParagraphElement);
const pageInfo = byId('page-info', HTMLSpanElement);
const prevBtn = byId('prev-page', HTMLButtonElement);
const nextBtn = byId('next-page', HTMLButtonElement);
const exportBtn = byId('export-csv', HTMLButtonElement);

const state = { page: 0, pageSize: 50, expanded: {} as Record<number, boolean> };
/** Standalone: every finding, and lower-cased search text per finding (built on first search). */
let all: Row[] = [];
let haystack: (string | undefined)[] = [];
let tagDict: string[] = [];
/** The rows of the current view (standalone: filtered and sorted; service: the current page). */
let view: Row[] = [];
/** Service: the cursor of each page seen so far (page 0 has none), and the total the filters select. */
let cursors: (string | null)[] = [null];
let serviceNext: string | null = null;
let serviceTotal = 0;
let loading = false;

const fmtUsd = (v: number | null) => (v === null || v === undefined ? '' : '$' + Number(v).toFixed(2));
/** What a cost basis means, for the waste cell's tooltip and the detail row. */
const BASIS_TEXT: Record<string, string> = {
  exact: 'exact: the bill for this resource follows from the data read',
  estimate: 'estimate: the list price of what the resource provisions',
  ceiling: 'ceiling: an upper bound (AWS may bill less)',
};
const basisText = (b: string | null | undefined) => (b ? (BASIS_TEXT[b] ?? b) : null);
const say = (text: string) => {
  statusLine.textContent = text;
};
const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));
const count = (n: number) => n.toLocaleString('en-US');

// ---- filters, and the URL fragment that holds them
const defaults: Record<string, string> = {};
for (const name of URL_CONTROLS) defaults[name] = control(form, name).value;

function sortOrder(): Order {
  const v = control(form, 'sort').value;
  return isOrder(v) ? v : 'triage';
}

function filters(): Filters {
  return {
    status: control(form, 'status').value,
    severity: control(form, 'severity').value,
    checkId: control(form, 'checkId').value,
    accountId: control(form, 'accountId').value,
    region: control(form, 'region').value,
    q: control(form, 'q').value.trim().toLowerCase(),
  };
}

/** Sets the form from the fragment; a value the form has no option for is ignored. */
function readFragment(): void {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  for (const name of URL_CONTROLS) {
    const c = control(form, name);
    const v = params.get(name);
    if (v === null) continue;
    if (c instanceof HTMLSelectElement && ![...c.options].some((o) => o.value === v)) continue;
    c.value = v;
  }
}

function writeFragment(): void {
  const params = new URLSearchParams();
  for (const name of URL_CONTROLS) {
    const v = name === 'q' ? control(form, name).value.trim() : control(form, name).value;
    if (v !== defaults[name]) params.set(name, v);
  }
  const hash = params.toString();
  history.replaceState(null, '', location.pathname + location.search + (hash ? `#${hash}` : ''));
}

function matches(f: Row, flt: Filters, i: number): boolean {
  for (const k of EXACT_FILTERS) if (flt[k] && f[k] !== flt[k]) return false;
  if (flt.q) {
    const text = (haystack[i] ??= `${f.resourceId}\n${f.message}\n${f.resourceArn || ''}\n${tagText(f, tagDict)}\n${config.accountNames[f.accountId] ?? ''}`.toLowerCase());
    if (!text.includes(flt.q)) return false;
  }
  return true;
}

const SEV_RANK: Record<Row['severity'], number> = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };
const waste = (f: Row) => (f.estimatedMonthlyCostUsd === null || f.estimatedMonthlyCostUsd === undefined ? -1 : f.estimatedMonthlyCostUsd);
const text = (a: string | null, b: string | null) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);

/** The same orders as the API's (store/finding-query.ts); ties keep the stored order (the sort is stable). */
const COMPARE: Record<Order, (a: Row, b: Row) => number> = {
  triage: (a, b) => SEV_RANK[a.severity] - SEV_RANK[b.severity] || waste(b) - waste(a) || text(a.firstSeenAt, b.firstSeenAt),
  waste: (a, b) => waste(b) - waste(a),
  'first-seen': (a, b) => text(a.firstSeenAt, b.firstSeenAt),
  check: (a, b) => text(a.checkId, b.checkId),
  account: (a, b) => text(a.accountId, b.accountId),
  resource: (a, b) => text(a.resourceId, b.resourceId),
};

function applyStandalone(): void {
  const flt = filters();
  const out: Row[] = [];
  for (let i = 0; i < all.length; i++) if (matches(all[i]!, flt, i)) out.push(all[i]!);
  view = out.sort(COMPARE[sortOrder()]);
  state.page = 0;
  render();
}

// ---- service: the API pages with an opaque cursor; it sorts, filters and counts across every page
function filterParams(): URLSearchParams {
  const flt = filters();
  const params = new URLSearchParams(config.fixedFilters ?? {});
  for (const k of EXACT_FILTERS) if (flt[k]) params.set(k, flt[k]);
  const q = control(form, 'q').value.trim();
  if (q) params.set('q', q);
  return params;
}

function query(cursor: string | null | undefined): string {
  const params = filterParams();
  params.set('limit', String(state.pageSize));
  params.set('sort', sortOrder());
  if (cursor) params.set('cursor', cursor);
  return `${config.apiBase}/scans/${encodeURIComponent(config.scanId)}/findings?${params.toString()}`;
}

function authHeaders(accept: string): Record<string, string> {
  const headers: Record<string, string> = { accept };
  const t = getToken();
  if (t) headers.authorization = `Bearer ${t}`;
  return headers;
}

takeTokenFromFragment();
const tokenForm = optionalById('token-form', HTMLFormElement);
const signinLink = optionalById('signin-link', HTMLAnchorElement);
if (signinLink) signinLink.setAttribute('href', `${config.apiBase}/login?next=${encodeURIComponent(location.pathname + location.search)}`);
if (tokenForm) {
  tokenForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const input = control(tokenForm, 'token');
    const v = input.value.trim();
    if (v) {
      setToken(v);
      input.value = '';
      tokenForm.hidden = true;
      applyService();
    }
  });
}

let requestSeq = 0;
async function loadServicePage(page: number): Promise<void> {
  // Only the newest request may render: a slow answer to an older filter is dropped.
  const seq = ++requestSeq;
  loading = true;
  say('Loading findings…');
  try {
    const res = await fetch(query(cursors[page]), { credentials: 'same-origin', headers: authHeaders('application/json') });
    if (res.status === 401 || res.status === 403) {
      if (tokenForm) tokenForm.hidden = false;
      throw new Error(`not authorized to read findings (HTTP ${res.status}); sign in again or enter an API token with the reader role`);
    }
    if (!res.ok) throw new Error(`the findings API answered HTTP ${res.status}`);
    const body = (await res.json()) as FindingsPage;
    if (seq !== requestSeq) return;
    loading = false;
    state.page = page;
    serviceNext = body.nextCursor;
    if (typeof body.total === 'number') serviceTotal = body.total;
    cursors[page + 1] = body.nextCursor;
    view = body.items.map(rowFromApi);
    render();
    document.documentElement.setAttribute('data-findings-loaded', String(body.items.length));
  } catch (err) {
    if (seq !== requestSeq) return;
    loading = false;
    say(`Could not load findings: ${errorMessage(err)}`);
  }
}

function applyService(): void {
  cursors = [null];
  void loadServicePage(0);
}

function apply(): void {
  state.expanded = {};
  writeFragment();
  markSorted();
  if (service) applyService();
  else applyStandalone();
}

// ---- rendering
const badge = (cls: string, text: string) => el('span', { class: `badge ${cls}` }, text);

function cell(tr: HTMLTableRowElement, child: Node | string | null, cls?: string): void {
  const td = el('td', cls ? { class: cls } : null);
  if (child instanceof Node) td.appendChild(child);
  else if (child !== null) td.textContent = child;
  tr.appendChild(td);
}

/** ERROR rows: what could not be read and the IAM actions the check needs, instead of its remediation. */
function notEvaluated(f: Row): string {
  const needs = config.checkPermissions[f.checkId] ?? [];
  return `Not evaluated: ${f.errorCode ? `${f.errorCode}: ` : ''}${f.message}${needs.length ? `; needs ${needs.join(', ')}` : ''}`;
}

function consoleLink(f: Row): HTMLElement | null {
  const url = consoleUrl(f);
  if (!url) return null;
  return el('a', { href: url, rel: 'noopener noreferrer', target: '_blank', class: 'console', title: `Open in the AWS console — sign in to account ${f.accountId} (switch role) first` }, 'console');
}

function detailRow(f: Row, id: string): HTMLTableRowElement {
  const x = detailsOf(f, tagDict);
  const tr = el('tr', { class: 'detail', id });
  const td = el('td', { colspan: '9' });
  const dl = el('dl');
  const item = (label: string, value: Node | string | null | undefined) => {
    if (value === null || value === undefined || value === '') return;
    dl.appendChild(el('dt', null, label));
    const dd = el('dd');
    if (value instanceof Node) dd.appendChild(value);
    else dd.textContent = value;
    dl.appendChild(dd);
  };
  item('Check', `${config.checkTitles[f.checkId] || f.checkId} (${f.checkId})`);
  if (f.status === 'ERROR') item('Not evaluated', notEvaluated(f));
  item('Message', f.message);
  item('Account', f.accountId);
  item('Resource type', f.resourceType);
  item('Resource ARN', f.resourceArn ? el('code', null, f.resourceArn) : null);
  const link = consoleLink(f);
  if (link) {
    const wrap = el('span');
    wrap.appendChild(link);
    wrap.appendChild(document.createTextNode(` (in account ${f.accountId}, ${f.region})`));
    item('AWS console', wrap);
  }
  if (f.estimatedMonthlyCostUsd !== null) item('Monthly cost', `${fmtUsd(f.estimatedMonthlyCostUsd)}${f.costBasis ? ` (${basisText(f.costBasis)})` : ''}`);
  item('First seen', f.firstSeenAt ? timeEl(f.firstSeenAt) : null);
  item('Error code', f.errorCode);
  const m = x.mutedBy;
  if (m) item('Muted by', `rule ${m.ruleId}: ${m.reason} (expires ${m.expires}${m.owner ? `, owner ${m.owner}` : ''})`);
  const tagKeys = x.tags ? Object.keys(x.tags) : [];
  if (tagKeys.length) item('Tags', tagKeys.map((k) => `${k}=${x.tags[k]}`).join(', '));
  item('Evidence', evidenceList(x.evidence));
  if (x.remediation && f.status !== 'ERROR') {
    const rem = el('div');
    rem.appendChild(el('p', null, x.remediation.text));
    if (/^https?:\/\//i.test(x.remediation.url || '')) rem.appendChild(el('a', { href: x.remediation.url, rel: 'noopener noreferrer', target: '_blank' }, x.remediation.url));
    item('Remediation', rem);
  }
  const fw = x.frameworks ? Object.keys(x.frameworks) : [];
  if (fw.length) {
    const ul = el('ul');
    for (const k of fw) {
      const v = x.frameworks[k]!;
      ul.appendChild(el('li', null, `${k}: ${Array.isArray(v) ? v.join(', ') : v}`));
    }
    item('Frameworks', ul);
  }
  td.appendChild(dl);
  tr.appendChild(td);
  return tr;
}

function render(): void {
  const total = service ? serviceTotal : view.length;
  let start: number;
  let rows: Row[];
  if (service) {
    rows = view;
    start = state.page * state.pageSize;
  } else {
    const pages = Math.max(1, Math.ceil(total / state.pageSize));
    if (state.page >= pages) state.page = pages - 1;
    start = state.page * state.pageSize;
    rows = view.slice(start, start + state.pageSize);
  }
  const frag = document.createDocumentFragment();
  rows.forEach((f, n) => {
    const key = start + n;
    const detailId = `finding-detail-${key}`;
    const open = !!state.expanded[key];
    const tr = el('tr', { class: 'finding', 'data-index': String(key) });
    const btn = el(
      'button',
      { type: 'button', class: 'expand', 'aria-expanded': String(open), 'aria-controls': detailId, 'aria-label': `Details of ${f.resourceId}` },
      open ? '−' : '+',
    );
    btn.addEventListener('click', () => {
      state.expanded[key] = !state.expanded[key];
      render();
      tbody.querySelector<HTMLButtonElement>(`tr[data-index="${key}"] button.expand`)?.focus();
    });
    cell(tr, btn);
    cell(tr, badge(`s-${f.status}`, f.status));
    cell(tr, badge(`v-${f.severity}`, f.severity));
    cell(tr, el('span', { title: config.checkTitles[f.checkId] || f.checkId }, f.checkId), 'check');
    // The account's name when known, and always its id (the one to switch roles into).
    const name = config.accountNames[f.accountId];
    const where = el('span', null, name ?? f.accountId);
    if (name) {
      where.appendChild(el('br'));
      where.appendChild(el('span', { class: 'account-id' }, f.accountId));
    }
    where.appendChild(el('br'));
    where.appendChild(el('span', { class: 'region' }, f.region));
    cell(tr, where, 'id');
    const res = el('span', null, f.resourceId);
    const link = consoleLink(f);
    if (link) {
      res.appendChild(document.createTextNode(' '));
      res.appendChild(link);
    }
    cell(tr, res, 'res');
    cell(tr, el('span', { class: 'clamp', title: f.status === 'ERROR' ? notEvaluated(f) : f.message }, f.status === 'ERROR' ? notEvaluated(f) : f.message), 'msg');
    const basis = basisText(f.costBasis);
    cell(tr, basis ? el('span', { title: basis }, fmtUsd(f.estimatedMonthlyCostUsd)) : fmtUsd(f.estimatedMonthlyCostUsd), 'num');
    cell(tr, f.firstSeenAt ? timeEl(f.firstSeenAt, false) : '', 'date');
    frag.appendChild(tr);
    if (open) frag.appendChild(detailRow(f, detailId));
  });
  tbody.textContent = '';
  tbody.appendChild(frag);
  const pageCount = Math.max(1, Math.ceil(total / state.pageSize));
  pageInfo.textContent = `Page ${state.page + 1} of ${count(pageCount)}`;
  if (service) {
    prevBtn.disabled = state.page === 0 || loading;
    nextBtn.disabled = !serviceNext || loading;
  } else {
    prevBtn.disabled = state.page === 0;
    nextBtn.disabled = state.page >= pageCount - 1;
  }
  const filtered = !service && total !== all.length ? ` (filtered from ${count(all.length)})` : '';
  say(rows.length ? `Showing ${start + 1}–${start + rows.length} of ${count(total)} findings${filtered}` : 'No findings match the filters.');
}

// ---- export: the findings the filters select, as CSV
function download(name: string, blob: Blob): void {
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

async function exportCsv(): Promise<void> {
  const name = `orgscan-${config.scanId}-findings.csv`;
  if (!service) {
    const findings = view.map((f): ClientFinding => ({ ...f, ...detailsOf(f, tagDict) }));
    download(name, new Blob([...csvRows(findings)], { type: 'text/csv' }));
    return;
  }
  const params = filterParams();
  params.set('format', 'csv');
  const res = await fetch(`${config.apiBase}/scans/${encodeURIComponent(config.scanId)}/findings?${params.toString()}`, {
    credentials: 'same-origin',
    headers: authHeaders('text/csv'),
  });
  if (!res.ok) throw new Error(`the findings API answered HTTP ${res.status}`);
  download(name, await res.blob());
}

// ---- wiring
const SORT_DIRECTION: Record<Order, 'ascending' | 'descending'> = {
  triage: 'descending',
  waste: 'descending',
  'first-seen': 'ascending',
  check: 'ascending',
  account: 'ascending',
  resource: 'ascending',
};

/** aria-sort on the column of the current order; aria-pressed on the status button of the current filter. */
function markSorted(): void {
  const status = control(form, 'status').value;
  for (const b of document.querySelectorAll<HTMLButtonElement>('#status-tabs button[data-status]')) {
    b.setAttribute('aria-pressed', String(b.getAttribute('data-status') === status));
  }
  const order = sortOrder();
  for (const b of table.querySelectorAll<HTMLButtonElement>('th button.sort')) {
    b.parentElement!.setAttribute('aria-sort', b.getAttribute('data-sort') === order ? SORT_DIRECTION[order] : 'none');
  }
}

for (const b of table.querySelectorAll<HTMLButtonElement>('th button.sort')) {
  const key = b.getAttribute('data-sort') ?? '';
  if (!isOrder(key)) throw new Error(`unknown sort order ${key}`);
  b.addEventListener('click', () => {
    control(form, 'sort').value = key;
    apply();
  });
}
for (const b of document.querySelectorAll<HTMLButtonElement>('#status-tabs button[data-status]')) {
  b.addEventListener('click', () => {
    control(form, 'status').value = b.getAttribute('data-status') ?? '';
    apply();
  });
}
exportBtn.addEventListener('click', () => {
  exportCsv().catch((err: unknown) => say(`Could not export: ${errorMessage(err)}`));
});

/** The name of the form control an event came from. */
const controlName = (e: Event) => (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement ? e.target.name : '');
let debounce: ReturnType<typeof setTimeout> | undefined;
form.addEventListener('change', (e) => {
  // The search box already applied on input; its change event (on blur) would collapse rows.
  const name = controlName(e);
  if (name === 'q') return;
  if (name === 'pageSize') state.pageSize = +control(form, 'pageSize').value;
  apply();
});
form.addEventListener('input', (e) => {
  if (controlName(e) !== 'q') return;
  clearTimeout(debounce);
  debounce = setTimeout(apply, service ? 300 : 200);
});
form.addEventListener('submit', (e) => {
  e.preventDefault();
  clearTimeout(debounce);
  apply();
});
form.addEventListener('reset', () => {
  setTimeout(() => {
    state.pageSize = +control(form, 'pageSize').value;
    apply();
  }, 0);
});
prevBtn.addEventListener('click', () => {
  state.expanded = {};
  if (service) void loadServicePage(state.page - 1);
  else {
    state.page--;
    render();
  }
});
nextBtn.addEventListener('click', () => {
  state.expanded = {};
  if (service) void loadServicePage(state.page + 1);
  else {
    state.page++;
    render();
  }
});
readFragment();
state.pageSize = +control(form, 'pageSize').value;
localizeTimes(document);
markSorted();

form.hidden = false;
table.hidden = false;
byId('pager', HTMLElement).hidden = false;
if (service) applyService();
else {
  say('Loading findings…');
  inflate(byId('orgscan-data', HTMLScriptElement).textContent ?? '')
    .then((p) => {
      ({ rows: all, tagDict } = decode(p));
      haystack = new Array<string | undefined>(all.length);
      document.documentElement.setAttribute('data-findings-loaded', String(all.length));
      applyStandalone();
    })
    .catch((err: unknown) => say(`Could not read the embedded findings: ${errorMessage(err)}`));
}
