// The synthetic AWS answers the load-balancer, log-group, EKS and RDS-lifecycle reads through the real SDK
// clients, and a scan of the synthetic organization with the three waste checks finds the planted resources.
import { describe, expect, it } from 'vitest';
import {
  DescribeCapacityReservationCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeInstanceHealthCommand,
  ElasticLoadBalancingClient,
  paginateDescribeLoadBalancers as paginateDescribeClassicLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import { CloudWatchLogsClient, paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeClusterCommand, EKSClient, paginateDescribeClusterVersions, paginateListClusters } from '@aws-sdk/client-eks';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeDBMajorEngineVersionsCommand, RDSClient } from '@aws-sdk/client-rds';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { SyntheticAws } from '../../emulator/synthetic/handler.js';
import { SyntheticOrganization } from '../../emulator/synthetic/model/organization.js';
import type { RegionalUnit } from '../../emulator/synthetic/model/types.js';
import { BENCH_CREDENTIALS, BENCH_ROLE } from '../../emulator/identity.js';
import { runScan } from '../../scanner/runner.js';
import { DEFAULT_CHECK_OPTIONS, type Finding } from '../../checks/types.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const org = new SyntheticOrganization({ seed: 'elb-logs-eks', accounts: 40, regions: 2, now: NOW, problemRate: 0.3 });
const aws = new SyntheticAws(org, { latencyMs: 0, throttling: false });
const cfg = { region: 'us-east-1', credentials: BENCH_CREDENTIALS, requestHandler: aws, maxAttempts: 1 };
const account = org.managementAccountId;

async function collect<P, T>(pages: AsyncIterable<P>, pick: (p: P) => T[] | undefined): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count += 1;
    items.push(...(pick(page) ?? []));
  }
  return { items, pages: count };
}

