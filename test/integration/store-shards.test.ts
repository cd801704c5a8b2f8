// Shard leases in PostgreSQL: a duplicate delivery runs once, an expired lease is retaken and the
// lost attempt's findings are replaced, a lost lease fences its writes, the last attempt fails the
// shard, and exactly one end is the scan's last.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open.js';
import { LeaseLostError, openShardStore, type ShardStore } from '../../store/shards.js';
import type { Store } from '../../store/types.js';
import { aggregateShards, SHARD_FAILED_CODE } from '../../server/shard-finish.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../helpers/postgres.js';
import { makeFinding as sampleFinding } from '../helpers/sample-findings.js';

const url = testDatabaseUrl('shard store');
const A = '111111111111';
const B = '222222222222';
const C = '333333333333';
const at = new Date('2026-01-05T10:00:00Z');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!url)('shard store (PostgreSQL)', () => {
  let schema: TestSchema;
  let store: Store;
  let shards: ShardStore;
  let n = 0;

  beforeAll(async () => {
    schema = createTestSchema(url!, 'shards');
    store = await openStore({ databaseUrl: url!, schema: schema.schema });
    shards = await openShardStore(url!, { schema: schema.schema });
  });
  afterAll(async () => {
    await shards?.close();
    await store?.close();
    await schema?.drop();
  });

  const runningScan = async (parts: string[][]) => {
    n += 1;
    const id = `scan-${n}`;
    await store.createScan({ id, source: 'api', scope: { org: false, accounts: parts.flat(), checks: [`x${n}`] }, scopeKey: `scope-${n}`, createdAt: at });
    await store.markScanRunning(id, at);
    await shards.createShards(id, parts);
    return id;
  };

  it('runs a shard delivered twice once, and tells the second delivery how long the lease has left', async () => {
    const id = await runningScan([[A], [B]]);
    const first = await shards.claim(id, 0, 'w1', 60_000, 3);
    expect(first).toMatchObject({ kind: 'claimed', rerun: false, accounts: [A], lease: { attempt: 1, owner: 'w1' } });
    const second = await shards.claim(id, 0, 'w2', 60_000, 3);
    expect(second.kind).toBe('held');
    if (second.kind === 'held') expect(second.leaseLeftMs).toBeGreaterThan(50_000);
    expect(await shards.claim(id, 9, 'w2', 60_000, 3)).toEqual({ kind: 'gone' });
  });

  it('retakes a shard whose lease expired, deletes the lost attempt findings and fences the lost worker', async () => {
    const id = await runningScan([[A, B], [C]]);
    const lost = await shards.claim(id, 0, 'dead', 1, 3);
    if (lost.kind !== 'claimed') throw new Error(lost.kind);
    await shards.appendFindings(lost.lease, [sampleFinding({ accountId: A, resourceId: 'vol-1' }), sampleFinding({ accountId: B, resourceId: 'vol-2' })], at);
    const other = await shards.claim(id, 1, 'w1', 60_000, 3);
    if (other.kind !== 'claimed') throw new Error(other.kind);
    await shards.appendFindings(other.lease, [sampleFinding({ accountId: C, resourceId: 'vol-3' })], at);
    await pause(50);

    const retaken = await shards.claim(id, 0, 'w2', 60_000, 3);
    expect(retaken).toMatchObject({ kind: 'claimed', rerun: true, lease: { attempt: 2, owner: 'w2' } });
    if (retaken.kind !== 'claimed') throw new Error(retaken.kind);
    // The lost attempt's findings are gone; the other shard's stay.
    expect(await store.countFindings(id)).toBe(1);
    await expect(shards.appendFindings(lost.lease, [sampleFinding({ accountId: A, resourceId: 'late' })], at)).rejects.toBeInstanceOf(LeaseLostError);
    expect(await shards.renew(lost.lease, 60_000)).toBe(false);
    expect(await shards.updateProgress(lost.lease, { unitsTotal: 1, unitsDone: 1, accountsTotal: 1, accountsDone: 1, apiCalls: 5, errors: 0, findings: 1 })).toBe(false);
    await expect(shards.finish(lost.lease, { error: 'late' })).rejects.toBeInstanceOf(LeaseLostError);
    await shards.appendFindings(retaken.lease, [sampleFinding({ accountId: A, resourceId: 'vol-1' }), sampleFinding({ accountId: B, resourceId: 'vol-2' })], at);
    expect(await store.countFindings(id)).toBe(3);
    expect(await shards.renew(retaken.lease, 60_000)).toBe(true);
  });

  it('sums shard progress into the scan, and exactly one shard end is the last', async () => {
    const id = await runningScan([[A], [B], [C]]);
    const leases = [];
    for (const shard of [0, 1, 2]) {
      const c = await shards.claim(id, shard, `w${shard}`, 60_000, 3);
      if (c.kind !== 'claimed') throw new Error(c.kind);
      leases.push(c.lease);
    }
    await shards.updateProgress(leases[0]!, { unitsTotal: 2, unitsDone: 1, accountsTotal: 1, accountsDone: 0, apiCalls: 7, errors: 0, findings: 3 });
    await shards.updateProgress(leases[1]!, { unitsTotal: 2, unitsDone: 2, accountsTotal: 1, accountsDone: 1, apiCalls: 5, errors: 1, findings: 2 });
    expect((await store.getScan(id))!.progress).toMatchObject({ unitsTotal: 4, unitsDone: 3, accountsTotal: 3, accountsDone: 1, apiCalls: 12, errors: 1, findings: 5 });
    const summary = (accounts: string[]) => ({
      id,
      startedAt: at.toISOString(),
      finishedAt: at.toISOString(),
      status: 'succeeded' as const,
      coverage: { accounts: { planned: 1, evaluated: 1 }, units: { planned: 2, evaluated: 2 }, checks: { planned: 2, evaluated: 2 } },
      accounts,
      regions: ['eu-west-1'],
      checks: ['ebs-volume-unattached'],
      apiCalls: { total: 5, throttled: 0, retries: 0, byOperation: { 'EC2:DescribeVolumes': 5 } },
      errors: [],
      progress: { unitsTotal: 2, unitsDone: 2, unitsFailed: 0, accountsTotal: 1, accountsDone: 1, apiCalls: 5, errors: 0, findings: 1 },
      counts: { PASS: 0, FAIL: 1, ERROR: 0, MUTED: 0 },
    });
    const ends = await Promise.all([
      shards.finish(leases[0]!, { summary: summary([A]) }),
      shards.finish(leases[1]!, { summary: summary([B]) }),
      shards.finish(leases[2]!, { error: 'engine crashed' }),
    ]);
    expect(ends.filter((e) => e.last)).toHaveLength(1);

    const scan = (await store.getScan(id))!;
    const total = aggregateShards(scan, await shards.shards(id), new Date(at.getTime() + 60_000));
    expect(total).toMatchObject({
      status: 'partial',
      accounts: [A, B, C],
      counts: { FAIL: 2 },
      apiCalls: { total: 10, byOperation: { 'EC2:DescribeVolumes': 10 } },
      coverage: { accounts: { planned: 3, evaluated: 2 }, units: { planned: 4, evaluated: 4 } },
    });
    expect(total.errors).toEqual([expect.objectContaining({ accountId: C, region: null, code: SHARD_FAILED_CODE })]);
  });

  it('fails a shard whose lease expired on its last attempt, and gives nothing of a cancelled scan', async () => {
    const id = await runningScan([[A], [B]]);
    const only = await shards.claim(id, 0, 'dead', 1, 1);
    if (only.kind !== 'claimed') throw new Error(only.kind);
    await pause(50);
    expect(await shards.claim(id, 0, 'w2', 60_000, 1)).toEqual({ kind: 'exhausted', accounts: [A], attempts: 1, last: false });
    expect(await shards.claim(id, 0, 'w2', 60_000, 1)).toEqual({ kind: 'gone' });

    await store.failScan(id, 'cancelled', 'cancelled', at);
    expect(await shards.cancelShards(id)).toBe(1);
    expect(await shards.claim(id, 1, 'w2', 60_000, 1)).toEqual({ kind: 'gone' });
  });

  it('gives a shard back at shutdown without counting the attempt', async () => {
    const id = await runningScan([[A]]);
    const c = await shards.claim(id, 0, 'w1', 60_000, 1);
    if (c.kind !== 'claimed') throw new Error(c.kind);
    await shards.release(c.lease, { countAttempt: false });
    expect(await shards.claim(id, 0, 'w2', 60_000, 1)).toMatchObject({ kind: 'claimed', lease: { attempt: 1 }, rerun: false });
  });

  it('lists once the shards whose lease expired long ago and that nobody took again (lost messages)', async () => {
    const id = await runningScan([[A], [B]]);
    const dead = await shards.claim(id, 0, 'dead', 1, 3);
    if (dead.kind !== 'claimed') throw new Error(dead.kind);
    const alive = await shards.claim(id, 1, 'w1', 60_000, 3);
    if (alive.kind !== 'claimed') throw new Error(alive.kind);
    await pause(80);
    const overdue = await shards.overdue(40);
    expect(overdue).toContainEqual({ scanId: id, shard: 0 });
    expect(overdue).not.toContainEqual({ scanId: id, shard: 1 });
    expect(await shards.overdue(40)).not.toContainEqual({ scanId: id, shard: 0 });
    // Announced again, it is claimed as a re-run.
    expect(await shards.claim(id, 0, 'w2', 60_000, 3)).toMatchObject({ kind: 'claimed', rerun: true });
  });

  it('lists running scans whose shards all ended a while ago but that nobody recorded', async () => {
    const id = await runningScan([[A]]);
    const c = await shards.claim(id, 0, 'w1', 60_000, 3);
    if (c.kind !== 'claimed') throw new Error(c.kind);
    expect(await shards.unrecorded(20)).not.toContain(id);
    await shards.finish(c.lease, { error: 'crashed' });
    await pause(60);
    expect(await shards.unrecorded(20)).toContain(id);
    await store.failScan(id, 'failed', 'recorded', at);
    expect(await shards.unrecorded(20)).not.toContain(id);
  });

  it('keeps running scans with open shards alive for the stale-scan sweep', async () => {
    const id = await runningScan([[A]]);
    await pause(30);
    await shards.keepAlive();
    expect(await store.interruptStaleScans(new Date(), 20, 'stale')).not.toContainEqual(expect.objectContaining({ id }));
  });
});
