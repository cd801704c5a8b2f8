// Charts drawn on the server as inline SVG: no script, no external request, readable without JS.
import { SEVERITIES, type Severity } from '../domain/index.js';
import { html, type SafeHtml } from './html/template.js';
import type { TrendPoint } from './types.js';

export const SEVERITY_COLORS: Record<Severity, string> = {
  critical: '#9b1c1c',
  high: '#c2410c',
  medium: '#a16207',
  low: '#1d4ed8',
  informational: '#4b5563',
};

const fmt = new Intl.NumberFormat('en-US');

/** Horizontal bars of failing findings per severity, most severe first. */
export function severityChart(counts: Record<Severity, number>, width = 420): SafeHtml {
  const order = [...SEVERITIES].reverse();
  const max = Math.max(1, ...order.map((s) => counts[s]));
  const rowH = 26;
  const labelW = 110;
  const valueW = 70;
  const barMax = width - labelW - valueW;
  const height = order.length * rowH + 8;
  const desc = order.map((s) => `${s}: ${counts[s]}`).join(', ');
  const rows = order.map((s, i) => {
    const y = 4 + i * rowH;
    const w = counts[s] === 0 ? 0 : Math.max(2, Math.round((counts[s] / max) * barMax));
    return html`<text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${s}</text><rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 8}" fill="${SEVERITY_COLORS[s]}"/><text x="${labelW + w + 6}" y="${y + 17}">${fmt.format(counts[s])}</text>`;
  });
  return html`<svg class="chart" role="img" aria-labelledby="sev-title sev-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="13" fill="#111"><title id="sev-title">Failing findings by severity</title><desc id="sev-desc">${desc}</desc>${rows}</svg>`;
}

function pointTime(p: TrendPoint): string {
  return p.finishedAt ?? p.startedAt ?? '';
}

function shortDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso.slice(0, 10) : d.toISOString().slice(5, 10);
}

/** Axis labels: "MM-DD", or "MM-DD HH:MM" (UTC) for all when two scans share a day. */
function axisLabels(points: readonly TrendPoint[]): string[] {
  const days = points.map((p) => shortDate(pointTime(p)));
  if (new Set(days).size === days.length) return days;
  return points.map((p) => {
    const d = new Date(pointTime(p));
    return Number.isNaN(d.getTime()) ? pointTime(p) : `${d.toISOString().slice(5, 10)} ${d.toISOString().slice(11, 16)}`;
  });
}

/** Line of failing findings over the last scans, oldest left. Nothing (null) for fewer than 2 points. */
export function trendChart(points: readonly TrendPoint[], width = 520, height = 200): SafeHtml | null {
  if (points.length < 2) return null;
  const padL = 56;
  const padR = 16;
  const padT = 14;
  const padB = 34;
  const max = Math.max(1, ...points.map((p) => p.failing));
  const plotW = width - padL - padR;
  const plotH = height - padT - padB;
  const x = (i: number) => padL + (points.length === 1 ? plotW / 2 : (i / (points.length - 1)) * plotW);
  const y = (v: number) => padT + plotH - (v / max) * plotH;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.failing).toFixed(1)}`).join(' ');
  const dots = points.map(
    (p, i) =>
      html`<circle cx="${x(i).toFixed(1)}" cy="${y(p.failing).toFixed(1)}" r="3.5" fill="#9b1c1c"><title>${`${pointTime(p)}: ${p.failing} failing`}</title></circle>`,
  );
  // Label at most ~8 x positions so dates do not overlap.
  const labels = axisLabels(points);
  const withTime = labels[0]!.length > 5;
  const step = Math.max(1, Math.ceil(points.length / (withTime ? 5 : 8)));
  const xLabels = points.map(
    (_p, i) =>
      (i % step === 0 || i === points.length - 1) &&
      html`<text x="${x(i).toFixed(1)}" y="${height - 12}" text-anchor="middle">${labels[i]}</text>`,
  );
  const grid = [0, 0.5, 1].map((t) => {
    const v = Math.round(max * t);
    const yy = y(v).toFixed(1);
    return html`<line x1="${padL}" x2="${width - padR}" y1="${yy}" y2="${yy}" stroke="#d1d5db"/><text x="${padL - 6}" y="${(+yy + 4).toFixed(1)}" text-anchor="end">${fmt.format(v)}</text>`;
  });
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const desc = `${points.length} scans from ${pointTime(first)} to ${pointTime(last)}; failing findings went from ${first.failing} to ${last.failing}.`;
  return html`<svg class="chart" role="img" aria-labelledby="trend-title trend-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12" fill="#111"><title id="trend-title">Failing findings over the last scans</title><desc id="trend-desc">${desc}</desc>${grid}<path d="${path}" fill="none" stroke="#9b1c1c" stroke-width="2"/>${dots}${xLabels}</svg>`;
}
