// Findings filtered by OU path prefix, account tags and owning team, on PGlite and PostgreSQL.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/types.js';
import { makeFinding } from '../helpers/sample-findings.js';
import { createTestSchema, testDatabaseUrl } from '../helpers/postgres.js';

const pgUrl = testDatabaseUrl('store ownership');
const backends: Array<[string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>]> = [
  [
    'PGlite',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'orgscan-owner-'));
      return { store: await openStore({ dataDir: dir }), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  ],
  ...(pgUrl
    ? [
        [
          'PostgreSQL',
          async () => {
            const schema = createTestSchema(pgUrl, 'store_ownership');
            return { store: await openStore({ databaseUrl: pgUrl, schema: schema.schema }), cleanup: () => schema.drop() };
          },
        ] as [string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>],
      ]
    : []),
];

describe.each(backends)('ownership filters on %s', (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  const scanId = 'scan-ownership';

  beforeAll(async () => {
    ({ store, cleanup } = await open());
    await store.createScan({ id: scanId, source: 'api', scope: { org: true }, scopeKey: 'org' });
    await store.markScanRunning(scanId, new Date());
    await store.appendFindings(
      scanId,
      [
        makeFinding({ resourceId: 'a', accountId: '111111111111', ouPath: 'Root/Workloads/Payments', accountTags: { env: 'prod', cc: '42' }, owner: 'payments' }),
        makeFinding({ resourceId: 'b', accountId: '222222222222', ouPath: 'Root/Workloads/Search', accountTags: { env: 'dev' }, owner: 'search' }),
        makeFinding({ resourceId: 'c', accountId: '333333333333', ouPath: 'Root/WorkloadsArchive', accountTags: {}, owner: 'unowned' }),
        // Stored before owners existed: no fields at all.
        makeFinding({ resourceId: 'd', accountId: '444444444444' }),
      ],
      new Date(),
    );
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  const ids = async (filter: Parameters<Store['listFindings']>[1]) => (await store.listFindings(scanId, filter)).items.map((f) => f.resourceId).sort();

  it('filters by OU path prefix on whole path segments', async () => {
    expect(await ids({ ouPath: ['Root/Workloads'] })).toEqual(['a', 'b']);
    expect(await ids({ ouPath: ['Root/Workloads/'] })).toEqual(['a', 'b']);
    expect(await ids({ ouPath: ['Root/Workloads/Payments', 'Root/WorkloadsArchive'] })).toEqual(['a', 'c']);
    expect(await ids({ ouPath: ['Root'] })).toEqual(['a', 'b', 'c']);
  });

  it('filters by account tags (all given must match)', async () => {
    expect(await ids({ accountTags: { env: 'prod' } })).toEqual(['a']);
    expect(await ids({ accountTags: { env: 'prod', cc: '42' } })).toEqual(['a']);
    expect(await ids({ accountTags: { env: 'prod', cc: '43' } })).toEqual([]);
  });

  it('filters by owner; findings without one count as unowned', async () => {
    expect(await ids({ owner: ['payments'] })).toEqual(['a']);
    expect(await ids({ owner: ['unowned'] })).toEqual(['c', 'd']);
    expect(await store.countFindings(scanId, { owner: ['payments', 'search'] })).toBe(2);
  });
});
