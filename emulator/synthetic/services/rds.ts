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
    el('EngineVersion', d.engine.includes('postgres') ? '16.4' : '8.0.39') +
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
    },
  };
}
