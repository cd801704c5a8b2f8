import type { Image, Snapshot, Volume } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { ebsSnapshotOrphaned } from '../../../checks/ebs/ebs-snapshot-orphaned.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

// The clock is injected: moto cannot back-date a snapshot's StartTime, so age logic is tested here.
const NOW = new Date('2026-11-23T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const snap = (id: string, extra: Partial<Snapshot> = {}): Snapshot => ({
  SnapshotId: id,
  VolumeId: 'vol-gone',
  VolumeSize: 100,
  StartTime: daysAgo(200),
  State: 'completed',
  StorageTier: 'standard',
  OwnerId: '111111111111',
  ...extra,
});

function run(snapshots: Snapshot[], volumes: Volume[] = [], images: Image[] = [], region = 'us-east-1', options: Record<string, unknown> = {}) {
  const reads: string[] = [];
  const ctx = fakeContext({
    region,
    now: NOW,
    ec2: {
      snapshots: async () => snapshots,
      volumes: async () => (reads.push('volumes'), volumes),
      images: async () => (reads.push('images'), images),
    },
  });
  return runCheck(ebsSnapshotOrphaned, ctx, options).then((results) => ({ results, reads }));
}

describe('ebs-snapshot-orphaned', () => {
  it('fails a 200-day-old snapshot of a deleted volume that backs no AMI: 100 GiB × $0.05 as a ceiling, archive price named', async () => {
    const { results } = await run([snap('snap-orphan', { Tags: [{ Key: 'team', Value: 'data' }], Description: 'manual backup' })]);
    expect(results[0]).toMatchObject({
      status: 'FAIL',
      resourceType: 'AWS::EC2::Snapshot',
      resourceId: 'snap-orphan',
      resourceArn: 'arn:aws:ec2:us-east-1::snapshot/snap-orphan',
      estimatedMonthlyCostUsd: 5,
      costBasis: 'ceiling',
      tags: { team: 'data' },
      evidence: {
        volumeId: 'vol-gone',
        volumeExists: false,
        amis: [],
        ageDays: 200,
        storageTier: 'standard',
        snapshotStandardGbMonthUsd: 0.05,
        snapshotArchiveGbMonthUsd: 0.0125,
        archiveMonthlyCeilingUsd: 1.25,
        priceBasis: 'list',
      },
    });
    expect(results[0]!.message).toBe(
      'Snapshot snap-orphan (100 GiB, 200 days old, standard tier) outlived its source volume vol-gone and backs no AMI; it costs at most $5.00/month (at most $1.25/month if archived).',
    );
    expect(String(results[0]!.evidence!.costNote)).toContain('upper bound');
  });

  it('passes a snapshot whose volume still exists, and one an AMI of the account uses', async () => {
    const { results } = await run(
      [snap('snap-live', { VolumeId: 'vol-live' }), snap('snap-ami', { VolumeId: 'vol-ffffffff' })],
      [{ VolumeId: 'vol-live' }],
      [{ ImageId: 'ami-1', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { SnapshotId: 'snap-ami' } }, { DeviceName: '/dev/sdb', VirtualName: 'ephemeral0' }] }],
    );
    expect(results.map((r) => [r.resourceId, r.status, r.message])).toEqual([
      ['snap-live', 'PASS', "Snapshot snap-live's source volume vol-live still exists."],
      ['snap-ami', 'PASS', 'Snapshot snap-ami backs ami-1.'],
    ]);
  });

  it('passes an orphan of 90 days or less, fails one an hour past 90, and honours minAgeDays', async () => {
    const { results } = await run([
      snap('snap-89', { StartTime: daysAgo(89.5) }),
      snap('snap-90', { StartTime: daysAgo(90) }),
      snap('snap-90h', { StartTime: daysAgo(90 + 1 / 24) }),
      snap('snap-undated', { StartTime: undefined }),
    ]);
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['snap-89', 'PASS'],
      ['snap-90', 'PASS'],
      ['snap-90h', 'FAIL'],
      ['snap-undated', 'PASS'],
    ]);
    expect(results[3]!.message).toContain('of unknown age');
    const custom = await run([snap('snap-40', { StartTime: daysAgo(40) })], [], [], 'us-east-1', { minAgeDays: 30 });
    expect(custom.results[0]).toMatchObject({ status: 'FAIL', evidence: { minAgeDays: 30 } });
  });

  it('fails a copied snapshot (vol-ffffffff never exists) and prices an archived one at the archive rate', async () => {
    const { results } = await run([snap('snap-copy', { VolumeId: 'vol-ffffffff', VolumeSize: 8 }), snap('snap-arch', { StorageTier: 'archive', VolumeSize: 1000 })]);
    expect(results[0]).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 0.4 });
    expect(results[1]).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 12.5, costBasis: 'ceiling', evidence: { storageTier: 'archive' } });
    expect(results[1]!.message).toMatch(/archive tier\) .* at most \$12\.50\/month\.$/);
  });

  it('uses the region list price where one is transcribed, and us-east-1 (said so) elsewhere', async () => {
    const eu = await run([snap('snap-eun', { VolumeSize: 100 })], [], [], 'eu-north-1');
    expect(eu.results[0]).toMatchObject({ estimatedMonthlyCostUsd: 4.75, evidence: { priceBasis: 'list', snapshotArchiveGbMonthUsd: 0.011875 } });
    const other = await run([snap('snap-x', { VolumeSize: 100 })], [], [], 'ap-south-2');
    expect(other.results[0]).toMatchObject({ estimatedMonthlyCostUsd: 5, evidence: { priceBasis: 'us-east-1' } });
  });

  it('reads no volumes or images when the account owns no snapshot, and surfaces a denied call', async () => {
    const { results, reads } = await run([]);
    expect(results).toEqual([]);
    expect(reads).toEqual([]);
    const ctx = fakeContext({ ec2: { snapshots: async () => [snap('s')], volumes: async () => [], images: () => Promise.reject(awsError('UnauthorizedOperation')) } });
    await expect(runCheck(ebsSnapshotOrphaned, ctx)).rejects.toThrow('UnauthorizedOperation');
  });
});
