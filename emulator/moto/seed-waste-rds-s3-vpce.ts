// Plants, in every account × region of the emulator, the failing resources and passing twins of the RDS, S3-lifecycle
// and interface-endpoint waste checks (buckets once per account), and returns what a correct scan must report.
//
// What moto cannot represent, and how the checks are tested instead:
// - moto stamps DB instances and VPC endpoints with the current time, so the scan runs with minAgeDays 0
//   (WASTE_RDS_S3_VPCE_OPTIONS); the age guard is unit-tested (test/unit/checks/*-idle.test.ts).
// - moto publishes no metric of its own: DatabaseConnections and BytesProcessed are seeded with PutMetricData, and an
//   instance without any seeded datapoint is the "no data, not judged" case. moto matches GetMetricData dimensions in the
//   order given (CloudWatch treats them as a set), so the seed writes them in the collector's order.
// - GetMetricData pagination (NextToken) and batches beyond 500 queries need more resources than moto seeds quickly:
//   unit-tested with aws-sdk-client-mock (test/unit/collectors-waste-rds-s3-vpce.test.ts).
// - MFA delete cannot be enabled through moto's API without a device: the MFA-delete case is unit-tested.
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBInstanceReadReplicaCommand, RDSClient, StopDBInstanceCommand } from '@aws-sdk/client-rds';
import { CloudWatchClient, PutMetricDataCommand, type Dimension } from '@aws-sdk/client-cloudwatch';
import { CreateSubnetCommand, CreateVpcCommand, CreateVpcEndpointCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateBucketCommand, PutBucketLifecycleConfigurationCommand, PutBucketVersioningCommand, S3Client, type LifecycleRule } from '@aws-sdk/client-s3';
import { createPriceBook } from '../../checks/pricing.js';
import { HOURS_PER_MONTH, usd } from '../../checks/support/index.js';
import type { CheckOptionsInput } from '../../checks/types.js';
import { seedClient } from './aws.js';
import type { ExpectedResult } from './seed-core.js';
import { expectFor, must } from './planted.js';

export type WasteRdsS3VpceCheckId = 'rds-instance-idle' | 's3-bucket-no-lifecycle' | 'vpc-interface-endpoint-idle';

/** moto dates every DB instance and endpoint "now": judge them whatever their age. */
export const WASTE_RDS_S3_VPCE_OPTIONS: CheckOptionsInput = {
  'rds-instance-idle': { minAgeDays: 0 },
  'vpc-interface-endpoint-idle': { minAgeDays: 0 },
};

const HOME = 'us-east-1';
interface Unit {
  endpoint: string;
  accountId: string;
  region: string;
  metricsTime: Date;
}


async function putConnections(cw: CloudWatchClient, unit: Unit, values: Record<string, number>): Promise<void> {
  await cw.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/RDS',
      MetricData: Object.entries(values).map(([id, value]) => ({
        MetricName: 'DatabaseConnections',
        Dimensions: [{ Name: 'DBInstanceIdentifier', Value: id }],
        Timestamp: unit.metricsTime,
        Value: value,
        Unit: 'Count',
      })),
    }),
  );
}

