// A scan shared by two service tasks (PostgreSQL + moto SQS), with a stand-in engine: DELETE /scans/{id}
// on one task stops the shards running in both and the queued ones never run; a shard failing every
// attempt becomes account errors and the scan still ends (partial).
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type ScanSummary } from '../../checks/types.js';
import { seedClient } from '../../emulator/moto/aws.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { DEFAULT_CONCURRENCY, type ScanRequest, type ScanRunOptions } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { startService, type RunningService } from '../../server/service.js';
import { openShardStore, type ShardStore } from '../../store/shards.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../helpers/postgres.js';

const url = testDatabaseUrl('scale-out cancel');
const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];

describe.skipIf(!url)('a scan shared by two tasks, with a stand-in engine', () => {
  let moto: MotoServer;
  let schema: TestSchema;
  let shards: ShardStore;
  const services: RunningService[] = [];
  const operator = createToken('operator');
  const started: string[][] = [];
  let aborted = 0;

  // An engine that runs until its shard is stopped; with `failing`, it fails that account's shard and finishes the others.
  let failing: string | null = null;
  const runs = new Map<string, number>();
  const runScan = async (request: ScanRequest, options: ScanRunOptions): Promise<ScanSummary> => {
    const accounts = request.accounts ?? [];
    for (const a of accounts) runs.set(a, (runs.get(a) ?? 0) + 1);
    if (failing !== null) {
      if (accounts.includes(failing)) throw new Error('engine crashed');
      return {
        id: options.id!,
        startedAt: new Date().toISOString(),
        finishedAt: new Date().toISOString(),
        status: 'succeeded',
        coverage: { accounts: { planned: 1, evaluated: 1 }, units: { planned: 1, evaluated: 1 }, checks: { planned: 1, evaluated: 1 } },
        accounts,
        regions: ['eu-west-1'],
        checks: ['ebs-volume-unattached'],
        apiCalls: { total: 3, throttled: 0, retries: 0, byOperation: { 'EC2:DescribeVolumes': 3 } },
        errors: [],
        progress: { ...emptyProgress(), unitsTotal: 1, unitsDone: 1, accountsTotal: 1, accountsDone: 1, apiCalls: 3 },
        counts: emptyCounts(),
      };
    }
    started.push(accounts);
    const signal = options.hooks!.signal!;
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve())));
    aborted += 1;
    return {
      id: options.id!,
      startedAt: new Date().toISOString(),
      finishedAt: new Date().toISOString(),
      status: 'cancelled',
      accounts: request.accounts ?? [],
      regions: [],
      checks: [],
      apiCalls: { total: 0, throttled: 0, retries: 0, byOperation: {} },
      errors: [],
      progress: emptyProgress(),
      counts: emptyCounts(),
    };
  };

  beforeAll(async () => {
    moto = await startMoto();
    const sqs = seedClient(SQSClient, moto.endpoint, 'us-east-1', '123456789012');
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orgscan-cancel' }))).QueueUrl!;
    schema = createTestSchema(url!, 'scalecancel');
    const baseRequest: ScanRequest = { org: false, accounts: ACCOUNTS, regions: ['eu-west-1'], roleName: 'OrgScanReadOnly', concurrency: DEFAULT_CONCURRENCY, options: DEFAULT_CHECK_OPTIONS };
    for (let i = 0; i < 2; i++) {
      services.push(
        await startService({
          baseRequest,
          retentionDays: 30,
          port: 0,
          tokens: parseTokenEntries(operator.entry, 'test'),
          databaseUrl: url!,
          schema: schema.schema,
          aws: { endpoint: moto.endpoint, baseCredentials: FAKE_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 1 },
          queueUrl,
          queueWaitTimeSeconds: 1,
          logger: pino({ level: 'silent' }),
          runScan,
          scaleOut: { shardAccounts: 1, leaseMs: 1_500, maxAttempts: 3, shardsInFlight: 1 },
        }),
      );
    }
    shards = await openShardStore(url!, { schema: schema.schema });
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await shards?.close();
    await schema?.drop();
    await moto?.stop();
  });

  const until = async <T>(probe: () => Promise<T | null | undefined | false>): Promise<T> => {
    for (;;) {
      const v = await probe();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('stops the shards running in both tasks and leaves the queued ones unrun', async () => {
    const created = await services[0]!.manager.submit({ scope: { org: false, accounts: ACCOUNTS, regions: ['eu-west-1'] }, source: 'api' });
    const scanId = created.scan.id;
    // One shard running in each task (one in flight per task), two waiting.
    await until(async () => (await shards.shards(scanId)).filter((s) => s.status === 'running').length === 2);
    await until(async () => started.length === 2);
    const owners = new Set((await shards.shards(scanId)).filter((s) => s.status === 'running').map((s) => s.owner));
    expect(owners.size).toBe(2);

    // Asked of the task that did not create the scan: it cancels it for every task.
    const res = await services[1]!.app.inject({ method: 'DELETE', url: `/scans/${scanId}`, headers: { authorization: `Bearer ${operator.token}` } });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ id: scanId, status: 'cancelling' });

    await until(async () => aborted === 2);
    expect((await services[0]!.store.getScan(scanId))!.status).toBe('cancelled');
    await new Promise((r) => setTimeout(r, 2_000)); // the waiting shards' messages are taken and dropped
    expect((await shards.shards(scanId)).map((s) => s.status)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    expect(started).toHaveLength(2);
  }, 60_000);

  it('records the accounts of a shard that failed every attempt as errors, and the scan ends partial', async () => {
    failing = ACCOUNTS[1]!;
    const scope = { org: false, accounts: ACCOUNTS.slice(0, 3), regions: ['eu-west-1'] };
    const { scan } = await services[0]!.manager.submit({ scope, source: 'api' });
    const ended = await until(async () => {
      const s = await services[1]!.store.getScan(scan.id);
      return s && s.status !== 'queued' && s.status !== 'running' ? s : null;
    });
    expect(ended.status).toBe('partial');
    expect(ended.errors).toEqual([expect.objectContaining({ accountId: ACCOUNTS[1], region: null, code: 'ShardFailed' })]);
    expect(ended.coverage).toMatchObject({ accounts: { planned: 3, evaluated: 2 } });
    expect(ended.apiCalls.total).toBe(6);
    const list = await shards.shards(scan.id);
    expect(list.map((s) => [s.status, s.attempts])).toEqual([['done', 1], ['failed', 3], ['done', 1]]);
    expect(runs.get(ACCOUNTS[1]!)).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
