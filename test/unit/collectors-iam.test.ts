import { afterEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { CredentialReportTimeoutError, createIamCollectors } from '../../scanner/collectors/iam.js';
import { parseCsv } from '../../scanner/collectors/csv.js';
import { createMemo } from '../../scanner/collectors/memo.js';
import type { UnitClients } from '../../scanner/collectors/clients.js';
import { FAKE_CREDENTIALS } from '../../emulator/moto/moto.js';

const iamMock = mockClient(IAMClient);

function clients(): UnitClients {
  const client = new IAMClient({ region: 'us-east-1', credentials: FAKE_CREDENTIALS, endpoint: 'http://127.0.0.1:9' });
  const unused = () => {
    throw new Error('not used here');
  };
  return { accountId: '111111111111', region: 'us-east-1', partition: 'aws', iam: () => client, ec2: unused, rds: unused, cloudwatch: unused, s3: unused, s3control: unused, config: unused, elbv2: unused, elb: unused, logs: unused, eks: unused };
}

afterEach(() => iamMock.reset());

const REPORT = [
  'user,arn,user_creation_time,password_enabled,mfa_active,access_key_1_active',
  '<root_account>,arn:aws:iam::111111111111:root,2020-01-01T00:00:00+00:00,not_supported,true,false',
  'alice,arn:aws:iam::111111111111:user/alice,2021-01-01T00:00:00+00:00,true,false,true',
  '',
].join('\n');

describe('parseCsv', () => {
  it('parses headers, quoted fields with commas, doubled quotes and CRLF', () => {
    expect(parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,,"multi\nline"\n')).toEqual([
      { a: '1', b: 'x, y', c: 'say "hi"' },
      { a: '2', b: '', c: 'multi\nline' },
    ]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('a,b')).toEqual([]);
  });
  it('rejects ragged records and unterminated quotes', () => {
    expect(() => parseCsv('a,b\n1,2,3\n')).toThrow(/record 2 has 3 fields, the header has 2/);
    expect(() => parseCsv('a\n"open\n')).toThrow(/quoted field/);
  });
});

describe('IAM collectors', () => {
  it('polls GenerateCredentialReport with backoff until COMPLETE, then parses the report', async () => {
    iamMock
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolvesOnce({ State: 'COMPLETE' });
    iamMock.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(REPORT), ReportFormat: 'text/csv' });
    const waits: number[] = [];
    const iam = createIamCollectors(clients(), createMemo(), { reportPollDelaysMs: [10, 20, 40], sleep: async (ms) => void waits.push(ms) });
    const rows = await iam.credentialReport();
    expect(waits).toEqual([10, 20]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ user: '<root_account>', mfa_active: 'true' });
    expect(rows[1]).toMatchObject({ user: 'alice', password_enabled: 'true', mfa_active: 'false', access_key_1_active: 'true' });
    await iam.credentialReport();
    expect(iamMock.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
  });

  it('gives up after a bounded number of polls', async () => {
    iamMock.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const iam = createIamCollectors(clients(), createMemo(), { reportPollDelaysMs: [1, 2], sleep: async () => undefined });
    await expect(iam.credentialReport()).rejects.toBeInstanceOf(CredentialReportTimeoutError);
    expect(iamMock.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
  });

  it('follows Marker pages of the authorization details, without AWS-managed policies', async () => {
    const pages = [
      { UserDetailList: [{ UserName: 'u1' }], Policies: [{ PolicyName: 'p1' }], IsTruncated: true, Marker: 'm1' },
      { RoleDetailList: [{ RoleName: 'r1' }], GroupDetailList: [{ GroupName: 'g1' }], IsTruncated: true, Marker: 'm2' },
      { UserDetailList: [{ UserName: 'u2' }], IsTruncated: false },
    ];
    const inputs: Record<string, unknown>[] = [];
    iamMock.on(GetAccountAuthorizationDetailsCommand).callsFake((input: Record<string, unknown>) => {
      inputs.push({ ...input });
      return pages.shift();
    });
    const iam = createIamCollectors(clients(), createMemo());
    const details = await iam.authorizationDetails();
    expect(details.UserDetailList?.map((u) => u.UserName)).toEqual(['u1', 'u2']);
    expect(details.RoleDetailList?.map((r) => r.RoleName)).toEqual(['r1']);
    expect(details.GroupDetailList?.map((g) => g.GroupName)).toEqual(['g1']);
    expect(details.Policies?.map((p) => p.PolicyName)).toEqual(['p1']);
    expect(inputs.map((i) => i.Marker)).toEqual([undefined, 'm1', 'm2']);
    expect(inputs[0]!.Filter).toEqual(['User', 'Group', 'Role', 'LocalManagedPolicy']);
  });

  it('follows Marker pages of access keys, per user', async () => {
    iamMock
      .on(ListAccessKeysCommand, { UserName: 'alice' })
      .resolvesOnce({ AccessKeyMetadata: [{ AccessKeyId: 'AKIA1' }], IsTruncated: true, Marker: 'k' })
      .resolvesOnce({ AccessKeyMetadata: [{ AccessKeyId: 'AKIA2' }], IsTruncated: false });
    const iam = createIamCollectors(clients(), createMemo());
    expect((await iam.accessKeys('alice')).map((k) => k.AccessKeyId)).toEqual(['AKIA1', 'AKIA2']);
  });

  it('reads access key last use as ISO time, null when never used', async () => {
    iamMock.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'used' }).resolves({ AccessKeyLastUsed: { LastUsedDate: new Date('2026-10-01T00:00:00Z'), ServiceName: 's3', Region: 'us-east-1' } });
    iamMock.on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'never' }).resolves({ AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });
    const iam = createIamCollectors(clients(), createMemo());
    expect(await iam.accessKeyLastUsed('used')).toBe('2026-10-01T00:00:00.000Z');
    expect(await iam.accessKeyLastUsed('never')).toBeNull();
  });

  it('returns null for an account without a password policy', async () => {
    iamMock.on(GetAccountPasswordPolicyCommand).rejects(Object.assign(new Error('none'), { name: 'NoSuchEntityException' }));
    expect(await createIamCollectors(clients(), createMemo()).passwordPolicy()).toBeNull();
    iamMock.reset();
    iamMock.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 14 } });
    expect(await createIamCollectors(clients(), createMemo()).passwordPolicy()).toEqual({ MinimumPasswordLength: 14 });
  });
});
