// Runs the service's scans: records them in the store, runs the engine with back-pressured
// finding writes, cancels on request, and stops gracefully on shutdown.
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import type { Finding, ScanProgress, ScanSummary } from '../checks/types.js';
import { runScan as defaultRunScan } from '../scanner/runner.js';
import { safeErrorMessage } from '../scanner/errors.js';
import type { AwsEnvironment, ScanLogger, ScanRequest, ScanRunOptions, ScanScope } from '../scanner/types.js';
import { isTransientStoreError } from '../store/transient.js';
import type { CreateScanResult, ScanRecord, ScanSource, Store } from '../store/types.js';
import type { ServiceMetrics } from './metrics.js';
import { requestFor, scopeKey } from './scope.js';
import type { SuppressionSource } from './suppression-source.js';

export interface Logger extends ScanLogger {
  child(bindings: Record<string, unknown>): Logger;
  debug(obj: Record<string, unknown>, msg: string): void;
}

export interface ScanManagerOptions {
  store: Store;
  /** The configured scope, role, limits and options; requests only narrow it. */
  baseRequest: ScanRequest;
  aws: AwsEnvironment;
  logger: Logger;
  metrics: ServiceMetrics;
  suppressions: SuppressionSource;
  /** Owner routing, resolved at each scan's start (rules may change through the API); absent: findings have no owner. */
  router?: (() => Promise<((finding: Finding) => string) | undefined>) | undefined;
  /**
   * Called after a scan is recorded (notifications). Not awaited by the scan: its failure is logged, never the scan's.
   */
  afterScan?: ((scan: { id: string; status: ScanSummary['status'] }) => Promise<void>) | undefined;
  retentionDays: number;
  /** Scans running at once in this process; more wait as `queued`. Default 1. */
  maxConcurrentScans?: number | undefined;
  /** Scans that may wait for a slot; past it `submit` throws QueueFullError. Default 20. */
  maxQueuedScans?: number | undefined;
  /** Liveness signal for other instances' stale-scan sweep. Default 30 s. */
  heartbeatMs?: number | undefined;
  /**
   * How long a findings write (or the scan's start) is retried while the database is unreachable
   * before the scan is failed. Default 20 s. A write PostgreSQL rejects for good is not retried.
   */
  storeRetryMs?: number | undefined;
  /** How long recording a scan's end (failed, succeeded…) is retried while the database is unreachable. Default 10 min. */
  recordRetryMs?: number | undefined;
  now?: (() => Date) | undefined;
  /**
   * Scale-out: a scan is split into shards that every task's shard worker runs (server/shard-plan.ts,
   * shard-worker.ts) instead of running here; cancelling reaches every task through the store.
   */
  shards?: ShardedScans | undefined;
  /** The engine (tests may wrap it). */
  runScan?: ((request: ScanRequest, options: ScanRunOptions) => Promise<ScanSummary>) | undefined;
}

export interface ShardedScans {
  /** Records the running scan's shards and announces them on the queue. */
  plan(scan: ScanRecord, logger: Logger): Promise<void>;
  /** Cancels a sharded scan (false: the scan is not sharded). */
  cancel(id: string): Promise<boolean>;
}

export interface SubmitInput {
  scope: ScanScope;
  source: ScanSource;
  idempotencyKey?: string | null | undefined;
  requeuedFrom?: string | null | undefined;
}

export class NotAcceptingError extends Error {
  constructor() {
    super('the service is shutting down and accepts no new scans');
    this.name = 'NotAcceptingError';
  }
}

/** Seconds a refused caller is told to wait: about the time a scan of a small organization takes. */
export const QUEUE_FULL_RETRY_AFTER_SECONDS = 60;

export class QueueFullError extends Error {
  readonly retryAfterSeconds = QUEUE_FULL_RETRY_AFTER_SECONDS;
  constructor(readonly maxQueued: number) {
    super(`${maxQueued} scans are already waiting to run; retry later`);
    this.name = 'QueueFullError';
  }
}

