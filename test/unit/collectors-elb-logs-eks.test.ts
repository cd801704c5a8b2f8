// The collectors of the load-balancer, log-group and EKS waste checks: every list followed to its last page,
// per-resource reads memoized, load-balancer metrics batched 500 queries a call.
import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DescribeCapacityReservationCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeInstanceHealthCommand,
  DescribeLoadBalancersCommand as DescribeClassicLoadBalancersCommand,
  ElasticLoadBalancingClient,
} from '@aws-sdk/client-elastic-load-balancing';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeClusterCommand, DescribeClusterVersionsCommand, EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeDBMajorEngineVersionsCommand, RDSClient } from '@aws-sdk/client-rds';
import { createElbCollectors, loadBalancerDimension } from '../../scanner/collectors/elb.js';
import { createLogsCollectors } from '../../scanner/collectors/logs.js';
import { createEksCollectors } from '../../scanner/collectors/eks.js';
import { createRdsCollectors } from '../../scanner/collectors/rds.js';
import { createMemo } from '../../scanner/collectors/memo.js';
import type { UnitClients } from '../../scanner/collectors/clients.js';
import { FAKE_CREDENTIALS } from '../../emulator/moto/moto.js';

const v2Mock = mockClient(ElasticLoadBalancingV2Client);
const classicMock = mockClient(ElasticLoadBalancingClient);
const logsMock = mockClient(CloudWatchLogsClient);
const eksMock = mockClient(EKSClient);
const cwMock = mockClient(CloudWatchClient);
const rdsMock = mockClient(RDSClient);

function clients(): UnitClients {
  const cfg = { region: 'eu-west-1', credentials: FAKE_CREDENTIALS, endpoint: 'http://127.0.0.1:9' };
  const made = {
    elbv2: new ElasticLoadBalancingV2Client(cfg),
    elb: new ElasticLoadBalancingClient(cfg),
    logs: new CloudWatchLogsClient(cfg),
    eks: new EKSClient(cfg),
    cloudwatch: new CloudWatchClient(cfg),
    rds: new RDSClient(cfg),
  };
  const unused = () => {
    throw new Error('not used here');
  };
  return {
    accountId: '111111111111',
    region: 'eu-west-1',
    partition: 'aws',
    elbv2: () => made.elbv2,
    elb: () => made.elb,
    logs: () => made.logs,
    eks: () => made.eks,
    cloudwatch: () => made.cloudwatch,
    rds: () => made.rds,
    ec2: unused,
    config: unused,
    s3: unused,
    s3control: unused,
    iam: unused,
  };
}

/** Answers `pages` in turn and records a copy of each input (paginators reuse one input object across pages). */
function pagesOf<I extends object, O>(pages: O[], seen: I[]) {
  return (input: I) => {
    seen.push({ ...input });
    return pages.shift();
  };
}

afterEach(() => {
  for (const m of [v2Mock, classicMock, logsMock, eksMock, cwMock, rdsMock]) m.reset();
});

const NOW = new Date('2026-11-23T00:00:00Z');
const lbArn = (type: string, i: number) => `arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/${type}/lb-${i}/${i.toString(16).padStart(16, '0')}`;

