import type { Address } from '@aws-sdk/client-ec2';
import { defineCheck } from '../define.js';
import { configRule, trustedAdvisor } from '../frameworks/index.js';
import { HOURS_PER_MONTH, ec2Arn, formatUsd, tagsToRecord, usd } from '../support/index.js';
import type { CheckResult } from '../types.js';

/** Addresses from Amazon's pool pay the public IPv4 charge; BYOIP addresses (your own pool) do not. */
function isAmazonOwned(address: Address): boolean {
  return !address.PublicIpv4Pool || address.PublicIpv4Pool === 'amazon';
}

export const ec2EipUnassociated = defineCheck({
  id: 'ec2-eip-unassociated',
  title: 'Elastic IP address is not associated with any instance or network interface',
  service: 'ec2',
  scope: 'regional',
  severity: 'low',
  frameworks: [configRule('eip-attached'), trustedAdvisor('Z4AUBRNSmz')],
  reads: ['ec2.addresses'],
  prices: ['vpc.publicIpv4.hour'],
  remediation: {
    text: 'Release the Elastic IP address if nothing needs it (check DNS records and allow-lists that name it first), or associate it with the instance or network interface that should use it.',
    url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/working-with-eips.html#using-instance-addressing-eips-releasing',
  },
  async evaluate(ctx) {
    const hourly = ctx.prices.resolve('vpc.publicIpv4.hour', ctx.region);
    return (await ctx.ec2.addresses()).map((address): CheckResult => {
      const id = address.AllocationId ?? address.PublicIp ?? 'unknown';
      const name = address.PublicIp ? `${address.PublicIp} (${id})` : id;
      const evidence = {
        publicIp: address.PublicIp ?? null,
        allocationId: address.AllocationId ?? null,
        associationId: address.AssociationId ?? null,
        instanceId: address.InstanceId ?? null,
        networkInterfaceId: address.NetworkInterfaceId ?? null,
        publicIpv4Pool: address.PublicIpv4Pool ?? null,
        domain: address.Domain ?? null,
      };
      const base = {
        resourceType: 'AWS::EC2::EIP',
        resourceId: id,
        resourceArn: address.AllocationId ? ec2Arn(ctx.partition, ctx.region, ctx.accountId, 'elastic-ip', address.AllocationId) : null,
        tags: tagsToRecord(address.Tags),
      };
      if (address.AssociationId || address.InstanceId || address.NetworkInterfaceId) {
        const target = address.InstanceId ?? address.NetworkInterfaceId ?? address.AssociationId;
        return { ...base, status: 'PASS', message: `Elastic IP ${name} is associated with ${target}.`, evidence };
      }
      if (!isAmazonOwned(address)) {
        return {
          ...base,
          status: 'FAIL',
          message: `Elastic IP ${name} is not associated with anything; it comes from your own address pool (${address.PublicIpv4Pool}), so AWS charges no public IPv4 fee for it.`,
          evidence: { ...evidence, publicIpv4HourlyUsd: 0, hoursPerMonth: HOURS_PER_MONTH },
          estimatedMonthlyCostUsd: 0,
        };
      }
      const monthly = usd(hourly.usd * HOURS_PER_MONTH);
      return {
        ...base,
        status: 'FAIL',
        message: `Elastic IP ${name} is not associated with anything and costs ${formatUsd(monthly)}/month as an idle public IPv4 address.`,
        evidence: { ...evidence, publicIpv4HourlyUsd: hourly.usd, hoursPerMonth: HOURS_PER_MONTH, priceBasis: hourly.basis },
        estimatedMonthlyCostUsd: monthly,
      };
    });
  },
});
