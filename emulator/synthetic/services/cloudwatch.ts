// CloudWatch (JSON 1.0, query-compatible): DescribeAlarms with NextToken, GetMetricData for NAT gateway bytes,
// RDS DatabaseConnections and interface-endpoint BytesProcessed.
import { AwsError } from '../errors.js';
import type { SynthAlarm } from '../model/types.js';
import { paginate } from '../paging.js';
import type { CallContext, RateLimit, SyntheticService } from '../service.js';
import { json, jsonInt, jsonString, jsonTarget } from '../wire/input.js';
import { loadBalancerMetricPerDay } from './elb.js';

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

function alarmJson(a: SynthAlarm, ctx: CallContext): Record<string, unknown> {
  const common = {
    AlarmName: a.name,
    AlarmArn: `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${a.name}`,
    AlarmDescription: `${a.metricName} watch`,
    AlarmConfigurationUpdatedTimestamp: seconds(a.updatedAt),
    ActionsEnabled: a.actionsEnabled,
    OKActions: a.okActions,
    AlarmActions: a.alarmActions,
    InsufficientDataActions: [],
    StateValue: a.state,
    StateReason: a.state === 'ALARM' ? 'Threshold Crossed' : 'Threshold not crossed',
    StateUpdatedTimestamp: seconds(a.updatedAt),
  };
  if (a.composite) return { ...common, AlarmRule: `ALARM("${a.name}-child")`, StateTransitionedTimestamp: seconds(a.updatedAt) };
  return {
    ...common,
    MetricName: a.metricName,
    Namespace: a.namespace,
    Statistic: 'Average',
    Dimensions: [],
    Period: 300,
    EvaluationPeriods: 3,
    Threshold: 80,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'missing',
  };
}

function timestamp(value: unknown, name: string): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw new AwsError('ValidationError', `${name} must be a timestamp`);
}

interface Query {
  Id?: string;
  MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name?: string; Value?: string }[] }; Period?: number; Stat?: string };
}

