#!/usr/bin/env node
// `node dist/bench/report-load.js`: does /healthz stay fast while HTML reports are built?
// Seeds one succeeded scan of N findings into an embedded (PGlite) store, starts `orgscan serve`
// on loopback in a child process, keeps R readers fetching GET /report for S seconds, and samples
// GET /healthz meanwhile. Prints the /healthz latency (p50/p95/max) and the readers' answers.
//
//   --findings 100000  --readers 10  --seconds 30  --data-dir DIR (kept and reused: seeding is slow)
//   --cli dist/cli/index.js (another build's CLI, to measure before/after)  --serve-arg ARG (repeatable)
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CHECKS } from '../checks/index.js';
import type { Finding, ScanSummary } from '../checks/types.js';
import { createToken } from '../server/auth.js';
import { scopeKey } from '../server/scope.js';
import { openStore } from '../store/open.js';
import { emptyCounts, emptyProgress } from '../store/sql-store.js';
import type { Store } from '../store/types.js';

const SCAN_ID = 'report-load-scan';
const HEALTH_INTERVAL_MS = 100;

/** Deterministic findings spread over the registry's checks, 40 accounts and 4 regions; a third fail. */
export function loadFindings(count: number): Finding[] {
  const regions = ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'sa-east-1'];
  return Array.from({ length: count }, (_, i) => {
    const check = CHECKS[i % CHECKS.length]!;
    const accountId = String(100000000000 + (i % 40));
    const region = check.scope === 'global' ? 'global' : regions[i % regions.length]!;
    const resourceId = `${check.service}-resource-${i.toString(16).padStart(8, '0')}`;
    const status = i % 3 === 0 ? 'FAIL' : i % 97 === 0 ? 'ERROR' : 'PASS';
    return {
      checkId: check.id,
      status,
      severity: check.severity,
      accountId,
      region,
      resourceType: 'AWS::Bench::Resource',
      resourceId,
      resourceArn: `arn:aws:${check.service}:${region}:${accountId}:resource/${resourceId}`,
      message: `${check.title}: ${resourceId}`,
      evidence: { index: i, sizeGiB: i % 500 },
      remediation: check.remediation,
      frameworks: {},
      estimatedMonthlyCostUsd: status === 'FAIL' && i % 2 === 0 ? (i % 300) / 10 : null,
      tags: { Team: `team-${i % 12}`, Environment: i % 2 ? 'prod' : 'dev' },
      firstSeenAt: null,
      mutedBy: null,
      errorCode: status === 'ERROR' ? 'AccessDenied' : null,
    } satisfies Finding;
  });
}

async function seed(store: Store, count: number): Promise<void> {
  const scope = { org: true };
  const startedAt = new Date('2026-12-01T06:00:00Z');
  await store.createScan({ id: SCAN_ID, source: 'cli', scope, scopeKey: scopeKey(scope), createdAt: startedAt });
  await store.markScanRunning(SCAN_ID, startedAt);
  const findings = loadFindings(count);
  for (let i = 0; i < findings.length; i += 1000) {
    await store.appendFindings(SCAN_ID, findings.slice(i, i + 1000), startedAt);
    if (i % 20_000 === 0) process.stderr.write(`seeded ${i} findings\n`);
  }
  const summary: ScanSummary = {
    id: SCAN_ID,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(startedAt.getTime() + 600_000).toISOString(),
    status: 'succeeded',
    accounts: Array.from({ length: 40 }, (_, i) => String(100000000000 + i)),
    regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'sa-east-1'],
    checks: CHECKS.map((c) => c.id),
    apiCalls: { total: 0, throttled: 0, retries: 0, byOperation: {} },
    errors: [],
    progress: emptyProgress(),
    counts: emptyCounts(),
  };
  await store.finishScan(summary);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Starts `orgscan serve` and resolves with its URL (printed on start-up). */
