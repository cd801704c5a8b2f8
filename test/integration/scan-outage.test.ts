// A PostgreSQL outage during a scan, with the real PostgreSQL (TEST_DATABASE_URL) behind a loopback TCP
// proxy the test closes (every connection dropped, new ones refused) and reopens. A scan whose findings
// cannot be stored ends `failed` with the reason, with the counts of what it stored, once the database
// is back, and frees its scope; a write failing during a short outage is retried and the scan completes.
import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type ScanSummary } from '../../checks/types.js';
import { DEFAULT_CONCURRENCY, type ScanRequest, type ScanRunOptions } from '../../scanner/types.js';
import { ServiceMetrics } from '../../server/metrics.js';
import { ScanManager, type Logger } from '../../server/scan-manager.js';
import { suppressionSource } from '../../server/suppression-source.js';
import { openStore } from '../../store/open.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import type { ScanRecord, Store } from '../../store/types.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../helpers/postgres.js';
import { makeFinding } from '../helpers/sample-findings.js';

const url = testDatabaseUrl('scan outage');

const baseRequest: ScanRequest = {
  org: false,
  accounts: ['111111111111'],
  regions: ['eu-west-1'],
  roleName: 'OrgScanReadOnly',
  concurrency: DEFAULT_CONCURRENCY,
  options: DEFAULT_CHECK_OPTIONS,
};

/** A loopback TCP proxy to PostgreSQL that can be taken down (connections dropped, port closed) and brought back on the same port. */
function postgresProxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  return {
    get port() {
      return port;
    },
    up: () =>
      new Promise<void>((resolve, reject) => {
        const s = createServer((client) => {
          const upstream = connect(Number(target.port), target.hostname);
          for (const socket of [client, upstream]) {
            sockets.add(socket);
            socket.on('error', () => socket.destroy());
            socket.on('close', () => {
              sockets.delete(socket);
              client.destroy();
              upstream.destroy();
            });
          }
          client.pipe(upstream).pipe(client);
        });
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => {
          port = (s.address() as AddressInfo).port;
          server = s;
          resolve();
        });
      }),
    down: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (!server) return resolve();
        server.close(() => resolve());
        server = null;
      }),
  };
}

function summary(options: ScanRunOptions, findings: number): ScanSummary {
  return {
    id: options.id!,
    startedAt: options.now!().toISOString(),
    finishedAt: new Date().toISOString(),
    status: 'succeeded',
    accounts: ['111111111111'],
    regions: ['eu-west-1'],
    checks: ['ebs-volume-unattached'],
    apiCalls: { total: 2, throttled: 0, retries: 0, byOperation: {} },
    errors: [],
    progress: { ...emptyProgress(), unitsTotal: 2, unitsDone: 2, findings },
    counts: { ...emptyCounts(), FAIL: findings },
  };
}

/** Two units of five findings each; the test takes the database down between them. */
function twoUnitEngine(betweenUnits: () => Promise<void>) {
  const batch = (unit: string) => Array.from({ length: 5 }, (_, i) => makeFinding({ resourceId: `vol-${unit}-${i}` }));
  return async (_request: ScanRequest, options: ScanRunOptions): Promise<ScanSummary> => {
    await options.hooks!.onFindings!(batch('a'));
    await betweenUnits();
    if (options.hooks!.signal?.aborted) throw new Error('aborted');
    await options.hooks!.onFindings!(batch('b'));
    return summary(options, 10);
  };
}

