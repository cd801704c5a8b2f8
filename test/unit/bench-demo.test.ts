// `orgscan demo` without AWS: the service on the embedded store scans the synthetic organization.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from '../../demo/demo.js';
import { runCli } from '../helpers/dist.js';

describe('startDemo', () => {
  let demo: RunningDemo | undefined;
  let dir: string | undefined;
  afterAll(async () => {
    await demo?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('scans the synthetic organization through the service, stores findings and writes the report', async () => {
    dir = await mkdtemp(join(tmpdir(), 'orgscan-demo-test-'));
    demo = await startDemo({ accounts: 3, regions: 2, seed: 'demo-test', latencyMs: 0, host: '127.0.0.1', port: 0, dataDir: dir });
    expect(demo.scan.status).toBe('succeeded');
    expect(demo.scan.accounts).toHaveLength(3);
    expect(demo.scan.counts.FAIL).toBeGreaterThan(0);
    expect(demo.scan.counts.ERROR).toBe(0);
    expect(demo.reportUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/scans/${demo.scan.id}/report#token=osk_`));

    const html = await readFile(demo.reportFile, 'utf8');
    expect(html).toMatch(/<html/i);
    expect(html).toContain(demo.scan.accounts[0]!);

    const res = await fetch(`${demo.service.url}/scans/${demo.scan.id}/findings?status=FAIL&limit=5`, {
      headers: { authorization: `Bearer ${demo.token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items?: unknown[]; findings?: unknown[] };
    expect((body.items ?? body.findings ?? []).length).toBeGreaterThan(0);
    // The token is required: the demo does not open the API.
    expect((await fetch(`${demo.service.url}/scans/${demo.scan.id}/findings`)).status).toBe(401);
  }, 120_000);

  it('orgscan demo --exit prints the report file and no link to the service it stopped', async () => {
    const data = await mkdtemp(join(tmpdir(), 'orgscan-demo-exit-'));
    try {
      const r = await runCli(['demo', '--exit', '--accounts', '2', '--regions', '1', '--latency-ms', '0', '--port', '0', '--data-dir', data]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/finished: .* 0 ERROR\n/);
      expect(r.stdout).toContain('report:        file://');
      expect(r.stdout).not.toMatch(/https?:\/\//);
      expect(r.stdout).not.toContain('token');
      expect(r.stdout).toContain('the service has stopped');
    } finally {
      await rm(data, { recursive: true, force: true });
    }
  }, 120_000);
});
