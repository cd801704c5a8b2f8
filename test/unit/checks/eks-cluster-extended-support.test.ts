import type { Cluster, ClusterVersionInformation } from '@aws-sdk/client-eks';
import type { DBInstance, DBMajorEngineVersion } from '@aws-sdk/client-rds';
import { describe, expect, it } from 'vitest';
import { eksClusterExtendedSupport, majorVersionOf, vcpusOf } from '../../../checks/eks/eks-cluster-extended-support.js';
import { eksStatusFromCalendar } from '../../../checks/support/support-calendars.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const cluster = (name: string, version: string, extra: Partial<Cluster> = {}): Cluster => ({
  name,
  version,
  arn: `arn:aws:eks:us-east-1:111111111111:cluster/${name}`,
  upgradePolicy: { supportType: 'EXTENDED' },
  ...extra,
});
const version = (v: string, status: ClusterVersionInformation['versionStatus']): ClusterVersionInformation => ({ clusterVersion: v, versionStatus: status });
const db = (id: string, engine: string, engineVersion: string, extra: Partial<DBInstance> = {}): DBInstance => ({
  DBInstanceIdentifier: id,
  Engine: engine,
  EngineVersion: engineVersion,
  DBInstanceClass: 'db.r6g.large',
  MultiAZ: false,
  DBInstanceArn: `arn:aws:rds:us-east-1:111111111111:db:${id}`,
  ...extra,
});
const major = (engine: string, v: string, standardEnd: string): DBMajorEngineVersion => ({
  Engine: engine,
  MajorEngineVersion: v,
  SupportedEngineLifecycles: [
    { LifecycleSupportName: 'open-source-rds-standard-support', LifecycleSupportStartDate: new Date('2020-01-01T00:00:00Z'), LifecycleSupportEndDate: new Date(standardEnd) },
    { LifecycleSupportName: 'open-source-rds-extended-support', LifecycleSupportStartDate: new Date(standardEnd), LifecycleSupportEndDate: new Date('2030-01-01T00:00:00Z') },
  ],
});

interface Input {
  clusters?: Cluster[] | Error;
  versions?: ClusterVersionInformation[] | Error;
  dbs?: DBInstance[] | Error;
  majors?: DBMajorEngineVersion[] | Error;
  region?: string;
}
function run(input: Input, options: Record<string, unknown> = {}) {
  const clusters = input.clusters instanceof Error ? [] : (input.clusters ?? []);
  const ctx = fakeContext({
    now: NOW,
    region: input.region ?? 'us-east-1',
    eks: {
      clusters: async () => (input.clusters instanceof Error ? Promise.reject(input.clusters) : clusters.map((c) => c.name!)),
      cluster: async (name) => clusters.find((c) => c.name === name)!,
      clusterVersions: async () => (input.versions instanceof Error ? Promise.reject(input.versions) : (input.versions ?? [])),
    },
    rds: {
      dbInstances: async () => (input.dbs instanceof Error ? Promise.reject(input.dbs) : (input.dbs ?? [])),
      majorEngineVersions: async () => (input.majors instanceof Error ? Promise.reject(input.majors) : (input.majors ?? [])),
    },
  });
  return runCheck(eksClusterExtendedSupport, ctx, options);
}

