// The standalone HTML report in headless Chromium: loads without errors, filters, sorts, pages,
// expands, renders hostile names as text, works without JS for the summary, and scales to 100,000 findings.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffFindings } from '../../reports/diff.js';
import { renderReportHtml } from '../../reports/html/page.js';
import { EVIL_NAME, EVIL_TAG, previousSampleScan, sampleScan } from '../helpers/sample-findings.js';
import { ARTIFACTS, launchBrowser, type Browser } from './browser.js';

const current = sampleScan({ findings: 3000, accounts: 24 });
const previous = previousSampleScan(current);
const diff = diffFindings(current.findings, previous.findings);
const trend = [
  ['2026-10-19', 2050], ['2026-10-26', 1990], ['2026-11-02', 1720], ['2026-11-09', 1604], ['2026-11-16', previous.scan.counts.FAIL], ['2026-11-23', current.scan.counts.FAIL],
].map(([d, failing], i) => ({ scanId: `scan-${i}`, startedAt: `${d}T06:00:00.000Z`, finishedAt: `${d}T06:14:00.000Z`, failing: failing as number }));

// Browser globals inside page.evaluate / waitForFunction callbacks (the project has no DOM lib).
declare const document: any;
declare const window: any;

let browser: Browser;
let reportUrl: string;

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, 'report-standalone.html');
  await writeFile(file, renderReportHtml({ ...current, diff, trend }));
  reportUrl = pathToFileURL(file).href;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function openReport() {
  const { page, errors } = await browser.newPage();
  await page.goto(reportUrl);
  await page.waitForSelector('html[data-findings-loaded]');
  return { page, errors };
}

const rowCount = (page: import('playwright-core').Page) => page.locator('#findings-table tbody tr.finding').count();
const statusText = (page: import('playwright-core').Page) => page.locator('#table-status').innerText();

