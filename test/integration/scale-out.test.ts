// Scale-out chaos test: three `orgscan serve` processes (the built CLI) share one scan of an emulated
// organization through a real PostgreSQL and moto's SQS; one is SIGKILLed while it holds a shard. The
// scan still ends `succeeded` with exactly the findings one process finds: none lost, none doubled.
import { spawn, type ChildProcess } from 'node:child_process';
import { CreateVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedClient } from '../../emulator/moto/aws.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { createEmulatedOrganization, MANAGEMENT_ACCOUNT } from '../../emulator/moto/organization.js';
import { listOrganizationAccounts } from '../../scanner/targets.js';
import { createToken } from '../../server/auth.js';
import { ensureBuilt } from '../helpers/dist.js';
import { scanMoto } from '../helpers/moto-scan.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../helpers/postgres.js';

const REGIONS = ['us-east-1', 'eu-west-1'];
const CHECKS = ['ebs-volume-unattached', 'ebs-encryption-by-default', 'vpc-default-in-use', 'ec2-security-group-admin-ports-open', 'iam-password-policy'];
const MEMBERS = 11;
const SHARD_ACCOUNTS = 2;
const LEASE_SECONDS = 3;

const databaseUrl = testDatabaseUrl('scale-out chaos test');

interface Worker {
  child: ChildProcess;
  output: string;
  exited: Promise<number | null>;
}

const identity = (f: { checkId: string; accountId: string; region: string; resourceId: string }) => `${f.checkId}|${f.accountId}|${f.region}|${f.resourceId}`;

