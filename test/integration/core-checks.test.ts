// The five core checks against moto over HTTP: a failing resource and its passing twin per check,
// planted in 2 accounts × 2 regions; the scan must find exactly the planted failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHECK_OPTIONS, type Finding, type ScanSummary } from '../../checks/types.js';
import { runScan } from '../../scanner/runner.js';
import { scanMoto } from '../helpers/moto-scan.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { OUT_OF_SCOPE_DB_INSTANCES, seedCoreScenario, type ExpectedResult } from '../../emulator/moto/seed-core.js';
import { WASTE_RDS_S3_VPCE_OPTIONS } from '../../emulator/moto/seed-waste-rds-s3-vpce.js';

const ACCOUNTS = ['111111111111', '222222222222'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const CORE_CHECKS = [
  'vpc-default-in-use',
  'ebs-volume-unattached',
  'rds-instance-single-az',
  'cloudwatch-alarm-no-action',
  'vpc-nat-gateway-endpoint-savings',
  'ec2-eip-unassociated',
  'rds-instance-idle',
  's3-bucket-no-lifecycle',
  'vpc-interface-endpoint-idle',
];

const key = (r: { checkId: string; accountId: string; region: string; resourceId: string }) =>
  `${r.checkId} ${r.accountId}/${r.region} ${r.resourceId}`;

describe('core checks against moto', () => {
  let moto: MotoServer;
  let expected: ExpectedResult[];
  let findings: Finding[];
  let summary: ScanSummary;
  let wallMs: number;

  beforeAll(async () => {
    moto = await startMoto();
    const scanTime = new Date();
    expected = await seedCoreScenario(moto.endpoint, ACCOUNTS, REGIONS, { metricsTime: new Date(scanTime.getTime() - 3_600_000) });
    // Volumes get CreateTime = now in moto: a scan clock a little ahead keeps ages non-negative.
    const fixedDate = new Date(Date.now() + 60_000);
    const started = performance.now();
    ({ summary, findings } = await scanMoto(moto.endpoint, {
      accounts: ACCOUNTS,
      regions: REGIONS,
      checks: CORE_CHECKS,
      options: { ...DEFAULT_CHECK_OPTIONS, ...WASTE_RDS_S3_VPCE_OPTIONS },
      now: () => fixedDate,
    }));
    wallMs = performance.now() - started;
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it('completes without errors over every account and region', () => {
    expect(summary.status).toBe('succeeded');
    expect(summary.errors).toEqual([]);
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);
    expect(new Set(findings.map((f) => `${f.accountId}/${f.region}`))).toEqual(
      new Set(ACCOUNTS.flatMap((a) => [...REGIONS, 'global'].map((r) => `${a}/${r}`))),
    );
    // Each list is fetched once per unit although several checks read it (DescribeVpcs, DescribeNatGateways).
    const units = ACCOUNTS.length * REGIONS.length;
    const { 'STS:AssumeRole': assumeRole, 'Organizations:DescribeAccount': describeAccount, ...perUnit } = summary.apiCalls.byOperation;
    expect(assumeRole).toBe(ACCOUNTS.length);
    // Account metadata: at most one DescribeAccount per account (moto has no organization here, so asking stops).
    expect(describeAccount).toBeGreaterThanOrEqual(1);
    expect(describeAccount).toBeLessThanOrEqual(ACCOUNTS.length);
    expect(perUnit).toEqual({
      'CloudWatch:DescribeAlarms': units,
      // NAT gateways, DB instances, interface endpoints: one batched call each per unit.
      'CloudWatch:GetMetricData': 3 * units,
      'EC2:DescribeAddresses': units,
      // ec2-eip-unassociated reads instances when an address is associated with one (a stopped instance's address bills).
      'EC2:DescribeInstances': units,
      'EC2:DescribeNatGateways': units,
      'EC2:DescribeNetworkInterfaces': units,
      'EC2:DescribeRouteTables': units,
      'EC2:DescribeVolumes': units,
      'EC2:DescribeVpcEndpoints': units,
      'EC2:DescribeVpcs': units,
      'RDS:DescribeDBClusters': units,
      'RDS:DescribeDBInstances': units,
      // Six buckets per account (moto's ListBuckets names no region: GetBucketLocation per bucket).
      'S3:ListBuckets': ACCOUNTS.length,
      'S3:GetBucketLocation': 6 * ACCOUNTS.length,
      'S3:GetBucketLifecycleConfiguration': 6 * ACCOUNTS.length,
      'S3:GetBucketVersioning': 6 * ACCOUNTS.length,
      'S3:GetBucketTagging': 6 * ACCOUNTS.length,
    });
    // For the lead's note: calls per unit and wall time of the scan.
    console.info(
      `core scan: ${summary.apiCalls.total} API calls over ${units} units (${(summary.apiCalls.total / units).toFixed(1)}/unit), ` +
        `${Math.round(wallMs)} ms; by operation ${JSON.stringify(summary.apiCalls.byOperation)}`,
    );
  });

  it('reports exactly the planted failures, no false positive', () => {
    const failing = findings.filter((f) => f.status === 'FAIL').map(key).sort();
    const planted = expected.filter((e) => e.status === 'FAIL').map(key).sort();
    expect(failing).toEqual(planted);
  });

  it('passes every planted twin', () => {
    const byKey = new Map(findings.map((f) => [key(f), f]));
    for (const e of expected.filter((x) => x.status === 'PASS')) {
      expect(byKey.get(key(e))?.status, `${key(e)} (${e.scenario})`).toBe('PASS');
    }
  });

  it('covers every check with both outcomes in every account', () => {
    for (const checkId of CORE_CHECKS) {
      for (const accountId of ACCOUNTS) {
        const statuses = new Set(findings.filter((f) => f.checkId === checkId && f.accountId === accountId).map((f) => f.status));
        expect([...statuses].sort(), `${checkId} in ${accountId}`).toEqual(['FAIL', 'PASS']);
      }
    }
  });

  it('estimates the planted waste from the regional price table', () => {
    const byKey = new Map(findings.map((f) => [key(f), f]));
    const priced = expected.filter((e) => e.estimatedMonthlyCostUsd !== undefined);
    expect(priced.length).toBeGreaterThan(0);
    for (const e of priced) {
      expect(byKey.get(key(e))?.estimatedMonthlyCostUsd, `${key(e)} (${e.scenario})`).toBe(e.estimatedMonthlyCostUsd);
    }
  });

  it('fills finding metadata from the check and the evidence from the resource', () => {
    const volume = findings.find((f) => f.checkId === 'ebs-volume-unattached' && f.status === 'FAIL');
    expect(volume).toMatchObject({
      severity: 'low',
      resourceType: 'AWS::EC2::Volume',
      tags: { Name: 'planted-unattached' },
      evidence: { state: 'available', sizeGiB: 50, volumeType: 'gp3' },
      frameworks: { 'aws-trusted-advisor': 'DAvU99Dc4C', 'aws-config-rule': 'ec2-volume-inuse-check' },
    });
    const vpc = findings.find((f) => f.checkId === 'vpc-default-in-use' && f.status === 'FAIL');
    const byKind = vpc?.evidence.interfacesByKind as Record<string, { count: number }>;
    expect(byKind.ec2_instance?.count).toBe(1);
    const nat = findings.find((f) => f.checkId === 'vpc-nat-gateway-endpoint-savings' && f.evidence.missingEndpoints instanceof Array && (f.evidence.missingEndpoints as unknown[]).length > 0);
    expect(nat?.evidence.missingEndpoints).toEqual([{ routeTableId: expect.stringMatching(/^rtb-/), service: 'dynamodb' }]);
    expect(nat?.message).toContain('VPC Flow Logs');
    const alarm = findings.find((f) => f.resourceId === 'cpu-disabled');
    expect(alarm?.resourceArn).toMatch(/^arn:aws:cloudwatch:.*:alarm:cpu-disabled$/);
    const replica = findings.find((f) => f.resourceId === 'multi-az-replica');
    expect(replica?.evidence).toMatchObject({ readReplica: true, readReplicaSource: 'multi-az' });
  });

  it('states the basis of the RDS, S3-lifecycle and interface-endpoint waste figures', () => {
    const find = (checkId: string, resourceId: string, region: string) =>
      findings.find((f) => f.checkId === checkId && f.resourceId.startsWith(resourceId) && f.region === region && f.accountId === ACCOUNTS[0]);
    // The AWS Pricing Calculator prices this configuration (db.t3.micro MySQL Single-AZ, 20 GB gp3, us-east-1) at $14.71/month.
    expect(find('rds-instance-idle', 'waste-mysql-idle', 'us-east-1')?.estimatedMonthlyCostUsd).toBe(14.71);
    // Two Availability Zones × $0.01 × 730 hours.
    expect(findings.find((f) => f.checkId === 'vpc-interface-endpoint-idle' && f.status === 'FAIL' && f.region === 'us-east-1')?.estimatedMonthlyCostUsd).toBe(14.6);
    const aurora = find('rds-instance-idle', 'waste-aurora-idle-1', 'us-east-1');
    expect(aurora).toMatchObject({ status: 'FAIL', estimatedMonthlyCostUsd: null });
    expect(aurora?.message).toContain('Aurora instance-hours are not in the price table');
    expect(find('rds-instance-idle', 'waste-pg-multiaz-idle', 'eu-west-1')?.evidence).toMatchObject({
      cost: { deployment: 'Multi-AZ', billedCopies: 2, priceBasis: { 'rds.postgres.db.t4g.micro.hour': 'us-east-1', 'rds.gp3.gbMonth': 'us-east-1' } },
    });
    const endpoints = findings.filter((f) => f.checkId === 'vpc-interface-endpoint-idle' && f.status === 'FAIL' && f.accountId === ACCOUNTS[0]);
    expect(Object.fromEntries(endpoints.map((f) => [f.region, (f.evidence.cost as { priceBasis: string }).priceBasis]))).toEqual({ 'us-east-1': 'list', 'eu-west-1': 'us-east-1' });
    expect(find('s3-bucket-no-lifecycle', 'lc-none', 'global')?.evidence).toMatchObject({ lifecycleConfigured: false, fsbpS3_13Fails: true });
    expect(find('s3-bucket-no-lifecycle', 'lc-versioned-abort-only', 'global')?.evidence).toMatchObject({ missing: ['NoncurrentVersionExpiration'], fsbpS3_13Fails: false });
  });

  it('never reports Neptune instances', () => {
    const ids = new Set(findings.map((f) => f.resourceId));
    for (const id of OUT_OF_SCOPE_DB_INSTANCES) expect(ids.has(id), id).toBe(false);
  });

  it('honours the RDS ignoreReadReplicas option and the EBS grace period', async () => {
    const rescan: Finding[] = [];
    await runScan(
      {
        org: false,
        accounts: ACCOUNTS.slice(0, 1),
        regions: REGIONS.slice(0, 1),
        checks: ['rds-instance-single-az', 'ebs-volume-unattached'],
        roleName: 'OrgScanReadOnly',
        concurrency: { accounts: 1, units: 1, apiCalls: 4 },
        options: { 'rds-instance-single-az': { ignoreReadReplicas: true }, 'ebs-volume-unattached': { graceDays: 1 } },
      },
      {
        aws: { endpoint: moto.endpoint, baseCredentials: FAKE_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 1 },
        hooks: { onFindings: (batch) => void rescan.push(...batch) },
      },
    );
    const rds = rescan.filter((f) => f.checkId === 'rds-instance-single-az').map((f) => f.resourceId);
    expect(rds).toContain('single-az');
    expect(rds).not.toContain('multi-az-replica');
    // Every volume was created moments ago: within a one-day grace period, none fails.
    const volumes = rescan.filter((f) => f.checkId === 'ebs-volume-unattached');
    const planted = expected.find((e) => e.checkId === 'ebs-volume-unattached' && e.status === 'FAIL' && e.accountId === ACCOUNTS[0] && e.region === REGIONS[0]);
    expect(volumes.find((f) => f.resourceId === planted?.resourceId)?.message).toContain('grace period');
    expect(volumes.filter((f) => f.status === 'FAIL')).toEqual([]);
  });
});
