// The long-lived service: store, scan manager, HTTP API and queue consumer, with graceful shutdown.
import { SQSClient } from '@aws-sdk/client-sqs';
import type { FastifyInstance } from 'fastify';
import pino, { type Logger as PinoLogger } from 'pino';
import type { ScanSummary } from '../checks/types.js';
import { safeErrorMessage } from '../scanner/errors.js';
import type { AwsEnvironment, ScanRequest, ScanRunOptions } from '../scanner/types.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import { buildApp } from './app.js';
import { fullScopeKey, latestScopeView } from './latest-scope.js';
import { scaleOutProblem } from './scale-out-problem.js';
import { TokenConfigError, type TokenEntry } from './auth.js';
import { ServiceMetrics } from './metrics.js';
import { organizationAccountsLister } from './org-accounts.js';
import { loadSessionSecret } from './session.js';
import { createQueueHandler, type WeeklyReportHandler } from './queue-handler.js';
import { ScanManager, type Logger, type ScanManagerOptions } from './scan-manager.js';
import { ShardPlanner } from './shard-plan.js';
import { ShardWorker, type ShardSettings } from './shard-worker.js';
import { SqsConsumer } from './sqs-consumer.js';
import { openShardStore, type ShardStore } from '../store/shards.js';
import { suppressionSource } from './suppression-source.js';
import { ownershipSource } from './ownership-source.js';
import type { OwnershipConfig } from '../notify/config.js';
import { notifyAfterScan, type NotifierDeps } from '../notify/notifier.js';
import type { TrustProxy } from './trust-proxy.js';

export interface ServiceOptions {
  /** The configured scope, role, ExternalId, limits and check options. */
  baseRequest: ScanRequest;
  retentionDays: number;
  /** Resolved path of the suppression file, if configured. */
  suppressionsFile?: string | undefined;
  host?: string | undefined;
  /** 0 = any free port. Default 8080. */
  port?: number | undefined;
  /** PostgreSQL connection string; without it, PGlite in dataDir. */
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** PostgreSQL schema (tests). */
  schema?: string | undefined;
  tokens: readonly TokenEntry[];
  /** Key for browser session cookies; default ORGSCAN_SESSION_SECRET, or a random per-process key. */
  sessionSecret?: Buffer | undefined;
  /** Browser session lifetime. Default 12 hours. */
  sessionTtlMs?: number | undefined;
  /** How the scanner (and the queue consumer) reach AWS; injectable for tests. */
  aws?: AwsEnvironment | undefined;
  queueUrl?: string | undefined;
  queueWaitTimeSeconds?: number | undefined;
  weeklyReport?: WeeklyReportHandler | undefined;
  /** A pino logger; default: JSON lines on stdout at `logLevel`. */
  logger?: PinoLogger | undefined;
  logLevel?: string | undefined;
  /** How long running units may take to finish on shutdown. Default 25 s (Fargate stops after 30 s). */
  shutdownGraceMs?: number | undefined;
  /** A PostgreSQL scan whose heartbeat is older than this is taken as left by a dead process. Default 120 s. */
  staleScanMs?: number | undefined;
  maxConcurrentScans?: number | undefined;
  /** Scans that may wait for a slot; more are refused (POST /scans: 429) or left in SQS. Default 20. */
  maxQueuedScans?: number | undefined;
  rateLimit?: { max: number; timeWindowMs: number } | undefined;
  /** Load balancer addresses/CIDR blocks whose X-Forwarded-For names the client (ORGSCAN_TRUST_PROXY). */
  trustProxy?: TrustProxy | undefined;
  /** Teams, sinks and routing rules of the configuration file (routes may be replaced through PUT /routes). */
  ownership?: OwnershipConfig | undefined;
  /** Sends a team's email (the configured mailer); email sinks are skipped without it. */
  sendMail?: ((to: string[], subject: string, text: string) => Promise<void>) | undefined;
  /** Notification options for tests: the secret environment, HTTP retry timing, a dry-run file. */
  notify?: Pick<NotifierDeps, 'env' | 'post' | 'dryRunFile'> | undefined;
  now?: (() => Date) | undefined;
  runScan?: ((request: ScanRequest, options: ScanRunOptions) => Promise<ScanSummary>) | undefined;
  /**
   * Scale-out: scans are split into shards of accounts that every task sharing the PostgreSQL store and
   * the queue runs (docs/scale-out.md). Needs databaseUrl and queueUrl.
   */
  scaleOut?: ShardSettings | undefined;
}

