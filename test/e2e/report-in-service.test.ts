// The report inside the real service (startService: auth, helmet, the findings API, the store):
// two scans through POST /scans with a scripted engine, then GET /report in headless Chromium,
// with a bearer header (proxy setup) and by signing in at /login (session cookie only).
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type Finding, type ScanSummary } from '../../checks/types.js';
import { reportCsp } from '../../reports/html/page.js';
import { DEFAULT_CONCURRENCY, type ScanRequest, type ScanRunOptions } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { startService, type RunningService } from '../../server/service.js';
import { EVIL_NAME, previousSampleScan, sampleScan } from '../helpers/sample-findings.js';
import { ARTIFACTS, launchBrowser, type Browser } from './browser.js';

// Browser globals inside waitForFunction callbacks (the project has no DOM lib).
declare const document: any;
declare const window: any;

const current = sampleScan({ findings: 800, accounts: 8 });
const previous = previousSampleScan(current);
const reader = createToken('reader');
const operator = createToken('operator');

const baseRequest: ScanRequest = {
  org: false,
  accounts: current.scan.accounts,
  regions: current.scan.regions,
  roleName: 'OrgScanReadOnly',
  concurrency: DEFAULT_CONCURRENCY,
  options: DEFAULT_CHECK_OPTIONS,
};

/** Replays the sample scans: the first POST /scans gets last week's findings, the second today's. */
const samples = [previous, current];
let runs = 0;
async function runScan(_request: ScanRequest, options: ScanRunOptions): Promise<ScanSummary> {
  const sample = samples[runs++]!;
  const findings: Finding[] = sample.findings.map((f) => ({ ...f, firstSeenAt: null }));
  for (let i = 0; i < findings.length; i += 250) await options.hooks?.onFindings?.(findings.slice(i, i + 250));
  return { ...sample.scan, id: options.id!, startedAt: options.now!().toISOString(), finishedAt: new Date().toISOString() };
}

let service: RunningService;
let browser: Browser;

async function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${service.url}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? null : JSON.stringify(init.body) });
}

