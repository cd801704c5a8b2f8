import { describe, expect, it } from 'vitest';
import type { AccessKeyMetadata } from '@aws-sdk/client-iam';
import type { CredentialReportRow, IamCollectors } from '../../../checks/types.js';
import { iamRootMfa } from '../../../checks/iam/iam-root-mfa.js';
import { iamRootAccessKeys } from '../../../checks/iam/iam-root-access-keys.js';
import { iamAccessKeyRotation } from '../../../checks/iam/iam-access-key-rotation.js';
import { iamAccessKeyUnused } from '../../../checks/iam/iam-access-key-unused.js';
import { iamUserConsoleWithoutMfa } from '../../../checks/iam/iam-user-console-without-mfa.js';
import { iamPasswordPolicy } from '../../../checks/iam/iam-password-policy.js';
import { iamPolicyAdminWildcard } from '../../../checks/iam/iam-policy-admin-wildcard.js';
import { adminAccessStatements as adminWildcardStatements } from '../../../checks/support/iam-policy.js';
import { parsePolicyDocument } from '../../../checks/support/index.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);

function row(user: string, fields: Partial<CredentialReportRow> = {}): CredentialReportRow {
  return {
    user,
    arn: user === '<root_account>' ? 'arn:aws:iam::111111111111:root' : `arn:aws:iam::111111111111:user/${user}`,
    password_enabled: 'false',
    mfa_active: 'false',
    access_key_1_active: 'false',
    access_key_2_active: 'false',
    ...fields,
  };
}

const report = (rows: CredentialReportRow[]): Partial<IamCollectors> => ({ credentialReport: async () => rows });
const byId = (results: { resourceId: string }[]) => Object.fromEntries(results.map((r) => [r.resourceId, r]));

describe('iam-root-mfa', () => {
  it('passes with root MFA, fails without', async () => {
    expect(await runCheck(iamRootMfa, fakeContext({ iam: report([row('<root_account>', { mfa_active: 'true' })]) }))).toMatchObject([
      { status: 'PASS', resourceType: 'AWS::IAM::RootUser', resourceId: '111111111111', resourceArn: 'arn:aws:iam::111111111111:root' },
    ]);
    expect(await runCheck(iamRootMfa, fakeContext({ iam: report([row('<root_account>')]) }))).toMatchObject([{ status: 'FAIL' }]);
  });
  it('is an ERROR, not a FAIL, when the report has no root row', async () => {
    expect(await runCheck(iamRootMfa, fakeContext({ iam: report([row('alice')]) }))).toMatchObject([
      { status: 'ERROR', errorCode: 'RootUserMissingFromCredentialReport' },
    ]);
  });
});

describe('iam-root-access-keys', () => {
  it('fails when either root key is active', async () => {
    expect(await runCheck(iamRootAccessKeys, fakeContext({ iam: report([row('<root_account>')]) }))).toMatchObject([{ status: 'PASS' }]);
    expect(await runCheck(iamRootAccessKeys, fakeContext({ iam: report([row('<root_account>', { access_key_2_active: 'true' })]) }))).toMatchObject([
      { status: 'FAIL', message: 'The root user of account 111111111111 has 1 active access key.' },
    ]);
  });
});

describe('iam-user-console-without-mfa', () => {
  it('fails console users without MFA and ignores users without a password and root', async () => {
    const results = await runCheck(iamUserConsoleWithoutMfa, 
      fakeContext({
        iam: report([
          row('<root_account>', { password_enabled: 'not_supported' }),
          row('with-mfa', { password_enabled: 'true', mfa_active: 'true' }),
          row('no-mfa', { password_enabled: 'true' }),
          row('api-only', { password_enabled: 'false' }),
        ]),
      }),
    );
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['with-mfa', 'PASS'],
      ['no-mfa', 'FAIL'],
    ]);
    expect(results[1]).toMatchObject({ resourceType: 'AWS::IAM::User', resourceArn: 'arn:aws:iam::111111111111:user/no-mfa' });
  });
});

