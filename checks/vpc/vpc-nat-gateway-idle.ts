import type { NatGateway } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { defineCheck } from '../define.js';
import { trustedAdvisor } from '../frameworks/index.js';
import { HOURS_PER_MONTH, ageInDays, daysBetween, ec2Arn, formatUsd, plural, tagsToRecord, usd } from '../support/index.js';
import type { CheckResult, CostBasis } from '../types.js';

/** Public addresses of a gateway: each is billed as a public IPv4 address while the gateway exists. */
function publicIps(nat: NatGateway): string[] {
  return (nat.NatGatewayAddresses ?? []).map((a) => a.PublicIp).filter((ip): ip is string => Boolean(ip));
}

export const vpcNatGatewayIdle = defineCheck({
  id: 'vpc-nat-gateway-idle',
  title: 'NAT gateway processed no traffic over the metrics window',
  service: 'vpc',
  scope: 'regional',
  severity: 'low',
  // Trusted Advisor "Inactive NAT Gateways": 0 bytes processed in the last 30 days (the default window here).
  frameworks: [trustedAdvisor('c2vlfg022t')],
  reads: ['ec2.natGateways', 'cloudwatch.natGatewayTraffic'],
  prices: ['vpc.natGateway.hour', 'vpc.publicIpv4.hour'],
  options: z.object({
    metricsDays: z
      .number()
      .int()
      .min(1)
      .max(63)
      .default(30)
      .describe('Days of NAT gateway traffic read from CloudWatch (at most 63: one GetMetricData period); 30 as Trusted Advisor uses.'),
  }),
  remediation: {
    text:
      'Check that no route table still sends traffic to the gateway and that it is not kept for failover, then delete it ' +
      'and release its Elastic IP addresses.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-working-with.html#nat-gateway-deleting',
  },
  async evaluate(ctx, options) {
    const nats = (await ctx.ec2.natGateways()).filter((n) => n.State === 'available' && n.NatGatewayId);
    if (nats.length === 0) return [];
    const traffic = await ctx.cloudwatch.natGatewayTraffic(options.metricsDays);
    const hour = ctx.prices.resolve('vpc.natGateway.hour', ctx.region);
    const ipv4 = ctx.prices.resolve('vpc.publicIpv4.hour', ctx.region);
    // The bill is the hourly charges (no bytes: no processing charge); exact where the prices are the region's own.
    const costBasis: CostBasis = [hour.basis, ipv4.basis].every((b) => b === 'list' || b === 'same' || b === 'override') ? 'exact' : 'estimate';

    return nats.map((nat): CheckResult => {
      const id = nat.NatGatewayId as string;
      const t = traffic.get(id);
      const bytesOut = t?.bytesOutToDestination ?? 0;
      const bytesIn = t?.bytesInFromSource ?? 0;
      const ips = publicIps(nat);
      const evidence: Record<string, unknown> = {
        vpcId: nat.VpcId ?? null,
        subnetId: nat.SubnetId ?? null,
        connectivityType: nat.ConnectivityType ?? null,
        createTime: nat.CreateTime?.toISOString() ?? null,
        ageDays: ageInDays(nat.CreateTime, ctx.now),
        metricsWindowDays: options.metricsDays,
        bytesOutToDestination: bytesOut,
        bytesInFromSource: bytesIn,
        publicIps: ips,
      };
      const base = {
        resourceType: 'AWS::EC2::NatGateway',
        resourceId: id,
        resourceArn: ec2Arn(ctx.partition, ctx.region, ctx.accountId, 'natgateway', id),
        tags: tagsToRecord(nat.Tags),
      };
      if (bytesOut + bytesIn > 0) {
        return { ...base, status: 'PASS', message: `NAT gateway ${id} processed ${bytesOut + bytesIn} bytes in the last ${options.metricsDays} days.`, evidence };
      }
      if (nat.CreateTime && daysBetween(nat.CreateTime, ctx.now) < options.metricsDays) {
        return {
          ...base,
          status: 'PASS',
          message: `NAT gateway ${id} processed no bytes, but it was created less than ${options.metricsDays} days ago (the metrics window).`,
          evidence,
        };
      }
      const runningHoursMonthlyUsd = usd(hour.usd * HOURS_PER_MONTH);
      const publicIpv4ChargeUsd = usd(ips.length * ipv4.usd * HOURS_PER_MONTH);
      const monthly = usd(runningHoursMonthlyUsd + publicIpv4ChargeUsd);
      return {
        ...base,
        status: 'FAIL',
        message:
          `NAT gateway ${id} processed no bytes in the last ${options.metricsDays} days and costs ${formatUsd(monthly)}/month ` +
          `(${formatUsd(runningHoursMonthlyUsd)} gateway-hours` +
          (ips.length > 0 ? ` + ${formatUsd(publicIpv4ChargeUsd)} for its ${plural(ips.length, 'public IPv4 address', 'public IPv4 addresses')})` : ')') +
          '.',
        evidence: {
          ...evidence,
          natGatewayHourlyUsd: hour.usd,
          natGatewayPriceBasis: hour.basis,
          publicIpv4HourlyUsd: ipv4.usd,
          hoursPerMonth: HOURS_PER_MONTH,
          runningHoursMonthlyUsd,
          publicIpv4ChargeUsd,
        },
        estimatedMonthlyCostUsd: monthly,
        costBasis,
      };
    });
  },
});
