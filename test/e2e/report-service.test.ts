// The service's report page (GET /scans/:id/report, GET /report) in headless Chromium: the summary
// comes from the store, the findings table pages through GET /scans/:id/findings with a bearer token.
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingStatus, Severity } from '../../checks/types.js';
import { InvalidCursorError, type FindingOrder, type Store } from '../../store/types.js';
import { reportRoutes } from '../../server/routes/report.js';
import { reportCsp } from '../../reports/html/page.js';
import { unpackFindings } from '../../reports/html/payload.js';
import { memoryStore, seedScan } from '../helpers/report-store.js';
import { EVIL_NAME, previousSampleScan, sampleScan } from '../helpers/sample-findings.js';
import { ARTIFACTS, launchBrowser, type Browser } from './browser.js';

const TOKEN = 'test-reader-token-0123456789';
const current = sampleScan({ findings: 600, accounts: 10 });
const previous = previousSampleScan(current);

let store: Store;
let app: FastifyInstance;
let base: string;
// Browser globals inside page.evaluate / waitForFunction callbacks (the project has no DOM lib).
declare const document: any;
declare const window: any;

let browser: Browser;
const findingRequests: string[] = [];

const list = (v: unknown) => (typeof v === 'string' && v ? v.split(',') : undefined);

/** The findings route with the API's shape ({ items, nextCursor, total }), as the service serves it. */
async function findingsRoute(instance: FastifyInstance) {
  instance.get<{ Params: { id: string }; Querystring: Record<string, string> }>('/scans/:id/findings', async (request, reply) => {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', message: 'missing bearer token' });
    findingRequests.push(request.url);
    const q = request.query;
    const filter = {
      status: list(q.status) as FindingStatus[] | undefined,
      severity: list(q.severity) as Severity[] | undefined,
      checkId: list(q.checkId),
      accountId: list(q.accountId),
      region: list(q.region),
      q: q.q || undefined,
    };
    try {
      const page = await store.listFindings(request.params.id, filter, {
        limit: q.limit ? Number(q.limit) : undefined,
        cursor: q.cursor || undefined,
        order: (q.sort || 'seq') as FindingOrder,
      });
      // As the API: the total of the filters on the first page of a view, null on later pages.
      return { ...page, total: q.cursor ? null : await store.countFindings(request.params.id, filter) };
    } catch (err) {
      if (err instanceof InvalidCursorError) return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message: err.message });
      throw err;
    }
  });
}

beforeAll(async () => {
  store = await memoryStore();
  await seedScan(store, previous);
  await seedScan(store, current);
  // The service's validation options: unknown fields are rejected, query strings coerced.
  app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } } });
  app.addSchema({ $id: 'Error', type: 'object', properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } } });
  await app.register(findingsRoute);
  await app.register(reportRoutes, { store });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

describe('report routes', () => {
  it('serves the latest report with a strict CSP and no embedded findings', async () => {
    const res = await app.inject({ method: 'GET', url: '/report' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(reportCsp('service'));
    expect(res.body).toContain(`Scan <code>${current.scan.id}</code>`);
    expect(res.body).not.toContain('id="orgscan-data"');
    expect(res.body).not.toContain(EVIL_NAME);
  });

  it('diffs against the previous scan of the scope', async () => {
    const res = await app.inject({ method: 'GET', url: `/scans/${current.scan.id}/report` });
    const newFailures = current.findings.filter((f) => f.status === 'FAIL' && previous.findings.find((p) => p.resourceId === f.resourceId && p.checkId === f.checkId && p.accountId === f.accountId && p.region === f.region)?.status !== 'FAIL').length;
    expect(res.body).toContain(`<span class="n">${newFailures}</span><span class="l">new since previous scan</span>`);
    const first = await app.inject({ method: 'GET', url: `/scans/${previous.scan.id}/report` });
    expect(first.body).toContain('No previous finished scan of this scope');
  });

  it('answers the standalone file as a download', async () => {
    const res = await app.inject({ method: 'GET', url: `/scans/${current.scan.id}/report?download=1` });
    expect(res.headers['content-disposition']).toBe(`attachment; filename="orgscan-report-${current.scan.id}.html"`);
    const packed = /id="orgscan-data">([^<]*)</.exec(res.body)![1]!;
    expect(unpackFindings(packed)).toHaveLength(current.findings.length);
  });

  it('answers 404 for an unknown scan and a bad query', async () => {
    const res = await app.inject({ method: 'GET', url: '/scans/nope/report' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'no scan with id nope' });
    expect((await app.inject({ method: 'GET', url: '/report?x=1' })).statusCode).toBe(400);
  });
});

describe('report page in Chromium', () => {
  it('asks for a token, then pages and filters through the API', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${base}/report`);
    await page.waitForSelector('#token-form:not([hidden])');
    expect(await page.locator('#table-status').innerText()).toContain('not authorized');
    errors.length = 0; // the 401 itself is logged by Chromium as a failed resource
    await page.fill('#f-token', TOKEN);
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('html[data-findings-loaded="50"]');
    expect(await page.locator('#findings-table tbody tr.finding').count()).toBe(50);
    // The report opens on failing findings, in triage order, with the total the API counted.
    const failing = current.findings.filter((f) => f.status === 'FAIL').length;
    expect(findingRequests.at(-1)).toMatch(/status=FAIL&limit=50&sort=triage$/);
    expect(await page.locator('#table-status').innerText()).toBe(`Showing 1–50 of ${failing.toLocaleString('en-US')} findings`);

    await page.click('#next-page');
    await page.waitForFunction(() => /^Page 2 of /.test(document.getElementById('page-info')!.textContent));
    expect(findingRequests.at(-1)).toContain('cursor=');
    await page.click('#prev-page');
    await page.waitForFunction(() => /^Page 1 of /.test(document.getElementById('page-info')!.textContent));

    const account = current.scan.accounts[1]!;
    await page.selectOption('#f-accountId', account);
    await page.waitForFunction((a) => [...document.querySelectorAll('#findings-table tbody tr.finding td:nth-child(5)')].every((td) => td.textContent.startsWith(a)), account);
    expect(findingRequests.at(-1)).toMatch(new RegExp(`status=FAIL&accountId=${account}&limit=50&sort=triage$`));
    const expected = current.findings.filter((f) => f.status === 'FAIL' && f.accountId === account).length;
    await expect.poll(() => page.locator('#findings-table tbody tr.finding').count()).toBe(Math.min(50, expected));

    await page.locator('#findings-table tbody button.expand').first().click();
    expect(await page.locator('#findings-table tbody tr.detail').innerText()).toContain('Remediation');
    await page.screenshot({ path: join(ARTIFACTS, 'report-service.png'), fullPage: false });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('takes the token from the URL fragment and removes it from the address', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${base}/scans/${current.scan.id}/report#token=${TOKEN}`);
    await page.waitForSelector('html[data-findings-loaded]');
    expect(page.url()).toBe(`${base}/scans/${current.scan.id}/report`);
    await page.fill('#f-q', EVIL_NAME);
    await page.waitForFunction(() => document.querySelectorAll('#findings-table tbody tr.finding').length === 1);
    // The resource id as text (then its console link), never as markup.
    expect(await page.locator('#findings-table tbody td.res > span').evaluate((n) => n.firstChild.textContent)).toBe(EVIL_NAME);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });
});
