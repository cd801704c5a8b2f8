// Service lifecycle: start-up recovery of scans left running, graceful shutdown, rate limits.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type ScanSummary } from '../../checks/types.js';
import { DEFAULT_CONCURRENCY, type ScanRequest, type ScanRunOptions } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { startService, type RunningService, type ServiceOptions } from '../../server/service.js';
import { openStore } from '../../store/open.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import { makeFinding } from '../helpers/sample-findings.js';

const operator = createToken('operator');
const baseRequest: ScanRequest = {
  org: false,
  accounts: ['111111111111'],
  regions: ['eu-west-1'],
  roleName: 'OrgScanReadOnly',
  concurrency: DEFAULT_CONCURRENCY,
  options: DEFAULT_CHECK_OPTIONS,
};

function summary(options: ScanRunOptions, status: ScanSummary['status']): ScanSummary {
  return {
    id: options.id!,
    startedAt: options.now!().toISOString(),
    finishedAt: new Date().toISOString(),
    status,
    accounts: ['111111111111'],
    regions: ['eu-west-1'],
    checks: ['ebs-volume-unattached'],
    apiCalls: { total: 1, throttled: 0, retries: 0, byOperation: {} },
    errors: [],
    progress: emptyProgress(),
    counts: emptyCounts(),
  };
}

const dirs: string[] = [];
const services: RunningService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.close()));
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function start(over: Partial<ServiceOptions>): Promise<RunningService> {
  const service = await startService({
    baseRequest,
    retentionDays: 30,
    port: 0,
    tokens: parseTokenEntries(operator.entry, 'test'),
    logger: pino({ level: 'silent' }),
    ...over,
  });
  services.push(service);
  return service;
}

