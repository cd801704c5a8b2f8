// The scan engine against moto over HTTP with the real SDK clients: organization discovery,
// assumed roles per account, per-unit memoized collectors, and failures that become
// account errors or ERROR findings while the scan carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateVolumeCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { runScan } from '../../scanner/runner.js';
import { COLLECTOR_NAMES, COLLECTORS } from '../../checks/catalog.js';
import { defineCheck } from '../../checks/define.js';
import { DEFAULT_CHECK_OPTIONS, type Check, type Finding } from '../../checks/types.js';
import { startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { seedClient } from '../../emulator/moto/aws.js';
import { createEmulatedOrganization, MANAGEMENT_ACCOUNT } from '../../emulator/moto/organization.js';

const MANAGEMENT = MANAGEMENT_ACCOUNT;
const REGIONS = ['us-east-1', 'eu-west-1'];

const policy = (actions: string[], resource = '*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] });

const probe = (id: string, scope: 'regional' | 'global', evaluate: Check['evaluate']): Check =>
  defineCheck({
    id,
    title: id,
    service: 'ec2',
    scope,
    severity: 'low',
    frameworks: [],
    // Probes may read anything of their scope.
    reads: COLLECTOR_NAMES.filter((n) => COLLECTORS[n].scope === scope),
    remediation: { text: 'n/a', url: 'https://example.invalid' },
    evaluate,
  }) as Check;

/** Two checks read the same collector: the engine must fetch it once per unit. */
const registry: Check[] = [
  probe('probe-volumes', 'regional', async (ctx) =>
    (await ctx.ec2.volumes()).map((v) => ({ status: 'PASS' as const, resourceType: 'AwsEc2Volume', resourceId: v.VolumeId!, message: `${v.Size} GiB` })),
  ),
  probe('probe-volume-sizes', 'regional', async (ctx) =>
    (await ctx.ec2.volumes()).map((v) => ({
      status: (v.Size ?? 0) > 50 ? ('FAIL' as const) : ('PASS' as const),
      resourceType: 'AwsEc2Volume',
      resourceId: v.VolumeId!,
      message: 'size',
    })),
  ),
  probe('probe-vpcs', 'regional', async (ctx) =>
    (await ctx.ec2.vpcs()).map((v) => ({ status: 'PASS' as const, resourceType: 'AwsEc2Vpc', resourceId: v.VpcId!, message: 'vpc' })),
  ),
  probe('probe-account', 'global', async (ctx) => [
    { status: 'PASS' as const, resourceType: 'AwsAccount', resourceId: ctx.accountId, message: 'account unit ran' },
  ]),
];

describe('scan engine against moto', () => {
  let moto: MotoServer;
  let accounts: string[];
  let scannerKey: { accessKeyId: string; secretAccessKey: string };
  const volumes = new Map<string, string[]>();

  beforeAll(async () => {
    moto = await startMoto();
    accounts = await createEmulatedOrganization(moto.endpoint, ['full', 'limited', 'no-role']);
    const [full, limited] = accounts as [string, string, string];

    // The scanner may assume the role in `full` and `limited` only: `no-role` is an unassumable account.
    const mgmtIam = seedClient(IAMClient, moto.endpoint, 'us-east-1', MANAGEMENT);
    await mgmtIam.send(new CreateUserCommand({ UserName: 'orgscan' }));
    await mgmtIam.send(
      new PutUserPolicyCommand({
        UserName: 'orgscan',
        PolicyName: 'scanner',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['organizations:ListAccounts'], Resource: '*' },
            { Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [full, limited].map((a) => `arn:aws:iam::${a}:role/OrgScanReadOnly`) },
          ],
        }),
      }),
    );
    const key = await mgmtIam.send(new CreateAccessKeyCommand({ UserName: 'orgscan' }));
    scannerKey = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };

    const roleActions: Record<string, string[]> = {
      [full]: ['ec2:DescribeVolumes', 'ec2:DescribeVpcs'],
      [limited]: ['ec2:DescribeVolumes'],
    };
    for (const [account, actions] of Object.entries(roleActions)) {
      const iam = seedClient(IAMClient, moto.endpoint, 'us-east-1', account);
      await iam.send(new CreateRoleCommand({ RoleName: 'OrgScanReadOnly', AssumeRolePolicyDocument: policy(['sts:AssumeRole']) }));
      await iam.send(new PutRolePolicyCommand({ RoleName: 'OrgScanReadOnly', PolicyName: 'read', PolicyDocument: policy(actions) }));
      for (const region of REGIONS) {
        const ec2 = seedClient(EC2Client, moto.endpoint, region, account);
        const ids: string[] = [];
        for (const size of [8, 100]) {
          const v = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: size }));
          ids.push(v.VolumeId!);
        }
        volumes.set(`${account}/${region}`, ids);
      }
    }
    // From here on moto enforces IAM: denied calls answer AccessDenied like AWS.
    const auth = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    expect(auth.ok).toBe(true);
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it('scans every assumable account, records the others, and turns denied APIs into ERROR findings', async () => {
    const findings: Finding[] = [];
    const calls: string[] = [];
    const summary = await runScan(
      {
        org: true,
        regions: REGIONS,
        roleName: 'OrgScanReadOnly',
        concurrency: { accounts: 2, units: 4, apiCalls: 8 },
        options: DEFAULT_CHECK_OPTIONS,
      },
      {
        registry,
        aws: { endpoint: moto.endpoint, baseCredentials: scannerKey, homeRegion: 'us-east-1', maxAttempts: 1 },
        hooks: {
          onFindings: (batch) => void findings.push(...batch),
          onApiCall: (service, operation, accountId, region) => void calls.push(`${accountId}/${region}/${service}:${operation}`),
        },
      },
    );
    const [full, limited, noRole] = accounts as [string, string, string];

    // Two accounts could not be assumed and one denies some APIs: partial, never a plain success.
    expect(summary.status).toBe('partial');
    expect(summary.coverage!.accounts).toEqual({ planned: 4, evaluated: 2 });
    expect(summary.coverage!.checks.evaluated).toBeLessThan(summary.coverage!.checks.planned);
    expect(new Set(summary.accounts)).toEqual(new Set([MANAGEMENT, ...accounts]));
    expect(summary.regions).toEqual([...REGIONS].sort());

    // The management account has no OrgScanReadOnly the scanner may assume either.
    const accountErrors = summary.errors.filter((e) => e.region === null);
    expect(accountErrors.map((e) => e.accountId).sort()).toEqual([MANAGEMENT, noRole].sort());
    expect(accountErrors.every((e) => e.code === 'AccessDenied')).toBe(true);
    expect(findings.some((f) => f.accountId === noRole)).toBe(false);

    // Each account sees its own isolated resources, found in the right region.
    for (const account of [full, limited]) {
      for (const region of REGIONS) {
        const seen = findings
          .filter((f) => f.checkId === 'probe-volumes' && f.accountId === account && f.region === region)
          .map((f) => f.resourceId)
          .sort();
        expect(seen).toEqual([...volumes.get(`${account}/${region}`)!].sort());
        const sizes = findings.filter((f) => f.checkId === 'probe-volume-sizes' && f.accountId === account && f.region === region);
        expect(sizes.map((f) => f.status).sort()).toEqual(['FAIL', 'PASS']);
      }
    }

    // Denied API: ERROR with the AWS code, never FAIL, and the rest of the unit still ran.
    const denied = findings.filter((f) => f.checkId === 'probe-vpcs' && f.accountId === limited);
    expect(denied).toHaveLength(2);
    expect(denied.every((f) => f.status === 'ERROR' && f.errorCode === 'AccessDenied')).toBe(true);
    expect(findings.filter((f) => f.checkId === 'probe-vpcs' && f.accountId === full).every((f) => f.status === 'PASS')).toBe(true);
    expect(summary.errors.filter((e) => e.checkId === 'probe-vpcs').map((e) => e.accountId)).toEqual([limited, limited]);

    // Global units run once per scanned account.
    expect(findings.filter((f) => f.checkId === 'probe-account').map((f) => f.region)).toEqual(['global', 'global']);

    // Memoized collectors: two checks read volumes, one DescribeVolumes per unit.
    for (const account of [full, limited]) {
      for (const region of REGIONS) {
        expect(calls.filter((c) => c === `${account}/${region}/EC2:DescribeVolumes`)).toHaveLength(1);
      }
    }
    expect(summary.apiCalls.byOperation['EC2:DescribeVolumes']).toBe(4);
    expect(summary.apiCalls.byOperation['Organizations:ListAccounts']).toBeGreaterThanOrEqual(1);
    expect(summary.apiCalls.byOperation['STS:AssumeRole']).toBe(4);
    expect(summary.progress).toMatchObject({ unitsTotal: 6, unitsDone: 6, unitsFailed: 2, accountsTotal: 4, accountsDone: 4 });
    expect(summary.counts.ERROR).toBe(2);
  });
});
