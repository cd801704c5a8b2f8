import type { LoadBalancer, TargetGroup, TargetHealthDescription } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { InstanceState, LoadBalancerDescription } from '@aws-sdk/client-elastic-load-balancing';
import { describe, expect, it } from 'vitest';
import { elbIdle } from '../../../checks/elb/elb-idle.js';
import type { LoadBalancerTraffic } from '../../../checks/types.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const OLD = new Date('2026-01-01T00:00:00Z');
const arn = (type: 'app' | 'net', name: string) => `arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/${type}/${name}/0123456789abcdef`;
const alb = (name: string, extra: Partial<LoadBalancer> = {}): LoadBalancer => ({
  LoadBalancerArn: arn('app', name),
  LoadBalancerName: name,
  Type: 'application',
  State: { Code: 'active' },
  CreatedTime: OLD,
  ...extra,
});
const nlb = (name: string, extra: Partial<LoadBalancer> = {}): LoadBalancer => ({ ...alb(name), LoadBalancerArn: arn('net', name), Type: 'network', ...extra });
const group = (name: string, lbArns: string[]): TargetGroup => ({ TargetGroupArn: `arn:tg/${name}`, TargetGroupName: name, LoadBalancerArns: lbArns });
const healthy = (id: string): TargetHealthDescription => ({ Target: { Id: id }, TargetHealth: { State: 'healthy' } });
const unhealthy = (id: string): TargetHealthDescription => ({ Target: { Id: id }, TargetHealth: { State: 'unhealthy', Reason: 'Target.FailedHealthChecks' } });
const traffic = (id: string, sum: number, metric = 'RequestCount'): [string, LoadBalancerTraffic] => [id, { id, metric, sum, days: 14 }];

interface Input {
  v2?: LoadBalancer[];
  groups?: TargetGroup[];
  health?: Record<string, TargetHealthDescription[]>;
  reserved?: Record<string, number>;
  classic?: LoadBalancerDescription[];
  classicHealth?: Record<string, InstanceState[]>;
  traffic?: [string, LoadBalancerTraffic][];
  region?: string;
}
function ctxFor(input: Input) {
  const calls = { targetHealth: [] as string[], capacity: [] as string[], classicHealth: [] as string[] };
  const ctx = fakeContext({
    now: NOW,
    region: input.region ?? 'us-east-1',
    elb: {
      loadBalancers: async () => input.v2 ?? [],
      classicLoadBalancers: async () => input.classic ?? [],
      targetGroups: async () => input.groups ?? [],
      targetHealth: async (a) => (calls.targetHealth.push(a), input.health?.[a] ?? []),
      capacityReservation: async (a) => (calls.capacity.push(a), input.reserved?.[a] ?? 0),
      classicInstanceHealth: async (n) => (calls.classicHealth.push(n), input.classicHealth?.[n] ?? []),
      traffic: async () => new Map(input.traffic ?? []),
    },
  });
  return { ctx, calls };
}
const run = async (input: Input, options: Record<string, unknown> = {}) => {
  const { ctx, calls } = ctxFor(input);
  return { results: await runCheck(elbIdle, ctx, options), calls };
};

