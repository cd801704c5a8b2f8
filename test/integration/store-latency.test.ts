// Measures GET /findings over HTTP with 100,000 stored findings on PGlite and PostgreSQL.
// Prints numbers; asserts only correctness (no timed assertions). Opt-in, as it takes a minute:
//   ORGSCAN_MEASURE_LATENCY=1 TEST_DATABASE_URL=postgres://… npx vitest run test/integration/store-latency.test.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type Finding, type FindingStatus } from '../../checks/types.js';
import { DEFAULT_CONCURRENCY } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { startService } from '../../server/service.js';
import { openStore, type StoreOptions } from '../../store/open.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import { makeFinding } from '../helpers/sample-findings.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../helpers/postgres.js';

const TOTAL = Number(process.env.ORGSCAN_LATENCY_FINDINGS ?? 100_000);
const BATCH = 500; // about one unit's worth
const REPS = 30;
const enabled = process.env.ORGSCAN_MEASURE_LATENCY === '1';
const reader = createToken('reader');

const CHECK_IDS = ['ebs-volume-unattached', 'rds-instance-single-az', 'vpc-default-in-use', 's3-bucket-versioning', 'iam-password-policy'];
const REGIONS = ['us-east-1', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
const ACCOUNTS = Array.from({ length: 25 }, (_, i) => String(100000000000 + i * 7919));

function syntheticFinding(i: number): Finding {
  const r = i % 100;
  const status: FindingStatus = r < 60 ? 'PASS' : r < 90 ? 'FAIL' : r < 95 ? 'ERROR' : 'MUTED';
  return makeFinding({
    checkId: CHECK_IDS[i % CHECK_IDS.length]!,
    accountId: ACCOUNTS[Math.floor(i / 7) % ACCOUNTS.length]!,
    region: REGIONS[Math.floor(i / 3) % REGIONS.length]!,
    resourceId: `res-${i.toString(36).padStart(6, '0')}`,
    status,
    severity: (['low', 'medium', 'high', 'critical'] as const)[i % 4],
    estimatedMonthlyCostUsd: i % 5 === 0 ? (i % 97) * 1.5 : null,
  });
}

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return `p50 ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${s[s.length - 1]!.toFixed(1)} ms`;
}

