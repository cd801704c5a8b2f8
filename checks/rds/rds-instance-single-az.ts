import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import type { CheckResult } from '../types.js';
import { tagsToRecord } from '../support/index.js';
import { z } from 'zod';
import { defineCheck } from '../define.js';
import { configRule, fsbp, trustedAdvisor } from '../frameworks/index.js';

/** Engines served by the RDS API that this check does not judge (their HA model differs). */
const OUT_OF_SCOPE_ENGINES = ['docdb', 'neptune'];

export function isOutOfScopeEngine(engine: string | undefined): boolean {
  const e = (engine ?? '').toLowerCase();
  return OUT_OF_SCOPE_ENGINES.some((x) => e === x || e.startsWith(`${x}-`));
}

export function isReadReplica(instance: DBInstance, cluster?: DBCluster): boolean {
  return Boolean(
    instance.ReadReplicaSourceDBInstanceIdentifier ||
      instance.ReadReplicaSourceDBClusterIdentifier ||
      // Members of an Aurora cross-region (or cross-cluster) replica cluster.
      cluster?.ReplicationSourceIdentifier,
  );
}

interface ClusterVerdict {
  pass: boolean;
  clusterId: string;
  clusterMultiAZ: boolean;
  availabilityZones: string[];
  members: string[];
}

/** A cluster is highly available when AWS says Multi-AZ or its instances sit in two or more zones. */
function judgeCluster(clusterId: string, cluster: DBCluster | undefined, instances: DBInstance[]): ClusterVerdict {
  const memberIds = new Set<string>();
  for (const m of cluster?.DBClusterMembers ?? []) if (m.DBInstanceIdentifier) memberIds.add(m.DBInstanceIdentifier);
  for (const i of instances) if (i.DBClusterIdentifier === clusterId && i.DBInstanceIdentifier) memberIds.add(i.DBInstanceIdentifier);
  const zones = new Set<string>();
  for (const i of instances) {
    if (i.DBInstanceIdentifier && memberIds.has(i.DBInstanceIdentifier) && i.AvailabilityZone) zones.add(i.AvailabilityZone);
  }
  const clusterMultiAZ = cluster?.MultiAZ === true;
  return {
    pass: clusterMultiAZ || zones.size >= 2,
    clusterId,
    clusterMultiAZ,
    availabilityZones: [...zones].sort(),
    members: [...memberIds].sort(),
  };
}

export const rdsInstanceSingleAz = defineCheck({
  id: 'rds-instance-single-az',
  title: 'RDS DB instance runs in a single Availability Zone',
  service: 'rds',
  scope: 'regional',
  severity: 'medium',
  frameworks: [trustedAdvisor('f2iK5R6Dep'), configRule('rds-multi-az-support'), configRule('rds-cluster-multi-az-enabled'), fsbp('RDS.5'), fsbp('RDS.15')],
  reads: ['rds.dbInstances', 'rds.dbClusters'],
  options: z.object({
    ignoreReadReplicas: z.boolean().default(false).describe('Skip read replicas: a replica is often single-AZ by design.'),
  }),
  remediation: {
    text:
      'Modify the DB instance to a Multi-AZ deployment (a standby in another Availability Zone). ' +
      'For an Aurora cluster, add a reader instance in a second Availability Zone.',
    url: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html',
  },
  async evaluate(ctx, options) {
    const instances = (await ctx.rds.dbInstances()).filter((i) => !isOutOfScopeEngine(i.Engine));
    // Only units with clustered instances pay for the DescribeDBClusters call.
    const needsClusters = instances.some((i) => i.DBClusterIdentifier);
    const clusters = needsClusters ? await ctx.rds.dbClusters() : [];
    const clusterById = new Map(clusters.map((c) => [c.DBClusterIdentifier, c]));
    const verdicts = new Map<string, ClusterVerdict>();

    const results: CheckResult[] = [];
    for (const instance of instances) {
      const id = instance.DBInstanceIdentifier ?? 'unknown';
      const clusterId = instance.DBClusterIdentifier;
      const cluster = clusterId ? clusterById.get(clusterId) : undefined;
      const replica = isReadReplica(instance, cluster);
      if (replica && options.ignoreReadReplicas) continue;

      const base = {
        resourceType: 'AWS::RDS::DBInstance',
        resourceId: id,
        resourceArn: instance.DBInstanceArn ?? null,
        tags: tagsToRecord(instance.TagList),
      };
      const evidence: Record<string, unknown> = {
        engine: instance.Engine,
        engineVersion: instance.EngineVersion,
        instanceClass: instance.DBInstanceClass,
        availabilityZone: instance.AvailabilityZone ?? null,
        secondaryAvailabilityZone: instance.SecondaryAvailabilityZone ?? null,
        multiAZ: instance.MultiAZ ?? false,
        readReplica: replica,
        readReplicaSource: instance.ReadReplicaSourceDBInstanceIdentifier ?? instance.ReadReplicaSourceDBClusterIdentifier ?? null,
      };

      if (clusterId) {
        let verdict = verdicts.get(clusterId);
        if (!verdict) {
          verdict = judgeCluster(clusterId, cluster, instances);
          verdicts.set(clusterId, verdict);
        }
        const clusterEvidence = { ...evidence, judgedAt: 'cluster', cluster: verdict };
        const zones = verdict.availabilityZones.join(', ') || 'no known zone';
        results.push(
          verdict.pass
            ? {
                ...base,
                status: 'PASS',
                message: verdict.clusterMultiAZ
                  ? `DB instance ${id} belongs to Multi-AZ cluster ${clusterId}.`
                  : `DB instance ${id} belongs to cluster ${clusterId}, whose instances span ${verdict.availabilityZones.length} Availability Zones (${zones}).`,
                evidence: clusterEvidence,
              }
            : {
                ...base,
                status: 'FAIL',
                message:
                  `DB instance ${id} belongs to cluster ${clusterId}, whose ${verdict.members.length} instance(s) all run in ${zones}: ` +
                  'an outage of that zone stops the cluster.',
                evidence: clusterEvidence,
              },
        );
        continue;
      }

      results.push(
        instance.MultiAZ
          ? { ...base, status: 'PASS', message: `DB instance ${id} is Multi-AZ.`, evidence }
          : {
              ...base,
              status: 'FAIL',
              message:
                `DB instance ${id}${replica ? ' (read replica)' : ''} runs in a single Availability Zone ` +
                `(${instance.AvailabilityZone ?? 'unknown zone'}) with no standby.`,
              evidence,
            },
      );
    }
    return results;
  },
});
