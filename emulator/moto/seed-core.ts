// Plants, in every account × region of the emulator, a failing resource and its passing twin
// for each of the five core checks, and returns what a correct scan must report about them.
import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachVolumeCommand,
  AssociateRouteTableCommand,
  CreateNatGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeVpcsCommand,
  EC2Client,
  RunInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  CreateDBInstanceReadReplicaCommand,
  RDSClient,
  type CreateDBInstanceCommandInput,
} from '@aws-sdk/client-rds';
import { CloudWatchClient, PutMetricAlarmCommand, PutMetricDataCommand, type PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { createPriceBook } from '../../checks/pricing.js';
import { HOURS_PER_MONTH, usd } from '../../checks/support/index.js';
import { seedClient } from './aws.js';
import { type PlantedResult, expectFor, must } from './planted.js';
import { seedWasteRdsS3Vpce, type WasteRdsS3VpceCheckId } from './seed-waste-rds-s3-vpce.js';

export type CoreCheckId =
  | 'vpc-default-in-use'
  | 'ebs-volume-unattached'
  | 'rds-instance-single-az'
  | 'cloudwatch-alarm-no-action'
  | 'vpc-nat-gateway-endpoint-savings'
  | 'ec2-eip-unassociated'
  | WasteRdsS3VpceCheckId;

export type ExpectedResult = PlantedResult<CoreCheckId>;

/** Neptune instances the seed plants in every unit: out of scope for rds-instance-single-az, so never reported. */
export const OUT_OF_SCOPE_DB_INSTANCES = ['graph-1'];

/** The AMI id moto accepts without loading its default AMI catalogue. */
const AMI = 'ami-12c6146b';
const GiB = 1024 ** 3;

export interface SeedOptions {
  /** Timestamp given to the seeded NAT gateway datapoints; must fall inside the scan's window. */
  metricsTime?: Date;
}

interface UnitSeed {
  endpoint: string;
  accountId: string;
  region: string;
  /** Position of the unit in the account × region grid: decides which default VPCs get an instance. */
  index: number;
  metricsTime: Date;
}



async function createVpcWithSubnet(ec2: EC2Client, cidr: string, az: string): Promise<{ vpcId: string; subnetId: string }> {
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: cidr }));
  const vpcId = must(vpc.Vpc?.VpcId, 'VpcId');
  const subnetCidr = cidr.replace(/\.0\.0\/16$/, '.1.0/24');
  const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnetCidr, AvailabilityZone: az }));
  return { vpcId, subnetId: must(subnet.Subnet?.SubnetId, 'SubnetId') };
}

async function runInstance(ec2: EC2Client, subnetId?: string): Promise<string> {
  const out = await ec2.send(
    new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, ...(subnetId ? { SubnetId: subnetId } : {}) }),
  );
  return must(out.Instances?.[0]?.InstanceId, 'InstanceId');
}

async function seedDefaultVpc(unit: UnitSeed, ec2: EC2Client): Promise<ExpectedResult[]> {
  const expect = expectFor(unit, 'vpc-default-in-use');
  const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }));
  const defaultVpcId = must(vpcs.Vpcs?.[0]?.VpcId, 'default VPC');
  // One default VPC per region: alternate used / empty across the grid so every account has both.
  if (unit.index % 2 === 0) {
    await runInstance(ec2); // no subnet: lands in the default VPC's default subnet
    return [expect(defaultVpcId, 'FAIL', 'instance in the default VPC')];
  }
  return [expect(defaultVpcId, 'PASS', 'empty default VPC')];
}

async function seedVolumes(unit: UnitSeed, ec2: EC2Client, subnetId: string, az: string): Promise<ExpectedResult[]> {
  const expect = expectFor(unit, 'ebs-volume-unattached');
  const create = async (size: number, name: string) => {
    const v = await ec2.send(
      new CreateVolumeCommand({
        AvailabilityZone: az,
        Size: size,
        VolumeType: 'gp3',
        TagSpecifications: [{ ResourceType: 'volume', Tags: [{ Key: 'Name', Value: name }] }],
      }),
    );
    return must(v.VolumeId, 'VolumeId');
  };
  const unattached = await create(50, 'planted-unattached');
  const running = await runInstance(ec2, subnetId);
  const stopped = await runInstance(ec2, subnetId);
  const onRunning = await create(20, 'attached-running');
  const onStopped = await create(20, 'attached-stopped');
  await ec2.send(new AttachVolumeCommand({ VolumeId: onRunning, InstanceId: running, Device: '/dev/sdf' }));
  await ec2.send(new AttachVolumeCommand({ VolumeId: onStopped, InstanceId: stopped, Device: '/dev/sdf' }));
  await ec2.send(new StopInstancesCommand({ InstanceIds: [stopped] }));
  const gp3PerGb = createPriceBook().get('ebs.gp3.gbMonth', unit.region);
  return [
    expect(unattached, 'FAIL', 'unattached 50 GiB gp3 volume', usd(50 * gp3PerGb)),
    expect(onRunning, 'PASS', 'volume attached to a running instance'),
    expect(onStopped, 'PASS', 'volume attached to a stopped instance'),
  ];
}

