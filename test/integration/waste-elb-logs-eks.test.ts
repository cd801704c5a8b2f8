// The waste checks elb-idle, logs-group-no-retention and eks-cluster-extended-support against moto over HTTP:
// failing resources and their passing twins planted in 2 accounts × 2 regions; the scan must find exactly them,
// with the dollar figures of the price table. The scan clock runs 15 days ahead so that the load balancers are
// older than the 14-day metrics window (moto stamps them with the real time) and their traffic is judged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, ScanSummary } from '../../checks/types.js';
import { startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { scanMoto } from '../helpers/moto-scan.js';
import { PLANTED_LOG_BYTES, seedWasteElbLogsEksScenario, type WasteExpectedResult } from '../../emulator/moto/seed-waste-elb-logs-eks.js';

const ACCOUNTS = ['111111111111', '222222222222'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const CHECKS = ['elb-idle', 'logs-group-no-retention', 'eks-cluster-extended-support'];

const key = (r: { checkId: string; accountId: string; region: string; resourceId: string }) => `${r.checkId} ${r.accountId}/${r.region} ${r.resourceId}`;

describe('waste checks for load balancers, log groups and EKS against moto', () => {
  let moto: MotoServer;
  let expected: WasteExpectedResult[];
  let findings: Finding[];
  let summary: ScanSummary;

  beforeAll(async () => {
    moto = await startMoto();
    const scanTime = new Date(Date.now() + 15 * 86_400_000);
    expected = await seedWasteElbLogsEksScenario(moto.endpoint, ACCOUNTS, REGIONS, { scanTime });
    ({ summary, findings } = await scanMoto(moto.endpoint, {
      accounts: ACCOUNTS,
      regions: REGIONS,
      checks: CHECKS,
      now: () => scanTime,
    }));
  }, 120_000);

  afterAll(async () => {
    await moto?.stop();
  });

  it('completes without errors, reading each list once per unit', () => {
    expect(summary.status).toBe('succeeded');
    expect(summary.errors).toEqual([]);
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);
    const units = ACCOUNTS.length * REGIONS.length;
    const { 'STS:AssumeRole': _assume, ...perUnit } = summary.apiCalls.byOperation;
    expect(perUnit).toMatchObject({
      'ElasticLoadBalancingV2:DescribeLoadBalancers': units,
      'ElasticLoadBalancingV2:DescribeTargetGroups': units,
      // Two target groups per unit, each serving one load balancer.
      'ElasticLoadBalancingV2:DescribeTargetHealth': 2 * units,
      // Only the two idle ALB/NLBs have their LCU reservation read.
      'ElasticLoadBalancingV2:DescribeCapacityReservation': 2 * units,
      'ElasticLoadBalancing:DescribeLoadBalancers': units,
      'ElasticLoadBalancing:DescribeInstanceHealth': units,
      // One batched query for the four load balancers with a traffic metric… and the Classic ones: five in one call.
      'CloudWatch:GetMetricData': units,
      'CloudWatchLogs:DescribeLogGroups': units,
      'EKS:ListClusters': units,
      'EKS:DescribeCluster': 2 * units,
      'EKS:DescribeClusterVersions': units,
      'RDS:DescribeDBInstances': units,
      'RDS:DescribeDBMajorEngineVersions': units,
    });
    console.info(
      `waste elb/logs/eks scan: ${summary.apiCalls.total} API calls over ${units} units (${(summary.apiCalls.total / units).toFixed(1)}/unit); ` +
        `by operation ${JSON.stringify(summary.apiCalls.byOperation)}`,
    );
  });

  it('reports exactly the planted failures, no false positive', () => {
    const failing = findings.filter((f) => f.status === 'FAIL').map(key).sort();
    expect(failing).toEqual(expected.filter((e) => e.status === 'FAIL').map(key).sort());
  });

  it('passes every planted twin', () => {
    const byKey = new Map(findings.map((f) => [key(f), f]));
    for (const e of expected.filter((x) => x.status === 'PASS')) expect(byKey.get(key(e))?.status, `${key(e)} (${e.scenario})`).toBe('PASS');
  });

  it('prices the planted waste from the regional price table', () => {
    const byKey = new Map(findings.map((f) => [key(f), f]));
    const priced = expected.filter((e) => e.estimatedMonthlyCostUsd !== undefined);
    expect(priced.length).toBe(ACCOUNTS.length * REGIONS.length * 6);
    for (const e of priced) expect(byKey.get(key(e))?.estimatedMonthlyCostUsd, `${key(e)} (${e.scenario})`).toBe(e.estimatedMonthlyCostUsd);
  });

  it('explains each failure in its evidence', () => {
    const inUsEast1 = (f: Finding) => f.accountId === ACCOUNTS[0] && f.region === 'us-east-1';
    const fail = (checkId: string, id: string) => findings.find((f) => inUsEast1(f) && f.checkId === checkId && String(f.resourceId).includes(id))!;
    expect(fail('elb-idle', 'idle-alb').evidence).toMatchObject({ type: 'application', registeredTargets: 0, idleReasons: ['no registered target', '0 RequestCount in 14 days'] });
    expect(fail('elb-idle', 'quiet-nlb').evidence).toMatchObject({ type: 'network', healthyTargets: 1, idleReasons: ['0 NewFlowCount in 14 days'] });
    expect(fail('elb-idle', 'busy-alb').evidence).toMatchObject({ healthyTargets: 1, metricSum: 500 });
    expect(fail('elb-idle', 'legacy-clb')).toMatchObject({ resourceType: 'AWS::ElasticLoadBalancing::LoadBalancer' });
    const logs = fail('logs-group-no-retention', '/planted/forever');
    expect(logs.evidence).toMatchObject({ storedBytes: PLANTED_LOG_BYTES, retentionInDays: null });
    const eks = fail('eks-cluster-extended-support', 'legacy-eks');
    expect(eks.evidence).toMatchObject({ supportStatus: 'EXTENDED_SUPPORT' });
    // moto does not implement DescribeClusterVersions or DescribeDBMajorEngineVersions: the calendars answer, said so.
    expect(String(eks.evidence.supportStatusSource)).toMatch(/^dated calendar .*DescribeClusterVersions failed: HTTP404$/);
    const rds = fail('eks-cluster-extended-support', 'pg-extended');
    expect(rds.evidence).toMatchObject({ majorVersion: '12', vcpus: 2, billedInstances: 1 });
    expect(String(rds.evidence.lifecycleSource)).toMatch(/DescribeDBMajorEngineVersions failed: HTTP500$/);
  });

  it('covers every check with both outcomes in every account', () => {
    for (const checkId of CHECKS) {
      for (const accountId of ACCOUNTS) {
        const statuses = new Set(findings.filter((f) => f.checkId === checkId && f.accountId === accountId).map((f) => f.status));
        expect([...statuses].sort(), `${checkId} in ${accountId}`).toEqual(['FAIL', 'PASS']);
      }
    }
  });
});
