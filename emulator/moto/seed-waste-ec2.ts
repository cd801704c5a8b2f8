// Plants, in every account × region of the emulator, a failing resource and its passing twin for each
// EC2/EBS waste check, and returns what a correct scan must report about them (with the dollar figure
// the price table gives). moto stamps every CreateTime/StartTime and StateTransitionReason with the
// real time, so the scan that checks these plantings runs with its clock WASTE_EC2_SCAN_CLOCK_SKEW_DAYS
// ahead (NAT gateways, stops and snapshots are then that old); what moto cannot represent (an unparsable
// stop reason, an archived snapshot, a copied snapshot's vol-ffffffff) is covered by the checks' unit tests.
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AssociateRouteTableCommand,
  AttachVolumeCommand,
  CreateImageCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSnapshotCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteVolumeCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  StopInstancesCommand,
  type VolumeType,
} from '@aws-sdk/client-ec2';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { gp3Equivalent, io2Equivalent } from '../../checks/ebs/ebs-volume-gp2.js';
import { HOURS_PER_MONTH, volumeMonthlyCost } from '../../checks/support/index.js';
import { createPriceBook } from '../../checks/pricing.js';
import { seedClient } from './aws.js';
import { must } from './planted.js';

export type WasteEc2CheckId = 'vpc-nat-gateway-idle' | 'ec2-eip-unassociated' | 'ebs-volume-gp2' | 'ec2-instance-stopped-long' | 'ebs-snapshot-orphaned';

/** The scan that checks these plantings runs this many days ahead of the real clock (past every default threshold). */
export const WASTE_EC2_SCAN_CLOCK_SKEW_DAYS = 100;

export interface WasteExpectedResult {
  checkId: WasteEc2CheckId;
  accountId: string;
  region: string;
  resourceId: string;
  status: 'PASS' | 'FAIL';
  scenario: string;
  estimatedMonthlyCostUsd?: number;
  costBasis?: 'exact' | 'estimate' | 'ceiling';
}

export interface WasteSeedOptions {
  /** Timestamp of the busy NAT gateway's datapoints: inside the skewed scan's window. */
  metricsTime?: Date;
}

/** The AMI id moto accepts without loading its default AMI catalogue; moto gives each instance an 8 GiB gp2 root volume. */
const AMI = 'ami-12c6146b';
const MOTO_ROOT_VOLUME_GIB = 8;
const GiB = 1024 ** 3;

interface Unit {
  endpoint: string;
  accountId: string;
  region: string;
  metricsTime: Date;
}