async function seedRds(unit: Unit, rds: RDSClient, cw: CloudWatchClient): Promise<ExpectedResult[]> {
  const idle = expectFor(unit, 'rds-instance-idle');
  const singleAz = expectFor(unit, 'rds-instance-single-az');
  const { region } = unit;
  const credentials = { MasterUsername: 'admin', MasterUserPassword: 'not-a-secret-1' };
  const create = (id: string, input: { Engine: string; DBInstanceClass: string; StorageType?: string; AllocatedStorage?: number; MultiAZ?: boolean; DBClusterIdentifier?: string }) =>
    rds.send(new CreateDBInstanceCommand({ DBInstanceIdentifier: id, AvailabilityZone: input.MultiAZ ? undefined : `${region}a`, ...credentials, ...input }));

  // The configuration of an AWS Pricing Calculator estimate (db.t3.micro MySQL Single-AZ, 20 GB gp3: 14.71 USD/month in us-east-1).
  await create('waste-mysql-idle', { Engine: 'mysql', DBInstanceClass: 'db.t3.micro', StorageType: 'gp3', AllocatedStorage: 20 });
  await create('waste-pg-busy', { Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', StorageType: 'gp3', AllocatedStorage: 20 });
  await create('waste-pg-multiaz-idle', { Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', StorageType: 'gp3', AllocatedStorage: 100, MultiAZ: true });
  await create('waste-mysql-newclass-idle', { Engine: 'mysql', DBInstanceClass: 'db.r7g.large', StorageType: 'gp2', AllocatedStorage: 50 });
  await create('waste-mysql-stopped', { Engine: 'mysql', DBInstanceClass: 'db.t3.micro', StorageType: 'gp2', AllocatedStorage: 20 });
  await rds.send(new StopDBInstanceCommand({ DBInstanceIdentifier: 'waste-mysql-stopped' }));
  await create('waste-mysql-nodata', { Engine: 'mysql', DBInstanceClass: 'db.t3.micro', StorageType: 'gp2', AllocatedStorage: 20 });
  await rds.send(
    new CreateDBInstanceReadReplicaCommand({ DBInstanceIdentifier: 'waste-pg-replica-idle', SourceDBInstanceIdentifier: 'waste-pg-busy', AvailabilityZone: `${region}b` }),
  );
  await rds.send(new CreateDBClusterCommand({ DBClusterIdentifier: 'waste-aurora', Engine: 'aurora-mysql', ...credentials }));
  await create('waste-aurora-idle-1', { Engine: 'aurora-mysql', DBInstanceClass: 'db.r6g.large', DBClusterIdentifier: 'waste-aurora' });

  await putConnections(cw, unit, {
    'waste-mysql-idle': 0,
    'waste-pg-busy': 5,
    'waste-pg-multiaz-idle': 0,
    'waste-mysql-newclass-idle': 0,
    'waste-mysql-stopped': 0,
    'waste-pg-replica-idle': 0,
    'waste-aurora-idle-1': 0,
  });

  const p = createPriceBook();
  const hours = (key: Parameters<typeof p.get>[0], copies = 1) => HOURS_PER_MONTH * p.get(key, region) * copies;
  const storage = (key: Parameters<typeof p.get>[0], gib: number, copies = 1) => gib * p.get(key, region) * copies;
  return [
    idle('waste-mysql-idle', 'FAIL', 'idle Single-AZ MySQL db.t3.micro, 20 GiB gp3', usd(hours('rds.mysql.db.t3.micro.hour') + storage('rds.gp3.gbMonth', 20))),
    idle('waste-pg-busy', 'PASS', 'PostgreSQL instance with 5 connections'),
    idle(
      'waste-pg-multiaz-idle',
      'FAIL',
      'idle Multi-AZ PostgreSQL db.t4g.micro, 100 GiB gp3 (two instances, two copies of storage)',
      usd(hours('rds.postgres.db.t4g.micro.hour', 2) + storage('rds.gp3.gbMonth', 100, 2)),
    ),
    idle('waste-mysql-newclass-idle', 'FAIL', 'idle MySQL db.r7g.large: class not in the price table, storage only', usd(storage('rds.gp2.gbMonth', 50))),
    idle('waste-mysql-stopped', 'PASS', 'stopped instance: not judged'),
    idle('waste-mysql-nodata', 'PASS', 'no DatabaseConnections datapoint: not judged'),
    idle('waste-pg-replica-idle', 'FAIL', 'idle read replica of a busy PostgreSQL db.t4g.micro (20 GiB gp3)', usd(hours('rds.postgres.db.t4g.micro.hour') + storage('rds.gp3.gbMonth', 20))),
    idle('waste-aurora-idle-1', 'FAIL', 'idle Aurora member: unpriced (no figure)'),
    // The same instances as rds-instance-single-az sees them.
    singleAz('waste-mysql-idle', 'FAIL', 'waste planting: Single-AZ'),
    singleAz('waste-pg-busy', 'FAIL', 'waste planting: Single-AZ'),
    singleAz('waste-pg-multiaz-idle', 'PASS', 'waste planting: Multi-AZ'),
    singleAz('waste-mysql-newclass-idle', 'FAIL', 'waste planting: Single-AZ'),
    singleAz('waste-mysql-stopped', 'FAIL', 'waste planting: Single-AZ'),
    singleAz('waste-mysql-nodata', 'FAIL', 'waste planting: Single-AZ'),
    singleAz('waste-pg-replica-idle', 'FAIL', 'waste planting: Single-AZ read replica'),
    singleAz('waste-aurora-idle-1', 'FAIL', 'waste planting: one-instance Aurora cluster'),
  ];
}

/** The endpoint-wide dimension set, in the order the collector asks for it (moto compares dimensions in order). */
function endpointDimensions(endpointId: string, vpcId: string, serviceName: string): Dimension[] {
  return [
    { Name: 'Endpoint Type', Value: 'Interface' },
    { Name: 'Service Name', Value: serviceName },
    { Name: 'VPC Endpoint Id', Value: endpointId },
    { Name: 'VPC Id', Value: vpcId },
  ];
}

async function seedEndpoints(unit: Unit, ec2: EC2Client, cw: CloudWatchClient): Promise<ExpectedResult[]> {
  const expect = expectFor(unit, 'vpc-interface-endpoint-idle');
  const { region } = unit;
  const vpcId = must((await ec2.send(new CreateVpcCommand({ CidrBlock: '10.21.0.0/16' }))).Vpc?.VpcId, 'VpcId');
  const subnet = async (cidr: string, zone: string) =>
    must((await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: `${region}${zone}` }))).Subnet?.SubnetId, 'SubnetId');
  const subnets = [await subnet('10.21.1.0/24', 'a'), await subnet('10.21.2.0/24', 'b')];
  const endpoint = async (service: string, subnetIds: string[]) =>
    must(
      (await ec2.send(new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: 'Interface', ServiceName: `com.amazonaws.${region}.${service}`, SubnetIds: subnetIds })))
        .VpcEndpoint?.VpcEndpointId,
      'VpcEndpointId',
    );
  const idle = await endpoint('ssm', subnets);
  const busy = await endpoint('logs', subnets.slice(0, 1));
  await cw.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/PrivateLinkEndpoints',
      MetricData: [{ MetricName: 'BytesProcessed', Dimensions: endpointDimensions(busy, vpcId, `com.amazonaws.${region}.logs`), Timestamp: unit.metricsTime, Value: 1_048_576, Unit: 'Bytes' }],
    }),
  );
  const hourly = createPriceBook().get('vpc.interfaceEndpoint.azHour', region);
  return [
    expect(idle, 'FAIL', 'interface endpoint in two zones with no byte processed', usd(2 * hourly * HOURS_PER_MONTH)),
    expect(busy, 'PASS', 'interface endpoint that processed 1 MiB'),
  ];
}

