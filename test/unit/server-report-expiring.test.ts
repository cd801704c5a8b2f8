// GET /report lists the suppression rules (file and API) that expire within 14 days, and a
// suppression file that fails to load leaves the page up with one line saying so.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type Finding, type ScanSummary } from '../../checks/types.js';
import { DEFAULT_CONCURRENCY, type ScanRequest, type ScanRunOptions } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { startService, type RunningService } from '../../server/service.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import { makeFinding } from '../helpers/sample-findings.js';

const NOW = new Date('2026-11-23T10:00:00.000Z');
const A = '111111111111';
const operator = createToken('operator');
const reader = createToken('reader');

const day = (days: number) => new Date(Date.UTC(2026, 10, 23 + days)).toISOString().slice(0, 10);

const baseRequest: ScanRequest = {
  org: false,
  accounts: [A],
  regions: ['eu-west-1'],
  roleName: 'OrgScanReadOnly',
  concurrency: DEFAULT_CONCURRENCY,
  options: DEFAULT_CHECK_OPTIONS,
};

/** A scripted engine that applies the scan's suppressor, as the runner does. */
async function runScan(request: ScanRequest, options: ScanRunOptions): Promise<ScanSummary> {
  const hooks = options.hooks!;
  const findings: Finding[] = [makeFinding({ resourceId: 'vol-1' }), makeFinding({ resourceId: 'vol-2' }), makeFinding({ resourceId: 'vol-3', status: 'PASS' })];
  const counts = emptyCounts();
  for (const f of findings) {
    const match = hooks.suppress?.(f) ?? null;
    if (match) Object.assign(f, { status: 'MUTED', mutedBy: match });
    counts[f.status] += 1;
  }
  await hooks.onFindings?.(findings);
  return {
    id: options.id!,
    startedAt: NOW.toISOString(),
    finishedAt: NOW.toISOString(),
    status: 'succeeded',
    accounts: request.accounts ?? [],
    regions: request.regions ?? [],
    checks: ['ebs-volume-unattached'],
    apiCalls: { total: 1, throttled: 0, retries: 0, byOperation: {} },
    errors: [],
    progress: { ...emptyProgress(), unitsTotal: 1, unitsDone: 1, apiCalls: 1, findings: findings.length },
    counts,
  };
}

const FILE_RULES = [
  'suppressions:',
  '  - id: file-soon',
  '    resourceId: vol-2',
  '    reason: decommissioned next week',
  `    expires: "${day(3)}"`,
  '    owner: storage-team',
  '  - id: file-later',
  '    checkId: rds-instance-single-az',
  '    reason: later',
  `    expires: "${day(90)}"`,
  '',
].join('\n');

describe('GET /report lists suppressions expiring within 14 days', () => {
  let dir: string;
  let file: string;
  let service: RunningService;
  const logLines: string[] = [];

  const inject = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
    service.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'orgscan-report-expiring-'));
    file = join(dir, 'suppressions.yaml');
    await writeFile(file, FILE_RULES);
    service = await startService({
      baseRequest,
      retentionDays: 30,
      port: 0,
      host: '127.0.0.1',
      dataDir: join(dir, 'data'),
      suppressionsFile: file,
      tokens: parseTokenEntries(`${operator.entry},${reader.entry}`, 'test'),
      logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
      runScan,
      now: () => NOW,
      rateLimit: { max: 1000, timeWindowMs: 60_000 },
    });
  });
  afterAll(async () => {
    await service?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a rule added with POST /suppressions that expires in 5 days, with the file rules and muted counts', async () => {
    const created = await inject('POST', '/suppressions', operator.token, {
      id: 'api-soon',
      resourceId: 'vol-1',
      reason: '<script>window.__pwned=1</script> migration freeze',
      expires: day(5),
      owner: 'platform',
    });
    expect(created.statusCode).toBe(201);
    expect((await inject('POST', '/suppressions', operator.token, { id: 'api-later', region: 'us-east-1', reason: 'later', expires: day(30) })).statusCode).toBe(201);

    const started = await inject('POST', '/scans', operator.token, {});
    expect(started.statusCode).toBeLessThan(300);
    const id = started.json().scan.id as string;
    // The scripted engine finishes at once; wait for the manager to record it.
    for (;;) {
      const status = (await inject('GET', `/scans/${id}`, reader.token)).json().status as string;
      if (status === 'succeeded') break;
      if (['failed', 'cancelled', 'interrupted'].includes(status)) throw new Error(`scan ended ${status}`);
      await new Promise((r) => setTimeout(r, 10));
    }

    const res = await inject('GET', '/report', reader.token);
    expect(res.statusCode).toBe(200);
    const html = res.body.replace(/<script[\s\S]*?<\/script>/g, '');
    const start = html.indexOf('<h3 id="h-expiring">Suppressions expiring within 14 days</h3>');
    expect(start).toBeGreaterThan(0);
    const section = html.slice(start, html.indexOf('</table>', start));
    const rows = section.split('<tr>').slice(2);
    expect(rows.map((r) => /<code>([^<]+)<\/code><\/th>/.exec(r)?.[1])).toEqual(['file-soon', 'api-soon']);
    expect(rows[0]).toContain('storage-team');
    expect(rows[0]).toContain(`<td>${day(3)}</td><td class="num">3 days</td><td class="num">1</td>`);
    expect(rows[1]).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt; migration freeze');
    expect(rows[1]).toContain(`<td>${day(5)}</td><td class="num">5 days</td><td class="num">1</td>`);
    expect(section).not.toMatch(/file-later|api-later/);
  });

  it('renders the report without the list, and logs, when the suppression file fails to load', async () => {
    await writeFile(file, 'suppressions:\n  - id: broken\n    reason: r\n    expires: not-a-date\n');
    logLines.length = 0;
    const res = await inject('GET', '/report', reader.token);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Not available: the suppression rules could not be read');
    expect(res.body).not.toContain('api-soon');
    const warning = logLines.map((l) => JSON.parse(l) as { msg: string; err?: string }).find((l) => l.msg.startsWith('suppression rules could not be read'));
    expect(warning?.err).toMatch(/suppressions\.yaml:4:\d+: suppressions\[0\]: expires must be a date/);
  });
});
