// The scale-out benchmark: n service worker processes (bench/process-worker.ts, each the real service
// with its shard worker) share one scan of the synthetic organization through one PostgreSQL and one
// SQS queue (moto_server's). Optionally one process is SIGKILLed while it holds a shard.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import pg from 'pg';
import { BENCH_CREDENTIALS } from '../emulator/identity.js';
import { DEFAULT_THROTTLE_RATES } from '../emulator/synthetic/handler.js';
import { startMotoQueue } from './moto-queue.js';
import type { BenchOptions } from './options.js';
import type { ProcessWorkerConfig, ProcessWorkerReport } from './process-worker.js';

export interface ProcessFigures {
  pid: number;
  killed: boolean;
  cpuSeconds: number;
  /** Of cpuSeconds, the synthetic AWS's share (null for the killed process: it could not report). */
  emulatorCpuSeconds: number | null;
  peakRssMb: number | null;
  apiCalls: number | null;
  callsPerSecond: number | null;
}

export interface ProcessesResult {
  mode: 'processes';
  accounts: number;
  regions: number;
  processes: number;
  shardAccounts: number;
  shards: number;
  shardsRerun: number;
  killOne: boolean;
  /** Whether the process killed held a shard at that moment (a shard of it was re-run). */
  killedHoldingShard: boolean | null;
  status: string;
  failureReason: string | null;
  wallSeconds: number;
  units: number;
  apiCalls: number;
  findings: Record<string, number>;
  cpuSeconds: number;
  cpuSecondsPer1000Accounts: number;
  /** The same without the synthetic AWS's measured share (the killed process's share is not known and stays in). */
  scannerCpuSecondsPer1000Accounts: number;
  perProcess: ProcessFigures[];
  queue: 'moto';
}

/** CPU seconds of a live process from /proc (Linux): user + system ticks. */
function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Child {
  child: ChildProcess;
  out: string;
  report: ProcessWorkerReport | null;
  exited: Promise<void>;
  killed: boolean;
  cpuAtKill: number | null;
}

