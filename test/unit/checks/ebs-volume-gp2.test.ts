import type { Instance, Volume } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ebsVolumeGp2, gp3Equivalent } from '../../../checks/ebs/ebs-volume-gp2.js';
import { createPriceBook } from '../../../checks/pricing.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const gp2 = (id: string, size: number, extra: Partial<Volume> = {}): Volume => ({
  VolumeId: id,
  VolumeType: 'gp2',
  Size: size,
  Iops: Math.max(100, size * 3),
  State: 'in-use',
  Attachments: [{ InstanceId: 'i-run', State: 'attached' }],
  ...extra,
});
const INSTANCES: Instance[] = [
  { InstanceId: 'i-run', State: { Name: 'running', Code: 16 } },
  { InstanceId: 'i-stop', State: { Name: 'stopped', Code: 80 } },
];
const run = (volumes: Volume[], options: Record<string, unknown> = {}, region = 'us-east-1') =>
  runCheck(ebsVolumeGp2, fakeContext({ region, ec2: { volumes: async () => volumes, instances: async () => INSTANCES } }), options);

describe('ebs-volume-gp2', () => {
  it('fails a 100 GiB gp2 volume: $10.00 as gp2, $8.00 as gp3 with the free 3,000 IOPS and 125 MiB/s, saving $2.00', async () => {
    const [r] = await run([gp2('vol-small', 100, { Tags: [{ Key: 'team', Value: 'db' }] })]);
    expect(r).toMatchObject({
      status: 'FAIL',
      resourceType: 'AWS::EC2::Volume',
      resourceId: 'vol-small',
      resourceArn: 'arn:aws:ec2:us-east-1:111111111111:volume/vol-small',
      estimatedMonthlyCostUsd: 2,
      costBasis: 'estimate',
      tags: { team: 'db' },
      evidence: { gp2BaselineIops: 300, gp3Iops: 3000, gp3ThroughputMiBps: 125, gp2MonthlyUsd: 10, gp3MonthlyUsd: 8, gp3ExtraIopsMonthlyUsd: 0, gp3ExtraThroughputMonthlyUsd: 0, monthlySavingUsd: 2 },
    });
    expect(r!.message).toBe('gp2 volume vol-small (100 GiB) costs $10.00/month; the same size as gp3 costs $8.00, saving $2.00/month.');
  });

  it('provisions 250 MiB/s from 334 GiB, where gp2 sustains it: 500 GiB saves $50.00 − ($40.00 + 125 × $0.04)', async () => {
    const [r] = await run([gp2('vol-500', 500)]);
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 5, evidence: { gp3ThroughputMiBps: 250, gp2SustainedThroughputMiBps: 250, gp3ExtraThroughputMonthlyUsd: 5, gp3MonthlyUsd: 45 } });
    expect(r!.message).toContain('provisioned with 3000 IOPS and 250 MiB/s');
    expect(String(r!.evidence!.throughputNote)).toContain('bursts to 128 MiB/s');
  });

  // gp2 sustains baseline IOPS × 256 KiB = 0.75 MiB/s per GiB (EBS User Guide, gp2 throughput formula); gp3 is provisioned in
  // whole MiB/s with 125 free, at $0.04 per MiB/s-month above it (us-east-1).
  it.each([
    // size, gp2 sustained MiB/s, gp3 MiB/s, gp3 throughput $, saving $
    [166, 124.5, 125, 0, 3.32], // 16.60 − 13.28: still within gp3's free 125
    [167, 125.25, 126, 0.04, 3.3], // 16.70 − (13.36 + 0.04): the first size that needs paid throughput
    [170, 127.5, 128, 0.12, 3.28], // the last size whose maximum is 128 MiB/s
    [171, 128.25, 129, 0.16, 3.26], // 17.10 − (13.68 + 0.16)
    [333, 249.75, 250, 5, 1.66], // 33.30 − (26.64 + 5.00): bursts to 250, sustains 249.75
    [334, 250, 250, 5, 1.68], // 250 "regardless of burst credits"
  ])('matches the gp2 baseline throughput at %i GiB: %f MiB/s sustained → gp3 %i MiB/s', (size, sustained, gp3Mibps, throughputUsd, saving) => {
    expect(gp3Equivalent(size, createPriceBook(), 'us-east-1')).toMatchObject({
      gp2SustainedThroughputMiBps: sustained,
      gp3ThroughputMiBps: gp3Mibps,
      gp3ExtraThroughputMonthlyUsd: throughputUsd,
      monthlySavingUsd: saving,
    });
  });

  it('names the matching throughput in the message between 170 and 334 GiB (250 GiB: 188 MiB/s)', async () => {
    const [r] = await run([gp2('vol-250', 250)]);
    // gp2 $25.00; gp3 $20.00 + (188 − 125) × $0.04 = $22.52; saving $2.48.
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 2.48, evidence: { gp2SustainedThroughputMiBps: 187.5, gp3ThroughputMiBps: 188 } });
    expect(r!.message).toContain('provisioned with 3000 IOPS and 188 MiB/s');
    expect(r!.message).toContain('187.5 MiB/s baseline throughput');
  });

  it('provisions IOPS above 3,000 past 1,000 GiB to match the 3 IOPS/GiB baseline (2,000 GiB: 6,000 IOPS)', async () => {
    const [r] = await run([gp2('vol-2t', 2000)]);
    // gp2 $200.00; gp3 $160.00 + 3,000 × $0.005 + 125 × $0.04 = $180.00.
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 20, evidence: { gp2BaselineIops: 6000, gp3Iops: 6000, gp3ExtraIopsMonthlyUsd: 15, gp3MonthlyUsd: 180 } });
  });

  it('caps the gp2 baseline at 16,000 IOPS and floors it at 100', () => {
    const prices = createPriceBook();
    expect(gp3Equivalent(16_384, prices, 'us-east-1')).toMatchObject({ gp2BaselineIops: 16_000, gp3Iops: 16_000, gp3ExtraIopsMonthlyUsd: 65 });
    expect(gp3Equivalent(10, prices, 'us-east-1')).toMatchObject({ gp2BaselineIops: 100, gp3Iops: 3000, monthlySavingUsd: 0.2 });
  });

  it('uses the region prices (eu-west-1: gp2 $0.11, gp3 $0.088)', async () => {
    const [r] = await run([gp2('vol-eu', 100)], {}, 'eu-west-1');
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 2.2, evidence: { priceBasis: 'list' } });
  });

  it('passes a gp2 volume whose saving is under the configured minimum', async () => {
    const [r] = await run([gp2('vol-tiny', 10)], { minMonthlySavingUsd: 1 });
    expect(r).toMatchObject({ status: 'PASS', evidence: { minMonthlySavingUsd: 1 } });
    expect(r!.estimatedMonthlyCostUsd ?? null).toBeNull();
  });

  it('fails io1 above 32,000 IOPS, where io2 bills the IOPS beyond 32,000 at 70 %', async () => {
    const [r] = await run([{ VolumeId: 'vol-io1', VolumeType: 'io1', Size: 500, Iops: 50_000, State: 'in-use', Attachments: [{ InstanceId: 'i-run' }] }]);
    // io1: 500 × $0.125 + 50,000 × $0.065 = $3,312.50; io2: $62.50 + 32,000 × $0.065 + 18,000 × $0.0455 = $2,961.50.
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 351, costBasis: 'estimate', evidence: { io1MonthlyUsd: 3312.5, io2MonthlyUsd: 2961.5 } });
  });

  it('passes io1 at or below 32,000 IOPS (io2 costs the same) and reports nothing for gp3, io2, st1 or deleting volumes', async () => {
    const results = await run([
      { VolumeId: 'vol-io1-small', VolumeType: 'io1', Size: 100, Iops: 32_000, State: 'in-use', Attachments: [{ InstanceId: 'i-run' }] },
      { VolumeId: 'vol-gp3', VolumeType: 'gp3', Size: 100, Iops: 3000, State: 'in-use' },
      { VolumeId: 'vol-io2', VolumeType: 'io2', Size: 100, Iops: 40_000, State: 'in-use' },
      { VolumeId: 'vol-st1', VolumeType: 'st1', Size: 500, State: 'available' },
      gp2('vol-going', 100, { State: 'deleting' }),
    ]);
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([['vol-io1-small', 'PASS']]);
    expect(results[0]!.message).toContain('only above 32,000');
  });

  it('counts no saving on a volume whose full cost another check reports: unattached, or on a stopped instance', async () => {
    const results = await run([
      gp2('vol-loose', 500, { State: 'available', Attachments: [] }),
      gp2('vol-on-stopped', 500, { Attachments: [{ InstanceId: 'i-stop' }] }),
      { VolumeId: 'vol-io1-loose', VolumeType: 'io1', Size: 100, Iops: 50_000, State: 'available' },
    ]);
    expect(results.map((r) => [r.resourceId, r.status, r.estimatedMonthlyCostUsd ?? null])).toEqual([
      ['vol-loose', 'PASS', null],
      ['vol-on-stopped', 'PASS', null],
      ['vol-io1-loose', 'PASS', null],
    ]);
    expect(results[0]!.message).toContain('ebs-volume-unattached reports its full cost');
    expect(results[1]!.message).toContain('attached to i-stop, which is stopped');
  });

  it('reads no instances when no candidate volume is in use', async () => {
    const ctx = fakeContext({ ec2: { volumes: async () => [gp2('vol-loose', 100, { State: 'available', Attachments: [] })] } });
    expect((await runCheck(ebsVolumeGp2, ctx)).map((r) => r.status)).toEqual(['PASS']);
  });

  it('lets a denied DescribeVolumes surface as an error', async () => {
    await expect(runCheck(ebsVolumeGp2, fakeContext({ ec2: { volumes: () => Promise.reject(awsError('UnauthorizedOperation')) } }))).rejects.toThrow('UnauthorizedOperation');
  });
});
