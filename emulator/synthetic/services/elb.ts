// Elastic Load Balancing (query protocol), v2 (2015-12-01) and Classic (2012-06-01): both sign as
// "elasticloadbalancing"; request.ts routes Classic requests (Version=2012-06-01) to "elasticloadbalancing-classic".
// Also the load balancers' CloudWatch request and flow counts, for GetMetricData.
import { AwsError } from '../errors.js';
import type { RegionalUnit, SynthLoadBalancer } from '../model/types.js';
import { intParam, paginate } from '../paging.js';
import type { CallContext, RateLimit, SyntheticService } from '../service.js';
import type { SynthRequest } from '../request.js';
import { form, formAction } from '../wire/input.js';
import { el, list, wrap } from '../wire/xml.js';

const V2_NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';
const CLASSIC_NS = 'http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/';

const v2 = (unit: RegionalUnit) => unit.loadBalancers.filter((l) => l.type !== 'classic');
const prefix = (l: SynthLoadBalancer) => (l.type === 'application' ? 'app' : 'net');

export function loadBalancerArn(l: SynthLoadBalancer, ctx: Pick<CallContext, 'region' | 'accountId'>): string {
  return `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:loadbalancer/${prefix(l)}/${l.name}/${l.suffix}`;
}

function targetGroupArn(l: SynthLoadBalancer, ctx: CallContext): string {
  return `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:targetgroup/${l.name}-tg/${l.suffix.slice(0, 16)}`;
}

function paged<T>(request: SynthRequest, ctx: CallContext, kind: string, items: readonly T[]) {
  const params = form(request);
  return paginate(items, intParam(params.get('PageSize'), 'PageSize'), params.get('Marker'), `${kind}:${ctx.accountId}:${ctx.region}`, {
    default: 400,
    min: 1,
    max: 400,
    sizeName: 'PageSize',
    errorCode: 'ValidationError',
  });
}

function findV2(ctx: CallContext, arn: string | null, what: string): SynthLoadBalancer {
  const unit = ctx.org.regionalUnit(ctx.accountId, ctx.region);
  const found = v2(unit).find((l) => (what === 'target group' ? targetGroupArn(l, ctx) : loadBalancerArn(l, ctx)) === arn);
  if (!found) throw new AwsError(what === 'target group' ? 'TargetGroupNotFound' : 'LoadBalancerNotFound', `One or more ${what}s not found`);
  return found;
}

export function elbV2Service(limit: RateLimit): SyntheticService {
  const family = { name: 'elb:describe', scope: 'unit' as const, ...limit };
  return {
    protocol: 'query',
    xmlns: V2_NS,
    operation: formAction,
    throttle: () => family,
    throttleError: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
    operations: {
      DescribeLoadBalancers(request, ctx) {
        const page = paged(request, ctx, 'elbv2', v2(ctx.org.regionalUnit(ctx.accountId, ctx.region)));
        return (
          list('LoadBalancers', 'member', page.items, (l) =>
            el('LoadBalancerArn', loadBalancerArn(l, ctx)) +
              el('DNSName', `${l.name}-${l.suffix.slice(0, 8)}.${ctx.region}.elb.amazonaws.com`) +
              el('CreatedTime', l.createdAt) +
              el('LoadBalancerName', l.name) +
              el('Scheme', 'internet-facing') +
              el('VpcId', l.vpcId) +
              wrap('State', el('Code', 'active')) +
              el('Type', l.type) +
              el('IpAddressType', 'ipv4'),
          ) + el('NextMarker', page.next)
        );
      },
      DescribeTargetGroups(request, ctx) {
        const page = paged(request, ctx, 'targetgroups', v2(ctx.org.regionalUnit(ctx.accountId, ctx.region)));
        return (
          list('TargetGroups', 'member', page.items, (l) =>
            el('TargetGroupArn', targetGroupArn(l, ctx)) +
              el('TargetGroupName', `${l.name}-tg`) +
              el('Protocol', l.type === 'application' ? 'HTTP' : 'TCP') +
              el('Port', 80) +
              el('VpcId', l.vpcId) +
              el('TargetType', 'instance') +
              list('LoadBalancerArns', 'member', [loadBalancerArn(l, ctx)], (a) => a),
          ) + el('NextMarker', page.next)
        );
      },
      DescribeTargetHealth(request, ctx) {
        const l = findV2(ctx, form(request).get('TargetGroupArn'), 'target group');
        return list('TargetHealthDescriptions', 'member', l.targets, (id) => {
          const healthy = l.targets.indexOf(id) < l.healthyTargets;
          return (
            wrap('Target', el('Id', id) + el('Port', 80)) +
            el('HealthCheckPort', 'traffic-port') +
            wrap('TargetHealth', el('State', healthy ? 'healthy' : 'unhealthy') + (healthy ? '' : el('Reason', 'Target.FailedHealthChecks')))
          );
        });
      },
      DescribeCapacityReservation(request, ctx) {
        const l = findV2(ctx, form(request).get('LoadBalancerArn'), 'load balancer');
        return (
          (l.reservedCapacityUnits > 0 ? wrap('MinimumLoadBalancerCapacity', el('CapacityUnits', l.reservedCapacityUnits)) : '') +
          list('CapacityReservationState', 'member', [`${ctx.region}a`], (az) => el('AvailabilityZone', az) + wrap('State', el('Code', 'provisioned')))
        );
      },
    },
  };
}