async function seedRds(unit: UnitSeed, rds: RDSClient): Promise<ExpectedResult[]> {
  const expect = expectFor(unit, 'rds-instance-single-az');
  const { region } = unit;
  const credentials = { MasterUsername: 'admin', MasterUserPassword: 'not-a-secret-1' };
  const instance = async (id: string, extra: Omit<CreateDBInstanceCommandInput, 'DBInstanceIdentifier' | 'DBInstanceClass'>) => {
    await rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: id, DBInstanceClass: 'db.t3.micro', AllocatedStorage: 20, ...extra }));
    return id;
  };
  const single = await instance('single-az', { Engine: 'postgres', AvailabilityZone: `${region}a`, MultiAZ: false, ...credentials });
  const multi = await instance('multi-az', { Engine: 'postgres', MultiAZ: true, ...credentials });
  await rds.send(
    new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: 'multi-az-replica', SourceDBInstanceIdentifier: multi, AvailabilityZone: `${region}b`, MultiAZ: false }),
  );

  const cluster = async (id: string, zones: string[]) => {
    await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: id, Engine: 'aurora-postgresql', ...credentials }));
    const members: string[] = [];
    for (const [i, zone] of zones.entries()) {
      members.push(
        await instance(`${id}-${i + 1}`, { Engine: 'aurora-postgresql', DBClusterIdentifier: id, AvailabilityZone: `${region}${zone}` }),
      );
    }
    return members;
  };
  const spread = await cluster('aurora-spread', ['a', 'b']);
  const packed = await cluster('aurora-packed', ['a', 'a']);
  // A single-AZ Neptune cluster (moto has no DocumentDB engine): the RDS API lists it, the check must skip it.
  await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: 'graph', Engine: 'neptune', ...credentials }));
  await instance('graph-1', { Engine: 'neptune', DBClusterIdentifier: 'graph', AvailabilityZone: `${region}a` });
  return [
    expect(single, 'FAIL', 'single-AZ postgres instance'),
    expect(multi, 'PASS', 'Multi-AZ postgres instance'),
    expect('multi-az-replica', 'FAIL', 'single-AZ read replica (evaluated by default)'),
    ...spread.map((id) => expect(id, 'PASS', 'Aurora cluster with instances in two zones')),
    ...packed.map((id) => expect(id, 'FAIL', 'Aurora cluster with every instance in one zone')),
  ];
}

async function seedAlarms(unit: UnitSeed, cw: CloudWatchClient): Promise<ExpectedResult[]> {
  const expect = expectFor(unit, 'cloudwatch-alarm-no-action');
  const topic = `arn:aws:sns:${unit.region}:${unit.accountId}:oncall`;
  const alarm = async (name: string, extra: Partial<PutMetricAlarmCommandInput>) => {
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: name,
        Namespace: 'AWS/EC2',
        MetricName: 'CPUUtilization',
        Statistic: 'Average',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 90,
        ComparisonOperator: 'GreaterThanThreshold',
        ...extra,
      }),
    );
    return name;
  };
  return [
    expect(await alarm('cpu-notifies', { AlarmActions: [topic] }), 'PASS', 'alarm with an ALARM action'),
    expect(await alarm('cpu-no-actions', {}), 'FAIL', 'alarm without actions'),
    expect(await alarm('cpu-ok-only', { OKActions: [topic], InsufficientDataActions: [topic] }), 'FAIL', 'alarm with OK/INSUFFICIENT_DATA actions only'),
    expect(await alarm('cpu-disabled', { AlarmActions: [topic], ActionsEnabled: false }), 'FAIL', 'alarm with actions disabled'),
  ];
}

interface NatVpc {
  vpcId: string;
  natGatewayId: string;
}

async function natVpc(ec2: EC2Client, region: string, cidr: string, endpoints: ('s3' | 'dynamodb')[]): Promise<NatVpc> {
  const { vpcId, subnetId } = await createVpcWithSubnet(ec2, cidr, `${region}a`);
  const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
  const nat = await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: must(eip.AllocationId, 'AllocationId') }));
  const natGatewayId = must(nat.NatGateway?.NatGatewayId, 'NatGatewayId');
  const table = await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
  const routeTableId = must(table.RouteTable?.RouteTableId, 'RouteTableId');
  await ec2.send(new CreateRouteCommand({ RouteTableId: routeTableId, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natGatewayId }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  for (const service of endpoints) {
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        VpcEndpointType: 'Gateway',
        ServiceName: `com.amazonaws.${region}.${service}`,
        RouteTableIds: [routeTableId],
      }),
    );
  }
  return { vpcId, natGatewayId };
}

