// Cancelling a scan shared by two service tasks (PostgreSQL + moto SQS): DELETE /scans/{id} on one
// task stops the shards running in both, and the shards still queued never run.
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

describe.skipIf(!url)('cancelling a scan shared by two tasks', () => {
  let moto: MotoServer;
  let schema: TestSchema;
  let shards: ShardStore;
  const services: RunningService[] = [];
  const operator = createToken('operator');
  const started: string[][] = [];
  let aborted = 0;

  // An engine that runs until its shard is stopped.
  const runScan = async (request: ScanRequest, options: ScanRunOptions): Promise<ScanSummary> => {
    started.push(request.accounts ?? []);
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
});