export function elbClassicService(limit: RateLimit): SyntheticService {
  const family = { name: 'elb:describe', scope: 'unit' as const, ...limit };
  const classic = (ctx: CallContext) => ctx.org.regionalUnit(ctx.accountId, ctx.region).loadBalancers.filter((l) => l.type === 'classic');
  return {
    protocol: 'query',
    xmlns: CLASSIC_NS,
    operation: formAction,
    throttle: () => family,
    throttleError: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
    operations: {
      DescribeLoadBalancers(request, ctx) {
        const page = paged(request, ctx, 'elb', classic(ctx));
        return (
          list('LoadBalancerDescriptions', 'member', page.items, (l) =>
            el('LoadBalancerName', l.name) +
              el('DNSName', `${l.name}.${ctx.region}.elb.amazonaws.com`) +
              el('CreatedTime', l.createdAt) +
              el('Scheme', 'internet-facing') +
              el('VPCId', l.vpcId) +
              list('Instances', 'member', l.targets, (id) => el('InstanceId', id)),
          ) + el('NextMarker', page.next)
        );
      },
      DescribeInstanceHealth(request, ctx) {
        const name = form(request).get('LoadBalancerName');
        const l = classic(ctx).find((x) => x.name === name);
        if (!l) throw new AwsError('LoadBalancerNotFound', `There is no ACTIVE Load Balancer named '${name}'`);
        return list('InstanceStates', 'member', l.targets, (id) => {
          const healthy = l.targets.indexOf(id) < l.healthyTargets;
          return el('InstanceId', id) + el('State', healthy ? 'InService' : 'OutOfService') + el('ReasonCode', healthy ? 'N/A' : 'Instance');
        });
      },
    },
  };
}

/**
 * Requests or new flows per day of the load balancer a GetMetricData query names, or null when the query is not
 * about a load balancer of the unit (AWS/ApplicationELB and AWS/NetworkELB by "app|net/name/id", AWS/ELB by name).
 */
export function loadBalancerMetricPerDay(
  unit: RegionalUnit,
  namespace: string | undefined,
  metricName: string | undefined,
  dimensions: readonly { Name?: string; Value?: string }[] | undefined,
): number | null {
  const value = (name: string) => dimensions?.find((d) => d.Name === name)?.Value;
  if (namespace === 'AWS/ELB' && metricName === 'RequestCount') {
    const l = unit.loadBalancers.find((x) => x.type === 'classic' && x.name === value('LoadBalancerName'));
    return l ? l.requestsPerDay : null;
  }
  const type = namespace === 'AWS/ApplicationELB' && metricName === 'RequestCount' ? 'application' : namespace === 'AWS/NetworkELB' && metricName === 'NewFlowCount' ? 'network' : null;
  if (!type) return null;
  const l = unit.loadBalancers.find((x) => x.type === type && `${prefix(x)}/${x.name}/${x.suffix}` === value('LoadBalancer'));
  return l ? l.requestsPerDay : null;
}