async function seedBuckets(endpoint: string, accountId: string): Promise<ExpectedResult[]> {
  const expect = expectFor({ accountId, region: 'global' }, 's3-bucket-no-lifecycle');
  const s3 = seedClient(S3Client, endpoint, HOME, accountId);
  const abort: LifecycleRule = { ID: 'abort-mpu', Status: 'Enabled', Filter: {}, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } };
  const noncurrent: LifecycleRule = { ID: 'expire-noncurrent', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 30 } };
  const bucket = async (prefix: string, rules: LifecycleRule[] | null, versioned = false) => {
    const name = `${prefix}-${accountId}`;
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    if (versioned) await s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
    if (rules) await s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: name, LifecycleConfiguration: { Rules: rules } }));
    return name;
  };
  return [
    expect(await bucket('lc-none', null), 'FAIL', 'no lifecycle configuration'),
    expect(await bucket('lc-abort', [abort]), 'PASS', 'unversioned, whole-bucket abort rule'),
    expect(await bucket('lc-versioned-abort-only', [abort], true), 'FAIL', 'versioned, no noncurrent-version expiration'),
    expect(await bucket('lc-versioned-full', [abort, noncurrent], true), 'PASS', 'versioned, abort and noncurrent expiration'),
    expect(await bucket('lc-prefix-abort', [{ ...abort, Filter: { Prefix: 'uploads/' } }]), 'FAIL', 'abort rule for one prefix only'),
    expect(await bucket('lc-disabled-abort', [{ ...abort, Status: 'Disabled' }]), 'FAIL', 'abort rule disabled'),
  ];
}

/** Seeds every unit (RDS, endpoints) and every account (buckets); the scan must use WASTE_RDS_S3_VPCE_OPTIONS. */
export async function seedWasteRdsS3Vpce(endpoint: string, accounts: readonly string[], regions: readonly string[], metricsTime: Date): Promise<ExpectedResult[]> {
  const units = accounts.flatMap((accountId) => regions.map((region): Unit => ({ endpoint, accountId, region, metricsTime })));
  const regional = await Promise.all(
    units.map(async (unit) => {
      const cw = seedClient(CloudWatchClient, endpoint, unit.region, unit.accountId);
      return [
        ...(await seedRds(unit, seedClient(RDSClient, endpoint, unit.region, unit.accountId), cw)),
        ...(await seedEndpoints(unit, seedClient(EC2Client, endpoint, unit.region, unit.accountId), cw)),
      ];
    }),
  );
  const global = await Promise.all(accounts.map((accountId) => seedBuckets(endpoint, accountId)));
  return [...regional.flat(), ...global.flat()];
}
