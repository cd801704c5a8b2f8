import type { Address, Instance, Volume } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ec2InstanceStoppedLong, stoppedAt } from '../../../checks/ec2/ec2-instance-stopped-long.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

// The clock is injected: moto cannot set StateTransitionReason times, so age logic is tested here.
const NOW = new Date('2026-11-23T12:00:00Z');
const stopped = (id: string, reason: string, extra: Partial<Instance> = {}): Instance => ({
  InstanceId: id,
  InstanceType: 't3.large',
  State: { Name: 'stopped', Code: 80 },
  StateTransitionReason: reason,
  BlockDeviceMappings: [
    { DeviceName: '/dev/xvda', Ebs: { VolumeId: `vol-root-${id}` } },
    { DeviceName: '/dev/sdf', Ebs: { VolumeId: `vol-data-${id}` } },
  ],
  NetworkInterfaces: [{ NetworkInterfaceId: `eni-${id}` }],
  ...extra,
});
const volumesOf = (id: string): Volume[] => [
  { VolumeId: `vol-root-${id}`, VolumeType: 'gp3', Size: 30, Iops: 3000, Throughput: 125, State: 'in-use' },
  { VolumeId: `vol-data-${id}`, VolumeType: 'gp2', Size: 500, State: 'in-use' },
];

function run(instances: Instance[], volumes: Volume[] = [], addresses: Address[] = [], options: Record<string, unknown> = {}) {
  let volumeReads = 0;
  const ctx = fakeContext({
    now: NOW,
    ec2: {
      instances: async () => instances,
      volumes: async () => (volumeReads++, volumes),
      addresses: async () => addresses,
    },
  });
  return runCheck(ec2InstanceStoppedLong, ctx, options).then((results) => ({ results, volumeReads }));
}