function keysContext(keys: Record<string, AccessKeyMetadata[]>, lastUsed: Record<string, string | null> = {}) {
  return fakeContext({
    now: NOW,
    iam: {
      authorizationDetails: async () => ({
        UserDetailList: Object.keys(keys).map((UserName) => ({ UserName, Arn: `arn:aws:iam::111111111111:user/${UserName}`, Tags: [{ Key: 'Team', Value: 'ci' }] })),
      }),
      accessKeys: async (user) => (user === 'denied' ? Promise.reject(awsError('AccessDenied')) : (keys[user] ?? [])),
      accessKeyLastUsed: async (id) => lastUsed[id] ?? null,
    },
  });
}

describe('iam-access-key-rotation', () => {
  it('fails active keys older than the limit and passes fresh or inactive keys', async () => {
    const results = await runCheck(iamAccessKeyRotation, 
      keysContext({
        alice: [
          { AccessKeyId: 'AKIAOLD', Status: 'Active', CreateDate: daysAgo(91) },
          { AccessKeyId: 'AKIANEW', Status: 'Active', CreateDate: daysAgo(90) },
        ],
        bob: [{ AccessKeyId: 'AKIAOFF', Status: 'Inactive', CreateDate: daysAgo(400) }],
        denied: [],
      }),
    );
    const r = byId(results);
    expect(r['AKIAOLD']).toMatchObject({ status: 'FAIL', resourceType: 'AWS::IAM::AccessKey', evidence: { ageDays: 91, maxAgeDays: 90, userName: 'alice' }, tags: { Team: 'ci' } });
    expect(r['AKIANEW']).toMatchObject({ status: 'PASS' });
    expect(r['AKIAOFF']).toMatchObject({ status: 'PASS' });
    expect(r['denied']).toMatchObject({ status: 'ERROR', errorCode: 'AccessDenied', resourceType: 'AWS::IAM::User' });
  });
  it('honours its maxAgeDays option', async () => {
    const results = await runCheck(
      iamAccessKeyRotation,
      keysContext({ alice: [{ AccessKeyId: 'AKIA1', Status: 'Active', CreateDate: daysAgo(31) }] }, {}),
      { maxAgeDays: 30 },
    );
    expect(results).toMatchObject([{ status: 'FAIL' }]);
  });
});

describe('iam-access-key-unused', () => {
  it('judges last use, or the creation date of never-used keys', async () => {
    const results = await runCheck(iamAccessKeyUnused, 
      keysContext(
        {
          alice: [
            { AccessKeyId: 'AKIASTALE', Status: 'Active', CreateDate: daysAgo(300) },
            { AccessKeyId: 'AKIAUSED', Status: 'Active', CreateDate: daysAgo(300) },
          ],
          bob: [
            { AccessKeyId: 'AKIANEVEROLD', Status: 'Active', CreateDate: daysAgo(120) },
            { AccessKeyId: 'AKIANEVERNEW', Status: 'Active', CreateDate: daysAgo(3) },
          ],
          carol: [{ AccessKeyId: 'AKIAOFF', Status: 'Inactive', CreateDate: daysAgo(500) }],
        },
        { AKIASTALE: daysAgo(91).toISOString(), AKIAUSED: daysAgo(2).toISOString() },
      ),
    );
    const r = byId(results);
    expect(r['AKIASTALE']).toMatchObject({ status: 'FAIL', evidence: { idleDays: 91 } });
    expect(r['AKIAUSED']).toMatchObject({ status: 'PASS' });
    expect(r['AKIANEVEROLD']).toMatchObject({ status: 'FAIL', message: expect.stringContaining('never been used'), evidence: { lastUsed: null } });
    expect(r['AKIANEVERNEW']).toMatchObject({ status: 'PASS' });
    expect(r['AKIAOFF']).toMatchObject({ status: 'PASS' });
  });
});