describe('ELB collectors', () => {
  it('follows Marker pagination of ELBv2 load balancers and target groups, asking for 400 a page', async () => {
    const seen: { PageSize?: number; Marker?: string }[] = [];
    const groupsSeen: { PageSize?: number; Marker?: string }[] = [];
    v2Mock.on(DescribeLoadBalancersCommand).callsFake(
      pagesOf(
        [
          { LoadBalancers: [{ LoadBalancerArn: 'a' }], NextMarker: 'm1' },
          { LoadBalancers: [{ LoadBalancerArn: 'b' }], NextMarker: 'm2' },
          { LoadBalancers: [{ LoadBalancerArn: 'c' }] },
        ],
        seen,
      ),
    );
    v2Mock.on(DescribeTargetGroupsCommand).callsFake(
      pagesOf([{ TargetGroups: [{ TargetGroupArn: 'tg-1' }], NextMarker: 'x' }, { TargetGroups: [{ TargetGroupArn: 'tg-2' }] }], groupsSeen),
    );
    const elb = createElbCollectors(clients(), createMemo(), NOW);
    const [lbs, again] = await Promise.all([elb.loadBalancers(), elb.loadBalancers()]);
    expect(lbs.map((l) => l.LoadBalancerArn)).toEqual(['a', 'b', 'c']);
    expect(again).toBe(lbs);
    expect(seen.map((c) => [c.PageSize, c.Marker])).toEqual([
      [400, undefined],
      [400, 'm1'],
      [400, 'm2'],
    ]);
    expect((await elb.targetGroups()).map((g) => g.TargetGroupArn)).toEqual(['tg-1', 'tg-2']);
    expect(groupsSeen.map((c) => [c.PageSize, c.Marker])).toEqual([
      [400, undefined],
      [400, 'x'],
    ]);
  });

  it('follows Marker pagination of Classic load balancers', async () => {
    const seen: { PageSize?: number; Marker?: string }[] = [];
    classicMock
      .on(DescribeClassicLoadBalancersCommand)
      .callsFake(pagesOf([{ LoadBalancerDescriptions: [{ LoadBalancerName: 'one' }], NextMarker: 'n' }, { LoadBalancerDescriptions: [{ LoadBalancerName: 'two' }] }], seen));
    const list = await createElbCollectors(clients(), createMemo(), NOW).classicLoadBalancers();
    expect(list.map((l) => l.LoadBalancerName)).toEqual(['one', 'two']);
    expect(seen.map((c) => [c.PageSize, c.Marker])).toEqual([
      [400, undefined],
      [400, 'n'],
    ]);
  });

  it('reads target health, instance health and LCU reservations once per resource', async () => {
    v2Mock.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [{ Target: { Id: 'i-1' }, TargetHealth: { State: 'healthy' } }] });
    v2Mock.on(DescribeCapacityReservationCommand).resolvesOnce({ MinimumLoadBalancerCapacity: { CapacityUnits: 50 } }).resolves({});
    classicMock.on(DescribeInstanceHealthCommand).resolves({ InstanceStates: [{ InstanceId: 'i-1', State: 'InService' }] });
    const elb = createElbCollectors(clients(), createMemo(), NOW);
    await Promise.all([elb.targetHealth('tg-1'), elb.targetHealth('tg-1')]);
    expect(v2Mock.commandCalls(DescribeTargetHealthCommand)).toHaveLength(1);
    expect(await elb.capacityReservation('lb-a')).toBe(50);
    expect(await elb.capacityReservation('lb-a')).toBe(50);
    expect(await elb.capacityReservation('lb-b')).toBe(0);
    expect(v2Mock.commandCalls(DescribeCapacityReservationCommand).map((c) => c.args[0].input.LoadBalancerArn)).toEqual(['lb-a', 'lb-b']);
    expect((await elb.classicInstanceHealth('web'))[0]!.State).toBe('InService');
  });

  it('batches one metric per ALB, NLB and Classic load balancer, 500 queries a call, every page summed', async () => {
    const v2: LoadBalancer[] = [
      ...Array.from({ length: 450 }, (_, i) => ({ LoadBalancerArn: lbArn('app', i), Type: 'application' as const })),
      ...Array.from({ length: 100 }, (_, i) => ({ LoadBalancerArn: lbArn('net', 1000 + i), Type: 'network' as const })),
      { LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/gwy/gw/1', Type: 'gateway' },
    ];
    v2Mock.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: v2 });
    classicMock.on(DescribeClassicLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [{ LoadBalancerName: 'legacy' }] });
    cwMock.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[]; NextToken?: string }) => {
      const results = input.MetricDataQueries.map((q) => ({ Id: q.Id, Values: [input.NextToken ? 1 : 10, 5] }));
      return input.NextToken ? { MetricDataResults: results } : { MetricDataResults: results, NextToken: 'more' };
    });
    const traffic = await createElbCollectors(clients(), createMemo(), NOW).traffic(14);
    // Gateway load balancers have no request metric.
    expect(traffic.size).toBe(551);
    expect(traffic.get(lbArn('app', 0))).toEqual({ id: lbArn('app', 0), metric: 'RequestCount', sum: 21, days: 14 });
    expect(traffic.get(lbArn('net', 1099))).toMatchObject({ metric: 'NewFlowCount', sum: 21 });
    expect(traffic.get('legacy')).toMatchObject({ metric: 'RequestCount', sum: 21 });
    const calls = cwMock.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input);
    // 551 queries → two batches (500 + 51), each with two pages.
    expect(calls.map((c) => c.MetricDataQueries!.length)).toEqual([500, 500, 51, 51]);
    expect(calls[0]!.StartTime).toEqual(new Date('2026-11-09T00:00:00Z'));
    const first = calls[0]!.MetricDataQueries![0]!.MetricStat!;
    expect(first.Metric).toEqual({ Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/lb-0/0000000000000000' }] });
    expect(first.Stat).toBe('Sum');
    expect(first.Period).toBe(14 * 86_400);
    const last = calls[2]!.MetricDataQueries!.at(-1)!.MetricStat!.Metric;
    expect(last).toEqual({ Namespace: 'AWS/ELB', MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancerName', Value: 'legacy' }] });
  });

  it('makes no CloudWatch call when the unit has no load balancer', async () => {
    v2Mock.on(DescribeLoadBalancersCommand).resolves({ LoadBalancers: [] });
    classicMock.on(DescribeClassicLoadBalancersCommand).resolves({ LoadBalancerDescriptions: [] });
    expect((await createElbCollectors(clients(), createMemo(), NOW).traffic(14)).size).toBe(0);
    expect(cwMock.commandCalls(GetMetricDataCommand)).toHaveLength(0);
  });

  it('names the CloudWatch dimension from the ARN', () => {
    expect(loadBalancerDimension({ LoadBalancerArn: 'arn:aws:elasticloadbalancing:r:1:loadbalancer/net/n/abc' })).toBe('net/n/abc');
    expect(loadBalancerDimension({})).toBeNull();
  });
});