describe('ec2-instance-stopped-long', () => {
  it('parses the stop time EC2 writes into StateTransitionReason', () => {
    expect(stoppedAt('User initiated (2024-01-02 10:00:00 GMT)')?.toISOString()).toBe('2024-01-02T10:00:00.000Z');
    expect(stoppedAt('Server.ScheduledStop (2025-06-30 23:59:59 GMT)')?.toISOString()).toBe('2025-06-30T23:59:59.000Z');
    expect(stoppedAt('User initiated (2026-12-07 01:51:49 UTC)')?.toISOString()).toBe('2026-12-07T01:51:49.000Z');
    expect(stoppedAt('User initiated (2026-12-07 01:51:49 CET)')).toBeNull();
    expect(stoppedAt('User initiated')).toBeNull();
    expect(stoppedAt('')).toBeNull();
    expect(stoppedAt(undefined)).toBeNull();
    expect(stoppedAt('User initiated (2024-13-45 99:00:00 GMT)')).toBeNull();
  });

  it('fails an instance stopped 60 days with the monthly cost of its volumes; its Elastic IP is named, counted by ec2-eip-unassociated', async () => {
    const { results } = await run(
      [stopped('i-old', 'User initiated (2026-09-24 12:00:00 GMT)', { Tags: [{ Key: 'team', Value: 'web' }] })],
      volumesOf('i-old'),
      [{ AllocationId: 'eipalloc-1', PublicIp: '198.51.100.7', InstanceId: 'i-old', NetworkInterfaceId: 'eni-i-old', PublicIpv4Pool: 'amazon' }],
    );
    const [r] = results;
    // 30 GiB gp3 × $0.08 = $2.40; 500 GiB gp2 × $0.10 = $50.00.
    expect(r).toMatchObject({
      status: 'FAIL',
      resourceType: 'AWS::EC2::Instance',
      resourceId: 'i-old',
      resourceArn: 'arn:aws:ec2:us-east-1:111111111111:instance/i-old',
      estimatedMonthlyCostUsd: 52.4,
      costBasis: 'estimate',
      tags: { team: 'web' },
      evidence: {
        stoppedAt: '2026-09-24T12:00:00.000Z',
        stoppedDays: 60,
        stopTimeKnown: true,
        allowedDays: 30,
        volumesMonthlyUsd: 52.4,
        volumes: [
          { volumeId: 'vol-root-i-old', volumeType: 'gp3', sizeGiB: 30, monthlyUsd: 2.4, note: null },
          { volumeId: 'vol-data-i-old', volumeType: 'gp2', sizeGiB: 500, monthlyUsd: 50, note: null },
        ],
        publicIpv4Addresses: [{ publicIp: '198.51.100.7', allocationId: 'eipalloc-1', byoip: false }],
        publicIpv4MonthlyUsdReportedElsewhere: 3.65,
      },
    });
    expect(r!.message).toBe(
      'Instance i-old has been stopped for 60 days (allowed: 30); its 2 EBS volumes still cost $52.40/month (its 1 Elastic IP, another $3.65/month, is reported by ec2-eip-unassociated).',
    );
  });

  it('passes an instance stopped exactly the allowed days, and fails one an hour past it', async () => {
    const { results } = await run(
      [stopped('i-30', 'User initiated (2026-10-24 12:00:00 GMT)'), stopped('i-30h', 'User initiated (2026-10-24 11:00:00 GMT)')],
      [...volumesOf('i-30'), ...volumesOf('i-30h')],
    );
    expect(results.map((r) => [r.resourceId, r.status, (r.evidence as { stoppedDays: number }).stoppedDays])).toEqual([
      ['i-30', 'PASS', 30],
      ['i-30h', 'FAIL', 30],
    ]);
    expect(results[0]!.message).toBe('Instance i-30 has been stopped for 30 days, within the allowed 30.');
  });

  it('fails an instance whose stop time cannot be parsed, saying so and giving no age', async () => {
    const { results } = await run([stopped('i-unknown', 'User initiated')], volumesOf('i-unknown'));
    expect(results[0]).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 52.4, evidence: { stoppedAt: null, stoppedDays: null, stopTimeKnown: false } });
    expect(results[0]!.message).toContain('stopped since a time its state transition reason does not give');
  });

  it('passes an instance without a stop time that was launched within the allowed days (it cannot have been stopped longer)', async () => {
    const recent = { ...stopped('i-new', 'User initiated'), LaunchTime: new Date('2026-11-20T12:00:00Z') };
    const old = { ...stopped('i-old', 'User initiated'), LaunchTime: new Date('2026-01-01T00:00:00Z') };
    const { results } = await run([recent, old], [...volumesOf('i-new'), ...volumesOf('i-old')]);
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['i-new', 'PASS'],
      ['i-old', 'FAIL'],
    ]);
    expect(results[0]!.message).toBe('Instance i-new is stopped; its stop time is not given, but it was launched 3 days ago, within the allowed 30.');
    expect(results[0]!.evidence).toMatchObject({ stopTimeKnown: false, launchTime: '2026-11-20T12:00:00.000Z' });
  });

  it('honours the allowedDays option', async () => {
    const { results } = await run([stopped('i-10', 'User initiated (2026-11-13 12:00:00 GMT)')], volumesOf('i-10'), [], { allowedDays: 7 });
    expect(results[0]).toMatchObject({ status: 'FAIL', evidence: { stoppedDays: 10, allowedDays: 7 } });
  });

  it('says which volumes it could not price or find, and bills no BYOIP address', async () => {
    const { results } = await run(
      [stopped('i-x', 'User initiated (2025-01-01 00:00:00 GMT)')],
      [{ VolumeId: 'vol-root-i-x', VolumeType: 'gp9' as Volume['VolumeType'], Size: 8, State: 'in-use' }],
      [{ AllocationId: 'eipalloc-b', PublicIp: '192.0.2.1', InstanceId: 'i-x', PublicIpv4Pool: 'ipv4pool-ec2-1' }],
    );
    expect(results[0]).toMatchObject({
      status: 'FAIL',
      estimatedMonthlyCostUsd: 0,
      evidence: {
        volumes: [
          { volumeId: 'vol-root-i-x', monthlyUsd: null, note: 'no price known for the volume type' },
          { volumeId: 'vol-data-i-x', monthlyUsd: null, note: 'volume not found in DescribeVolumes' },
        ],
        publicIpv4MonthlyUsdReportedElsewhere: 0,
      },
    });
    expect(results[0]!.message).not.toContain('Elastic IP');
  });

  it('passes running and stopping instances, skips terminated ones, and reads no volumes when nothing is stopped', async () => {
    const { results, volumeReads } = await run([
      { InstanceId: 'i-run', State: { Name: 'running', Code: 16 } },
      { InstanceId: 'i-stopping', State: { Name: 'stopping', Code: 64 } },
      { InstanceId: 'i-term', State: { Name: 'terminated', Code: 48 }, StateTransitionReason: 'User initiated (2020-01-01 00:00:00 GMT)' },
    ]);
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['i-run', 'PASS'],
      ['i-stopping', 'PASS'],
    ]);
    expect(volumeReads).toBe(0);
  });

  it('claims FSBP EC2.4, the ec2-stopped-instance rule and Trusted Advisor c18d2gz150, all at 30 days by default', () => {
    expect(ec2InstanceStoppedLong.frameworkMap).toMatchObject({ 'aws-fsbp': 'EC2.4', 'aws-config-rule': 'ec2-stopped-instance', 'aws-trusted-advisor': 'c18d2gz150' });
    expect(ec2InstanceStoppedLong.parseOptions({})).toEqual({ allowedDays: 30 });
    expect(ec2InstanceStoppedLong.permissions).toEqual(['ec2:DescribeAddresses', 'ec2:DescribeInstances', 'ec2:DescribeVolumes']);
  });

  it('lets a denied DescribeInstances surface as an error', async () => {
    await expect(runCheck(ec2InstanceStoppedLong, fakeContext({ ec2: { instances: () => Promise.reject(awsError('UnauthorizedOperation')) } }))).rejects.toThrow('UnauthorizedOperation');
  });
});