describe('eks-cluster-extended-support: EKS', () => {
  it('fails a cluster on a version the EKS API reports in extended support: $0.50 × 730 h, exact', async () => {
    const results = await run({
      clusters: [cluster('old', '1.32'), cluster('new', '1.34')],
      versions: [version('1.32', 'EXTENDED_SUPPORT'), version('1.34', 'STANDARD_SUPPORT')],
    });
    expect(results[0]).toMatchObject({
      status: 'FAIL',
      resourceType: 'AWS::EKS::Cluster',
      resourceId: 'old',
      estimatedMonthlyCostUsd: 365,
      costBasis: 'exact',
      evidence: { supportStatus: 'EXTENDED_SUPPORT', supportStatusSource: 'EKS DescribeClusterVersions', surchargePerHourUsd: 0.5 },
    });
    expect(results[0]!.message).toContain('$0.60 instead of $0.10');
    expect(results[1]).toMatchObject({ status: 'PASS', resourceId: 'new' });
  });

  it('prices the surcharge as exact outside us-east-1 too: the feed lists $0.50 in every commercial region', async () => {
    const results = await run({ region: 'ap-south-2', clusters: [cluster('old', '1.32')], versions: [version('1.32', 'EXTENDED_SUPPORT')] });
    expect(results[0]).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 365, costBasis: 'exact', evidence: { surchargePerHourUsd: 0.5 } });
  });

  it('passes a cluster past standard support whose upgrade policy is STANDARD (EKS upgrades it instead of billing)', async () => {
    const results = await run({ clusters: [cluster('auto', '1.32', { upgradePolicy: { supportType: 'STANDARD' } })], versions: [version('1.32', 'EXTENDED_SUPPORT')] });
    expect(results[0]).toMatchObject({ status: 'PASS', evidence: { upgradePolicySupportType: 'STANDARD' } });
  });

  it('takes a cluster without an upgrade policy to have the default, EXTENDED', async () => {
    const results = await run({ clusters: [cluster('legacy', '1.32', { upgradePolicy: undefined })], versions: [version('1.32', 'EXTENDED_SUPPORT')] });
    expect(results[0]).toMatchObject({ status: 'FAIL', evidence: { upgradePolicySupportType: 'EXTENDED' } });
  });

  it('reads the deprecated lower-case status when versionStatus is absent', async () => {
    const results = await run({ clusters: [cluster('c', '1.31')], versions: [{ clusterVersion: '1.31', status: 'extended-support' }] });
    expect(results[0]).toMatchObject({ status: 'FAIL', evidence: { supportStatus: 'EXTENDED_SUPPORT' } });
  });

  it('falls back to the dated calendar when DescribeClusterVersions fails, as an estimate naming the error', async () => {
    const results = await run({ clusters: [cluster('c', '1.32'), cluster('d', '1.34')], versions: awsError('AccessDeniedException') });
    expect(results[0]).toMatchObject({ status: 'FAIL', costBasis: 'estimate', evidence: { supportStatus: 'EXTENDED_SUPPORT' } });
    expect(results[0]!.evidence!.supportStatusSource).toMatch(/^dated calendar .*DescribeClusterVersions failed: AccessDeniedException$/);
    expect(results[1]).toMatchObject({ status: 'PASS', evidence: { supportStatus: 'STANDARD_SUPPORT' } });
  });

  it('falls back to the calendar for a version the API does not list, and passes an unknown version', async () => {
    const results = await run({ clusters: [cluster('c', '1.32'), cluster('x', '1.99')], versions: [version('1.34', 'STANDARD_SUPPORT')] });
    expect(results[0]).toMatchObject({ status: 'FAIL', costBasis: 'estimate' });
    expect(results[1]).toMatchObject({ status: 'PASS', evidence: { supportStatus: null } });
  });

  it('fails a cluster past the end of extended support, saying EKS upgrades it', async () => {
    const results = await run({ clusters: [cluster('c', '1.30')], versions: [version('1.30', 'UNSUPPORTED')] });
    expect(results[0]).toMatchObject({ status: 'FAIL', costBasis: 'estimate' });
    expect(results[0]!.message).toContain('past the end of extended support');
  });

  it('reads no version list in a region without clusters', async () => {
    expect(await run({ versions: awsError('ShouldNotBeCalled') })).toEqual([]);
  });

  it('dates the calendar: the last day of standard support is still standard', () => {
    expect(eksStatusFromCalendar('1.34', new Date('2026-12-02T23:59:59Z'))).toBe('STANDARD_SUPPORT');
    expect(eksStatusFromCalendar('1.34', new Date('2026-12-03T00:00:00Z'))).toBe('EXTENDED_SUPPORT');
    expect(eksStatusFromCalendar('1.29', new Date('2026-03-24T00:00:00Z'))).toBe('UNSUPPORTED');
    expect(eksStatusFromCalendar('1.10', NOW)).toBeNull();
  });
});