async function seedUnit(unit: Unit): Promise<WasteExpectedResult[]> {
  const { region } = unit;
  const ec2 = seedClient(EC2Client, unit.endpoint, region, unit.accountId);
  const cw = seedClient(CloudWatchClient, unit.endpoint, region, unit.accountId);
  const prices = createPriceBook();
  const az = `${region}a`;
  const out: WasteExpectedResult[] = [];
  const expect = (checkId: WasteEc2CheckId, resourceId: string, status: 'PASS' | 'FAIL', scenario: string, cost?: number, costBasis?: WasteExpectedResult['costBasis']) =>
    out.push({ checkId, accountId: unit.accountId, region, resourceId, status, scenario, ...(cost === undefined ? {} : { estimatedMonthlyCostUsd: cost, costBasis }) });

  const vpc = must((await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc?.VpcId, 'VpcId');
  const subnet = must((await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.40.1.0/24', AvailabilityZone: az }))).Subnet?.SubnetId, 'SubnetId');
  const volume = async (type: VolumeType, size: number, iops?: number) =>
    must((await ec2.send(new CreateVolumeCommand({ AvailabilityZone: az, Size: size, VolumeType: type, ...(iops ? { Iops: iops } : {}) }))).VolumeId, 'VolumeId');
  const instance = async () =>
    must((await ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnet }))).Instances?.[0]?.InstanceId, 'InstanceId');
  const rootVolume = async (instanceId: string) =>
    must((await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations?.[0]?.Instances?.[0]?.BlockDeviceMappings?.[0]?.Ebs?.VolumeId, 'root volume');
  const gp2Saving = (size: number) => gp3Equivalent(size, prices, region).monthlySavingUsd;

  // ec2-instance-stopped-long: a stopped instance with a 100 GiB gp3 data volume (and an Elastic IP); a running twin.
  const running = await instance();
  const stopped = await instance();
  const data = await volume('gp3', 100);
  await ec2.send(new AttachVolumeCommand({ VolumeId: data, InstanceId: stopped, Device: '/dev/sdf' }));
  const stoppedRoot = await rootVolume(stopped);
  const runningRoot = await rootVolume(running);
  const volumesCost =
    volumeMonthlyCost({ VolumeType: 'gp2', Size: MOTO_ROOT_VOLUME_GIB }, prices, region)!.monthlyUsd +
    volumeMonthlyCost({ VolumeType: 'gp3', Size: 100, Iops: 3000, Throughput: 125 }, prices, region)!.monthlyUsd;
  expect('ec2-instance-stopped-long', stopped, 'FAIL', 'instance stopped (skewed clock: 100 days) with an 8 GiB gp2 root and a 100 GiB gp3 volume', Math.round(volumesCost * 100) / 100, 'estimate');
  expect('ec2-instance-stopped-long', running, 'PASS', 'running instance');

  // ec2-eip-unassociated: an address left on the stopped instance (billed), one on the running instance.
  const onStopped = must((await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId, 'AllocationId');
  const onRunning = must((await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId, 'AllocationId');
  await ec2.send(new AssociateAddressCommand({ AllocationId: onStopped, InstanceId: stopped }));
  await ec2.send(new AssociateAddressCommand({ AllocationId: onRunning, InstanceId: running }));
  await ec2.send(new StopInstancesCommand({ InstanceIds: [stopped] }));
  const ipv4Month = Math.round(HOURS_PER_MONTH * prices.get('vpc.publicIpv4.hour', region) * 100) / 100;
  expect('ec2-eip-unassociated', onStopped, 'FAIL', 'Elastic IP on a stopped instance', ipv4Month, 'exact');
  expect('ec2-eip-unassociated', onRunning, 'PASS', 'Elastic IP on a running instance');

  // ebs-volume-gp2: on the running instance, a 500 GiB gp2 volume (gp3 needs 250 MiB/s to match), io1 above and below
  // 32,000 IOPS, and moto's 8 GiB gp2 root volume; the stopped instance's root and an unattached gp2 volume count no saving.
  const attached = async (type: VolumeType, size: number, device: string, iops?: number) => {
    const id = await volume(type, size, iops);
    await ec2.send(new AttachVolumeCommand({ VolumeId: id, InstanceId: running, Device: device }));
    return id;
  };
  const gp2 = await attached('gp2', 500, '/dev/sdg');
  expect('ebs-volume-gp2', gp2, 'FAIL', '500 GiB gp2 volume in use', gp2Saving(500), 'estimate');
  expect('ebs-volume-gp2', runningRoot, 'FAIL', "moto's 8 GiB gp2 root volume of a running instance", gp2Saving(MOTO_ROOT_VOLUME_GIB), 'estimate');
  expect('ebs-volume-gp2', stoppedRoot, 'PASS', 'gp2 root volume of a stopped instance (its cost is ec2-instance-stopped-long\'s)');
  const loose = await volume('gp2', 50);
  expect('ebs-volume-gp2', loose, 'PASS', 'unattached gp2 volume (its cost is ebs-volume-unattached\'s)');
  const io1High = await attached('io1', 100, '/dev/sdh', 40_000);
  expect('ebs-volume-gp2', io1High, 'FAIL', 'io1 volume with 40,000 IOPS (io2 bills IOPS above 32,000 lower)', io2Equivalent({ VolumeType: 'io1', Size: 100, Iops: 40_000 }, prices, region).monthlySavingUsd, 'estimate');
  const io1Low = await attached('io1', 100, '/dev/sdi', 10_000);
  expect('ebs-volume-gp2', io1Low, 'PASS', 'io1 volume with 10,000 IOPS (io2 costs the same)');

  // ebs-snapshot-orphaned: a 100 GiB snapshot of a volume deleted since; one of a live volume; one an AMI uses.
  const doomed = await volume('gp3', 100);
  const orphan = must((await ec2.send(new CreateSnapshotCommand({ VolumeId: doomed, Description: 'planted orphan' }))).SnapshotId, 'SnapshotId');
  await ec2.send(new DeleteVolumeCommand({ VolumeId: doomed }));
  const live = must((await ec2.send(new CreateSnapshotCommand({ VolumeId: data, Description: 'backup of a live volume' }))).SnapshotId, 'SnapshotId');
  // moto's CreateImage snapshots a made-up volume id: a snapshot whose source volume does not exist, kept by its AMI.
  await ec2.send(new CreateImageCommand({ InstanceId: running, Name: 'golden' }));
  expect('ebs-snapshot-orphaned', orphan, 'FAIL', '100 GiB snapshot of a deleted volume (skewed clock: 100 days old)', Math.round(100 * prices.get('ebs.snapshot.gbMonth', region) * 100) / 100, 'ceiling');
  expect('ebs-snapshot-orphaned', live, 'PASS', 'snapshot of a live volume');

  // vpc-nat-gateway-idle: an idle gateway (no datapoints) and a busy one, both behind tables with both gateway endpoints.
  const nat = async (cidr: string) => {
    const natVpc = must((await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }))).Vpc?.VpcId, 'VpcId');
    const natSubnet = must((await ec2.send(new CreateSubnetCommand({ VpcId: natVpc, CidrBlock: cidr.replace(/\.0\.0\/16$/, '.1.0/24'), AvailabilityZone: az }))).Subnet?.SubnetId, 'SubnetId');
    const eip = must((await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId, 'AllocationId');
    const natId = must((await ec2.send(new CreateNatGatewayCommand({ SubnetId: natSubnet, AllocationId: eip }))).NatGateway?.NatGatewayId, 'NatGatewayId');
    const table = must((await ec2.send(new CreateRouteTableCommand({ VpcId: natVpc }))).RouteTable?.RouteTableId, 'RouteTableId');
    await ec2.send(new CreateRouteCommand({ RouteTableId: table, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natId }));
    await ec2.send(new AssociateRouteTableCommand({ RouteTableId: table, SubnetId: natSubnet }));
    for (const service of ['s3', 'dynamodb']) {
      await ec2.send(new CreateVpcEndpointCommand({ VpcId: natVpc, VpcEndpointType: 'Gateway', ServiceName: `com.amazonaws.${region}.${service}`, RouteTableIds: [table] }));
    }
    return natId;
  };
  const idle = await nat('10.41.0.0/16');
  const busy = await nat('10.42.0.0/16');
  await cw.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/NATGateway',
      MetricData: [{ MetricName: 'BytesOutToDestination', Dimensions: [{ Name: 'NatGatewayId', Value: busy }], Timestamp: unit.metricsTime, Value: GiB, Unit: 'Bytes' }],
    }),
  );
  const natMonth = HOURS_PER_MONTH * prices.get('vpc.natGateway.hour', region) + HOURS_PER_MONTH * prices.get('vpc.publicIpv4.hour', region);
  expect('vpc-nat-gateway-idle', idle, 'FAIL', 'NAT gateway with no datapoints in 30 days (skewed clock: 100 days old)', Math.round(natMonth * 100) / 100, 'exact');
  expect('vpc-nat-gateway-idle', busy, 'PASS', 'NAT gateway that processed 1 GiB');
  return out;
}

export async function seedWasteEc2Scenario(endpoint: string, accounts: string[], regions: string[], options: WasteSeedOptions = {}): Promise<WasteExpectedResult[]> {
  const metricsTime = options.metricsTime ?? new Date(Date.now() + WASTE_EC2_SCAN_CLOCK_SKEW_DAYS * 86_400_000 - 3_600_000);
  const units = accounts.flatMap((accountId) => regions.map((region): Unit => ({ endpoint, accountId, region, metricsTime })));
  return (await Promise.all(units.map(seedUnit))).flat();
}
