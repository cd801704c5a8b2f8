// Every service task's shard worker: takes shard messages from the work queue, claims the shard with a
// PostgreSQL lease, runs the engine on its accounts under this task's limits, and keeps the lease and
// the message's visibility alive together. The task that ends a scan's last shard finishes the scan.
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pLimit from 'p-limit';
import type { Finding, ScanProgress, ScanSummary } from '../checks/types.js';
import { runScan as defaultRunScan } from '../scanner/runner.js';
import { safeErrorMessage } from '../scanner/errors.js';
import type { AwsEnvironment, ScanLimiters, ScanRequest, ScanRunOptions } from '../scanner/types.js';
import { LeaseLostError, type ShardLease, type ShardStore } from '../store/shards.js';
import { isTransientStoreError } from '../store/transient.js';
import type { Store } from '../store/types.js';
import type { ServiceMetrics } from './metrics.js';
import type { QueueMessage } from './queue-messages.js';
import type { Logger, ScanManagerOptions } from './scan-manager.js';
import { requestFor } from './scope.js';
import { aggregateShards } from './shard-finish.js';
import { announceShards } from './shard-plan.js';
import type { MessageOutcome } from './sqs-consumer.js';
import type { SuppressionSource } from './suppression-source.js';

export type ShardMessage = Extract<QueueMessage, { type: 'shard' }>;

export interface ShardSettings {
  /** Accounts per shard. */
  shardAccounts: number;
  /** How long a claimed shard stays held without a renewal; renewed every third of it. The queue message's visibility follows it. */
  leaseMs: number;
  /** Attempts per shard; when the last one is lost or fails, its accounts become account errors. */
  maxAttempts: number;
  /** Shards one task runs at once, all under the task's limits on accounts, units and API calls. */
  shardsInFlight: number;
}

export const DEFAULT_SHARD_SETTINGS: Omit<ShardSettings, 'shardAccounts'> = { leaseMs: 60_000, maxAttempts: 3, shardsInFlight: 2 };

export interface ShardWorkerOptions {
  shards: ShardStore;
  store: Store;
  sqs: SQSClient;
  queueUrl: string;
  baseRequest: ScanRequest;
  aws: AwsEnvironment;
  logger: Logger;
  metrics: ServiceMetrics;
  suppressions: SuppressionSource;
  retentionDays: number;
  settings: ShardSettings;
  /** This worker's name in the lease (default host:pid:random). */
  owner?: string | undefined;
  now?: (() => Date) | undefined;
  runScan?: ((request: ScanRequest, options: ScanRunOptions) => Promise<ScanSummary>) | undefined;
  /** Owner routing of each shard's findings, as the single-process scan manager does it. */
  router?: ScanManagerOptions['router'];
  /** After the task that ends the last shard has recorded the scan (team notifications); never awaited by the scan. */
  afterScan?: ScanManagerOptions['afterScan'];
}

interface RunningShard {
  lease: ShardLease;
  controller: AbortController;
  /** Why the run stops early: the worker is stopping, or the lease/scan is gone. */
  stop: 'shutdown' | 'lost' | null;
  done: Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retries while the database is unreachable (0.2 s doubling to 5 s) for at most `budgetMs`. */
async function retryTransient<T>(op: () => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await op();
    } catch (err) {
      if (!isTransientStoreError(err) || Date.now() + delay > deadline) throw err;
      await sleep(delay);
    }
  }
}

export class ShardWorker {
  readonly owner: string;
  private readonly running = new Map<string, RunningShard>();
  private readonly limiters: ScanLimiters;
  private readonly engine;
  private readonly clock: () => Date;
  private readonly keepAliveTimer: NodeJS.Timeout;
  private stopping = false;
  /** Shards this worker ran again after an earlier attempt was lost or failed. */
  rerunCount = 0;
  private readonly afterScanPending = new Set<Promise<void>>();

  /** Resolves when the after-scan work (notifications) of the scans this task finished has ended. */
  async afterScanSettled(): Promise<void> {
    while (this.afterScanPending.size > 0) await Promise.all([...this.afterScanPending]);
  }

