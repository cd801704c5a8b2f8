import type { Volume } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { defineCheck } from '../define.js';
import type { PriceBook } from '../pricing.js';
// gp3 includes 3,000 IOPS and 125 MiB/s whatever its size (https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html).
import { ec2Arn, formatUsd, GP3_FREE_IOPS, GP3_FREE_THROUGHPUT_MBPS, tagsToRecord, usd, volumeMonthlyCost } from '../support/index.js';
import type { CheckResult } from '../types.js';

// gp2 performance, from the EBS User Guide (https://docs.aws.amazon.com/ebs/latest/userguide/general-purpose.html, gp2
// volumes, and the volume-types table's footnote): 3 IOPS per GiB, at least 100, at most 16,000; "Throughput for a gp2
// volume can be calculated using the following formula, up to the throughput limit of 250 MiB/s: Throughput in MiB/s =
// ((Volume size in GiB) × (IOPS per GiB) × (I/O size in KiB))", with 256 KiB I/O (the guide's worked example: 100 GiB
// → 75 MiB/s baseline; 250 MiB/s needs 333⅓ GiB, "334 GiB in practice"). Up to 170 GiB the maximum is 128 MiB/s;
// between 170 and 334 GiB gp2 reaches 250 MiB/s only "if burst credits are available"; from 334 GiB "regardless of
// burst credits". The gp3 volume matches the sustained (baseline) figures: the baseline IOPS and the baseline throughput,
// the baseline IOPS × 256 KiB, rounded up to whole MiB/s (gp3 throughput is provisioned in whole MiB/s, at least 125).
const GP2_IOPS_PER_GIB = 3;
const GP2_MIN_IOPS = 100;
const GP2_MAX_IOPS = 16_000;
const GP2_IO_SIZE_MIB = 256 / 1024;
const GP2_MAX_THROUGHPUT = 250;
export const GP2_THROUGHPUT_NOTE =
  'gp2 sustains its baseline IOPS × 256 KiB (0.75 MiB/s per GiB, at most 250 MiB/s from 334 GiB) and bursts to 128 MiB/s ' +
  '(up to 170 GiB) or 250 MiB/s (170 to 334 GiB) while credits last; the gp3 figure provisions the sustained throughput, ' +
  'so a gp2 volume that relies on bursts needs more throughput on gp3.';
export interface Gp3Equivalent {
  sizeGiB: number;
  gp2BaselineIops: number;
  /** gp2's baseline throughput: the baseline IOPS × 256 KiB, capped at 250 MiB/s. */
  gp2SustainedThroughputMiBps: number;
  /** What the gp3 volume provisions to match: at least the free baseline. */
  gp3Iops: number;
  gp3ThroughputMiBps: number;
  gp2MonthlyUsd: number;
  gp3MonthlyUsd: number;
  gp3StorageMonthlyUsd: number;
  gp3ExtraIopsMonthlyUsd: number;
  gp3ExtraThroughputMonthlyUsd: number;
  monthlySavingUsd: number;
}

/** gp2's baseline IOPS and throughput at a size, and the gp3 volume of the same size that matches both. */
export function gp3Equivalent(sizeGiB: number, prices: PriceBook, region: string): Gp3Equivalent {
  const gp2BaselineIops = Math.min(GP2_MAX_IOPS, Math.max(GP2_MIN_IOPS, GP2_IOPS_PER_GIB * sizeGiB));
  const gp2SustainedThroughputMiBps = Math.min(GP2_MAX_THROUGHPUT, gp2BaselineIops * GP2_IO_SIZE_MIB);
  const gp3Iops = Math.max(GP3_FREE_IOPS, gp2BaselineIops);
  const gp3ThroughputMiBps = Math.max(GP3_FREE_THROUGHPUT_MBPS, Math.ceil(gp2SustainedThroughputMiBps));
  const gp2 = volumeMonthlyCost({ VolumeType: 'gp2', Size: sizeGiB }, prices, region)!;
  const gp3 = volumeMonthlyCost({ VolumeType: 'gp3', Size: sizeGiB, Iops: gp3Iops, Throughput: gp3ThroughputMiBps }, prices, region)!;
  return {
    sizeGiB,
    gp2BaselineIops,
    gp2SustainedThroughputMiBps,
    gp3Iops,
    gp3ThroughputMiBps,
    gp2MonthlyUsd: gp2.monthlyUsd,
    gp3MonthlyUsd: gp3.monthlyUsd,
    gp3StorageMonthlyUsd: gp3.storageUsd,
    gp3ExtraIopsMonthlyUsd: gp3.iopsUsd,
    gp3ExtraThroughputMonthlyUsd: gp3.throughputUsd,
    monthlySavingUsd: usd(gp2.monthlyUsd - gp3.monthlyUsd),
  };
}