describe('iam-password-policy', () => {
  const evaluate = (policy: Awaited<ReturnType<IamCollectors['passwordPolicy']>>) =>
    runCheck(iamPasswordPolicy, fakeContext({ iam: { passwordPolicy: async () => policy } }));
  it('requires length ≥ 14 and reuse prevention of 24', async () => {
    expect(await evaluate({ MinimumPasswordLength: 14, PasswordReusePrevention: 24 })).toMatchObject([{ status: 'PASS', resourceType: 'AWS::::Account' }]);
    expect(await evaluate({ MinimumPasswordLength: 12, PasswordReusePrevention: 24 })).toMatchObject([{ status: 'FAIL', message: expect.stringContaining('minimum length 12 < 14') }]);
    expect(await evaluate({ MinimumPasswordLength: 16 })).toMatchObject([{ status: 'FAIL', message: expect.stringContaining('password reuse is not prevented') }]);
    expect(await evaluate(null)).toMatchObject([{ status: 'FAIL', message: 'Account 111111111111 has no IAM password policy.' }]);
  });
});

const doc = (statement: unknown) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statement }));

describe('iam-policy-admin-wildcard', () => {
  it('parses URL-encoded and plain policy documents', () => {
    expect(parsePolicyDocument(doc({ Effect: 'Allow', Action: '*', Resource: '*' }))).toHaveLength(1);
    expect(parsePolicyDocument('{"Statement":[{"Effect":"Deny"}]}')).toEqual([{ Effect: 'Deny' }]);
  });

  it('finds only Allow statements with Action "*" on Resource "*"', () => {
    expect(adminWildcardStatements([{ Effect: 'Allow', Action: ['s3:*', '*'], Resource: ['*'] }])).toHaveLength(1);
    expect(adminWildcardStatements([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])).toHaveLength(0);
    expect(adminWildcardStatements([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b' }])).toHaveLength(0);
    expect(adminWildcardStatements([{ Effect: 'Deny', Action: '*', Resource: '*' }])).toHaveLength(0);
  });

  it('evaluates default versions of customer-managed policies and user, group and role inline policies', async () => {
    const admin = doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    const scoped = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    const results = await runCheck(iamPolicyAdminWildcard, 
      fakeContext({
        iam: {
          authorizationDetails: async () => ({
            Policies: [
              {
                PolicyName: 'admin-v2',
                Arn: 'arn:aws:iam::111111111111:policy/admin-v2',
                DefaultVersionId: 'v2',
                PolicyVersionList: [
                  { VersionId: 'v1', IsDefaultVersion: false, Document: scoped },
                  { VersionId: 'v2', IsDefaultVersion: true, Document: admin },
                ],
              },
              {
                PolicyName: 'old-admin',
                Arn: 'arn:aws:iam::111111111111:policy/old-admin',
                PolicyVersionList: [
                  { VersionId: 'v1', IsDefaultVersion: false, Document: admin },
                  { VersionId: 'v2', IsDefaultVersion: true, Document: scoped },
                ],
              },
            ],
            UserDetailList: [{ UserName: 'alice', Arn: 'arn:aws:iam::111111111111:user/alice', UserPolicyList: [{ PolicyName: 'god', PolicyDocument: admin }] }],
            GroupDetailList: [{ GroupName: 'devs', GroupPolicyList: [{ PolicyName: 'read', PolicyDocument: scoped }] }],
            RoleDetailList: [{ RoleName: 'ci', RolePolicyList: [{ PolicyName: 'all', PolicyDocument: admin }] }],
          }),
        },
      }),
    );
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['arn:aws:iam::111111111111:policy/admin-v2', 'FAIL'],
      ['arn:aws:iam::111111111111:policy/old-admin', 'PASS'],
      ['user/alice/god', 'FAIL'],
      ['group/devs/read', 'PASS'],
      ['role/ci/all', 'FAIL'],
    ]);
    expect(results[2]).toMatchObject({ resourceType: 'AWS::IAM::InlinePolicy', resourceArn: 'arn:aws:iam::111111111111:user/alice' });
  });

  it('reports an unparsable document as ERROR', async () => {
    const results = await runCheck(iamPolicyAdminWildcard, 
      fakeContext({ iam: { authorizationDetails: async () => ({ RoleDetailList: [{ RoleName: 'x', RolePolicyList: [{ PolicyName: 'bad', PolicyDocument: '%7Bnope' }] }] }) } }),
    );
    expect(results).toMatchObject([{ status: 'ERROR', resourceId: 'role/x/bad' }]);
  });
});
