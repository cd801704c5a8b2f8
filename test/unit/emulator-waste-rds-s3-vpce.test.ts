// The synthetic AWS (benchmark, demo) serves the three waste checks' new operations through the real SDK and
// engine: the scan finds exactly the idle DB instances, idle interface endpoints and lifecycle gaps the model plants.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../checks/types.js';
import { runScan } from '../../scanner/runner.js';
import { SyntheticAws } from '../../emulator/synthetic/handler.js';
import { SyntheticOrganization } from '../../emulator/synthetic/model/organization.js';
import type { SynthBucket } from '../../emulator/synthetic/model/types.js';
import { BENCH_CREDENTIALS, BENCH_ROLE } from '../../emulator/identity.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const CHECKS = ['rds-instance-idle', 'vpc-interface-endpoint-idle', 's3-bucket-no-lifecycle'];

function bucketFails(b: SynthBucket): boolean {
  const whole = (b.lifecycle ?? []).filter((r) => r.enabled && r.prefix === '');
  const aborts = whole.some((r) => r.abortIncompleteMultipartUploadDays !== null);
  const expires = whole.some((r) => r.noncurrentVersionExpirationDays !== null);
  return !aborts || (b.versioning === 'Enabled' && !expires);
}

describe('the synthetic AWS serves the RDS, S3-lifecycle and interface-endpoint waste checks', () => {
  it('plants idle resources the scan reports exactly, with no ERROR, one GetMetricData per collector and unit', async () => {
    const org = new SyntheticOrganization({ seed: 'waste-c', accounts: 12, regions: 2, problemRate: 0.3, now: NOW });
    const aws = new SyntheticAws(org, { latencyMs: 0, throttling: false, roleNames: [BENCH_ROLE] });
    const accounts = Array.from({ length: org.accountCount }, (_, i) => org.accountId(i));
    const findings: Finding[] = [];
    const summary = await runScan(
      { org: false, accounts, regions: [...org.regions], checks: CHECKS, roleName: BENCH_ROLE, concurrency: { accounts: 4, units: 8, apiCalls: 16 } },
      {
        aws: { requestHandler: aws, baseCredentials: BENCH_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 1 },
        now: () => NOW,
        hooks: { onFindings: (batch) => void findings.push(...batch) },
      },
    );
    expect(summary.errors).toEqual([]);
    expect(findings.filter((f) => f.status === 'ERROR')).toEqual([]);

    const expected: string[] = [];
    const units = { rds: 0, vpce: 0 };
    for (const accountId of accounts) {
      for (const region of org.regions) {
        const unit = org.regionalUnit(accountId, region);
        if (unit.dbInstances.length > 0) units.rds += 1;
        if (unit.vpcEndpoints.some((e) => e.type === 'Interface')) units.vpce += 1;
        for (const db of unit.dbInstances) {
          if (db.maxConnections === 0 && NOW.getTime() - db.createdAt.getTime() >= 7 * 86_400_000) expected.push(`rds-instance-idle ${accountId}/${region} ${db.id}`);
        }
        for (const e of unit.vpcEndpoints) if (e.type === 'Interface' && e.bytesPerDay === 0) expected.push(`vpc-interface-endpoint-idle ${accountId}/${region} ${e.id}`);
      }
      for (const b of org.globalUnit(accountId).buckets) if (bucketFails(b)) expected.push(`s3-bucket-no-lifecycle ${accountId}/global ${b.name}`);
    }
    const failing = findings.filter((f) => f.status === 'FAIL').map((f) => `${f.checkId} ${f.accountId}/${f.region} ${f.resourceId}`);
    expect(failing.sort()).toEqual(expected.sort());
    for (const id of CHECKS) expect(failing.some((f) => f.startsWith(id)), `${id} has a planted failure`).toBe(true);
    expect(findings.filter((f) => f.status === 'PASS' && f.checkId === 'rds-instance-idle').length).toBeGreaterThan(0);

    // Every priced FAIL has its figure; Aurora members are the unpriced ones.
    for (const f of findings.filter((x) => x.status === 'FAIL' && x.checkId === 'vpc-interface-endpoint-idle')) expect(f.estimatedMonthlyCostUsd).toBeGreaterThan(0);
    for (const f of findings.filter((x) => x.status === 'FAIL' && x.checkId === 'rds-instance-idle')) {
      if (String(f.evidence.engine).startsWith('aurora')) expect(f.estimatedMonthlyCostUsd).toBeNull();
      else expect(f.estimatedMonthlyCostUsd).toBeGreaterThan(0);
    }
    // One batched GetMetricData per unit with DB instances and per unit with interface endpoints (never more than 500 resources here).
    expect(summary.apiCalls.byOperation['CloudWatch:GetMetricData']).toBe(units.rds + units.vpce);
    expect(summary.apiCalls.byOperation['S3:GetBucketLifecycleConfiguration']).toBe(accounts.reduce((n, a) => n + org.globalUnit(a).buckets.length, 0));
  }, 120_000);
});