async function scanToCompletion(): Promise<string> {
  const res = await api('/scans', { method: 'POST', token: operator.token, body: {} });
  const id = ((await res.json()) as { scan: { id: string } }).scan.id;
  for (;;) {
    const scan = (await (await api(`/scans/${id}`, { token: reader.token })).json()) as { status?: string; scan?: { status: string } };
    const status = scan.status ?? scan.scan?.status;
    if (status === 'succeeded') return id;
    if (status && ['failed', 'cancelled', 'interrupted'].includes(status)) throw new Error(`scan ${id} ended ${status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let latestId: string;

beforeAll(async () => {
  service = await startService({
    baseRequest,
    retentionDays: 30,
    port: 0,
    tokens: parseTokenEntries(`${operator.entry},${reader.entry}`, 'test'),
    logger: pino({ level: 'silent' }),
    runScan,
    rateLimit: { max: 10_000, timeWindowMs: 60_000 },
  });
  await scanToCompletion();
  latestId = await scanToCompletion();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe('report routes in the service', () => {
  it('needs a reader token, and answers with the report page CSP', async () => {
    expect((await api('/report')).status).toBe(401);
    const res = await api('/report', { token: reader.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(reportCsp('service'));
    const html = await res.text();
    expect(html).toContain(`Scan <code>${latestId}</code>`);
    expect(html).toContain('new since previous scan');
    expect(html).not.toContain(EVIL_NAME);
  });

  it('renders in Chromium and pages through the real findings API', async () => {
    const { page, errors } = await browser.newPage();
    // As behind a proxy that authenticates the reader: every request carries the token.
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${reader.token}` });
    await page.goto(`${service.url}/report`);
    await page.waitForSelector('html[data-findings-loaded="50"]');
    await page.selectOption('#f-status', 'FAIL');
    await page.selectOption('#f-severity', 'critical');
    await page.waitForFunction(() => [...document.querySelectorAll('#findings-table tbody tr.finding td:nth-child(3)')].every((td: any) => td.textContent === 'critical'));
    const expected = current.findings.filter((f) => f.status === 'FAIL' && f.severity === 'critical').length;
    await expect.poll(() => page.locator('#findings-table tbody tr.finding').count()).toBe(Math.min(50, expected));
    await page.locator('#findings-table tbody button.expand').first().click();
    expect(await page.locator('#findings-table tbody tr.detail').innerText()).toContain('Remediation');
    await page.screenshot({ path: join(ARTIFACTS, 'report-in-service.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sorts by monthly waste across every page of the findings API, not just the page shown', async () => {
    const { page, errors } = await browser.newPage();
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${reader.token}` });
    await page.goto(`${service.url}/report`);
    await page.waitForSelector('html[data-findings-loaded="50"]');
    // The default view shows failing findings only.
    const costs = current.findings.filter((f) => f.status === 'FAIL').map((f) => f.estimatedMonthlyCostUsd ?? -1).sort((a, b) => b - a);
    await page.click('th button.sort[data-sort="waste"]');
    const cells = () => page.locator('#findings-table tbody tr.finding td.num').allInnerTexts();
    const money = (v: number) => (v < 0 ? '' : `$${v.toFixed(2)}`);
    await expect.poll(async () => (await cells())[0]).toBe(money(costs[0]!));
    expect(await cells()).toEqual(costs.slice(0, 50).map(money));
    await page.click('#next-page');
    await expect.poll(async () => (await cells())[0]).toBe(money(costs[50]!));
    expect(await cells()).toEqual(costs.slice(50, 100).map(money));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signs in through the form and loads the findings with the session cookie alone', async () => {
    const { page, errors } = await browser.newPage();
    const sent: { url: string; authorization: string | undefined }[] = [];
    page.on('request', (r) => sent.push({ url: r.url(), authorization: r.headers().authorization }));
    const path = `/scans/${latestId}/report`;

    // A link from a ticket: the browser is sent to the sign-in page and remembers where it was going.
    await page.goto(`${service.url}${path}`);
    expect(page.url()).toBe(`${service.url}/login?next=${encodeURIComponent(path)}`);
    expect(await page.title()).toBe('Sign in — orgscan');
    await page.fill('#token', 'osk_this-is-not-a-configured-token');
    await Promise.all([page.waitForURL(`${service.url}/login`), page.click('form[action="/login"] button[type=submit]')]);
    expect(await page.locator('#login-error').innerText()).toContain('That token was not accepted');
    expect(await page.getAttribute('#token', 'aria-invalid')).toBe('true');
    await page.screenshot({ path: join(ARTIFACTS, 'login-rejected.png'), fullPage: false });
    errors.length = 0; // Chromium logs the 401 answer itself as a failed resource

    await page.fill('#token', reader.token);
    await Promise.all([page.waitForURL(`${service.url}${path}`), page.click('form[action="/login"] button[type=submit]')]);
    await page.waitForSelector('html[data-findings-loaded="50"]');
    expect(await page.locator('#findings-table tbody tr.finding').count()).toBe(50);
    expect(await page.locator('#token-form').isHidden()).toBe(true);
    await page.selectOption('#f-status', 'FAIL');
    await page.waitForFunction(() => [...document.querySelectorAll('#findings-table tbody tr.finding td:nth-child(2)')].every((td: any) => td.textContent === 'FAIL'));
    await page.screenshot({ path: join(ARTIFACTS, 'report-signed-in.png'), fullPage: false });

    const cookie = (await browser.context.cookies(service.url)).find((c) => c.name === 'orgscan_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie.value).not.toContain(reader.token);
    expect(await page.evaluate(() => window.document.cookie)).toBe(''); // HttpOnly: scripts never see it
    expect(sent.filter((r) => r.url.includes('/findings?')).length).toBeGreaterThanOrEqual(2);
    expect(sent.filter((r) => r.authorization !== undefined)).toEqual([]);

    await Promise.all([page.waitForURL(`${service.url}/login?signed-out=1`), page.click('#signout button')]);
    expect(await page.locator('p[role=status]').innerText()).toBe('You have signed out.');
    expect((await browser.context.cookies(service.url)).find((c) => c.name === 'orgscan_session')).toBeUndefined();
    await page.goto(`${service.url}/report`);
    expect(page.url()).toBe(`${service.url}/login?next=%2Freport`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a link carrying #token= at the sign-in page with the token filled in and out of the address bar', async () => {
    const { page, errors } = await browser.newPage();
    const path = `/scans/${latestId}/report`;
    await page.goto(`${service.url}${path}#token=${reader.token}`);
    // The redirect kept the fragment; the page moved it into the field and dropped it from the address.
    await page.waitForURL(`${service.url}/login?next=${encodeURIComponent(path)}`);
    expect(await page.inputValue('#token')).toBe(reader.token);
    expect(await page.evaluate(() => window.location.hash)).toBe('');
    await Promise.all([page.waitForURL(`${service.url}${path}`), page.click('#sign-in')]);
    await page.waitForSelector('html[data-findings-loaded="50"]');
    await Promise.all([page.waitForURL(`${service.url}/login?signed-out=1`), page.click('#signout button')]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signs in without JavaScript and shows the report summary', async () => {
    const noScript = await launchBrowser({ javaScriptEnabled: false });
    try {
      const { page, errors } = await noScript.newPage();
      await page.goto(`${service.url}/report`);
      await page.fill('#token', reader.token);
      await Promise.all([page.waitForURL(`${service.url}/report`), page.click('form[action="/login"] button[type=submit]')]);
      expect(await page.locator('header .meta').innerText()).toContain(latestId);
      expect(await page.locator('#h-summary').isVisible()).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await noScript.close();
    }
  });
});
