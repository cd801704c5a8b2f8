// The synthetic AWS answers the real SDK clients: wire formats, pagination, errors and throttling.
import { describe, expect, it } from 'vitest';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { ListAccountsCommand, OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import {
  DescribeAddressesCommand,
  DescribeKeyPairsCommand,
  DescribeRegionsCommand,
  EC2Client,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeNatGateways,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import { RDSClient, paginateDescribeDBClusters, paginateDescribeDBInstances } from '@aws-sdk/client-rds';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricDataCommand, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand } from '@aws-sdk/client-config-service';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  IAMClient,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
} from '@aws-sdk/client-iam';
import type { AwsCredentialIdentity } from '@smithy/types';
import { SyntheticAws } from '../../emulator/synthetic/handler.js';
import { SyntheticOrganization } from '../../emulator/synthetic/model/organization.js';
import type { RegionalUnit } from '../../emulator/synthetic/model/types.js';
import { isThrottlingError } from '../../scanner/errors.js';
import { parseCsv } from '../../scanner/collectors/csv.js';

const BASE = { accessKeyId: 'AKIASYNTHETICTEST000', secretAccessKey: 'not-a-secret' };
const NOW = new Date('2026-06-01T00:00:00Z');

function setup(options: { accounts?: number; regions?: number; throttling?: boolean } = {}) {
  const org = new SyntheticOrganization({ seed: 'unit-test', accounts: options.accounts ?? 30, regions: options.regions ?? 3, now: NOW, problemRate: 0.3 });
  const aws = new SyntheticAws(org, { latencyMs: 0, throttling: options.throttling ?? false });
  const cfg = (region: string, credentials: AwsCredentialIdentity = BASE) => ({ region, credentials, requestHandler: aws, maxAttempts: 1 });
  return { org, aws, cfg };
}

async function collect<P, T>(pages: AsyncIterable<P>, pick: (p: P) => T[] | undefined): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count += 1;
    items.push(...(pick(page) ?? []));
  }
  return { items, pages: count };
}

/** The busiest regional unit among the first accounts, so pagination has something to page. */
function busiestUnit(org: SyntheticOrganization): RegionalUnit {
  let best: RegionalUnit | null = null;
  for (let i = 1; i < org.accountCount; i++) {
    for (const region of org.regions) {
      const u = org.regionalUnit(org.accountId(i), region);
      if (!best || u.networkInterfaces.length > best.networkInterfaces.length) best = u;
    }
  }
  return best!;
}

