import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../checks/index.js';
import { completeFinding } from '../../../scanner/runner.js';

const check = CHECKS.find((c) => c.id === 'ebs-volume-unattached')!;
const result = { status: 'FAIL' as const, resourceType: 'AWS::EC2::Volume', resourceId: 'vol-1', message: 'm' };

describe('costBasis on findings', () => {
  it('carries the basis of a dollar figure, and none without a figure', () => {
    expect(completeFinding(check, { ...result, estimatedMonthlyCostUsd: 8, costBasis: 'estimate' }, '111111111111', 'us-east-1').costBasis).toBe('estimate');
    expect(completeFinding(check, { ...result, estimatedMonthlyCostUsd: 0, costBasis: 'exact' }, '111111111111', 'us-east-1').costBasis).toBe('exact');
    expect(completeFinding(check, { ...result, costBasis: 'ceiling' }, '111111111111', 'us-east-1').costBasis).toBeNull();
    expect(completeFinding(check, { ...result, estimatedMonthlyCostUsd: 3 }, '111111111111', 'us-east-1').costBasis).toBeNull();
  });
});
