// Splitting a scan into shards of accounts: recorded in PostgreSQL, announced on the work queue, where
// any service task's shard worker takes them (server/shard-worker.ts).
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { resolveTargets } from '../scanner/targets.js';
import type { AwsEnvironment } from '../scanner/types.js';
import type { ShardStore } from '../store/shards.js';
import type { ScanRecord, Store } from '../store/types.js';
import { serviceOrganizationsClient } from './org-accounts.js';
import type { QueueMessage } from './queue-messages.js';
import type { Logger } from './scan-manager.js';

/** Consecutive slices of at most `size` accounts. */
export function splitAccounts(accounts: readonly string[], size: number): string[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`shard size must be a positive whole number, got ${size}`);
  const shards: string[][] = [];
  for (let i = 0; i < accounts.length; i += size) shards.push(accounts.slice(i, i + size));
  return shards;
}

export interface ShardPlannerOptions {
  shards: ShardStore;
  store: Store;
  sqs: SQSClient;
  queueUrl: string;
  aws: AwsEnvironment;
  /** Accounts per shard. */
  shardAccounts: number;
  now?: (() => Date) | undefined;
}

export class ShardPlanner {
  private readonly clock: () => Date;

  constructor(private readonly options: ShardPlannerOptions) {
    this.clock = options.now ?? (() => new Date());
  }

  /** Records a running scan's shards and sends one queue message per shard. */
  async plan(scan: ScanRecord, logger: Logger): Promise<void> {
    const { aws, shards, store } = this.options;
    const client = serviceOrganizationsClient(aws);
    let accounts: string[];
    try {
      accounts = (await resolveTargets(scan.scope, () => client)).map((t) => t.id);
    } finally {
      client.destroy();
    }
    if (accounts.length === 0) {
      await store.failScan(scan.id, 'failed', 'no account to scan: 0 of 0 accounts evaluated', this.clock());
      logger.warn({}, 'scan failed: no account to scan');
      return;
    }
    const parts = splitAccounts(accounts, this.options.shardAccounts);
    await shards.createShards(scan.id, parts);
    try {
      await this.announce(scan.id, parts.length);
    } catch (err) {
      // Shards nobody hears of would keep the scan running: stop them; the caller fails the scan.
      await shards.cancelShards(scan.id).catch(() => undefined);
      throw err;
    }
    logger.info({ accounts: accounts.length, shards: parts.length, shardAccounts: this.options.shardAccounts }, 'scan split into shards');
  }

  private async announce(scanId: string, count: number): Promise<void> {
    await announceShards(this.options.sqs, this.options.queueUrl, Array.from({ length: count }, (_, shard) => ({ scanId, shard })));
  }
}

/** One queue message per shard, sent in batches of ten (the SQS maximum). */
export async function announceShards(sqs: SQSClient, queueUrl: string, shards: readonly { scanId: string; shard: number }[]): Promise<void> {
  for (let first = 0; first < shards.length; first += 10) {
    const entries = shards.slice(first, first + 10).map((s, i) => {
      const body: QueueMessage = { type: 'shard', scanId: s.scanId, shard: s.shard };
      return { Id: String(i), MessageBody: JSON.stringify(body) };
    });
    const res = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
    if (res.Failed && res.Failed.length > 0) {
      throw new Error(`cannot announce shards on the queue: ${res.Failed.map((f) => `${f.Id}: ${f.Code} ${f.Message ?? ''}`).join('; ')}`);
    }
  }
}