const post = (service: RunningService, path: string, body: unknown) =>
  fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('service lifecycle', () => {
  it('marks scans left running by a dead process interrupted at start-up and re-queues queue scans', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orgscan-life-'));
    dirs.push(dir);
    const store = await openStore({ dataDir: dir });
    const scope = { org: false, accounts: ['111111111111'], regions: ['eu-west-1'] };
    const fromQueue = await store.createScan({ id: 'dead-queue-scan', source: 'queue', scope, scopeKey: 'k1' });
    await store.markScanRunning(fromQueue.scan.id, new Date());
    await store.createScan({ id: 'dead-api-scan', source: 'api', scope: { ...scope, regions: ['us-east-1'] }, scopeKey: 'k2' });
    await store.close();

    const runs: ScanRequest[] = [];
    const service = await start({
      dataDir: dir,
      runScan: async (request, options) => {
        runs.push(request);
        return summary(options, 'succeeded');
      },
    });
    expect((await service.store.getScan('dead-queue-scan'))!.status).toBe('interrupted');
    expect((await service.store.getScan('dead-api-scan'))!.status).toBe('interrupted');
    const requeued = (await service.store.listScans()).items.filter((s) => s.requeuedFrom === 'dead-queue-scan');
    expect(requeued).toHaveLength(1);
    expect(requeued[0]!.source).toBe('queue');
    // Only the queue scan is re-run.
    for (;;) {
      if ((await service.store.getScan(requeued[0]!.id))!.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(runs).toHaveLength(1);
    expect(runs[0]!.regions).toEqual(['eu-west-1']);
  });

  it('on shutdown lets running units finish, records the scan interrupted, and refuses new scans', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orgscan-life-'));
    dirs.push(dir);
    let markRunning!: () => void;
    const running = new Promise<void>((r) => (markRunning = r));
    const service = await start({
      dataDir: dir,
      shutdownGraceMs: 10_000,
      runScan: async (_request, options) => {
        const hooks = options.hooks!;
        markRunning();
        await new Promise<void>((resolve) => hooks.signal!.addEventListener('abort', () => resolve(), { once: true }));
        // The unit in flight finishes after the abort and is still stored.
        await hooks.onFindings!([makeFinding({ resourceId: 'vol-late' })]);
        return summary(options, 'cancelled');
      },
    });
    const res = await post(service, '/scans', {});
    const { scan } = (await res.json()) as { scan: { id: string } };
    await running;
    await service.close();
    services.splice(services.indexOf(service), 1);
    expect(service.manager.isAccepting).toBe(false);
    await expect(service.manager.submit({ scope: { org: false, accounts: ['111111111111'] }, source: 'api' })).rejects.toThrow(/shutting down/);
    const store = await openStore({ dataDir: dir });
    try {
      expect(await store.getScan(scan.id)).toMatchObject({ status: 'interrupted' });
      expect(await store.countFindings(scan.id)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('records a scan that outlives the shutdown deadline as interrupted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orgscan-life-'));
    dirs.push(dir);
    let markRunning!: () => void;
    const running = new Promise<void>((r) => (markRunning = r));
    const service = await start({
      dataDir: dir,
      shutdownGraceMs: 50,
      runScan: async (_request, options) => {
        markRunning();
        await new Promise(() => undefined); // a unit that never finishes
        return summary(options, 'succeeded');
      },
    });
    const res = await post(service, '/scans', {});
    const { scan } = (await res.json()) as { scan: { id: string } };
    await running;
    await service.close();
    services.splice(services.indexOf(service), 1);
    const store = await openStore({ dataDir: dir });
    try {
      expect(await store.getScan(scan.id)).toMatchObject({ status: 'interrupted', failureReason: 'the service stopped before the scan finished' });
    } finally {
      await store.close();
    }
  });

  it('queues scans beyond the concurrency limit and cancels a queued one at once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const started: string[] = [];
    const service = await start({
      maxConcurrentScans: 1,
      runScan: async (request, options) => {
        started.push(request.regions!.join(','));
        await gate;
        return summary(options, 'succeeded');
      },
    });
    const first = (await (await post(service, '/scans', { regions: ['eu-west-1'] })).json()) as { scan: { id: string } };
    const second = (await (await post(service, '/scans', { accounts: ['111111111111'], regions: ['eu-west-1'], checks: ['ebs-volume-unattached'] })).json()) as { scan: { id: string } };
    for (;;) {
      if ((await service.store.getScan(first.scan.id))!.status === 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await service.store.getScan(second.scan.id))!.status).toBe('queued');
    const del = await fetch(`${service.url}/scans/${second.scan.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${operator.token}` } });
    expect(await del.json()).toEqual({ id: second.scan.id, status: 'cancelled' });
    expect(await service.store.getScan(second.scan.id)).toMatchObject({ status: 'cancelled', failureReason: 'cancelled before it started' });
    release();
    for (;;) {
      if ((await service.store.getScan(first.scan.id))!.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(started).toEqual(['eu-west-1']);
    expect((await service.store.getScan(second.scan.id))!.status).toBe('cancelled');
  });

  it('refuses scans past the waiting-line cap with 429 and Retry-After, and takes them again once there is room', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const service = await start({
      maxConcurrentScans: 1,
      maxQueuedScans: 2,
      runScan: async (_request, options) => {
        await gate;
        return summary(options, 'succeeded');
      },
    });
    // Distinct scopes, so none is answered with an active scan of the same scope.
    const scopes = ['ebs-volume-unattached', 's3-bucket-versioning', 'iam-root-mfa', 'rds-instance-single-az', 'ebs-volume-unattached,iam-root-mfa'].map((c) => ({
      checks: c.split(','),
    }));
    const answers = [];
    for (const scope of scopes) answers.push(await post(service, '/scans', scope));
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202, 429, 429]);
    expect(answers[3]!.headers.get('retry-after')).toBe('60');
    expect(await answers[3]!.json()).toEqual({ statusCode: 429, error: 'Too Many Requests', message: '2 scans are already waiting to run; retry later' });
    const { items } = (await (await fetch(`${service.url}/scans`, { headers: { authorization: `Bearer ${operator.token}` } })).json()) as { items: unknown[] };
    expect(items).toHaveLength(3);
    // Asking again for a scope already waiting needs no room: the answer is that scan.
    const again = await post(service, '/scans', scopes[1]);
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ created: false, reason: 'same-scope-active' });

    release();
    for (;;) {
      const { items: done } = (await (await fetch(`${service.url}/scans?status=succeeded`, { headers: { authorization: `Bearer ${operator.token}` } })).json()) as {
        items: unknown[];
      };
      if (done.length === 3) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await post(service, '/scans', scopes[3])).status).toBe(202);
  });

  it('rate-limits per token', async () => {
    const service = await start({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
    const other = createToken('reader');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const r = await fetch(`${service.url}/scans`, { headers: { authorization: `Bearer ${operator.token}` } });
      statuses.push(r.status);
      if (r.status === 429) expect(await r.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.stringContaining('rate limit') });
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // Another client has its own budget; health checks are never limited.
    expect((await fetch(`${service.url}/scans`, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(401);
    for (let i = 0; i < 5; i += 1) expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  });

  it('refuses to start without API tokens', async () => {
    await expect(start({ tokens: [] })).rejects.toThrow(/no API tokens configured/);
  });
});
