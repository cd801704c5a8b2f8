// CloudWatch Logs (JSON 1.1): DescribeLogGroups with nextToken pagination (at most 50 a page).
import { paginate } from '../paging.js';
import type { RateLimit, SyntheticService } from '../service.js';
import { json, jsonInt, jsonString, jsonTarget } from '../wire/input.js';

export function logsService(limit: RateLimit): SyntheticService {
  const family = { name: 'logs:DescribeLogGroups', scope: 'unit' as const, ...limit };
  return {
    protocol: 'json1.1',
    operation: (request) => jsonTarget(request, 'Logs_20140328'),
    throttle: () => family,
    throttleError: { code: 'ThrottlingException', status: 400, message: 'Rate exceeded' },
    operations: {
      DescribeLogGroups(request, ctx) {
        const body = json(request);
        const groups = ctx.org.regionalUnit(ctx.accountId, ctx.region).logGroups;
        const page = paginate(groups, jsonInt(body, 'limit'), jsonString(body, 'nextToken'), `loggroups:${ctx.accountId}:${ctx.region}`, {
          default: 50,
          min: 1,
          max: 50,
          sizeName: 'limit',
          errorCode: 'InvalidParameterException',
        });
        const out: Record<string, unknown> = {
          logGroups: page.items.map((g) => {
            const arn = `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${g.name}`;
            return {
              logGroupName: g.name,
              creationTime: g.createdAt.getTime(),
              ...(g.retentionDays === null ? {} : { retentionInDays: g.retentionDays }),
              metricFilterCount: 0,
              arn: `${arn}:*`,
              storedBytes: g.storedBytes,
              logGroupClass: 'STANDARD',
              logGroupArn: arn,
            };
          }),
        };
        if (page.next) out.nextToken = page.next;
        return JSON.stringify(out);
      },
    },
  };
}
