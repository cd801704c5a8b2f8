// The EC2/EBS waste checks against moto over HTTP: a failing resource and its passing twin per check, planted in
// 2 accounts × 2 regions by emulator/moto/seed-waste-ec2.ts; the scan must find exactly the planted failures,
// each with the dollar figure and cost basis the price table gives. moto stamps creation and stop times with the
// real clock, so the scan's clock runs WASTE_EC2_SCAN_CLOCK_SKEW_DAYS ahead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, ScanSummary } from '../../checks/types.js';
import { startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { scanMoto } from '../helpers/moto-scan.js';
import { WASTE_EC2_SCAN_CLOCK_SKEW_DAYS, seedWasteEc2Scenario, type WasteExpectedResult } from '../../emulator/moto/seed-waste-ec2.js';

const ACCOUNTS = ['111111111111', '222222222222'];
const REGIONS = ['us-east-1', 'eu-west-1'];
const WASTE_CHECKS = ['vpc-nat-gateway-idle', 'ec2-eip-unassociated', 'ebs-volume-gp2', 'ec2-instance-stopped-long', 'ebs-snapshot-orphaned'];

const key = (r: { checkId: string; accountId: string; region: string; resourceId: string }) => `${r.checkId} ${r.accountId}/${r.region} ${r.resourceId}`;

describe('EC2/EBS waste checks against moto', () => {
  let moto: MotoServer;
  let expected: WasteExpectedResult[];
  let findings: Finding[];
  let summary: ScanSummary;

  beforeAll(async () => {
    moto = await startMoto();
    const scanTime = new Date(Date.now() + WASTE_EC2_SCAN_CLOCK_SKEW_DAYS * 86_400_000);
    expected = await seedWasteEc2Scenario(moto.endpoint, ACCOUNTS, REGIONS, { metricsTime: new Date(scanTime.getTime() - 3_600_000) });
    ({ summary, findings } = await scanMoto(moto.endpoint, {
      accounts: ACCOUNTS,
      regions: REGIONS,
      checks: [...WASTE_CHECKS, 'vpc-nat-gateway-endpoint-savings'],
      now: () => scanTime,
    }));
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it('completes without errors, each list read once per unit', () => {
    expect(summary.status).toBe('succeeded');
    expect(summary.errors).toEqual([]);
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);
    const units = ACCOUNTS.length * REGIONS.length;
    const { 'STS:AssumeRole': _assume, ...perUnit } = summary.apiCalls.byOperation;
    expect(perUnit).toMatchObject({
      'EC2:DescribeInstances': units,
      'EC2:DescribeSnapshots': units,
      'EC2:DescribeImages': units,
      'EC2:DescribeVolumes': units,
      'EC2:DescribeAddresses': units,
      'EC2:DescribeNatGateways': units,
      // Two windows: 30 days for vpc-nat-gateway-idle, 14 for vpc-nat-gateway-endpoint-savings.
      'CloudWatch:GetMetricData': 2 * units,
    });
    console.info(`waste-ec2 scan: ${summary.apiCalls.total} API calls over ${units} units; by operation ${JSON.stringify(summary.apiCalls.byOperation)}`);
  });

  it('reports exactly the planted failures of the waste checks, no false positive', () => {
    const failing = findings.filter((f) => f.status === 'FAIL' && WASTE_CHECKS.includes(f.checkId)).map(key).sort();
    expect(failing).toEqual(expected.filter((e) => e.status === 'FAIL').map(key).sort());
  });

  it('passes every planted twin', () => {
    const byKey = new Map(findings.map((f) => [key(f), f]));
    for (const e of expected.filter((x) => x.status === 'PASS')) expect(byKey.get(key(e))?.status, `${key(e)} (${e.scenario})`).toBe('PASS');
  });

  it('prices every planted failure from the regional price table, with its cost basis', () => {
    const byKey = new Map(findings.map((f) => [key(f), f]));
    for (const e of expected.filter((x) => x.status === 'FAIL')) {
      const f = byKey.get(key(e));
      expect([f?.estimatedMonthlyCostUsd, f?.costBasis], `${key(e)} (${e.scenario})`).toEqual([e.estimatedMonthlyCostUsd, e.costBasis]);
    }
  });

  it('keeps an AMI snapshot whose source volume never existed, and leaves the idle gateway out of the endpoint check', () => {
    const ami = findings.filter((f) => f.checkId === 'ebs-snapshot-orphaned' && String(f.evidence.description ?? '').startsWith('Created by CreateImage'));
    expect(ami).toHaveLength(ACCOUNTS.length * REGIONS.length);
    for (const f of ami) expect(f).toMatchObject({ status: 'PASS', evidence: { volumeExists: false, amis: [expect.stringMatching(/^ami-/)] } });
    const endpoint = findings.filter((f) => f.checkId === 'vpc-nat-gateway-endpoint-savings');
    expect(endpoint.length).toBeGreaterThan(0);
    expect(endpoint.every((f) => f.status === 'PASS' && f.estimatedMonthlyCostUsd === null)).toBe(true);
  });

  it('reads the stop time moto writes and names the Elastic IP without counting it twice', () => {
    const stopped = findings.find((f) => f.checkId === 'ec2-instance-stopped-long' && f.status === 'FAIL')!;
    // Stopped moments after the scan clock was set: just under the skew.
    expect([stopped.evidence.stopTimeKnown, stopped.evidence.stoppedDays]).toEqual([true, WASTE_EC2_SCAN_CLOCK_SKEW_DAYS - 1]);
    expect((stopped.evidence.publicIpv4Addresses as { byoip: boolean }[]).map((a) => a.byoip)).toEqual([false]);
    expect(stopped.message).toContain('is reported by ec2-eip-unassociated');
    expect(stopped.frameworks['aws-fsbp']).toBe('EC2.4');
    const idle = findings.find((f) => f.checkId === 'vpc-nat-gateway-idle' && f.status === 'FAIL')!;
    expect(idle.frameworks).toEqual({ 'aws-trusted-advisor': 'c2vlfg022t' });
    expect((idle.evidence.publicIps as string[]).length).toBe(1);
  });
});