describe.skipIf(!databaseUrl)('one scan shared by three worker processes, one of them killed', () => {
  let moto: MotoServer;
  let schema: TestSchema;
  let db: pg.Client;
  let queueUrl: string;
  let sqs: SQSClient;
  let accounts: string[];
  const workers: Worker[] = [];

  const until = async <T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 90_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${workers.map((w, i) => `--- worker ${i}\n${w.output.slice(-3000)}`).join('\n')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  const startWorker = (cli: string, connection: string): Worker => {
    const child = spawn(
      process.execPath,
      [cli, 'serve', '--org', '--regions', REGIONS.join(','), '--checks', CHECKS.join(','), '--port', '0', '--log-level', 'info',
        '--shard-accounts', String(SHARD_ACCOUNTS), '--shard-lease', String(LEASE_SECONDS), '--shards-in-flight', '1', '--concurrency', '4'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          ORGSCAN_API_TOKENS: createToken('operator').entry,
          DATABASE_URL: connection,
          ORGSCAN_QUEUE_URL: queueUrl,
          AWS_ENDPOINT_URL: moto.endpoint,
          AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
          AWS_REGION: 'us-east-1',
          AWS_MAX_ATTEMPTS: '2',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const worker: Worker = { child, output: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
    const keep = (d: Buffer) => (worker.output = (worker.output + d.toString()).slice(-200_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    const cli = ensureBuilt();
    moto = await startMoto();
    await createEmulatedOrganization(moto.endpoint, Array.from({ length: MEMBERS }, (_, i) => `member-${i}`));
    accounts = (await listOrganizationAccounts(seedClient(OrganizationsClient, moto.endpoint, 'us-east-1', MANAGEMENT_ACCOUNT))).map((a) => a.id);
    // One unattached volume per account in one region: FAIL findings next to the default VPCs' findings.
    for (const account of accounts) {
      await seedClient(EC2Client, moto.endpoint, 'eu-west-1', account).send(new CreateVolumeCommand({ AvailabilityZone: 'eu-west-1a', Size: 8 }));
    }
    sqs = seedClient(SQSClient, moto.endpoint, 'us-east-1', MANAGEMENT_ACCOUNT);
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: 'orgscan-work-dlq' }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    queueUrl = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'orgscan-work',
          Attributes: { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 10 }) },
        }),
      )
    ).QueueUrl!;

    schema = createTestSchema(databaseUrl!, 'scaleout');
    db = new pg.Client({ connectionString: databaseUrl! });
    await db.connect();
    await db.query(`CREATE SCHEMA ${schema.schema}`);
    await db.query(`SET search_path = ${schema.schema}`);
    const url = new URL(databaseUrl!);
    url.searchParams.set('options', `-c search_path=${schema.schema}`);
    // The first worker applies the migrations; the others start once it listens.
    const first = startWorker(cli, url.toString());
    await until('the first worker to listen', async () => first.output.includes('orgscan listening on'));
    startWorker(cli, url.toString());
    startWorker(cli, url.toString());
    await until('every worker to listen', async () => workers.every((w) => w.output.includes('orgscan listening on')));
  });

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await db?.end();
    await schema?.drop();
    await moto?.stop();
  });

  it('ends succeeded with exactly the single-process findings after a worker is killed holding a shard', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ type: 'scan' }) }));
    const scanId = await until('the scan to be split into shards', async () => {
      const rows = await db.query(`SELECT scan_id FROM scan_shards LIMIT 1`);
      return rows.rows[0]?.scan_id as string | undefined;
    });

    // Freeze a shard in the hands of one worker (a row lock its writes and its end wait for), kill
    // that worker, then let go: the shard is certainly held by a dead worker.
    const lock = new pg.Client({ connectionString: databaseUrl! });
    await lock.connect();
    await lock.query(`SET search_path = ${schema.schema}`);
    let killed: { pid: number; shard: number } | null = null;
    try {
      killed = await until('a running shard to freeze', async () => {
        await lock.query('BEGIN');
        const held = await lock.query(`SELECT shard, owner FROM scan_shards WHERE scan_id = $1 AND status = 'running' LIMIT 1 FOR UPDATE SKIP LOCKED`, [scanId]);
        const row = held.rows[0] as { shard: number; owner: string } | undefined;
        if (!row) {
          await lock.query('ROLLBACK');
          return null;
        }
        const pid = Number(row.owner.split(':').at(-2));
        const victim = workers.find((w) => w.child.pid === pid);
        if (!victim) throw new Error(`no worker process ${pid} (owner ${row.owner})`);
        victim.child.kill('SIGKILL');
        await victim.exited;
        return { pid, shard: Number(row.shard) };
      });
    } finally {
      await lock.query('COMMIT').catch(() => undefined);
      await lock.end();
    }
    expect(killed).not.toBeNull();

    const scan = await until(
      'the scan to end',
      async () => {
        const rows = await db.query(`SELECT status, counts, failure_reason, errors FROM scans WHERE id = $1 AND status NOT IN ('queued','running')`, [scanId]);
        return rows.rows[0] as { status: string; counts: Record<string, number>; failure_reason: string | null; errors: unknown[] } | undefined;
      },
      120_000,
    );
    const shards = (await db.query(`SELECT shard, status, attempts FROM scan_shards WHERE scan_id = $1 ORDER BY shard`, [scanId])).rows as {
      shard: number;
      status: string;
      attempts: number;
    }[];
    const rerun = shards.filter((s) => s.attempts > 1);
    console.info(
      `scale-out chaos: ${shards.length} shards of ${SHARD_ACCOUNTS} accounts; worker ${killed!.pid} killed holding shard ${killed!.shard}; ` +
        `${rerun.length} shard(s) re-run (${rerun.map((s) => `#${s.shard}: ${s.attempts} attempts`).join(', ')})`,
    );
    expect(scan.status, `${scan.failure_reason} ${JSON.stringify(scan.errors)}`).toBe('succeeded');
    expect(shards.every((s) => s.status === 'done')).toBe(true);
    expect(shards.find((s) => s.shard === killed!.shard)!.attempts).toBeGreaterThanOrEqual(2);

    const stored = (await db.query(`SELECT check_id, account_id, region, resource_id, status FROM findings WHERE scan_id = $1`, [scanId])).rows.map(
      (r: Record<string, string>) => `${identity({ checkId: r.check_id!, accountId: r.account_id!, region: r.region!, resourceId: r.resource_id! })}|${r.status}`,
    );
    const single = await scanMoto(moto.endpoint, { accounts, regions: REGIONS, checks: CHECKS });
    expect(single.summary.status).toBe('succeeded');
    const expected = single.findings.map((f) => `${identity(f)}|${f.status}`);
    expect(expected.length).toBeGreaterThan(accounts.length * REGIONS.length);
    expect(single.summary.counts.FAIL).toBeGreaterThanOrEqual(accounts.length);
    expect(new Set(stored).size).toBe(stored.length); // no finding twice
    expect(stored.sort()).toEqual(expected.sort());
    expect(scan.counts).toEqual(single.summary.counts);
  }, 240_000);
});

describe('asking for shared scans without PostgreSQL and a queue', () => {
  it('refuses to start, naming what is missing (exit code 2)', async () => {
    const { runCli } = await import('../helpers/dist.js');
    const result = await runCli(['serve', '--accounts', '111111111111', '--port', '0', '--shard-accounts', '5'], { ORGSCAN_API_TOKENS: createToken('operator').entry });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--shard-accounts');
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).toContain('ORGSCAN_QUEUE_URL');
    const withDb = await runCli(['serve', '--accounts', '111111111111', '--port', '0', '--shard-accounts', '5'], {
      ORGSCAN_API_TOKENS: createToken('operator').entry,
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(withDb.code).toBe(2);
    expect(withDb.stderr).toContain('ORGSCAN_QUEUE_URL');
    expect(withDb.stderr).not.toContain('needs DATABASE_URL');
  });
});
