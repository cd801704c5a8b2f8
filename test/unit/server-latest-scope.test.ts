// "Latest" is the configured full scope: a narrowed scan never stands for the organization, and a
// partial or failed scan never becomes the diff baseline. The real engine runs with checks whose
// results the test sets per account (no AWS call), behind the real service, store and routes.
import pino from 'pino';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineCheck } from '../../checks/define.js';
import { DEFAULT_CHECK_OPTIONS, type Check, type CheckResult } from '../../checks/types.js';
import { buildWeeklyReport } from '../../server/weekly-report.js';
import { runScan } from '../../scanner/runner.js';
import { DEFAULT_CONCURRENCY, type ScanRequest } from '../../scanner/types.js';
import { createToken, parseTokenEntries } from '../../server/auth.js';
import { startService, type RunningService } from '../../server/service.js';
import { FAKE_CREDENTIALS } from '../../emulator/moto/moto.js';

const A = '111111111111';
const B = '222222222222';
const operator = createToken('operator');
// No region list: every account's enabled regions (one here), as the service was configured.
const ec2 = mockClient(EC2Client);
ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }] });
const baseRequest: ScanRequest = {
  org: false,
  accounts: [A, B],
  roleName: 'OrgScanReadOnly',
  concurrency: DEFAULT_CONCURRENCY,
  options: DEFAULT_CHECK_OPTIONS,
};
const mail = { from: 'orgscan@example.com', to: ['sec@example.com'], subjectPrefix: '', reportBaseUrl: 'https://orgscan.example.com' };

/** Per check and account: the results, or 'denied' for a check that cannot be evaluated there. */
let world: Record<string, Record<string, CheckResult[] | 'denied'>> = {};
const fail = (id: string, cost = 2): CheckResult => ({ status: 'FAIL', resourceType: 'AwsEc2Volume', resourceId: id, message: 'unattached', estimatedMonthlyCostUsd: cost });
const fake = (id: string, severity: Check['severity']): Check =>
  defineCheck({
    id,
    title: id,
    service: 'ec2',
    scope: 'regional',
    severity,
    frameworks: [],
    reads: ['ec2.volumes'],
    remediation: { text: 'fix', url: 'https://docs.aws.amazon.com/' },
    async evaluate(ctx) {
      const r = world[id]?.[ctx.accountId] ?? [];
      if (r === 'denied') throw Object.assign(new Error('User is not authorized'), { name: 'AccessDenied' });
      return r;
    },
  }) as Check;
const registry = [fake('ebs-volume-unattached', 'low'), fake('rds-instance-single-az', 'medium')];