async function seedNat(unit: UnitSeed, ec2: EC2Client, cw: CloudWatchClient): Promise<ExpectedResult[]> {
  const expect = expectFor(unit, 'vpc-nat-gateway-endpoint-savings');
  const lacking = await natVpc(ec2, unit.region, '10.11.0.0/16', ['s3']);
  const complete = await natVpc(ec2, unit.region, '10.12.0.0/16', ['s3', 'dynamodb']);
  const idle = await natVpc(ec2, unit.region, '10.13.0.0/16', ['s3', 'dynamodb']);
  // Traffic through the two busy gateways; the idle one has no datapoints at all.
  for (const natGatewayId of [lacking.natGatewayId, complete.natGatewayId]) {
    await cw.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/NATGateway',
        MetricData: [
          { MetricName: 'BytesOutToDestination', Dimensions: [{ Name: 'NatGatewayId', Value: natGatewayId }], Timestamp: unit.metricsTime, Value: 4 * GiB, Unit: 'Bytes' },
          { MetricName: 'BytesInFromSource', Dimensions: [{ Name: 'NatGatewayId', Value: natGatewayId }], Timestamp: unit.metricsTime, Value: 10 * GiB, Unit: 'Bytes' },
        ],
      }),
    );
  }
  const prices = createPriceBook();
  // 14 GiB over 14 days = 30 GiB/month of processing.
  return [
    expect(lacking.vpcId, 'FAIL', 'NAT-routed table with an S3 endpoint but no DynamoDB endpoint', usd(30 * prices.get('vpc.natGateway.gbProcessed', unit.region))),
    expect(complete.vpcId, 'PASS', 'NAT-routed table with both gateway endpoints'),
    // An idle gateway's hours are vpc-nat-gateway-idle's (emulator/moto/seed-waste-ec2.ts); with both endpoints, this VPC passes.
    expect(idle.vpcId, 'PASS', 'idle NAT gateway behind a table with both gateway endpoints'),
  ];
}

/** An address kept after its instance went away (FAIL, one public IPv4 address-month), and one in use (PASS). */
async function seedElasticIps(unit: UnitSeed, ec2: EC2Client, subnetId: string): Promise<ExpectedResult[]> {
  const expect = expectFor(unit, 'ec2-eip-unassociated');
  const idle = must((await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId, 'AllocationId');
  const used = must((await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId, 'AllocationId');
  await ec2.send(new AssociateAddressCommand({ AllocationId: used, InstanceId: await runInstance(ec2, subnetId) }));
  const hourly = createPriceBook().get('vpc.publicIpv4.hour', unit.region);
  return [
    expect(idle, 'FAIL', 'unassociated Elastic IP', usd(HOURS_PER_MONTH * hourly)),
    expect(used, 'PASS', 'Elastic IP associated with a running instance'),
  ];
}

async function seedUnit(unit: UnitSeed): Promise<ExpectedResult[]> {
  const ec2 = seedClient(EC2Client, unit.endpoint, unit.region, unit.accountId);
  const rds = seedClient(RDSClient, unit.endpoint, unit.region, unit.accountId);
  const cw = seedClient(CloudWatchClient, unit.endpoint, unit.region, unit.accountId);
  const az = `${unit.region}a`;
  // Workload VPC for the instances of the EBS scenarios: keeps them out of the default VPC.
  const workload = await createVpcWithSubnet(ec2, '10.10.0.0/16', az);
  return [
    ...(await seedDefaultVpc(unit, ec2)),
    ...(await seedVolumes(unit, ec2, workload.subnetId, az)),
    ...(await seedRds(unit, rds)),
    ...(await seedAlarms(unit, cw)),
    ...(await seedNat(unit, ec2, cw)),
    ...(await seedElasticIps(unit, ec2, workload.subnetId)),
  ];
}

export async function seedCoreScenario(
  endpoint: string,
  accounts: string[],
  regions: string[],
  options: SeedOptions = {},
): Promise<ExpectedResult[]> {
  const metricsTime = options.metricsTime ?? new Date(Date.now() - 3_600_000);
  const units = accounts.flatMap((accountId, a) =>
    regions.map((region, r): UnitSeed => ({ endpoint, accountId, region, index: a + r, metricsTime })),
  );
  const results = await Promise.all(units.map(seedUnit));
  return [...results.flat(), ...(await seedWasteRdsS3Vpce(endpoint, accounts, regions, metricsTime))];
}
