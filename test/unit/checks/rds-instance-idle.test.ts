import type { DBInstance } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { rdsInstanceIdle } from '../../../checks/rds/rds-instance-idle.js';
import { createPriceBook } from '../../../checks/pricing.js';
import type { MetricWindow } from '../../../checks/types.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const OLD = new Date('2026-01-01T00:00:00Z');

const db = (id: string, extra: Partial<DBInstance> = {}): DBInstance => ({
  DBInstanceIdentifier: id,
  DBInstanceArn: `arn:aws:rds:us-east-1:111111111111:db:${id}`,
  DBInstanceClass: 'db.t3.micro',
  Engine: 'mysql',
  DBInstanceStatus: 'available',
  MultiAZ: false,
  StorageType: 'gp2',
  AllocatedStorage: 20,
  InstanceCreateTime: OLD,
  ...extra,
});
const window = (value: number | null, datapoints = value === null ? 0 : 1, days = 7): MetricWindow => ({ value, datapoints, days });

async function run(instances: DBInstance[], connections: Record<string, MetricWindow>, options: Record<string, unknown> = {}, region = 'us-east-1') {
  const asked: number[] = [];
  const ctx = fakeContext({
    region,
    now: NOW,
    rds: { dbInstances: async () => instances },
    cloudwatch: {
      rdsConnections: async (days) => {
        asked.push(days);
        return new Map(Object.entries(connections));
      },
    },
  });
  const results = await runCheck(rdsInstanceIdle, ctx, options);
  return { results, asked, byId: new Map(results.map((r) => [r.resourceId, r])) };
}

