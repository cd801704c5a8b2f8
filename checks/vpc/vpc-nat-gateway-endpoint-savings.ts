import type { NatGateway, RouteTable, VpcEndpoint } from '@aws-sdk/client-ec2';
import type { CheckResult, NatGatewayTraffic } from '../types.js';
import { BYTES_PER_GB, HOURS_PER_MONTH, ec2Arn, formatUsd, plural, tagsToRecord, usd } from '../support/index.js';
import { z } from 'zod';
import { defineCheck } from '../define.js';

export const GATEWAY_ENDPOINT_SERVICES = ['s3', 'dynamodb'] as const;
export type GatewayEndpointService = (typeof GATEWAY_ENDPOINT_SERVICES)[number];

const USABLE_ENDPOINT_STATES = new Set(['available', 'pending']);
const DAYS_PER_MONTH = 30;

export const TRAFFIC_SPLIT_NOTE =
  'CloudWatch reports only the total bytes a NAT gateway processes. Which part of it goes to S3 or DynamoDB ' +
  '(and would move to free gateway endpoints) needs VPC Flow Logs; the savings figure is a ceiling that assumes all of it does.';

/** 's3' / 'dynamodb' when the endpoint is a usable gateway endpoint for that service in `region`. */
export function gatewayEndpointService(endpoint: VpcEndpoint, region: string): GatewayEndpointService | null {
  if ((endpoint.VpcEndpointType ?? '').toLowerCase() !== 'gateway') return null;
  if (!USABLE_ENDPOINT_STATES.has((endpoint.State ?? '').toLowerCase())) return null;
  const match = /^(?:cn\.)?com\.amazonaws\.([a-z0-9-]+)\.(s3|dynamodb)$/.exec(endpoint.ServiceName ?? '');
  if (!match || match[1] !== region) return null;
  return match[2] as GatewayEndpointService;
}

/** NAT gateway ids (among `natIds`) that the table's default route (0.0.0.0/0) points to. */
export function defaultRouteNatGateways(table: RouteTable, natIds: ReadonlySet<string>): string[] {
  const ids = new Set<string>();
  for (const route of table.Routes ?? []) {
    if (route.DestinationCidrBlock !== '0.0.0.0/0' || !route.NatGatewayId) continue;
    if (route.State === 'blackhole' || !natIds.has(route.NatGatewayId)) continue;
    ids.add(route.NatGatewayId);
  }
  return [...ids];
}

/** USD per NAT gateway-hour and per GB processed, in the gateway's region. */
export interface NatGatewayPrices {
  hour: number;
  perGb: number;
}

export interface NatGatewayCost {
  natGatewayId: string;
  subnetId: string | null;
  bytesOutToDestination: number;
  bytesInFromSource: number;
  windowDays: number;
  gbProcessedPerMonth: number;
  runningHoursMonthlyUsd: number;
  processingMonthlyUsd: number;
  monthlyCostUsd: number;
  idle: boolean;
  routeTableIds: string[];
}

/** Monthly cost of one NAT gateway: 730 hours plus the window's bytes scaled to 30 days. */
export function natGatewayCost(
  nat: NatGateway,
  traffic: NatGatewayTraffic | undefined,
  defaultDays: number,
  prices: NatGatewayPrices,
): Omit<NatGatewayCost, 'routeTableIds'> {
  // A gateway with no datapoints in the window processed nothing.
  const out = traffic?.bytesOutToDestination ?? 0;
  const inbound = traffic?.bytesInFromSource ?? 0;
  const days = traffic && traffic.days > 0 ? traffic.days : defaultDays;
  const gbPerMonth = ((out + inbound) / BYTES_PER_GB) * (DAYS_PER_MONTH / days);
  const hourly = prices.hour * HOURS_PER_MONTH;
  const processing = gbPerMonth * prices.perGb;
  return {
    natGatewayId: nat.NatGatewayId as string,
    subnetId: nat.SubnetId ?? null,
    bytesOutToDestination: out,
    bytesInFromSource: inbound,
    windowDays: days,
    gbProcessedPerMonth: Math.round(gbPerMonth * 100) / 100,
    runningHoursMonthlyUsd: usd(hourly),
    processingMonthlyUsd: usd(processing),
    monthlyCostUsd: usd(hourly + processing),
    idle: out + inbound === 0,
  };
}

interface TableFinding {
  routeTableId: string;
  natGatewayIds: string[];
  endpoints: Record<GatewayEndpointService, string | null>;
  missingEndpoints: GatewayEndpointService[];
}

