// A full scan queue: the SQS path keeps its messages (received no more, or left for redelivery).
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type ScanSummary } from '../../checks/types.js';
import { DEFAULT_CONCURRENCY, type ScanRequest, type ScanRunOptions } from '../../scanner/types.js';
import { ServiceMetrics } from '../../server/metrics.js';
import { createQueueHandler } from '../../server/queue-handler.js';
import { QueueFullError, ScanManager, type Logger } from '../../server/scan-manager.js';
import { SqsConsumer } from '../../server/sqs-consumer.js';
import { suppressionSource } from '../../server/suppression-source.js';
import { openStore } from '../../store/open.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import type { Store } from '../../store/types.js';

const baseRequest: ScanRequest = {
  org: false,
  accounts: ['111111111111'],
  regions: ['eu-west-1'],
  roleName: 'OrgScanReadOnly',
  concurrency: DEFAULT_CONCURRENCY,
  options: DEFAULT_CHECK_OPTIONS,
};
const logger = pino({ level: 'silent' }) as unknown as Logger;

function summary(options: ScanRunOptions): ScanSummary {
  return {
    id: options.id!,
    startedAt: options.now!().toISOString(),
    finishedAt: new Date().toISOString(),
    status: 'succeeded',
    accounts: ['111111111111'],
    regions: ['eu-west-1'],
    checks: ['ebs-volume-unattached'],
    apiCalls: { total: 1, throttled: 0, retries: 0, byOperation: {} },
    errors: [],
    progress: emptyProgress(),
    counts: emptyCounts(),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A manager whose scans run until `release()`: one at a time, `maxQueued` more may wait. */
async function blockedManager(maxQueued: number): Promise<{ manager: ScanManager; store: Store; release(): void }> {
  const store = await openStore({});
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const manager = new ScanManager({
    store,
    baseRequest,
    aws: {},
    logger,
    metrics: new ServiceMetrics(),
    suppressions: suppressionSource(store, undefined),
    retentionDays: 30,
    maxConcurrentScans: 1,
    maxQueuedScans: maxQueued,
    runScan: async (_request, options) => {
      await gate;
      return summary(options);
    },
  });
  cleanups.push(async () => {
    release();
    await manager.shutdown(new Date(Date.now() + 5_000));
    await store.close();
  });
  return { manager, store, release };
}

const scanMessage = (id: string, checks: string[]): Message => ({
  MessageId: id,
  ReceiptHandle: `rh-${id}`,
  Body: JSON.stringify({ type: 'scan', checks }),
});

/** An SQS client that serves `queue` and records what was asked of it. */
function fakeSqs(queue: Message[]) {
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  const client = {
    async send(command: object) {
      const input = (command as { input: Record<string, unknown> }).input;
      calls.push({ command: command.constructor.name, input });
      if (command instanceof ReceiveMessageCommand) {
        const n = input.MaxNumberOfMessages as number;
        if (queue.length === 0) await new Promise((r) => setTimeout(r, 5));
        return { Messages: queue.splice(0, n) };
      }
      if (command instanceof DeleteMessageCommand || command instanceof ChangeMessageVisibilityCommand) return {};
      throw new Error(`unexpected ${command.constructor.name}`);
    },
  };
  return { client: client as unknown as SQSClient, calls };
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached');
}

describe('a full scan queue', () => {
  it('counts free slots and waiting room, and refuses past them', async () => {
    const { manager } = await blockedManager(1);
    expect(manager.capacity).toBe(2);
    await manager.submit({ scope: { org: false, accounts: ['111111111111'], regions: ['eu-west-1'], checks: ['ebs-volume-unattached'] }, source: 'api' });
    await until(() => manager.capacity === 1);
    await manager.submit({ scope: { org: false, accounts: ['111111111111'], regions: ['eu-west-1'], checks: ['s3-bucket-versioning'] }, source: 'api' });
    expect(manager.capacity).toBe(0);
    await expect(manager.submit({ scope: { org: false, accounts: ['111111111111'], regions: ['eu-west-1'], checks: ['iam-root-mfa'] }, source: 'api' })).rejects.toThrow(QueueFullError);
    // A request for a scope already waiting (or running) needs no room: it gets that scan back.
    const again = await manager.submit({ scope: { org: false, accounts: ['111111111111'], regions: ['eu-west-1'], checks: ['s3-bucket-versioning'] }, source: 'api' });
    expect(again).toMatchObject({ created: false, reason: 'same-scope-active', scan: { status: 'queued' } });
    // A scan interrupted by a restart was accepted before: its re-queue is never refused.
    const requeued = await manager.submit({ scope: { org: false, accounts: ['111111111111'], regions: ['eu-west-1'], checks: ['iam-root-mfa'] }, source: 'queue', requeuedFrom: 'old-scan' });
    expect(requeued.created).toBe(true);
  });

  it('leaves a scan message it cannot queue for redelivery: neither deleted nor released', async () => {
    const { manager } = await blockedManager(0);
    const handle = createQueueHandler({ manager, baseRequest, organizationAccounts: async () => [], logger });
    expect(await handle(scanMessage('m1', ['ebs-volume-unattached']))).toBe('delete');
    expect(await handle(scanMessage('m2', ['s3-bucket-versioning']))).toBe('defer');

    const { client, calls } = fakeSqs([scanMessage('m3', ['iam-root-mfa'])]);
    // Room was reported, but the scan queue filled in between: the message is left alone.
    const consumer = new SqsConsumer({ client, queueUrl: 'http://sqs.local/q', logger, handle, capacity: () => 1 });
    consumer.start();
    await until(() => calls.some((c) => c.command === 'ReceiveMessageCommand') && calls.length >= 2);
    await consumer.stop();
    expect(calls.filter((c) => c.command !== 'ReceiveMessageCommand')).toEqual([]);
  });

  it('receives no messages while the scan queue is full, and takes them all once there is room', async () => {
    const { manager, release, store } = await blockedManager(1);
    await manager.submit({ scope: { org: false, accounts: ['111111111111'], regions: ['eu-west-1'], checks: ['ebs-volume-unattached'] }, source: 'api' });
    await manager.submit({ scope: { org: false, accounts: ['111111111111'], regions: ['eu-west-1'], checks: ['s3-bucket-versioning'] }, source: 'api' });
    await until(() => manager.capacity === 0);
    const waiting = [scanMessage('m1', ['iam-root-mfa']), scanMessage('m2', ['rds-instance-single-az']), scanMessage('m3', ['ebs-volume-unattached', 'iam-root-mfa'])];
    const { client, calls } = fakeSqs(waiting);
    const handle = createQueueHandler({ manager, baseRequest, organizationAccounts: async () => [], logger });
    const consumer = new SqsConsumer({ client, queueUrl: 'http://sqs.local/q', logger, handle, capacity: () => manager.capacity, capacityPollMs: 10 });
    consumer.start();
    cleanups.push(() => consumer.stop());
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toEqual([]);

    release();
    await until(async () => (await store.listScans({ status: ['succeeded'] }, { limit: 10 })).items.length >= 5);
    const receives = calls.filter((c) => c.command === 'ReceiveMessageCommand').map((c) => c.input.MaxNumberOfMessages as number);
    expect(receives.every((n) => n >= 1 && n <= 10)).toBe(true);
    expect(calls.filter((c) => c.command === 'DeleteMessageCommand').map((c) => c.input.ReceiptHandle)).toEqual(['rh-m1', 'rh-m2', 'rh-m3']);
    expect(calls.filter((c) => c.command === 'ChangeMessageVisibilityCommand')).toEqual([]);
  });
});