async function measure(label: string, storeOptions: StoreOptions): Promise<string[]> {
  const lines: string[] = [];
  const store = await openStore(storeOptions);
  const scope = { org: false, accounts: ACCOUNTS, regions: REGIONS };
  const { scan } = await store.createScan({ id: `latency-${Date.now()}`, source: 'cli', scope, scopeKey: 'latency' });
  const startedAt = new Date();
  await store.markScanRunning(scan.id, startedAt);
  const t0 = performance.now();
  const counts = emptyCounts();
  for (let i = 0; i < TOTAL; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, TOTAL - i) }, (_, j) => syntheticFinding(i + j));
    batch.forEach((f) => (counts[f.status] += 1));
    await store.appendFindings(scan.id, batch, startedAt);
  }
  const insertMs = performance.now() - t0;
  await store.finishScan({
    id: scan.id,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    status: 'succeeded',
    accounts: ACCOUNTS,
    regions: REGIONS,
    checks: CHECK_IDS,
    apiCalls: { total: 0, throttled: 0, retries: 0, byOperation: {} },
    errors: [],
    progress: emptyProgress(),
    counts,
  });
  lines.push(`${label}: wrote ${TOTAL} findings in batches of ${BATCH} in ${(insertMs / 1000).toFixed(1)} s (${Math.round(TOTAL / (insertMs / 1000))}/s)`);
  await store.close();

  const service = await startService({
    baseRequest: { org: false, accounts: ACCOUNTS, regions: REGIONS, roleName: 'OrgScanReadOnly', concurrency: DEFAULT_CONCURRENCY, options: DEFAULT_CHECK_OPTIONS },
    retentionDays: 3650,
    port: 0,
    ...storeOptions,
    tokens: parseTokenEntries(reader.entry, 'latency'),
    logger: pino({ level: 'silent' }),
    rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
  });
  try {
    const get = async (path: string) => {
      const start = performance.now();
      // The scan's own findings: its scope is not the service's configured one, so /findings (latest) has none.
      const res = await fetch(`${service.url}${path.replace(/^\/findings/, `/scans/${scan.id}/findings`)}`, { headers: { authorization: `Bearer ${reader.token}` } });
      const body = (await res.json()) as { items: Finding[]; nextCursor: string | null; total: number | null };
      const ms = performance.now() - start;
      expect(res.status).toBe(200);
      return { ms, body };
    };
    // A cursor half-way through the scan.
    let cursor: string | null = null;
    let walked = 0;
    const walkStart = performance.now();
    while (walked < TOTAL / 2) {
      const { body } = await get(`/findings?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      walked += body.items.length;
      cursor = body.nextCursor;
    }
    const walkMs = performance.now() - walkStart;
    lines.push(`${label}: paged ${walked} findings with limit=1000 in ${(walkMs / 1000).toFixed(1)} s`);

    let triageCursor: string | null = null;
    for (let p = 0; p < 3; p += 1) {
      triageCursor = (await get(`/findings?status=FAIL&sort=triage&limit=50${triageCursor ? `&cursor=${triageCursor}` : ''}`)).body.nextCursor;
    }
    const cases: [string, string][] = [
      ['first page (limit 100)', '/findings'],
      ['status=FAIL', '/findings?status=FAIL'],
      ['status=FAIL&severity=high&accountId=…', `/findings?status=FAIL&severity=high&accountId=${ACCOUNTS[3]}`],
      ['checkId=…&region=…', `/findings?checkId=${CHECK_IDS[2]}&region=${REGIONS[1]}`],
      ['resourceId=… (one row)', `/findings?resourceId=res-${(TOTAL - 5).toString(36).padStart(6, '0')}`],
      ['cursor at 50%', `/findings?cursor=${cursor}`],
      ['limit=1000', '/findings?limit=1000'],
      ['triage view: status=FAIL&sort=triage (limit 50)', '/findings?status=FAIL&sort=triage&limit=50'],
      ['sort=triage (all statuses)', '/findings?sort=triage&limit=50'],
      ['triage cursor at page 3', `/findings?status=FAIL&sort=triage&limit=50&cursor=${triageCursor}`],
      ['sort=first-seen&status=FAIL', '/findings?status=FAIL&sort=first-seen&limit=50'],
      ['search q=res-001z (resource id prefix)', '/findings?status=FAIL&sort=triage&limit=50&q=res-001z'],
      ['search q=attached (message, most rows)', '/findings?sort=triage&limit=50&q=attached'],
    ];
    for (const [name, path] of cases) {
      await get(path); // warm-up
      const samples: number[] = [];
      let items = 0;
      for (let i = 0; i < REPS; i += 1) {
        const { ms, body } = await get(path);
        samples.push(ms);
        items = body.items.length;
      }
      expect(items).toBeGreaterThan(0);
      lines.push(`${label}: GET ${name} → ${items} items: ${stats(samples)}`);
    }
  } finally {
    await service.close();
  }
  return lines;
}

describe.skipIf(!enabled)(`GET /findings latency with ${TOTAL} stored findings`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  const report: string[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
    console.log(`\n${report.join('\n')}\n`);
  });

  it('on PGlite', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'orgscan-latency-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    report.push(...(await measure('PGlite', { dataDir: dir })));
  }, 900_000);

  const url = testDatabaseUrl('latency measurement');
  it.skipIf(!url)('on PostgreSQL', async () => {
    const schema: TestSchema = createTestSchema(url!, 'latency');
    cleanups.push(() => schema.drop());
    report.push(...(await measure('PostgreSQL', { databaseUrl: url!, schema: schema.schema })));
  }, 900_000);
});
