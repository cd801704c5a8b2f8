// Plants, in every account × region of the emulator, the failing resources and their passing twins of the
// waste checks elb-idle, logs-group-no-retention and eks-cluster-extended-support, and returns what a correct
// scan at `scanTime` must report about them.
//
// What moto 5.2 cannot represent (tested with mocks and the synthetic AWS instead): LCU reservations
// (DescribeCapacityReservation answers a stub without MinimumLoadBalancerCapacity), EKS DescribeClusterVersions
// (404) and cluster upgrade policies (ignored), RDS DescribeDBMajorEngineVersions (500) — so the check runs on its
// dated calendars here — and an NLB's ARN, which moto writes with "app/" instead of "net/".
import { CreateSubnetCommand, CreateVpcCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  CreateLoadBalancerCommand as CreateClassicLoadBalancerCommand,
  ElasticLoadBalancingClient,
  RegisterInstancesWithLoadBalancerCommand,
} from '@aws-sdk/client-elastic-load-balancing';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { createPriceBook } from '../../checks/pricing.js';
import { type PlantedResult, expectFor, must } from './planted.js';
import { HOURS_PER_MONTH, usd } from '../../checks/support/index.js';
import { EKS_VERSION_CALENDAR, eksStatusFromCalendar } from '../../checks/support/support-calendars.js';
import { seedClient } from './aws.js';

export type WasteCheckId = 'elb-idle' | 'logs-group-no-retention' | 'eks-cluster-extended-support';

export type WasteExpectedResult = PlantedResult<WasteCheckId>;

export interface WasteSeedOptions {
  /** The clock of the scan that will read the plantings (default: now). Request counts are stamped an hour before it. */
  scanTime?: Date;
}

const AMI = 'ami-12c6146b';
/** Bytes of log events put into the never-expiring group (moto counts them as storedBytes). */
export const PLANTED_LOG_BYTES = 3 * 100_000;

/** A Kubernetes version in the given support status at `time`, from the calendar the check falls back on. */
export function eksVersionIn(status: 'EXTENDED_SUPPORT' | 'STANDARD_SUPPORT', time: Date): string {
  const version = Object.keys(EKS_VERSION_CALENDAR).find((v) => eksStatusFromCalendar(v, time) === status);
  if (!version) throw new Error(`seed: no Kubernetes version of the EKS calendar is in ${status} at ${time.toISOString()} (update checks/support/support-calendars.ts)`);
  return version;
}

interface Unit {
  endpoint: string;
  accountId: string;
  region: string;
  scanTime: Date;
}


