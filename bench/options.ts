// Command-line options of the benchmark, validated with messages that name the bad flag.
import { availableParallelism } from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import type { ThrottleRates } from '../emulator/synthetic/handler.js';
import { DEFAULT_REGIONS } from '../emulator/synthetic/model/organization.js';

export interface BenchOptions {
  accounts: number;
  regions: number;
  seed: string;
  latencyMs: number;
  jitter: number;
  problemRate: number;
  workers: number;
  /** Scan-wide limits; each worker gets its share. */
  concurrency: { accounts: number; units: number; apiCalls: number };
  maxAttempts: number;
  /** V8 young generation per worker in MB; 0: V8's default. */
  youngGenerationMb: number;
  /** V8 old generation limit per worker in MB; 0: V8's default. */
  oldGenerationMb: number;
  /** Service worker processes sharing the scan through PostgreSQL and SQS (bench/processes.ts); 0: worker threads. */
  processes: number;
  /** With processes: SIGKILL one process while it holds a shard. */
  killOne: boolean;
  /** With processes: accounts per shard, and the shard lease in seconds. */
  shardAccounts: number;
  shardLeaseSeconds: number;
  /** With processes: the PostgreSQL the processes share (a throw-away schema is made in it). */
  databaseUrl?: string | undefined;
  /** Throttling rates instead of the defaults (tests). */
  throttle?: Partial<ThrottleRates> | undefined;
}

function int(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

function num(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

export function benchCommand(): Command {
  return new Command('bench')
    .description('Scan a synthetic organization with the real engine and checks, and report throughput against the lower bound')
    .option('--accounts <n>', 'accounts in the organization', int('--accounts', 1, 100_000), 50)
    .option('--regions <n>', `enabled regions per account (1-${DEFAULT_REGIONS.length})`, int('--regions', 1, DEFAULT_REGIONS.length), 4)
    .option('--seed <text>', 'seed of the synthetic organization', 'orgscan-bench')
    .option('--latency-ms <ms>', 'mean latency of every API call', num('--latency-ms', 0, 10_000), 40)
    .option('--jitter <fraction>', 'latency varies within ± this fraction', num('--jitter', 0, 1), 0.25)
    .option('--problem-rate <fraction>', 'share of resources with a planted problem', num('--problem-rate', 0, 1), 0.08)
    .option('--workers <n>', 'worker threads, each scanning a slice of the accounts (default: available cores)', int('--workers', 1, 64), availableParallelism())
    .option('--concurrency-accounts <n>', 'accounts set up at once, scan-wide', int('--concurrency-accounts', 1, 10_000), 64)
    // The scan is CPU-bound: 64 units keep both cores busy; more only hold more clients and collector data in memory.
    .option('--concurrency-units <n>', 'units running at once, scan-wide', int('--concurrency-units', 1, 100_000), 64)
    .option('--concurrency-api-calls <n>', 'API requests in flight at once, scan-wide', int('--concurrency-api-calls', 1, 100_000), 1024)
    .option('--max-attempts <n>', 'SDK attempts per call, retries included', int('--max-attempts', 1, 20), 8)
    .option('--young-generation-mb <n>', 'V8 young generation of each worker; larger: fewer promotions of short-lived SDK objects (0: V8 default)', int('--young-generation-mb', 0, 1024), 48)
    .option('--old-generation-mb <n>', 'V8 old generation limit of each worker: collect garbage sooner (0: V8 default)', int('--old-generation-mb', 0, 16_384), 160)
    .option('--processes <n>', 'scale-out mode: n service worker processes share one scan through PostgreSQL and an SQS queue (moto); 0: worker threads', int('--processes', 0, 64), 0)
    .option('--kill-one', 'with --processes: SIGKILL one process while it holds a shard; the scan must still succeed')
    .option('--shard-accounts <n>', 'with --processes: accounts per shard', int('--shard-accounts', 1, 10_000), 10)
    .option('--shard-lease <seconds>', 'with --processes: shard lease (a killed process\'s shard is retaken after it)', int('--shard-lease', 1, 3600), 15)
    .option('--database-url <url>', 'with --processes: PostgreSQL to share (default: DATABASE_URL, else TEST_DATABASE_URL)');
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const command = benchCommand().exitOverride().configureOutput({ writeErr: (s) => process.stderr.write(s) });
  command.parse([...argv], { from: 'user' });
  const o = command.opts<{
    accounts: number;
    regions: number;
    seed: string;
    latencyMs: number;
    jitter: number;
    problemRate: number;
    workers: number;
    concurrencyAccounts: number;
    concurrencyUnits: number;
    concurrencyApiCalls: number;
    maxAttempts: number;
    youngGenerationMb: number;
    oldGenerationMb: number;
    processes: number;
    killOne?: boolean;
    shardAccounts: number;
    shardLease: number;
    databaseUrl?: string;
  }>();
  return {
    accounts: o.accounts,
    regions: o.regions,
    seed: o.seed,
    latencyMs: o.latencyMs,
    jitter: o.jitter,
    problemRate: o.problemRate,
    workers: Math.min(o.workers, o.accounts),
    concurrency: { accounts: o.concurrencyAccounts, units: o.concurrencyUnits, apiCalls: o.concurrencyApiCalls },
    maxAttempts: o.maxAttempts,
    youngGenerationMb: o.youngGenerationMb,
    oldGenerationMb: o.oldGenerationMb,
    processes: o.processes,
    killOne: o.killOne === true,
    shardAccounts: o.shardAccounts,
    shardLeaseSeconds: o.shardLease,
    databaseUrl: o.databaseUrl ?? (process.env.DATABASE_URL || process.env.TEST_DATABASE_URL || undefined),
  };
}
