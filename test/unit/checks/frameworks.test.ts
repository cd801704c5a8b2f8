// Framework claims are promises to auditors: every claimed control exists in its standard's checked-in list
// (transcribed from AWS's pages, docs/framework-claims.md), and a check that claims a control with a threshold
// applies that threshold by default.
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../checks/index.js';
import { controlTitle, isKnownControl, STANDARDS, type FrameworkRef } from '../../../checks/frameworks/index.js';
import { MIN_PASSWORD_LENGTH, MIN_PASSWORD_REUSE_PREVENTION } from '../../../checks/iam/iam-password-policy.js';

const claims = (id: string): string[] => CHECKS.find((c) => c.id === id)!.frameworks.map((r) => `${r.standard}:${r.control}`);
const defaults = (id: string): Record<string, unknown> => CHECKS.find((c) => c.id === id)!.parseOptions({}) as Record<string, unknown>;

describe('framework standards', () => {
  it('cites the page each list was transcribed from', () => {
    for (const standard of Object.values(STANDARDS)) {
      expect(standard.source, standard.id).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(standard.retrieved, standard.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Object.keys(standard.controls).length, standard.id).toBeGreaterThan(10);
    }
    // The FSBP page lists 336 controls.
    expect(Object.keys(STANDARDS['aws-fsbp'].controls)).toHaveLength(336);
  });

  it('knows which Security Hub controls are not FSBP (the claims orgscan used to make)', () => {
    for (const id of ['CloudWatch.15', 'CloudWatch.17', 'IAM.9', 'IAM.15', 'IAM.16', 'IAM.22', 'EC2.12', 'EC2.13', 'EC2.14', 'EC2.53', 'EC2.54', 'S3.4', 'S3.14']) {
      expect(isKnownControl({ standard: 'aws-fsbp', control: id }), id).toBe(false);
    }
    for (const id of ['IAM.6', 'EC2.18', 'EC2.19', 'Config.1', 'S3.5', 'IAM.8']) expect(isKnownControl({ standard: 'aws-fsbp', control: id }), id).toBe(true);
    expect(controlTitle({ standard: 'aws-fsbp', control: 'IAM.6' })).toBe('Hardware MFA should be enabled for the root user');
  });

  it('finds every claim of every check in its standard', () => {
    const unknown: FrameworkRef[] = CHECKS.flatMap((c) => c.frameworks.filter((r) => !isKnownControl(r)));
    expect(unknown).toEqual([]);
  });
});

describe('claims whose controls have parameters', () => {
  it('claims IAM.3 and CIS 1.14 only with their 90 days', () => {
    expect(claims('iam-access-key-rotation')).toEqual(expect.arrayContaining(['aws-fsbp:IAM.3', 'cis-aws-3.0:1.14']));
    expect(defaults('iam-access-key-rotation')).toEqual({ maxAgeDays: 90 });
  });

  it('claims IAM.8 (90 days unused) but not IAM.22 or CIS 1.12, which use 45', () => {
    expect(claims('iam-access-key-unused')).toContain('aws-fsbp:IAM.8');
    expect(claims('iam-access-key-unused')).not.toContain('cis-aws-3.0:1.12');
    expect(defaults('iam-access-key-unused')).toEqual({ unusedDays: 90 });
  });

  it('claims CIS 1.8 and 1.9 for the password policy, not IAM.7 or the Config rule (character classes, maximum age)', () => {
    expect(claims('iam-password-policy')).toEqual(['cis-aws-3.0:1.8', 'cis-aws-3.0:1.9']);
    expect(MIN_PASSWORD_LENGTH).toBe(14);
    expect(MIN_PASSWORD_REUSE_PREVENTION).toBe(24);
  });

  it('does not claim Config.1 (service-linked role) nor root hardware MFA (IAM.6) nor the alarm rule needing INSUFFICIENT_DATA actions', () => {
    expect(claims('config-recorder-enabled')).toEqual(['cis-aws-3.0:3.3']);
    expect(claims('iam-root-mfa')).not.toContain('aws-fsbp:IAM.6');
    expect(claims('cloudwatch-alarm-no-action')).toEqual(['aws-config-rule:cloudwatch-alarm-action-enabled-check']);
  });
});

describe('the waste checks\' Trusted Advisor claims (audited against the cost optimization checks page)', () => {
  it('claims the idle RDS and inactive interface endpoint checks with their windows, 7 and 30 days', () => {
    expect(claims('rds-instance-idle')).toEqual(['aws-trusted-advisor:Ti39halfu8']);
    expect(defaults('rds-instance-idle')).toMatchObject({ idleDays: 7 });
    expect(claims('vpc-interface-endpoint-idle')).toEqual(['aws-trusted-advisor:c2vlfg0jp6']);
    expect(defaults('vpc-interface-endpoint-idle')).toMatchObject({ idleDays: 30 });
    expect(claims('elb-idle')).toEqual(['aws-trusted-advisor:hjLMh88uM8']);
  });

  it('claims the multipart upload abort check but not c18d2gz171, which passes a versioned bucket with any lifecycle policy', () => {
    expect(claims('s3-bucket-no-lifecycle')).toEqual(['aws-trusted-advisor:c1cj39rr6v']);
  });
});