/** Credentials acting in `accountId` (the base credentials act in the management account). */
async function credentialsFor(accountId: string) {
  if (accountId === account) return BENCH_CREDENTIALS;
  const out = await new STSClient(cfg).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${BENCH_ROLE}`, RoleSessionName: 'test' }));
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** The management account's unit in us-east-1 (the credentials act there). */
const unit = (): RegionalUnit => org.regionalUnit(account, 'us-east-1');
const allUnits = () => Array.from({ length: org.accountCount }, (_, i) => org.accountId(i)).flatMap((a) => org.regions.map((r) => org.regionalUnit(a, r)));

describe('synthetic AWS: load balancers, log groups, EKS, RDS lifecycle', () => {
  it('plants every scenario somewhere in the organization', () => {
    const units = allUnits();
    expect(units.some((u) => u.loadBalancers.some((l) => l.type === 'classic'))).toBe(true);
    expect(units.some((u) => u.loadBalancers.some((l) => l.targets.length === 0))).toBe(true);
    expect(units.some((u) => u.loadBalancers.some((l) => l.reservedCapacityUnits > 0))).toBe(true);
    expect(units.some((u) => u.logGroups.some((g) => g.retentionDays === null))).toBe(true);
    expect(units.some((u) => u.eksClusters.some((c) => c.version === '1.32'))).toBe(true);
    expect(units.some((u) => u.dbInstances.some((d) => d.engineVersion))).toBe(true);
  });

  it('pages ELBv2 load balancers and target groups, and answers target health and LCU reservations', async () => {
    const client = new ElasticLoadBalancingV2Client(cfg);
    const v2 = unit().loadBalancers.filter((l) => l.type !== 'classic');
    const lbs = await collect(paginateDescribeLoadBalancers({ client }, { PageSize: 1 }), (p) => p.LoadBalancers);
    expect(lbs.items.map((l) => l.LoadBalancerName)).toEqual(v2.map((l) => l.name));
    expect(lbs.pages).toBe(Math.max(1, v2.length));
    const groups = await collect(paginateDescribeTargetGroups({ client }, { PageSize: 400 }), (p) => p.TargetGroups);
    expect(groups.items.map((g) => g.LoadBalancerArns)).toEqual(lbs.items.map((l) => [l.LoadBalancerArn]));
    for (const [i, g] of groups.items.entries()) {
      const health = await client.send(new DescribeTargetHealthCommand({ TargetGroupArn: g.TargetGroupArn }));
      expect(health.TargetHealthDescriptions?.length).toBe(v2[i]!.targets.length);
      expect(health.TargetHealthDescriptions?.filter((t) => t.TargetHealth?.State === 'healthy').length).toBe(v2[i]!.healthyTargets);
      const reservation = await client.send(new DescribeCapacityReservationCommand({ LoadBalancerArn: lbs.items[i]!.LoadBalancerArn }));
      expect(reservation.MinimumLoadBalancerCapacity?.CapacityUnits ?? 0).toBe(v2[i]!.reservedCapacityUnits);
    }
    await expect(client.send(new DescribeTargetHealthCommand({ TargetGroupArn: 'arn:nothing' }))).rejects.toMatchObject({ name: 'TargetGroupNotFoundException' });
  });

  it('serves Classic load balancers on the same signing name, told apart by API version', async () => {
    const client = new ElasticLoadBalancingClient(cfg);
    const classic = unit().loadBalancers.filter((l) => l.type === 'classic');
    const lbs = await collect(paginateDescribeClassicLoadBalancers({ client }, { PageSize: 1 }), (p) => p.LoadBalancerDescriptions);
    expect(lbs.items.map((l) => [l.LoadBalancerName, (l.Instances ?? []).length])).toEqual(classic.map((l) => [l.name, l.targets.length]));
    for (const l of classic.filter((x) => x.targets.length > 0)) {
      const health = await client.send(new DescribeInstanceHealthCommand({ LoadBalancerName: l.name }));
      expect(health.InstanceStates?.filter((s) => s.State === 'InService').length).toBe(l.healthyTargets);
    }
  });

  it('answers request and flow counts per load balancer in GetMetricData', async () => {
    const lb = allUnits().find((u) => u.accountId === account && u.loadBalancers.some((l) => l.type === 'application' && l.requestsPerDay > 0));
    const target = lb?.loadBalancers.find((l) => l.type === 'application' && l.requestsPerDay > 0);
    if (!lb || !target) return expect.fail('the management account has no busy ALB in this seed');
    const out = await new CloudWatchClient({ ...cfg, region: lb.region }).send(
      new GetMetricDataCommand({
        StartTime: new Date(NOW.getTime() - 14 * 86_400_000),
        EndTime: NOW,
        MetricDataQueries: [
          {
            Id: 'l0',
            MetricStat: {
              Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: `app/${target.name}/${target.suffix}` }] },
              Period: 14 * 86_400,
              Stat: 'Sum',
            },
          },
        ],
      }),
    );
    expect(out.MetricDataResults?.[0]?.Values).toEqual([target.requestsPerDay * 14]);
  });

  it('pages log groups 50 at most, with retention and stored bytes', async () => {
    const busiest = allUnits().filter((u) => u.accountId === account).sort((a, b) => b.logGroups.length - a.logGroups.length)[0]!;
    const client = new CloudWatchLogsClient({ ...cfg, region: busiest.region });
    const groups = await collect(paginateDescribeLogGroups({ client, pageSize: 2 }, {}), (p) => p.logGroups);
    expect(groups.items.map((g) => [g.logGroupName, g.retentionInDays ?? null, g.storedBytes])).toEqual(
      busiest.logGroups.map((g) => [g.name, g.retentionDays, g.storedBytes]),
    );
    expect(groups.pages).toBe(Math.max(1, Math.ceil(busiest.logGroups.length / 2)));
  });

  it('serves EKS over REST-JSON: clusters paged, a cluster by name, every version with its status', async () => {
    const withClusters = allUnits().find((u) => u.eksClusters.length > 0);
    if (!withClusters) return expect.fail('no account has an EKS cluster in this seed');
    const client = new EKSClient({ ...cfg, region: withClusters.region, credentials: await credentialsFor(withClusters.accountId) });
    const names = await collect(paginateListClusters({ client, pageSize: 1 }, {}), (p) => p.clusters);
    expect(names.items).toEqual(withClusters.eksClusters.map((c) => c.name));
    const c = await client.send(new DescribeClusterCommand({ name: names.items[0]! }));
    expect(c.cluster).toMatchObject({ version: withClusters.eksClusters[0]!.version, upgradePolicy: { supportType: withClusters.eksClusters[0]!.supportType } });
    await expect(client.send(new DescribeClusterCommand({ name: 'ghost' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const versions = await collect(paginateDescribeClusterVersions({ client, pageSize: 3 }, { includeAll: true }), (p) => p.clusterVersions);
    const status = Object.fromEntries(versions.items.map((v) => [v.clusterVersion, v.versionStatus]));
    expect(status).toMatchObject({ '1.31': 'EXTENDED_SUPPORT', '1.32': 'EXTENDED_SUPPORT', '1.34': 'STANDARD_SUPPORT', '1.29': 'UNSUPPORTED' });
    expect(versions.items.find((v) => v.clusterVersion === '1.32')?.endOfStandardSupportDate).toEqual(new Date('2026-03-23T00:00:00Z'));
  });

  it('reports RDS major engine versions with their lifecycles', async () => {
    const out = await new RDSClient(cfg).send(new DescribeDBMajorEngineVersionsCommand({ MaxRecords: 100 }));
    const pg12 = out.DBMajorEngineVersions?.find((v) => v.Engine === 'postgres' && v.MajorEngineVersion === '12');
    expect(pg12?.SupportedEngineLifecycles?.map((l) => [l.LifecycleSupportName, l.LifecycleSupportEndDate?.toISOString()])).toEqual([
      ['open-source-rds-standard-support', '2025-02-28T23:59:59.000Z'],
      ['open-source-rds-extended-support', '2028-02-28T23:59:59.000Z'],
    ]);
  });

  it('lets a scan with the three waste checks find the planted resources, with no ERROR', async () => {
    const small = new SyntheticOrganization({ seed: 'elb-logs-eks-scan', accounts: 12, regions: 2, now: NOW, problemRate: 0.3 });
    const handler = new SyntheticAws(small, { latencyMs: 0, throttling: false, roleNames: [BENCH_ROLE] });
    const findings: Finding[] = [];
    const summary = await runScan(
      {
        org: false,
        accounts: Array.from({ length: small.accountCount }, (_, i) => small.accountId(i)),
        roleName: BENCH_ROLE,
        checks: ['elb-idle', 'logs-group-no-retention', 'eks-cluster-extended-support'],
        concurrency: { accounts: 4, units: 8, apiCalls: 32 },
        options: DEFAULT_CHECK_OPTIONS,
      },
      {
        aws: { requestHandler: handler, baseCredentials: BENCH_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 1 },
        now: () => NOW,
        hooks: { onFindings: (batch) => void findings.push(...batch) },
      },
    );
    expect(summary.errors).toEqual([]);
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);
    for (const checkId of ['elb-idle', 'logs-group-no-retention', 'eks-cluster-extended-support']) {
      const statuses = new Set(findings.filter((f) => f.checkId === checkId).map((f) => f.status));
      expect([...statuses].sort(), checkId).toEqual(['FAIL', 'PASS']);
    }
    // Every planted idle load balancer and never-expiring log group is reported, with a dollar figure.
    const units = Array.from({ length: small.accountCount }, (_, i) => small.accountId(i)).flatMap((a) => small.regions.map((r) => small.regionalUnit(a, r)));
    const idleLbs = units.flatMap((u) => u.loadBalancers.filter((l) => l.targets.length === 0).map((l) => `${u.accountId}/${u.region}/${l.name}`));
    const failedLbs = findings.filter((f) => f.checkId === 'elb-idle' && f.status === 'FAIL').map((f) => `${f.accountId}/${f.region}/${String(f.evidence.name)}`);
    expect(failedLbs.sort()).toEqual(expect.arrayContaining(idleLbs.sort()));
    const forever = units.flatMap((u) => u.logGroups.filter((g) => g.retentionDays === null).map((g) => `${u.accountId}/${u.region}/${g.name}`));
    const failedGroups = findings.filter((f) => f.checkId === 'logs-group-no-retention' && f.status === 'FAIL');
    expect(failedGroups.map((f) => `${f.accountId}/${f.region}/${f.resourceId}`).sort()).toEqual(forever.sort());
    expect(failedGroups.every((f) => typeof f.estimatedMonthlyCostUsd === 'number')).toBe(true);
    const byOperation = summary.apiCalls.byOperation;
    expect(byOperation['EKS:DescribeClusterVersions']).toBeGreaterThan(0);
    expect(byOperation['RDS:DescribeDBMajorEngineVersions']).toBeGreaterThan(0);
    expect(byOperation['ElasticLoadBalancing:DescribeLoadBalancers']).toBe(small.accountCount * small.regions.length);
  }, 60_000);
});