function serve(cli: string, dataDir: string, tokenEntry: string, extraArgs: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'serve', '--org', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--log-level', 'error', ...extraArgs], {
    env: { ...process.env, ORGSCAN_API_TOKENS: tokenEntry, DATABASE_URL: '', ORGSCAN_QUEUE_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`orgscan serve did not start within 120 s: ${out}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ url: m[1]!, child });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`orgscan serve exited with ${code}: ${out}`));
    });
  });
}

export interface LoadResult {
  findings: number;
  readers: number;
  seconds: number;
  health: { samples: number; p50Ms: number; p95Ms: number; maxMs: number; over1s: number };
  /** `failed`: no answer (e.g. the connection reset when the service's 30 s request timeout struck). */
  reports: { ok: number; busy: number; other: number; failed: number; p50Ms: number; maxMs: number };
  /** The service's peak resident memory (Linux VmHWM), null elsewhere. */
  servicePeakRssMiB: number | null;
}

async function peakRssMiB(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      findings: { type: 'string', default: '100000' },
      readers: { type: 'string', default: '10' },
      seconds: { type: 'string', default: '30' },
      'data-dir': { type: 'string' },
      cli: { type: 'string' },
      'serve-arg': { type: 'string', multiple: true, default: [] },
    },
  });
  const findings = Number(values.findings);
  const readers = Number(values.readers);
  const seconds = Number(values.seconds);
  if (![findings, readers, seconds].every((n) => Number.isInteger(n) && n > 0) || readers > 100 || seconds > 600) {
    throw new Error('--findings, --readers (at most 100) and --seconds (at most 600) must be positive whole numbers');
  }
  const cli = resolve(values.cli ?? join(fileURLToPath(new URL('..', import.meta.url)), 'cli', 'index.js'));
  const keep = values['data-dir'] !== undefined;
  const dataDir = keep ? resolve(values['data-dir']!) : await mkdtemp(join(tmpdir(), 'orgscan-report-load-'));

  const store = await openStore({ dataDir });
  try {
    const existing = await store.getScan(SCAN_ID);
    if (existing && existing.status === 'succeeded' && (await store.countFindings(SCAN_ID)) === findings) {
      process.stderr.write(`reusing ${findings} findings in ${dataDir}\n`);
    } else {
      if (existing) throw new Error(`${dataDir} holds another seeding; use an empty --data-dir`);
      process.stderr.write(`seeding ${findings} findings into ${dataDir}\n`);
      await seed(store, findings);
    }
  } finally {
    await store.close();
  }

  const reader = createToken('reader');
  const { url, child } = await serve(cli, dataDir, reader.entry, values['serve-arg']!);
  const auth = { authorization: `Bearer ${reader.token}` };
  const deadline = Date.now() + seconds * 1000;
  const health: number[] = [];
  const reportMs: number[] = [];
  let ok = 0;
  let busy = 0;
  let other = 0;
  let failed = 0;
  let peakRss: number | null = null;
  try {
    const readerLoop = async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        let res: Response;
        try {
          res = await fetch(`${url}/report`, { headers: auth, signal: AbortSignal.timeout(120_000) });
          await res.arrayBuffer();
        } catch {
          failed++;
          continue;
        }
        if (res.status === 200) {
          ok++;
          reportMs.push(performance.now() - started);
        } else if (res.status === 429) {
          busy++;
          // Honour Retry-After, as a well-behaved client would; never past the deadline.
          const wait = Number(res.headers.get('retry-after') ?? '1') * 1000;
          await sleep(Math.max(0, Math.min(wait, deadline - Date.now())));
        } else {
          other++;
        }
      }
    };
    const healthLoop = async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        // A health check that fails counts with the time it took to fail.
        await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(120_000) })
          .then((res) => res.arrayBuffer())
          .catch(() => undefined);
        health.push(performance.now() - started);
        await sleep(HEALTH_INTERVAL_MS);
      }
    };
    await Promise.all([healthLoop(), ...Array.from({ length: readers }, readerLoop)]);
    peakRss = await peakRssMiB(child.pid);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  }

  const h = [...health].sort((a, b) => a - b);
  const r = [...reportMs].sort((a, b) => a - b);
  const result: LoadResult = {
    findings,
    readers,
    seconds,
    health: { samples: h.length, p50Ms: Math.round(percentile(h, 50)), p95Ms: Math.round(percentile(h, 95)), maxMs: Math.round(h.at(-1) ?? NaN), over1s: h.filter((x) => x > 1000).length },
    reports: { ok, busy, other, failed, p50Ms: Math.round(percentile(r, 50)), maxMs: Math.round(r.at(-1) ?? NaN) },
    servicePeakRssMiB: peakRss,
  };
  console.log(
    `/healthz over ${seconds} s with ${readers} /report readers at ${findings} findings: ` +
      `p50 ${result.health.p50Ms} ms, p95 ${result.health.p95Ms} ms, max ${result.health.maxMs} ms (${result.health.over1s} of ${h.length} samples over 1 s); ` +
      `/report: ${ok} built (p50 ${result.reports.p50Ms} ms, max ${result.reports.maxMs} ms), ${busy} answered 429, ${other} other, ${failed} without an answer; service peak RSS ${peakRss ?? '?'} MiB`,
  );
  console.log(JSON.stringify(result));
}

if (process.argv[1] && existsSync(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