async function waitFor(store: Store, id: string, done: (s: ScanRecord) => boolean, timeoutMs: number): Promise<ScanRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const scan = (await store.getScan(id))!;
    if (done(scan) || Date.now() > until) return scan;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!url)('a PostgreSQL outage during a scan', () => {
  let schema: TestSchema;
  let direct: Store;
  const proxy = postgresProxy(new URL(url ?? 'postgres://x@127.0.0.1:1/x'));
  let throughProxy: Store;
  const managers: ScanManager[] = [];

  beforeAll(async () => {
    schema = createTestSchema(url!, 'scan_outage');
    direct = await openStore({ databaseUrl: url!, schema: schema.schema });
    await proxy.up();
    const proxied = new URL(url!);
    proxied.port = String(proxy.port);
    throughProxy = await openStore({ databaseUrl: proxied.toString(), schema: schema.schema });
  });

  afterAll(async () => {
    await Promise.all(managers.map((m) => m.shutdown(new Date(Date.now() + 1000))));
    await proxy.up().catch(() => undefined);
    await throughProxy?.close().catch(() => undefined);
    await proxy.down();
    await direct?.close();
    await schema?.drop();
  });

  function manager(runScan: (r: ScanRequest, o: ScanRunOptions) => Promise<ScanSummary>, storeRetryMs: number): ScanManager {
    const m = new ScanManager({
      store: throughProxy,
      baseRequest,
      aws: {},
      logger: pino({ level: 'silent' }) as unknown as Logger,
      metrics: new ServiceMetrics(),
      suppressions: suppressionSource(throughProxy, undefined),
      retentionDays: 30,
      storeRetryMs,
      recordRetryMs: 60_000,
      runScan,
    });
    managers.push(m);
    return m;
  }

  it('ends a scan whose findings cannot be stored failed, with the reason and the stored counts, once the database is back, and frees its scope', async () => {
    let releaseSecondUnit!: () => void;
    const secondUnit = new Promise<void>((resolve) => (releaseSecondUnit = resolve));
    let firstStored!: () => void;
    const first = new Promise<void>((resolve) => (firstStored = resolve));
    const m = manager(
      twoUnitEngine(async () => {
        firstStored();
        await secondUnit;
      }),
      1000,
    );
    const scope = { org: false, accounts: ['111111111111'], regions: ['eu-west-1'] };
    const submitted = await m.submit({ scope, source: 'api' });
    expect(submitted.created).toBe(true);
    await first;

    await proxy.down();
    const outageStarted = Date.now();
    releaseSecondUnit();
    // The database stays away longer than the write retry budget (1 s): the scan cannot complete.
    await new Promise((r) => setTimeout(r, 4000));
    expect((await direct.getScan(submitted.scan.id))!.status).toBe('running'); // its end cannot be recorded yet
    await proxy.up();
    const back = Date.now();

    const ended = await waitFor(direct, submitted.scan.id, (s) => s.status !== 'running', 15_000);
    const endedAt = Date.now();
    expect(ended.status).toBe('failed');
    expect(ended.failureReason).toMatch(/^cannot store findings: .+/);
    expect(ended.failureReason).not.toContain('[object Object]');
    expect(ended.counts).toEqual({ PASS: 0, FAIL: 5, ERROR: 0, MUTED: 0 });
    expect(await direct.countFindings(submitted.scan.id)).toBe(5);
    console.info(
      `scan-outage: failed ${((endedAt - back) / 1000).toFixed(1)} s after the database came back, ` +
        `${((endedAt - outageStarted) / 1000).toFixed(1)} s after a ${((back - outageStarted) / 1000).toFixed(1)} s outage began`,
    );

    // A new scan of the same scope is a new scan, not the dead one.
    const again = await m.submit({ scope, source: 'api' });
    expect(again.created).toBe(true);
    expect(again.scan.id).not.toBe(submitted.scan.id);
    expect((await waitFor(direct, again.scan.id, (s) => s.status !== 'queued' && s.status !== 'running', 15_000)).status).toBe('succeeded');
  });

  it('retries a findings write through a short outage and completes the scan with every finding', async () => {
    const m = manager(
      twoUnitEngine(async () => {
        await proxy.down();
        setTimeout(() => void proxy.up(), 1500);
      }),
      15_000,
    );
    const submitted = await m.submit({ scope: { org: false, accounts: ['111111111111'], regions: ['us-east-1'] }, source: 'api' });
    const ended = await waitFor(direct, submitted.scan.id, (s) => s.status !== 'queued' && s.status !== 'running', 20_000);
    expect(ended.status).toBe('succeeded');
    expect(await direct.countFindings(submitted.scan.id)).toBe(10);
  });
});
