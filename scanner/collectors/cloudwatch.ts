import { paginateDescribeAlarms, paginateGetMetricData, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchCollectors, Ec2Collectors, NatGatewayTraffic } from '../../checks/types.js';
import { COLLECTORS } from '../../checks/catalog.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';

/** GetMetricData accepts at most 500 queries per request. */
const MAX_QUERIES_PER_CALL = COLLECTORS['cloudwatch.natGatewayTraffic'].paging.perCall;
const NAT_METRICS = ['BytesOutToDestination', 'BytesInFromSource'] as const;

function natQueries(natGatewayIds: string[], periodSeconds: number): MetricDataQuery[] {
  return natGatewayIds.flatMap((id, index) =>
    NAT_METRICS.map((metric, m) => ({
      Id: `n${index}m${m}`,
      MetricStat: {
        Metric: { Namespace: 'AWS/NATGateway', MetricName: metric, Dimensions: [{ Name: 'NatGatewayId', Value: id }] },
        Period: periodSeconds,
        Stat: 'Sum',
      },
      ReturnData: true,
    })),
  );
}

export function createCloudWatchCollectors(
  clients: UnitClients,
  memo: Memo,
  ec2: Ec2Collectors,
  now: Date,
): Omit<CloudWatchCollectors, 'rdsConnections' | 'vpcEndpointTraffic'> {
  return {
    alarms: () =>
      memo('cloudwatch:alarms', async () => {
        const metricAlarms = [];
        const compositeAlarms = [];
        const pages = paginateDescribeAlarms(
          { client: clients.cloudwatch(), pageSize: COLLECTORS['cloudwatch.alarms'].paging.pageSize },
          { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
        );
        for await (const page of pages) {
          metricAlarms.push(...(page.MetricAlarms ?? []));
          compositeAlarms.push(...(page.CompositeAlarms ?? []));
        }
        return { metricAlarms, compositeAlarms };
      }),

    natGatewayTraffic: (days: number) =>
      memo(`cloudwatch:natGatewayTraffic:${days}`, async () => {
        const ids = (await ec2.natGateways())
          .filter((n) => n.State === 'available' && n.NatGatewayId)
          .map((n) => n.NatGatewayId!);
        const traffic = new Map<string, NatGatewayTraffic>(
          ids.map((id) => [id, { natGatewayId: id, bytesOutToDestination: 0, bytesInFromSource: 0, days }]),
        );
        if (ids.length === 0) return traffic;
        const periodSeconds = days * 86_400;
        const endTime = now;
        const startTime = new Date(endTime.getTime() - periodSeconds * 1000);
        const queries = natQueries(ids, periodSeconds);
        for (let start = 0; start < queries.length; start += MAX_QUERIES_PER_CALL) {
          const batch = queries.slice(start, start + MAX_QUERIES_PER_CALL);
          const pages = paginateGetMetricData(
            { client: clients.cloudwatch() },
            { MetricDataQueries: batch, StartTime: startTime, EndTime: endTime, ScanBy: 'TimestampAscending' },
          );
          for await (const page of pages) {
            for (const result of page.MetricDataResults ?? []) {
              const match = /^n(\d+)m(\d)$/.exec(result.Id ?? '');
              if (!match) continue;
              const entry = traffic.get(ids[Number(match[1])]!);
              if (!entry) continue;
              const sum = (result.Values ?? []).reduce((a, b) => a + b, 0);
              if (match[2] === '0') entry.bytesOutToDestination += sum;
              else entry.bytesInFromSource += sum;
            }
          }
        }
        return traffic;
      }),
  };
}
