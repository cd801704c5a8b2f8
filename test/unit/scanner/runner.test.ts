import { afterEach, describe, expect, it } from 'vitest';
import { defineCheck } from '../../../checks/define.js';
import { fsbp } from '../../../checks/frameworks/index.js';
import { mockClient } from 'aws-sdk-client-mock';
import { DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { runScan } from '../../../scanner/runner.js';
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
    frameworks: [fsbp('EC2.2')],
    reads: scope === 'regional' ? ['ec2.volumes'] : ['s3.buckets'],
    remediation: { text: 'fix it', url: 'https://docs.aws.amazon.com/' },
    evaluate,
  }) as Check;

const volumesCheck = check('vols', async (ctx) =>
  (await ctx.ec2.volumes()).map((v) => ({
    status: v.State === 'available' ? ('FAIL' as const) : ('PASS' as const),
    resourceType: 'AwsEc2Volume',
    resourceId: v.VolumeId!,
    message: 'm',
    tags: Object.fromEntries((v.Tags ?? []).map((t) => [t.Key!, t.Value!])),
  })),
);

const request: ScanRequest = {
  org: false,
  accounts: ['111111111111'],
  regions: ['us-east-1', 'eu-west-1'],
  roleName: 'OrgScanReadOnly',
  concurrency: { accounts: 1, units: 2, apiCalls: 4 },
  options: DEFAULT_CHECK_OPTIONS,
};
const aws = { baseCredentials: FAKE_CREDENTIALS, useBaseCredentials: true, endpoint: 'http://127.0.0.1:9', maxAttempts: 1 };

describe('runScan', () => {
  it('completes findings with check metadata and mutes matching FAIL findings only', async () => {
    ec2Mock.on(DescribeVolumesCommand).resolves({
      Volumes: [
        { VolumeId: 'vol-dev', State: 'available', Tags: [{ Key: 'Environment', Value: 'dev' }] },
        { VolumeId: 'vol-prod', State: 'available', Tags: [{ Key: 'Environment', Value: 'prod' }] },
        { VolumeId: 'vol-used', State: 'in-use', Tags: [{ Key: 'Environment', Value: 'dev' }] },
      ],
    });
    const findings: Finding[] = [];
    const summary = await runScan(request, {
      registry: [volumesCheck],
      aws,
      hooks: {
        onFindings: (b) => void findings.push(...b),
        suppress: (f) => (f.tags.Environment === 'dev' ? { ruleId: 'dev', reason: 'dev boxes', expires: '2099-01-01' } : null),
      },
    });
    expect(summary.counts).toEqual({ PASS: 2, FAIL: 2, ERROR: 0, MUTED: 2 });
    const dev = findings.find((f) => f.resourceId === 'vol-dev' && f.region === 'us-east-1')!;
    expect(dev).toMatchObject({ status: 'MUTED', mutedBy: { ruleId: 'dev' }, severity: 'high', frameworks: { 'aws-fsbp': 'EC2.2' }, remediation: { text: 'fix it' } });
    expect(findings.find((f) => f.resourceId === 'vol-used')!.status).toBe('PASS');
  });

  it('turns a thrown check into an ERROR finding with the error code and goes on', async () => {
    ec2Mock.on(DescribeVolumesCommand).resolves({ Volumes: [{ VolumeId: 'vol-1', State: 'in-use' }] });
    const broken = check('broken', async () => {
      throw Object.assign(new Error('User is not authorized; AKIAABCDEFGHIJKLMNOP'), { name: 'UnauthorizedOperation' });
    });
    const findings: Finding[] = [];
    const summary = await runScan(request, { registry: [broken, volumesCheck], aws, hooks: { onFindings: (b) => void findings.push(...b) } });
    const errors = findings.filter((f) => f.status === 'ERROR');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ checkId: 'broken', errorCode: 'UnauthorizedOperation', resourceId: expect.stringMatching(/^111111111111\//) });
    expect(errors[0]!.message).not.toContain('AKIAABCDEFGHIJKLMNOP');
    expect(findings.filter((f) => f.checkId === 'vols' && f.status === 'PASS')).toHaveLength(2);
    expect(summary.progress.unitsFailed).toBe(2);
    expect(summary.errors.map((e) => e.code)).toEqual(['UnauthorizedOperation', 'UnauthorizedOperation']);
  });

  it('starts no unit once cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const summary = await runScan(request, { registry: [volumesCheck], aws, hooks: { signal: controller.signal } });
    expect(summary.status).toBe('cancelled');
    expect(summary.progress.unitsDone).toBe(0);
    expect(ec2Mock.commandCalls(DescribeVolumesCommand)).toHaveLength(0);
  });

  it('runs global checks once per account and regional checks per region', async () => {
    ec2Mock.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    const global = check('acct', async (ctx) => [{ status: 'PASS', resourceType: 'AwsAccount', resourceId: ctx.accountId, message: ctx.region }], 'global');
    const findings: Finding[] = [];
    const summary = await runScan({ ...request, accounts: ['111111111111', '222222222222'] }, { registry: [global, volumesCheck], aws, hooks: { onFindings: (b) => void findings.push(...b) } });
    expect(findings.map((f) => `${f.accountId}/${f.region}`).sort()).toEqual(['111111111111/global', '222222222222/global']);
    expect(summary.progress.unitsTotal).toBe(6);
    expect(ec2Mock.commandCalls(DescribeVolumesCommand)).toHaveLength(4);
  });

  it('rejects unknown checks and malformed targets before any call', async () => {
    await expect(runScan({ ...request, checks: ['nope'] }, { registry: [volumesCheck], aws })).rejects.toThrow(/unknown check id: nope/);
    await expect(runScan({ ...request, accounts: ['12'] }, { registry: [volumesCheck], aws })).rejects.toThrow(/12 digits/);
    await expect(runScan({ ...request, regions: ['Narnia'] }, { registry: [volumesCheck], aws })).rejects.toThrow(/invalid region name/);
  });
});
