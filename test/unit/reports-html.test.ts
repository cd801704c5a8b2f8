import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { diffFindings } from '../../reports/diff.js';
import { escapeHtml, jsonForScript, safeHref } from '../../reports/escape.js';
import { clientScript } from '../../reports/html/client.js';
import { renderReportHtml, reportCsp } from '../../reports/html/page.js';
import { decodeFindings, encodeFindings, packFindings, unpackFindings } from '../../reports/html/payload.js';
import { REPORT_CSS } from '../../reports/html/style.js';
import { formatUsd, summarizeFindings } from '../../reports/summary.js';
import { basisBreakdown } from '../../reports/html/sections.js';
import { severityChart, trendChart } from '../../reports/svg.js';
import { EVIL_NAME, EVIL_TAG, makeFinding, previousSampleScan, sampleScan } from '../helpers/sample-findings.js';

const sample = sampleScan({ findings: 300 });
const previous = previousSampleScan(sample);
const diff = diffFindings(sample.findings, previous.findings);
const trend = [
  { scanId: 'a', startedAt: '2026-11-02T06:00:00.000Z', finishedAt: '2026-11-02T06:10:00.000Z', failing: 140 },
  { scanId: 'b', startedAt: '2026-11-09T06:00:00.000Z', finishedAt: '2026-11-09T06:10:00.000Z', failing: 131 },
  { scanId: 'c', startedAt: '2026-11-16T06:00:00.000Z', finishedAt: null, failing: previous.scan.counts.FAIL },
  { scanId: 'd', startedAt: '2026-11-23T06:00:00.000Z', finishedAt: '2026-11-23T06:14:00.000Z', failing: sample.scan.counts.FAIL },
];

/** The page with the embedded payload and the client script removed: the HTML a reader without JS sees. */
function staticPart(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '');
}

describe('escaping helpers', () => {
  it('escapes HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  it('embeds JSON that cannot close a script element', () => {
    const text = jsonForScript({ s: '</script><script>alert(1)</script>\u2028<!--' });
    expect(text).not.toMatch(/<|>|\u2028/);
    expect(JSON.parse(text)).toEqual({ s: '</script><script>alert(1)</script>\u2028<!--' });
  });
  it('allows only http(s) links', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('https://docs.aws.amazon.com/x')).toBe('https://docs.aws.amazon.com/x');
  });
});

describe('summarizeFindings', () => {
  it('counts by status and severity, and failing and waste by check and account', () => {
    const s = summarizeFindings([
      makeFinding({ estimatedMonthlyCostUsd: 10.005 }),
      makeFinding({ resourceId: 'b', accountId: '222222222222', estimatedMonthlyCostUsd: 5, costBasis: 'exact' }),
      makeFinding({ resourceId: 'c', checkId: 'rds-instance-single-az', severity: 'medium', estimatedMonthlyCostUsd: null, costBasis: null }),
      makeFinding({ resourceId: 'd', status: 'MUTED', estimatedMonthlyCostUsd: 99 }),
      makeFinding({ resourceId: 'e', status: 'PASS', estimatedMonthlyCostUsd: null }),
    ]);
    expect(s.total).toBe(5);
    expect(s.byStatus).toEqual({ PASS: 1, FAIL: 3, ERROR: 0, MUTED: 1 });
    expect(s.failingBySeverity).toMatchObject({ low: 2, medium: 1, high: 0 });
    expect(s.wasteUsd).toBe(15.01);
    // The most severe check first, however few it fails.
    expect(s.failingByCheck).toEqual([
      { key: 'rds-instance-single-az', count: 1, costUsd: 0, costByBasis: {}, severity: 'medium', criticalHigh: 0 },
      { key: 'ebs-volume-unattached', count: 2, costUsd: 15.01, costByBasis: { estimate: 10.01, exact: 5 }, severity: 'low', criticalHigh: 0 },
    ]);
    expect(s.wasteByBasis).toEqual({ estimate: 10.01, exact: 5 });
    // A finding stored before checks stated a basis counts as unstated.
    expect(summarizeFindings([makeFinding({ costBasis: undefined })]).wasteByBasis).toEqual({ unstated: 8 });
    expect(s.wasteByAccount.map((g) => [g.key, g.costUsd])).toEqual([
      ['111111111111', 10.01],
      ['222222222222', 5],
    ]);
    expect(s.wasteByCheck.map((g) => g.key)).toEqual(['ebs-volume-unattached']);
  });
});

