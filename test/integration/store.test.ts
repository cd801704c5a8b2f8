// The store suite, run against the embedded PGlite and a real PostgreSQL (TEST_DATABASE_URL).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, ScanSummary } from '../../checks/types.js';
import { openStore } from '../../store/open.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import { InvalidCursorError, type ScanRecord, type Store } from '../../store/types.js';
import { makeFinding } from '../helpers/sample-findings.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../helpers/postgres.js';

const A = '111111111111';
const B = '222222222222';
const SCOPE = { org: false, accounts: [A, B], regions: ['eu-west-1'] };
const KEY = 'scope-a';

interface Backend {
  name: string;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

function pgliteBackend(): Backend {
  let dir = '';
  return {
    name: 'PGlite',
    async open() {
      dir ||= await mkdtemp(join(tmpdir(), 'orgscan-store-'));
      return openStore({ dataDir: dir });
    },
    async cleanup() {
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

function postgresBackend(url: string): Backend {
  const schema: TestSchema = createTestSchema(url, 'store_suite');
  return {
    name: 'PostgreSQL',
    open: () => openStore({ databaseUrl: url, schema: schema.schema }),
    cleanup: () => schema.drop(),
  };
}

const pgUrl = testDatabaseUrl('store suite');
const backends: Array<() => Backend> = [pgliteBackend, ...(pgUrl ? [() => postgresBackend(pgUrl)] : [])];

let seq = 0;
const newId = (label: string) => `${label}-${++seq}-${Math.random().toString(36).slice(2, 8)}`;

function summaryFor(scan: ScanRecord, overrides: Partial<ScanSummary> = {}): ScanSummary {
  return {
    id: scan.id,
    startedAt: scan.startedAt ?? scan.createdAt,
    finishedAt: new Date(Date.parse(scan.createdAt) + 5000).toISOString(),
    status: 'succeeded',
    accounts: [A, B],
    regions: ['eu-west-1'],
    checks: ['ebs-volume-unattached', 'rds-instance-single-az'],
    apiCalls: { total: 12, throttled: 0, retries: 1, byOperation: { 'EC2:DescribeVolumes': 2 } },
    errors: [],
    progress: { ...emptyProgress(), unitsTotal: 2, unitsDone: 2, apiCalls: 12 },
    counts: emptyCounts(),
    ...overrides,
  };
}

describe.each(backends.map((b) => [b().name, b] as const))('store on %s', (_name, makeBackend) => {
  const backend = makeBackend();
  let store: Store;

  /** Creates, runs and finishes a scan of `scopeKey` at `at` with the given findings. */
  async function completeScan(findings: Finding[], at: Date, scopeKey = KEY, overrides: Partial<ScanSummary> = {}): Promise<ScanRecord> {
    const created = await store.createScan({ id: newId('scan'), source: 'api', scope: SCOPE, scopeKey, createdAt: at });
    expect(created.created).toBe(true);
    await store.markScanRunning(created.scan.id, at);
    await store.appendFindings(created.scan.id, findings, at);
    const counts = emptyCounts();
    for (const f of findings) counts[f.status] += 1;
    const running = (await store.getScan(created.scan.id))!;
    await store.finishScan(summaryFor(running, { counts, startedAt: at.toISOString(), finishedAt: new Date(at.getTime() + 5000).toISOString(), ...overrides }));
    return (await store.getScan(created.scan.id))!;
  }

  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(async () => {
    await store?.close();
    await backend.cleanup();
  });

  it('applies its migrations once and reports ready', async () => {
    expect(await store.ready()).toBe(true);
    await store.migrate(); // idempotent
    expect(await store.ready()).toBe(true);
  });

  it('creates a queued scan and de-duplicates by active scope and by idempotency key', async () => {
    const first = await store.createScan({ id: newId('dup'), source: 'api', scope: SCOPE, scopeKey: 'dup-scope', idempotencyKey: 'key-1' });
    expect(first.created).toBe(true);
    expect(first.scan.status).toBe('queued');
    expect(first.scan.idempotencyKey).toBe('key-1');

    const sameScope = await store.createScan({ id: newId('dup'), source: 'api', scope: SCOPE, scopeKey: 'dup-scope' });
    expect(sameScope).toMatchObject({ created: false, reason: 'same-scope-active', scan: { id: first.scan.id } });

    const sameKey = await store.createScan({ id: newId('dup'), source: 'api', scope: SCOPE, scopeKey: 'other-scope', idempotencyKey: 'key-1' });
    expect(sameKey).toMatchObject({ created: false, reason: 'idempotency-key', scan: { id: first.scan.id } });

    // Concurrent requests for one scope: exactly one scan is created.
    const racers = await Promise.all(
      [1, 2, 3, 4].map(() => store.createScan({ id: newId('race'), source: 'api', scope: SCOPE, scopeKey: 'race-scope' })),
    );
    expect(racers.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(racers.map((r) => r.scan.id)).size).toBe(1);

    await store.failScan(first.scan.id, 'failed', 'test over', new Date());
    const again = await store.createScan({ id: newId('dup'), source: 'api', scope: SCOPE, scopeKey: 'dup-scope' });
    expect(again.created).toBe(true);
    await store.failScan(again.scan.id, 'failed', 'test over', new Date());
  });

  it('records a scan lifecycle: running, progress, summary', async () => {
    const created = await store.createScan({ id: newId('life'), source: 'queue', scope: SCOPE, scopeKey: 'life' });
    const startedAt = new Date('2026-01-02T03:04:05.000Z');
    await store.markScanRunning(created.scan.id, startedAt);
    await store.updateScanProgress(created.scan.id, { ...emptyProgress(), unitsTotal: 4, unitsDone: 1 });
    let scan = (await store.getScan(created.scan.id))!;
    expect(scan).toMatchObject({ status: 'running', source: 'queue', startedAt: startedAt.toISOString(), progress: { unitsTotal: 4, unitsDone: 1 } });
    expect(scan.scope).toEqual(SCOPE);

    const errors = [{ accountId: B, region: null, checkId: null, code: 'AccessDenied', message: 'cannot assume role' }];
    const findings = [makeFinding({ resourceId: 'vol-life-1', status: 'PASS' }), makeFinding({ resourceId: 'vol-life-2' }), makeFinding({ resourceId: 'vol-life-3' })];
    await store.appendFindings(created.scan.id, findings, startedAt);
    await store.finishScan(summaryFor(scan, { status: 'succeeded', errors, counts: { PASS: 1, FAIL: 2, ERROR: 0, MUTED: 0 } }));
    scan = (await store.getScan(created.scan.id))!;
    expect(scan.status).toBe('succeeded');
    expect(scan.errors).toEqual(errors);
    expect(scan.accounts).toEqual([A, B]);
    expect(scan.apiCalls.total).toBe(12);
    expect(scan.finishedAt).not.toBeNull();
    expect(await store.getScan('no-such-scan')).toBeNull();
    await expect(store.finishScan({ ...summaryFor(scan), id: 'no-such-scan' })).rejects.toThrow(/no-such-scan does not exist/);
  });

  it('tracks finding history across scans: first seen, FAIL streaks, resolution by PASS and by absence', async () => {
    const vol = makeFinding({ accountId: A, resourceId: 'vol-hist' });
    const db = makeFinding({ checkId: 'rds-instance-single-az', accountId: B, resourceId: 'db-hist', resourceType: 'AWS::RDS::DBInstance' });
    const t1 = new Date('2026-02-01T00:00:00.000Z');
    const t2 = new Date('2026-02-08T00:00:00.000Z');
    const t3 = new Date('2026-02-15T00:00:00.000Z');
    const t4 = new Date('2026-02-22T00:00:00.000Z');
    const key = 'history-scope';

    const s1 = await completeScan([vol, db], t1, key);
    const p1 = await store.listFindings(s1.id);
    expect(p1.items.map((f) => f.firstSeenAt)).toEqual([t1.toISOString(), t1.toISOString()]);

    // Still failing: first seen stays at t1. db is absent from a scan covering it: resolved.
    const s2 = await completeScan([vol], t2, key);
    expect((await store.listFindings(s2.id)).items[0]!.firstSeenAt).toBe(t1.toISOString());
    expect(await store.findingHistory(db)).toMatchObject({ lastStatus: 'ABSENT', resolvedAt: t2.toISOString(), failingSince: null });
    expect(await store.findingHistory(vol)).toMatchObject({ lastStatus: 'FAIL', failingSince: t1.toISOString(), resolvedAt: null, lastSeenAt: t2.toISOString() });

    // Fixed: PASS resolves it.
    await completeScan([{ ...vol, status: 'PASS' }], t3, key);
    expect(await store.findingHistory(vol)).toMatchObject({ lastStatus: 'PASS', resolvedAt: t3.toISOString(), failingSince: null, firstSeenAt: t1.toISOString() });

    // Failing again: a new streak starts at t4; an ERROR does not change the state of db.
    const s4 = await completeScan([vol, { ...db, status: 'ERROR', errorCode: 'AccessDenied' }], t4, key);
    const p4 = await store.listFindings(s4.id, { status: ['FAIL'] });
    expect(p4.items[0]!.firstSeenAt).toBe(t4.toISOString());
    expect(await store.findingHistory(db)).toMatchObject({ lastStatus: 'ABSENT', resolvedAt: t2.toISOString() });
    expect(await store.findingHistory({ ...vol, resourceId: 'never' })).toBeNull();
  });

  it('does not resolve absent findings in accounts the scan could not reach', async () => {
    const f = makeFinding({ accountId: B, resourceId: 'vol-unreachable' });
    const key = 'unreachable-scope';
    await completeScan([f], new Date('2026-03-01T00:00:00.000Z'), key);
    await completeScan([], new Date('2026-03-02T00:00:00.000Z'), key, {
      errors: [{ accountId: B, region: null, checkId: null, code: 'AccessDenied', message: 'cannot assume role' }],
    });
    expect(await store.findingHistory(f)).toMatchObject({ lastStatus: 'FAIL', resolvedAt: null });
  });

  it('pages through findings with filters and opaque cursors, in insertion order', async () => {
    const findings: Finding[] = [];
    for (let i = 0; i < 250; i += 1) {
      findings.push(
        makeFinding({
          resourceId: `vol-${String(i).padStart(4, '0')}`,
          accountId: i % 2 === 0 ? A : B,
          status: i % 5 === 0 ? 'PASS' : 'FAIL',
          severity: i % 3 === 0 ? 'high' : 'low',
          region: i % 7 === 0 ? 'us-east-1' : 'eu-west-1',
        }),
      );
    }
    const scan = await completeScan(findings, new Date('2026-04-01T00:00:00.000Z'), 'paging');

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listFindings(scan.id, {}, { limit: 100, cursor });
      seen.push(...page.items.map((f) => f.resourceId));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(findings.map((f) => f.resourceId));

    const filter = { status: ['FAIL' as const], accountId: [A], severity: ['high' as const] };
    const expected = findings.filter((f) => f.status === 'FAIL' && f.accountId === A && f.severity === 'high').map((f) => f.resourceId);
    const filtered: string[] = [];
    for await (const f of store.iterateFindings(scan.id, filter, 7)) filtered.push(f.resourceId);
    expect(filtered).toEqual(expected);
    expect(await store.countFindings(scan.id, filter)).toBe(expected.length);
    expect(await store.countFindings(scan.id)).toBe(250);

    const byRegion = await store.listFindings(scan.id, { region: ['us-east-1'] }, { limit: 1000 });
    expect(byRegion.items).toHaveLength(findings.filter((f) => f.region === 'us-east-1').length);
    expect(byRegion.nextCursor).toBeNull();
    const one = await store.listFindings(scan.id, { resourceId: 'vol-0042', checkId: ['ebs-volume-unattached'] });
    expect(one.items.map((f) => f.resourceId)).toEqual(['vol-0042']);
    expect(one.items[0]).toMatchObject({ evidence: { state: 'available' }, remediation: { text: expect.any(String) } });

    await expect(store.listFindings(scan.id, {}, { cursor: 'garbage!' })).rejects.toBeInstanceOf(InvalidCursorError);
    const scansPage = await store.listScans({}, { limit: 1 });
    await expect(store.listFindings(scan.id, {}, { cursor: scansPage.nextCursor! })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(store.listFindings(scan.id, {}, { limit: 0 })).rejects.toThrow(/limit must be/);
  });

  it('pages through findings largest monthly waste first, across pages, ties and unpriced findings in stored order', async () => {
    // Costs repeat (ties across page boundaries), include fractions, and a third have no figure.
    const costs = Array.from({ length: 130 }, (_, i) => (i % 3 === 0 ? null : ((i * 37) % 11) * 10.5 + (i % 4 === 0 ? 0.1 + 0.2 : 0)));
    const findings = costs.map((cost, i) => makeFinding({ resourceId: `waste-${String(i).padStart(3, '0')}`, status: 'FAIL', estimatedMonthlyCostUsd: cost }));
    const scan = await completeScan(findings, new Date('2026-04-01T12:00:00.000Z'), 'waste-order');
    const expected = findings
      .map((f, i) => ({ id: f.resourceId, key: f.estimatedMonthlyCostUsd ?? -1, i }))
      .sort((a, b) => b.key - a.key || a.i - b.i)
      .map((x) => x.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listFindings(scan.id, {}, { limit: 17, cursor, order: 'waste' });
      seen.push(...page.items.map((f) => f.resourceId));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 50);
    expect(pages).toBe(Math.ceil(130 / 17));
    expect(seen).toEqual(expected);
    // A cursor of one order is refused by the other.
    const first = await store.listFindings(scan.id, {}, { limit: 5, order: 'waste' });
    await expect(store.listFindings(scan.id, {}, { cursor: first.nextCursor! })).rejects.toBeInstanceOf(InvalidCursorError);
    const stored = await store.listFindings(scan.id, {}, { limit: 5 });
    await expect(store.listFindings(scan.id, {}, { cursor: stored.nextCursor!, order: 'waste' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('pages through findings in triage order (severity, waste, oldest first seen) and searches across pages with totals', async () => {
    const sevs = ['low', 'critical', 'medium', 'high', 'informational'] as const;
    const make = (i: number, prefix: string) =>
      makeFinding({
        resourceId: `${prefix}-${String(i).padStart(3, '0')}`,
        status: 'FAIL',
        severity: sevs[i % sevs.length]!,
        estimatedMonthlyCostUsd: i % 4 === 0 ? null : (i % 7) * 10,
        message: i % 10 === 0 ? `Needle ${i} in the message` : `finding ${i}`,
        tags: i % 15 === 0 ? { Team: 'NeedleTeam' } : {},
      });
    const old = Array.from({ length: 40 }, (_, i) => make(i, 'tri-old'));
    const fresh = Array.from({ length: 60 }, (_, i) => make(i + 40, 'tri-new'));
    await completeScan(old, new Date('2026-03-01T00:00:00.000Z'), 'triage');
    const scan = await completeScan([...fresh, ...old], new Date('2026-03-08T00:00:00.000Z'), 'triage');
    const rank = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };
    const all = (await store.listFindings(scan.id, {}, { limit: 1000 })).items;
    const expected = all
      .map((f, i) => ({ f, i }))
      .sort(
        (a, b) =>
          rank[a.f.severity] - rank[b.f.severity] ||
          (b.f.estimatedMonthlyCostUsd ?? -1) - (a.f.estimatedMonthlyCostUsd ?? -1) ||
          a.f.firstSeenAt!.localeCompare(b.f.firstSeenAt!) ||
          a.i - b.i,
      )
      .map((x) => x.f.resourceId);
    const walk = async (filter: Parameters<Store['listFindings']>[1], order: 'triage' | 'resource') => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listFindings(scan.id, filter, { limit: 7, cursor, order });
        seen.push(...page.items.map((f) => f.resourceId));
        cursor = page.nextCursor ?? undefined;
        pages += 1;
      } while (cursor && pages < 50);
      return seen;
    };
    expect(await walk({}, 'triage')).toEqual(expected);
    // Ties on severity and waste: the finding seen first (the older scan's) comes first.
    expect(expected.indexOf('tri-old-001')).toBeLessThan(expected.indexOf('tri-new-071'));

    // Search: message, tag value, resource id prefix; case-insensitive; with the total of every page.
    const needles = all.filter((f) => /needle/i.test(f.message) || f.tags.Team === 'NeedleTeam').map((f) => f.resourceId);
    expect(needles.length).toBeGreaterThan(7);
    expect((await walk({ q: 'NEEDLE' }, 'triage')).sort()).toEqual([...needles].sort());
    expect(await store.countFindings(scan.id, { q: 'needle' })).toBe(needles.length);
    expect(await walk({ q: 'tri-old-01' }, 'resource')).toEqual(Array.from({ length: 10 }, (_, i) => `tri-old-01${i}`));
    expect(await store.countFindings(scan.id, { q: '100%_' })).toBe(0);

    // A cursor of one order is refused by another.
    const first = await store.listFindings(scan.id, {}, { limit: 5, order: 'triage' });
    await expect(store.listFindings(scan.id, {}, { cursor: first.nextCursor!, order: 'resource' })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(store.listFindings(scan.id, {}, { cursor: first.nextCursor!, order: 'waste' })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('writes large batches in chunks inside one transaction', async () => {
    const findings = Array.from({ length: 4500 }, (_, i) => makeFinding({ resourceId: `vol-big-${i}`, status: i % 2 ? 'PASS' : 'FAIL' }));
    const scan = await completeScan(findings, new Date('2026-04-02T00:00:00.000Z'), 'big');
    expect(await store.countFindings(scan.id)).toBe(4500);
    expect(await store.countFindings(scan.id, { status: ['FAIL'] })).toBe(2250);
  });

  it('stores a batch holding a resource named with a NUL character or a lone surrogate, replacing only those characters', async () => {
    const hostile = makeFinding({
      resourceId: 'innocent\u0000alarm',
      message: 'Alarm innocent\u0000alarm has no action',
      evidence: { name: 'innocent\u0000alarm', 'key\u0000': 'lone \ud800 surrogate', literal: 'a backslash then u0000: \\u0000', pair: 'emoji 😀' },
      tags: { 'team\u0000': 'ops\u0000', Name: '\udfff' },
    });
    const neighbour = makeFinding({ resourceId: 'vol-neighbour' });
    const at = new Date('2026-04-03T00:00:00.000Z');
    const scan = await completeScan([neighbour, hostile], at, 'nul-scope', {
      errors: [{ accountId: A, region: 'eu-west-1', checkId: 'cloudwatch-alarm-no-action', code: 'Bad\u0000', message: 'alarm innocent\u0000alarm' }],
    });
    expect(scan.status).toBe('succeeded');
    expect(scan.errors[0]).toMatchObject({ code: 'Bad\uFFFD', message: 'alarm innocent\uFFFDalarm' });
    const stored = (await store.listFindings(scan.id)).items;
    expect(stored.map((f) => f.resourceId)).toEqual(['vol-neighbour', 'innocent\uFFFDalarm']);
    expect(stored[1]).toMatchObject({
      message: 'Alarm innocent\uFFFDalarm has no action',
      evidence: { name: 'innocent\uFFFDalarm', 'key\uFFFD': 'lone \uFFFD surrogate', literal: 'a backslash then u0000: \\u0000', pair: 'emoji 😀' },
      tags: { 'team\uFFFD': 'ops\uFFFD', Name: '\uFFFD' },
    });
    // The identity is stable across scans: the next scan finds the same history row.
    const again = await completeScan([hostile], new Date(at.getTime() + 86_400_000), 'nul-scope');
    expect((await store.listFindings(again.id)).items[0]!.firstSeenAt).toBe(at.toISOString());

    const failing = await store.createScan({ id: newId('nul-fail'), source: 'api', scope: { ...SCOPE, regions: ['eu-west-1\u0000'] }, scopeKey: 'nul\u0000key' });
    await store.failScan(failing.scan.id, 'failed', 'AccessDenied on innocent\u0000alarm', new Date());
    expect(await store.getScan(failing.scan.id)).toMatchObject({ status: 'failed', failureReason: 'AccessDenied on innocent\uFFFDalarm', scopeKey: 'nul\uFFFDkey' });
  });

  it('lists scans newest first, finds the latest and previous finished scans of a scope, and the failing trend', async () => {
    const key = 'trend-scope';
    const s1 = await completeScan([makeFinding({ resourceId: 'v1' })], new Date('2026-05-01T00:00:00.000Z'), key);
    const s2 = await completeScan([makeFinding({ resourceId: 'v1' }), makeFinding({ resourceId: 'v2' })], new Date('2026-05-02T00:00:00.000Z'), key);
    const other = await completeScan([], new Date('2026-05-03T00:00:00.000Z'), 'other-trend-scope');
    const failed = await store.createScan({ id: newId('failed'), source: 'api', scope: SCOPE, scopeKey: key });
    await store.failScan(failed.scan.id, 'failed', 'organizations:ListAccounts denied', new Date());
    const s3 = await completeScan([], new Date('2026-05-04T00:00:00.000Z'), key);

    expect((await store.latestFinishedScan(key))!.id).toBe(s3.id);
    expect((await store.previousFinishedScan(s3.id))!.id).toBe(s2.id);
    expect((await store.previousFinishedScan(s2.id))!.id).toBe(s1.id);
    expect(await store.previousFinishedScan(s1.id)).toBeNull();
    expect(await store.previousFinishedScan(other.id)).toBeNull();

    const trend = await store.failingTrend(3, key);
    expect(trend.map((p) => [p.scanId, p.failing])).toEqual([
      [s1.id, 1],
      [s2.id, 2],
      [s3.id, 0],
    ]);

    const page1 = await store.listScans({ scopeKey: key }, { limit: 2 });
    expect(page1.items.map((s) => s.id)).toEqual([s3.id, failed.scan.id]);
    const page2 = await store.listScans({ scopeKey: key }, { limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((s) => s.id)).toEqual([s2.id, s1.id]);
    expect(page2.nextCursor).toBeNull();
    const failedOnly = await store.listScans({ status: ['failed'], scopeKey: key });
    expect(failedOnly.items.map((s) => [s.id, s.failureReason])).toEqual([[failed.scan.id, 'organizations:ListAccounts denied']]);
  });

  it('marks scans left running by a dead process as interrupted, sparing fresh ones', async () => {
    const dead = await store.createScan({ id: newId('dead'), source: 'queue', scope: SCOPE, scopeKey: 'dead-scope' });
    await store.markScanRunning(dead.scan.id, new Date());
    const none = await store.interruptStaleScans(new Date(), 60_000, 'service restarted');
    expect(none.map((s) => s.id)).not.toContain(dead.scan.id);
    const swept = await store.interruptStaleScans(new Date(), 0, 'service restarted');
    const mine = swept.find((s) => s.id === dead.scan.id);
    expect(mine).toMatchObject({ status: 'interrupted', failureReason: 'service restarted', source: 'queue' });
    expect((await store.getScan(dead.scan.id))!.status).toBe('interrupted');

    // A late summary from the interrupted run does not overwrite the status.
    await store.finishScan(summaryFor((await store.getScan(dead.scan.id))!, { status: 'cancelled' }));
    expect((await store.getScan(dead.scan.id))!.status).toBe('interrupted');

    // Interrupted queue scans are pending re-queue until a scan names them in requeuedFrom.
    const since = new Date(Date.now() - 3_600_000);
    expect((await store.pendingRequeues(since)).map((s) => s.id)).toContain(dead.scan.id);
    const again = await store.createScan({ id: newId('requeue'), source: 'queue', scope: SCOPE, scopeKey: 'dead-scope', requeuedFrom: dead.scan.id });
    expect(again.scan.requeuedFrom).toBe(dead.scan.id);
    expect((await store.pendingRequeues(since)).map((s) => s.id)).not.toContain(dead.scan.id);
    await store.failScan(again.scan.id, 'cancelled', 'cancelled before it started', new Date());
    expect((await store.getScan(again.scan.id))!.status).toBe('cancelled');
  });

  it('gives a failed or interrupted scan the counts of the findings it stored', async () => {
    const stored = [makeFinding({ resourceId: 'vol-i1' }), makeFinding({ resourceId: 'vol-i2', status: 'PASS' }), makeFinding({ resourceId: 'vol-i3', status: 'ERROR' })];
    const swept = await store.createScan({ id: newId('swept'), source: 'api', scope: SCOPE, scopeKey: 'counts-swept' });
    await store.markScanRunning(swept.scan.id, new Date());
    await store.appendFindings(swept.scan.id, stored, new Date());
    await store.interruptStaleScans(new Date(), 0, 'service restarted');
    expect(await store.getScan(swept.scan.id)).toMatchObject({ status: 'interrupted', counts: { PASS: 1, FAIL: 1, ERROR: 1, MUTED: 0 } });

    const failed = await store.createScan({ id: newId('failed'), source: 'api', scope: SCOPE, scopeKey: 'counts-failed' });
    await store.markScanRunning(failed.scan.id, new Date());
    await store.appendFindings(failed.scan.id, stored.slice(0, 2), new Date());
    await store.failScan(failed.scan.id, 'failed', 'cannot store findings: connection terminated', new Date());
    expect(await store.getScan(failed.scan.id)).toMatchObject({ status: 'failed', counts: { PASS: 1, FAIL: 1, ERROR: 0, MUTED: 0 } });
  });

  it('stores suppressions', async () => {
    const rule = { id: 'sup-1', checkId: 'ebs-volume-unattached', reason: 'backup volumes', expires: '2027-01-01' };
    const saved = await store.addSuppression(rule, 'sup-1', new Date('2026-06-01T00:00:00.000Z'));
    expect(saved).toEqual({ id: 'sup-1', rule, createdAt: '2026-06-01T00:00:00.000Z' });
    expect((await store.listSuppressions()).map((s) => s.id)).toContain('sup-1');
    expect(await store.deleteSuppression('sup-1')).toBe(true);
    expect(await store.deleteSuppression('sup-1')).toBe(false);
  });

  it('applies retention, keeping the latest finished scan of every scope', async () => {
    const key = 'retention-scope';
    const old1 = await completeScan([makeFinding({ resourceId: 'r1' })], new Date('2020-01-01T00:00:00.000Z'), key);
    const old2 = await completeScan([makeFinding({ resourceId: 'r1' })], new Date('2020-01-02T00:00:00.000Z'), key);
    const recent = await completeScan([], new Date(), 'retention-recent');
    const deleted = await store.applyRetention(30, new Date());
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await store.getScan(old1.id)).toBeNull();
    expect(await store.countFindings(old1.id)).toBe(0);
    expect((await store.getScan(old2.id))!.status).toBe('succeeded');
    expect(await store.getScan(recent.id)).not.toBeNull();
    await expect(store.applyRetention(0, new Date())).rejects.toThrow(/positive/);
  });

  it('reports metrics', async () => {
    const m = await store.metrics();
    expect(m.scansByStatus.succeeded).toBeGreaterThan(3);
    expect(m.scansByStatus.interrupted).toBeGreaterThanOrEqual(1);
    expect(m.apiCallsTotal).toBeGreaterThan(0);
    expect(m.scanDurationsSeconds[0]).toBe(5);
  });

  it('keeps its data when reopened', async () => {
    const before = await store.listScans({}, { limit: 1000 });
    await store.close();
    store = await backend.open();
    const after = await store.listScans({}, { limit: 1000 });
    expect(after.items.map((s) => s.id)).toEqual(before.items.map((s) => s.id));
  });
});