async function seedLoadBalancers(unit: Unit): Promise<WasteExpectedResult[]> {
  const expect = expectFor(unit, 'elb-idle');
  const ec2 = seedClient(EC2Client, unit.endpoint, unit.region, unit.accountId);
  const elb = seedClient(ElasticLoadBalancingV2Client, unit.endpoint, unit.region, unit.accountId);
  const classic = seedClient(ElasticLoadBalancingClient, unit.endpoint, unit.region, unit.accountId);
  const cw = seedClient(CloudWatchClient, unit.endpoint, unit.region, unit.accountId);
  const vpcId = must((await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc?.VpcId, 'VpcId');
  const subnets: string[] = [];
  for (const [i, zone] of ['a', 'b'].entries()) {
    const subnet = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.20.${i + 1}.0/24`, AvailabilityZone: `${unit.region}${zone}` }));
    subnets.push(must(subnet.Subnet?.SubnetId, 'SubnetId'));
  }
  const instanceId = must(
    (await ec2.send(new RunInstancesCommand({ ImageId: AMI, InstanceType: 't3.micro', MinCount: 1, MaxCount: 1, SubnetId: subnets[0] }))).Instances?.[0]?.InstanceId,
    'InstanceId',
  );
  const loadBalancer = async (name: string, type: 'application' | 'network') =>
    must((await elb.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnets, Type: type }))).LoadBalancers?.[0]?.LoadBalancerArn, 'LoadBalancerArn');
  const withTarget = async (lbArn: string, name: string, protocol: 'HTTP' | 'TCP') => {
    const tg = must(
      (await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: protocol, Port: 80, VpcId: vpcId, TargetType: 'instance' }))).TargetGroups?.[0]?.TargetGroupArn,
      'TargetGroupArn',
    );
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: protocol, Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg }] }));
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: instanceId }] }));
  };
  const requests = async (namespace: string, metric: string, dimension: { Name: string; Value: string }) =>
    cw.send(
      new PutMetricDataCommand({
        Namespace: namespace,
        MetricData: [{ MetricName: metric, Dimensions: [dimension], Timestamp: new Date(unit.scanTime.getTime() - 3_600_000), Value: 500, Unit: 'Count' }],
      }),
    );
  const dimensionOf = (arn: string) => must(/:loadbalancer\/(.+)$/.exec(arn)?.[1], 'load balancer ARN suffix');

  const idle = await loadBalancer('idle-alb', 'application');
  const busy = await loadBalancer('busy-alb', 'application');
  await withTarget(busy, 'busy-tg', 'HTTP');
  await requests('AWS/ApplicationELB', 'RequestCount', { Name: 'LoadBalancer', Value: dimensionOf(busy) });
  const quiet = await loadBalancer('quiet-nlb', 'network');
  await withTarget(quiet, 'quiet-tg', 'TCP');

  const listeners = [{ Protocol: 'HTTP', LoadBalancerPort: 80, InstancePort: 80 }];
  await classic.send(new CreateClassicLoadBalancerCommand({ LoadBalancerName: 'legacy-clb', Listeners: listeners, AvailabilityZones: [`${unit.region}a`] }));
  await classic.send(new CreateClassicLoadBalancerCommand({ LoadBalancerName: 'served-clb', Listeners: listeners, AvailabilityZones: [`${unit.region}a`] }));
  await classic.send(new RegisterInstancesWithLoadBalancerCommand({ LoadBalancerName: 'served-clb', Instances: [{ InstanceId: instanceId }] }));
  await requests('AWS/ELB', 'RequestCount', { Name: 'LoadBalancerName', Value: 'served-clb' });

  const prices = createPriceBook();
  const hours = (key: 'elb.alb.hour' | 'elb.nlb.hour' | 'elb.classic.hour') => usd(HOURS_PER_MONTH * prices.get(key, unit.region));
  return [
    expect(idle, 'FAIL', 'ALB without targets or requests', hours('elb.alb.hour')),
    expect(busy, 'PASS', 'ALB with a healthy target and requests'),
    expect(quiet, 'FAIL', 'NLB with a healthy target but no new flows in 14 days', hours('elb.nlb.hour')),
    expect('legacy-clb', 'FAIL', 'Classic load balancer without instances', hours('elb.classic.hour')),
    expect('served-clb', 'PASS', 'Classic load balancer with an InService instance and requests'),
  ];
}

async function seedLogGroups(unit: Unit): Promise<WasteExpectedResult[]> {
  const expect = expectFor(unit, 'logs-group-no-retention');
  const logs = seedClient(CloudWatchLogsClient, unit.endpoint, unit.region, unit.accountId);
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/planted/forever' }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: '/planted/forever', logStreamName: 'app' }));
  // Stamped with the real time: CloudWatch Logs (and moto) reject events more than two hours in the future.
  const events = Array.from({ length: 3 }, (_, i) => ({ timestamp: Date.now() - 60_000 + i, message: 'x'.repeat(PLANTED_LOG_BYTES / 3) }));
  await logs.send(new PutLogEventsCommand({ logGroupName: '/planted/forever', logStreamName: 'app', logEvents: events }));
  await logs.send(new CreateLogGroupCommand({ logGroupName: '/planted/kept' }));
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: '/planted/kept', retentionInDays: 30 }));
  const perGb = createPriceBook().get('logs.storage.gbMonth', unit.region);
  return [
    expect('/planted/forever', 'FAIL', 'log group that never expires', usd((PLANTED_LOG_BYTES / 1024 ** 3) * perGb)),
    expect('/planted/kept', 'PASS', 'log group with 30-day retention'),
  ];
}

async function seedExtendedSupport(unit: Unit): Promise<WasteExpectedResult[]> {
  const expect = expectFor(unit, 'eks-cluster-extended-support');
  const eks = seedClient(EKSClient, unit.endpoint, unit.region, unit.accountId);
  const rds = seedClient(RDSClient, unit.endpoint, unit.region, unit.accountId);
  const cluster = async (name: string, version: string) => {
    await eks.send(
      new CreateClusterCommand({ name, version, roleArn: `arn:aws:iam::${unit.accountId}:role/eks-cluster`, resourcesVpcConfig: { subnetIds: [] } }),
    );
    return name;
  };
  const old = await cluster('legacy-eks', eksVersionIn('EXTENDED_SUPPORT', unit.scanTime));
  const current = await cluster('current-eks', eksVersionIn('STANDARD_SUPPORT', unit.scanTime));
  const db = async (id: string, engineVersion: string) => {
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: id,
        DBInstanceClass: 'db.m5.large',
        Engine: 'postgres',
        EngineVersion: engineVersion,
        AllocatedStorage: 20,
        MasterUsername: 'admin',
        MasterUserPassword: 'not-a-secret-1',
      }),
    );
    return id;
  };
  const pg12 = await db('pg-extended', '12.22');
  const pg16 = await db('pg-current', '16.4');
  const prices = createPriceBook();
  // PostgreSQL 12 left standard support on 2025-02-28: years 1–2 until 2027-02-28, year 3 after.
  const year3 = unit.scanTime.getTime() >= Date.parse('2027-03-01T00:00:00Z');
  const perVcpu = prices.get(year3 ? 'rds.extendedSupport.yr3.vcpuHour' : 'rds.extendedSupport.yr1to2.vcpuHour', unit.region);
  return [
    expect(old, 'FAIL', 'EKS cluster on a version in extended support', usd(HOURS_PER_MONTH * prices.get('eks.extendedSupport.clusterHour', unit.region))),
    expect(current, 'PASS', 'EKS cluster on a version in standard support'),
    // db.m5.large: 2 vCPUs, single-AZ.
    expect(pg12, 'FAIL', 'PostgreSQL 12 instance in RDS Extended Support', usd(2 * perVcpu * HOURS_PER_MONTH)),
    expect(pg16, 'PASS', 'PostgreSQL 16 instance in standard support'),
  ];
}

export async function seedWasteElbLogsEksScenario(
  endpoint: string,
  accounts: readonly string[],
  regions: readonly string[],
  options: WasteSeedOptions = {},
): Promise<WasteExpectedResult[]> {
  const scanTime = options.scanTime ?? new Date();
  const units = accounts.flatMap((accountId) => regions.map((region): Unit => ({ endpoint, accountId, region, scanTime })));
  const results = await Promise.all(
    units.map(async (unit) => [...(await seedLoadBalancers(unit)), ...(await seedLogGroups(unit)), ...(await seedExtendedSupport(unit))]),
  );
  return results.flat();
}
