// The built `orgscan token create` and `orgscan serve`: the URL printed, the token admitted,
// and a clean exit on SIGTERM.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../helpers/dist.js';

const cli = ensureBuilt();
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  delete env.ORGSCAN_QUEUE_URL;
  delete env.ORGSCAN_API_TOKENS_FILE;
  return env;
}

describe('orgscan token and orgscan serve (built CLI)', () => {
  it('creates a token whose entry is role:sha256(token)', () => {
    const out = JSON.parse(execFileSync(process.execPath, [cli, 'token', 'create', '--role', 'reader', '--json'], { encoding: 'utf8' })) as { token: string; entry: string };
    expect(out.entry).toBe(`reader:${createHash('sha256').update(out.token).digest('hex')}`);
  });

  it('serves on the printed URL with the configured token and stops cleanly on SIGTERM', async () => {
    const { token, entry } = JSON.parse(execFileSync(process.execPath, [cli, 'token', 'create', '--role', 'operator', '--json'], { encoding: 'utf8' })) as { token: string; entry: string };
    const dataDir = await mkdtemp(join(tmpdir(), 'orgscan-serve-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, [cli, 'serve', '--accounts', '111111111111', '--regions', 'eu-west-1', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'], {
      env: cleanEnv({ ORGSCAN_API_TOKENS: entry }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /orgscan listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
    });
    expect(stdout).toContain('store: pglite');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/scans`)).status).toBe(401);
    const scans = await fetch(`${url}/scans`, { headers: { authorization: `Bearer ${token}` } });
    expect(scans.status).toBe(200);
    expect(await scans.json()).toEqual({ items: [], nextCursor: null });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout + stderr).not.toContain(token);
  });

  it('refuses to start without tokens, with exit code 2', () => {
    let status: number | null = null;
    let stderr = '';
    try {
      execFileSync(process.execPath, [cli, 'serve', '--accounts', '111111111111'], { env: cleanEnv({ ORGSCAN_API_TOKENS: '' }), encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      status = (err as { status: number }).status;
      stderr = (err as { stderr: string }).stderr;
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(/no API tokens configured/);
  });

  it('refuses a --max-queued-scans that is not a whole number from 0 to 1000, with exit code 2', () => {
    for (const value of ['-1', '2.5', '1001', 'many']) {
      let status: number | null = null;
      let stderr = '';
      try {
        execFileSync(process.execPath, [cli, 'serve', '--accounts', '111111111111', '--max-queued-scans', value], {
          env: cleanEnv({ ORGSCAN_API_TOKENS: 'operator:' + 'a'.repeat(64) }),
          encoding: 'utf8',
          stdio: 'pipe',
        });
      } catch (err) {
        status = (err as { status: number }).status;
        stderr = (err as { stderr: string }).stderr;
      }
      expect({ value, status }).toEqual({ value, status: 2 });
      expect(stderr).toContain(`--max-queued-scans must be a whole number from 0 to 1000, got ${JSON.stringify(value)}`);
    }
  });
});
