import type { NatGateway, RouteTable, VpcEndpoint } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import type { NatGatewayTraffic } from '../../../checks/types.js';
import { gatewayEndpointService, vpcNatGatewayEndpointSavings } from '../../../checks/vpc/vpc-nat-gateway-endpoint-savings.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const GiB = 1024 ** 3;
const nat = (id: string, vpcId: string, state: NatGateway['State'] = 'available'): NatGateway => ({
  NatGatewayId: id,
  VpcId: vpcId,
  SubnetId: `subnet-${id}`,
  State: state,
});
const natTable = (id: string, vpcId: string, natId: string, extra: Partial<RouteTable> = {}): RouteTable => ({
  RouteTableId: id,
  VpcId: vpcId,
  Routes: [
    { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
    { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natId, State: 'active' },
  ],
  ...extra,
});
const endpoint = (id: string, vpcId: string, service: 's3' | 'dynamodb', tables: string[], extra: Partial<VpcEndpoint> = {}): VpcEndpoint => ({
  VpcEndpointId: id,
  VpcId: vpcId,
  VpcEndpointType: 'Gateway',
  ServiceName: `com.amazonaws.us-east-1.${service}`,
  // The API answers lowercase states, although the SDK's enum type is capitalised.
  State: 'available' as VpcEndpoint['State'],
  RouteTableIds: tables,
  ...extra,
});
const traffic = (id: string, out: number, inbound: number, days = 14): [string, NatGatewayTraffic] => [
  id,
  { natGatewayId: id, bytesOutToDestination: out, bytesInFromSource: inbound, days },
];

interface Input {
  nats: NatGateway[];
  tables?: RouteTable[];
  endpoints?: VpcEndpoint[];
  traffic?: [string, NatGatewayTraffic][];
}
function ctxFor(input: Input) {
  return fakeContext({
    ec2: {
      natGateways: async () => input.nats,
      routeTables: async () => input.tables ?? [],
      vpcEndpoints: async () => input.endpoints ?? [],
      vpcs: async () => [{ VpcId: 'vpc-a', Tags: [{ Key: 'Name', Value: 'prod' }] }, { VpcId: 'vpc-b' }],
    },
    cloudwatch: { natGatewayTraffic: async () => new Map(input.traffic ?? []) },
  });
}
const run = (input: Input) => runCheck(vpcNatGatewayEndpointSavings, ctxFor(input));

describe('vpc-nat-gateway-endpoint-savings', () => {
  it('passes a VPC whose NAT-routed table has both gateway endpoints', async () => {
    const [r, ...rest] = await run({
      nats: [nat('nat-a', 'vpc-a')],
      tables: [natTable('rtb-a', 'vpc-a', 'nat-a')],
      endpoints: [endpoint('vpce-s3', 'vpc-a', 's3', ['rtb-a']), endpoint('vpce-ddb', 'vpc-a', 'dynamodb', ['rtb-a'])],
      traffic: [traffic('nat-a', 5 * GiB, 9 * GiB)],
    });
    expect(rest).toEqual([]);
    expect(r).toMatchObject({
      status: 'PASS',
      resourceType: 'AWS::EC2::VPC',
      resourceId: 'vpc-a',
      resourceArn: 'arn:aws:ec2:us-east-1:111111111111:vpc/vpc-a',
      tags: { Name: 'prod' },
      estimatedMonthlyCostUsd: null,
    });
    expect(r?.evidence?.natRoutedRouteTables).toEqual([
      { routeTableId: 'rtb-a', natGatewayIds: ['nat-a'], endpoints: { s3: 'vpce-s3', dynamodb: 'vpce-ddb' }, missingEndpoints: [] },
    ]);
  });

  it('fails when one endpoint is missing, with NAT cost and the savings ceiling', async () => {
    // 14 GiB over 14 days → 30 GiB/month × $0.045 = $1.35; hours 730 × $0.045 = $32.85.
    const [r] = await run({
      nats: [nat('nat-a', 'vpc-a')],
      tables: [natTable('rtb-a', 'vpc-a', 'nat-a')],
      endpoints: [endpoint('vpce-s3', 'vpc-a', 's3', ['rtb-a'])],
      traffic: [traffic('nat-a', 4 * GiB, 10 * GiB)],
    });
    expect(r?.status).toBe('FAIL');
    expect(r?.estimatedMonthlyCostUsd).toBe(1.35);
    expect(r?.costBasis).toBe('ceiling');
    expect(r?.evidence).toMatchObject({
      missingEndpoints: [{ routeTableId: 'rtb-a', service: 'dynamodb' }],
      monthlyNatCostUsd: 34.2,
      endpointSavingsCeilingUsd: 1.35,
      natGateways: [
        {
          natGatewayId: 'nat-a',
          bytesOutToDestination: 4 * GiB,
          bytesInFromSource: 10 * GiB,
          windowDays: 14,
          gbProcessedPerMonth: 30,
          runningHoursMonthlyUsd: 32.85,
          processingMonthlyUsd: 1.35,
          monthlyCostUsd: 34.2,
          idle: false,
          routeTableIds: ['rtb-a'],
        },
      ],
    });
    expect(r?.message).toContain('rtb-a lacks dynamodb');
    expect(r?.message).toContain('$34.20/month');
    expect(r?.message).toContain('VPC Flow Logs');
    expect(r?.evidence?.trafficSplitNote).toContain('VPC Flow Logs');
  });

  it('fails when both endpoints are missing, and ignores endpoints on other tables, interface endpoints and failed ones', async () => {
    const [r] = await run({
      nats: [nat('nat-a', 'vpc-a')],
      tables: [natTable('rtb-a', 'vpc-a', 'nat-a')],
      endpoints: [
        endpoint('vpce-other-table', 'vpc-a', 's3', ['rtb-public']),
        endpoint('vpce-iface', 'vpc-a', 's3', ['rtb-a'], { VpcEndpointType: 'Interface' }),
        endpoint('vpce-failed', 'vpc-a', 'dynamodb', ['rtb-a'], { State: 'failed' as VpcEndpoint['State'] }),
      ],
      traffic: [traffic('nat-a', GiB, GiB)],
    });
    expect(r?.status).toBe('FAIL');
    expect(r?.evidence?.missingEndpoints).toEqual([
      { routeTableId: 'rtb-a', service: 's3' },
      { routeTableId: 'rtb-a', service: 'dynamodb' },
    ]);
  });

  it('accepts a pending endpoint', async () => {
    const [r] = await run({
      nats: [nat('nat-a', 'vpc-a')],
      tables: [natTable('rtb-a', 'vpc-a', 'nat-a')],
      endpoints: [endpoint('s3', 'vpc-a', 's3', ['rtb-a'], { State: 'pending' as VpcEndpoint['State'] }), endpoint('d', 'vpc-a', 'dynamodb', ['rtb-a'])],
      traffic: [traffic('nat-a', 1, 1)],
    });
    expect(r?.status).toBe('PASS');
  });

  it('passes an idle NAT gateway whose tables have both endpoints: vpc-nat-gateway-idle reports it', async () => {
    const [r] = await run({
      nats: [nat('nat-idle', 'vpc-a')],
      tables: [natTable('rtb-a', 'vpc-a', 'nat-idle')],
      endpoints: [endpoint('s3', 'vpc-a', 's3', ['rtb-a']), endpoint('d', 'vpc-a', 'dynamodb', ['rtb-a'])],
      traffic: [],
    });
    expect(r?.status).toBe('PASS');
    expect(r?.estimatedMonthlyCostUsd).toBeNull();
    expect(r?.evidence).not.toHaveProperty('idleNatGateways');
  });

  it('counts no idle gateway: its processing charge is 0 and its hourly charge belongs to vpc-nat-gateway-idle', async () => {
    const [r] = await run({
      nats: [nat('nat-busy', 'vpc-a'), nat('nat-idle', 'vpc-a')],
      tables: [natTable('rtb-1', 'vpc-a', 'nat-busy'), natTable('rtb-2', 'vpc-a', 'nat-idle')],
      traffic: [traffic('nat-busy', 7 * GiB, 7 * GiB), traffic('nat-idle', 0, 0)],
    });
    expect(r?.status).toBe('FAIL');
    expect(r?.evidence?.endpointSavingsCeilingUsd).toBe(1.35);
    expect(r?.estimatedMonthlyCostUsd).toBe(1.35);
    expect(r?.message).not.toContain('idle');
  });

  it('only counts available NAT gateways, one finding per VPC', async () => {
    const results = await run({
      nats: [nat('nat-a', 'vpc-a'), nat('nat-gone', 'vpc-b', 'deleted'), nat('nat-b', 'vpc-b', 'pending')],
      tables: [natTable('rtb-a', 'vpc-a', 'nat-a'), natTable('rtb-b', 'vpc-b', 'nat-gone')],
      endpoints: [endpoint('s3', 'vpc-a', 's3', ['rtb-a']), endpoint('d', 'vpc-a', 'dynamodb', ['rtb-a'])],
      traffic: [traffic('nat-a', GiB, 0)],
    });
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([['vpc-a', 'PASS']]);
  });

  it('returns nothing and reads nothing else when there is no available NAT gateway', async () => {
    const ctx = fakeContext({ ec2: { natGateways: async () => [nat('nat-x', 'vpc-a', 'deleted')] } });
    expect(await runCheck(vpcNatGatewayEndpointSavings, ctx)).toEqual([]);
  });

  it('ignores routes other than 0.0.0.0/0 and blackholed routes', async () => {
    const [r] = await run({
      nats: [nat('nat-a', 'vpc-a')],
      tables: [
        { RouteTableId: 'rtb-partial', VpcId: 'vpc-a', Routes: [{ DestinationCidrBlock: '192.168.0.0/16', NatGatewayId: 'nat-a' }] },
        { RouteTableId: 'rtb-dead', VpcId: 'vpc-a', Routes: [{ DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: 'nat-a', State: 'blackhole' }] },
      ],
      traffic: [traffic('nat-a', GiB, 0)],
    });
    expect(r?.status).toBe('PASS');
    expect(r?.message).toContain('No route table');
  });

  it('scales traffic by the window actually covered and uses regional prices', async () => {
    const ctx = fakeContext({
      region: 'eu-central-1',
      ec2: {
        natGateways: async () => [nat('nat-a', 'vpc-a')],
        routeTables: async () => [natTable('rtb-a', 'vpc-a', 'nat-a')],
        vpcEndpoints: async () => [],
        vpcs: async () => [],
      },
      cloudwatch: { natGatewayTraffic: async () => new Map([traffic('nat-a', 100 * GiB, 0, 10)]) },
    });
    const [r] = await runCheck(vpcNatGatewayEndpointSavings, ctx);
    // 100 GiB in 10 days → 300 GiB/month at eu-central-1's $0.052/GB.
    expect(r?.evidence?.natGateways).toMatchObject([{ gbProcessedPerMonth: 300, processingMonthlyUsd: 15.6, runningHoursMonthlyUsd: 37.96 }]);
    expect(r?.estimatedMonthlyCostUsd).toBe(15.6);
  });

  it('propagates a denied GetMetricData', async () => {
    const ctx = fakeContext({
      ec2: {
        natGateways: async () => [nat('nat-a', 'vpc-a')],
        routeTables: async () => [],
        vpcEndpoints: async () => [],
        vpcs: async () => [],
      },
      cloudwatch: { natGatewayTraffic: async () => Promise.reject(awsError('AccessDenied')) },
    });
    await expect(runCheck(vpcNatGatewayEndpointSavings, ctx)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('gatewayEndpointService', () => {
  it('matches S3/DynamoDB gateway endpoints of the unit region only', () => {
    expect(gatewayEndpointService(endpoint('e', 'v', 's3', []), 'us-east-1')).toBe('s3');
    expect(gatewayEndpointService(endpoint('e', 'v', 'dynamodb', []), 'us-east-1')).toBe('dynamodb');
    expect(gatewayEndpointService(endpoint('e', 'v', 's3', []), 'eu-west-1')).toBeNull();
    expect(gatewayEndpointService(endpoint('e', 'v', 's3', [], { ServiceName: 'cn.com.amazonaws.cn-north-1.s3' }), 'cn-north-1')).toBe('s3');
    expect(gatewayEndpointService(endpoint('e', 'v', 's3', [], { ServiceName: 'com.amazonaws.us-east-1.s3-outposts' }), 'us-east-1')).toBeNull();
    expect(gatewayEndpointService(endpoint('e', 'v', 's3', [], { State: 'Available' as VpcEndpoint['State'] }), 'us-east-1')).toBe('s3');
  });
});
