import {
  DescribeCapacityReservationCommand,
  DescribeTargetHealthCommand,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeInstanceHealthCommand,
  paginateDescribeLoadBalancers as paginateDescribeClassicLoadBalancers,
} from '@aws-sdk/client-elastic-load-balancing';
import { paginateGetMetricData, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { ElbCollectors, LoadBalancerTraffic } from '../../checks/types.js';
import { COLLECTORS } from '../../checks/catalog.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';
import { collectPages } from './paging.js';

/** GetMetricData accepts at most 500 queries per request. */
const MAX_QUERIES_PER_CALL = COLLECTORS['elb.traffic'].paging.perCall;

interface TrafficQuery {
  id: string;
  namespace: string;
  metric: string;
  dimension: { Name: string; Value: string };
}

/**
 * The CloudWatch dimension of an ELBv2 load balancer: the ARN's suffix after "loadbalancer/"
 * ("app/name/id", "net/name/id"). Gateway load balancers have no request or flow metric here.
 */
export function loadBalancerDimension(lb: LoadBalancer): string | null {
  const suffix = /:loadbalancer\/(.+)$/.exec(lb.LoadBalancerArn ?? '')?.[1];
  return suffix ?? null;
}

/** The query for one ELBv2 load balancer, or null for types without a traffic metric (gateway). */
function v2Query(lb: LoadBalancer): TrafficQuery | null {
  const dimension = loadBalancerDimension(lb);
  if (!dimension || !lb.LoadBalancerArn) return null;
  if (lb.Type === 'application') {
    return { id: lb.LoadBalancerArn, namespace: 'AWS/ApplicationELB', metric: 'RequestCount', dimension: { Name: 'LoadBalancer', Value: dimension } };
  }
  if (lb.Type === 'network') {
    return { id: lb.LoadBalancerArn, namespace: 'AWS/NetworkELB', metric: 'NewFlowCount', dimension: { Name: 'LoadBalancer', Value: dimension } };
  }
  return null;
}

export function createElbCollectors(clients: UnitClients, memo: Memo, now: Date): ElbCollectors {
  const collectors: ElbCollectors = {
    loadBalancers: () =>
      memo('elb:loadBalancers', () =>
        collectPages(
          // ELB's paginators name no page-size parameter: PageSize goes in the input.
          paginateDescribeLoadBalancers({ client: clients.elbv2() }, { PageSize: COLLECTORS['elb.loadBalancers'].paging.pageSize }),
          (p) => p.LoadBalancers,
        ),
      ),
    targetGroups: () =>
      memo('elb:targetGroups', () =>
        collectPages(
          paginateDescribeTargetGroups({ client: clients.elbv2() }, { PageSize: COLLECTORS['elb.targetGroups'].paging.pageSize }),
          (p) => p.TargetGroups,
        ),
      ),
    targetHealth: (targetGroupArn: string) =>
      memo(`elb:targetHealth:${targetGroupArn}`, async () => {
        // DescribeTargetHealth is not paginated: one answer holds every target of the group.
        const out = await clients.elbv2().send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
        return out.TargetHealthDescriptions ?? [];
      }),
    capacityReservation: (loadBalancerArn: string) =>
      memo(`elb:capacityReservation:${loadBalancerArn}`, async () => {
        const out = await clients.elbv2().send(new DescribeCapacityReservationCommand({ LoadBalancerArn: loadBalancerArn }));
        return out.MinimumLoadBalancerCapacity?.CapacityUnits ?? 0;
      }),
    classicLoadBalancers: () =>
      memo('elb:classicLoadBalancers', () =>
        collectPages(
          paginateDescribeClassicLoadBalancers({ client: clients.elb() }, { PageSize: COLLECTORS['elb.classicLoadBalancers'].paging.pageSize }),
          (p) => p.LoadBalancerDescriptions,
        ),
      ),
    classicInstanceHealth: (loadBalancerName: string) =>
      memo(`elb:classicInstanceHealth:${loadBalancerName}`, async () => {
        const out = await clients.elb().send(new DescribeInstanceHealthCommand({ LoadBalancerName: loadBalancerName }));
        return out.InstanceStates ?? [];
      }),
    traffic: (days: number) =>
      memo(`elb:traffic:${days}`, async () => {
        const [v2, classic] = await Promise.all([collectors.loadBalancers(), collectors.classicLoadBalancers()]);
        const queries: TrafficQuery[] = [
          ...v2.map(v2Query).filter((q): q is TrafficQuery => q !== null),
          ...classic
            .filter((c) => c.LoadBalancerName)
            .map((c) => ({
              id: c.LoadBalancerName!,
              namespace: 'AWS/ELB',
              metric: 'RequestCount',
              dimension: { Name: 'LoadBalancerName', Value: c.LoadBalancerName! },
            })),
        ];
        const traffic = new Map<string, LoadBalancerTraffic>(queries.map((q) => [q.id, { id: q.id, metric: q.metric, sum: 0, days }]));
        if (queries.length === 0) return traffic;
        const periodSeconds = days * 86_400;
        const startTime = new Date(now.getTime() - periodSeconds * 1000);
        for (let start = 0; start < queries.length; start += MAX_QUERIES_PER_CALL) {
          const batch = queries.slice(start, start + MAX_QUERIES_PER_CALL);
          const metricQueries: MetricDataQuery[] = batch.map((q, i) => ({
            Id: `l${start + i}`,
            MetricStat: { Metric: { Namespace: q.namespace, MetricName: q.metric, Dimensions: [q.dimension] }, Period: periodSeconds, Stat: 'Sum' },
            ReturnData: true,
          }));
          const pages = paginateGetMetricData(
            { client: clients.cloudwatch() },
            { MetricDataQueries: metricQueries, StartTime: startTime, EndTime: now, ScanBy: 'TimestampAscending' },
          );
          for await (const page of pages) {
            for (const result of page.MetricDataResults ?? []) {
              const index = /^l(\d+)$/.exec(result.Id ?? '')?.[1];
              const query = index === undefined ? undefined : queries[Number(index)];
              const entry = query && traffic.get(query.id);
              if (!entry) continue;
              entry.sum += (result.Values ?? []).reduce((a, b) => a + b, 0);
            }
          }
        }
        return traffic;
      }),
  };
  return collectors;
}
