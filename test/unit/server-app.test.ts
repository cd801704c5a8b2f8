// The HTTP service over the embedded store with a scripted engine: auth, validation, error shape,
// de-duplication, idempotency, cancellation, suppressions, metrics, OpenAPI, rate limits, shutdown.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type Finding, type ScanSummary } from '../../checks/types.js';
import { DEFAULT_CONCURRENCY, type ScanRequest, type ScanRunOptions } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { startService, type RunningService } from '../../server/service.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import { makeFinding } from '../helpers/sample-findings.js';

const A = '111111111111';
const B = '222222222222';
const operator = createToken('operator');
const reader = createToken('reader');

const baseRequest: ScanRequest = {
  org: false,
  accounts: [A, B],
  regions: ['eu-west-1'],
  roleName: 'OrgScanReadOnly',
  concurrency: DEFAULT_CONCURRENCY,
  options: DEFAULT_CHECK_OPTIONS,
};

/** A scripted engine: each scan emits its findings in two batches, then waits for `release` (or its signal). */
class FakeEngine {
  calls: { request: ScanRequest; options: ScanRunOptions }[] = [];
  findings: Finding[] = [makeFinding({ resourceId: 'vol-1' }), makeFinding({ resourceId: 'vol-2', status: 'PASS', estimatedMonthlyCostUsd: null }), makeFinding({ resourceId: 'vol-3', accountId: B, estimatedMonthlyCostUsd: 20 })];
  private gates: (() => void)[] = [];
  hold = false;

  release(): void {
    this.gates.splice(0).forEach((g) => g());
  }

