// CloudWatch windows for the waste checks: one statistic per resource over the last `days` days, read with
// GetMetricData in batches of 500 queries (one period covering the whole window, so one datapoint per query),
// each batch paged through with NextToken. A unit without resources makes no call.
import { paginateGetMetricData, type Dimension, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { DBInstance } from '@aws-sdk/client-rds';
import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import type { CloudWatchCollectors, Ec2Collectors, MetricWindow, RdsCollectors } from '../../checks/types.js';
import { COLLECTORS } from '../../checks/catalog.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';

export interface ResourceMetric {
  resourceId: string;
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  stat: 'Maximum' | 'Sum';
}

/** The statistic of each resource's metric over [now - days, now]; value null when no datapoint came back. */
export async function metricWindows(
  clients: UnitClients,
  metrics: readonly ResourceMetric[],
  days: number,
  now: Date,
  perCall: number,
): Promise<Map<string, MetricWindow>> {
  const windows = new Map<string, MetricWindow>(metrics.map((m) => [m.resourceId, { value: null, datapoints: 0, days }]));
  if (metrics.length === 0) return windows;
  const periodSeconds = days * 86_400;
  const endTime = now;
  const startTime = new Date(endTime.getTime() - periodSeconds * 1000);
  const queries: MetricDataQuery[] = metrics.map((m, index) => ({
    Id: `q${index}`,
    MetricStat: { Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: m.dimensions }, Period: periodSeconds, Stat: m.stat },
    ReturnData: true,
  }));
  for (let start = 0; start < queries.length; start += perCall) {
    const pages = paginateGetMetricData(
      { client: clients.cloudwatch() },
      { MetricDataQueries: queries.slice(start, start + perCall), StartTime: startTime, EndTime: endTime, ScanBy: 'TimestampAscending' },
    );
    for await (const page of pages) {
      for (const result of page.MetricDataResults ?? []) {
        const index = /^q(\d+)$/.exec(result.Id ?? '')?.[1];
        const metric = index === undefined ? undefined : metrics[Number(index)];
        const window = metric && windows.get(metric.resourceId);
        if (!metric || !window) continue;
        // A window longer than CloudWatch's period alignment can come back as two datapoints: combine them.
        for (const v of result.Values ?? []) {
          window.datapoints += 1;
          window.value = window.value === null ? v : metric.stat === 'Maximum' ? Math.max(window.value, v) : window.value + v;
        }
      }
    }
  }
  return windows;
}

/** DatabaseConnections (Maximum) of every DB instance of the unit. */
export function rdsConnectionMetrics(instances: readonly DBInstance[]): ResourceMetric[] {
  return instances
    .filter((i) => i.DBInstanceIdentifier)
    .map((i) => ({
      resourceId: i.DBInstanceIdentifier!,
      namespace: 'AWS/RDS',
      metricName: 'DatabaseConnections',
      dimensions: [{ Name: 'DBInstanceIdentifier', Value: i.DBInstanceIdentifier! }],
      stat: 'Maximum' as const,
    }));
}

/** Whether an endpoint is an interface endpoint that exists (billed per hour per AZ). */
export function isBilledInterfaceEndpoint(e: VpcEndpoint): boolean {
  const state = (e.State ?? '').toLowerCase();
  return (e.VpcEndpointType ?? '').toLowerCase() === 'interface' && !!e.VpcEndpointId && !['deleted', 'deleting', 'failed', 'rejected', 'expired'].includes(state);
}

/**
 * BytesProcessed (Sum) of every interface endpoint: AWS/PrivateLinkEndpoints publishes it with the dimension set
 * Endpoint Type, Service Name, VPC Endpoint Id, VPC Id (and a per-subnet set that adds Subnet Id); a query must name
 * one set exactly, so this names the endpoint-wide one
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html).
 */
export function vpcEndpointTrafficMetrics(endpoints: readonly VpcEndpoint[]): ResourceMetric[] {
  return endpoints.filter(isBilledInterfaceEndpoint).map((e) => ({
    resourceId: e.VpcEndpointId!,
    namespace: 'AWS/PrivateLinkEndpoints',
    metricName: 'BytesProcessed',
    dimensions: [
      { Name: 'Endpoint Type', Value: 'Interface' },
      { Name: 'Service Name', Value: e.ServiceName ?? '' },
      { Name: 'VPC Endpoint Id', Value: e.VpcEndpointId! },
      { Name: 'VPC Id', Value: e.VpcId ?? '' },
    ],
    stat: 'Sum' as const,
  }));
}

/** The waste checks' CloudWatch collectors, added to the unit's `cloudwatch` service. */
export function createWasteMetricCollectors(
  clients: UnitClients,
  memo: Memo,
  ec2: Ec2Collectors,
  rds: RdsCollectors,
  now: Date,
): Pick<CloudWatchCollectors, 'rdsConnections' | 'vpcEndpointTraffic'> {
  return {
    rdsConnections: (days) =>
      memo(`cloudwatch:rdsConnections:${days}`, async () =>
        metricWindows(clients, rdsConnectionMetrics(await rds.dbInstances()), days, now, COLLECTORS['cloudwatch.rdsConnections'].paging.perCall),
      ),
    vpcEndpointTraffic: (days) =>
      memo(`cloudwatch:vpcEndpointTraffic:${days}`, async () =>
        metricWindows(clients, vpcEndpointTrafficMetrics(await ec2.vpcEndpoints()), days, now, COLLECTORS['cloudwatch.vpcEndpointTraffic'].paging.perCall),
      ),
  };
}