interface ActiveScan {
  id: string;
  /** The scope's key: a request for the same scope gets this scan, even when the waiting line is full. */
  scopeKey: string;
  controller: AbortController;
  /** Set when shutdown aborted the scan: it ends `interrupted`, not `cancelled`. */
  interruptedByShutdown: boolean;
  /** Set once the scan is ended in the store by shutdown: late writes are dropped. */
  closed: boolean;
  /** Set when the scan got a slot and began running. */
  started: boolean;
  /** Why the scan's findings could not be stored: the engine is stopped and the scan ends failed. */
  writeFailure: string | null;
  done: Promise<void>;
}

export type CancelResult = 'cancelling' | 'cancelled' | 'not-active' | 'not-found' | 'other-instance';

/** Writes the newest progress without overlapping writes (progress arrives after every unit). */
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a store operation, retrying it with backoff (0.2 s doubling to 5 s) while it fails because the
 * database is unreachable, for at most `budgetMs`; then, or at once for any other error, it throws.
 */
async function withStoreRetry<T>(op: () => Promise<T>, budgetMs: number, onRetry: (err: unknown, delayMs: number) => void): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let delay = 200; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await op();
    } catch (err) {
      if (!isTransientStoreError(err) || Date.now() + delay > deadline) throw err;
      onRetry(err, delay);
      await sleep(delay);
    }
  }
}

function latestWins(write: (p: ScanProgress) => Promise<void>): { push(p: ScanProgress): void; flush(): Promise<void> } {
  let pending: ScanProgress | null = null;
  let running: Promise<void> | null = null;
  const drain = async (): Promise<void> => {
    while (pending) {
      const next = pending;
      pending = null;
      await write(next).catch(() => undefined);
    }
    running = null;
  };
  return {
    push(p) {
      pending = p;
      running ??= drain();
    },
    async flush() {
      await running;
    },
  };
}

export class ScanManager {
  /** After-scan work (notifications) still running; a scan never waits for it. */
  private readonly afterScanPending = new Set<Promise<void>>();

  /** Resolves when the after-scan work started so far has finished (tests, shutdown). */
  async afterScanSettled(): Promise<void> {
    while (this.afterScanPending.size > 0) await Promise.all([...this.afterScanPending]);
  }

  private readonly active = new Map<string, ActiveScan>();
  private readonly limit;
  private readonly clock: () => Date;
  private readonly engine;
  private accepting = true;
  private readonly heartbeatTimer: NodeJS.Timeout;
  private readonly storeRetryMs: number;
  private readonly recordRetryMs: number;
  private readonly maxQueued: number;
  private readonly maxConcurrent: number;
  /** Submissions between the capacity check and their entry in `active`. */
  private submitting = 0;

  constructor(private readonly options: ScanManagerOptions) {
    this.maxConcurrent = options.maxConcurrentScans ?? 1;
    this.limit = pLimit(this.maxConcurrent);
    this.clock = options.now ?? (() => new Date());
    this.engine = options.runScan ?? defaultRunScan;
    this.storeRetryMs = options.storeRetryMs ?? 20_000;
    this.recordRetryMs = options.recordRetryMs ?? 600_000;
    this.maxQueued = options.maxQueuedScans ?? 20;
    this.heartbeatTimer = setInterval(() => {
      // A scan whose writes failed is no longer kept alive: if its end cannot be recorded, other instances sweep it.
      const live = [...this.active.values()].filter((e) => !e.writeFailure).map((e) => e.id);
      void options.store.heartbeat(live).catch((err) =>
        options.logger.warn({ err: safeErrorMessage(err) }, 'scan heartbeat failed'),
      );
    }, options.heartbeatMs ?? 30_000);
    this.heartbeatTimer.unref();
  }

  get isAccepting(): boolean {
    return this.accepting;
  }

  get activeCount(): number {
    return this.active.size;
  }

