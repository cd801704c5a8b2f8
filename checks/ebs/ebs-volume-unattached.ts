import type { Volume } from '@aws-sdk/client-ec2';
import { PRICES, type PriceBook, type PriceKey } from '../pricing.js';
import type { CheckResult } from '../types.js';
import { ageInDays, daysBetween, ec2Arn, formatUsd, tagsToRecord, usd } from '../support/index.js';
import { z } from 'zod';
import { defineCheck } from '../define.js';
import { configRule, trustedAdvisor } from '../frameworks/index.js';

/** gp3 includes 3,000 IOPS and 125 MB/s at no charge. */
const GP3_FREE_IOPS = 3_000;
const GP3_FREE_THROUGHPUT_MBPS = 125;
/** io2 IOPS are billed in tiers: the table's price up to 32,000, then 70 %, then 49 % above 64,000. */
const IO2_TIERS = [
  { upTo: 32_000, factor: 1 },
  { upTo: 64_000, factor: 0.7 },
  { upTo: Number.POSITIVE_INFINITY, factor: 0.49 },
];

function io2IopsCost(iops: number, price: number): number {
  let cost = 0;
  let floor = 0;
  for (const tier of IO2_TIERS) {
    if (iops <= floor) break;
    cost += (Math.min(iops, tier.upTo) - floor) * price * tier.factor;
    floor = tier.upTo;
  }
  return cost;
}

export interface VolumeCost {
  monthlyUsd: number;
  storageUsd: number;
  iopsUsd: number;
  throughputUsd: number;
}

/** Monthly list price of a volume; null when the price table has no storage price for its type. */
/** The price key of `ebs.<type>.<what>` when the table has one. */
function ebsPriceKey(type: string, what: 'gbMonth' | 'iopsMonth'): PriceKey | undefined {
  const key = `ebs.${type}.${what}`;
  return Object.hasOwn(PRICES, key) ? (key as PriceKey) : undefined;
}

export function volumeMonthlyCost(volume: Volume, prices: PriceBook, region: string): VolumeCost | null {
  const type = volume.VolumeType ?? 'standard';
  const storageKey = ebsPriceKey(type, 'gbMonth');
  if (storageKey === undefined) return null;
  const storageUsd = (volume.Size ?? 0) * prices.get(storageKey, region);

  let iopsUsd = 0;
  const iopsKey = ebsPriceKey(type, 'iopsMonth');
  const iopsPrice = iopsKey === undefined ? undefined : prices.get(iopsKey, region);
  if (iopsPrice !== undefined && volume.Iops !== undefined) {
    if (type === 'io2') iopsUsd = io2IopsCost(volume.Iops, iopsPrice);
    else iopsUsd = (type === 'gp3' ? Math.max(0, volume.Iops - GP3_FREE_IOPS) : volume.Iops) * iopsPrice;
  }
  let throughputUsd = 0;
  if (type === 'gp3' && volume.Throughput !== undefined) {
    throughputUsd = Math.max(0, volume.Throughput - GP3_FREE_THROUGHPUT_MBPS) * prices.get('ebs.gp3.throughputMbpsMonth', region);
  }
  return {
    monthlyUsd: usd(storageUsd + iopsUsd + throughputUsd),
    storageUsd: usd(storageUsd),
    iopsUsd: usd(iopsUsd),
    throughputUsd: usd(throughputUsd),
  };
}

export const ebsVolumeUnattached = defineCheck({
  id: 'ebs-volume-unattached',
  title: 'EBS volume is not attached to any instance',
  service: 'ebs',
  scope: 'regional',
  severity: 'low',
  frameworks: [trustedAdvisor('DAvU99Dc4C'), configRule('ec2-volume-inuse-check')],
  reads: ['ec2.volumes'],
  prices: [
    'ebs.gp2.gbMonth',
    'ebs.gp3.gbMonth',
    'ebs.io1.gbMonth',
    'ebs.io2.gbMonth',
    'ebs.st1.gbMonth',
    'ebs.sc1.gbMonth',
    'ebs.standard.gbMonth',
    'ebs.io1.iopsMonth',
    'ebs.io2.iopsMonth',
    'ebs.gp3.iopsMonth',
    'ebs.gp3.throughputMbpsMonth',
  ],
  options: z.object({
    graceDays: z.number().int().nonnegative().default(0).describe('Volumes created less than this many days ago are not reported (0: report every unattached volume).'),
  }),
  remediation: {
    text: 'Snapshot the volume if its data matters, then delete it; attach it again if it is still needed.',
    url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-deleting-volume.html',
  },
  async evaluate(ctx, options) {
    const graceDays = options.graceDays;

    return (await ctx.ec2.volumes()).map((volume): CheckResult => {
      const volumeId = volume.VolumeId ?? 'unknown';
      const created = volume.CreateTime;
      const attachments = (volume.Attachments ?? []).map((a) => ({
        instanceId: a.InstanceId,
        device: a.Device,
        state: a.State,
      }));
      const evidence: Record<string, unknown> = {
        state: volume.State,
        sizeGiB: volume.Size,
        volumeType: volume.VolumeType,
        iops: volume.Iops ?? null,
        throughputMBps: volume.Throughput ?? null,
        availabilityZone: volume.AvailabilityZone,
        createTime: created?.toISOString() ?? null,
        ageDays: ageInDays(created, ctx.now),
        attachments,
        encrypted: volume.Encrypted ?? null,
        snapshotId: volume.SnapshotId || null,
      };
      const base = {
        resourceType: 'AWS::EC2::Volume',
        resourceId: volumeId,
        resourceArn: ec2Arn(ctx.partition, ctx.region, ctx.accountId, 'volume', volumeId),
        tags: tagsToRecord(volume.Tags),
      };

      if (volume.State !== 'available') {
        const to = attachments.map((a) => a.instanceId).filter(Boolean).join(', ');
        return {
          ...base,
          status: 'PASS',
          message: to ? `Volume ${volumeId} is attached to ${to}.` : `Volume ${volumeId} is ${volume.State ?? 'in an unknown state'}, not available.`,
          evidence,
        };
      }

      if (graceDays > 0 && created && daysBetween(created, ctx.now) < graceDays) {
        return {
          ...base,
          status: 'PASS',
          message: `Volume ${volumeId} is unattached but was created less than ${graceDays} days ago (grace period).`,
          evidence: { ...evidence, graceDays },
        };
      }

      const cost = volumeMonthlyCost(volume, ctx.prices, ctx.region);
      const size = `${volume.Size ?? '?'} GiB ${volume.VolumeType ?? ''}`.trim();
      const age = evidence.ageDays === null ? '' : `, ${String(evidence.ageDays)} days old`;
      return {
        ...base,
        status: 'FAIL',
        message:
          `Volume ${volumeId} (${size}${age}) is not attached to any instance` +
          (cost ? ` and costs about ${formatUsd(cost.monthlyUsd)}/month.` : '; no price is known for its volume type.'),
        evidence: { ...evidence, estimatedCost: cost, graceDays },
        estimatedMonthlyCostUsd: cost?.monthlyUsd ?? null,
        costBasis: cost ? 'estimate' : null,
      };
    });
  },
});