describe('elb-idle', () => {
  it('passes an ALB with a healthy target and requests, without reading its LCU reservation', async () => {
    const lb = alb('web');
    const { results, calls } = await run({
      v2: [lb],
      groups: [group('web-tg', [lb.LoadBalancerArn!])],
      health: { 'arn:tg/web-tg': [healthy('i-1'), unhealthy('i-2')] },
      traffic: [traffic(lb.LoadBalancerArn!, 1234)],
    });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'PASS', resourceId: lb.LoadBalancerArn, resourceType: 'AWS::ElasticLoadBalancingV2::LoadBalancer' });
    expect(results[0]!.evidence).toMatchObject({ registeredTargets: 2, healthyTargets: 1, metricSum: 1234 });
    expect(calls.capacity).toEqual([]);
  });

  it('fails an ALB with no registered target and no requests: hourly charge, exact', async () => {
    const lb = alb('orphan');
    const { results } = await run({ v2: [lb], traffic: [traffic(lb.LoadBalancerArn!, 0)] });
    // 730 h × $0.0225 = $16.425 → $16.43
    expect(results[0]).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 16.43, costBasis: 'exact' });
    expect(results[0]!.evidence).toMatchObject({ idleReasons: ['no registered target', '0 RequestCount in 14 days'], runningHoursMonthlyUsd: 16.43, reservedCapacityUnits: 0 });
  });

  it('adds an LCU reservation to the cost of an idle ALB, and NLCUs to an idle NLB', async () => {
    const a = alb('reserved');
    const n = nlb('flows');
    const { results } = await run({
      v2: [a, n],
      reserved: { [a.LoadBalancerArn!]: 100, [n.LoadBalancerArn!]: 10 },
      traffic: [traffic(a.LoadBalancerArn!, 0), traffic(n.LoadBalancerArn!, 0, 'NewFlowCount')],
    });
    // ALB: 16.43 + 100 LCU × $0.008 × 730 = 16.43 + 584 = 600.43
    expect(results[0]).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 600.43 });
    expect(results[0]!.evidence).toMatchObject({ reservedCapacityUnits: 100, capacityUnitPriceUsd: 0.008, reservedCapacityUsd: 584 });
    expect(results[0]!.message).toContain('100 reserved capacity units');
    // NLB: 16.43 + 10 NLCU × $0.006 × 730 = 16.43 + 43.8 = 60.23
    expect(results[1]).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 60.23 });
    expect(results[1]!.evidence).toMatchObject({ metric: 'NewFlowCount', capacityUnitPriceUsd: 0.006 });
  });

  it('still fails an idle load balancer whose LCU reservation cannot be read, as an estimate naming the error', async () => {
    const lb = alb('old-role');
    const ctx = fakeContext({
      now: NOW,
      elb: {
        loadBalancers: async () => [lb],
        classicLoadBalancers: async () => [],
        targetGroups: async () => [],
        capacityReservation: async () => Promise.reject(awsError('AccessDenied')),
        traffic: async () => new Map([traffic(lb.LoadBalancerArn!, 0)]),
      },
    });
    const [r] = await runCheck(elbIdle, ctx);
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 16.43, costBasis: 'estimate', evidence: { reservedCapacityUnits: null, capacityReservationError: 'AccessDenied' } });
    expect(r!.message).toContain('could not be read (AccessDenied)');
  });

  it('passes a load balancer that serves traffic with no healthy or no registered target (redirects, fixed responses, an outage: not idle)', async () => {
    const broken = alb('broken');
    const redirect = alb('redirect');
    const { results } = await run({
      v2: [broken, redirect],
      groups: [group('broken-tg', [broken.LoadBalancerArn!])],
      health: { 'arn:tg/broken-tg': [unhealthy('i-1'), unhealthy('i-2')] },
      traffic: [traffic(broken.LoadBalancerArn!, 500), traffic(redirect.LoadBalancerArn!, 40)],
    });
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      [expect.stringContaining('broken'), 'PASS'],
      [expect.stringContaining('redirect'), 'PASS'],
    ]);
    expect(results[0]!.message).toMatch(/served 500 RequestCount in 14 days with no healthy target .*not idle/);
  });

  it('still fails an unhealthy load balancer younger than the window, whose traffic is not judged', async () => {
    const lb = { ...alb('young-broken'), CreatedTime: new Date(NOW.getTime() - 3 * 86_400_000) };
    const { results } = await run({
      v2: [lb],
      groups: [group('young-tg', [lb.LoadBalancerArn!])],
      health: { 'arn:tg/young-tg': [unhealthy('i-1')] },
      traffic: [traffic(lb.LoadBalancerArn!, 500)],
    });
    expect(results[0]).toMatchObject({ status: 'FAIL', evidence: { judgedOnTraffic: false, idleReasons: ['none of its 1 registered targets is healthy'] } });
  });

  it('fails a load balancer with healthy targets but no traffic over the window', async () => {
    const lb = alb('quiet');
    const { results } = await run({
      v2: [lb],
      groups: [group('quiet-tg', [lb.LoadBalancerArn!]), group('other-tg', ['arn:other'])],
      health: { 'arn:tg/quiet-tg': [healthy('i-1')] },
      traffic: [traffic(lb.LoadBalancerArn!, 0)],
    });
    expect(results[0]!.status).toBe('FAIL');
    expect(results[0]!.evidence).toMatchObject({ idleReasons: ['0 RequestCount in 14 days'], targetGroupArns: ['arn:tg/quiet-tg'] });
  });

  it('treats a load balancer with no datapoints at all as idle', async () => {
    const lb = alb('silent');
    const { results } = await run({ v2: [lb], groups: [group('s', [lb.LoadBalancerArn!])], health: { 'arn:tg/s': [healthy('i-1')] } });
    expect(results[0]!.status).toBe('FAIL');
  });

  it('judges a load balancer younger than the window on its targets only', async () => {
    const young = alb('young', { CreatedTime: new Date('2026-11-20T00:00:00Z') });
    const youngEmpty = alb('young-empty', { CreatedTime: new Date('2026-11-20T00:00:00Z') });
    const { results } = await run({
      v2: [young, youngEmpty],
      groups: [group('y', [young.LoadBalancerArn!])],
      health: { 'arn:tg/y': [healthy('i-1')] },
    });
    expect(results[0]).toMatchObject({ status: 'PASS', evidence: { judgedOnTraffic: false } });
    expect(results[0]!.message).toContain('younger than the 14-day window');
    expect(results[1]).toMatchObject({ status: 'FAIL', evidence: { idleReasons: ['no registered target'] } });
  });

  it('honours the metricsDays option', async () => {
    const lb = alb('web', { CreatedTime: new Date('2026-11-20T00:00:00Z') });
    const { results } = await run({ v2: [lb], groups: [group('w', [lb.LoadBalancerArn!])], health: { 'arn:tg/w': [healthy('i-1')] } }, { metricsDays: 1 });
    expect(results[0]).toMatchObject({ status: 'FAIL', evidence: { metricsWindowDays: 1, idleReasons: ['0 RequestCount in 1 days'] } });
  });

  it('counts Lambda targets with health checks disabled as serving', async () => {
    const lb = alb('fn');
    const { results } = await run({
      v2: [lb],
      groups: [group('fn', [lb.LoadBalancerArn!])],
      health: { 'arn:tg/fn': [{ Target: { Id: 'arn:lambda' }, TargetHealth: { State: 'unavailable', Reason: 'Target.HealthCheckDisabled' } }] },
      traffic: [traffic(lb.LoadBalancerArn!, 10)],
    });
    expect(results[0]!.status).toBe('PASS');
  });

  it('skips gateway load balancers and load balancers still provisioning', async () => {
    const { results, calls } = await run({
      v2: [alb('gw', { Type: 'gateway' }), alb('new', { State: { Code: 'provisioning' } })],
    });
    expect(results).toEqual([]);
    expect(calls.targetHealth).toEqual([]);
  });

  it('fails a Classic load balancer without instances and passes one with an InService instance', async () => {
    const { results, calls } = await run({
      classic: [
        { LoadBalancerName: 'legacy', CreatedTime: OLD, Instances: [] },
        { LoadBalancerName: 'served', CreatedTime: OLD, Instances: [{ InstanceId: 'i-1' }, { InstanceId: 'i-2' }] },
      ],
      classicHealth: { served: [{ InstanceId: 'i-1', State: 'InService' }, { InstanceId: 'i-2', State: 'OutOfService' }] },
      traffic: [traffic('legacy', 0), traffic('served', 99)],
    });
    // 730 × $0.025 = $18.25
    expect(results[0]).toMatchObject({
      status: 'FAIL',
      resourceId: 'legacy',
      resourceType: 'AWS::ElasticLoadBalancing::LoadBalancer',
      resourceArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/legacy',
      estimatedMonthlyCostUsd: 18.25,
    });
    expect(results[1]).toMatchObject({ status: 'PASS', evidence: { registeredTargets: 2, healthyTargets: 1 } });
    // Instance health is read only for load balancers that have instances.
    expect(calls.classicHealth).toEqual(['served']);
  });

  it('fails a Classic load balancer whose instances are all OutOfService and that served nothing', async () => {
    const { results } = await run({
      classic: [{ LoadBalancerName: 'down', CreatedTime: OLD, Instances: [{ InstanceId: 'i-1' }] }],
      classicHealth: { down: [{ InstanceId: 'i-1', State: 'OutOfService' }] },
      traffic: [traffic('down', 0)],
    });
    expect(results[0]).toMatchObject({ status: 'FAIL', evidence: { idleReasons: ['none of its 1 registered targets is healthy', '0 RequestCount in 14 days'] } });
  });

  it('states a price borrowed from us-east-1 as an estimate', async () => {
    const lb = alb('eu');
    const { results } = await run({ v2: [lb], traffic: [traffic(lb.LoadBalancerArn!, 0)], region: 'eu-west-1' });
    expect(results[0]).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 16.43, costBasis: 'estimate', evidence: { hourlyPriceBasis: 'us-east-1' } });
  });

  it('returns nothing and reads nothing more in a region without load balancers', async () => {
    const { results } = await run({});
    expect(results).toEqual([]);
  });

  it('propagates a denied describe call (the runner turns it into an ERROR finding)', async () => {
    const ctx = fakeContext({
      elb: { loadBalancers: async () => Promise.reject(awsError('AccessDenied')), classicLoadBalancers: async () => [] },
    });
    await expect(runCheck(elbIdle, ctx)).rejects.toThrow('AccessDenied');
  });
});
