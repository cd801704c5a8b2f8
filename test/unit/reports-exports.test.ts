import { describe, expect, it } from 'vitest';
import { formatScan, isReportFormat } from '../../reports/index.js';
import { findingToOcsf, findingsToOcsfJson } from '../../reports/ocsf.js';
import { makeFinding, sampleScan } from '../helpers/sample-findings.js';

const scan = sampleScan({ findings: 50 });

describe('OCSF export', () => {
  it('emits a Detection Finding (class 2004) per finding, laid out as Prowler does', () => {
    const f = makeFinding({
      severity: 'high',
      tags: { team: 'payments' },
      firstSeenAt: '2026-11-01T00:00:00.000Z',
      frameworks: { 'cis-aws-3.0': ['5.1', '5.2'] },
      costBasis: 'estimate',
    });
    const o = findingToOcsf(f, { id: 'scan-1', startedAt: '2026-11-23T06:00:00.000Z', finishedAt: '2026-11-23T06:10:00.000Z' }) as any;
    expect(o).toMatchObject({
      class_uid: 2004,
      class_name: 'Detection Finding',
      category_uid: 2,
      category_name: 'Findings',
      activity_id: 1,
      type_uid: 200401,
      severity_id: 4,
      severity: 'High',
      status_id: 1,
      status: 'New',
      status_code: 'FAIL',
      status_detail: f.message,
      message: f.message,
      time: Date.parse('2026-11-23T06:10:00.000Z') / 1000,
      time_dt: '2026-11-23T06:10:00.000Z',
      metadata: { event_code: 'ebs-volume-unattached', product: { name: 'orgscan' }, profiles: ['cloud', 'datetime'] },
      finding_info: {
        uid: 'orgscan-ebs-volume-unattached-111111111111-eu-west-1-vol-0123456789abcdef0',
        first_seen_time: Date.parse('2026-11-01T00:00:00.000Z') / 1000,
      },
      remediation: { desc: f.remediation.text, references: [f.remediation.url] },
      cloud: { provider: 'aws', region: 'eu-west-1', account: { uid: '111111111111', type_id: 10, type: 'AWS Account' } },
      unmapped: { compliance: { 'cis-aws-3.0': ['5.1', '5.2'] }, estimated_monthly_cost_usd: 8, cost_basis: 'estimate' },
    });
    expect(o.resources).toEqual([
      {
        uid: f.resourceArn,
        name: f.resourceId,
        type: 'AWS::EC2::Volume',
        group: { name: 'ebs' },
        labels: ['team:payments'],
        cloud_partition: 'aws',
        region: 'eu-west-1',
        data: { details: f.evidence },
      },
    ]);
  });

  it('maps MUTED to Suppressed and ERROR to Other', () => {
    const s = { id: 's', startedAt: '2026-11-23T06:00:00.000Z', finishedAt: null };
    const muted = findingToOcsf(makeFinding({ status: 'MUTED', mutedBy: { ruleId: 'r', reason: 'x', expires: '2027-01-01' } }), s) as any;
    expect([muted.status_id, muted.status, muted.status_code]).toEqual([3, 'Suppressed', 'FAIL']);
    const err = findingToOcsf(makeFinding({ status: 'ERROR', errorCode: 'AccessDenied' }), s) as any;
    expect([err.status_id, err.status_code, err.unmapped.error_code]).toEqual([99, 'ERROR', 'AccessDenied']);
  });

  it('writes a JSON array with one object per finding', () => {
    const parsed = JSON.parse(findingsToOcsfJson(scan.findings, scan.scan));
    expect(parsed).toHaveLength(scan.findings.length);
    expect(new Set(parsed.map((o: any) => o.finding_info.uid)).size).toBe(scan.findings.length);
  });
});

describe('formatScan', () => {
  it('json is { scan, findings }', () => {
    expect(JSON.parse(formatScan('json', scan))).toEqual({ scan: scan.scan, findings: scan.findings });
  });
  it('csv has a header and a row per finding', () => {
    const csv = formatScan('csv', scan);
    expect(csv.startsWith('checkId,status,severity,accountId,region')).toBe(true);
  });
  it('html and ocsf render', () => {
    expect(formatScan('html', scan)).toMatch(/^<!doctype html>/);
    expect(JSON.parse(formatScan('ocsf', scan))).toHaveLength(scan.findings.length);
  });
  it('knows its formats', () => {
    expect(isReportFormat('ocsf')).toBe(true);
    expect(isReportFormat('xml')).toBe(false);
  });
});
