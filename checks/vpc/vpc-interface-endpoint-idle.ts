import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import type { CheckResult } from '../types.js';
import { HOURS_PER_MONTH, ageInDays, ec2Arn, formatUsd, plural, tagsToRecord, usd } from '../support/index.js';
import { defineCheck } from '../define.js';
import { trustedAdvisor } from '../frameworks/index.js';

/** Availability Zones an interface endpoint is provisioned in: one subnet (one network interface) per zone. */
export function endpointZones(endpoint: VpcEndpoint): number {
  const subnets = new Set(endpoint.SubnetIds ?? []);
  return subnets.size > 0 ? subnets.size : new Set(endpoint.NetworkInterfaceIds ?? []).size;
}

export const vpcInterfaceEndpointIdle = defineCheck({
  id: 'vpc-interface-endpoint-idle',
  title: 'Interface VPC endpoint processed no traffic over the idle window',
  service: 'vpc',
  scope: 'regional',
  severity: 'low',
  frameworks: [trustedAdvisor('c2vlfg0jp6')],
  reads: ['ec2.vpcEndpoints', 'cloudwatch.vpcEndpointTraffic'],
  prices: ['vpc.interfaceEndpoint.azHour'],
  options: z.object({
    idleDays: z.number().int().min(1).max(63).default(30).describe('Days without any byte processed (BytesProcessed sum 0) that make an interface endpoint idle (at most 63: one GetMetricData period).'),
    minAgeDays: z.number().int().min(0).default(30).describe('Interface endpoints created fewer days ago than this are not judged.'),
  }),
  remediation: {
    text:
      'Confirm that nothing resolves the service through this endpoint (its private DNS names) and delete it; ' +
      'each Availability Zone it is provisioned in is billed every hour, whatever the traffic.',
    url: 'https://docs.aws.amazon.com/vpc/latest/privatelink/delete-interface-endpoint.html',
  },
  async evaluate(ctx, options) {
    const endpoints = await ctx.ec2.vpcEndpoints();
    // The collector queries exactly the interface endpoints that are billed: those are the ones judged.
    const traffic = await ctx.cloudwatch.vpcEndpointTraffic(options.idleDays);
    const judged = endpoints.filter((e) => e.VpcEndpointId && traffic.has(e.VpcEndpointId));
    if (judged.length === 0) return [];
    const price = ctx.prices.resolve('vpc.interfaceEndpoint.azHour', ctx.region);
    return judged.map((endpoint): CheckResult => {
      const id = endpoint.VpcEndpointId!;
      const window = traffic.get(id)!;
      const bytes = window.value ?? 0;
      const zones = endpointZones(endpoint);
      const ageDays = ageInDays(endpoint.CreationTimestamp, ctx.now);
      const evidence: Record<string, unknown> = {
        vpcId: endpoint.VpcId ?? null,
        serviceName: endpoint.ServiceName ?? null,
        state: endpoint.State ?? null,
        subnetIds: endpoint.SubnetIds ?? [],
        availabilityZones: zones,
        ageDays,
        idleDays: options.idleDays,
        bytesProcessed: bytes,
        datapoints: window.datapoints,
      };
      const base = {
        resourceType: 'AWS::EC2::VPCEndpoint',
        resourceId: id,
        resourceArn: ec2Arn(ctx.partition, ctx.region, ctx.accountId, 'vpc-endpoint', id),
        tags: tagsToRecord(endpoint.Tags),
        evidence,
      };
      const pass = (message: string): CheckResult => ({ ...base, status: 'PASS', message });
      if (ageDays !== null && ageDays < options.minAgeDays) return pass(`Interface endpoint ${id} was created ${ageDays} day(s) ago: younger than ${options.minAgeDays} days, not judged.`);
      if (bytes > 0) return pass(`Interface endpoint ${id} (${endpoint.ServiceName ?? 'unknown service'}) processed ${bytes} bytes over ${options.idleDays} days.`);
      if (zones === 0) return pass(`Interface endpoint ${id} is provisioned in no Availability Zone: no hourly charge.`);

      // An idle endpoint's whole bill is its zone-hours: exact where the region's list price is known (or overridden).
      const monthly = usd(zones * price.usd * HOURS_PER_MONTH);
      const cost = { availabilityZones: zones, hourlyPerAzUsd: price.usd, hoursPerMonth: HOURS_PER_MONTH, priceBasis: price.basis, monthlyCostUsd: monthly };
      return {
        ...base,
        status: 'FAIL',
        message:
          `Interface endpoint ${id} (${endpoint.ServiceName ?? 'unknown service'}) processed no traffic in ${options.idleDays} days; ` +
          `its ${plural(zones, 'Availability Zone')} cost ${formatUsd(monthly)}/month` +
          (price.basis === 'us-east-1' ? ` (at the us-east-1 price: ${ctx.region} is not in the price table).` : '.'),
        evidence: { ...evidence, cost },
        estimatedMonthlyCostUsd: monthly,
        costBasis: price.basis === 'list' || price.basis === 'same' || price.basis === 'override' ? 'exact' : 'estimate',
      };
    });
  },
});