  constructor(private readonly options: ShardWorkerOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const { concurrency } = options.baseRequest;
    this.limiters = { accounts: pLimit(concurrency.accounts), units: pLimit(concurrency.units), apiCalls: pLimit(concurrency.apiCalls) };
    this.engine = options.runScan ?? defaultRunScan;
    this.clock = options.now ?? (() => new Date());
    this.keepAliveTimer = setInterval(
      () =>
        void options.shards
          .keepAlive()
          .then(() => this.reannounce())
          .catch((err) => options.logger.warn({ err: safeErrorMessage(err) }, 'shard keep-alive failed')),
      Math.max(1_000, options.settings.leaseMs / 3),
    );
    this.keepAliveTimer.unref();
  }

  /**
   * Sends a new message for each shard whose worker died and whose message did not come back (a duplicate
   * is harmless), and records the scans whose last shard's task stopped before recording them.
   */
  private async reannounce(): Promise<void> {
    for (const scanId of await this.options.shards.unrecorded(this.options.settings.leaseMs * 2)) {
      this.options.logger.warn({ scanId }, 'scan whose shards all ended was not recorded; recording it');
      await this.finishScan(scanId);
    }
    const overdue = await this.options.shards.overdue(this.options.settings.leaseMs * 2);
    if (overdue.length === 0) return;
    await announceShards(this.options.sqs, this.options.queueUrl, overdue);
    this.options.logger.warn({ shards: overdue }, 'shards left by a stopped worker announced again');
  }

  /** Shard messages this worker can take now. */
  get free(): number {
    return this.stopping ? 0 : Math.max(0, this.options.settings.shardsInFlight - this.running.size);
  }

  private get leaseSeconds(): number {
    return Math.max(1, Math.ceil(this.options.settings.leaseMs / 1000));
  }

  /** The queue handler for shard messages. */
  readonly handle = async (message: Message, msg: ShardMessage): Promise<MessageOutcome> => {
    const { shards, logger, settings } = this.options;
    if (this.free === 0) return 'release';
    // First: should this task die from here on, the message comes back after one lease, not the queue's visibility timeout.
    await this.visibility(message, this.leaseSeconds);
    const claim = await shards.claim(msg.scanId, msg.shard, this.owner, settings.leaseMs, settings.maxAttempts);
    const meta = { scanId: msg.scanId, shard: msg.shard, messageId: message.MessageId };
    switch (claim.kind) {
      case 'gone':
        return 'delete';
      case 'busy':
        await this.visibility(message, 2);
        return 'defer';
      case 'held':
        // A duplicate delivery: it comes back when the holder's lease would have expired.
        await this.visibility(message, Math.ceil(claim.leaseLeftMs / 1000) + 1);
        return 'defer';
      case 'exhausted':
        logger.error({ ...meta, attempts: claim.attempts, accounts: claim.accounts.length }, 'shard lost on its last attempt; its accounts are recorded as errors');
        if (claim.last) await this.finishScan(msg.scanId);
        return 'delete';
      case 'claimed': {
        if (claim.rerun) this.rerunCount += 1;
        logger.info({ ...meta, attempt: claim.lease.attempt, accounts: claim.accounts.length, rerun: claim.rerun }, 'shard claimed');
        const entry: RunningShard = { lease: claim.lease, controller: new AbortController(), stop: null, done: Promise.resolve() };
        const key = `${msg.scanId}/${msg.shard}`;
        this.running.set(key, entry);
        entry.done = this.run(entry, claim.accounts, message)
          .catch((err) => logger.error({ ...meta, err: safeErrorMessage(err) }, 'shard bookkeeping failed'))
          .finally(() => this.running.delete(key));
        // The message stays until the shard ends: the worker deletes it then.
        return 'defer';
      }
    }
  };