  run = async (request: ScanRequest, options: ScanRunOptions): Promise<ScanSummary> => {
    this.calls.push({ request, options });
    const hooks = options.hooks!;
    const startedAt = options.now!().toISOString();
    const findings = this.findings.filter((f) => !request.accounts || request.accounts.includes(f.accountId)).map((f) => ({ ...f }));
    const counts = emptyCounts();
    for (const f of findings) {
      const match = hooks.suppress?.(f) ?? null;
      if (match) Object.assign(f, { status: 'MUTED', mutedBy: match });
      counts[f.status] += 1;
    }
    await hooks.onFindings?.(findings.slice(0, 1));
    hooks.onProgress?.({ ...emptyProgress(), unitsTotal: 2, unitsDone: 1 });
    if (this.hold && !hooks.signal?.aborted) {
      await new Promise<void>((resolve) => {
        this.gates.push(resolve);
        hooks.signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    if (!hooks.signal?.aborted) await hooks.onFindings?.(findings.slice(1));
    return {
      id: options.id!,
      startedAt,
      finishedAt: new Date().toISOString(),
      status: hooks.signal?.aborted ? 'cancelled' : 'succeeded',
      accounts: request.accounts ?? [],
      regions: request.regions ?? [],
      checks: ['ebs-volume-unattached'],
      apiCalls: { total: 7, throttled: 0, retries: 0, byOperation: {} },
      errors: [],
      progress: { ...emptyProgress(), unitsTotal: 2, unitsDone: 2, apiCalls: 7, findings: findings.length },
      counts,
    };
  };
}

describe('orgscan service (embedded store, scripted engine)', () => {
  const engine = new FakeEngine();
  let service: RunningService;
  const logLines: string[] = [];

  const call = async (method: string, path: string, opts: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const token = opts.token === undefined ? operator.token : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${service.url}${path}`, { method, headers, body: opts.body !== undefined ? JSON.stringify(opts.body) : null });
    const text = await res.text();
    let json: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, headers: res.headers, json, text };
  };

  const waitFor = async (id: string, statuses: string[]) => {
    for (;;) {
      const r = await call('GET', `/scans/${id}`, { token: reader.token });
      if (statuses.includes(r.json.status)) return r.json;
      await new Promise((res) => setTimeout(res, 20));
    }
  };

  beforeAll(async () => {
    const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    service = await startService({
      baseRequest,
      retentionDays: 30,
      port: 0,
      tokens: parseTokenEntries(`${operator.entry},${reader.entry}`, 'test'),
      logger,
      runScan: engine.run,
      rateLimit: { max: 1000, timeWindowMs: 60_000 },
    });
  });
  afterAll(async () => {
    await service?.close();
  });

  it('answers liveness and readiness without a token', async () => {
    expect(await call('GET', '/healthz', { token: null })).toMatchObject({ status: 200, json: { status: 'ok' } });
    expect(await call('GET', '/readyz', { token: null })).toMatchObject({ status: 200, json: { status: 'ready' } });
  });

  it('sends 401 without a valid token and 403 for the wrong role, in one error shape', async () => {
    const none = await call('GET', '/scans', { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.json).toEqual({ statusCode: 401, error: 'Unauthorized', message: expect.stringContaining('missing bearer token') });
    const wrong = await call('GET', '/scans', { token: createToken('operator').token });
    expect(wrong).toMatchObject({ status: 401, json: { message: 'the bearer token is not valid' } });
    const forbidden = await call('POST', '/scans', { token: reader.token, body: {} });
    expect(forbidden).toMatchObject({ status: 403, json: { statusCode: 403, error: 'Forbidden', message: expect.stringContaining('operator role') } });
    expect((await call('GET', '/metrics', { token: null })).status).toBe(401);
  });

  it('answers bad input with 400 and a precise message', async () => {
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/scans', { accounts: ['999999999999'] }, /accounts: "999999999999" is not among the configured accounts/],
      ['POST', '/scans', { roleArn: 'arn:aws:iam::111111111111:role/Admin' }, /body: unknown field "roleArn"/],
      ['POST', '/scans', { regions: 'eu-west-1' }, /body.regions must be array/],
      ['POST', '/scans', { checks: ['nope'] }, /unknown check id: nope/],
      ['GET', '/scans?limit=5000', undefined, /querystring.limit must be <= 1000/],
      ['GET', '/scans?status=done', undefined, /status: unknown value "done"/],
      ['GET', '/findings?severity=urgent', undefined, /severity: unknown value "urgent"/],
      ['GET', '/scans/bad%20id', undefined, /params.id must be 1-64 letters, digits, _ or -/],
      ['GET', '/scans?bogus=1', undefined, /querystring: unknown field "bogus"/],
    ];
    for (const [method, path, body, message] of cases) {
      const r = await call(method, path, { body });
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.json).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(message) });
    }
    const badJson = await fetch(`${service.url}/scans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' },
      body: '{"accounts": [',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    const huge = await call('POST', '/scans', { body: { accounts: Array.from({ length: 20000 }, () => A) } });
    expect(huge.status).toBe(413);
    expect(huge.json).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });
  });

  it('starts a scan, returns the running scan for the same scope, honours Idempotency-Key, and cancels', async () => {
    engine.hold = true;
    const first = await call('POST', '/scans', { body: { accounts: [A] }, headers: { 'idempotency-key': 'req-1' } });
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ created: true, reason: null, scan: { status: 'queued', scope: { accounts: [A] } } });
    const id = first.json.scan.id as string;
    expect(first.headers.get('location')).toBe(`/scans/${id}`);
    await waitFor(id, ['running']);

    const same = await call('POST', '/scans', { body: { accounts: [A] } });
    expect(same).toMatchObject({ status: 202, json: { created: false, reason: 'same-scope-active', scan: { id } } });
    const replay = await call('POST', '/scans', { body: { accounts: [A] }, headers: { 'idempotency-key': 'req-1' } });
    expect(replay.json).toMatchObject({ created: false, scan: { id } });
    const misuse = await call('POST', '/scans', { body: { accounts: [B] }, headers: { 'idempotency-key': 'req-1' } });
    expect(misuse).toMatchObject({ status: 422, json: { message: expect.stringContaining('different scope') } });
    expect(engine.calls).toHaveLength(1);
    // The request narrows the configured scope; role and limits come from configuration.
    expect(engine.calls[0]!.request).toMatchObject({ accounts: [A], regions: ['eu-west-1'], roleName: 'OrgScanReadOnly' });

    expect(await call('DELETE', `/scans/${id}`, { token: reader.token })).toMatchObject({ status: 403 });
    expect(await call('DELETE', `/scans/${id}`)).toMatchObject({ status: 202, json: { id, status: 'cancelling' } });
    const cancelled = await waitFor(id, ['cancelled']);
    expect(cancelled.counts).toBeDefined();
    expect(await call('DELETE', `/scans/${id}`)).toMatchObject({ status: 409, json: { message: expect.stringContaining('already ended (cancelled)') } });
    expect(await call('DELETE', '/scans/does-not-exist')).toMatchObject({ status: 404 });
    engine.hold = false;
  });

  it('runs scans to completion and serves findings, the latest scan, diffs, and CSV', async () => {
    const r1 = await call('POST', '/scans'); // no body: the configured scope
    const s1 = await waitFor(r1.json.scan.id, ['succeeded']);
    expect(s1.progress).toMatchObject({ unitsDone: 2, unitsTotal: 2 });

    const all = await call('GET', `/scans/${s1.id}/findings?limit=2`, { token: reader.token });
    expect(all.json.items.map((f: Finding) => f.resourceId)).toEqual(['vol-1', 'vol-2']);
    const next = await call('GET', `/scans/${s1.id}/findings?limit=2&cursor=${all.json.nextCursor}`, { token: reader.token });
    expect(next.json).toMatchObject({ nextCursor: null, items: [{ resourceId: 'vol-3' }] });
    const failing = await call('GET', `/findings?status=FAIL&accountId=${A}`, { token: reader.token });
    expect(failing.json).toMatchObject({ scanId: s1.id, items: [{ resourceId: 'vol-1', status: 'FAIL', firstSeenAt: expect.any(String) }] });
    // Largest monthly waste first, across pages; the cursor carries the order.
    const byWaste = await call('GET', `/scans/${s1.id}/findings?limit=2&sort=waste`, { token: reader.token });
    expect(byWaste.json.items.map((f: Finding) => f.resourceId)).toEqual(['vol-3', 'vol-1']);
    const wasteNext = await call('GET', `/scans/${s1.id}/findings?limit=2&sort=waste&cursor=${byWaste.json.nextCursor}`, { token: reader.token });
    expect(wasteNext.json).toMatchObject({ nextCursor: null, items: [{ resourceId: 'vol-2' }] });
    const mixed = await call('GET', `/scans/${s1.id}/findings?limit=2&cursor=${byWaste.json.nextCursor}`, { token: reader.token });
    expect(mixed).toMatchObject({ status: 400, json: { message: expect.stringContaining('invalid cursor') } });
    // Totals on the first page; triage order; search; every filter narrows the total.
    expect(all.json.total).toBe(3);
    expect(next.json.total).toBeNull();
    const triage = await call('GET', `/scans/${s1.id}/findings?limit=1&sort=triage`, { token: reader.token });
    expect(triage.json.total).toBe(3);
    const triageAll = [triage.json.items[0].resourceId];
    for (let cursor = triage.json.nextCursor; cursor; ) {
      const page = await call('GET', `/scans/${s1.id}/findings?limit=1&sort=triage&cursor=${cursor}`, { token: reader.token });
      triageAll.push(page.json.items[0].resourceId);
      cursor = page.json.nextCursor;
    }
    expect([...triageAll].sort()).toEqual(['vol-1', 'vol-2', 'vol-3']);
    // A status-only total comes from the scan's counts; the same total counted row by row agrees.
    const byCounts = await call('GET', `/scans/${s1.id}/findings?status=FAIL,PASS`, { token: reader.token });
    const byRows = await call('GET', `/scans/${s1.id}/findings?status=FAIL,PASS&q=vol-`, { token: reader.token });
    expect(byCounts.json.total).toBe(byRows.json.total);
    expect(byCounts.json.total).toBe(byCounts.json.items.length);
    const search = await call('GET', `/scans/${s1.id}/findings?q=VOL-3`, { token: reader.token });
    expect(search.json).toMatchObject({ total: 1, items: [{ resourceId: 'vol-3' }] });
    expect(await call('GET', `/scans/${s1.id}/findings?q=${'x'.repeat(201)}`, { token: reader.token })).toMatchObject({ status: 400 });
    expect(await call('GET', '/findings?sort=cost', { token: reader.token })).toMatchObject({ status: 400 });
    const badCursor = await call('GET', `/findings?cursor=xyz`, { token: reader.token });
    expect(badCursor).toMatchObject({ status: 400, json: { message: expect.stringContaining('invalid cursor') } });

    const csv = await call('GET', `/scans/${s1.id}/findings?format=csv&status=FAIL`, { token: reader.token });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toMatch(/^checkId,status,severity,accountId/);
    expect(rows).toHaveLength(3);

    // Second scan: vol-1 fixed, vol-4 added.
    engine.findings = [makeFinding({ resourceId: 'vol-1', status: 'PASS' }), makeFinding({ resourceId: 'vol-2', status: 'PASS' }), makeFinding({ resourceId: 'vol-3', accountId: B }), makeFinding({ resourceId: 'vol-4' })];
    const r2 = await call('POST', '/scans', { body: {} });
    const s2 = await waitFor(r2.json.scan.id, ['succeeded']);
    const diff = await call('GET', `/scans/${s2.id}/diff`, { token: reader.token });
    expect(diff.json).toMatchObject({ scanId: s2.id, againstScanId: s1.id, counts: { newFailures: 1, stillFailing: 1, resolved: 1, newErrors: 0 } });
    expect(diff.json.newFailures[0].resourceId).toBe('vol-4');
    expect(diff.json.resolved[0].resourceId).toBe('vol-1');
    expect(diff.json.stillFailing[0]).toMatchObject({ resourceId: 'vol-3', firstSeenAt: s1.startedAt });
    const explicit = await call('GET', `/scans/${s2.id}/diff?against=${s1.id}`, { token: reader.token });
    expect(explicit.json.counts).toEqual(diff.json.counts);
    expect(await call('GET', `/scans/${s2.id}/diff?against=${s2.id}`, { token: reader.token })).toMatchObject({ status: 400 });

    const report = await call('GET', `/scans/${s2.id}/report`, { token: reader.token });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/html/);
    expect((await call('GET', '/report', { token: null })).status).toBe(401);

    const list = await call('GET', '/scans?limit=2', { token: reader.token });
    expect(list.json.items.map((s: { id: string }) => s.id)).toEqual([s2.id, s1.id]);
    expect(list.json.nextCursor).toEqual(expect.any(String));
  });

  it('manages suppressions through the API and applies them to later scans', async () => {
    const bad = await call('POST', '/suppressions', { body: { checkId: 'ebs-volume-unattached', reason: 'x', expires: '2026-02-30' } });
    expect(bad).toMatchObject({ status: 400, json: { message: expect.stringContaining('expires') } });
    const rule = { id: 'keep-vol-4', resourceId: 'vol-4', reason: 'kept for the migration', expires: '2099-01-01' };
    const created = await call('POST', '/suppressions', { body: rule });
    expect(created).toMatchObject({ status: 201, json: { id: 'keep-vol-4', source: 'api' } });
    expect(await call('POST', '/suppressions', { body: rule })).toMatchObject({ status: 409 });
    expect((await call('GET', '/suppressions', { token: reader.token })).json.items).toEqual([expect.objectContaining({ id: 'keep-vol-4', source: 'api' })]);

    const r = await call('POST', '/scans', { body: {} });
    const scan = await waitFor(r.json.scan.id, ['succeeded']);
    const muted = await call('GET', `/scans/${scan.id}/findings?status=MUTED`, { token: reader.token });
    expect(muted.json.items).toEqual([expect.objectContaining({ resourceId: 'vol-4', mutedBy: expect.objectContaining({ ruleId: 'keep-vol-4' }) })]);

    expect(await call('DELETE', '/suppressions/keep-vol-4', { token: reader.token })).toMatchObject({ status: 403 });
    expect((await call('DELETE', '/suppressions/keep-vol-4')).status).toBe(204);
    expect((await call('DELETE', '/suppressions/keep-vol-4')).status).toBe(404);
  });

  it('serves the check registry, Prometheus metrics and the OpenAPI document', async () => {
    const checks = await call('GET', '/checks', { token: reader.token });
    expect(checks.json.items.length).toBeGreaterThan(2);
    expect(checks.json.items[0]).toMatchObject({ id: expect.any(String), severity: expect.any(String), enabled: true, permissions: expect.any(Array) });

    const metrics = await call('GET', '/metrics', { token: reader.token });
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(metrics.text).toMatch(/^orgscan_scans\{status="succeeded"\} [1-9]/m);
    expect(metrics.text).toMatch(/^orgscan_scans_finished_total\{status="cancelled"\} 1$/m);
    expect(metrics.text).toMatch(/^orgscan_aws_api_calls_total [1-9]\d*$/m);
    expect(metrics.text).toMatch(/^orgscan_scan_duration_seconds_count [1-9]/m);
    expect(metrics.text).toMatch(/^orgscan_latest_scan_findings\{status="FAIL"\} \d+$/m);

    const doc = await call('GET', '/openapi.json', { token: null });
    expect(doc.status).toBe(200);
    expect(doc.json.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.json.paths)).toEqual(expect.arrayContaining(['/scans', '/scans/{id}', '/scans/{id}/findings', '/findings', '/scans/{id}/diff', '/checks', '/metrics', '/suppressions']));
    expect(doc.json.paths['/scans'].post.requestBody).toBeDefined();
    const ui = await fetch(`${service.url}/docs/`, { redirect: 'follow' });
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('sends security headers', async () => {
    const r = await call('GET', '/healthz', { token: null });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toBeTruthy();
  });

  it('logs structured lines with the scan id and never the token', () => {
    const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l.msg === 'scan recorded' && typeof l.scanId === 'string')).toBe(true);
    const all = logLines.join('\n');
    expect(all).not.toContain(operator.token);
    expect(all).not.toContain(reader.token);
  });
});
