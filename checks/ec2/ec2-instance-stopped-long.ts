import type { Address, Instance, Volume } from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { defineCheck } from '../define.js';
import { configRule, fsbp, trustedAdvisor } from '../frameworks/index.js';
import { HOURS_PER_MONTH, ageInDays, daysBetween, EBS_VOLUME_PRICE_KEYS, ec2Arn, formatUsd, plural, tagsToRecord, usd, volumeMonthlyCost } from '../support/index.js';
import type { CheckResult } from '../types.js';

// EC2 writes the stop time into StateTransitionReason: "User initiated (2024-01-02 10:00:00 GMT)" (moto writes UTC).
const STOP_TIME = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (?:GMT|UTC)\)/;

/** The time an instance stopped, from its StateTransitionReason; null when the reason carries no time. */
export function stoppedAt(reason: string | undefined): Date | null {
  const match = STOP_TIME.exec(reason ?? '');
  if (!match) return null;
  const at = new Date(`${match[1]}T${match[2]}Z`);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** Addresses held by an instance: by its id, or by one of its network interfaces. */
function instanceAddresses(instance: Instance, addresses: readonly Address[]): Address[] {
  const enis = new Set((instance.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId).filter(Boolean));
  return addresses.filter((a) => (a.InstanceId && a.InstanceId === instance.InstanceId) || (a.NetworkInterfaceId && enis.has(a.NetworkInterfaceId)));
}

export const ec2InstanceStoppedLong = defineCheck({
  id: 'ec2-instance-stopped-long',
  title: 'EC2 instance has been stopped for longer than the allowed number of days',
  service: 'ec2',
  scope: 'regional',
  severity: 'medium',
  // All three use 30 days by default (FSBP EC2.4's AllowedDays, the Config rule's AllowedDays, Trusted Advisor's check).
  frameworks: [fsbp('EC2.4'), configRule('ec2-stopped-instance'), trustedAdvisor('c18d2gz150')],
  reads: ['ec2.instances', 'ec2.volumes', 'ec2.addresses'],
  prices: [...EBS_VOLUME_PRICE_KEYS, 'vpc.publicIpv4.hour'],
  options: z.object({
    allowedDays: z
      .number()
      .int()
      .min(1)
      .max(365)
      .default(30)
      .describe('Days an instance may stay stopped (FSBP EC2.4 and the ec2-stopped-instance Config rule default to 30).'),
  }),
  remediation: {
    text:
      'Terminate instances nobody will start again (snapshot the volumes whose data matters first, and release their Elastic IPs); ' +
      'start and patch the ones still needed, or keep an AMI instead of a stopped instance.',
    url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/terminating-instances.html',
  },
  async evaluate(ctx, options) {
    const instances = (await ctx.ec2.instances()).filter((i) => i.InstanceId && i.State?.Name !== 'terminated' && i.State?.Name !== 'shutting-down');
    if (instances.length === 0) return [];
    const stopped = instances.filter((i) => i.State?.Name === 'stopped');
    const [volumes, addresses] = stopped.length > 0 ? await Promise.all([ctx.ec2.volumes(), ctx.ec2.addresses()]) : [[] as Volume[], [] as Address[]];
    const volumeById = new Map(volumes.filter((v) => v.VolumeId).map((v) => [v.VolumeId as string, v]));
    const ipv4 = ctx.prices.resolve('vpc.publicIpv4.hour', ctx.region);

    return instances.map((instance): CheckResult => {
      const id = instance.InstanceId as string;
      const state = instance.State?.Name ?? 'unknown';
      const base = {
        resourceType: 'AWS::EC2::Instance',
        resourceId: id,
        resourceArn: ec2Arn(ctx.partition, ctx.region, ctx.accountId, 'instance', id),
        tags: tagsToRecord(instance.Tags),
      };
      const evidence: Record<string, unknown> = {
        state,
        instanceType: instance.InstanceType ?? null,
        launchTime: instance.LaunchTime?.toISOString() ?? null,
        stateTransitionReason: instance.StateTransitionReason ?? null,
        allowedDays: options.allowedDays,
      };
      if (state !== 'stopped') return { ...base, status: 'PASS', message: `Instance ${id} is ${state}.`, evidence };

      const since = stoppedAt(instance.StateTransitionReason);
      const days = ageInDays(since, ctx.now);
      evidence.stoppedAt = since?.toISOString() ?? null;
      evidence.stoppedDays = days;
      // "More than allowedDays": to the second, so 30 days and an hour fails and exactly 30 passes.
      if (since !== null && daysBetween(since, ctx.now) <= options.allowedDays) {
        return { ...base, status: 'PASS', message: `Instance ${id} has been stopped for ${plural(days ?? 0, 'day')}, within the allowed ${options.allowedDays}.`, evidence };
      }
      // Without a stop time, the launch time bounds it: an instance cannot have been stopped for longer than it has existed.
      const launched = instance.LaunchTime ?? null;
      if (since === null && launched !== null && daysBetween(launched, ctx.now) <= options.allowedDays) {
        const age = ageInDays(launched, ctx.now) ?? 0;
        return {
          ...base,
          status: 'PASS',
          message: `Instance ${id} is stopped; its stop time is not given, but it was launched ${plural(age, 'day')} ago, within the allowed ${options.allowedDays}.`,
          evidence: { ...evidence, stopTimeKnown: false },
        };
      }

      // What keeps billing while the instance is stopped: its EBS volumes (and public IPv4 addresses, reported by ec2-eip-unassociated).
      const volumeCosts = (instance.BlockDeviceMappings ?? [])
        .map((m) => m.Ebs?.VolumeId)
        .filter((v): v is string => Boolean(v))
        .map((volumeId) => {
          const volume = volumeById.get(volumeId);
          const cost = volume ? volumeMonthlyCost(volume, ctx.prices, ctx.region) : null;
          return {
            volumeId,
            volumeType: volume?.VolumeType ?? null,
            sizeGiB: volume?.Size ?? null,
            monthlyUsd: cost?.monthlyUsd ?? null,
            note: volume ? (cost ? null : 'no price known for the volume type') : 'volume not found in DescribeVolumes',
          };
        });
      const volumesUsd = usd(volumeCosts.reduce((s, v) => s + (v.monthlyUsd ?? 0), 0));
      const ips = instanceAddresses(instance, addresses).map((a) => ({
        publicIp: a.PublicIp ?? null,
        allocationId: a.AllocationId ?? null,
        byoip: Boolean(a.PublicIpv4Pool && a.PublicIpv4Pool !== 'amazon'),
      }));
      const billedIps = ips.filter((a) => !a.byoip).length;
      const publicIpv4Usd = usd(billedIps * ipv4.usd * HOURS_PER_MONTH);
      const stoppedFor = days === null ? 'since a time its state transition reason does not give' : `for ${plural(days, 'day')}`;
      return {
        ...base,
        status: 'FAIL',
        message:
          `Instance ${id} has been stopped ${stoppedFor} (allowed: ${options.allowedDays}); its ${plural(volumeCosts.length, 'EBS volume')} still cost ` +
          `${formatUsd(volumesUsd)}/month` +
          (billedIps > 0 ? ` (its ${plural(billedIps, 'Elastic IP')}, another ${formatUsd(publicIpv4Usd)}/month, ${billedIps === 1 ? 'is' : 'are'} reported by ec2-eip-unassociated).` : '.'),
        evidence: {
          ...evidence,
          stopTimeKnown: since !== null,
          volumes: volumeCosts,
          volumesMonthlyUsd: volumesUsd,
          publicIpv4Addresses: ips,
          // Not added to this finding's figure: ec2-eip-unassociated reports each of these addresses with its cost.
          publicIpv4MonthlyUsdReportedElsewhere: publicIpv4Usd,
          publicIpv4HourlyUsd: ipv4.usd,
        },
        estimatedMonthlyCostUsd: volumesUsd,
        costBasis: 'estimate',
      };
    });
  },
});