describe('eks-cluster-extended-support: RDS', () => {
  it('fails a PostgreSQL 12 instance in Extended Support year 1-2: vCPUs × $0.10 × 730 h', async () => {
    const results = await run({
      dbs: [db('pg12', 'postgres', '12.22'), db('pg16', 'postgres', '16.4')],
      majors: [major('postgres', '12', '2025-02-28T23:59:59Z'), major('postgres', '16', '2029-02-28T23:59:59Z')],
    });
    // db.r6g.large = 2 vCPUs: 2 × 0.10 × 730 = $146.00
    expect(results[0]).toMatchObject({
      status: 'FAIL',
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'pg12',
      estimatedMonthlyCostUsd: 146,
      costBasis: 'estimate',
      evidence: { majorVersion: '12', extendedSupportYear: '1-2', vcpus: 2, billedInstances: 1, lifecycleSource: 'RDS DescribeDBMajorEngineVersions' },
    });
    expect(results[1]).toMatchObject({ status: 'PASS', resourceId: 'pg16' });
  });

  it('charges year 3 two years after the end of standard support, and the Multi-AZ standby too', async () => {
    const results = await run({
      dbs: [db('pg11', 'postgres', '11.22', { MultiAZ: true, DBInstanceClass: 'db.m6g.2xlarge' })],
      majors: [major('postgres', '11', '2024-02-29T23:59:59Z')],
    });
    // 8 vCPUs × 2 instances × $0.20 × 730 = $2,336.00
    expect(results[0]).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 2336, evidence: { extendedSupportYear: '3', billedInstances: 2 } });
    expect(results[0]!.message).toContain('Multi-AZ standby');
  });

  it('bills an Aurora instance once even when it reports MultiAZ (its readers are instances of their own)', async () => {
    const results = await run({
      dbs: [db('apg', 'aurora-postgresql', '11.21', { MultiAZ: true, DBInstanceClass: 'db.r5.large' })],
      majors: [major('aurora-postgresql', '11', '2024-02-29T23:59:59Z')],
    });
    expect(results[0]).toMatchObject({ status: 'FAIL', evidence: { billedInstances: 1 } });
  });

  it('keeps Aurora MySQL at the years 1-2 price throughout', async () => {
    const results = await run({ dbs: [db('am', 'aurora-mysql', '5.7.mysql_aurora.2.11.2')], majors: [major('aurora-mysql', '5.7', '2024-10-31T23:59:59Z')] });
    expect(results[0]).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: 146, evidence: { extendedSupportYear: '1-2' } });
  });

  it('passes an instance past standard support that is not enrolled in Extended Support', async () => {
    const results = await run({
      dbs: [db('opt-out', 'postgres', '12.22', { EngineLifecycleSupport: 'open-source-rds-extended-support-disabled' })],
      majors: [major('postgres', '12', '2025-02-28T23:59:59Z')],
    });
    expect(results[0]).toMatchObject({ status: 'PASS' });
    expect(results[0]!.message).toContain('not enrolled');
  });

  it('fails without a dollar figure when the instance class is unknown', async () => {
    const results = await run({ dbs: [db('odd', 'postgres', '12.22', { DBInstanceClass: 'db.x1e.32xlarge' })], majors: [major('postgres', '12', '2025-02-28T23:59:59Z')] });
    expect(results[0]).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: null, evidence: { vcpus: null } });
    expect(results[0]!.message).toContain('does not know the vCPUs');
  });

  it('falls back to the dated calendar when DescribeDBMajorEngineVersions fails', async () => {
    const results = await run({ dbs: [db('pg13', 'postgres', '13.20'), db('my80', 'mysql', '8.0.39')], majors: awsError('AccessDenied') });
    expect(results[0]).toMatchObject({ status: 'FAIL', evidence: { extendedSupportYear: '1-2' } });
    expect(results[0]!.evidence!.lifecycleSource).toMatch(/^dated calendar .*DescribeDBMajorEngineVersions failed: AccessDenied$/);
    // MySQL 8.0 is not in the calendar: no end of standard support is known.
    expect(results[1]).toMatchObject({ status: 'PASS', evidence: { endOfStandardSupport: null } });
  });

  it('ignores engines without Extended Support (MariaDB, Oracle, Neptune) and honours includeRds', async () => {
    expect(await run({ dbs: [db('m', 'mariadb', '10.6.14'), db('n', 'neptune', '1.2.0.0')], majors: awsError('ShouldNotBeCalled') })).toEqual([]);
    expect(await run({ dbs: [db('pg11', 'postgres', '11.22')] }, { includeRds: false })).toEqual([]);
  });

  it('names major versions and vCPUs as RDS and EC2 do', () => {
    expect(majorVersionOf('postgres', '16.4')).toBe('16');
    expect(majorVersionOf('postgres', '9.6.24')).toBe('9.6');
    expect(majorVersionOf('mysql', '8.0.39')).toBe('8.0');
    expect(majorVersionOf('aurora-mysql', '5.7.mysql_aurora.2.11.2')).toBe('5.7');
    expect(majorVersionOf('aurora-postgresql', '15.4')).toBe('15');
    expect(majorVersionOf('mysql', 'weird')).toBeNull();
    expect(vcpusOf('db.t3.micro')).toBe(2);
    expect(vcpusOf('db.t2.small')).toBe(1);
    expect(vcpusOf('db.r6g.large')).toBe(2);
    expect(vcpusOf('db.m6i.xlarge')).toBe(4);
    expect(vcpusOf('db.r7g.16xlarge')).toBe(64);
    expect(vcpusOf('db.serverless')).toBeNull();
    expect(vcpusOf('db.t3.nano')).toBeNull();
  });
});