describe('SVG charts', () => {
  it('draws one bar per severity with its count', () => {
    const svg = String(severityChart({ critical: 3, high: 0, medium: 12, low: 40, informational: 1 }));
    expect(svg.match(/<rect /g)).toHaveLength(5);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<desc id="sev-desc">critical: 3, high: 0, medium: 12, low: 40, informational: 1</desc>');
    expect(svg).toContain('>40</text>');
  });
  it('draws the trend with a point per scan, and nothing for fewer than two scans', () => {
    const svg = String(trendChart(trend));
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain('went from 140 to');
    expect(trendChart(trend.slice(0, 1))).toBeNull();
    // Two scans on one day: every label carries the time, so no two are alike.
    const sameDay = [
      { scanId: 'a', startedAt: null, finishedAt: '2026-11-23T06:14:00.000Z', failing: 3 },
      { scanId: 'b', startedAt: null, finishedAt: '2026-11-23T18:02:00.000Z', failing: 2 },
    ];
    const labels = [...String(trendChart(sameDay)).matchAll(/<text[^>]*text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).toEqual(['11-23 06:14', '11-23 18:02']);
  });
});

describe('payload', () => {
  it('round-trips every field of every finding', () => {
    expect(decodeFindings(encodeFindings(sample.findings))).toEqual(sample.findings);
    expect(unpackFindings(packFindings(sample.findings))).toEqual(sample.findings);
  });
  it('round-trips text that contains the template placeholders or ids in odd places', () => {
    const odd = [
      makeFinding({ message: 'has \u0001 and \u0002 inside', resourceId: 'x' }),
      makeFinding({ resourceId: '111111111111', region: 'global', resourceArn: 'arn:aws:iam::111111111111:root', message: 'account 111111111111 (global) root' }),
      makeFinding({ resourceId: '', resourceArn: null, message: 'empty id', tags: { '': '', 'a b': 'c=d' } }),
    ];
    expect(decodeFindings(encodeFindings(odd))).toEqual(odd);
  });
  it('stores repeated values once', () => {
    const p = encodeFindings(sample.findings);
    expect(p.d.check.length).toBeLessThanOrEqual(7);
    expect(p.d.account).toHaveLength(12);
    expect(p.d.arn.length).toBeLessThan(20);
  });
});

describe('renderReportHtml (standalone)', () => {
  const html = renderReportHtml({ ...sample, diff, trend });
  const visible = staticPart(html);

  it('renders the summary without JavaScript', () => {
    expect(visible).toContain('<h2 id="h-summary">Summary</h2>');
    const s = summarizeFindings(sample.findings);
    expect(visible).toContain(`<span class="n">${s.byStatus.FAIL}</span><span class="l">failing findings</span>`);
    expect(visible).toContain(`<span class="n">${diff.newFailures.length}</span><span class="l">new since previous scan</span>`);
    expect(visible).toContain(`<span class="n">${diff.resolved.length}</span><span class="l">resolved since previous scan</span>`);
    expect(visible).toContain('Failing findings by severity');
    expect(visible).toContain('Failing findings over the last 4 scans');
    expect(visible).toContain('Estimated monthly waste by account');
    expect(visible).toContain('<noscript>');
  });

  it('says what each waste figure rests on: by basis overall, per check and per account', () => {
    const s = summarizeFindings(sample.findings);
    expect(s.wasteByBasis.estimate).toBeGreaterThan(0);
    expect(s.wasteByBasis.ceiling).toBeGreaterThan(0);
    expect(visible).toContain(`Monthly waste ${formatUsd(s.wasteUsd)}: ${basisBreakdown(s.wasteByBasis)}.`);
    expect(basisBreakdown(s.wasteByBasis)).toBe(`estimate ${formatUsd(s.wasteByBasis.estimate!)} · ceiling ${formatUsd(s.wasteByBasis.ceiling!)}`);
    const top = s.wasteByCheck[0]!;
    expect(visible).toContain(`<td class="basis">${basisBreakdown(top.costByBasis)}</td>`);
    expect(visible).toContain('<th scope="col">Basis</th>');
  });

  it('escapes every AWS-supplied value in the static HTML', () => {
    expect(visible).not.toContain(EVIL_NAME);
    expect(visible).not.toContain('<img');
    expect(visible).toContain(escapeHtml(EVIL_NAME)); // in the changes table and the scan errors
    expect(html.match(/<script/g)).toHaveLength(3); // config, payload, client: nothing else
    expect(html).not.toContain(EVIL_TAG); // the payload is compressed, the config escaped
  });

  it('embeds the findings compactly and restricts the page with a CSP', () => {
    const packed = /<script type="application\/octet-stream" id="orgscan-data">([^<]*)<\/script>/.exec(html)![1]!;
    expect(unpackFindings(packed)).toEqual(sample.findings);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportCsp('standalone'))}">`);
    const hash = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    expect(reportCsp('standalone')).toContain(`script-src ${hash(clientScript())}`);
    expect(reportCsp('standalone')).toContain(`style-src ${hash(REPORT_CSS)}`);
    expect(reportCsp('standalone')).toContain("connect-src 'none'");
    expect(html).toContain(`<script>${clientScript()}</script>`);
    expect(html).toContain(`<style>${REPORT_CSS}</style>`);
    expect(html).not.toMatch(/(src|href)="https?:/); // no external resource
  });

  it('labels every filter control', () => {
    for (const name of ['status', 'severity', 'checkId', 'accountId', 'region', 'q', 'pageSize']) {
      expect(html).toContain(`<label for="f-${name}">`);
      expect(html).toContain(`id="f-${name}"`);
    }
  });

  it('works with no findings and no previous scan', () => {
    const empty = renderReportHtml({ scan: { ...sample.scan, errors: [] }, findings: [] });
    expect(empty).toContain('No previous finished scan of this scope');
    expect(empty).toContain('<span class="n">0</span><span class="l">failing findings</span>');
  });
});

describe('renderReportHtml (service)', () => {
  const html = renderReportHtml({ scan: sample.scan, findings: sample.findings, diff }, { mode: 'service', apiBase: '/api/' });
  it('embeds no findings and pages through the API', () => {
    expect(html).not.toContain('id="orgscan-data"');
    expect(html).not.toContain('http-equiv="Content-Security-Policy"');
    const config = JSON.parse(/<script type="application\/json" id="orgscan-config">([^<]*)<\/script>/.exec(html)![1]!);
    expect(config).toMatchObject({ mode: 'service', scanId: sample.scan.id, apiBase: '/api' });
    expect(reportCsp('service')).toContain("connect-src 'self'");
    expect(html).toContain('resource id, message, ARN, tag');
  });
});

describe('client script', () => {
  it('is valid JavaScript', () => {
    expect(() => new Function(clientScript())).not.toThrow();
  });
});
