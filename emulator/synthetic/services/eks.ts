// EKS (REST-JSON): ListClusters and DescribeClusterVersions with nextToken pagination, DescribeCluster by name.
// Version statuses follow the dated calendar orgscan falls back on, at the synthetic organization's clock.
import { AwsError } from '../errors.js';
import { intParam, paginate } from '../paging.js';
import type { RateLimit, SyntheticService } from '../service.js';
import type { SynthRequest } from '../request.js';
import { EKS_VERSION_CALENDAR, eksStatusFromCalendar } from '../../../checks/support/support-calendars.js';

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const query = (request: SynthRequest, name: string): string | null => {
  const v = request.query[name];
  return typeof v === 'string' ? v : null;
};
const limits = { default: 100, min: 1, max: 100, sizeName: 'maxResults', errorCode: 'InvalidParameterException' };

export function eksService(limit: RateLimit): SyntheticService {
  const family = { name: 'eks:describe', scope: 'unit' as const, ...limit };
  return {
    protocol: 'rest-json',
    operation(request) {
      if (request.method !== 'GET') return `${request.method}:unsupported`;
      if (request.path === '/clusters') return 'ListClusters';
      if (request.path === '/cluster-versions') return 'DescribeClusterVersions';
      if (/^\/clusters\/[^/]+$/.test(request.path)) return 'DescribeCluster';
      return `GET:${request.path}`;
    },
    throttle: () => family,
    throttleError: { code: 'ThrottlingException', status: 429, message: 'Rate exceeded' },
    operations: {
      ListClusters(request, ctx) {
        const clusters = ctx.org.regionalUnit(ctx.accountId, ctx.region).eksClusters;
        const page = paginate(clusters, intParam(query(request, 'maxResults'), 'maxResults'), query(request, 'nextToken'), `eks:${ctx.accountId}:${ctx.region}`, limits);
        return JSON.stringify({ clusters: page.items.map((c) => c.name), ...(page.next ? { nextToken: page.next } : {}) });
      },
      DescribeCluster(request, ctx) {
        const name = decodeURIComponent(request.path.split('/')[2]!);
        const c = ctx.org.regionalUnit(ctx.accountId, ctx.region).eksClusters.find((x) => x.name === name);
        if (!c) throw new AwsError('ResourceNotFoundException', `No cluster found for name: ${name}.`, 404);
        return JSON.stringify({
          cluster: {
            name: c.name,
            arn: `arn:aws:eks:${ctx.region}:${ctx.accountId}:cluster/${c.name}`,
            createdAt: seconds(c.createdAt),
            version: c.version,
            platformVersion: `eks.${c.version === '1.35' ? 3 : 20}`,
            status: 'ACTIVE',
            upgradePolicy: { supportType: c.supportType },
          },
        });
      },
      DescribeClusterVersions(request, ctx) {
        const includeAll = query(request, 'includeAll') === 'true';
        const versions = Object.entries(EKS_VERSION_CALENDAR)
          .map(([version, dates]) => ({ version, dates, status: eksStatusFromCalendar(version, ctx.org.now)! }))
          .filter((v) => includeAll || v.status !== 'UNSUPPORTED')
          .reverse();
        const page = paginate(versions, intParam(query(request, 'maxResults'), 'maxResults'), query(request, 'nextToken'), `eksversions:${includeAll}`, limits);
        return JSON.stringify({
          clusterVersions: page.items.map((v) => ({
            clusterVersion: v.version,
            clusterType: 'eks',
            endOfStandardSupportDate: seconds(new Date(`${v.dates.endOfStandardSupport}T00:00:00Z`)),
            endOfExtendedSupportDate: seconds(new Date(`${v.dates.endOfExtendedSupport}T00:00:00Z`)),
            versionStatus: v.status,
            status: v.status.toLowerCase().replace('_', '-'),
          })),
          ...(page.next ? { nextToken: page.next } : {}),
        });
      },
    },
  };
}
