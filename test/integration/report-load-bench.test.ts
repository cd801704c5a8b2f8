// The /report load benchmark runs end to end: it seeds a store, starts the built service and prints its figures.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { LoadResult } from '../../bench/report-load.js';
import { ensureBuilt, ROOT } from '../helpers/dist.js';

const run = promisify(execFile);

describe('bench/report-load', () => {
  it('seeds findings, loads /report with several readers and samples /healthz', async () => {
    ensureBuilt();
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.DATABASE_URL;
    const { stdout } = await run(process.execPath, [join(ROOT, 'dist', 'bench', 'report-load.js'), '--findings', '1500', '--readers', '3', '--seconds', '3'], {
      cwd: ROOT,
      env,
    });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\/healthz over 3 s with 3 \/report readers at 1500 findings: p50 \d+ ms/);
    const result = JSON.parse(lines.at(-1)!) as LoadResult;
    expect(result).toMatchObject({ findings: 1500, readers: 3, seconds: 3 });
    expect(result.health.samples).toBeGreaterThan(0);
    // Reports are built (some readers may be told to retry with 429), and none fails.
    expect(result.reports.ok).toBeGreaterThan(0);
    expect(result.reports.other + result.reports.failed).toBe(0);
  });
});
