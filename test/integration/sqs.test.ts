// The service's queue consumer against moto's SQS: scan and weekly-report messages are handled
// and deleted; malformed ones are left for the dead-letter redrive, never silently dropped.
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type ScanSummary } from '../../checks/types.js';
import { DEFAULT_CONCURRENCY, type ScanRequest, type ScanRunOptions } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { startService, type RunningService } from '../../server/service.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import type { ScanRecord } from '../../store/types.js';
import { seedClient } from '../../emulator/moto/aws.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';

const ACCOUNT = '123456789012';
const A = '111111111111';
const B = '222222222222';

const baseRequest: ScanRequest = {
  org: false,
  accounts: [A, B],
  regions: ['eu-west-1', 'us-east-1'],
  roleName: 'OrgScanReadOnly',
  concurrency: DEFAULT_CONCURRENCY,
  options: DEFAULT_CHECK_OPTIONS,
};

describe('SQS consumer against moto', () => {
  let moto: MotoServer;
  let sqs: SQSClient;
  let queueUrl: string;
  let dlqUrl: string;
  let service: RunningService;
  const runs: ScanRequest[] = [];
  let weeklyReports = 0;
  const logs: Record<string, unknown>[] = [];

  const until = async <T>(probe: () => Promise<T | undefined | null | false>): Promise<T> => {
    for (;;) {
      const value = await probe();
      if (value) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const queueDepth = async (url: string) => {
    const attrs = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(attrs.Attributes!.ApproximateNumberOfMessages) + Number(attrs.Attributes!.ApproximateNumberOfMessagesNotVisible);
  };
  const queueScans = async (): Promise<ScanRecord[]> => (await service.store.listScans({}, { limit: 100 })).items.filter((s) => s.source === 'queue');

  beforeAll(async () => {
    moto = await startMoto();
    sqs = seedClient(SQSClient, moto.endpoint, 'us-east-1', ACCOUNT);
    dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orgscan-dlq' }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    queueUrl = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: 'orgscan-scans',
          Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }) },
        }),
      )
    ).QueueUrl!;

    service = await startService({
      baseRequest,
      retentionDays: 30,
      port: 0,
      tokens: parseTokenEntries(createToken('reader').entry, 'test'),
      aws: { endpoint: moto.endpoint, baseCredentials: FAKE_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 1 },
      queueUrl,
      queueWaitTimeSeconds: 1,
      weeklyReport: async () => {
        weeklyReports += 1;
      },
      logger: pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) }),
      runScan: async (request: ScanRequest, options: ScanRunOptions): Promise<ScanSummary> => {
        runs.push(request);
        return {
          id: options.id!,
          startedAt: options.now!().toISOString(),
          finishedAt: new Date().toISOString(),
          status: 'succeeded',
          accounts: request.accounts ?? [],
          regions: request.regions ?? [],
          checks: [],
          apiCalls: { total: 0, throttled: 0, retries: 0, byOperation: {} },
          errors: [],
          progress: emptyProgress(),
          counts: emptyCounts(),
        };
      },
    });
  });

  afterAll(async () => {
    await service?.close();
    await moto?.stop();
  });

  it('starts a scan for a scan message and deletes the message once the scan is recorded', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ type: 'scan', regions: ['eu-west-1'] }) }));
    const [scan] = await until(async () => {
      const scans = await queueScans();
      return scans.length > 0 && scans;
    });
    expect(scan!.scope).toMatchObject({ org: false, accounts: [A, B], regions: ['eu-west-1'] });
    expect(scan!.idempotencyKey).toMatch(/^sqs:/);
    await until(async () => (await queueDepth(queueUrl)) === 0);
    await until(async () => (await service.store.getScan(scan!.id))!.status === 'succeeded');
    expect(runs.at(-1)).toMatchObject({ regions: ['eu-west-1'], roleName: 'OrgScanReadOnly' });
  });

  it('hands weekly-report messages to the injected sender and deletes them', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"type":"weekly-report"}' }));
    await until(async () => weeklyReports === 1);
    await until(async () => (await queueDepth(queueUrl)) === 0);
  });

  it('leaves malformed messages for the dead-letter queue and logs why', async () => {
    const before = (await queueScans()).length;
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'run a scan please' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ type: 'scan', accounts: ['999999999999'] }) }));
    // Both messages are received, refused, become visible again, and move to the DLQ after 2 receives.
    await until(async () => (await queueDepth(dlqUrl)) === 2);
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10 }));
    expect((dead.Messages ?? []).map((m) => m.Body).sort()).toEqual(['run a scan please', JSON.stringify({ type: 'scan', accounts: ['999999999999'] })].sort());
    expect((await queueScans()).length).toBe(before);
    const reasons = logs.filter((l) => l.msg === 'malformed queue message left for the dead-letter queue').map((l) => l.reason);
    expect(reasons).toEqual(expect.arrayContaining(['body is not JSON', expect.stringContaining('"999999999999" is not among the configured accounts')]));
  });
});
