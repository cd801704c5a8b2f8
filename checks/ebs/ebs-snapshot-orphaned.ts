import { z } from 'zod';
import { defineCheck } from '../define.js';
import { ageInDays, daysBetween, ec2Arn, formatUsd, tagsToRecord, usd } from '../support/index.js';
import type { CheckResult } from '../types.js';

export const SNAPSHOT_COST_NOTE =
  'The standard tier bills only the blocks a snapshot stores that no earlier snapshot of the lineage holds, and only written ' +
  'blocks; the figure is the full volume size at the standard price, an upper bound. The archive tier bills every block of ' +
  'the snapshot (90 days minimum, retrieval billed per GB).';

export const ebsSnapshotOrphaned = defineCheck({
  id: 'ebs-snapshot-orphaned',
  title: 'EBS snapshot outlived its source volume and backs no AMI of the account',
  service: 'ebs',
  scope: 'regional',
  severity: 'low',
  // No AWS-managed control looks for orphaned snapshots; none is claimed.
  frameworks: [],
  reads: ['ec2.snapshots', 'ec2.volumes', 'ec2.images'],
  prices: ['ebs.snapshot.gbMonth', 'ebs.snapshotArchive.gbMonth'],
  options: z.object({
    minAgeDays: z.number().int().nonnegative().default(90).describe('Only snapshots older than this many days are reported.'),
  }),
  remediation: {
    text:
      'Delete the snapshot if no restore will ever need it; if it must be kept for a long time, archive it ' +
      '(the archive tier costs about a quarter of the standard price per GB, billed on the full snapshot).',
    url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-deleting-snapshot.html',
  },
  async evaluate(ctx, options) {
    const snapshots = (await ctx.ec2.snapshots()).filter((s) => s.SnapshotId);
    if (snapshots.length === 0) return [];
    const [volumes, images] = await Promise.all([ctx.ec2.volumes(), ctx.ec2.images()]);
    const volumeIds = new Set(volumes.map((v) => v.VolumeId).filter(Boolean));
    const imagesBySnapshot = new Map<string, string[]>();
    for (const image of images) {
      for (const mapping of image.BlockDeviceMappings ?? []) {
        const snapshotId = mapping.Ebs?.SnapshotId;
        if (!snapshotId || !image.ImageId) continue;
        imagesBySnapshot.set(snapshotId, [...(imagesBySnapshot.get(snapshotId) ?? []), image.ImageId]);
      }
    }
    const standard = ctx.prices.resolve('ebs.snapshot.gbMonth', ctx.region);
    const archive = ctx.prices.resolve('ebs.snapshotArchive.gbMonth', ctx.region);

    return snapshots.map((snapshot): CheckResult => {
      const id = snapshot.SnapshotId as string;
      const ageDays = ageInDays(snapshot.StartTime, ctx.now);
      // Copied snapshots name vol-ffffffff, a volume that never exists: their source is gone too.
      const volumeExists = Boolean(snapshot.VolumeId && volumeIds.has(snapshot.VolumeId));
      const amis = imagesBySnapshot.get(id) ?? [];
      const tier = snapshot.StorageTier ?? 'standard';
      const evidence: Record<string, unknown> = {
        volumeId: snapshot.VolumeId ?? null,
        volumeExists,
        volumeSizeGiB: snapshot.VolumeSize ?? null,
        startTime: snapshot.StartTime?.toISOString() ?? null,
        ageDays,
        minAgeDays: options.minAgeDays,
        storageTier: tier,
        state: snapshot.State ?? null,
        description: snapshot.Description ?? null,
        amis,
      };
      const base = {
        resourceType: 'AWS::EC2::Snapshot',
        resourceId: id,
        resourceArn: ec2Arn(ctx.partition, ctx.region, '', 'snapshot', id),
        tags: tagsToRecord(snapshot.Tags),
      };
      if (amis.length > 0) return { ...base, status: 'PASS', message: `Snapshot ${id} backs ${amis.join(', ')}.`, evidence };
      if (volumeExists) return { ...base, status: 'PASS', message: `Snapshot ${id}'s source volume ${snapshot.VolumeId} still exists.`, evidence };
      // "Older than": strictly more than minAgeDays, to the second.
      if (!snapshot.StartTime || daysBetween(snapshot.StartTime, ctx.now) <= options.minAgeDays) {
        return {
          ...base,
          status: 'PASS',
          message: `Snapshot ${id} has no source volume and backs no AMI, but is ${ageDays === null ? 'of unknown age' : `${ageDays} days old`} (not older than ${options.minAgeDays}).`,
          evidence,
        };
      }
      const size = snapshot.VolumeSize ?? 0;
      const archived = tier === 'archive';
      const price = archived ? archive : standard;
      const monthly = usd(size * price.usd);
      const archiveCeiling = usd(size * archive.usd);
      return {
        ...base,
        status: 'FAIL',
        message:
          `Snapshot ${id} (${size} GiB, ${ageDays} days old, ${tier} tier) outlived its source volume ${snapshot.VolumeId ?? '(none)'} and backs no AMI; ` +
          `it costs at most ${formatUsd(monthly)}/month` +
          (archived ? '.' : ` (at most ${formatUsd(archiveCeiling)}/month if archived).`),
        evidence: {
          ...evidence,
          snapshotStandardGbMonthUsd: standard.usd,
          snapshotArchiveGbMonthUsd: archive.usd,
          priceBasis: price.basis,
          archiveMonthlyCeilingUsd: archiveCeiling,
          costNote: SNAPSHOT_COST_NOTE,
        },
        estimatedMonthlyCostUsd: monthly,
        costBasis: 'ceiling',
      };
    });
  },
});
