// Partial scans in the store (PGlite and PostgreSQL): the status and coverage are kept, "latest" of a
// scope may be a partial scan, a baseline never is, and the gauges read the scope asked for.
import { afterAll, describe, expect, it } from 'vitest';
import type { ScanSummary } from '../../checks/types.js';
import { openStore } from '../../store/open.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import type { Store } from '../../store/types.js';
import { createTestSchema, testDatabaseUrl } from '../helpers/postgres.js';

const pgUrl = testDatabaseUrl('store outcome suite');
const schema = pgUrl ? createTestSchema(pgUrl, 'store_outcome') : null;
const backends: [string, () => Promise<Store>][] = [
  ['PGlite', () => openStore({})],
  ...(pgUrl ? ([['PostgreSQL', () => openStore({ databaseUrl: pgUrl, schema: schema!.schema })]] as [string, () => Promise<Store>][]) : []),
];
afterAll(async () => {
  await schema?.drop();
});

let n = 0;
async function finished(store: Store, scopeKey: string, status: ScanSummary['status'], fail: number): Promise<string> {
  const id = `outcome-${++n}`;
  const at = new Date(Date.UTC(2026, 10, 1, 0, n));
  await store.createScan({ id, source: 'api', scope: { org: true }, scopeKey, createdAt: at });
  await store.markScanRunning(id, at);
  await store.finishScan({
    id,
    startedAt: at.toISOString(),
    finishedAt: new Date(at.getTime() + 1000).toISOString(),
    status,
    coverage: { accounts: { planned: 2, evaluated: status === 'succeeded' ? 2 : 1 }, units: { planned: 4, evaluated: 2 }, checks: { planned: 8, evaluated: 4 } },
    failureReason: status === 'succeeded' ? null : 'why',
    accounts: ['111111111111', '222222222222'],
    regions: ['eu-west-1'],
    checks: ['ebs-volume-unattached'],
    apiCalls: { total: 1, throttled: 0, retries: 0, byOperation: {} },
    errors: [],
    progress: emptyProgress(),
    counts: { ...emptyCounts(), FAIL: fail },
  });
  return id;
}

describe.each(backends)('scan outcomes in the store (%s)', (_name, open) => {
  it('keeps partial scans with their coverage; latest may be partial, a baseline never', async () => {
    const store = await open();
    try {
      const complete = await finished(store, 'full', 'succeeded', 5);
      const partial = await finished(store, 'full', 'partial', 2);
      await finished(store, 'full', 'failed', 0);
      await finished(store, 'narrow', 'succeeded', 1);
      const later = await finished(store, 'full', 'succeeded', 4);

      const p = (await store.getScan(partial))!;
      expect(p.status).toBe('partial');
      expect(p.coverage).toEqual({ accounts: { planned: 2, evaluated: 1 }, units: { planned: 4, evaluated: 2 }, checks: { planned: 8, evaluated: 4 } });
      expect(p.failureReason).toBe('why');

      expect((await store.previousFinishedScan(later))!.id).toBe(complete);
      expect((await store.latestFinishedScan('full'))!.id).toBe(later);
      const fourth = await finished(store, 'full', 'partial', 3);
      expect((await store.latestFinishedScan('full'))!.id).toBe(fourth);
      expect((await store.previousFinishedScan(fourth))!.id).toBe(later);
      expect((await store.metrics('full')).latestFindingsByStatus.FAIL).toBe(3);
      expect((await store.metrics('narrow')).latestFindingsByStatus.FAIL).toBe(1);
      expect((await store.metrics()).scansByStatus.partial).toBe(2);
    } finally {
      await store.close();
    }
  });
});