  /**
   * How many more scans `submit` takes now: free slots plus room in the waiting line. At 0 it throws
   * QueueFullError, and the SQS consumer receives no more messages.
   */
  get capacity(): number {
    let running = 0;
    let waiting = this.submitting;
    for (const e of this.active.values()) {
      if (e.started) running++;
      else waiting++;
    }
    return Math.max(0, this.maxQueued + Math.max(0, this.maxConcurrent - running) - waiting);
  }

  /**
   * Records a queued scan (or finds the active one of the same scope / idempotency key) and starts it.
   * Throws QueueFullError when maxQueuedScans scans already wait for a slot; a re-queue of an
   * interrupted scan at start-up (`requeuedFrom`) was accepted before and is never refused.
   */
  async submit(input: SubmitInput): Promise<CreateScanResult> {
    if (!this.accepting) throw new NotAcceptingError();
    if (!input.requeuedFrom && this.capacity === 0) {
      // A request for a scope already queued or running here only gets that scan back: no room needed.
      const key = scopeKey(input.scope);
      const same = [...this.active.values()].find((a) => a.scopeKey === key && !a.closed);
      const existing = same ? await this.options.store.getScan(same.id) : null;
      if (existing && (existing.status === 'queued' || existing.status === 'running')) return { created: false, scan: existing, reason: 'same-scope-active' };
      throw new QueueFullError(this.maxQueued);
    }
    this.submitting++;
    let result: CreateScanResult;
    try {
      result = await this.options.store.createScan({
        id: randomUUID(),
        source: input.source,
        scope: input.scope,
        scopeKey: scopeKey(input.scope),
        idempotencyKey: input.idempotencyKey ?? null,
        requeuedFrom: input.requeuedFrom ?? null,
        createdAt: this.clock(),
      });
    } finally {
      this.submitting--;
    }
    if (result.created) this.start(result.scan);
    return result;
  }

  private start(scan: ScanRecord): void {
    const controller = new AbortController();
    const entry: ActiveScan = {
      id: scan.id,
      scopeKey: scan.scopeKey,
      controller,
      interruptedByShutdown: false,
      closed: false,
      started: false,
      writeFailure: null,
      done: Promise.resolve(),
    };
    this.active.set(scan.id, entry);
    this.options.metrics.scanStarted(scan.source);
    entry.done = this.limit(() => this.run(scan, entry))
      .catch((err) => this.options.logger.error({ scanId: scan.id, err: safeErrorMessage(err) }, 'scan bookkeeping failed'))
      .finally(() => this.active.delete(scan.id));
  }