export const vpcNatGatewayEndpointSavings = defineCheck({
  id: 'vpc-nat-gateway-endpoint-savings',
  title: 'NAT-routed VPC lacks S3/DynamoDB gateway endpoints',
  service: 'vpc',
  scope: 'regional',
  severity: 'low',
  // No AWS-managed control checks NAT routing against gateway endpoints; none is claimed.
  frameworks: [],
  prices: ['vpc.natGateway.hour', 'vpc.natGateway.gbProcessed'],
  reads: ['ec2.natGateways', 'ec2.routeTables', 'ec2.vpcEndpoints', 'ec2.vpcs', 'cloudwatch.natGatewayTraffic'],
  options: z.object({
    metricsDays: z.number().int().min(1).max(63).default(14).describe('Days of NAT gateway traffic read from CloudWatch (at most 63: one GetMetricData period).'),
  }),
  remediation: {
    text:
      'Create S3 and DynamoDB gateway endpoints (free) and associate them with every route table that sends ' +
      '0.0.0.0/0 to a NAT gateway, so that traffic to those services skips the NAT processing charge. ' +
      'Delete NAT gateways that process no traffic.',
    url: 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
  },
  async evaluate(ctx, options) {
    const nats = (await ctx.ec2.natGateways()).filter((n) => n.State === 'available' && n.VpcId && n.NatGatewayId);
    if (nats.length === 0) return [];
    const [routeTables, endpoints, traffic, vpcs] = await Promise.all([
      ctx.ec2.routeTables(),
      ctx.ec2.vpcEndpoints(),
      ctx.cloudwatch.natGatewayTraffic(options.metricsDays),
      ctx.ec2.vpcs(),
    ]);
    const prices: NatGatewayPrices = {
      hour: ctx.prices.get('vpc.natGateway.hour', ctx.region),
      perGb: ctx.prices.get('vpc.natGateway.gbProcessed', ctx.region),
    };
    const vpcIds = [...new Set(nats.map((n) => n.VpcId as string))].sort();

    return vpcIds.map((vpcId): CheckResult => {
      const vpcNats = nats.filter((n) => n.VpcId === vpcId);
      const natIds = new Set(vpcNats.map((n) => n.NatGatewayId as string));

      const tables: TableFinding[] = [];
      for (const table of routeTables) {
        if (table.VpcId !== vpcId || !table.RouteTableId) continue;
        const natGatewayIds = defaultRouteNatGateways(table, natIds);
        if (natGatewayIds.length === 0) continue;
        const found: Record<GatewayEndpointService, string | null> = { s3: null, dynamodb: null };
        for (const ep of endpoints) {
          if (ep.VpcId !== vpcId || !(ep.RouteTableIds ?? []).includes(table.RouteTableId)) continue;
          const service = gatewayEndpointService(ep, ctx.region);
          if (service && !found[service]) found[service] = ep.VpcEndpointId ?? 'unknown';
        }
        tables.push({
          routeTableId: table.RouteTableId,
          natGatewayIds,
          endpoints: found,
          missingEndpoints: GATEWAY_ENDPOINT_SERVICES.filter((s) => !found[s]),
        });
      }

      const costs: NatGatewayCost[] = vpcNats.map((nat) => ({
        ...natGatewayCost(nat, traffic.get(nat.NatGatewayId as string), options.metricsDays, prices),
        routeTableIds: tables.filter((t) => t.natGatewayIds.includes(nat.NatGatewayId as string)).map((t) => t.routeTableId),
      }));
      const lacking = tables.filter((t) => t.missingEndpoints.length > 0);
      const lackingNatIds = new Set(lacking.flatMap((t) => t.natGatewayIds));
      const monthlyNatCost = usd(costs.reduce((sum, c) => sum + c.monthlyCostUsd, 0));
      // Gateway endpoints are free: at most the processing charge of the NATs behind lacking tables goes away.
      const savingsCeiling = usd(costs.filter((c) => lackingNatIds.has(c.natGatewayId)).reduce((s, c) => s + c.processingMonthlyUsd, 0));
      const vpc = vpcs.find((v) => v.VpcId === vpcId);

      const evidence = {
        vpcId,
        natGateways: costs,
        natRoutedRouteTables: tables,
        missingEndpoints: lacking.flatMap((t) => t.missingEndpoints.map((service) => ({ routeTableId: t.routeTableId, service }))),
        metricsWindowDays: options.metricsDays,
        monthlyNatCostUsd: monthlyNatCost,
        endpointSavingsCeilingUsd: savingsCeiling,
        trafficSplitNote: TRAFFIC_SPLIT_NOTE,
      };
      const base = {
        resourceType: 'AWS::EC2::VPC',
        resourceId: vpcId,
        resourceArn: ec2Arn(ctx.partition, ctx.region, ctx.accountId, 'vpc', vpcId),
        tags: tagsToRecord(vpc?.Tags),
        evidence,
      };

      // An idle gateway processes nothing, so it adds nothing here: vpc-nat-gateway-idle reports its hourly charge.
      if (lacking.length === 0) {
        return {
          ...base,
          status: 'PASS',
          message:
            tables.length === 0
              ? `No route table in ${vpcId} sends 0.0.0.0/0 through its ${plural(vpcNats.length, 'NAT gateway')}.`
              : `Every route table in ${vpcId} that sends 0.0.0.0/0 through a NAT gateway has S3 and DynamoDB gateway endpoints.`,
          estimatedMonthlyCostUsd: null,
        };
      }

      const missing = lacking.map((t) => `${t.routeTableId} lacks ${t.missingEndpoints.join(' and ')}`).join('; ');
      const behind = costs.filter((c) => lackingNatIds.has(c.natGatewayId));
      const gb = behind.reduce((s, c) => s + c.gbProcessedPerMonth, 0);
      return {
        ...base,
        status: 'FAIL',
        message:
          `NAT-routed route tables in ${vpcId} lack gateway endpoints (${missing}). ` +
          `The VPC's NAT gateways cost about ${formatUsd(monthlyNatCost)}/month; processing the ${Math.round(gb * 10) / 10} GB/month ` +
          `through the NAT gateways behind them costs ${formatUsd(savingsCeiling)}, the most free gateway endpoints could save ` +
          '(how much of that traffic goes to S3/DynamoDB needs VPC Flow Logs).',
        estimatedMonthlyCostUsd: savingsCeiling,
        // All processed bytes assumed to go to S3/DynamoDB: an upper bound (TRAFFIC_SPLIT_NOTE).
        costBasis: 'ceiling',
      };
    });
  },
});
