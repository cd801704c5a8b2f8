// RDS (query protocol): DescribeDBInstances and DescribeDBClusters with Marker pagination.
import { AwsError } from '../errors.js';
import type { SynthDbCluster, SynthDbInstance } from '../model/types.js';
import { intParam, paginate } from '../paging.js';
import type { CallContext, RateLimit, SyntheticService } from '../service.js';
import type { SynthRequest } from '../request.js';
import { form, formAction } from '../wire/input.js';
import { el, list, wrap } from '../wire/xml.js';

function paged<T>(request: SynthRequest, ctx: CallContext, kind: string, items: readonly T[]) {
  const params = form(request);
  if (params.has('DBInstanceIdentifier') || params.has('DBClusterIdentifier') || params.has('Filters.Filter.1.Name')) {
    throw new AwsError('InvalidParameterCombination', 'the synthetic AWS lists every instance and cluster; identifiers and filters are not supported');
  }
  return paginate(items, intParam(params.get('MaxRecords'), 'MaxRecords'), params.get('Marker'), `${kind}:${ctx.accountId}:${ctx.region}`, {
    default: 100,
    min: 20,
    max: 100,
    sizeName: 'MaxRecords',
  });
}

function instanceXml(d: SynthDbInstance, ctx: CallContext): string {
  const arn = `arn:aws:rds:${ctx.region}:${ctx.accountId}:db:${d.id}`;
  return (
    el('DBInstanceIdentifier', d.id) +
    el('DBInstanceClass', d.instanceClass) +
    el('Engine', d.engine) +
    el('DBInstanceStatus', 'available') +
    el('MasterUsername', 'admin') +
    wrap('Endpoint', el('Address', `${d.id}.c0synth.${ctx.region}.rds.amazonaws.com`) + el('Port', d.engine.includes('postgres') ? 5432 : 3306)) +
    el('AllocatedStorage', d.clusterId ? 1 : 100) +
    el('InstanceCreateTime', d.createdAt) +
    el('AvailabilityZone', d.az) +
    el('SecondaryAvailabilityZone', d.secondaryAz) +
    el('MultiAZ', d.multiAz) +
    el('EngineVersion', d.engineVersion ?? (d.engine.includes('postgres') ? '16.4' : '8.0.39')) +
    el('ReadReplicaSourceDBInstanceIdentifier', d.readReplicaSource) +
    '<ReadReplicaDBInstanceIdentifiers/>' +
    el('PubliclyAccessible', d.publiclyAccessible) +
    el('StorageType', d.clusterId ? 'aurora' : 'gp3') +
    el('DBClusterIdentifier', d.clusterId) +
    el('StorageEncrypted', d.storageEncrypted) +
    el('DbiResourceId', `db-${Buffer.from(arn).toString('hex').slice(-26).toUpperCase()}`) +
    el('DBInstanceArn', arn) +
    '<TagList/>'
  );
}

function clusterXml(c: SynthDbCluster, ctx: CallContext): string {
  return (
    el('DBClusterIdentifier', c.id) +
    list('AvailabilityZones', 'AvailabilityZone', c.azs, (z) => z) +
    el('Status', 'available') +
    el('Engine', c.engine) +
    el('MultiAZ', c.multiAz) +
    list('DBClusterMembers', 'DBClusterMember', c.members, (m) =>
      el('DBInstanceIdentifier', m.id) + el('IsClusterWriter', m.writer) + el('DBClusterParameterGroupStatus', 'in-sync') + el('PromotionTier', 1),
    ) +
    el('StorageEncrypted', true) +
    el('DBClusterArn', `arn:aws:rds:${ctx.region}:${ctx.accountId}:cluster:${c.id}`)
  );
}

/**
 * Major versions with their standard-support end (the lifecycle DescribeDBMajorEngineVersions reports); Extended
 * Support runs three years beyond. Synthetic data, aligned with orgscan's fallback calendar where that has the version.
 */
const MAJOR_VERSIONS: readonly { engine: string; major: string; standardEnd: string }[] = [
  { engine: 'mysql', major: '5.7', standardEnd: '2024-02-29' },
  { engine: 'mysql', major: '8.4', standardEnd: '2029-07-31' },
  ...['11', '12', '13', '14', '15', '16', '17'].map((major, i) => ({
    engine: 'postgres',
    major,
    standardEnd: ['2024-02-29', '2025-02-28', '2026-02-28', '2027-02-28', '2028-02-29', '2029-02-28', '2030-02-28'][i]!,
  })),
];

function majorVersionXml(v: (typeof MAJOR_VERSIONS)[number]): string {
  const end = new Date(`${v.standardEnd}T23:59:59Z`);
  const extendedEnd = new Date(end.getTime());
  extendedEnd.setUTCFullYear(extendedEnd.getUTCFullYear() + 3);
  return (
    el('Engine', v.engine) +
    el('MajorEngineVersion', v.major) +
    list('SupportedEngineLifecycles', 'SupportedEngineLifecycle', ['open-source-rds-standard-support', 'open-source-rds-extended-support'], (name) =>
      el('LifecycleSupportName', name) +
      el('LifecycleSupportStartDate', name.includes('standard') ? new Date('2020-01-01T00:00:00Z') : new Date(end.getTime() + 1000)) +
      el('LifecycleSupportEndDate', name.includes('standard') ? end : extendedEnd),
    )
  );
}

export function rdsService(limit: RateLimit): SyntheticService {
  const family = { name: 'rds:describe', scope: 'unit' as const, ...limit };
  return {
    protocol: 'query',
    xmlns: 'http://rds.amazonaws.com/doc/2014-10-31/',
    operation: formAction,
    throttle: () => family,
    throttleError: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
    operations: {
      DescribeDBInstances(request, ctx) {
        const page = paged(request, ctx, 'dbs', ctx.org.regionalUnit(ctx.accountId, ctx.region).dbInstances);
        return list('DBInstances', 'DBInstance', page.items, (d) => instanceXml(d, ctx)) + el('Marker', page.next);
      },
      DescribeDBClusters(request, ctx) {
        const page = paged(request, ctx, 'clusters', ctx.org.regionalUnit(ctx.accountId, ctx.region).dbClusters);
        return list('DBClusters', 'DBCluster', page.items, (c) => clusterXml(c, ctx)) + el('Marker', page.next);
      },
      DescribeDBMajorEngineVersions(request, ctx) {
        const page = paged(request, ctx, 'majors', MAJOR_VERSIONS);
        return list('DBMajorEngineVersions', 'DBMajorEngineVersion', page.items, majorVersionXml) + el('Marker', page.next);
      },
    },
  };
}
