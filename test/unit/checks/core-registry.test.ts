import { describe, expect, it } from 'vitest';
import { coreChecks } from '../../../checks/core.js';
import { requiredPermissions } from '../../../checks/index.js';

describe('core checks registry', () => {
  it('registers the five core checks in contract order', () => {
    expect(coreChecks.map((c) => c.id)).toEqual([
      'vpc-default-in-use',
      'ebs-volume-unattached',
      'rds-instance-single-az',
      'cloudwatch-alarm-no-action',
      'vpc-nat-gateway-endpoint-savings',
    ]);
  });

  it('declares regional scope, IAM actions and an AWS documentation link for each', () => {
    for (const check of coreChecks) {
      expect(check.scope).toBe('regional');
      expect(check.permissions.length).toBeGreaterThan(0);
      for (const action of check.permissions) expect(action).toMatch(/^(ec2|rds|cloudwatch):[A-Z][A-Za-z]+$/);
      expect(check.remediation.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(check.remediation.text.length).toBeGreaterThan(20);
    }
  });

  it('needs exactly these read-only actions', () => {
    expect(requiredPermissions(coreChecks)).toEqual([
      'cloudwatch:DescribeAlarms',
      'cloudwatch:GetMetricData',
      'ec2:DescribeNatGateways',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeRouteTables',
      'ec2:DescribeVolumes',
      'ec2:DescribeVpcEndpoints',
      'ec2:DescribeVpcs',
      'rds:DescribeDBClusters',
      'rds:DescribeDBInstances',
    ]);
  });
});
