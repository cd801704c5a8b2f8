// The report as a triage tool, on the demo organization (the service scanning the synthetic AWS):
// it opens on failing findings, most severe, then most waste, then oldest first; sorts and searches
// across every page with totals; keeps its filters in the URL; links each finding to the AWS console.
// Screenshots of the triage view (1366 and 1024 px wide) go to test-artifacts/.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../checks/types.js';
import { startDemo, type RunningDemo } from '../../demo/demo.js';
import { consoleUrl } from '../../reports/html/console-link.js';
import { ARTIFACTS, launchBrowser, type Browser } from './browser.js';

// Browser globals inside page.evaluate / waitForFunction callbacks (the project has no DOM lib).
declare const document: any;
declare const window: any;

let demo: RunningDemo;
let dir: string;
let browser: Browser;
/** Every finding of the demo scan, in stored order. */
let stored: Finding[] = [];

const RANK = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 } as const;
const triage = (a: Finding, b: Finding) =>
  RANK[a.severity] - RANK[b.severity] ||
  (b.estimatedMonthlyCostUsd ?? -1) - (a.estimatedMonthlyCostUsd ?? -1) ||
  (a.firstSeenAt ?? '').localeCompare(b.firstSeenAt ?? '');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'orgscan-triage-e2e-'));
  demo = await startDemo({ accounts: 12, regions: 3, seed: 'orgscan-demo', latencyMs: 0, host: '127.0.0.1', port: 0, dataDir: dir, logLevel: 'error' });
  let cursor: string | null = null;
  do {
    const res = await fetch(`${demo.service.url}/scans/${demo.scan.id}/findings?limit=1000${cursor ? `&cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${demo.token}` },
    });
    const body = (await res.json()) as { items: Finding[]; nextCursor: string | null };
    stored.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function open(hash = '') {
  const { page, errors } = await browser.newPage();
  // As behind a proxy that authenticates the reader: every request carries the token.
  await page.setExtraHTTPHeaders({ authorization: `Bearer ${demo.token}` });
  // A shared link is the same page with the filters in its fragment.
  await page.goto(`${demo.service.url}/scans/${demo.scan.id}/report${hash}`);
  await page.waitForSelector('html[data-findings-loaded]');
  return { page, errors };
}

type Page = Awaited<ReturnType<typeof open>>['page'];
const resources = (page: Page) => page.locator('#findings-table tbody tr.finding td.res > span').evaluateAll((els: any[]) => els.map((e) => e.firstChild.textContent));
const statusText = (page: Page) => page.locator('#table-status').innerText();
const n = (v: number) => v.toLocaleString('en-US');

describe('the triage view on the demo organization', () => {
  it('opens on failing findings by severity, then waste, then first seen, across pages, with the total', async () => {
    const failing = stored.filter((f) => f.status === 'FAIL');
    expect(failing.length).toBeGreaterThan(50);
    const expected = [...failing].sort(triage).map((f) => f.resourceId);
    const { page, errors } = await open();
    expect(await page.inputValue('#f-status')).toBe('FAIL');
    expect(await page.getAttribute('#status-tabs button[data-status="FAIL"]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('th:has(button[data-sort="triage"])', 'aria-sort')).toBe('descending');
    await expect.poll(() => statusText(page)).toBe(`Showing 1–50 of ${n(failing.length)} findings`);
    expect(await resources(page)).toEqual(expected.slice(0, 50));
    await page.screenshot({ path: join(ARTIFACTS, 'triage-view-1366.png'), fullPage: false });
    await page.click('#next-page');
    await expect.poll(() => statusText(page)).toBe(`Showing 51–${Math.min(100, failing.length)} of ${n(failing.length)} findings`);
    expect(await resources(page)).toEqual(expected.slice(50, 100));

    // Passing findings are one click away.
    await page.click('#status-tabs button[data-status="PASS"]');
    const passing = stored.filter((f) => f.status === 'PASS').length;
    await expect.poll(() => statusText(page)).toContain(`of ${n(passing)} findings`);
    expect(new Set(await page.locator('#findings-table tbody tr.finding td:nth-child(2)').allInnerTexts())).toEqual(new Set(['PASS']));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sorts by monthly waste across every page', async () => {
    const failing = stored.filter((f) => f.status === 'FAIL');
    const costs = failing.map((f) => f.estimatedMonthlyCostUsd ?? -1).sort((a, b) => b - a);
    const money = (v: number) => (v < 0 ? '' : `$${v.toFixed(2)}`);
    const { page, errors } = await open();
    await page.click('th button.sort[data-sort="waste"]');
    const cells = () => page.locator('#findings-table tbody tr.finding td.num').allInnerTexts();
    await expect.poll(async () => (await cells())[0]).toBe(money(costs[0]!));
    expect(await cells()).toEqual(costs.slice(0, 50).map(money));
    await page.click('#next-page');
    await expect.poll(async () => (await cells())[0]).toBe(money(costs[50]!));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('searches message, resource id and tags on the server, with the total of every page', async () => {
    // A word of many messages, so the matches span pages.
    const q = 'attached';
    const hit = (f: Finding) =>
      [f.resourceId, f.message, f.resourceArn ?? '', JSON.stringify(f.tags)].some((t) => t.toLowerCase().includes(q));
    const matching = stored.filter((f) => f.status === 'FAIL' && hit(f));
    expect(matching.length).toBeGreaterThan(0);
    const { page, errors } = await open();
    await page.fill('#f-q', q.toUpperCase());
    await expect.poll(() => statusText(page)).toBe(`Showing 1–${Math.min(50, matching.length)} of ${n(matching.length)} findings`);
    expect(await resources(page)).toEqual([...matching].sort(triage).slice(0, 50).map((f) => f.resourceId));

    // A resource id prefix.
    const target = stored.find((f) => f.status === 'FAIL' && f.resourceId.length > 8)!;
    const prefix = target.resourceId.slice(0, target.resourceId.length - 2);
    const byPrefix = stored.filter(
      (f) => f.status === 'FAIL' && [f.resourceId, f.message, f.resourceArn ?? '', JSON.stringify(f.tags)].some((t) => t.toLowerCase().includes(prefix.toLowerCase())),
    );
    await page.fill('#f-q', prefix);
    await expect.poll(() => statusText(page)).toContain(`of ${n(byPrefix.length)} findings`);
    expect(await resources(page)).toContain(target.resourceId);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps the filters in the URL: a copied link opens the same view', async () => {
    const { page, errors } = await open();
    await page.selectOption('#f-severity', 'low');
    await page.selectOption('#f-sort', 'waste');
    await page.fill('#f-q', 'vol-');
    const expected = stored.filter((f) => f.status === 'FAIL' && f.severity === 'low' && [f.resourceId, f.message, f.resourceArn ?? '', JSON.stringify(f.tags)].some((t) => t.toLowerCase().includes('vol-')));
    await expect.poll(() => statusText(page)).toContain(`of ${n(expected.length)} findings`);
    const hash = await page.evaluate(() => window.location.hash as string);
    expect(new URLSearchParams(hash.slice(1)).get('severity')).toBe('low');
    expect(new URLSearchParams(hash.slice(1)).get('sort')).toBe('waste');
    expect(new URLSearchParams(hash.slice(1)).get('q')).toBe('vol-');
    const shown = await statusText(page);
    const first = await resources(page);
    await page.close();

    const again = await open(hash);
    expect(await again.page.inputValue('#f-severity')).toBe('low');
    expect(await again.page.inputValue('#f-sort')).toBe('waste');
    expect(await again.page.inputValue('#f-q')).toBe('vol-');
    await expect.poll(() => statusText(again.page)).toBe(shown);
    expect(await resources(again.page)).toEqual(first);
    expect([...errors, ...again.errors]).toEqual([]);
    await again.page.close();
  });

  it('links each finding to its resource in the AWS console and names the account to switch to', async () => {
    const { page, errors } = await open();
    const rows = page.locator('#findings-table tbody tr.finding');
    const count = await rows.count();
    let checked = 0;
    for (let i = 0; i < count; i++) {
      const id = (await resources(page))[i]!;
      const f = stored.find((x) => x.resourceId === id && x.status === 'FAIL')!;
      const link = rows.nth(i).locator('a.console');
      const expected = consoleUrl(f);
      if (!expected) {
        expect(await link.count()).toBe(0);
        continue;
      }
      expect(await link.getAttribute('href')).toBe(expected);
      expect(await link.getAttribute('title')).toContain(f.accountId);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
    // The account column names the account (the demo organization's names) above its id.
    const firstId = (await resources(page))[0];
    const first = stored.find((x) => x.resourceId === firstId && x.status === 'FAIL')!;
    expect(first.accountName).toBeTruthy();
    expect(await rows.first().locator('td.id').innerText()).toMatch(new RegExp(`^${first.accountName}\\s+${first.accountId}\\s+${first.region}$`));
    const volume = stored.find((f) => f.resourceType === 'AWS::EC2::Volume')!;
    expect(consoleUrl(volume)).toBe(`https://${volume.region}.console.aws.amazon.com/ec2/home?region=${volume.region}#VolumeDetails:volumeId=${volume.resourceId}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the standalone report file of the demo opens on the same triage view', async () => {
    const failing = stored.filter((f) => f.status === 'FAIL');
    const { page, errors } = await browser.newPage();
    await page.goto(pathToFileURL(demo.reportFile).href);
    await page.waitForSelector('html[data-findings-loaded]');
    expect(await statusText(page)).toBe(`Showing 1–50 of ${n(failing.length)} findings (filtered from ${n(stored.length)})`);
    expect(await resources(page)).toEqual([...failing].sort(triage).slice(0, 50).map((f) => f.resourceId));
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.locator('#findings').screenshot({ path: join(ARTIFACTS, 'triage-standalone-1024.png') });
    // Filters in the fragment work in the file too.
    await page.fill('#f-q', 'vol-');
    await expect.poll(() => page.evaluate(() => window.location.hash as string)).toContain('q=vol-');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 1024 px window: no sideways scrolling, ids and dates unbroken', async () => {
    const { page, errors } = await open();
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.waitForTimeout(100);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.screenshot({ path: join(ARTIFACTS, 'triage-view-1024.png'), fullPage: false });
    await page.locator('#findings').screenshot({ path: join(ARTIFACTS, 'triage-table-1024.png') });
    expect(overflow).toBeLessThanOrEqual(0);
    // A date cell is one line: its height is that of one line of text.
    const dateHeights = await page.locator('#findings-table tbody td.date time').evaluateAll((els: any[]) => els.map((e) => e.getClientRects().length));
    expect(dateHeights.every((h: number) => h === 1)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