describe('eks-cluster-extended-support: the EKS and RDS parts fail apart', () => {
  const rdsInExtended = { dbs: [db('pg12', 'postgres', '12.22')], majors: [major('postgres', '12', '2025-02-28T23:59:59Z')] };
  const eksInExtended = { clusters: [cluster('old', '1.32')], versions: [version('1.32', 'EXTENDED_SUPPORT')] };

  it('keeps the RDS findings when EKS is denied, with one ERROR for the EKS part naming its permissions', async () => {
    const results = await run({ ...rdsInExtended, clusters: awsError('AccessDeniedException') });
    expect(results.map((r) => [r.status, r.resourceId])).toEqual([
      ['ERROR', '111111111111/us-east-1/eks'],
      ['FAIL', 'pg12'],
    ]);
    expect(results[0]).toMatchObject({
      resourceType: 'AwsAccountRegion',
      errorCode: 'AccessDeniedException',
      evidence: { part: 'EKS', requiredPermissions: ['eks:DescribeCluster', 'eks:DescribeClusterVersions', 'eks:ListClusters'] },
    });
    expect(results[1]).toMatchObject({ estimatedMonthlyCostUsd: 146 });
  });

  it('keeps the EKS findings when RDS is denied, with one ERROR for the RDS part', async () => {
    const results = await run({ ...eksInExtended, dbs: awsError('AccessDenied') });
    expect(results.map((r) => [r.status, r.resourceId])).toEqual([
      ['FAIL', 'old'],
      ['ERROR', '111111111111/us-east-1/rds'],
    ]);
    expect(results[0]).toMatchObject({ estimatedMonthlyCostUsd: 365 });
    expect(results[1]).toMatchObject({ errorCode: 'AccessDenied', evidence: { part: 'RDS', requiredPermissions: ['rds:DescribeDBInstances', 'rds:DescribeDBMajorEngineVersions'] } });
    expect(results[1]!.message).toContain('RDS part');
  });

  it('gives each part its own ERROR when both are denied, and none for RDS when includeRds is off', async () => {
    const both = await run({ clusters: awsError('AccessDeniedException'), dbs: awsError('AccessDenied') });
    expect(both.map((r) => [r.status, r.resourceId, r.errorCode])).toEqual([
      ['ERROR', '111111111111/us-east-1/eks', 'AccessDeniedException'],
      ['ERROR', '111111111111/us-east-1/rds', 'AccessDenied'],
    ]);
    expect((await run({ dbs: awsError('AccessDenied') }, { includeRds: false }))).toEqual([]);
  });
});
