import type { LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { LoadBalancerDescription } from '@aws-sdk/client-elastic-load-balancing';
import { z } from 'zod';
import { defineCheck } from '../define.js';
import { trustedAdvisor } from '../frameworks/index.js';
import type { PriceKey, ResolvedPrice } from '../pricing.js';
import type { CheckContext, CheckResult, LoadBalancerTraffic } from '../types.js';
import { HOURS_PER_MONTH, PER_RESOURCE_CONCURRENCY, awsErrorCode, formatUsd, mapBounded, usd } from '../support/index.js';

const DAY_MS = 86_400_000;
const EVALUATED_STATES = new Set(['active', 'active_impaired']);

type Kind = 'application' | 'network' | 'classic';

const PRICE_KEYS: Record<Kind, { hour: PriceKey; unit: PriceKey | null }> = {
  application: { hour: 'elb.alb.hour', unit: 'elb.alb.lcuHour' },
  network: { hour: 'elb.nlb.hour', unit: 'elb.nlb.nlcuHour' },
  classic: { hour: 'elb.classic.hour', unit: null },
};

/** Whether a target counts as able to serve: healthy, or health checks disabled (Lambda targets may run without them). */
function serving(state: string | undefined, reason: string | undefined): boolean {
  return state === 'healthy' || (state === 'unavailable' && reason === 'Target.HealthCheckDisabled');
}

/** A price's basis on the finding: list prices (and overrides) are exact, a borrowed us-east-1 price is an estimate. */
const estimated = (p: ResolvedPrice): boolean => p.basis === 'estimate' || p.basis === 'us-east-1';

interface Targets {
  registered: number;
  serving: number;
  targetGroupArns: string[];
}

async function v2Targets(ctx: CheckContext, lb: LoadBalancer, groups: TargetGroup[]): Promise<Targets> {
  const attached = groups.filter((g) => g.TargetGroupArn && (g.LoadBalancerArns ?? []).includes(lb.LoadBalancerArn!));
  const health = await Promise.all(attached.map((g) => ctx.elb.targetHealth(g.TargetGroupArn!)));
  const all = health.flat();
  return {
    registered: all.length,
    serving: all.filter((t) => serving(t.TargetHealth?.State, t.TargetHealth?.Reason)).length,
    targetGroupArns: attached.map((g) => g.TargetGroupArn!),
  };
}

async function classicTargets(ctx: CheckContext, lb: LoadBalancerDescription): Promise<Targets> {
  const registered = (lb.Instances ?? []).length;
  if (registered === 0) return { registered: 0, serving: 0, targetGroupArns: [] };
  const states = await ctx.elb.classicInstanceHealth(lb.LoadBalancerName!);
  return { registered, serving: states.filter((s) => s.State === 'InService').length, targetGroupArns: [] };
}

export const elbIdle = defineCheck({
  id: 'elb-idle',
  title: 'Load balancer has no healthy target or served no traffic over the metrics window',
  service: 'elb',
  scope: 'regional',
  severity: 'low',
  // Trusted Advisor's check covers Classic load balancers only and uses 7 days and 100 requests a day; this one extends it.
  frameworks: [trustedAdvisor('hjLMh88uM8')],
  prices: ['elb.alb.hour', 'elb.alb.lcuHour', 'elb.nlb.hour', 'elb.nlb.nlcuHour', 'elb.classic.hour'],
  reads: [
    'elb.loadBalancers',
    'elb.targetGroups',
    'elb.targetHealth',
    'elb.capacityReservation',
    'elb.classicLoadBalancers',
    'elb.classicInstanceHealth',
    'elb.traffic',
  ],
  options: z.object({
    metricsDays: z
      .number()
      .int()
      .min(1)
      .max(63)
      .default(14)
      .describe('Days of requests (ALB, Classic) or new flows (NLB) read from CloudWatch; a load balancer younger than this is judged on its targets only.'),
  }),
  remediation: {
    text:
      'Delete load balancers that serve nothing (after checking DNS records and listeners that still point at them), ' +
      'or register healthy targets if the load balancer is meant to serve traffic.',
    url: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#delete-load-balancer',
  },
  async evaluate(ctx, options) {
    const [v2All, classic] = await Promise.all([ctx.elb.loadBalancers(), ctx.elb.classicLoadBalancers()]);
    // Gateway load balancers have no request or flow metric; load balancers still provisioning or failed are not billed as running.
    const v2 = v2All.filter((lb) => (lb.Type === 'application' || lb.Type === 'network') && lb.LoadBalancerArn && EVALUATED_STATES.has(lb.State?.Code ?? ''));
    const classicLbs = classic.filter((lb) => lb.LoadBalancerName);
    if (v2.length === 0 && classicLbs.length === 0) return [];
    const [groups, traffic] = await Promise.all([v2.length > 0 ? ctx.elb.targetGroups() : Promise.resolve([]), ctx.elb.traffic(options.metricsDays)]);

    const judge = async (
      kind: Kind,
      id: string,
      arn: string | null,
      name: string,
      created: Date | undefined,
      targets: Targets,
      trafficOf: LoadBalancerTraffic | undefined,
    ): Promise<CheckResult> => {
      const ageDays = created ? (ctx.now.getTime() - created.getTime()) / DAY_MS : null;
      const judgedOnTraffic = ageDays === null || ageDays >= options.metricsDays;
      const metric = trafficOf?.metric ?? (kind === 'network' ? 'NewFlowCount' : 'RequestCount');
      const sum = trafficOf?.sum ?? 0;
      // Traffic decides when it can be judged: a load balancer that serves requests with no healthy target answers
      // them itself (redirects, fixed responses) or is in an outage; either way it is not idle.
      const servesTraffic = judgedOnTraffic && sum > 0;
      const reasons: string[] = [];
      if (!servesTraffic && targets.registered === 0) reasons.push('no registered target');
      else if (!servesTraffic && targets.serving === 0) reasons.push(`none of its ${targets.registered} registered targets is healthy`);
      if (judgedOnTraffic && sum === 0) reasons.push(`0 ${metric} in ${options.metricsDays} days`);
      const resourceType = kind === 'classic' ? 'AWS::ElasticLoadBalancing::LoadBalancer' : 'AWS::ElasticLoadBalancingV2::LoadBalancer';
      const evidence: Record<string, unknown> = {
        type: kind,
        name,
        createdTime: created?.toISOString() ?? null,
        registeredTargets: targets.registered,
        healthyTargets: targets.serving,
        ...(kind === 'classic' ? {} : { targetGroupArns: targets.targetGroupArns }),
        metric,
        metricSum: sum,
        metricsWindowDays: options.metricsDays,
        judgedOnTraffic,
      };
      const base = { resourceType, resourceId: id, resourceArn: arn, evidence };
      if (reasons.length === 0) {
        return {
          ...base,
          status: 'PASS',
          message: judgedOnTraffic
            ? targets.serving === 0
              ? `Load balancer ${name} served ${sum} ${metric} in ${options.metricsDays} days with no healthy target (redirects or fixed responses, or an outage to look at): not idle.`
              : `Load balancer ${name} has ${targets.serving} healthy target(s) and served ${sum} ${metric} in ${options.metricsDays} days.`
            : `Load balancer ${name} has ${targets.serving} healthy target(s); it is younger than the ${options.metricsDays}-day window, so its traffic is not judged.`,
          estimatedMonthlyCostUsd: null,
        };
      }
      const keys = PRICE_KEYS[kind];
      const hour = ctx.prices.resolve(keys.hour, ctx.region);
      // An LCU reservation is billed every hour whether used or not; Classic load balancers have none. A role that
      // predates DescribeCapacityReservation still gets the finding, its figure then a floor (said so).
      let reservationError: string | null = null;
      const reservedUnits =
        kind !== 'classic' && arn
          ? await ctx.elb.capacityReservation(arn).catch((err: unknown) => ((reservationError = awsErrorCode(err)), 0))
          : 0;
      const unit = keys.unit && reservedUnits > 0 ? ctx.prices.resolve(keys.unit, ctx.region) : null;
      const runningHoursMonthlyUsd = usd(hour.usd * HOURS_PER_MONTH);
      const reservedCapacityUsd = unit ? usd(reservedUnits * unit.usd * HOURS_PER_MONTH) : 0;
      const total = usd(runningHoursMonthlyUsd + reservedCapacityUsd);
      const basedOnUsEast1 = estimated(hour) || (unit !== null && estimated(unit));
      // With no traffic in the window no capacity unit is used: the bill is the hours and the reservation. With traffic
      // (a load balancer answering with no healthy target) its used units come on top, unread here.
      const trafficZero = judgedOnTraffic && sum === 0;
      return {
        ...base,
        status: 'FAIL',
        message:
          `Load balancer ${name} is idle (${reasons.join('; ')}) and costs ${formatUsd(total)}/month` +
          (reservedUnits > 0 ? ` including ${reservedUnits} reserved capacity units.` : '.') +
          (reservationError ? ` Its LCU reservation could not be read (${reservationError}) and is not included.` : ''),
        evidence: {
          ...evidence,
          idleReasons: reasons,
          reservedCapacityUnits: reservationError ? null : reservedUnits,
          ...(reservationError ? { capacityReservationError: reservationError } : {}),
          hourlyPriceUsd: hour.usd,
          hourlyPriceBasis: hour.basis,
          runningHoursMonthlyUsd,
          ...(unit ? { capacityUnitPriceUsd: unit.usd, reservedCapacityUsd } : {}),
          hoursPerMonth: HOURS_PER_MONTH,
        },
        estimatedMonthlyCostUsd: total,
        costBasis: !basedOnUsEast1 && trafficZero && !reservationError ? 'exact' : 'estimate',
      };
    };

    // Per-load-balancer reads (target health, instance health, LCU reservations) run a few at a time; results keep their order.
    const v2Results = await mapBounded(v2, PER_RESOURCE_CONCURRENCY, async (lb) => {
      const arn = lb.LoadBalancerArn!;
      return judge(lb.Type as Kind, arn, arn, lb.LoadBalancerName ?? arn, lb.CreatedTime, await v2Targets(ctx, lb, groups), traffic.get(arn));
    });
    const classicResults = await mapBounded(classicLbs, PER_RESOURCE_CONCURRENCY, async (lb) => {
      const name = lb.LoadBalancerName!;
      const arn = `arn:${ctx.partition}:elasticloadbalancing:${ctx.region}:${ctx.accountId}:loadbalancer/${name}`;
      return judge('classic', name, arn, name, lb.CreatedTime, await classicTargets(ctx, lb), traffic.get(name));
    });
    return [...v2Results, ...classicResults];
  },
});
