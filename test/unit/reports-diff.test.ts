import { describe, expect, it } from 'vitest';
import { diffCounts, diffFindings, findingKey } from '../../reports/diff.js';
import { makeFinding } from '../helpers/sample-findings.js';

const f = makeFinding;

describe('diffFindings', () => {
  it('classifies new, still failing, resolved and newly erroring findings', () => {
    const previous = [
      f({ resourceId: 'vol-still', firstSeenAt: '2026-11-01T00:00:00.000Z' }),
      f({ resourceId: 'vol-fixed' }),
      f({ resourceId: 'vol-was-pass', status: 'PASS' }),
      f({ checkId: 'rds-instance-single-az', resourceId: 'db-1', status: 'ERROR' }),
    ];
    const current = [
      f({ resourceId: 'vol-still', firstSeenAt: null }),
      f({ resourceId: 'vol-fixed', status: 'PASS' }),
      f({ resourceId: 'vol-was-pass' }),
      f({ resourceId: 'vol-brand-new' }),
      f({ checkId: 'rds-instance-single-az', resourceId: 'db-1', status: 'ERROR' }),
      f({ checkId: 'iam-password-policy', region: 'global', resourceId: '111111111111', status: 'ERROR' }),
    ];
    const d = diffFindings(current, previous);
    expect(d.newFailures.map((x) => x.resourceId)).toEqual(['vol-was-pass', 'vol-brand-new']);
    expect(d.stillFailing.map((x) => x.resourceId)).toEqual(['vol-still']);
    expect(d.stillFailing[0]!.firstSeenAt).toBe('2026-11-01T00:00:00.000Z');
    expect(d.resolved.map((x) => x.resourceId)).toEqual(['vol-fixed']);
    expect(d.resolved[0]!.status).toBe('FAIL');
    expect(d.newErrors.map((x) => x.checkId)).toEqual(['iam-password-policy']);
    expect(diffCounts(d)).toEqual({ newFailures: 2, stillFailing: 1, resolved: 1, newErrors: 1 });
  });

  it('keeps the store-provided firstSeenAt of a still failing finding', () => {
    const d = diffFindings(
      [f({ firstSeenAt: '2026-10-01T00:00:00.000Z' })],
      [f({ firstSeenAt: '2026-11-01T00:00:00.000Z' })],
    );
    expect(d.stillFailing[0]!.firstSeenAt).toBe('2026-10-01T00:00:00.000Z');
  });

  it('does not treat MUTED as failing', () => {
    const mutedBy = { ruleId: '0', reason: 'sandbox', expires: '2027-01-01' };
    const d = diffFindings([f({ status: 'MUTED', mutedBy }), f({ resourceId: 'vol-b', status: 'FAIL' })], [
      f({ status: 'FAIL' }),
      f({ resourceId: 'vol-b', status: 'MUTED', mutedBy }),
    ]);
    expect(d.resolved.map((x) => x.resourceId)).toEqual(['vol-0123456789abcdef0']);
    expect(d.newFailures.map((x) => x.resourceId)).toEqual(['vol-b']);
    expect(d.stillFailing).toEqual([]);
  });

  it('treats a deleted resource as resolved', () => {
    const d = diffFindings([], [f({ resourceId: 'vol-gone' })]);
    expect(d.resolved.map((x) => x.resourceId)).toEqual(['vol-gone']);
  });

  it('does not call an absent finding resolved when its unit errored or was out of scope', () => {
    const previous = [
      f({ resourceId: 'vol-errored-unit' }),
      f({ accountId: '222222222222', resourceId: 'vol-role-denied' }),
      f({ accountId: '333333333333', resourceId: 'vol-not-scanned' }),
      f({ region: 'us-east-1', resourceId: 'vol-other-region' }),
      f({ checkId: 'nat-gateway-idle', resourceId: 'nat-1' }),
      f({ resourceId: 'vol-really-gone' }),
    ];
    const current = [f({ resourceId: 'ebs-volume-unattached', status: 'ERROR', errorCode: 'UnauthorizedOperation' })];
    const d = diffFindings(current, previous, {
      currentScan: {
        accounts: ['111111111111', '222222222222'],
        regions: ['eu-west-1'],
        checks: ['ebs-volume-unattached'],
        errors: [{ accountId: '222222222222', region: null, checkId: null, code: 'AccessDenied', message: 'cannot assume role' }],
      },
    });
    // The ERROR finding for the unit (check, account, region) hides every absent finding of that unit.
    expect(d.resolved).toEqual([]);

    const d2 = diffFindings([], previous, {
      currentScan: {
        accounts: ['111111111111', '222222222222'],
        regions: ['eu-west-1'],
        checks: ['ebs-volume-unattached'],
        errors: [{ accountId: '222222222222', region: null, checkId: null, code: 'AccessDenied', message: 'cannot assume role' }],
      },
    });
    expect(d2.resolved.map((x) => x.resourceId)).toEqual(['vol-errored-unit', 'vol-really-gone']);
  });

  it('treats global findings as in scope whatever the region list', () => {
    const prev = [f({ checkId: 'iam-root-mfa', region: 'global', resourceId: 'root' })];
    const d = diffFindings([], prev, { currentScan: { accounts: [], regions: ['eu-west-1'], checks: [], errors: [] } });
    expect(d.resolved).toHaveLength(1);
  });

  it('uses the full identity (check, account, region, resource)', () => {
    const a = f({ region: 'eu-west-1' });
    const b = f({ region: 'eu-west-2' });
    expect(findingKey(a)).not.toBe(findingKey(b));
    const d = diffFindings([b], [a]);
    expect(d.newFailures).toEqual([b]);
    expect(d.resolved).toEqual([a]);
  });
});
