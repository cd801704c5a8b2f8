import type { NatGateway } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { NatGatewayTraffic } from '../../../checks/types.js';
import { vpcNatGatewayIdle } from '../../../checks/vpc/vpc-nat-gateway-idle.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const nat = (id: string, extra: Partial<NatGateway> = {}): NatGateway => ({
  NatGatewayId: id,
  VpcId: 'vpc-a',
  SubnetId: 'subnet-a',
  State: 'available',
  ConnectivityType: 'public',
  CreateTime: daysAgo(200),
  NatGatewayAddresses: [{ AllocationId: `eipalloc-${id}`, PublicIp: '203.0.113.5', NetworkInterfaceId: `eni-${id}` }],
  ...extra,
});
const traffic = (id: string, out: number, inbound: number, days = 30): [string, NatGatewayTraffic] => [id, { natGatewayId: id, bytesOutToDestination: out, bytesInFromSource: inbound, days }];

function setup(nats: NatGateway[], entries: [string, NatGatewayTraffic][], region = 'us-east-1') {
  const windows: number[] = [];
  const ctx = fakeContext({
    region,
    now: NOW,
    ec2: { natGateways: async () => nats },
    cloudwatch: {
      natGatewayTraffic: async (days) => {
        windows.push(days);
        return new Map(entries);
      },
    },
  });
  return { ctx, windows };
}

describe('vpc-nat-gateway-idle', () => {
  it('fails a gateway with zero bytes over 30 days: 730 h × $0.045 plus its public IPv4 address, exact', async () => {
    const { ctx, windows } = setup([nat('nat-idle', { Tags: [{ Key: 'team', Value: 'net' }] })], [traffic('nat-idle', 0, 0)]);
    const [r] = await runCheck(vpcNatGatewayIdle, ctx);
    expect(windows).toEqual([30]);
    expect(r).toMatchObject({
      status: 'FAIL',
      resourceType: 'AWS::EC2::NatGateway',
      resourceId: 'nat-idle',
      resourceArn: 'arn:aws:ec2:us-east-1:111111111111:natgateway/nat-idle',
      estimatedMonthlyCostUsd: 36.5,
      costBasis: 'exact',
      tags: { team: 'net' },
      evidence: {
        metricsWindowDays: 30,
        bytesOutToDestination: 0,
        bytesInFromSource: 0,
        natGatewayHourlyUsd: 0.045,
        publicIpv4HourlyUsd: 0.005,
        hoursPerMonth: 730,
        runningHoursMonthlyUsd: 32.85,
        publicIpv4ChargeUsd: 3.65,
        publicIps: ['203.0.113.5'],
      },
    });
    expect(r!.message).toBe('NAT gateway nat-idle processed no bytes in the last 30 days and costs $36.50/month ($32.85 gateway-hours + $3.65 for its 1 public IPv4 address).');
  });

  it('treats a gateway absent from the metrics (no datapoints) as idle, and prices a private one without addresses by the hour only', async () => {
    const { ctx } = setup([nat('nat-private', { ConnectivityType: 'private', NatGatewayAddresses: [{ PrivateIp: '10.0.0.5' }] })], []);
    const [r] = await runCheck(vpcNatGatewayIdle, ctx);
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 32.85, evidence: { publicIps: [], publicIpv4ChargeUsd: 0 } });
    expect(r!.message).toMatch(/\(\$32\.85 gateway-hours\)\.$/);
  });

  it('passes a gateway that processed any byte, in either direction', async () => {
    const { ctx } = setup([nat('nat-out'), nat('nat-in')], [traffic('nat-out', 1, 0), traffic('nat-in', 0, 512)]);
    const results = await runCheck(vpcNatGatewayIdle, ctx);
    expect(results.map((r) => [r.resourceId, r.status, r.estimatedMonthlyCostUsd ?? null])).toEqual([
      ['nat-out', 'PASS', null],
      ['nat-in', 'PASS', null],
    ]);
  });

  it('passes an idle gateway younger than the window (it has not been idle for the whole window)', async () => {
    const { ctx } = setup([nat('nat-new', { CreateTime: daysAgo(10) })], []);
    const [r] = await runCheck(vpcNatGatewayIdle, ctx);
    expect(r).toMatchObject({ status: 'PASS', evidence: { ageDays: 10 } });
    expect(r!.message).toContain('created less than 30 days ago');
  });

  it('reads the configured window and uses the region price (sa-east-1: $0.093/h)', async () => {
    const { ctx, windows } = setup([nat('nat-sa', { CreateTime: daysAgo(8) })], [], 'sa-east-1');
    const [r] = await runCheck(vpcNatGatewayIdle, ctx, { metricsDays: 7 });
    expect(windows).toEqual([7]);
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 71.54, evidence: { runningHoursMonthlyUsd: 67.89, metricsWindowDays: 7 } });
  });

  it('ignores gateways that are not available and reads no metrics when none is', async () => {
    const { ctx, windows } = setup([nat('nat-del', { State: 'deleted' }), nat('nat-pend', { State: 'pending' })], []);
    expect(await runCheck(vpcNatGatewayIdle, ctx)).toEqual([]);
    expect(windows).toEqual([]);
  });

  it('rejects a window beyond 63 days, and lets a denied metrics read surface as an error', async () => {
    expect(() => vpcNatGatewayIdle.parseOptions({ metricsDays: 64 })).toThrow();
    const ctx = fakeContext({ ec2: { natGateways: async () => [nat('nat-x')] }, cloudwatch: { natGatewayTraffic: () => Promise.reject(awsError('AccessDenied')) } });
    await expect(runCheck(vpcNatGatewayIdle, ctx)).rejects.toThrow('AccessDenied');
  });
});
