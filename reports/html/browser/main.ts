// The report page's script: the findings table with filters, sorting, paging and expandable rows,
// from the embedded payload (standalone file) or from the API (service). Bundled into the page
// at build time (../client-build.ts); every value is written as text, never as HTML.
import type { ClientFinding, ReportClientConfig } from '../client-contract.js';
import { byId, control, el, optionalById } from './dom.js';
import { decode, detailsOf, inflate, rowFromApi, tagText, type Row } from './findings.js';
import { getToken, setToken, takeTokenFromFragment } from './token.js';

type SortKey = 'status' | 'severity' | 'checkId' | 'accountId' | 'region' | 'resourceId' | 'estimatedMonthlyCostUsd' | 'firstSeenAt';
const SORT_KEYS: readonly string[] = ['status', 'severity', 'checkId', 'accountId', 'region', 'resourceId', 'estimatedMonthlyCostUsd', 'firstSeenAt'];

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

interface FindingsPage {
  items: ClientFinding[];
  nextCursor: string | null;
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

const state = { sort: null as SortKey | null, dir: 1, page: 0, pageSize: 50, expanded: {} as Record<number, boolean> };
/** Standalone: every finding, and lower-cased search text per finding (built on first search). */
let all: Row[] = [];
let haystack: (string | undefined)[] = [];
let tagDict: string[] = [];
/** The rows of the current view (standalone: filtered and sorted; service: the current page). */
let view: Row[] = [];
/** Service: the cursor of each page seen so far (page 0 has none). */
let cursors: (string | null)[] = [null];
let serviceNext: string | null = null;
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

// ---- filters
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

function matches(f: Row, flt: Filters, i: number): boolean {
  for (const k of EXACT_FILTERS) if (flt[k] && f[k] !== flt[k]) return false;
  if (flt.q) {
    const text = (haystack[i] ??= `${f.resourceId}\n${f.message}\n${f.resourceArn || ''}\n${f.checkId}\n${tagText(f, tagDict)}`.toLowerCase());
    if (!text.includes(flt.q)) return false;
  }
  return true;
}

const SEV_RANK: Record<Row['severity'], number> = { informational: 0, low: 1, medium: 2, high: 3, critical: 4 };
const STATUS_RANK: Record<Row['status'], number> = { FAIL: 0, ERROR: 1, MUTED: 2, PASS: 3 };

function sortKey(f: Row, key: SortKey): string | number {
  switch (key) {
    case 'severity':
      return SEV_RANK[f.severity];
    case 'status':
      return STATUS_RANK[f.status];
    case 'estimatedMonthlyCostUsd':
      return f.estimatedMonthlyCostUsd === null ? -1 : f.estimatedMonthlyCostUsd;
    default:
      return f[key] ?? '';
  }
}

function sortRows(rows: Row[]): Row[] {
  const key = state.sort;
  if (!key) return rows;
  const dir = state.dir;
  return rows.sort((a, b) => {
    const x = sortKey(a, key);
    const y = sortKey(b, key);
    return x < y ? -dir : x > y ? dir : 0;
  });
}

function applyStandalone(): void {
  const flt = filters();
  const out: Row[] = [];
  for (let i = 0; i < all.length; i++) if (matches(all[i]!, flt, i)) out.push(all[i]!);
  view = sortRows(out);
  state.page = 0;
  render();
}

// ---- service: the API pages with an opaque cursor
/** Largest waste first is ordered by the API across every page; other sorts order the page shown. */
function serverSortsByWaste(): boolean {
  return state.sort === 'estimatedMonthlyCostUsd' && state.dir === -1;
}

function query(cursor: string | null | undefined): string {
  const flt = filters();
  const params = new URLSearchParams(config.fixedFilters ?? {});
  for (const k of EXACT_FILTERS) if (flt[k]) params.set(k, flt[k]);
  if (flt.q) params.set('resourceId', control(form, 'q').value.trim());
  params.set('limit', String(state.pageSize));
  if (serverSortsByWaste()) params.set('sort', 'waste');
  if (cursor) params.set('cursor', cursor);
  return `${config.apiBase}/scans/${encodeURIComponent(config.scanId)}/findings?${params.toString()}`;
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
  const headers: Record<string, string> = { accept: 'application/json' };
  const t = getToken();
  if (t) headers.authorization = `Bearer ${t}`;
  try {
    const res = await fetch(query(cursors[page]), { credentials: 'same-origin', headers });
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
    cursors[page + 1] = body.nextCursor;
    view = sortRows(body.items.map(rowFromApi));
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

function detailRow(f: Row, id: string): HTMLTableRowElement {
  const x = detailsOf(f, tagDict);
  const tr = el('tr', { class: 'detail', id });
  const td = el('td', { colspan: '10' });
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
  item('Message', f.message);
  item('Resource type', f.resourceType);
  item('Resource ARN', f.resourceArn ? el('code', null, f.resourceArn) : null);
  if (f.estimatedMonthlyCostUsd !== null) item('Monthly cost', `${fmtUsd(f.estimatedMonthlyCostUsd)}${f.costBasis ? ` (${basisText(f.costBasis)})` : ''}`);
  item('First seen', f.firstSeenAt);
  item('Error code', f.errorCode);
  const m = x.mutedBy;
  if (m) item('Muted by', `rule ${m.ruleId}: ${m.reason} (expires ${m.expires}${m.owner ? `, owner ${m.owner}` : ''})`);
  const tagKeys = x.tags ? Object.keys(x.tags) : [];
  if (tagKeys.length) item('Tags', tagKeys.map((k) => `${k}=${x.tags[k]}`).join(', '));
  item('Evidence', el('pre', null, JSON.stringify(x.evidence, null, 2)));
  if (x.remediation) {
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
  const total = view.length;
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
    cell(tr, el('span', { title: config.checkTitles[f.checkId] || f.checkId }, f.checkId));
    cell(tr, f.accountId);
    cell(tr, f.region);
    cell(tr, f.resourceId, 'res');
    cell(tr, f.message, 'msg');
    const basis = basisText(f.costBasis);
    cell(tr, basis ? el('span', { title: basis }, fmtUsd(f.estimatedMonthlyCostUsd)) : fmtUsd(f.estimatedMonthlyCostUsd), 'num');
    cell(tr, f.firstSeenAt ? f.firstSeenAt.slice(0, 10) : '');
    frag.appendChild(tr);
    if (open) frag.appendChild(detailRow(f, detailId));
  });
  tbody.textContent = '';
  tbody.appendChild(frag);
  if (service) {
    pageInfo.textContent = `Page ${state.page + 1}`;
    prevBtn.disabled = state.page === 0 || loading;
    nextBtn.disabled = !serviceNext || loading;
    say(rows.length ? `Showing findings ${start + 1}–${start + rows.length}${serviceNext ? ' (more on the next pages)' : ''}` : 'No findings match the filters.');
  } else {
    const pageCount = Math.max(1, Math.ceil(total / state.pageSize));
    pageInfo.textContent = `Page ${state.page + 1} of ${pageCount}`;
    prevBtn.disabled = state.page === 0;
    nextBtn.disabled = state.page >= pageCount - 1;
    const filtered = total !== all.length ? ` (filtered from ${all.length.toLocaleString('en-US')})` : '';
    say(total ? `Showing ${start + 1}–${start + rows.length} of ${total.toLocaleString('en-US')} findings${filtered}` : 'No findings match the filters.');
  }
}

// ---- wiring
function onSort(key: SortKey, th: HTMLElement): void {
  const wasWaste = serverSortsByWaste();
  if (state.sort === key) state.dir = -state.dir;
  else {
    state.sort = key;
    state.dir = key === 'severity' || key === 'estimatedMonthlyCostUsd' ? -1 : 1;
  }
  for (const c of table.tHead!.rows[0]!.cells) if (c.hasAttribute('aria-sort')) c.setAttribute('aria-sort', 'none');
  th.setAttribute('aria-sort', state.dir === 1 ? 'ascending' : 'descending');
  state.expanded = {};
  if (service && wasWaste !== serverSortsByWaste()) {
    applyService(); // the order changes which findings come first: page again from the start
    return;
  }
  view = sortRows(view);
  if (!service) state.page = 0;
  render();
}

for (const b of table.querySelectorAll<HTMLButtonElement>('th button.sort')) {
  const key = b.getAttribute('data-sort') ?? '';
  if (!SORT_KEYS.includes(key)) throw new Error(`unknown sort key ${key}`);
  b.addEventListener('click', () => onSort(key as SortKey, b.parentElement!));
}

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
  debounce = setTimeout(apply, 200);
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
state.pageSize = +control(form, 'pageSize').value;

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