describe('rds-instance-idle', () => {
  it('fails an idle Single-AZ MySQL instance with its instance-hours and storage at list price', async () => {
    const { byId } = await run([db('idle')], { idle: window(0) });
    const r = byId.get('idle')!;
    expect(r.status).toBe('FAIL');
    // 0.017 × 730 = 12.41; 0.115 × 20 = 2.30
    expect(r.estimatedMonthlyCostUsd).toBe(14.71);
    expect(r.costBasis).toBe('estimate');
    expect(r.evidence).toMatchObject({
      maxConnections: 0,
      idleDays: 7,
      cost: { deployment: 'Single-AZ', instanceHourlyUsd: 0.017, instanceMonthlyUsd: 12.41, storagePerGbMonthUsd: 0.115, storageMonthlyUsd: 2.3, unpriced: [] },
    });
    expect(r.message).toContain('$14.71/month');
  });

  it('passes an instance that had a connection', async () => {
    const { byId } = await run([db('busy')], { busy: window(3) });
    expect(byId.get('busy')).toMatchObject({ status: 'PASS' });
    expect(byId.get('busy')!.estimatedMonthlyCostUsd ?? null).toBeNull();
    expect(byId.get('busy')!.message).toContain('up to 3 connection(s)');
  });

  it('doubles instance-hours and storage for Multi-AZ, and prices PostgreSQL from its own keys', async () => {
    const { byId } = await run([db('pg', { Engine: 'postgres', DBInstanceClass: 'db.t4g.micro', MultiAZ: true, StorageType: 'gp3', AllocatedStorage: 100 })], { pg: window(0) });
    // 0.016 × 730 × 2 = 23.36; 0.115 × 100 × 2 = 23.00
    expect(byId.get('pg')).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 46.36, evidence: { cost: { deployment: 'Multi-AZ', billedCopies: 2 } } });
  });

  it('prices MariaDB as MySQL and io1 storage per GB (IOPS not included)', async () => {
    const { byId } = await run([db('maria', { Engine: 'mariadb', DBInstanceClass: 'db.m5.large', StorageType: 'io1', AllocatedStorage: 100 })], { maria: window(0) });
    // 0.171 × 730 = 124.83; 0.125 × 100 = 12.50
    expect(byId.get('maria')!.estimatedMonthlyCostUsd).toBe(137.33);
  });

  it('gives storage only, and says so, when the class or the engine is not in the price table', async () => {
    const { byId } = await run(
      [db('new-class', { DBInstanceClass: 'db.r7g.large' }), db('oracle', { Engine: 'oracle-ee', DBInstanceClass: 'db.m5.large' }), db('magnetic', { StorageType: 'standard' })],
      { 'new-class': window(0), oracle: window(0), magnetic: window(0) },
    );
    expect(byId.get('new-class')).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 2.3, costBasis: 'estimate' });
    expect(byId.get('new-class')!.message).toContain('instance class db.r7g.large (mysql) is not in the price table');
    expect(byId.get('oracle')).toMatchObject({ estimatedMonthlyCostUsd: 2.3 });
    expect(byId.get('oracle')!.message).toContain('engine oracle-ee is not in the price table');
    // Magnetic storage is not in the table: the instance-hours alone.
    expect(byId.get('magnetic')).toMatchObject({ estimatedMonthlyCostUsd: 12.41 });
    expect(byId.get('magnetic')!.message).toContain('storage type standard is not in the price table');
  });

  it('treats an Aurora member as unpriced: no figure, no basis, the reason in the message', async () => {
    const { byId } = await run([db('aurora-1', { Engine: 'aurora-postgresql', DBInstanceClass: 'db.r6g.large', StorageType: 'aurora', AllocatedStorage: 1, DBClusterIdentifier: 'c' })], {
      'aurora-1': window(0),
    });
    const r = byId.get('aurora-1')!;
    expect(r).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: null, costBasis: null, evidence: { clusterId: 'c' } });
    expect(r.message).toContain('Aurora instance-hours are not in the price table');
  });

  it('counts read replicas: a replica bills its own instance and storage', async () => {
    const { byId } = await run([db('replica', { ReadReplicaSourceDBInstanceIdentifier: 'primary' })], { replica: window(0) });
    expect(byId.get('replica')).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 14.71, evidence: { readReplica: true } });
    expect(byId.get('replica')!.message).toContain('read replica');
  });

  it('does not judge stopped, young, or metric-less instances, and skips Neptune and DocumentDB', async () => {
    const { byId, results } = await run(
      [
        db('stopped', { DBInstanceStatus: 'stopped' }),
        db('young', { InstanceCreateTime: new Date(NOW.getTime() - 2 * 86_400_000) }),
        db('no-data'),
        db('graph', { Engine: 'neptune' }),
        db('docs', { Engine: 'docdb' }),
      ],
      { stopped: window(0), young: window(0), 'no-data': window(null) },
    );
    expect(results.map((r) => r.resourceId).sort()).toEqual(['no-data', 'stopped', 'young']);
    expect(byId.get('stopped')).toMatchObject({ status: 'PASS' });
    expect(byId.get('stopped')!.message).toContain('is stopped');
    expect(byId.get('young')!.message).toContain('created 2 day(s) ago');
    expect(byId.get('no-data')!.message).toContain('no DatabaseConnections datapoint');
    expect(results.every((r) => r.status === 'PASS')).toBe(true);
  });

  it('reads the window the options ask for and judges young instances when minAgeDays is 0', async () => {
    const young = db('young', { InstanceCreateTime: new Date(NOW.getTime() - 86_400_000) });
    const { byId, asked } = await run([young], { young: window(0, 1, 14) }, { idleDays: 14, minAgeDays: 0 });
    expect(asked).toEqual([14]);
    expect(byId.get('young')).toMatchObject({ status: 'FAIL', evidence: { idleDays: 14 } });
    expect(() => rdsInstanceIdle.parseOptions({ idleDays: 64 })).toThrow();
  });

  it('uses the us-east-1 price in a region the table does not list, and says which basis each price had', async () => {
    const { byId } = await run([db('far')], { far: window(0) }, {}, 'ap-southeast-4');
    expect(byId.get('far')!.evidence).toMatchObject({ cost: { priceBasis: { 'rds.mysql.db.t3.micro.hour': 'us-east-1', 'rds.gp2.gbMonth': 'us-east-1' } } });
  });

  it('uses overrides from the configuration', async () => {
    const ctx = fakeContext({ now: NOW, rds: { dbInstances: async () => [db('idle')] }, cloudwatch: { rdsConnections: async () => new Map([['idle', window(0)]]) } });
    ctx.prices = createPriceBook({ '*': { 'rds.mysql.db.t3.micro.hour': 0.02, 'rds.gp2.gbMonth': 0.1 } });
    const [r] = await runCheck(rdsInstanceIdle, ctx);
    // 0.02 × 730 = 14.60; 0.1 × 20 = 2.00
    expect(r!.estimatedMonthlyCostUsd).toBe(16.6);
  });

  it('makes no metric read when the unit has no DB instance, and propagates a denied metric read', async () => {
    const empty = await run([], {});
    expect(empty.results).toEqual([]);
    expect(empty.asked).toEqual([]);
    const ctx = fakeContext({
      now: NOW,
      rds: { dbInstances: async () => [db('x')] },
      cloudwatch: { rdsConnections: () => Promise.reject(awsError('AccessDenied')) },
    });
    await expect(runCheck(rdsInstanceIdle, ctx)).rejects.toThrow('AccessDenied');
  });
});