  private async visibility(message: Message, seconds: number): Promise<void> {
    await this.options.sqs
      .send(new ChangeMessageVisibilityCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: Math.min(43_200, seconds) }))
      .catch((err) => this.options.logger.warn({ messageId: message.MessageId, err: safeErrorMessage(err) }, 'cannot change the shard message visibility'));
  }

  private async deleteMessage(message: Message): Promise<void> {
    await this.options.sqs
      .send(new DeleteMessageCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: message.ReceiptHandle }))
      .catch((err) => this.options.logger.warn({ messageId: message.MessageId, err: safeErrorMessage(err) }, 'cannot delete the shard message'));
  }

  private async run(entry: RunningShard, accounts: string[], message: Message): Promise<void> {
    const { shards, store, logger: root, settings, suppressions, metrics } = this.options;
    const { lease } = entry;
    const logger = root.child({ scanId: lease.scanId, shard: lease.shard, attempt: lease.attempt });
    const lose = () => {
      entry.stop ??= 'lost';
      entry.controller.abort();
    };
    const renewal = setInterval(() => {
      void shards.renew(lease, settings.leaseMs).then(
        async (held) => {
          if (!held) return lose();
          await this.visibility(message, this.leaseSeconds);
        },
        (err) => logger.warn({ err: safeErrorMessage(err) }, 'cannot renew the shard lease'),
      );
    }, settings.leaseMs / 3);
    let pending: ScanProgress | null = null;
    let writing: Promise<void> | null = null;
    const writeProgress = async () => {
      while (pending) {
        const next = pending;
        pending = null;
        // The scan ended elsewhere (cancelled, interrupted): stop this shard too.
        const running = await shards.updateProgress(lease, next).catch(() => true);
        if (!running) lose();
        await sleep(500);
      }
      writing = null;
    };
    let writeFailure: string | null = null;
    let summary: ScanSummary | null = null;
    let failure: string | null = null;
    try {
      const scan = await store.getScan(lease.scanId);
      if (!scan || scan.status !== 'running') {
        entry.stop = 'lost';
      } else {
        const startedAt = scan.startedAt ? new Date(scan.startedAt) : this.clock();
        const suppress = await suppressions.suppressor(startedAt);
        let route: ((finding: Finding) => string) | undefined;
        try {
          route = await this.options.router?.();
        } catch (err) {
          logger.warn({ err: safeErrorMessage(err) }, 'cannot load the routing rules; findings of this shard have no owner');
        }
        summary = await this.engine(requestFor(this.options.baseRequest, { ...scan.scope, org: false, accounts }), {
          id: lease.scanId,
          aws: this.options.aws,
          now: () => startedAt,
          limiters: this.limiters,
          hooks: {
            signal: entry.controller.signal,
            logger,
            suppress,
            route,
            onProgress: (p) => {
              pending = p;
              writing ??= writeProgress();
            },
            onFindings: async (findings) => {
              if (entry.stop || writeFailure) return;
              try {
                await retryTransient(() => shards.appendFindings(lease, findings, startedAt), 20_000);
              } catch (err) {
                if (err instanceof LeaseLostError) lose();
                else writeFailure ??= `cannot store findings: ${safeErrorMessage(err)}`;
                entry.controller.abort();
                throw err;
              }
              metrics.findingsStored(findings.length);
            },
          },
        });
      }
    } catch (err) {
      failure = safeErrorMessage(err);
    } finally {
      clearInterval(renewal);
      await writing;
    }
    failure = writeFailure ?? failure;
    if (entry.stop === 'lost') {
      // Another attempt owns the shard (or the scan ended): nothing of this run counts.
      logger.warn({}, 'shard stopped: its lease was lost or its scan ended');
      return;
    }
    if (entry.stop === 'shutdown') {
      await shards.release(lease, { countAttempt: false }).catch(() => undefined);
      await this.visibility(message, 0);
      logger.info({}, 'shard given back at shutdown');
      return;
    }
    if (failure !== null || !summary) {
      const reason = failure ?? 'the engine returned no summary';
      if (lease.attempt < settings.maxAttempts) {
        await shards.release(lease, { countAttempt: true, error: reason }).catch(() => undefined);
        await this.visibility(message, 0);
        logger.warn({ err: reason }, 'shard attempt failed; it will be retried');
        return;
      }
      await this.end(lease, { error: reason }, logger);
      await this.deleteMessage(message);
      return;
    }
    await this.end(lease, { summary }, logger);
    await this.deleteMessage(message);
  }

  private async end(lease: ShardLease, end: { summary: ScanSummary } | { error: string }, logger: Logger): Promise<void> {
    let last: boolean;
    try {
      ({ last } = await retryTransient(() => this.options.shards.finish(lease, end), 60_000));
    } catch (err) {
      logger.error({ err: safeErrorMessage(err) }, 'cannot record the end of the shard');
      return;
    }
    if ('summary' in end) logger.info({ status: end.summary.status, apiCalls: end.summary.apiCalls.total, findings: end.summary.progress.findings }, 'shard done');
    else logger.error({ err: end.error }, 'shard failed on its last attempt; its accounts are recorded as errors');
    if (last) await this.finishScan(lease.scanId);
  }

  /** Records the scan's summary from its shards: the task ending the last shard does it once. */
  private async finishScan(scanId: string): Promise<void> {
    const { store, shards, logger, metrics } = this.options;
    try {
      const scan = await store.getScan(scanId);
      if (!scan || scan.status !== 'running') return;
      const list = await shards.shards(scanId);
      const summary = aggregateShards(scan, list, this.clock());
      // Two tasks may both find the scan unrecorded (the keep-alive recovery): only the one that records it goes on.
      if (!(await retryTransient(() => store.finishScan(summary), 600_000))) return;
      const duration = summary.finishedAt ? (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000 : null;
      metrics.scanFinished(summary.status, duration, summary.apiCalls.total, summary.progress.errors);
      const reruns = list.reduce((n, s) => n + Math.max(0, s.attempts - 1), 0);
      logger.info(
        { scanId, status: summary.status, shards: list.length, shardsRerun: reruns, counts: summary.counts, apiCalls: summary.apiCalls.total },
        'scan recorded from its shards',
      );
      if (summary.status === 'succeeded' || summary.status === 'partial') {
        const deleted = await store.applyRetention(this.options.retentionDays, this.clock()).catch(() => 0);
        if (deleted > 0) logger.info({ deleted, retentionDays: this.options.retentionDays }, 'old scans deleted');
      }
      if (this.options.afterScan) {
        const pending = this.options
          .afterScan({ id: summary.id, status: summary.status })
          .catch((err: unknown) => logger.error({ scanId, err: safeErrorMessage(err) }, 'after-scan notifications failed'))
          .finally(() => this.afterScanPending.delete(pending));
        this.afterScanPending.add(pending);
      }
    } catch (err) {
      logger.error({ scanId, err: safeErrorMessage(err) }, 'cannot record the scan from its shards');
    }
  }

  /** Cancels a sharded scan in the store; the tasks running its shards stop at their next progress write or renewal. */
  async cancel(scanId: string): Promise<boolean> {
    if (!(await this.options.shards.isSharded(scanId))) return false;
    // Shards first: their UPDATE waits for findings writes in flight and fences later ones, so the counts
    // failScan then takes from the stored rows are final.
    await this.options.shards.cancelShards(scanId);
    await this.options.store.failScan(scanId, 'cancelled', 'cancelled while running', this.clock());
    for (const entry of this.running.values()) {
      if (entry.lease.scanId === scanId) {
        entry.stop ??= 'lost';
        entry.controller.abort();
      }
    }
    return true;
  }

  /** Stops taking shards, stops running ones (their units finish) and gives them back, until `deadline`. */
  async stop(deadline: Date): Promise<void> {
    this.stopping = true;
    clearInterval(this.keepAliveTimer);
    const entries = [...this.running.values()];
    for (const e of entries) {
      e.stop ??= 'shutdown';
      e.controller.abort();
    }
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline.getTime() - Date.now()));
    });
    await Promise.race([Promise.all(entries.map((e) => e.done)), timedOut]);
    clearTimeout(timer);
  }
}
