// One process per embedded data directory, with real processes: a second `orgscan serve` (or
// `report email --data-dir`) on a directory in use fails at once naming the directory and the holder;
// a lock left by a killed process is taken over.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createToken } from '../../server/auth.js';
import { DataDirInUseError, LOCK_FILE } from '../../store/dir-lock.js';
import { openStore } from '../../store/open.js';
import { ensureBuilt } from '../helpers/dist.js';

const cli = ensureBuilt();
const operator = createToken('operator');
const dirs: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'orgscan-lock-'));
  dirs.push(dir);
  return dir;
}

const serveArgs = (dataDir: string) => ['serve', '--accounts', '111111111111', '--regions', 'eu-west-1', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'];
const env = { ORGSCAN_API_TOKENS: operator.entry, HOME: tmpdir() };

/** Starts `orgscan serve` and resolves once it listens. */
async function serve(dataDir: string): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, [cli, ...serveArgs(dataDir)], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /orgscan listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, url };
}

/** Runs the CLI; a process still running after `ms` is killed (and reported with code null). */
async function runFor(args: string[], ms: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe('one process per embedded data directory', () => {
  it('refuses a second serve and a report email on a directory in use, naming the directory and the holder, and leaves the first one running', async () => {
    const dataDir = await tempDir();
    const first = await serve(dataDir);

    // Before the lock, the second serve started (and marked the first one's running scan interrupted).
    const second = await runFor(serveArgs(dataDir), 20_000);
    expect(second.stdout).not.toContain('listening');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`data directory ${dataDir} is in use by process ${first.child.pid} (orgscan serve) on this host`);
    expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: first.child.pid });

    const config = join(await tempDir(), 'orgscan.config.yaml');
    await writeFile(config, "accounts: ['111111111111']\nregions: [eu-west-1]\nmail:\n  from: orgscan@example.com\n  to: [team@example.com]\n  reportBaseUrl: https://orgscan.example.com\n");
    const email = await runFor(['report', 'email', '--config', config, '--data-dir', dataDir, '--dry-run'], 20_000);
    expect(email.code).toBe(1);
    expect(email.stderr).toContain(`data directory ${dataDir} is in use by process ${first.child.pid}`);
    expect(email.stderr).not.toMatch(/\[object Object\]|Aborted\(\)/);

    // The first service is untouched: it answers, and its store still opens after it stops.
    expect((await fetch(`${first.url}/scans`, { headers: { authorization: `Bearer ${operator.token}` } })).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const store = await openStore({ dataDir });
    await store.close();
  });

  it('takes over the lock of a process that was killed', async () => {
    const dataDir = await tempDir();
    const first = await serve(dataDir);
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: first.child.pid });
    const second = await serve(dataDir);
    expect(JSON.parse(await readFile(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: second.child.pid });
    second.child.kill('SIGTERM');
  });

  it('refuses a second open in the same process and releases the lock on close', async () => {
    const dataDir = await tempDir();
    const store = await openStore({ dataDir });
    const second = openStore({ dataDir });
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(second).rejects.toThrow(`data directory ${dataDir} is in use by process ${process.pid}`);
    await store.close();
    const again = await openStore({ dataDir });
    await again.close();
  });
});