export interface Io2Equivalent {
  sizeGiB: number;
  iops: number;
  io1MonthlyUsd: number;
  io2MonthlyUsd: number;
  monthlySavingUsd: number;
}

/** The same size and IOPS as io2 (whose IOPS price falls in tiers above 32,000). */
export function io2Equivalent(volume: Volume, prices: PriceBook, region: string): Io2Equivalent {
  const io1 = volumeMonthlyCost({ ...volume, VolumeType: 'io1' }, prices, region)!;
  const io2 = volumeMonthlyCost({ ...volume, VolumeType: 'io2' }, prices, region)!;
  return {
    sizeGiB: volume.Size ?? 0,
    iops: volume.Iops ?? 0,
    io1MonthlyUsd: io1.monthlyUsd,
    io2MonthlyUsd: io2.monthlyUsd,
    monthlySavingUsd: usd(io1.monthlyUsd - io2.monthlyUsd),
  };
}

export const ebsVolumeGp2 = defineCheck({
  id: 'ebs-volume-gp2',
  title: 'EBS volume uses gp2 (or io1) where gp3 (or io2) gives the same performance for less',
  service: 'ebs',
  scope: 'regional',
  severity: 'low',
  // No AWS-managed control asks for gp3; Trusted Advisor's EBS recommendations need Compute Optimizer data. None is claimed.
  frameworks: [],
  reads: ['ec2.volumes', 'ec2.instances'],
  prices: [
    'ebs.gp2.gbMonth',
    'ebs.gp3.gbMonth',
    'ebs.gp3.iopsMonth',
    'ebs.gp3.throughputMbpsMonth',
    'ebs.io1.gbMonth',
    'ebs.io1.iopsMonth',
    'ebs.io2.gbMonth',
    'ebs.io2.iopsMonth',
  ],
  options: z.object({
    minMonthlySavingUsd: z
      .number()
      .nonnegative()
      .default(0)
      .describe('Report a volume only when the change saves more than this many dollars a month (0: any saving).'),
  }),
  remediation: {
    text:
      'Modify the volume to gp3 (or io2) in place with ModifyVolume, with the IOPS and throughput the finding names; ' +
      'the volume stays attached and in use while it changes.',
    url: 'https://docs.aws.amazon.com/ebs/latest/userguide/requesting-ebs-volume-modifications.html',
  },
  async evaluate(ctx, options) {
    const results: CheckResult[] = [];
    const candidates = (await ctx.ec2.volumes()).filter(
      (v) => (v.VolumeType === 'gp2' || v.VolumeType === 'io1') && v.State !== 'deleting' && v.State !== 'deleted',
    );
    // A saving counts only on a volume in use: an unattached one (ebs-volume-unattached) or one on a stopped
    // instance (ec2-instance-stopped-long) is reported with its full cost elsewhere, and is not counted twice.
    const stoppedInstances = candidates.some((v) => v.State === 'in-use')
      ? new Set((await ctx.ec2.instances()).filter((i) => i.State?.Name === 'stopped' && i.InstanceId).map((i) => i.InstanceId as string))
      : new Set<string>();
    for (const volume of candidates) {
      const type = volume.VolumeType as 'gp2' | 'io1';
      const volumeId = volume.VolumeId ?? 'unknown';
      const base = {
        resourceType: 'AWS::EC2::Volume',
        resourceId: volumeId,
        resourceArn: ec2Arn(ctx.partition, ctx.region, ctx.accountId, 'volume', volumeId),
        tags: tagsToRecord(volume.Tags),
      };
      const common = { volumeType: type, sizeGiB: volume.Size ?? null, iops: volume.Iops ?? null, state: volume.State ?? null, minMonthlySavingUsd: options.minMonthlySavingUsd };
      const attachedTo = (volume.Attachments ?? []).map((a) => a.InstanceId).filter((i): i is string => Boolean(i));
      const stoppedOn = attachedTo.find((i) => stoppedInstances.has(i));
      if (volume.State === 'available' || stoppedOn) {
        results.push({
          ...base,
          status: 'PASS',
          message:
            volume.State === 'available'
              ? `${type} volume ${volumeId} is unattached: ebs-volume-unattached reports its full cost, so no saving is counted here.`
              : `${type} volume ${volumeId} is attached to ${stoppedOn}, which is stopped: ec2-instance-stopped-long reports its full cost once the instance has been stopped too long, so no saving is counted here.`,
          evidence: { ...common, attachedTo },
        });
        continue;
      }

      if (type === 'gp2') {
        const eq = gp3Equivalent(volume.Size ?? 0, ctx.prices, ctx.region);
        const evidence = { ...common, ...eq, priceBasis: ctx.prices.resolve('ebs.gp3.gbMonth', ctx.region).basis, throughputNote: GP2_THROUGHPUT_NOTE };
        if (eq.monthlySavingUsd <= options.minMonthlySavingUsd) {
          results.push({ ...base, status: 'PASS', message: `gp2 volume ${volumeId} would save no more than ${formatUsd(options.minMonthlySavingUsd)}/month as gp3.`, evidence });
          continue;
        }
        const extra =
          eq.gp3Iops > GP3_FREE_IOPS || eq.gp3ThroughputMiBps > GP3_FREE_THROUGHPUT_MBPS
            ? ` provisioned with ${eq.gp3Iops} IOPS and ${eq.gp3ThroughputMiBps} MiB/s (to match gp2's ${eq.gp2BaselineIops} baseline IOPS and ${eq.gp2SustainedThroughputMiBps} MiB/s baseline throughput)`
            : '';
        results.push({
          ...base,
          status: 'FAIL',
          message:
            `gp2 volume ${volumeId} (${volume.Size ?? '?'} GiB) costs ${formatUsd(eq.gp2MonthlyUsd)}/month; the same size as gp3${extra} ` +
            `costs ${formatUsd(eq.gp3MonthlyUsd)}, saving ${formatUsd(eq.monthlySavingUsd)}/month.`,
          evidence,
          estimatedMonthlyCostUsd: eq.monthlySavingUsd,
          costBasis: 'estimate',
        });
        continue;
      }

      const eq = io2Equivalent(volume, ctx.prices, ctx.region);
      const evidence = { ...common, ...eq, priceBasis: ctx.prices.resolve('ebs.io2.iopsMonth', ctx.region).basis };
      if (eq.monthlySavingUsd <= options.minMonthlySavingUsd) {
        results.push({
          ...base,
          status: 'PASS',
          message: `io1 volume ${volumeId} (${eq.iops} IOPS) would cost no less as io2 (io2's IOPS are cheaper only above 32,000).`,
          evidence,
        });
        continue;
      }
      results.push({
        ...base,
        status: 'FAIL',
        message:
          `io1 volume ${volumeId} (${volume.Size ?? '?'} GiB, ${eq.iops} IOPS) costs ${formatUsd(eq.io1MonthlyUsd)}/month; as io2, whose IOPS above ` +
          `32,000 are billed at lower tiers, it costs ${formatUsd(eq.io2MonthlyUsd)}, saving ${formatUsd(eq.monthlySavingUsd)}/month.`,
        evidence,
        estimatedMonthlyCostUsd: eq.monthlySavingUsd,
        costBasis: 'estimate',
      });
    }
    return results;
  },
});