  private async run(scan: ScanRecord, entry: ActiveScan): Promise<void> {
    const { store, logger: root, metrics } = this.options;
    const logger = root.child({ scanId: scan.id });
    entry.started = true;
    if (entry.controller.signal.aborted) {
      // Cancelled or shut down while waiting for a slot: it never ran.
      const status = entry.interruptedByShutdown ? 'interrupted' : 'cancelled';
      await this.record(logger, status, () => store.failScan(scan.id, status, `${status} before it started`, this.clock()));
      metrics.scanFinished(status, null, 0, 0);
      logger.info({ status }, 'scan ended before it started');
      return;
    }
    const startedAt = this.clock();
    try {
      await withStoreRetry(() => store.markScanRunning(scan.id, startedAt), this.storeRetryMs, (err, delayMs) =>
        logger.warn({ err: safeErrorMessage(err), retryInMs: delayMs }, 'cannot record the scan as running; retrying'),
      );
    } catch (err) {
      const reason = `cannot record the scan as running: ${safeErrorMessage(err)}`;
      await this.record(logger, 'failed', () => store.failScan(scan.id, 'failed', reason, this.clock()));
      metrics.scanFinished('failed', null, 0, 0);
      logger.error({ err: reason }, 'scan failed');
      return;
    }
    if (this.options.shards) {
      try {
        await this.options.shards.plan(scan, logger);
      } catch (err) {
        const reason = `cannot split the scan into shards: ${safeErrorMessage(err)}`;
        await this.record(logger, 'failed', () => store.failScan(scan.id, 'failed', reason, this.clock()));
        metrics.scanFinished('failed', null, 0, 0);
        logger.error({ err: reason }, 'scan failed');
      }
      return;
    }
    const progress = latestWins((p) => store.updateScanProgress(scan.id, p));
    let lastProgress: ScanProgress | undefined;
    let suppress;
    try {
      suppress = await this.options.suppressions.suppressor(startedAt);
    } catch (err) {
      const reason = `cannot load suppression rules: ${safeErrorMessage(err)}`;
      await this.record(logger, 'failed', () => store.failScan(scan.id, 'failed', reason, this.clock()));
      metrics.scanFinished('failed', null, 0, 0);
      logger.error({ err: safeErrorMessage(err) }, 'scan failed: suppression rules');
      return;
    }
    let route: ((finding: Finding) => string) | undefined;
    try {
      route = await this.options.router?.();
    } catch (err) {
      // Findings then carry no owner; the scan itself is not worth failing over its routing rules.
      logger.warn({ err: safeErrorMessage(err) }, 'cannot load the routing rules; findings of this scan have no owner');
    }
    logger.info({ source: scan.source, scope: scan.scope }, 'scan running');
    let summary: ScanSummary;
    try {
      summary = await this.engine(requestFor(this.options.baseRequest, scan.scope), {
        id: scan.id,
        aws: this.options.aws,
        now: () => startedAt,
        hooks: {
          signal: entry.controller.signal,
          logger,
          suppress,
          route,
          onProgress: (p) => {
            lastProgress = p;
            if (!entry.closed) progress.push(p);
          },
          onFindings: async (findings) => {
            if (entry.closed || entry.writeFailure) return;
            try {
              await withStoreRetry(() => store.appendFindings(scan.id, findings, startedAt), this.storeRetryMs, (err, delayMs) =>
                logger.warn({ err: safeErrorMessage(err), findings: findings.length, retryInMs: delayMs }, 'cannot store findings; retrying'),
              );
            } catch (err) {
              // The scan cannot be completed: stop the engine (no new units) and end the scan failed.
              entry.writeFailure ??= `cannot store findings: ${safeErrorMessage(err)}`;
              entry.controller.abort();
              throw err;
            }
            metrics.findingsStored(findings.length);
          },
        },
      });
    } catch (err) {
      await this.fail(scan.id, entry.writeFailure ?? safeErrorMessage(err), startedAt, lastProgress, progress, logger);
      return;
    }
    // An engine that returned after a failed write (it saw the abort) still lost findings.
    if (entry.writeFailure) {
      await this.fail(scan.id, entry.writeFailure, startedAt, summary.progress, progress, logger);
      return;
    }
    await progress.flush();
    if (entry.interruptedByShutdown && summary.status === 'cancelled') summary = { ...summary, status: 'interrupted' };
    try {
      await withStoreRetry(() => store.finishScan(summary), this.recordRetryMs, (err, delayMs) =>
        logger.warn({ err: safeErrorMessage(err), retryInMs: delayMs }, 'cannot record the scan summary; retrying'),
      );
    } catch (err) {
      await this.fail(scan.id, `cannot record the scan summary: ${safeErrorMessage(err)}`, startedAt, summary.progress, progress, logger);
      return;
    }
    const duration = summary.finishedAt ? (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000 : null;
    metrics.scanFinished(summary.status, duration, summary.apiCalls.total, summary.progress.errors);
    logger.info({ status: summary.status, counts: summary.counts, apiCalls: summary.apiCalls.total, errors: summary.progress.errors }, 'scan recorded');
    if (summary.status === 'succeeded' || summary.status === 'partial') await this.retention(logger);
    if (this.options.afterScan) {
      const pending = this.options
        .afterScan({ id: summary.id, status: summary.status })
        .catch((err: unknown) => logger.error({ err: safeErrorMessage(err) }, 'after-scan notifications failed'))
        .finally(() => this.afterScanPending.delete(pending));
      this.afterScanPending.add(pending);
    }
  }

  /** Ends a scan failed with its reason (retried while the database is unreachable). */
  private async fail(
    id: string,
    reason: string,
    startedAt: Date,
    lastProgress: ScanProgress | undefined,
    progress: { flush(): Promise<void> },
    logger: Logger,
  ): Promise<void> {
    await progress.flush();
    await this.record(logger, 'failed', () => this.options.store.failScan(id, 'failed', reason, this.clock(), lastProgress));
    this.options.metrics.scanFinished('failed', (this.clock().getTime() - startedAt.getTime()) / 1000, lastProgress?.apiCalls ?? 0, lastProgress?.errors ?? 0);
    logger.error({ err: reason }, 'scan failed');
  }

  /**
   * Records a scan's end, retrying while the database is unreachable (up to recordRetryMs), so a scan
   * whose store went away does not stay `running` and block its scope once the database is back.
   */
  private async record(logger: Logger, status: string, write: () => Promise<void>): Promise<void> {
    try {
      await withStoreRetry(write, this.recordRetryMs, (err, delayMs) =>
        logger.warn({ err: safeErrorMessage(err), status, retryInMs: delayMs }, 'cannot record the end of the scan; retrying'),
      );
    } catch (err) {
      // Given up: another instance's stale-scan sweep, or the next start-up, marks it interrupted.
      logger.error({ err: safeErrorMessage(err), status }, 'cannot record the end of the scan');
    }
  }

  private async retention(logger: Logger): Promise<void> {
    try {
      const deleted = await this.options.store.applyRetention(this.options.retentionDays, this.clock());
      if (deleted > 0) logger.info({ deleted, retentionDays: this.options.retentionDays }, 'old scans deleted');
    } catch (err) {
      logger.warn({ err: safeErrorMessage(err) }, 'retention failed');
    }
  }

  /** Cancels a queued or running scan of this process. */
  async cancel(id: string): Promise<CancelResult> {
    const entry = this.active.get(id);
    if (entry) {
      entry.controller.abort();
      if (entry.started) return 'cancelling';
      // Still waiting for a slot: end it now rather than when its turn comes.
      await this.options.store.failScan(id, 'cancelled', 'cancelled before it started', this.clock());
      return 'cancelled';
    }
    const scan = await this.options.store.getScan(id);
    if (!scan) return 'not-found';
    if (scan.status === 'running' && this.options.shards && (await this.options.shards.cancel(id))) return 'cancelling';
    if (scan.status === 'queued' || scan.status === 'running') return 'other-instance';
    return 'not-active';
  }

  /**
   * Stops accepting scans, aborts running ones (running units finish), waits until `deadline`,
   * then records whatever is still running as interrupted.
   */
  async shutdown(deadline: Date): Promise<void> {
    this.accepting = false;
    clearInterval(this.heartbeatTimer);
    const entries = [...this.active.values()];
    for (const e of entries) {
      e.interruptedByShutdown = true;
      e.controller.abort();
    }
    const remaining = Math.max(0, deadline.getTime() - Date.now());
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), remaining);
    });
    await Promise.race([Promise.all(entries.map((e) => e.done)), timedOut]);
    clearTimeout(timer);
    for (const e of this.active.values()) {
      e.closed = true;
      await this.options.store
        .failScan(e.id, 'interrupted', 'the service stopped before the scan finished', this.clock())
        .catch((err) => this.options.logger.error({ scanId: e.id, err: safeErrorMessage(err) }, 'cannot record the scan as interrupted'));
      this.options.logger.warn({ scanId: e.id }, 'scan interrupted at the shutdown deadline');
    }
  }
}
