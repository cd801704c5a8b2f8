import type { Volume } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ebsVolumeUnattached } from '../../../checks/ebs/ebs-volume-unattached.js';
import { volumeMonthlyCost } from '../../../checks/support/index.js';
import { createPriceBook } from '../../../checks/pricing.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const daysAgo = (d: number): Date => new Date(NOW.getTime() - d * 86_400_000);

const vol = (id: string, extra: Partial<Volume>): Volume => ({
  VolumeId: id,
  Size: 100,
  VolumeType: 'gp3',
  Iops: 3000,
  Throughput: 125,
  AvailabilityZone: 'us-east-1a',
  CreateTime: daysAgo(40),
  State: 'available',
  Attachments: [],
  ...extra,
});

async function run(volumes: Volume[], options: { graceDays?: number } = {}, region = 'us-east-1') {
  const ctx = fakeContext({ now: NOW, region, ec2: { volumes: async () => volumes } });
  return runCheck(ebsVolumeUnattached, ctx, options);
}

describe('ebs-volume-unattached', () => {
  it('fails an available volume with size, type, performance, age and monthly cost', async () => {
    const [r] = await run([vol('vol-free', { Tags: [{ Key: 'Name', Value: 'old-data' }] })]);
    expect(r).toMatchObject({
      status: 'FAIL',
      resourceType: 'AWS::EC2::Volume',
      resourceId: 'vol-free',
      resourceArn: 'arn:aws:ec2:us-east-1:111111111111:volume/vol-free',
      tags: { Name: 'old-data' },
      estimatedMonthlyCostUsd: 8, // 100 GiB × $0.08, baseline IOPS/throughput free
      costBasis: 'estimate',
    });
    expect(r?.evidence).toMatchObject({ state: 'available', sizeGiB: 100, volumeType: 'gp3', iops: 3000, throughputMBps: 125, ageDays: 40 });
    expect(r?.message).toContain('$8.00/month');
    expect(r?.message).toContain('40 days old');
  });

  it('passes an in-use volume, including one attached to a stopped instance', async () => {
    // DescribeVolumes reports the attachment, not the instance state: a stopped instance's volume is in-use.
    const results = await run([
      vol('vol-running', { State: 'in-use', Attachments: [{ InstanceId: 'i-running', State: 'attached', Device: '/dev/xvda' }] }),
      vol('vol-stopped', { State: 'in-use', Attachments: [{ InstanceId: 'i-stopped', State: 'attached', Device: '/dev/sdf' }] }),
    ]);
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['vol-running', 'PASS'],
      ['vol-stopped', 'PASS'],
    ]);
    expect(results[1]?.message).toContain('i-stopped');
    expect(results[1]?.estimatedMonthlyCostUsd ?? null).toBeNull();
  });

  it('grace period: a recently created unattached volume passes, an older one fails', async () => {
    const results = await run([vol('vol-new', { CreateTime: daysAgo(2) }), vol('vol-old', { CreateTime: daysAgo(8) })], {
      graceDays: 7,
    });
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['vol-new', 'PASS'],
      ['vol-old', 'FAIL'],
    ]);
    expect(results[0]?.message).toContain('grace period');
  });

  it('with the default grace of 0 days, a volume created right now fails', async () => {
    const [r] = await run([vol('vol-now', { CreateTime: NOW })]);
    expect(r?.status).toBe('FAIL');
    // And one whose clock is slightly ahead of ours (CreateTime after now) too.
    const [ahead] = await run([vol('vol-ahead', { CreateTime: new Date(NOW.getTime() + 60_000) })]);
    expect(ahead?.status).toBe('FAIL');
  });

  it('prices io2 IOPS, gp3 extra IOPS and throughput, and regional factors', async () => {
    const results = await run([
      vol('vol-io2', { VolumeType: 'io2', Size: 500, Iops: 10_000, Throughput: undefined }),
      vol('vol-gp3', { VolumeType: 'gp3', Size: 1000, Iops: 6000, Throughput: 250 }),
      vol('vol-gp2', { VolumeType: 'gp2', Size: 50, Iops: 150, Throughput: undefined }),
      vol('vol-sc1', { VolumeType: 'sc1', Size: 2000, Iops: undefined, Throughput: undefined }),
    ]);
    const cost = Object.fromEntries(results.map((r) => [r.resourceId, r.estimatedMonthlyCostUsd]));
    expect(cost['vol-io2']).toBe(712.5); // 500 × 0.125 + 10,000 × 0.065
    expect(cost['vol-gp3']).toBe(100); // 1000 × 0.08 + 3000 × 0.005 + 125 × 0.04
    expect(cost['vol-gp2']).toBe(5); // gp2 IOPS are included in the storage price
    expect(cost['vol-sc1']).toBe(30);
    const [frankfurt] = await run([vol('vol-fra', { VolumeType: 'gp2', Size: 100 })], {}, 'eu-central-1');
    expect(frankfurt?.estimatedMonthlyCostUsd).toBe(11.9);
  });

  it('prices io2 IOPS in tiers above 32,000 and 64,000', () => {
    const prices = createPriceBook();
    const cost = (iops: number) => volumeMonthlyCost(vol('v', { VolumeType: 'io2', Size: 100, Iops: iops, Throughput: undefined }), prices, 'us-east-1');
    expect(cost(32_000)?.iopsUsd).toBe(2080); // 32,000 × 0.065
    expect(cost(64_000)?.iopsUsd).toBe(3536); // + 32,000 × 0.0455
    expect(cost(80_000)?.iopsUsd).toBe(4045.6); // + 16,000 × 0.03185
    expect(cost(80_000)?.monthlyUsd).toBe(4058.1); // + 100 GiB × 0.125
  });

  it('honours price overrides and reports an unknown volume type without inventing a cost', () => {
    const prices = createPriceBook({ '*': { 'ebs.gp3.gbMonth': 0.1 } });
    expect(volumeMonthlyCost(vol('v', { Size: 10 }), prices, 'us-east-1')?.monthlyUsd).toBe(1);
    expect(volumeMonthlyCost(vol('v', { VolumeType: 'gp9' as Volume['VolumeType'] }), prices, 'us-east-1')).toBeNull();
  });

  it('fails an unknown-type volume with a null cost', async () => {
    const [r] = await run([vol('vol-new-type', { VolumeType: 'gp9' as Volume['VolumeType'] })]);
    expect(r?.status).toBe('FAIL');
    expect(r?.estimatedMonthlyCostUsd).toBeNull();
    expect(r?.costBasis ?? null).toBeNull();
    expect(r?.message).toContain('no price is known');
  });

  it('propagates a denied DescribeVolumes', async () => {
    const ctx = fakeContext({ ec2: { volumes: async () => Promise.reject(awsError('UnauthorizedOperation')) } });
    await expect(runCheck(ebsVolumeUnattached, ctx)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});
