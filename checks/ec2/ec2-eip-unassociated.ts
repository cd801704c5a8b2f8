import type { Address, Instance } from '@aws-sdk/client-ec2';
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
  title: 'Elastic IP address is not associated, or is associated with a stopped instance',
  service: 'ec2',
  scope: 'regional',
  severity: 'low',
  frameworks: [configRule('eip-attached'), trustedAdvisor('Z4AUBRNSmz')],
  reads: ['ec2.addresses', 'ec2.instances'],
  prices: ['vpc.publicIpv4.hour'],
  remediation: {
    text: 'Release the Elastic IP address if nothing needs it (check DNS records and allow-lists that name it first), or associate it with the instance or network interface that should use it; an address kept on a stopped instance is billed as if in use.',
    url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/working-with-eips.html#using-instance-addressing-eips-releasing',
  },
  async evaluate(ctx) {
    const hourly = ctx.prices.resolve('vpc.publicIpv4.hour', ctx.region);
    const addresses = await ctx.ec2.addresses();
    // Instances are read only when an address is associated with one.
    const instances = addresses.some((a) => a.InstanceId) ? await ctx.ec2.instances() : [];
    const instanceById = new Map<string, Instance>(instances.filter((i) => i.InstanceId).map((i) => [i.InstanceId as string, i]));
    return addresses.map((address): CheckResult => {
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
      const instance = address.InstanceId ? instanceById.get(address.InstanceId) : undefined;
      const instanceState = instance?.State?.Name ?? null;
      if (instance && instanceState === 'stopped' && isAmazonOwned(address)) {
        // Since February 2024 a public IPv4 address costs the same in use or idle; on a stopped instance it serves nothing.
        const monthly = usd(hourly.usd * HOURS_PER_MONTH);
        return {
          ...base,
          status: 'FAIL',
          message: `Elastic IP ${name} is associated with ${address.InstanceId}, which is stopped, and costs ${formatUsd(monthly)}/month as a public IPv4 address that serves nothing.`,
          evidence: { ...evidence, instanceState, instanceStateTransitionReason: instance.StateTransitionReason ?? null, publicIpv4HourlyUsd: hourly.usd, hoursPerMonth: HOURS_PER_MONTH, priceBasis: hourly.basis },
          estimatedMonthlyCostUsd: monthly,
          costBasis: 'exact',
        };
      }
      if (address.AssociationId || address.InstanceId || address.NetworkInterfaceId) {
        const target = address.InstanceId ?? address.NetworkInterfaceId ?? address.AssociationId;
        return {
          ...base,
          status: 'PASS',
          message:
            `Elastic IP ${name} is associated with ${target}` +
            (instanceState === 'stopped' ? `, a stopped instance; it comes from your own address pool, so AWS charges no public IPv4 fee for it.` : '.'),
          evidence: address.InstanceId ? { ...evidence, instanceState } : evidence,
        };
      }
      if (!isAmazonOwned(address)) {
        return {
          ...base,
          status: 'FAIL',
          message: `Elastic IP ${name} is not associated with anything; it comes from your own address pool (${address.PublicIpv4Pool}), so AWS charges no public IPv4 fee for it.`,
          evidence: { ...evidence, publicIpv4HourlyUsd: 0, hoursPerMonth: HOURS_PER_MONTH },
          estimatedMonthlyCostUsd: 0,
          costBasis: 'exact',
        };
      }
      const monthly = usd(hourly.usd * HOURS_PER_MONTH);
      return {
        ...base,
        status: 'FAIL',
        message: `Elastic IP ${name} is not associated with anything and costs ${formatUsd(monthly)}/month as an idle public IPv4 address.`,
        evidence: { ...evidence, publicIpv4HourlyUsd: hourly.usd, hoursPerMonth: HOURS_PER_MONTH, priceBasis: hourly.basis },
        estimatedMonthlyCostUsd: monthly,
        costBasis: 'exact',
      };
    });
  },
});
