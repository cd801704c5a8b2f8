import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { vpcInterfaceEndpointIdle } from '../../../checks/vpc/vpc-interface-endpoint-idle.js';
import { createPriceBook } from '../../../checks/pricing.js';
import type { MetricWindow } from '../../../checks/types.js';
import { fakeContext, runCheck } from '../../helpers/fake-context.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const endpoint = (id: string, extra: Partial<VpcEndpoint> = {}): VpcEndpoint => ({
  VpcEndpointId: id,
  VpcEndpointType: 'Interface',
  VpcId: 'vpc-1',
  ServiceName: 'com.amazonaws.us-east-1.ssm',
  State: 'available' as VpcEndpoint['State'],
  SubnetIds: ['subnet-a', 'subnet-b', 'subnet-c'],
  CreationTimestamp: new Date('2026-01-01T00:00:00Z'),
  ...extra,
});
const bytes = (value: number | null, days = 30): MetricWindow => ({ value, datapoints: value === null ? 0 : 1, days });

async function run(endpoints: VpcEndpoint[], traffic: Record<string, MetricWindow>, options: Record<string, unknown> = {}, region = 'us-east-1') {
  const asked: number[] = [];
  const ctx = fakeContext({
    region,
    now: NOW,
    ec2: { vpcEndpoints: async () => endpoints },
    cloudwatch: {
      vpcEndpointTraffic: async (days) => {
        asked.push(days);
        return new Map(Object.entries(traffic));
      },
    },
  });
  const results = await runCheck(vpcInterfaceEndpointIdle, ctx, options);
  return { results, asked, byId: new Map(results.map((r) => [r.resourceId, r])) };
}

describe('vpc-interface-endpoint-idle', () => {
  it('fails an endpoint without traffic at its hourly price per Availability Zone, exact where the region is listed', async () => {
    const { byId, asked } = await run([endpoint('vpce-idle')], { 'vpce-idle': bytes(null) });
    const r = byId.get('vpce-idle')!;
    // 3 zones × 0.01 × 730 = 21.90
    expect(r).toMatchObject({
      status: 'FAIL',
      estimatedMonthlyCostUsd: 21.9,
      costBasis: 'exact',
      resourceType: 'AWS::EC2::VPCEndpoint',
      resourceArn: 'arn:aws:ec2:us-east-1:111111111111:vpc-endpoint/vpce-idle',
      evidence: { availabilityZones: 3, bytesProcessed: 0, cost: { hourlyPerAzUsd: 0.01, hoursPerMonth: 730, priceBasis: 'list' } },
    });
    expect(asked).toEqual([30]);
  });

  it('passes an endpoint that processed bytes', async () => {
    const { byId } = await run([endpoint('vpce-busy')], { 'vpce-busy': bytes(2048) });
    expect(byId.get('vpce-busy')!.status).toBe('PASS');
  });

  it('judges only the endpoints the collector measured (interface endpoints that bill): gateway endpoints get no finding', async () => {
    const { results } = await run([endpoint('vpce-if'), endpoint('vpce-gw', { VpcEndpointType: 'Gateway', SubnetIds: [] })], { 'vpce-if': bytes(0) });
    expect(results.map((r) => r.resourceId)).toEqual(['vpce-if']);
  });

  it('estimates at the us-east-1 price where the region has none, and says so', async () => {
    const { byId } = await run([endpoint('vpce-eu', { SubnetIds: ['subnet-a'] })], { 'vpce-eu': bytes(0) }, {}, 'eu-west-1');
    const r = byId.get('vpce-eu')!;
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 7.3, costBasis: 'estimate', evidence: { cost: { priceBasis: 'us-east-1' } } });
    expect(r.message).toContain('us-east-1 price');
  });

  it('is exact with a configured price', async () => {
    const ctx = fakeContext({ region: 'eu-west-1', now: NOW, ec2: { vpcEndpoints: async () => [endpoint('e', { SubnetIds: ['s1', 's2'] })] }, cloudwatch: { vpcEndpointTraffic: async () => new Map([['e', bytes(0)]]) } });
    ctx.prices = createPriceBook({ 'eu-west-1': { 'vpc.interfaceEndpoint.azHour': 0.011 } });
    const [r] = await runCheck(vpcInterfaceEndpointIdle, ctx);
    // 2 × 0.011 × 730 = 16.06
    expect(r).toMatchObject({ estimatedMonthlyCostUsd: 16.06, costBasis: 'exact' });
  });

  it('counts each subnet once, falls back to the network interfaces, and does not judge young or zone-less endpoints', async () => {
    const { byId } = await run(
      [
        endpoint('dup', { SubnetIds: ['s1', 's1', 's2'] }),
        endpoint('enis', { SubnetIds: [], NetworkInterfaceIds: ['eni-1', 'eni-2'] }),
        endpoint('young', { CreationTimestamp: new Date(NOW.getTime() - 3 * 86_400_000) }),
        endpoint('nowhere', { SubnetIds: [], NetworkInterfaceIds: [] }),
        endpoint('undated', { CreationTimestamp: undefined, SubnetIds: ['s1'] }),
      ],
      { dup: bytes(0), enis: bytes(0), young: bytes(0), nowhere: bytes(0), undated: bytes(0) },
    );
    expect(byId.get('dup')).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 14.6, evidence: { availabilityZones: 2 } });
    expect(byId.get('enis')).toMatchObject({ status: 'FAIL', evidence: { availabilityZones: 2 } });
    expect(byId.get('young')!.status).toBe('PASS');
    expect(byId.get('young')!.message).toContain('created 3 day(s) ago');
    expect(byId.get('nowhere')!.status).toBe('PASS');
    expect(byId.get('undated')!.status).toBe('FAIL');
  });

  it('honours idleDays and minAgeDays', async () => {
    const young = endpoint('young', { CreationTimestamp: new Date(NOW.getTime() - 3 * 86_400_000) });
    const { byId, asked } = await run([young], { young: bytes(0, 7) }, { idleDays: 7, minAgeDays: 0 });
    expect(asked).toEqual([7]);
    expect(byId.get('young')).toMatchObject({ status: 'FAIL', evidence: { idleDays: 7 } });
  });

  it('returns nothing and reads no metric window when the region has no endpoint', async () => {
    const { results } = await run([], {});
    expect(results).toEqual([]);
  });
});