export interface RunningService {
  url: string;
  app: FastifyInstance;
  store: Store;
  manager: ScanManager;
  logger: PinoLogger;
  /** Graceful stop: stop polling, refuse new scans, let running units finish until the deadline, close. */
  close(): Promise<void>;
}

export class ScaleOutConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScaleOutConfigError';
  }
}

export const REQUEUE_WINDOW_MS = 24 * 3_600_000;

function queueRegion(queueUrl: string, aws: AwsEnvironment): string {
  const m = /^https:\/\/sqs[.-]([a-z0-9-]+)\.amazonaws\.com/.exec(queueUrl);
  return m?.[1] ?? aws.homeRegion ?? process.env.AWS_REGION ?? 'us-east-1';
}

/** JSON lines on stdout (or `destination`), with tokens, cookies and Set-Cookie redacted. */
export function createLogger(level = 'info', destination?: pino.DestinationStream): PinoLogger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'orgscan' },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        'headers.authorization',
        'headers.cookie',
        'headers["set-cookie"]',
        '*.token',
        'token',
      ],
      censor: '<redacted>',
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export async function startService(options: ServiceOptions): Promise<RunningService> {
  if (options.tokens.length === 0) {
    throw new TokenConfigError(
      'no API tokens configured: set ORGSCAN_API_TOKENS (or ORGSCAN_API_TOKENS_FILE) to role:sha256 entries; create one with `orgscan token create --role operator`',
    );
  }
  // Checked before anything starts, so a bad ORGSCAN_SESSION_SECRET fails fast.
  const sessionSecret = options.sessionSecret ?? loadSessionSecret();
  if (options.scaleOut) {
    const problem = scaleOutProblem(options);
    if (problem) throw new ScaleOutConfigError(problem);
  }
  const logger = options.logger ?? createLogger(options.logLevel);
  const log = logger as unknown as Logger;
  const now = options.now ?? (() => new Date());
  const aws = options.aws ?? {};

  // "Latest" views (GET /findings, /report, /metrics, the weekly email) read the configured full scope.
  const store = latestScopeView(
    await openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, schema: options.schema }),
    fullScopeKey(options.baseRequest),
  );
  const timers: NodeJS.Timeout[] = [];
  let consumer: SqsConsumer | null = null;
  let sqs: SQSClient | null = null;
  let shardStore: ShardStore | null = null;
  let worker: ShardWorker | null = null;
  try {
    // The embedded store has a single writer, so anything still running was left by a dead process.
    const staleMs = store.kind === 'pglite' ? 0 : (options.staleScanMs ?? 120_000);
    const sweep = async () => {
      const interrupted = await store.interruptStaleScans(now(), staleMs, 'the process running the scan stopped before it finished');
      for (const s of interrupted) log.warn({ scanId: s.id, source: s.source }, 'scan left running by a stopped process marked interrupted');
    };
    await sweep();

    const metrics = new ServiceMetrics();
    const suppressions = suppressionSource(store, options.suppressionsFile, log);
    if (options.queueUrl) {
      sqs = new SQSClient({
        region: queueRegion(options.queueUrl, aws),
        maxAttempts: aws.maxAttempts ?? 3,
        ...(aws.baseCredentials ? { credentials: aws.baseCredentials } : {}),
        ...(aws.endpoint ? { endpoint: aws.endpoint } : {}),
      });
    }
    // Owner routing and team notifications, for the scans this task runs alone and for the shared (sharded) ones.
    const ownership = ownershipSource(store, options.ownership);
    const router = () => ownership.router();
    const afterScan: ScanManagerOptions['afterScan'] = async (scan) => {
      const config = await ownership.config();
      if (!config || config.teams.length === 0) return;
      await notifyAfterScan(
        {
          store,
          ownership: config,
          env: options.notify?.env ?? process.env,
          post: options.notify?.post,
          dryRunFile: options.notify?.dryRunFile,
          sendMail: options.sendMail,
          now,
          logger: log,
          onDelivery: (r) => metrics.notificationDelivered(r.sink, r.status),
        },
        scan.id,
      );
    };
    if (options.scaleOut && options.databaseUrl && options.queueUrl && sqs) {
      shardStore = await openShardStore(options.databaseUrl, { schema: options.schema });
      worker = new ShardWorker({
        shards: shardStore,
        store,
        sqs,
        queueUrl: options.queueUrl,
        baseRequest: options.baseRequest,
        aws,
        logger: log,
        metrics,
        suppressions,
        retentionDays: options.retentionDays,
        settings: options.scaleOut,
        now: options.now,
        runScan: options.runScan,
        router,
        afterScan,
      });
      log.info({ owner: worker.owner, ...options.scaleOut }, 'scans are shared with the other tasks of this store and queue');
    }
    const planner =
      worker && shardStore && sqs && options.scaleOut
        ? new ShardPlanner({ shards: shardStore, store, sqs, queueUrl: options.queueUrl!, aws, shardAccounts: options.scaleOut.shardAccounts, now: options.now })
        : null;
    const shardWorker = worker;
    const manager = new ScanManager({
      router,
      afterScan,
      store,
      baseRequest: options.baseRequest,
      aws,
      logger: log,
      metrics,
      suppressions,
      retentionDays: options.retentionDays,
      maxConcurrentScans: options.maxConcurrentScans,
      maxQueuedScans: options.maxQueuedScans,
      now: options.now,
      runScan: options.runScan,
      shards: planner && shardWorker ? { plan: (scan, logger) => planner.plan(scan, logger), cancel: (id) => shardWorker.cancel(id) } : undefined,
    });
    const organizationAccounts = organizationAccountsLister(aws);

    for (const scan of await store.pendingRequeues(new Date(now().getTime() - REQUEUE_WINDOW_MS))) {
      const result = await manager.submit({ scope: scan.scope, source: 'queue', requeuedFrom: scan.id });
      log.info({ scanId: result.scan.id, requeuedFrom: scan.id, created: result.created }, 'interrupted queue scan re-queued');
    }
    const deleted = await store.applyRetention(options.retentionDays, now());
    if (deleted > 0) log.info({ deleted, retentionDays: options.retentionDays }, 'old scans deleted');

    if (store.kind === 'postgres') {
      const timer = setInterval(() => void sweep().catch((err) => log.warn({ err: safeErrorMessage(err) }, 'stale scan sweep failed')), staleMs);
      timer.unref();
      timers.push(timer);
    }

    const app = await buildApp({
      store,
      manager,
      baseRequest: options.baseRequest,
      organizationAccounts,
      metrics,
      suppressions,
      ownership,
      now,
      tokens: options.tokens,
      sessionSecret,
      sessionTtlMs: options.sessionTtlMs,
      loggerInstance: logger,
      rateLimit: options.rateLimit,
      trustProxy: options.trustProxy,
    });
    const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 8080 });

    if (options.queueUrl && sqs) {
      consumer = new SqsConsumer({
        client: sqs,
        queueUrl: options.queueUrl,
        logger: log,
        waitTimeSeconds: options.queueWaitTimeSeconds,
        capacity: () => (shardWorker ? Math.min(manager.capacity, shardWorker.free) : manager.capacity),
        handle: createQueueHandler({
          manager,
          baseRequest: options.baseRequest,
          organizationAccounts,
          logger: log,
          weeklyReport: options.weeklyReport,
          shards: shardWorker?.handle,
        }),
      });
      consumer.start();
    }

    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        const deadline = new Date(Date.now() + (options.shutdownGraceMs ?? 25_000));
        log.info({ deadline: deadline.toISOString(), activeScans: manager.activeCount }, 'shutting down');
        timers.forEach(clearInterval);
        await consumer?.stop();
        await shardWorker?.stop(deadline);
        await manager.shutdown(deadline);
        // Notifications of scans that just ended get the rest of the grace period, then the store closes.
        const left = Math.max(0, deadline.getTime() - Date.now());
        let timer: NodeJS.Timeout | undefined;
        const settled = Promise.all([manager.afterScanSettled(), shardWorker?.afterScanSettled()]).then(() => undefined);
        await Promise.race([settled, new Promise<void>((r) => (timer = setTimeout(r, left)))]);
        clearTimeout(timer);
        await app.close();
        sqs?.destroy();
        await shardStore?.close();
        await store.close();
        log.info({}, 'stopped');
      })());

    return { url: address, app, store, manager, logger, close };
  } catch (err) {
    timers.forEach(clearInterval);
    await consumer?.stop();
    await worker?.stop(new Date());
    sqs?.destroy();
    await shardStore?.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw err;
  }
}