describe('CloudWatch Logs collectors', () => {
  it('follows nextToken pagination of log groups, 50 a page', async () => {
    const seen: { limit?: number; nextToken?: string }[] = [];
    logsMock.on(DescribeLogGroupsCommand).callsFake(
      pagesOf(
        [
          { logGroups: [{ logGroupName: 'a' }], nextToken: 't1' },
          { logGroups: [{ logGroupName: 'b' }], nextToken: 't2' },
          { logGroups: [{ logGroupName: 'c' }] },
        ],
        seen,
      ),
    );
    const groups = await createLogsCollectors(clients(), createMemo()).logGroups();
    expect(groups.map((g) => g.logGroupName)).toEqual(['a', 'b', 'c']);
    expect(seen.map((c) => [c.limit, c.nextToken])).toEqual([
      [50, undefined],
      [50, 't1'],
      [50, 't2'],
    ]);
  });
});

describe('EKS collectors', () => {
  it('follows nextToken pagination of clusters and of every version, extended and unsupported included', async () => {
    const seen: { maxResults?: number; nextToken?: string }[] = [];
    const versionsSeen: { includeAll?: boolean; nextToken?: string }[] = [];
    eksMock.on(ListClustersCommand).callsFake(pagesOf([{ clusters: ['a'], nextToken: 'n' }, { clusters: ['b'] }], seen));
    eksMock
      .on(DescribeClusterVersionsCommand)
      .callsFake(pagesOf([{ clusterVersions: [{ clusterVersion: '1.35' }], nextToken: 'v' }, { clusterVersions: [{ clusterVersion: '1.32' }] }], versionsSeen));
    eksMock.on(DescribeClusterCommand).callsFake((input: { name: string }) => ({ cluster: { name: input.name, version: '1.32' } }));
    const eks = createEksCollectors(clients(), createMemo());
    expect(await eks.clusters()).toEqual(['a', 'b']);
    expect(seen.map((c) => [c.maxResults, c.nextToken])).toEqual([
      [100, undefined],
      [100, 'n'],
    ]);
    expect((await eks.clusterVersions()).map((v) => v.clusterVersion)).toEqual(['1.35', '1.32']);
    expect(versionsSeen.map((c) => [c.includeAll, c.nextToken])).toEqual([
      [true, undefined],
      [true, 'v'],
    ]);
    await Promise.all([eks.cluster('a'), eks.cluster('a')]);
    expect((await eks.cluster('b')).name).toBe('b');
    expect(eksMock.commandCalls(DescribeClusterCommand)).toHaveLength(2);
  });

  it('fails loudly when DescribeCluster answers no cluster', async () => {
    eksMock.on(DescribeClusterCommand).resolves({});
    await expect(createEksCollectors(clients(), createMemo()).cluster('ghost')).rejects.toThrow('no cluster for ghost');
  });
});

describe('RDS major engine versions', () => {
  it('follows Marker pagination', async () => {
    const seen: { MaxRecords?: number; Marker?: string }[] = [];
    rdsMock.on(DescribeDBMajorEngineVersionsCommand).callsFake(
      pagesOf(
        [
          { DBMajorEngineVersions: [{ Engine: 'postgres', MajorEngineVersion: '11' }], Marker: 'm' },
          { DBMajorEngineVersions: [{ Engine: 'postgres', MajorEngineVersion: '12' }] },
        ],
        seen,
      ),
    );
    const list = await createRdsCollectors(clients(), createMemo()).majorEngineVersions();
    expect(list.map((v) => v.MajorEngineVersion)).toEqual(['11', '12']);
    expect(seen.map((c) => [c.MaxRecords, c.Marker])).toEqual([
      [100, undefined],
      [100, 'm'],
    ]);
  });
});