export function cloudWatchService(describeAlarms: RateLimit, getMetricData: RateLimit): SyntheticService {
  return {
    protocol: 'json1.0',
    operation: (request) => jsonTarget(request, 'GraniteServiceVersion20100801'),
    throttle: (operation) =>
      operation === 'GetMetricData'
        ? { name: 'cloudwatch:GetMetricData', scope: 'unit', ...getMetricData }
        : { name: 'cloudwatch:DescribeAlarms', scope: 'unit', ...describeAlarms },
    throttleError: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
    operations: {
      DescribeAlarms(request, ctx) {
        const body = json(request);
        const types = Array.isArray(body.AlarmTypes) ? (body.AlarmTypes as string[]) : ['MetricAlarm'];
        const alarms = ctx.org
          .regionalUnit(ctx.accountId, ctx.region)
          .alarms.filter((a) => types.includes(a.composite ? 'CompositeAlarm' : 'MetricAlarm'));
        const page = paginate(alarms, jsonInt(body, 'MaxRecords'), jsonString(body, 'NextToken'), `alarms:${ctx.accountId}:${ctx.region}:${types.join()}`, {
          default: 50,
          min: 1,
          max: 100,
          sizeName: 'MaxRecords',
          errorCode: 'InvalidNextToken',
        });
        const out: Record<string, unknown> = {
          MetricAlarms: page.items.filter((a) => !a.composite).map((a) => alarmJson(a, ctx)),
          CompositeAlarms: page.items.filter((a) => a.composite).map((a) => alarmJson(a, ctx)),
        };
        if (page.next) out.NextToken = page.next;
        return JSON.stringify(out);
      },
      GetMetricData(request, ctx) {
        const body = json(request);
        const queries = (Array.isArray(body.MetricDataQueries) ? body.MetricDataQueries : []) as Query[];
        if (queries.length === 0 || queries.length > 500) {
          throw new AwsError('ValidationError', 'MetricDataQueries must hold between 1 and 500 queries');
        }
        const start = timestamp(body.StartTime, 'StartTime');
        const end = timestamp(body.EndTime, 'EndTime');
        if (end <= start) throw new AwsError('ValidationError', 'EndTime must be after StartTime');
        const unit = ctx.org.regionalUnit(ctx.accountId, ctx.region);
        const nats = new Map(unit.natGateways.map((n) => [n.id, n]));
        const dbs = new Map(unit.dbInstances.map((d) => [d.id, d]));
        const endpoints = new Map(unit.vpcEndpoints.map((e) => [e.id, e]));
        const results = queries.map((q) => {
          const stat = q.MetricStat;
          if (!q.Id || !stat?.Metric || !stat.Period) throw new AwsError('ValidationError', 'every query needs an Id and a MetricStat with a Period');
          const periodMs = stat.Period * 1000;
          const points = Math.ceil((end - start) / periodMs);
          if (points > 100_800) throw new AwsError('ValidationError', 'the query asks for more than 100,800 datapoints');
          const natId = stat.Metric.Dimensions?.find((d) => d.Name === 'NatGatewayId')?.Value;
          const nat = stat.Metric.Namespace === 'AWS/NATGateway' && natId ? nats.get(natId) : undefined;
          const dimension = (name: string) => stat.Metric!.Dimensions?.find((d) => d.Name === name)?.Value;
          // DatabaseConnections: a level, the same in every period (RDS reports it every minute, idle or not).
          const db = stat.Metric.Namespace === 'AWS/RDS' && stat.Metric.MetricName === 'DatabaseConnections' ? dbs.get(dimension('DBInstanceIdentifier') ?? '') : undefined;
          if (db) {
            const level = db.maxConnections ?? 1;
            const ts = Array.from({ length: points }, (_, i) => Math.floor((start + i * periodMs) / 1000));
            return { Id: q.Id, Label: 'DatabaseConnections', Timestamps: ts, Values: ts.map(() => level), StatusCode: 'Complete' };
          }
          // BytesProcessed: the endpoint-wide dimension set only; no datapoint when no traffic (as PrivateLink reports).
          const endpoint =
            stat.Metric.Namespace === 'AWS/PrivateLinkEndpoints' && stat.Metric.MetricName === 'BytesProcessed' && stat.Stat === 'Sum' && !dimension('Subnet Id')
              ? endpoints.get(dimension('VPC Endpoint Id') ?? '')
              : undefined;
          const endpointMatches =
            endpoint && dimension('VPC Id') === endpoint.vpcId && dimension('Service Name') === endpoint.serviceName && dimension('Endpoint Type') === endpoint.type;
          const elbPerDay = stat.Stat === 'Sum' ? loadBalancerMetricPerDay(unit, stat.Metric.Namespace, stat.Metric.MetricName, stat.Metric.Dimensions) : null;
          const perDay =
            elbPerDay ??
            (endpointMatches
              ? (endpoint.bytesPerDay ?? 0)
              : nat && stat.Stat === 'Sum'
              ? stat.Metric.MetricName === 'BytesOutToDestination'
                ? nat.bytesOutPerDay
                : stat.Metric.MetricName === 'BytesInFromSource'
                  ? nat.bytesInPerDay
                  : 0
              : 0);
          const timestamps: number[] = [];
          const values: number[] = [];
          if (perDay > 0) {
            for (let i = 0; i < points; i++) {
              const from = start + i * periodMs;
              const to = Math.min(end, from + periodMs);
              timestamps.push(Math.floor(from / 1000));
              values.push(Math.round((perDay * (to - from)) / 86_400_000));
            }
          }
          return { Id: q.Id, Label: stat.Metric.MetricName ?? q.Id, Timestamps: timestamps, Values: values, StatusCode: 'Complete' };
        });
        return JSON.stringify({ MetricDataResults: results, Messages: [] });
      },
    },
  };
}
