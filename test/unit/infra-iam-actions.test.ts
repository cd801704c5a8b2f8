// The member policy is generated from the check registry; the SDK-to-IAM table is consistent.
import { describe, expect, it } from 'vitest';
import { CHECKS, requiredPermissions } from '../../checks/index.js';
import {
  assertExactActions,
  ENGINE_MEMBER_ACTIONS,
  IAM_ACTION_BY_SDK_OPERATION,
  iamActionFor,
  InvalidIamActionError,
  memberRoleActions,
} from '../../infra/iam-actions.js';

const EXACT_ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

describe('memberRoleActions', () => {
  it('holds every permission every registered check declares, plus region discovery', () => {
    const actions = memberRoleActions();
    expect(CHECKS.length).toBeGreaterThan(0);
    for (const check of CHECKS) for (const p of check.permissions) expect(actions, `${check.id} needs ${p}`).toContain(p);
    for (const a of ENGINE_MEMBER_ACTIONS) expect(actions).toContain(a);
    expect(actions).toEqual([...new Set([...requiredPermissions(), ...ENGINE_MEMBER_ACTIONS])].sort());
  });

  it('declares only exact actions in the registry', () => {
    for (const check of CHECKS) {
      expect(check.permissions.length, `${check.id} declares no permissions`).toBeGreaterThan(0);
      for (const p of check.permissions) expect(p, check.id).toMatch(EXACT_ACTION);
    }
  });

  it('grows with the registry and refuses wildcards', () => {
    expect(memberRoleActions(['s3:GetBucketAcl'])).toEqual(['ec2:DescribeRegions', 's3:GetBucketAcl']);
    expect(() => memberRoleActions(['ec2:Describe*'])).toThrow(InvalidIamActionError);
    expect(() => assertExactActions(['*', 's3:*', 'iam:Get*'])).toThrow(/not exact IAM actions .*: \*, s3:\*, iam:Get\*/);
  });
});

describe('IAM_ACTION_BY_SDK_OPERATION', () => {
  it('maps "<Client>:<Operation>" keys to exact actions', () => {
    for (const [key, action] of Object.entries(IAM_ACTION_BY_SDK_OPERATION)) {
      expect(key).toMatch(/^[A-Za-z0-9]+:[A-Za-z0-9]+$/);
      expect(action, key).toMatch(EXACT_ACTION);
    }
  });

  it('knows where S3 names differ', () => {
    expect(iamActionFor('S3', 'ListBuckets')).toBe('s3:ListAllMyBuckets');
    expect(iamActionFor('S3', 'GetPublicAccessBlock')).toBe('s3:GetBucketPublicAccessBlock');
    expect(iamActionFor('S3Control', 'GetPublicAccessBlock')).toBe('s3:GetAccountPublicAccessBlock');
    expect(iamActionFor('S3', 'GetBucketEncryption')).toBe('s3:GetEncryptionConfiguration');
    expect(iamActionFor('EC2', 'DescribeVolumes')).toBe('ec2:DescribeVolumes');
    expect(iamActionFor('EC2', 'TerminateInstances')).toBeUndefined();
  });

  it('covers every action the registry declares (so the audit can attribute each one)', () => {
    const mapped = new Set(Object.values(IAM_ACTION_BY_SDK_OPERATION));
    expect(requiredPermissions().filter((p) => !mapped.has(p))).toEqual([]);
  });
});
