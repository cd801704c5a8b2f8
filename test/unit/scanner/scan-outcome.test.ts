// A scan that could not look is never `succeeded`: partial when something planned was not
// evaluated, failed when nothing was, with the coverage counts that say how much.
import { afterEach, describe, expect, it } from 'vitest';
import { defineCheck } from '../../../checks/define.js';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { runScan, scanOutcome } from '../../../scanner/runner.js';
import { DEFAULT_CHECK_OPTIONS, type Check, type Finding } from '../../../checks/types.js';
import type { ScanRequest } from '../../../scanner/types.js';
import { FAKE_CREDENTIALS } from '../../../emulator/moto/moto.js';

const ec2Mock = mockClient(EC2Client);
afterEach(() => ec2Mock.reset());

const check = (id: string, evaluate: Check['evaluate'], scope: Check['scope'] = 'regional'): Check =>
  defineCheck({
    id,
    title: id,
    service: 'ec2',
    scope,
    severity: 'high',
    frameworks: [],
    reads: scope === 'regional' ? ['ec2.volumes'] : ['s3.buckets'],
    remediation: { text: 'fix it', url: 'https://docs.aws.amazon.com/' },
    evaluate,
  }) as Check;
const volumes = check('vols', async (ctx) => (await ctx.ec2.volumes()).map((v) => ({ status: 'FAIL' as const, resourceType: 'AwsEc2Volume', resourceId: v.VolumeId!, message: 'm' })));
const denied = (id: string) =>
  check(id, async () => {
    throw Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
  });

const request: ScanRequest = {
  org: false,
  accounts: ['111111111111'],
  regions: ['us-east-1', 'eu-west-1'],
  roleName: 'OrgScanReadOnly',
  concurrency: { accounts: 1, units: 2, apiCalls: 4 },
  options: DEFAULT_CHECK_OPTIONS,
};
const aws = { baseCredentials: FAKE_CREDENTIALS, useBaseCredentials: true, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 };

describe('scan outcome', () => {
  it('is succeeded, with full coverage, when every check of every unit was evaluated', async () => {
    ec2Mock.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-1' }] });
    const summary = await runScan(request, { registry: [volumes], aws });
    expect(summary.status).toBe('succeeded');
    expect(summary.coverage).toEqual({ accounts: { planned: 1, evaluated: 1 }, units: { planned: 2, evaluated: 2 }, checks: { planned: 2, evaluated: 2 } });
    expect(summary.failureReason).toBeNull();
  });

  it('is partial when one check could not be evaluated, and counts what was', async () => {
    ec2Mock.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    const summary = await runScan(request, { registry: [volumes, denied('broken')], aws });
    expect(summary.status).toBe('partial');
    expect(summary.coverage).toEqual({ accounts: { planned: 1, evaluated: 1 }, units: { planned: 2, evaluated: 0 }, checks: { planned: 4, evaluated: 2 } });
    expect(summary.failureReason).toBe('1 of 1 account, 0 of 2 units and 2 of 4 check evaluations evaluated');
  });

  it('is partial when a check returns an ERROR result for one resource', async () => {
    const mixed = check('mixed', async () => [
      { status: 'PASS', resourceType: 'X', resourceId: 'a', message: 'ok' },
      { status: 'ERROR', resourceType: 'X', resourceId: 'b', message: 'could not read b', errorCode: 'NoSuchThing' },
    ]);
    const summary = await runScan({ ...request, regions: ['us-east-1'] }, { registry: [mixed], aws });
    expect(summary.status).toBe('partial');
  });

  it('is failed when every check of every unit is ERROR (nothing evaluated)', async () => {
    const summary = await runScan(request, { registry: [denied('a'), denied('b')], aws });
    expect(summary.status).toBe('failed');
    expect(summary.coverage!.checks).toEqual({ planned: 4, evaluated: 0 });
    expect(summary.failureReason).toMatch(/^no check could be evaluated: 0 of 1 account evaluated/);
  });

  it('is failed when no account could be reached', async () => {
    const noCredentials = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    };
    const summary = await runScan(request, { registry: [volumes], aws: { ...aws, baseCredentials: noCredentials } });
    expect(summary.status).toBe('failed');
    expect(summary.errors[0]).toMatchObject({ accountId: '111111111111', region: null, code: 'CredentialsProviderError' });
    expect(summary.errors[0]!.message).toMatch(/^no AWS credentials: Could not load credentials/);
    expect(summary.coverage).toEqual({ accounts: { planned: 1, evaluated: 0 }, units: { planned: 2, evaluated: 0 }, checks: { planned: 2, evaluated: 0 } });
  });

  it('refuses a region that does not exist before any call', async () => {
    await expect(runScan({ ...request, regions: ['us-east-9'] }, { registry: [volumes], aws })).rejects.toThrow(/unknown region "us-east-9"/);
    expect(ec2Mock.commandCalls(DescribeVolumesCommand)).toHaveLength(0);
  });

  it('ends a unit at its deadline: the waiting check becomes an ERROR naming the deadline', async () => {
    const hanging = check('hangs', () => new Promise<never>(() => undefined));
    const findings: Finding[] = [];
    ec2Mock.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    const summary = await runScan(
      { ...request, regions: ['us-east-1'] },
      { registry: [hanging, volumes], aws: { ...aws, timeouts: { unitMs: 200 } }, hooks: { onFindings: (b) => void findings.push(...b) } },
    );
    expect(summary.status).toBe('partial');
    const error = findings.find((f) => f.checkId === 'hangs')!;
    expect(error).toMatchObject({ status: 'ERROR', errorCode: 'UnitDeadlineExceeded' });
    expect(error.message).toContain('did not finish within its deadline of 200 ms (ORGSCAN_UNIT_DEADLINE_MS)');
  });

  it('derives the status from coverage alone', () => {
    const c = (ae: number, ue: number, ce: number) => ({ accounts: { planned: 2, evaluated: ae }, units: { planned: 4, evaluated: ue }, checks: { planned: 8, evaluated: ce } });
    expect(scanOutcome(c(2, 4, 8)).status).toBe('succeeded');
    expect(scanOutcome(c(1, 2, 4)).status).toBe('partial');
    expect(scanOutcome(c(0, 0, 0)).status).toBe('failed');
  });
});