let service: RunningService;
const headers = { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' };
const api = async <T = any>(path: string, init: RequestInit = {}) => { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${service.url}${path}`, { ...init, headers });
  return { status: res.status, body: (res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text()) as T };
};

async function scan(body: Record<string, unknown> = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const started = await api('/scans', { method: 'POST', body: JSON.stringify(body) });
  expect(started.status).toBe(202);
  const id = started.body.scan.id as string;
  for (let i = 0; i < 200; i++) {
    const s = await api(`/scans/${id}`);
    if (!['queued', 'running'].includes(s.body.status)) return s.body;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`scan ${id} did not finish`);
}

beforeAll(async () => {
  service = await startService({
    baseRequest,
    retentionDays: 30,
    port: 0,
    tokens: parseTokenEntries(operator.entry, 'test'),
    logger: pino({ level: 'silent' }),
    runScan: (request, options) =>
      runScan(request, { ...options, registry, aws: { baseCredentials: FAKE_CREDENTIALS, useBaseCredentials: true, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 } }),
  });
});
afterAll(async () => {
  await service?.close();
  ec2.restore();
});

describe('latest views use the configured full scope', () => {
  let full: any; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('a narrowed scan (one account, one check) is readable by id but not the latest', async () => {
    world = {
      'ebs-volume-unattached': { [A]: [fail('vol-a1'), fail('vol-a2')], [B]: [fail('vol-b1'), fail('vol-b2'), fail('vol-b3')] },
      'rds-instance-single-az': { [A]: [fail('db-a', 50)], [B]: [fail('db-b', 50)] },
    };
    full = await scan();
    expect(full.status).toBe('succeeded');
    expect(full.counts.FAIL).toBe(7);

    const narrow = await scan({ accounts: [A], checks: ['ebs-volume-unattached'] });
    expect(narrow.status).toBe('succeeded');
    expect(narrow.counts.FAIL).toBe(2);

    // GET /findings without a scan id, /report, /metrics and the weekly email: the full scan.
    const latest = await api('/findings?status=FAIL&limit=1000');
    expect(latest.body.scanId).toBe(full.id);
    expect(latest.body.items).toHaveLength(7);
    const report = await api('/report');
    expect(report.status).toBe(200);
    expect(report.body).toContain(full.id);
    expect(report.body).not.toContain(narrow.id);
    const metrics = await api('/metrics');
    expect(metrics.body).toContain('orgscan_latest_scan_findings{status="FAIL"} 7');
    const { scan: emailed, email } = await buildWeeklyReport(service.store, mail);
    expect(emailed.id).toBe(full.id);
    expect(email.subject).toContain('7 failing, $110.00/month');

    // The narrowed scan stays readable by id, and is compared only with scans of its own scope.
    expect((await api(`/scans/${narrow.id}/findings`)).body.items).toHaveLength(2);
    expect((await api(`/scans/${narrow.id}/diff`)).body.againstScanId).toBeNull();
    const crossScope = await api(`/scans/${full.id}/diff?against=${narrow.id}`);
    expect(crossScope.status).toBe(409);
    expect(crossScope.body.message).toContain('different scope');
    expect(full.outcome).toMatch(/^Scan complete: 2 of 2 accounts/);
  });

  it('refuses regions the accounts do not have (another partition, or no such region) with 400', async () => {
    const china = await api('/scans', { method: 'POST', body: JSON.stringify({ regions: ['cn-north-1'] }) });
    expect(china.status).toBe(400);
    expect(china.body.message).toContain('"cn-north-1" is not in the partition of the scanned accounts (aws)');
    const none = await api('/scans', { method: 'POST', body: JSON.stringify({ regions: ['us-east-9'] }) });
    expect(none.status).toBe(400);
    expect(none.body.message).toContain('"us-east-9" is not a region of any AWS partition');
    expect((await api('/findings?limit=1')).body.scanId).toBe(full.id);
  });

  it('a failed scan (nothing evaluated) is never the latest', async () => {
    world = { 'ebs-volume-unattached': { [A]: 'denied', [B]: 'denied' }, 'rds-instance-single-az': { [A]: 'denied', [B]: 'denied' } };
    const failed = await scan();
    expect(failed.status).toBe('failed');
    expect(failed.outcome).toMatch(/^FAILED SCAN: nothing was evaluated \(no check could be evaluated: 0 of 2 accounts evaluated\)/);
    expect(failed.failureReason).toContain('no check could be evaluated');
    expect((await api('/findings?limit=1')).body.scanId).toBe(full.id);
    expect((await api('/report')).body).not.toContain(failed.id);
  });

  it('a partial scan says so first and is never the diff baseline: nothing not looked at is "resolved"', async () => {
    // Account B cannot be evaluated: its five failures are unknown, not fixed.
    world = {
      'ebs-volume-unattached': { [A]: [fail('vol-a1'), fail('vol-a2')], [B]: 'denied' },
      'rds-instance-single-az': { [A]: [fail('db-a', 50)], [B]: 'denied' },
    };
    const partial = await scan();
    expect(partial.status).toBe('partial');
    expect(partial.coverage).toEqual({ accounts: { planned: 2, evaluated: 1 }, units: { planned: 2, evaluated: 1 }, checks: { planned: 4, evaluated: 2 } });
    expect(partial.outcome).toMatch(/^PARTIAL SCAN: not everything was evaluated; 1 of 2 accounts/);
    // The API's scan object leads with it.
    const raw = await fetch(`${service.url}/scans/${partial.id}`, { headers });
    expect(await raw.text()).toMatch(/^\{"outcome":"PARTIAL SCAN: /);
    const partialDiff = await api(`/scans/${partial.id}/diff`);
    expect(partialDiff.body.againstScanId).toBe(full.id);
    expect(partialDiff.body.counts.resolved).toBe(0);
    // The partial scan is the latest view (it says so first) …
    const report = await api('/report');
    expect(report.body).toContain(partial.id);
    expect(report.body).toMatch(/<header><p class="outcome outcome-incomplete" role="alert">PARTIAL SCAN: /);
    const { email } = await buildWeeklyReport(service.store, mail);
    expect(email.subject).toMatch(/^\[PARTIAL SCAN\] Weekly compliance report/);
    expect(email.text.split('\n')[0]).toMatch(/^PARTIAL SCAN: /);

    // … but the next complete scan is compared with the last complete one, not with the partial one.
    world = {
      'ebs-volume-unattached': { [A]: [fail('vol-a1')], [B]: [fail('vol-b1'), fail('vol-b2'), fail('vol-b3')] },
      'rds-instance-single-az': { [A]: [fail('db-a', 50)], [B]: [fail('db-b', 50)] },
    };
    const next = await scan();
    expect(next.status).toBe('succeeded');
    const diff = await api(`/scans/${next.id}/diff`);
    expect(diff.body.againstScanId).toBe(full.id);
    expect(diff.body.counts).toEqual({ newFailures: 0, stillFailing: 6, resolved: 1, newErrors: 0 });
    expect(diff.body.resolved.map((f: { resourceId: string }) => f.resourceId)).toEqual(['vol-a2']);
    const baseline = await api(`/scans/${next.id}/diff?against=${partial.id}`);
    expect(baseline.status).toBe(409);
    expect(baseline.body.message).toContain('only a complete (succeeded) scan can be a baseline');
  });
});