export async function runProcesses(options: BenchOptions, log: (line: string) => void = () => undefined): Promise<ProcessesResult> {
  if (!options.databaseUrl) throw new Error('--processes needs a PostgreSQL: --database-url, DATABASE_URL or TEST_DATABASE_URL');
  const n = options.processes;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const db = new pg.Client({ connectionString: options.databaseUrl });
  await db.connect();
  const moto = await startMotoQueue();
  const children: Child[] = [];
  try {
    await db.query(`CREATE SCHEMA ${schema}`);
    const sqs = new SQSClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: BENCH_CREDENTIALS });
    const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'orgscan-bench-work', Attributes: { VisibilityTimeout: '300' } }))).QueueUrl!;
    const stsRate = options.throttle?.sts ?? DEFAULT_THROTTLE_RATES.sts;
    const config: ProcessWorkerConfig = {
      seed: options.seed,
      accounts: options.accounts,
      regions: options.regions,
      problemRate: options.problemRate,
      now: new Date().toISOString(),
      latencyMs: options.latencyMs,
      jitter: options.jitter,
      maxAttempts: options.maxAttempts,
      // STS limits are per calling account, shared by every process: each gets its part of the rate.
      throttle: { ...options.throttle, sts: { rate: stsRate.rate / n, burst: Math.max(1, Math.floor(stsRate.burst / n)) } },
      // Limits are per task (process), as in the service.
      concurrency: options.concurrency,
      databaseUrl: options.databaseUrl,
      schema,
      queueUrl,
      shardAccounts: options.shardAccounts,
      shardLeaseMs: options.shardLeaseSeconds * 1000,
    };
    // V8's young generation is three semi-spaces (two, plus as much for large objects).
    const v8 = [
      ...(options.oldGenerationMb > 0 ? [`--max-old-space-size=${options.oldGenerationMb}`] : []),
      ...(options.youngGenerationMb > 0 ? [`--max-semi-space-size=${Math.max(1, Math.round(options.youngGenerationMb / 3))}`] : []),
    ];
    const start = (i: number): Child => {
      const child = spawn(process.execPath, [...v8, new URL('./process-worker.js', import.meta.url).pathname], {
        env: { ...process.env, ORGSCAN_BENCH_WORKER: JSON.stringify(config), AWS_ENDPOINT_URL_SQS: moto.endpoint, AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: BENCH_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: BENCH_CREDENTIALS.secretAccessKey },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const c: Child = { child, out: '', report: null, killed: false, cpuAtKill: null, exited: new Promise((r) => child.once('exit', () => r())) };
      child.stdout!.on('data', (d: Buffer) => {
        c.out += d.toString();
        const m = /^report (.+)$/m.exec(c.out);
        if (m && !c.report) c.report = JSON.parse(m[1]!) as ProcessWorkerReport;
      });
      log(`process ${i + 1}/${n} started (pid ${child.pid})`);
      return c;
    };
    // The first applies the migrations; the others start once it is ready.
    children.push(start(0));
    while (!children[0]!.out.includes('ready')) {
      if (children[0]!.child.exitCode !== null) throw new Error('the first benchmark process exited during start-up');
      await sleep(50);
    }
    for (let i = 1; i < n; i++) children.push(start(i));
    while (!children.every((c) => c.out.includes('ready'))) await sleep(50);

    await db.query(`SET search_path = ${schema}`);
    const started = performance.now();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ type: 'scan' }) }));
    let scanId: string | undefined;
    let killedShard: number | null = null;
    let lastLog = 0;
    for (;;) {
      const scan = (await db.query(`SELECT id, status, progress, failure_reason FROM scans ORDER BY seq DESC LIMIT 1`)).rows[0] as
        | { id: string; status: string; progress: { unitsDone: number; unitsTotal: number; apiCalls: number }; failure_reason: string | null }
        | undefined;
      if (scan) scanId = scan.id;
      if (scan && scan.status !== 'queued' && scan.status !== 'running') break;
      if (options.killOne && killedShard === null && scanId) {
        const held = (await db.query(`SELECT shard, owner FROM scan_shards WHERE scan_id = $1 AND status = 'running' ORDER BY shard LIMIT 1`, [scanId])).rows[0] as
          | { shard: number; owner: string }
          | undefined;
        const victim = held && children.find((c) => c.child.pid === Number(held.owner.split(':').at(-2)));
        if (held && victim) {
          victim.cpuAtKill = procCpuSeconds(victim.child.pid!);
          victim.killed = true;
          victim.child.kill('SIGKILL');
          killedShard = Number(held.shard);
          log(`killed process ${victim.child.pid} holding shard ${killedShard}`);
        }
      }
      const now = performance.now();
      if (scan && now - lastLog > 2000) {
        lastLog = now;
        log(`[${((now - started) / 1000).toFixed(0)} s] ${scan.progress.unitsDone}/${scan.progress.unitsTotal} units, ${scan.progress.apiCalls} API calls`);
      }
      await sleep(options.killOne && killedShard === null ? 20 : 250);
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const scan = (await db.query(`SELECT * FROM scans WHERE id = $1`, [scanId])).rows[0] as {
      status: string;
      failure_reason: string | null;
      progress: { unitsTotal: number };
      api_calls: { total: number };
      counts: Record<string, number>;
    };
    const shards = (await db.query(`SELECT shard, attempts FROM scan_shards WHERE scan_id = $1`, [scanId])).rows as { shard: number; attempts: number }[];

    for (const c of children) if (!c.killed) c.child.kill('SIGTERM');
    await Promise.all(children.map((c) => c.exited));
    const perProcess: ProcessFigures[] = children.map((c) => ({
      pid: c.child.pid!,
      killed: c.killed,
      cpuSeconds: round(c.report?.cpuSeconds ?? c.cpuAtKill ?? 0, 1),
      emulatorCpuSeconds: c.report ? round(c.report.emulatorCpuSeconds, 1) : null,
      peakRssMb: c.report?.peakRssMb ?? null,
      apiCalls: c.report?.apiCalls ?? null,
      callsPerSecond: c.report ? Math.round(c.report.apiCalls / wallSeconds) : null,
    }));
    const cpuSeconds = perProcess.reduce((a, p) => a + p.cpuSeconds, 0);
    const emulator = perProcess.reduce((a, p) => a + (p.emulatorCpuSeconds ?? 0), 0);
    const per1000 = (s: number) => round((s / options.accounts) * 1000, 1);
    return {
      mode: 'processes',
      accounts: options.accounts,
      regions: options.regions,
      processes: n,
      shardAccounts: options.shardAccounts,
      shards: shards.length,
      shardsRerun: shards.reduce((a, s) => a + Math.max(0, s.attempts - 1), 0),
      killOne: options.killOne,
      killedHoldingShard: killedShard === null ? null : (shards.find((s) => s.shard === killedShard)?.attempts ?? 0) > 1,
      status: scan.status,
      failureReason: scan.failure_reason,
      wallSeconds: round(wallSeconds, 2),
      units: scan.progress.unitsTotal,
      apiCalls: scan.api_calls.total,
      findings: scan.counts,
      cpuSeconds: round(cpuSeconds, 1),
      cpuSecondsPer1000Accounts: per1000(cpuSeconds),
      scannerCpuSecondsPer1000Accounts: per1000(cpuSeconds - emulator),
      perProcess,
      queue: 'moto',
    };
  } finally {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await db.end();
    await moto.stop();
  }
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function formatProcessesReport(r: ProcessesResult): string[] {
  const lines = [
    `orgscan scale-out benchmark: ${r.accounts} accounts x ${r.regions} regions = ${r.units} units, ${r.processes} service worker process(es), ` +
      `shards of ${r.shardAccounts} accounts (${r.shards}), queue: moto SQS, store: PostgreSQL`,
    `scan               ${r.status}${r.failureReason ? ` (${r.failureReason})` : ''}; findings ${JSON.stringify(r.findings)}`,
    `wall time          ${r.wallSeconds.toFixed(2)} s; API calls ${r.apiCalls}`,
    `CPU                ${r.cpuSeconds} s = ${r.cpuSecondsPer1000Accounts} CPU-s per 1,000 accounts; without the in-process synthetic AWS: ${r.scannerCpuSecondsPer1000Accounts}`,
    `shards re-run      ${r.shardsRerun}${r.killOne ? `; killed a process holding a shard: ${r.killedHoldingShard === null ? 'no process was killed' : r.killedHoldingShard ? 'yes, survived' : 'killed, but its shard had ended'}` : ''}`,
  ];
  for (const p of r.perProcess) {
    lines.push(
      `  pid ${p.pid}${p.killed ? ' (killed)' : ''}: CPU ${p.cpuSeconds} s` +
        (p.killed ? ' (until the kill)' : `, of it synthetic AWS ${p.emulatorCpuSeconds} s; peak RSS ${p.peakRssMb} MB; ${p.apiCalls} calls, ${p.callsPerSecond} calls/s`),
    );
  }
  return lines;
}
