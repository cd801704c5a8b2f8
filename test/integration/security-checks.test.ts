// The security checks against moto over HTTP: a failing resource and its passing twin per check,
// planted in 2 accounts (× 2 regions for regional checks and bucket locations); the scan must
// find exactly the planted failures, and the suppressions must mute exactly what they match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { DEFAULT_CHECK_OPTIONS, type Finding, type ScanSummary } from '../../checks/types.js';
import { CHECKS } from '../../checks/index.js';
import { runScan } from '../../scanner/runner.js';
import { createSuppressor, parseSuppressionRules } from '../../scanner/suppressions.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { seedClient } from '../../emulator/moto/aws.js';
import { SECURITY_SCAN_CLOCK_SKEW_DAYS, seedSecurityScenario, type ExpectedResult } from '../../emulator/moto/seed-security.js';

const ACCOUNTS = ['111111111111', '222222222222'];
const REGIONS = ['us-east-1', 'eu-west-1'];
/** The S3, IAM, AWS Config and network checks this scenario plants a failure and a twin for. */
const CHECK_IDS = [
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
const securityChecks = CHECKS.filter((c) => CHECK_IDS.includes(c.id));

const key = (r: { checkId: string; accountId: string; region: string; resourceId: string }) => `${r.checkId} ${r.accountId}/${r.region} ${r.resourceId}`;

interface ScanVariant {
  suppress?: ((f: Finding) => ReturnType<ReturnType<typeof createSuppressor>>) | undefined;
  accounts?: string[];
  checks?: string[];
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

async function scan(moto: MotoServer, now: Date, variant: ScanVariant = {}) {
  const findings: Finding[] = [];
  const { suppress } = variant;
  const summary = await runScan(
    {
      org: false,
      accounts: variant.accounts ?? ACCOUNTS,
      regions: REGIONS,
      checks: variant.checks ?? CHECK_IDS,
      roleName: 'OrgScanReadOnly',
      concurrency: { accounts: 2, units: 6, apiCalls: 16 },
      options: DEFAULT_CHECK_OPTIONS,
    },
    {
      aws: { endpoint: moto.endpoint, baseCredentials: variant.credentials ?? FAKE_CREDENTIALS, homeRegion: 'us-east-1', maxAttempts: 1 },
      now: () => now,
      hooks: { onFindings: (batch) => void findings.push(...batch), suppress },
    },
  );
  return { findings, summary };
}

describe('security checks against moto', () => {
  let moto: MotoServer;
  let expected: ExpectedResult[];
  let findings: Finding[];
  let summary: ScanSummary;
  let scanNow: Date;

  beforeAll(async () => {
    moto = await startMoto();
    expected = await seedSecurityScenario(moto.endpoint, ACCOUNTS, REGIONS);
    scanNow = new Date(Date.now() + SECURITY_SCAN_CLOCK_SKEW_DAYS * 86_400_000);
    ({ findings, summary } = await scan(moto, scanNow));
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it('completes over every account and region, global checks once per account', () => {
    // The emulator cannot answer a few checks (no <root_account> row …): those ERRORs make the scan partial.
    expect(summary.status).toBe(summary.counts.ERROR > 0 ? 'partial' : 'succeeded');
    expect(summary.coverage!.accounts).toEqual({ planned: ACCOUNTS.length, evaluated: ACCOUNTS.length });
    const regional = new Set(securityChecks.filter((c) => c.scope === 'regional').map((c) => c.id));
    for (const f of findings) expect(regional.has(f.checkId) ? REGIONS : ['global'], key(f)).toContain(f.region);
    expect(new Set(findings.map((f) => `${f.accountId}/${f.region}`))).toEqual(
      new Set(ACCOUNTS.flatMap((a) => [...REGIONS, 'global'].map((r) => `${a}/${r}`))),
    );
    // For the lead's note: the size of the scan.
    const units = ACCOUNTS.length * (REGIONS.length + 1);
    console.info(
      `security scan: ${findings.length} findings (${summary.counts.FAIL} FAIL, ${summary.counts.PASS} PASS, ${summary.counts.ERROR} ERROR), ` +
        `${summary.apiCalls.total} API calls over ${units} units; by operation ${JSON.stringify(summary.apiCalls.byOperation)}`,
    );
  });

  it('reports exactly the planted failures, no false positive', () => {
    const failing = findings.filter((f) => f.status === 'FAIL').map(key).sort();
    const planted = expected.filter((e) => e.status === 'FAIL').map(key).sort();
    expect(failing).toEqual(planted);
    // Every check is exercised by at least one planted failure.
    expect(new Set(expected.filter((e) => e.status === 'FAIL').map((e) => e.checkId))).toEqual(
      new Set(CHECK_IDS.filter((id) => !id.startsWith('iam-root-'))),
    );
  });

  it('passes every planted twin and reports the emulator gaps as ERROR', () => {
    const byKey = new Map(findings.map((f) => [key(f), f]));
    for (const e of expected.filter((x) => x.status !== 'FAIL')) {
      const f = byKey.get(key(e));
      expect(f, `${key(e)} (${e.scenario})`).toBeDefined();
      expect(f!.status, `${key(e)} (${e.scenario}): ${f!.message}`).toBe(e.status);
    }
    // The only ERRORs are the root checks: moto's credential report has no <root_account> row.
    const errors = findings.filter((f) => f.status === 'ERROR').map(key).sort();
    expect(errors).toEqual(expected.filter((e) => e.status === 'ERROR').map(key).sort());
  });

  it('fills findings with check metadata, evidence and tags', () => {
    const exposed = findings.find((f) => f.checkId === 's3-bucket-versioning' && f.resourceId === 'sec-222222222222-eu-west-1-exposed')!;
    expect(exposed).toMatchObject({
      status: 'FAIL',
      severity: 'low',
      resourceType: 'AWS::S3::Bucket',
      resourceArn: 'arn:aws:s3:::sec-222222222222-eu-west-1-exposed',
      message: 'Bucket sec-222222222222-eu-west-1-exposed has versioning suspended.',
      frameworks: { 'aws-config-rule': 's3-bucket-versioning-enabled' },
      tags: { Environment: 'dev' },
    });
    // The bucket's settings were read from its own region.
    expect(exposed.evidence).toMatchObject({ region: 'eu-west-1' });
    const sg = findings.find((f) => f.checkId === 'ec2-security-group-admin-ports-open' && f.status === 'FAIL')!;
    expect(sg.message).toMatch(/opens ports 22, 3389 to 0\.0\.0\.0\/0 and ::\/0/);
  });

  it('mutes matching FAIL findings with the rule, leaves the rest, and ignores expired rules', async () => {
    const today = scanNow.toISOString().slice(0, 10);
    const yesterday = new Date(scanNow.getTime() - 86_400_000).toISOString().slice(0, 10);
    const rules = parseSuppressionRules(
      [
        'suppressions:',
        '  - id: dev-buckets-unversioned',
        '    checkId: s3-bucket-versioning',
        '    tags: { Environment: dev }',
        '    reason: dev buckets hold scratch data',
        `    expires: ${today}`,
        '    owner: data-platform',
        '  - id: bastions-in-222',
        '    checkId: ec2-security-group-admin-ports-open',
        '    accountId: "222222222222"',
        '    reason: expired exception',
        `    expires: ${yesterday}`,
      ].join('\n'),
      'suppressions.yaml',
    );
    const { findings: second } = await scan(moto, scanNow, { suppress: createSuppressor(rules, scanNow) });
    const muted = second.filter((f) => f.status === 'MUTED');
    const expectedMuted = expected.filter(
      (e) => e.checkId === 's3-bucket-versioning' && e.status === 'FAIL' && e.resourceId.endsWith('-exposed'),
    );
    expect(muted.map(key).sort()).toEqual(expectedMuted.map(key).sort());
    expect(muted[0]!.mutedBy).toEqual({ ruleId: 'dev-buckets-unversioned', reason: 'dev buckets hold scratch data', expires: today, owner: 'data-platform' });
    // Muted findings keep their place: same identities as the unsuppressed scan.
    expect(second.map(key).sort()).toEqual(findings.map(key).sort());
    // The expired rule mutes nothing.
    expect(second.filter((f) => f.checkId === 'ec2-security-group-admin-ports-open' && f.status === 'FAIL')).toHaveLength(REGIONS.length * ACCOUNTS.length);
  });

  // Last: it turns on moto's IAM enforcement for the rest of the server's life.
  it('turns one denied bucket call into an ERROR for that bucket only, and a denied unit-wide call into one ERROR', async () => {
    const [scannerAccount, target] = ACCOUNTS as [string, string];
    const denied = `sec-${target}-us-east-1-exposed`;
    const allow = (action: string) => ({ Effect: 'Allow', Action: action, Resource: '*' });
    const policy = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
    const home = seedClient(IAMClient, moto.endpoint, 'us-east-1', scannerAccount);
    await home.send(new CreateUserCommand({ UserName: 'orgscan' }));
    await home.send(new PutUserPolicyCommand({ UserName: 'orgscan', PolicyName: 'assume', PolicyDocument: policy([allow('sts:AssumeRole')]) }));
    const scannerKey = await home.send(new CreateAccessKeyCommand({ UserName: 'orgscan' }));
    const iam = seedClient(IAMClient, moto.endpoint, 'us-east-1', target);
    await iam.send(new CreateRoleCommand({ RoleName: 'OrgScanReadOnly', AssumeRolePolicyDocument: policy([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }]) }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'OrgScanReadOnly',
        PolicyName: 'scan',
        // Everything the two checks need, except the policy of one bucket and the password policy.
        PolicyDocument: policy([
          { Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetBucketPolicy', 's3:GetBucketTagging'], Resource: '*' },
          { Effect: 'Deny', Action: 's3:GetBucketPolicy', Resource: `arn:aws:s3:::${denied}` },
        ]),
      }),
    );
    const auth = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    expect(auth.ok).toBe(true);

    const { findings: limited } = await scan(moto, new Date(), {
      accounts: [target],
      checks: ['s3-bucket-ssl-only', 'iam-password-policy'],
      credentials: { accessKeyId: scannerKey.AccessKey!.AccessKeyId!, secretAccessKey: scannerKey.AccessKey!.SecretAccessKey! },
    });
    const ssl = limited.filter((f) => f.checkId === 's3-bucket-ssl-only');
    const bucketsInTarget = expected.filter((e) => e.checkId === 's3-bucket-ssl-only' && e.accountId === target);
    expect(ssl.map(key).sort()).toEqual(bucketsInTarget.map(key).sort());
    expect(ssl.filter((f) => f.status === 'ERROR').map((f) => [f.resourceId, f.errorCode])).toEqual([[denied, 'AccessDenied']]);
    for (const f of ssl.filter((x) => x.resourceId !== denied)) {
      expect(f.status, key(f)).toBe(bucketsInTarget.find((e) => key(e) === key(f))!.status);
    }
    expect(limited.filter((f) => f.checkId === 'iam-password-policy').map((f) => [f.status, f.errorCode])).toEqual([['ERROR', 'AccessDenied']]);
  });
});
