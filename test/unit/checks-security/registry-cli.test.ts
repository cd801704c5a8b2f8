import { describe, expect, it, vi } from 'vitest';
import { Command } from 'commander';
import { CHECKS, requiredPermissions } from '../../../checks/index.js';
import { securityChecks } from '../../../checks/security.js';
import { SEVERITIES } from '../../../checks/types.js';
import { listChecks, register, renderChecksTable } from '../../../cli/commands/checks.js';

const CONTRACT_IDS = [
  's3-account-public-access-block',
  's3-bucket-public-access-block',
  's3-bucket-ssl-only',
  's3-bucket-default-encryption',
  's3-bucket-versioning',
  'iam-root-mfa',
  'iam-root-access-keys',
  'iam-access-key-rotation',
  'iam-access-key-unused',
  'iam-user-console-without-mfa',
  'iam-password-policy',
  'iam-policy-admin-wildcard',
  'config-recorder-enabled',
  'ec2-security-group-admin-ports-open',
  'ebs-encryption-by-default',
];

describe('security check registry', () => {
  it('registers exactly the contract ids, once each', () => {
    expect(securityChecks.map((c) => c.id)).toEqual(CONTRACT_IDS);
    const all = CHECKS.map((c) => c.id);
    expect(new Set(all).size).toBe(all.length);
    for (const id of CONTRACT_IDS) expect(all).toContain(id);
  });

  it('gives every check metadata: severity, scope, FSBP id, IAM actions, remediation with an AWS doc link', () => {
    for (const c of securityChecks) {
      expect(SEVERITIES).toContain(c.severity);
      expect(['global', 'regional']).toContain(c.scope);
      expect(c.frameworks['aws-fsbp'], c.id).toBeDefined();
      expect(c.permissions.length, c.id).toBeGreaterThan(0);
      for (const p of c.permissions) expect(p, c.id).toMatch(/^(s3|iam|config|ec2):[A-Z][A-Za-z]+$/);
      expect(c.remediation.url, c.id).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(c.remediation.text.length, c.id).toBeGreaterThan(20);
    }
    const regional = securityChecks.filter((c) => c.scope === 'regional').map((c) => c.id);
    expect(regional).toEqual(['config-recorder-enabled', 'ec2-security-group-admin-ports-open', 'ebs-encryption-by-default']);
  });

  it('uses IAM action names, not API names', () => {
    const perms = requiredPermissions(securityChecks);
    expect(perms).toEqual(
      expect.arrayContaining([
        's3:ListAllMyBuckets',
        's3:GetBucketPublicAccessBlock',
        's3:GetAccountPublicAccessBlock',
        's3:GetEncryptionConfiguration',
        'iam:GenerateCredentialReport',
        'iam:GetCredentialReport',
        'iam:GetAccountAuthorizationDetails',
      ]),
    );
    for (const apiName of ['s3:ListBuckets', 's3:GetPublicAccessBlock', 's3:GetBucketEncryption']) expect(perms).not.toContain(apiName);
  });
});

describe('orgscan checks', () => {
  it('renders a table row per check with severity, scope, frameworks and permissions', () => {
    const table = renderChecksTable(securityChecks);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+SCOPE\s+SERVICE\s+FRAMEWORKS\s+PERMISSIONS$/);
    const ssl = lines.find((l) => l.startsWith('s3-bucket-ssl-only '))!;
    expect(ssl).toMatch(/s3-bucket-ssl-only\s+medium\s+global\s+s3\s+aws-fsbp:S3\.5 cis-aws-3\.0:2\.1\.1 /);
    expect(ssl).toContain('s3:GetBucketPolicy');
    expect(table).toContain('aws-fsbp:EC2.13/EC2.14/EC2.53/EC2.54');
    expect(lines.at(-1)).toBe(`${securityChecks.length} checks`);
  });

  it('prints every registered check as JSON with --json', async () => {
    const program = new Command().exitOverride();
    register(program);
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await program.parseAsync(['node', 'orgscan', 'checks', '--json']);
    } finally {
      spy.mockRestore();
    }
    const listed = JSON.parse(out.join(''));
    expect(listed).toEqual(JSON.parse(JSON.stringify(listChecks())));
    expect(listed.map((c: { id: string }) => c.id)).toEqual(CHECKS.map((c) => c.id));
    expect(listed.find((c: { id: string }) => c.id === 'iam-root-mfa')).toMatchObject({
      severity: 'critical',
      scope: 'global',
      service: 'iam',
      frameworks: { 'aws-fsbp': 'IAM.9', 'cis-aws-3.0': '1.5' },
      permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
    });
  });
});