async function assume(cfg: ReturnType<typeof setup>['cfg'], accountId: string): Promise<AwsCredentialIdentity> {
  const out = await new STSClient(cfg('us-east-1')).send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/OrgScanReadOnly`, RoleSessionName: 'orgscan-test' }),
  );
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken!, expiration: c.Expiration! };
}

describe('synthetic organization model', () => {
  it('is deterministic from its seed and differs between seeds', () => {
    const a = new SyntheticOrganization({ seed: 's1', accounts: 5, regions: 2, now: NOW });
    const b = new SyntheticOrganization({ seed: 's1', accounts: 5, regions: 2, now: NOW });
    const c = new SyntheticOrganization({ seed: 's2', accounts: 5, regions: 2, now: NOW });
    expect(a.accountId(3)).toBe(b.accountId(3));
    expect(JSON.stringify(a.regionalUnit(a.accountId(3), 'us-east-1'))).toBe(JSON.stringify(b.regionalUnit(b.accountId(3), 'us-east-1')));
    expect(JSON.stringify(a.globalUnit(a.accountId(3)))).toBe(JSON.stringify(b.globalUnit(b.accountId(3))));
    expect(a.accountId(3)).not.toBe(c.accountId(3));
  });

  it('regenerates an evicted unit identically (units are not kept in memory)', () => {
    const org = new SyntheticOrganization({ seed: 's1', accounts: 50, regions: 2, now: NOW, cacheSize: 2 });
    const first = JSON.stringify(org.regionalUnit(org.accountId(1), 'us-east-1'));
    for (let i = 2; i < 50; i++) org.regionalUnit(org.accountId(i), 'us-east-1');
    expect(JSON.stringify(org.regionalUnit(org.accountId(1), 'us-east-1'))).toBe(first);
  });

  it('plants problems at about the configured rate', () => {
    const org = new SyntheticOrganization({ seed: 'rate', accounts: 200, regions: 2, now: NOW, problemRate: 0.1 });
    let volumes = 0;
    let unencrypted = 0;
    for (let i = 0; i < 200; i++) {
      for (const v of org.regionalUnit(org.accountId(i), 'us-east-1').volumes) {
        volumes += 1;
        if (!v.encrypted) unencrypted += 1;
      }
    }
    expect(volumes).toBeGreaterThan(200);
    expect(unencrypted / volumes).toBeGreaterThan(0.05);
    expect(unencrypted / volumes).toBeLessThan(0.15);
  });

  it('rejects impossible sizes with the name of the bad option', () => {
    expect(() => new SyntheticOrganization({ seed: 'x', accounts: 0, regions: 2 })).toThrow(/accounts must be an integer/);
    expect(() => new SyntheticOrganization({ seed: 'x', accounts: 2, regions: 18 })).toThrow(/regions must be an integer from 1 to 17/);
  });
});

describe('synthetic AWS through the real SDK clients', () => {
  it('lists the organization in pages of 20 and assumes roles into member accounts only', async () => {
    const { org, cfg } = setup({ accounts: 45 });
    const { items, pages } = await collect(paginateListAccounts({ client: new OrganizationsClient(cfg('us-east-1')) }, {}), (p) => p.Accounts);
    expect(items.map((a) => a.Id)).toEqual(Array.from({ length: 45 }, (_, i) => org.accountId(i)));
    expect(pages).toBe(3);
    expect(items[1]).toMatchObject({ Status: 'ACTIVE', Name: org.accountName(1) });
    expect(items[1]!.JoinedTimestamp).toBeInstanceOf(Date);

    const creds = await assume(cfg, org.accountId(7));
    expect(creds.accessKeyId).toMatch(new RegExp(`^ASIA${org.accountId(7)}`));
    expect(creds.expiration!.getTime()).toBeGreaterThan(Date.now());
    const sts = new STSClient(cfg('us-east-1'));
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::999999999999:role/OrgScanReadOnly', RoleSessionName: 'x1' })),
    ).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    await expect(
      sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${org.accountId(7)}:role/SomethingElse`, RoleSessionName: 'x1' })),
    ).rejects.toMatchObject({ name: 'AccessDenied' });
    // A member account's credentials cannot list the organization.
    await expect(new OrganizationsClient(cfg('us-east-1', creds)).send(new ListAccountsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('serves every EC2 list the collectors read, paged, matching the model', async () => {
    const { org, cfg } = setup();
    const unit = busiestUnit(org);
    const ec2 = new EC2Client(cfg(unit.region, await assume(cfg, unit.accountId)));
    const enis = await collect(paginateDescribeNetworkInterfaces({ client: ec2, pageSize: 5 }, {}), (p) => p.NetworkInterfaces);
    expect(enis.items.map((e) => e.NetworkInterfaceId)).toEqual(unit.networkInterfaces.map((e) => e.id));
    expect(enis.pages).toBe(Math.ceil(unit.networkInterfaces.length / 5));
    const nat = unit.networkInterfaces.find((e) => e.kind === 'nat_gateway');
    if (nat) expect(enis.items.find((e) => e.NetworkInterfaceId === nat.id)).toMatchObject({ InterfaceType: 'nat_gateway', RequesterManaged: true });
    const instance = enis.items.find((e) => e.Attachment?.InstanceId);
    expect(instance?.Groups?.[0]?.GroupId).toMatch(/^sg-/);

    const vols = await collect(paginateDescribeVolumes({ client: ec2, pageSize: 5 }, {}), (p) => p.Volumes);
    expect(vols.items).toHaveLength(unit.volumes.length);
    const unattached = unit.volumes.find((v) => !v.instanceId);
    if (unattached) expect(vols.items.find((v) => v.VolumeId === unattached.id)).toMatchObject({ State: 'available', Attachments: [] });
    const attached = vols.items.find((v) => v.State === 'in-use')!;
    expect(attached.Attachments?.[0]?.InstanceId).toMatch(/^i-/);
    expect(attached.CreateTime).toBeInstanceOf(Date);

    const vpcs = await collect(paginateDescribeVpcs({ client: ec2, pageSize: 5 }, {}), (p) => p.Vpcs);
    expect(vpcs.items.filter((v) => v.IsDefault)).toHaveLength(1);
    expect(vpcs.items).toHaveLength(unit.vpcs.length);
    const rtbs = await collect(paginateDescribeRouteTables({ client: ec2, pageSize: 5 }, {}), (p) => p.RouteTables);
    expect(rtbs.items).toHaveLength(unit.routeTables.length);
    expect(rtbs.items.some((t) => t.Associations?.some((a) => a.Main))).toBe(true);
    expect(rtbs.items.flatMap((t) => t.Routes ?? []).some((r) => r.GatewayId?.startsWith('igw-') && r.DestinationCidrBlock === '0.0.0.0/0')).toBe(true);
    const nats = await collect(paginateDescribeNatGateways({ client: ec2, pageSize: 5 }, {}), (p) => p.NatGateways);
    expect(nats.items.map((n) => n.NatGatewayId)).toEqual(unit.natGateways.map((n) => n.id));
    const vpces = await collect(paginateDescribeVpcEndpoints({ client: ec2, pageSize: 1 }, {}), (p) => p.VpcEndpoints);
    expect(vpces.items.map((e) => [e.VpcEndpointId, e.RouteTableIds ?? []])).toEqual(unit.vpcEndpoints.map((e) => [e.id, e.routeTableIds]));
    const sgs = await collect(paginateDescribeSecurityGroups({ client: ec2, pageSize: 5 }, {}), (p) => p.SecurityGroups);
    expect(sgs.items).toHaveLength(unit.securityGroups.length);
    const open = unit.securityGroups.find((g) => g.openPorts.length > 0);
    if (open) expect(sgs.items.find((g) => g.GroupId === open.id)?.IpPermissions?.[0]).toMatchObject({ FromPort: open.openPorts[0], IpRanges: [{ CidrIp: '0.0.0.0/0' }] });
    const enc = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    expect(enc.EbsEncryptionByDefault).toBe(unit.ebsEncryptionByDefault);
    const regions = await ec2.send(new DescribeRegionsCommand({ AllRegions: false }));
    expect(regions.Regions?.map((r) => r.RegionName)).toEqual([...org.regions]);
  });

  // ---- waste checks: EC2/EBS
  it('serves instances (stop time in the state transition reason), owned snapshots and AMIs, paged, matching the model', async () => {
    const { org, cfg } = setup();
    // A unit with a stopped instance, an orphan snapshot and an AMI: the planted waste the EC2/EBS checks find.
    let unit: RegionalUnit | null = null;
    for (let i = 1; i < org.accountCount && !unit; i++) {
      for (const region of org.regions) {
        const u = org.regionalUnit(org.accountId(i), region);
        if (u.instances.some((x) => x.state === 'stopped') && u.images.length > 0) unit = u;
      }
    }
    expect(unit).not.toBeNull();
    const u = unit!;
    const ec2 = new EC2Client(cfg(u.region, await assume(cfg, u.accountId)));
    const instances = await collect(paginateDescribeInstances({ client: ec2, pageSize: 5 }, {}), (p) => (p.Reservations ?? []).flatMap((r) => r.Instances ?? []));
    expect(instances.items.map((i) => i.InstanceId)).toEqual(u.instances.map((i) => i.id));
    expect(instances.pages).toBe(Math.ceil(u.instances.length / 5));
    const model = u.instances.find((x) => x.state === 'stopped')!;
    const stopped = instances.items.find((i) => i.InstanceId === model.id)!;
    expect(stopped).toMatchObject({ State: { Name: 'stopped', Code: 80 }, StateTransitionReason: model.transitionReason });
    expect(stopped.StateTransitionReason).toMatch(/^User initiated \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} GMT\)$/);
    expect(stopped.BlockDeviceMappings?.map((m) => m.Ebs?.VolumeId)).toEqual(u.volumes.filter((v) => v.instanceId === model.id).map((v) => v.id));

    const snapshots = await collect(paginateDescribeSnapshots({ client: ec2, pageSize: 5 }, { OwnerIds: ['self'] }), (p) => p.Snapshots);
    expect(snapshots.items.map((x) => [x.SnapshotId, x.VolumeId, x.VolumeSize, x.StorageTier])).toEqual(u.snapshots.map((x) => [x.id, x.volumeId, x.sizeGb, x.tier]));
    expect(snapshots.items[0]!.StartTime).toBeInstanceOf(Date);
    const images = await collect(paginateDescribeImages({ client: ec2, pageSize: 1 }, { Owners: ['self'] }), (p) => p.Images);
    expect(images.items.map((x) => [x.ImageId, (x.BlockDeviceMappings ?? []).map((m) => m.Ebs?.SnapshotId)])).toEqual(u.images.map((x) => [x.id, x.snapshotIds]));

    const addresses = (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
    const onInstance = u.addresses.filter((a) => a.instanceId);
    expect(addresses.filter((a) => a.InstanceId).map((a) => [a.AllocationId, a.InstanceId])).toEqual(onInstance.map((a) => [a.allocationId, a.instanceId]));
  });

  it('rejects a page size outside the API bounds and a forged token', async () => {
    const { org, cfg } = setup();
    const ec2 = new EC2Client(cfg('us-east-1', await assume(cfg, org.accountId(1))));
    await expect(collect(paginateDescribeVolumes({ client: ec2, pageSize: 501 }, {}), (p) => p.Volumes)).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringMatching(/MaxResults/),
    });
    await expect(collect(paginateDescribeVolumes({ client: ec2, pageSize: 5, startingToken: 'bm9wZQ' }, {}), (p) => p.Volumes)).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('serves RDS, CloudWatch and Config, paged where the API pages', async () => {
    const { org, cfg } = setup({ accounts: 60 });
    // The unit with the most alarms, to page DescribeAlarms.
    let unit = org.regionalUnit(org.accountId(1), org.regions[0]!);
    for (let i = 1; i < 60; i++) for (const r of org.regions) {
      const u = org.regionalUnit(org.accountId(i), r);
      if (u.alarms.length + u.dbInstances.length > unit.alarms.length + unit.dbInstances.length) unit = u;
    }
    const creds = await assume(cfg, unit.accountId);
    const rds = new RDSClient(cfg(unit.region, creds));
    const dbs = await collect(paginateDescribeDBInstances({ client: rds, pageSize: 20 }, {}), (p) => p.DBInstances);
    expect(dbs.items.map((d) => [d.DBInstanceIdentifier, d.MultiAZ, d.DBClusterIdentifier ?? null])).toEqual(
      unit.dbInstances.map((d) => [d.id, d.multiAz, d.clusterId]),
    );
    const clusters = await collect(paginateDescribeDBClusters({ client: rds, pageSize: 20 }, {}), (p) => p.DBClusters);
    expect(clusters.items.map((c) => c.DBClusterMembers?.map((m) => m.DBInstanceIdentifier))).toEqual(unit.dbClusters.map((c) => c.members.map((m) => m.id)));

    const cw = new CloudWatchClient(cfg(unit.region, creds));
    const alarms = await collect(paginateDescribeAlarms({ client: cw, pageSize: 2 }, { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }), (p) => [
      ...(p.MetricAlarms ?? []),
      ...(p.CompositeAlarms ?? []),
    ]);
    expect(alarms.items.map((a) => [a.AlarmName, a.AlarmActions ?? [], a.ActionsEnabled])).toEqual(
      unit.alarms.map((a) => [a.name, a.alarmActions, a.actionsEnabled]),
    );
    expect(alarms.pages).toBe(Math.max(1, Math.ceil(unit.alarms.length / 2)));

    const config = new ConfigServiceClient(cfg(unit.region, creds));
    const recorders = await config.send(new DescribeConfigurationRecordersCommand({}));
    const statuses = await config.send(new DescribeConfigurationRecorderStatusCommand({}));
    expect(recorders.ConfigurationRecorders?.map((r) => r.name)).toEqual(unit.recorders.map((r) => r.name));
    expect(statuses.ConfigurationRecordersStatus?.map((s) => s.recording)).toEqual(unit.recorders.map((r) => r.recording));
  });

  it('answers GetMetricData with the NAT gateway bytes of the window', async () => {
    const { org, cfg } = setup({ accounts: 60 });
    let unit: RegionalUnit | null = null;
    for (let i = 1; i < 60 && !unit; i++) for (const r of org.regions) {
      const u = org.regionalUnit(org.accountId(i), r);
      if (u.natGateways.some((n) => n.state === 'available')) unit = u;
    }
    const nat = unit!.natGateways.find((n) => n.state === 'available')!;
    const cw = new CloudWatchClient(cfg(unit!.region, await assume(cfg, unit!.accountId)));
    const end = new Date('2026-05-31T00:00:00Z');
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(end.getTime() - 14 * 86_400_000),
        EndTime: end,
        MetricDataQueries: [
          {
            Id: 'n0m0',
            MetricStat: { Metric: { Namespace: 'AWS/NATGateway', MetricName: 'BytesOutToDestination', Dimensions: [{ Name: 'NatGatewayId', Value: nat.id }] }, Period: 14 * 86_400, Stat: 'Sum' },
          },
        ],
      }),
    );
    expect(out.MetricDataResults?.[0]?.Values).toEqual([nat.bytesOutPerDay * 14]);
  });

  it('serves S3 bucket settings, with S3 error codes for missing configuration', async () => {
    const { org, cfg } = setup();
    const accountId = org.accountId(2);
    const unit = org.globalUnit(accountId);
    const creds = await assume(cfg, accountId);
    const s3 = new S3Client(cfg('us-east-1', creds));
    const list = await s3.send(new ListBucketsCommand({}));
    expect(list.Buckets?.map((b) => b.Name)).toEqual(unit.buckets.map((b) => b.name));
    for (const bucket of unit.buckets) {
      const location = await s3.send(new GetBucketLocationCommand({ Bucket: bucket.name }));
      expect(location.LocationConstraint ?? '').toBe(bucket.region === 'us-east-1' ? '' : bucket.region);
      const regional = new S3Client(cfg(bucket.region, creds));
      const pab = regional.send(new GetPublicAccessBlockCommand({ Bucket: bucket.name }));
      if (bucket.publicAccessBlock) await expect(pab).resolves.toMatchObject({ PublicAccessBlockConfiguration: { BlockPublicAcls: true } });
      else await expect(pab).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration', $metadata: { httpStatusCode: 404 } });
      const policy = regional.send(new GetBucketPolicyCommand({ Bucket: bucket.name }));
      if (bucket.policy) expect(JSON.parse((await policy).Policy!)).toEqual(JSON.parse(bucket.policy));
      else await expect(policy).rejects.toMatchObject({ name: 'NoSuchBucketPolicy' });
      const enc = regional.send(new GetBucketEncryptionCommand({ Bucket: bucket.name }));
      if (bucket.encryption) {
        expect((await enc).ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe(bucket.encryption);
      } else await expect(enc).rejects.toMatchObject({ name: 'ServerSideEncryptionConfigurationNotFoundError' });
      expect((await regional.send(new GetBucketVersioningCommand({ Bucket: bucket.name }))).Status).toBe(bucket.versioning ?? undefined);
      const tags = regional.send(new GetBucketTaggingCommand({ Bucket: bucket.name }));
      if (bucket.tags.length) expect((await tags).TagSet).toEqual(bucket.tags.map((t) => ({ Key: t.key, Value: t.value })));
      else await expect(tags).rejects.toMatchObject({ name: 'NoSuchTagSet' });
    }
    // Another account's bucket is denied.
    const other = org.globalUnit(org.accountId(3)).buckets[0]!;
    await expect(s3.send(new GetBucketVersioningCommand({ Bucket: other.name }))).rejects.toMatchObject({ name: 'AccessDenied' });

    const control = new S3ControlClient(cfg('us-east-1', creds));
    const account = control.send(new GetAccountPublicAccessBlockCommand({ AccountId: accountId }));
    if (unit.accountPublicAccessBlock) await expect(account).resolves.toMatchObject({ PublicAccessBlockConfiguration: { RestrictPublicBuckets: true } });
    else await expect(account).rejects.toMatchObject({ name: 'NoSuchPublicAccessBlockConfiguration' });
  });

  it('serves IAM: a credential report that must be generated first, paged authorization details, keys and their last use', async () => {
    const { org, cfg } = setup();
    const accountId = org.accountId(4);
    const unit = org.globalUnit(accountId);
    const iam = new IAMClient(cfg('us-east-1', await assume(cfg, accountId)));
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({ name: 'CredentialReportNotPresentException', $metadata: { httpStatusCode: 410 } });
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const report = await iam.send(new GetCredentialReportCommand({}));
    const rows = parseCsv(Buffer.from(report.Content!).toString('utf8'));
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', ...unit.users.map((u) => u.name)]);
    expect(rows[0]!.mfa_active).toBe(String(unit.rootMfa));

    const details = await collect(paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 3 }, { Filter: ['User', 'Role', 'LocalManagedPolicy'] }), (p) => [
      ...(p.UserDetailList ?? []).map((u) => `user:${u.UserName}`),
      ...(p.RoleDetailList ?? []).map((r) => `role:${r.RoleName}`),
      ...(p.Policies ?? []).map((x) => `policy:${x.PolicyName}`),
    ]);
    expect(details.items.sort()).toEqual(
      [...unit.users.map((u) => `user:${u.name}`), ...unit.roles.map((r) => `role:${r.name}`), ...unit.policies.map((p) => `policy:${p.name}`)].sort(),
    );
    expect(details.pages).toBe(Math.ceil((unit.users.length + unit.roles.length + unit.policies.length) / 3));

    const user = unit.users.find((u) => u.accessKeys.length > 0)!;
    const keys = await collect(paginateListAccessKeys({ client: iam, pageSize: 1 }, { UserName: user.name }), (p) => p.AccessKeyMetadata);
    expect(keys.items.map((k) => k.AccessKeyId)).toEqual(user.accessKeys.map((k) => k.id));
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: user.accessKeys[0]!.id }));
    expect(used.AccessKeyLastUsed?.LastUsedDate?.toISOString() ?? null).toBe(user.accessKeys[0]!.lastUsedAt?.toISOString() ?? null);

    const policy = iam.send(new GetAccountPasswordPolicyCommand({}));
    if (unit.passwordPolicy) expect((await policy).PasswordPolicy?.MinimumPasswordLength).toBe(unit.passwordPolicy.minimumLength);
    else await expect(policy).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('answers an operation it does not implement with a clear error', async () => {
    const { cfg } = setup();
    await expect(new EC2Client(cfg('us-east-1')).send(new DescribeKeyPairsCommand({}))).rejects.toMatchObject({
      name: 'InvalidAction',
      message: 'the synthetic AWS does not implement ec2:DescribeKeyPairs',
    });
  });

  it('throttles per account and region like AWS, in a form the SDK retries', async () => {
    const org = new SyntheticOrganization({ seed: 'throttle', accounts: 3, regions: 2, now: NOW });
    const aws = new SyntheticAws(org, { latencyMs: 0, throttle: { ec2: { rate: 0.001, burst: 3 } } });
    const base = { requestHandler: aws, credentials: BASE };
    const sts = new STSClient({ ...base, region: 'us-east-1', maxAttempts: 1 });
    const creds = async (i: number) => {
      const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${org.accountId(i)}:role/OrgScanReadOnly`, RoleSessionName: 'thr' }))).Credentials!;
      return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
    };
    const a1 = await creds(1);
    const ec2 = new EC2Client({ ...base, region: 'us-east-1', credentials: a1, maxAttempts: 1 });
    for (let i = 0; i < 3; i++) await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    const err = await ec2.send(new GetEbsEncryptionByDefaultCommand({})).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 } });
    expect(isThrottlingError(err)).toBe(true);
    // Another region of the same account, and another account, have their own buckets.
    await new EC2Client({ ...base, region: org.regions[1]!, credentials: a1, maxAttempts: 1 }).send(new GetEbsEncryptionByDefaultCommand({}));
    await new EC2Client({ ...base, region: 'us-east-1', credentials: await creds(2), maxAttempts: 1 }).send(new GetEbsEncryptionByDefaultCommand({}));
    const stats = aws.stats();
    expect(stats.throttled).toBe(1);
    expect(stats.byOperation['ec2:GetEbsEncryptionByDefault']).toBe(6);
  });

  it('throttles the JSON and query protocols with error codes the scanner recognises', async () => {
    const org = new SyntheticOrganization({ seed: 'throttle', accounts: 3, regions: 2, now: NOW });
    const tiny = { rate: 0.001, burst: 1 };
    const aws = new SyntheticAws(org, { latencyMs: 0, throttle: { describeAlarms: tiny, iam: tiny, config: tiny, s3: tiny } });
    const c = { requestHandler: aws, credentials: BASE, region: 'us-east-1', maxAttempts: 1 };
    const twice = async (send: () => Promise<unknown>) => {
      await send();
      return send().catch((e: unknown) => e);
    };
    const cw = new CloudWatchClient(c);
    const errors = [
      await twice(() => cw.send(new DescribeAlarmsCommand({}))),
      await twice(() => new IAMClient(c).send(new GetAccountPasswordPolicyCommand({})).catch((e: { name?: string }) => {
        if (e.name === 'NoSuchEntityException') return null;
        throw e;
      })),
      await twice(() => new ConfigServiceClient(c).send(new DescribeConfigurationRecordersCommand({}))),
      await twice(() => new S3Client(c).send(new ListBucketsCommand({}))),
    ];
    for (const e of errors) expect(isThrottlingError(e)).toBe(true);
  });
});
