// One service worker process of the scale-out benchmark (bench/processes.ts): the real service
// (shard worker, SQS consumer, PostgreSQL store) scanning the synthetic organization, which answers
// inside this process. On SIGTERM it stops and prints one JSON line with its own figures.
import type { HttpHandlerOptions } from '@smithy/types';
import type { HttpHandler, HttpRequest, HttpResponse } from '@smithy/protocol-http';
import { DEFAULT_CHECK_OPTIONS } from '../checks/types.js';
import { BENCH_CREDENTIALS, BENCH_ROLE } from '../emulator/identity.js';
import { SyntheticAws } from '../emulator/synthetic/handler.js';
import { SyntheticOrganization } from '../emulator/synthetic/model/organization.js';
import { createToken, parseTokenEntries } from '../server/auth.js';
import { createLogger, startService } from '../server/service.js';
import type { SliceOptions } from './slice.js';

/** The synthetic organization and limits of bench/slice.ts, plus the service's store, queue and shards. */
export interface ProcessWorkerConfig extends SliceOptions {
  databaseUrl: string;
  schema: string;
  queueUrl: string;
  shardAccounts: number;
  shardLeaseMs: number;
}

export interface ProcessWorkerReport {
  pid: number;
  cpuSeconds: number;
  /** Time spent inside the synthetic AWS rendering answers (its synchronous part): CPU of the emulator, not of the scanner. */
  emulatorCpuSeconds: number;
  peakRssMb: number;
  apiCalls: number;
  throttled: number;
}

/**
 * Counts the synthetic AWS's own work: its `handle` renders the whole answer synchronously before the
 * simulated latency, so the time until it returns its promise is emulator CPU (GC pauses falling in it included).
 */
class MeteredHandler implements HttpHandler<Record<string, never>> {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  busyMs = 0;

  constructor(readonly inner: SyntheticAws) {}

  handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    const started = performance.now();
    try {
      return this.inner.handle(request);
    } finally {
      this.busyMs += performance.now() - started;
      void options;
    }
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
}

const config = JSON.parse(process.env.ORGSCAN_BENCH_WORKER ?? '') as ProcessWorkerConfig;
const cpuBefore = process.cpuUsage();
const org = new SyntheticOrganization({ seed: config.seed, accounts: config.accounts, regions: config.regions, problemRate: config.problemRate, now: new Date(config.now) });
const synthetic = new SyntheticAws(org, { latencyMs: config.latencyMs, jitter: config.jitter, throttle: config.throttle, roleNames: [BENCH_ROLE] });
const handler = new MeteredHandler(synthetic);
const service = await startService({
  baseRequest: { org: true, roleName: BENCH_ROLE, concurrency: config.concurrency, options: DEFAULT_CHECK_OPTIONS },
  retentionDays: 30,
  port: 0,
  tokens: parseTokenEntries(createToken('reader').entry, 'bench'),
  databaseUrl: config.databaseUrl,
  schema: config.schema,
  // The scanner's calls go to the synthetic AWS; the queue's to AWS_ENDPOINT_URL_SQS (set by the parent).
  aws: { requestHandler: handler, baseCredentials: BENCH_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: config.maxAttempts },
  queueUrl: config.queueUrl,
  queueWaitTimeSeconds: 1,
  logger: createLogger(process.env.ORGSCAN_BENCH_LOG_LEVEL ?? 'warn', process.stderr as never),
  scaleOut: { shardAccounts: config.shardAccounts, leaseMs: config.shardLeaseMs, maxAttempts: 3, shardsInFlight: 2 },
});
process.stdout.write(`ready ${process.pid}\n`);
process.once('SIGTERM', () => {
  void service.close().then(() => {
    const cpu = process.cpuUsage(cpuBefore);
    const stats = synthetic.stats();
    const report: ProcessWorkerReport = {
      pid: process.pid,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      emulatorCpuSeconds: handler.busyMs / 1000,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      apiCalls: stats.requests - stats.throttled,
      throttled: stats.throttled,
    };
    process.stdout.write(`report ${JSON.stringify(report)}\n`);
    process.exit(0);
  });
});