describe('standalone report in Chromium', () => {
  it('loads with no console errors and shows the first page of findings', async () => {
    const { page, errors } = await openReport();
    expect(await page.getAttribute('html', 'data-findings-loaded')).toBe(String(current.findings.length));
    expect(await rowCount(page)).toBe(50);
    const failing = current.findings.filter((f) => f.status === 'FAIL').length;
    expect(await statusText(page)).toBe(`Showing 1–50 of ${failing.toLocaleString('en-US')} findings (filtered from ${current.findings.length.toLocaleString('en-US')})`);
    await page.screenshot({ path: join(ARTIFACTS, 'report-summary.png'), fullPage: false });
    await page.locator('#findings').screenshot({ path: join(ARTIFACTS, 'report-findings-table.png') });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters change the visible rows', async () => {
    const { page, errors } = await openReport();
    const failing = current.findings.filter((f) => f.status === 'FAIL');
    await page.selectOption('#f-status', 'FAIL');
    expect(await statusText(page)).toContain(`of ${failing.length.toLocaleString('en-US')} findings (filtered from`);
    const badges = await page.locator('#findings-table tbody tr.finding td:nth-child(2)').allInnerTexts();
    expect(badges.length).toBe(50);
    expect(new Set(badges)).toEqual(new Set(['FAIL']));

    const account = current.scan.accounts[3]!;
    await page.selectOption('#f-accountId', account);
    await page.selectOption('#f-severity', 'low');
    const expected = failing.filter((f) => f.accountId === account && f.severity === 'low').length;
    expect(expected).toBeGreaterThan(0);
    expect(await statusText(page)).toContain(`of ${expected.toLocaleString('en-US')} findings`);
    const accounts = await page.locator('#findings-table tbody tr.finding td:nth-child(5)').allInnerTexts();
    expect(new Set(accounts.map((t) => t.split('\n')[0]))).toEqual(new Set([account]));

    await page.click('button[type=reset]');
    await page.waitForFunction(
      (n) => document.getElementById('table-status')!.textContent === n,
      `Showing 1–50 of ${failing.length.toLocaleString('en-US')} findings (filtered from ${current.findings.length.toLocaleString('en-US')})`,
    );
    await page.click('#status-tabs button[data-status=""]');
    await page.waitForFunction((n) => document.getElementById('table-status')!.textContent === n, `Showing 1–50 of ${current.findings.length.toLocaleString('en-US')} findings`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('searches, and renders a resource named <script> as text', async () => {
    const { page, errors } = await openReport();
    await page.selectOption('#f-status', '');
    await page.fill('#f-q', '<script>');
    await page.waitForFunction(() => /of 1 findings/.test(document.getElementById('table-status')!.textContent ?? ''));
    expect(await rowCount(page)).toBe(1);
    expect(await page.locator('#findings-table tbody td.res > span').evaluate((e: any) => e.firstChild.textContent)).toBe(EVIL_NAME);
    await page.click('#findings-table tbody button.expand');
    const detail = page.locator('#findings-table tbody tr.detail');
    await expect.poll(() => detail.innerText()).toContain(EVIL_TAG);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#findings-table img').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('expands a finding to its evidence, remediation and framework mappings', async () => {
    const { page, errors } = await openReport();
    await page.selectOption('#f-status', 'FAIL');
    await page.selectOption('#f-checkId', 'ebs-volume-unattached');
    const button = page.locator('#findings-table tbody tr.finding').first().locator('button.expand');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await button.click();
    const expanded = page.locator('#findings-table tbody tr.finding').first().locator('button.expand');
    expect(await expanded.getAttribute('aria-expanded')).toBe('true');
    const detail = page.locator('#findings-table tbody tr.detail');
    const text = await detail.innerText();
    expect(text).toContain('Evidence');
    expect(text).toMatch(/Size\s+[\d,]+ GiB/);
    expect(text).toContain('Snapshot the volume if its data matters');
    expect(text).toContain('aws-trusted-advisor: DAvU99Dc4C');
    expect(text).toMatch(/Monthly cost\s+\$\d+\.\d{2} \(estimate: the list price of what the resource provisions\)/);
    expect(await page.locator('#findings-table tbody tr.finding').first().locator('td.num span').getAttribute('title')).toMatch(/^estimate: /);
    expect(await detail.locator('a:not(.console)').getAttribute('href')).toBe('https://docs.aws.amazon.com/ebs/latest/userguide/ebs-deleting-volume.html');
    await page.locator('#findings').screenshot({ path: join(ARTIFACTS, 'report-finding-expanded.png') });
    await expanded.click();
    expect(await page.locator('#findings-table tbody tr.detail').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sorts by monthly waste and pages', async () => {
    const { page, errors } = await openReport();
    await page.selectOption('#f-status', '');
    await page.click('button[data-sort="waste"]');
    expect(await page.getAttribute('th:has(button[data-sort="waste"])', 'aria-sort')).toBe('descending');
    const costs = (await page.locator('#findings-table tbody td.num').allInnerTexts()).map((t) => Number(t.replace(/[$,]/g, '') || -1));
    const max = Math.max(...current.findings.map((f) => f.estimatedMonthlyCostUsd ?? 0));
    expect(costs[0]).toBeCloseTo(max, 2);
    expect([...costs].sort((a, b) => b - a)).toEqual(costs);
    await page.click('#next-page');
    expect(await statusText(page)).toContain('Showing 51–100 of');
    expect(await page.locator('#page-info').innerText()).toBe(`Page 2 of ${Math.ceil(current.findings.length / 50)}`);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('standalone report without JavaScript', () => {
  it('shows the summary, charts and changes; the table explains it needs JavaScript', async () => {
    const noJs = await launchBrowser({ javaScriptEnabled: false });
    try {
      const { page, errors } = await noJs.newPage();
      await page.goto(reportUrl);
      const text = await page.locator('main').innerText();
      expect(text).toContain('failing findings');
      expect(text).toContain('Accounts to fix first');
      expect(text).toContain(`${diff.newFailures.length.toLocaleString('en-US')}\nnew failures`);
      expect(text).toContain('The findings table needs JavaScript');
      expect(await page.locator('svg.chart').count()).toBe(2);
      expect(await page.locator('#findings-table').isVisible()).toBe(false);
      expect(await page.locator('#filters').isVisible()).toBe(false);
      expect(await page.locator('#pager').isVisible()).toBe(false);
      await page.screenshot({ path: join(ARTIFACTS, 'report-no-javascript.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await noJs.close();
    }
  });
});

describe('standalone report with 100,000 findings', () => {
  it('stays small and usable; size and load time are recorded', async () => {
    const big = sampleScan({ findings: 100_000, accounts: 80, seed: 9 });
    const renderStart = performance.now();
    const html = renderReportHtml({ ...big, diff: null, trend });
    const renderMs = performance.now() - renderStart;
    const file = join(ARTIFACTS, 'report-100k.html');
    await writeFile(file, html);
    const rawJsonBytes = Buffer.byteLength(JSON.stringify(big.findings));

    const { page, errors } = await browser.newPage();
    const loadStart = performance.now();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('html[data-findings-loaded]', { timeout: 120_000 });
    const loadMs = performance.now() - loadStart;
    expect(await page.getAttribute('html', 'data-findings-loaded')).toBe(String(big.findings.length));
    expect(await rowCount(page)).toBe(50);

    const filterStart = performance.now();
    await page.selectOption('#f-status', '');
    await page.fill('#f-q', 'payments');
    await page.waitForFunction(() => /filtered from 100,001/.test(document.getElementById('table-status')!.textContent ?? ''));
    const searchMs = performance.now() - filterStart;
    const sortStart = performance.now();
    await page.click('button[data-sort="waste"]');
    await page.waitForFunction(() => document.querySelector('th:has(button[data-sort="waste"])')!.getAttribute('aria-sort') === 'descending');
    const sortMs = performance.now() - sortStart;
    const heapMb = await page.evaluate(() => ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 1e6);
    expect(errors).toEqual([]);
    await page.close();

    const metrics = {
      findings: big.findings.length,
      htmlBytes: Buffer.byteLength(html),
      htmlMB: +(Buffer.byteLength(html) / 1e6).toFixed(2),
      rawFindingsJsonMB: +(rawJsonBytes / 1e6).toFixed(1),
      renderMs: Math.round(renderMs),
      chromiumLoadToTableMs: Math.round(loadMs),
      searchMs: Math.round(searchMs),
      sortMs: Math.round(sortMs),
      jsHeapMB: Math.round(heapMb),
    };
    await writeFile(join(ARTIFACTS, 'report-100k-metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
    console.log('standalone report with 100,000 findings:', metrics);
    // A size budget, not a timing: an order of magnitude under the raw JSON.
    expect(metrics.htmlBytes).toBeLessThan(rawJsonBytes / 10);
  }, 300_000);
});
