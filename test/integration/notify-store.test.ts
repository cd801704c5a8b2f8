// Announcement state in the store (PGlite and PostgreSQL): new → resolved → came back, digests, a
// scan that did not evaluate a finding leaves it open, and the delivery log.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../domain/index.js';
import { ownershipSchema } from '../../notify/config.js';
import { notifyAfterScan } from '../../notify/notifier.js';
import { openStore } from '../../store/open.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import type { Store } from '../../store/types.js';
import { makeFinding } from '../helpers/sample-findings.js';
import { createTestSchema, testDatabaseUrl } from '../helpers/postgres.js';

const pgUrl = testDatabaseUrl('notification store');
type Open = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;
const backends: [string, Open][] = [
  [
    'PGlite',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'orgscan-notify-store-'));
      return { store: await openStore({ dataDir: dir }), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  ],
  ...(pgUrl
    ? ([
        [
          'PostgreSQL',
          async () => {
            const schema = createTestSchema(pgUrl, 'notify_store');
            return { store: await openStore({ databaseUrl: pgUrl, schema: schema.schema }), cleanup: () => schema.drop() };
          },
        ],
      ] as [string, Open][])
    : []),
];

const A = '111111111111';
const ownership = ownershipSchema.parse({
  teams: [
    { name: 'payments', sinks: [{ type: 'file', path: '/dev/null' }] },
    { name: 'quiet', digest: true, sinks: [{ type: 'file', path: '/dev/null' }] },
  ],
});

describe.each(backends)('announcements on %s', (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let n = 0;

  beforeAll(async () => {
    ({ store, cleanup } = await open());
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  /** Records a finished scan with the given findings and runs its notifications. */
  async function scanWith(findings: Finding[], overrides: { status?: 'succeeded' | 'partial'; accounts?: string[] } = {}) {
    const id = `scan-${++n}`;
    const at = new Date(Date.UTC(2026, 0, n));
    await store.createScan({ id, source: 'api', scope: { org: true }, scopeKey: 'org', createdAt: at });
    await store.markScanRunning(id, at);
    await store.appendFindings(id, findings, at);
    const counts = emptyCounts();
    for (const f of findings) counts[f.status] += 1;
    await store.finishScan({
      id,
      startedAt: at.toISOString(),
      finishedAt: at.toISOString(),
      status: overrides.status ?? 'succeeded',
      accounts: overrides.accounts ?? [A],
      regions: ['eu-west-1'],
      checks: ['ebs-volume-unattached'],
      apiCalls: { total: 0, throttled: 0, retries: 0, byOperation: {} },
      errors: [],
      progress: emptyProgress(),
      counts,
    });
    const records = await notifyAfterScan({ store, ownership, env: {}, now: () => at }, id);
    return { id, records: records.map((r) => [r.team, r.newCount, r.resolvedCount, r.cameBackCount]) };
  }

  const failing = (resourceId: string) => makeFinding({ resourceId, owner: 'payments' });
  const passing = (resourceId: string) => makeFinding({ resourceId, owner: 'payments', status: 'PASS' });

  it('announces new once, then resolved, then came back; a digest team hears after every scan', async () => {
    expect((await scanWith([failing('vol-a'), failing('vol-b')])).records).toEqual([
      ['payments', 2, 0, 0],
      ['quiet', 0, 0, 0],
    ]);
    expect((await scanWith([failing('vol-a'), failing('vol-b')])).records).toEqual([['quiet', 0, 0, 0]]);
    expect((await scanWith([passing('vol-a'), failing('vol-b')])).records).toEqual([
      ['payments', 0, 1, 0],
      ['quiet', 0, 0, 0],
    ]);
    const back = await scanWith([failing('vol-a'), failing('vol-b')]);
    expect(back.records).toEqual([
      ['payments', 0, 0, 1],
      ['quiet', 0, 0, 0],
    ]);
    expect((await store.listDeliveries(back.id)).map((d) => [d.team, d.sink, d.status])).toEqual([
      ['payments', 'file', 'delivered'],
      ['quiet', 'file', 'delivered'],
    ]);
    expect((await store.openAnnouncements()).map((a) => a.resourceId).sort()).toEqual(['vol-a', 'vol-b']);
  });

  it('leaves a finding open when the scan did not evaluate its account, and resolves it when one did', async () => {
    // Another account only: vol-a and vol-b are absent but were not looked at.
    expect((await scanWith([makeFinding({ accountId: '222222222222', resourceId: 'vol-z', status: 'PASS' })], { accounts: ['222222222222'] })).records).toEqual([
      ['quiet', 0, 0, 0],
    ]);
    // The account again, with both volumes gone: resolved.
    expect((await scanWith([], { status: 'partial' })).records).toEqual([
      ['payments', 0, 2, 0],
      ['quiet', 0, 0, 0],
    ]);
    expect(await store.openAnnouncements()).toEqual([]);
  });
});
