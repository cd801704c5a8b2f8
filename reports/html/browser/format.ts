// How the table shows times and evidence: times in the reader's local time (ISO on hover), evidence
// as labelled fields whose unit the field name states (…Usd, …MonthlyUsd, …GiB, …Days, …Bytes, …At).
import { el } from './dom.js';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A <time> in local time with the ISO value as its tooltip and datetime; the text as given if unparsable. */
export function timeEl(iso: string, withTime = true): HTMLTimeElement {
  const d = new Date(iso);
  const shown = Number.isNaN(d.getTime()) ? iso : (withTime ? dateTime : dateOnly).format(d);
  return el('time', { datetime: iso, title: iso }, shown);
}

/** Server-rendered <time datetime> elements (scan start and finish): local time, ISO on hover. */
export function localizeTimes(root: ParentNode): void {
  for (const t of root.querySelectorAll<HTMLTimeElement>('time[datetime]')) {
    const d = new Date(t.dateTime);
    if (Number.isNaN(d.getTime())) continue;
    t.title = t.dateTime;
    t.textContent = dateTime.format(d);
  }
}

/** "monthlySavingUsd" → "Monthly saving". */
export function labelOf(key: string): string {
  const words = key
    .replace(/(Usd|GiB|Gib|Gb|Bytes|Days|Hours|At)$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  const text = words || key;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const usd = (v: number) => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;

function bytes(v: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let n = v;
  let i = 0;
  while (Math.abs(n) >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toLocaleString('en-US', { maximumFractionDigits: 1 })} ${units[i]}`;
}

/** A value with the unit its field name states. */
export function withUnit(key: string, value: unknown): string {
  if (typeof value === 'number') {
    if (/MonthlyUsd$|PerMonthUsd$|^monthly.*Usd$/.test(key) || key === 'estimatedMonthlyCostUsd') return `${usd(value)} per month`;
    if (/HourlyUsd$|PerHourUsd$/.test(key)) return `${usd(value)} per hour`;
    if (/Usd$/.test(key)) return usd(value);
    if (/(GiB|Gib)$/.test(key)) return `${value.toLocaleString('en-US')} GiB`;
    if (/Gb$/.test(key)) return `${value.toLocaleString('en-US')} GB`;
    if (/Bytes$/.test(key)) return bytes(value);
    if (/Days$/.test(key)) return `${value.toLocaleString('en-US')} days`;
    if (/Hours$/.test(key)) return `${value.toLocaleString('en-US')} hours`;
    if (/MiBps$|Mbps$/.test(key)) return `${value.toLocaleString('en-US')} MiB/s`;
    return value.toLocaleString('en-US');
  }
  if (typeof value === 'string') return value;
  if (value === null) return '—';
  return JSON.stringify(value);
}

/** Evidence as a definition list of labelled fields; nested objects and lists as indented JSON. */
export function evidenceList(evidence: Record<string, unknown>): HTMLElement {
  const dl = el('dl', { class: 'evidence' });
  for (const [key, value] of Object.entries(evidence)) {
    dl.appendChild(el('dt', { title: key }, labelOf(key)));
    const dd = el('dd');
    if (value !== null && typeof value === 'object') dd.appendChild(el('pre', null, JSON.stringify(value, null, 2)));
    else if (typeof value === 'string' && /At$|Time$/.test(key) && !Number.isNaN(Date.parse(value))) dd.appendChild(timeEl(value));
    else dd.textContent = withUnit(key, value);
    dl.appendChild(dd);
  }
  if (!dl.firstChild) dl.appendChild(el('dd', null, 'none'));
  return dl;
}
