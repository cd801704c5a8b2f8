import type { DBCluster, DBInstance } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { rdsInstanceSingleAz } from '../../../checks/rds/rds-instance-single-az.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const inst = (id: string, extra: Partial<DBInstance> = {}): DBInstance => ({
  DBInstanceIdentifier: id,
  DBInstanceArn: `arn:aws:rds:us-east-1:111111111111:db:${id}`,
  Engine: 'postgres',
  DBInstanceClass: 'db.t3.micro',
  AvailabilityZone: 'us-east-1a',
  MultiAZ: false,
  ...extra,
});

const cluster = (id: string, members: string[], extra: Partial<DBCluster> = {}): DBCluster => ({
  DBClusterIdentifier: id,
  Engine: 'aurora-postgresql',
  MultiAZ: false, // what moto (and AWS for single-writer clusters) reports
  DBClusterMembers: members.map((m, i) => ({ DBInstanceIdentifier: m, IsClusterWriter: i === 0 })),
  ...extra,
});

async function run(instances: DBInstance[], clusters: DBCluster[] | null = [], options = {}) {
  const ctx = fakeContext({
    rds: { dbInstances: async () => instances, ...(clusters ? { dbClusters: async () => clusters } : {}) },
  });
  return runCheck(rdsInstanceSingleAz, ctx, options);
}

const statuses = (rs: { resourceId: string; status: string }[]) => Object.fromEntries(rs.map((r) => [r.resourceId, r.status]));

describe('rds-instance-single-az', () => {
  it('fails a single-AZ instance and passes a Multi-AZ one', async () => {
    const results = await run(
      [inst('single', { TagList: [{ Key: 'team', Value: 'db' }] }), inst('multi', { MultiAZ: true, SecondaryAvailabilityZone: 'us-east-1b' })],
      null, // no clustered instance: DescribeDBClusters must not be called
    );
    expect(statuses(results)).toEqual({ single: 'FAIL', multi: 'PASS' });
    expect(results[0]).toMatchObject({
      resourceType: 'AWS::RDS::DBInstance',
      resourceArn: 'arn:aws:rds:us-east-1:111111111111:db:single',
      tags: { team: 'db' },
      evidence: { multiAZ: false, availabilityZone: 'us-east-1a', engine: 'postgres' },
    });
    expect(results[0]?.message).toContain('us-east-1a');
  });

  it('judges Aurora instances by their cluster: instances in two zones pass even though the cluster reports MultiAZ false', async () => {
    const results = await run(
      [
        inst('spread-1', { Engine: 'aurora-postgresql', DBClusterIdentifier: 'spread', AvailabilityZone: 'us-east-1a' }),
        inst('spread-2', { Engine: 'aurora-postgresql', DBClusterIdentifier: 'spread', AvailabilityZone: 'us-east-1b' }),
        inst('packed-1', { Engine: 'aurora-mysql', DBClusterIdentifier: 'packed', AvailabilityZone: 'us-east-1a' }),
        inst('packed-2', { Engine: 'aurora-mysql', DBClusterIdentifier: 'packed', AvailabilityZone: 'us-east-1a' }),
        inst('solo-1', { Engine: 'aurora-mysql', DBClusterIdentifier: 'solo', AvailabilityZone: 'us-east-1c' }),
      ],
      [cluster('spread', ['spread-1', 'spread-2']), cluster('packed', ['packed-1', 'packed-2']), cluster('solo', ['solo-1'])],
    );
    expect(statuses(results)).toEqual({ 'spread-1': 'PASS', 'spread-2': 'PASS', 'packed-1': 'FAIL', 'packed-2': 'FAIL', 'solo-1': 'FAIL' });
    const packed = results.find((r) => r.resourceId === 'packed-2');
    expect(packed?.evidence).toMatchObject({
      judgedAt: 'cluster',
      cluster: { clusterId: 'packed', clusterMultiAZ: false, availabilityZones: ['us-east-1a'], members: ['packed-1', 'packed-2'] },
    });
    expect(packed?.message).toContain('cluster packed');
  });

  it('passes every instance of a cluster that AWS reports as Multi-AZ', async () => {
    const results = await run(
      [inst('mazc-1', { Engine: 'mysql', DBClusterIdentifier: 'mazc', AvailabilityZone: 'us-east-1a' })],
      [cluster('mazc', ['mazc-1'], { Engine: 'mysql', MultiAZ: true })],
    );
    expect(statuses(results)).toEqual({ 'mazc-1': 'PASS' });
  });

  it('skips DocumentDB and Neptune instances entirely', async () => {
    const results = await run(
      [
        inst('docs', { Engine: 'docdb', DBClusterIdentifier: 'docs-cluster' }),
        inst('graph', { Engine: 'neptune', DBClusterIdentifier: 'graph-cluster' }),
        inst('pg'),
      ],
      null, // only out-of-scope instances are clustered: no DescribeDBClusters call
    );
    expect(statuses(results)).toEqual({ pg: 'FAIL' });
  });

  it('evaluates read replicas by default and skips them with ignoreReadReplicas', async () => {
    const instances = [
      inst('primary', { MultiAZ: true }),
      inst('replica', { ReadReplicaSourceDBInstanceIdentifier: 'primary' }),
      inst('cluster-replica', { ReadReplicaSourceDBClusterIdentifier: 'some-cluster' }),
    ];
    const byDefault = await run(instances, null);
    expect(statuses(byDefault)).toEqual({ primary: 'PASS', replica: 'FAIL', 'cluster-replica': 'FAIL' });
    expect(byDefault.find((r) => r.resourceId === 'replica')?.evidence).toMatchObject({ readReplica: true, readReplicaSource: 'primary' });
    expect(byDefault.find((r) => r.resourceId === 'replica')?.message).toContain('read replica');

    const ignoring = await run(instances, null, { ignoreReadReplicas: true });
    expect(statuses(ignoring)).toEqual({ primary: 'PASS' });
  });

  it('treats members of an Aurora replica cluster as read replicas', async () => {
    const instances = [inst('dr-1', { Engine: 'aurora-mysql', DBClusterIdentifier: 'dr', AvailabilityZone: 'us-east-1a' })];
    const clusters = [cluster('dr', ['dr-1'], { ReplicationSourceIdentifier: 'arn:aws:rds:eu-west-1:111111111111:cluster:prod' })];
    expect(statuses(await run(instances, clusters))).toEqual({ 'dr-1': 'FAIL' });
    expect(await run(instances, clusters, { ignoreReadReplicas: true })).toEqual([]);
  });

  it('propagates a denied DescribeDBClusters when clustered instances need it', async () => {
    const ctx = fakeContext({
      rds: {
        dbInstances: async () => [inst('a-1', { Engine: 'aurora-mysql', DBClusterIdentifier: 'a' })],
        dbClusters: async () => Promise.reject(awsError('AccessDenied')),
      },
    });
    await expect(runCheck(rdsInstanceSingleAz, ctx)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
