import type { CheckResult } from '../types.js';
import { ageInDays, daysBetween, ec2Arn, EBS_VOLUME_PRICE_KEYS, formatUsd, tagsToRecord, usd, volumeMonthlyCost } from '../support/index.js';
import { z } from 'zod';
import { defineCheck } from '../define.js';
import { configRule, trustedAdvisor } from '../frameworks/index.js';

export const ebsVolumeUnattached = defineCheck({
  id: 'ebs-volume-unattached',
  title: 'EBS volume is not attached to any instance',
  service: 'ebs',
  scope: 'regional',
  severity: 'low',
  frameworks: [trustedAdvisor('DAvU99Dc4C'), configRule('ec2-volume-inuse-check')],
  reads: ['ec2.volumes'],
  prices: EBS_VOLUME_PRICE_KEYS,
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
