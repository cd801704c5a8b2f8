// A complete Finding with sensible defaults, for report and diff tests.
import type { Finding } from '../../checks/types.js';

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    checkId: 'ebs-volume-unattached',
    status: 'FAIL',
    severity: 'low',
    accountId: '111111111111',
    region: 'eu-west-1',
    resourceType: 'AWS::EC2::Volume',
    resourceId: 'vol-0123456789abcdef0',
    resourceArn: 'arn:aws:ec2:eu-west-1:111111111111:volume/vol-0123456789abcdef0',
    message: 'Volume vol-0123456789abcdef0 is not attached to any instance',
    evidence: { state: 'available', sizeGiB: 100 },
    remediation: { text: 'Snapshot the volume if its data matters, then delete it.', url: 'https://docs.aws.amazon.com/ebs/latest/userguide/ebs-deleting-volume.html' },
    frameworks: { 'aws-trusted-advisor': 'DAvU99Dc4C' },
    estimatedMonthlyCostUsd: 8,
    tags: {},
    firstSeenAt: null,
    mutedBy: null,
    errorCode: null,
    ...overrides,
  };
}
