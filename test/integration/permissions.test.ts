// Permission audit: run the real engine with every registered check against moto, record every SDK
// command it issues, map each to its IAM action, and prove the deployed policies cover them:
// the member role (generated from the check registry) for calls in scanned accounts, the scanner's
// task role for its own calls. Then let moto enforce IAM with exactly those policies: nothing is denied.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Template } from 'aws-cdk-lib/assertions';
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { AllocateAddressCommand, CreateNatGatewayCommand, CreateVolumeCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { CloudWatchClient, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { CHECKS } from '../../checks/index.js';
import { DEFAULT_CHECK_OPTIONS, type Finding } from '../../checks/types.js';
import { runScan } from '../../scanner/runner.js';
import type { ScanRequest, ScanRunOptions } from '../../scanner/types.js';
import { iamActionFor, SCANNER_ORGANIZATIONS_ACTIONS, SCANNER_SIDE_SERVICES } from '../../infra/iam-actions.js';
import { buildTestApp } from '../unit/infra-fixtures.js';
import { FAKE_CREDENTIALS, startMoto, type MotoServer } from '../../emulator/moto/moto.js';
import { seedClient } from '../../emulator/moto/aws.js';
import { seedWasteElbLogsEksScenario } from '../../emulator/moto/seed-waste-elb-logs-eks.js';

const MEMBER = '111111111111';
const MANAGEMENT = '123456789012';
const REGION = 'us-east-1';
const ROLE = 'OrgScanReadOnly';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
const actionsOf = (s: Statement): string[] => [s.Action].flat();

/** The policies as deployed: read from the synthesized templates, not from the code that generates them. */
function deployedPolicies() {
  const { stacks } = buildTestApp();
  const member = Template.fromStack(stacks.memberRole).toJSON();
  const role = Object.values(member.Resources as Record<string, any>).find((r) => r.Type === 'AWS::IAM::Role');
  const memberStatements: Statement[] = role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);

  const scanner = Template.fromStack(stacks.scanner).toJSON();
  const resources = scanner.Resources as Record<string, any>;
  const taskRoleId = Object.entries(resources).find(([, r]) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === 'orgscan-test-scanner-task')![0];
  const taskStatements: Statement[] = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((ref: any) => ref.Ref === taskRoleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement);
  return { memberStatements, taskStatements };
}

interface RecordedCall {
  service: string;
  operation: string;
  accountId: string;
  region: string;
}

async function recordScan(request: Partial<ScanRequest>, aws: ScanRunOptions['aws']) {
  const calls: RecordedCall[] = [];
  const findings: Finding[] = [];
  const summary = await runScan(
    {
      org: false,
      accounts: [MEMBER],
      regions: [REGION],
      roleName: ROLE,
      concurrency: { accounts: 2, units: 4, apiCalls: 8 },
      options: DEFAULT_CHECK_OPTIONS,
      ...request,
    },
    {
      aws,
      hooks: {
        onApiCall: (service, operation, accountId, region) => void calls.push({ service, operation, accountId, region }),
        onFindings: (batch) => void findings.push(...batch),
      },
    },
  );
  return { calls, findings, summary };
}

/**
 * Where moto's own authorisation names an S3 request differently from AWS: its ACTION_MAP has no entry for the
 * `?encryption` subresource, so it checks GetBucketEncryption as s3:ListBucket (AWS: s3:GetEncryptionConfiguration,
 * which the recording test holds the member policy to). Granted to the emulated role only, never deployed.
 */
const MOTO_AUTHORIZATION_QUIRKS: Statement[] = [{ Effect: 'Allow', Action: ['s3:ListBucket'], Resource: '*' }];

const DENIED = /AccessDenied|UnauthorizedOperation|NotAuthorized|InvalidClientTokenId|AuthorizationError/i;

describe('permission audit', () => {
  let moto: MotoServer;
  const { memberStatements, taskStatements } = deployedPolicies();
  const memberActions = new Set(memberStatements.filter((s) => s.Effect === 'Allow').flatMap(actionsOf));
  const taskActions = new Set(taskStatements.filter((s) => s.Effect === 'Allow').flatMap(actionsOf));
  const recorded: RecordedCall[] = [];

  beforeAll(async () => {
    moto = await startMoto();
    // A little of everything, so the per-resource calls happen too (bucket settings, access keys, NAT metrics).
    const s3 = seedClient(S3Client, moto.endpoint, REGION, MEMBER);
    await s3.send(new CreateBucketCommand({ Bucket: 'orgscan-audit-bucket' }));
    await s3.send(new PutBucketTaggingCommand({ Bucket: 'orgscan-audit-bucket', Tagging: { TagSet: [{ Key: 'team', Value: 'audit' }] } }));
    const iam = seedClient(IAMClient, moto.endpoint, REGION, MEMBER);
    await iam.send(new CreateUserCommand({ UserName: 'audit-user' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'audit-user' }));
    const ec2 = seedClient(EC2Client, moto.endpoint, REGION, MEMBER);
    await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 8 }));
    const subnets = await ec2.send(new DescribeSubnetsCommand({}));
    const eip = await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }));
    await ec2.send(new CreateNatGatewayCommand({ SubnetId: subnets.Subnets![0]!.SubnetId!, AllocationId: eip.AllocationId! }));
    const rds = seedClient(RDSClient, moto.endpoint, REGION, MEMBER);
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'audit-db',
        Engine: 'postgres',
        DBInstanceClass: 'db.t4g.micro',
        AllocatedStorage: 20,
        MasterUsername: 'audit',
        MasterUserPassword: 'not-a-real-password-1',
      }),
    );
    const cw = seedClient(CloudWatchClient, moto.endpoint, REGION, MEMBER);
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: 'audit-alarm',
        MetricName: 'CPUUtilization',
        Namespace: 'AWS/EC2',
        Statistic: 'Average',
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 90,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
    const org = seedClient(OrganizationsClient, moto.endpoint, REGION, MANAGEMENT);
    await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    // Load balancers with targets, log groups, EKS clusters: their per-resource reads happen too.
    await seedWasteElbLogsEksScenario(moto.endpoint, [MEMBER], [REGION]);
  });

  afterAll(async () => {
    await moto?.stop();
  });

  it('records every SDK command of a full scan and maps each to an action the deployed policies allow', async () => {
    const aws = { endpoint: moto.endpoint, baseCredentials: FAKE_CREDENTIALS, homeRegion: REGION, maxAttempts: 1 };
    const member = await recordScan({}, aws);
    // The organization's accounts, for organizations:ListAccounts; one check is enough for that scan.
    const org = await recordScan({ org: true, accounts: [MANAGEMENT], checks: [CHECKS[0]!.id] }, aws);
    recorded.push(...member.calls, ...org.calls);

    expect(member.summary.checks).toHaveLength(CHECKS.length);
    // Checks the emulator cannot answer (no <root_account> row …) are ERROR: partial, never a plain success.
    expect(member.summary.status).toBe(member.summary.counts.ERROR > 0 ? 'partial' : 'succeeded');
    expect(member.findings.length).toBeGreaterThan(0);
    const operations = new Set(recorded.map((c) => `${c.service}:${c.operation}`));
    // The seeded resources drove per-resource calls, and both sides of the scanner were exercised.
    for (const op of [
      'STS:AssumeRole',
      'Organizations:ListAccounts',
      'EC2:DescribeVolumes',
      'S3:ListBuckets',
      'IAM:ListAccessKeys',
      'ElasticLoadBalancingV2:DescribeTargetHealth',
      'ElasticLoadBalancingV2:DescribeCapacityReservation',
      'ElasticLoadBalancing:DescribeInstanceHealth',
      'EKS:DescribeCluster',
    ]) {
      expect(operations, op).toContain(op);
    }

    const unmapped = [...operations].filter((op) => {
      const [service, operation] = op.split(':') as [string, string];
      return iamActionFor(service, operation) === undefined;
    });
    expect(unmapped, `SDK commands without an IAM action in infra/iam-actions.ts: ${unmapped.join(', ')}`).toEqual([]);

    const uncovered: string[] = [];
    for (const op of operations) {
      const [service, operation] = op.split(':') as [string, string];
      const action = iamActionFor(service, operation)!;
      const scannerSide = SCANNER_SIDE_SERVICES.has(service);
      const allowed = scannerSide ? taskActions : memberActions;
      if (!allowed.has(action)) uncovered.push(`${op} needs ${action} in the ${scannerSide ? 'scanner task role' : 'member role'}`);
    }
    expect(uncovered).toEqual([]);
  });

  it('is not denied anything when moto enforces IAM with exactly the deployed policies', async () => {
    expect(recorded.length, 'the recording scan ran first').toBeGreaterThan(0);
    // The member role, with the policy document the StackSet deploys.
    const iam = seedClient(IAMClient, moto.endpoint, REGION, MEMBER);
    await iam.send(new CreateRoleCommand({ RoleName: ROLE, AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }) }));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: ROLE,
        PolicyName: 'OrgScanReadOnly',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [...memberStatements, ...MOTO_AUTHORIZATION_QUIRKS] }),
      }),
    );
    // The scanner: a user with the task role's STS and Organizations statements. The template's resource ARN uses the
    // partition pseudo-parameter and aws:ResourceOrgID, which moto does not evaluate: both are resolved for moto here.
    const scannerStatements = taskStatements
      .filter((s) => actionsOf(s).every((a) => a.startsWith('sts:') || a.startsWith('organizations:')))
      .map((s) => ({
        Effect: s.Effect,
        Action: s.Action,
        Resource: typeof s.Resource === 'string' ? s.Resource : `arn:aws:iam::*:role/${ROLE}`,
      }));
    expect(scannerStatements.flatMap(actionsOf).sort()).toEqual([...SCANNER_ORGANIZATIONS_ACTIONS, 'sts:AssumeRole'].sort());
    const mgmtIam = seedClient(IAMClient, moto.endpoint, REGION, MANAGEMENT);
    await mgmtIam.send(new CreateUserCommand({ UserName: 'orgscan-scanner' }));
    await mgmtIam.send(
      new PutUserPolicyCommand({
        UserName: 'orgscan-scanner',
        PolicyName: 'task-role',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: scannerStatements }),
      }),
    );
    const key = await mgmtIam.send(new CreateAccessKeyCommand({ UserName: 'orgscan-scanner' }));
    const auth = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    expect(auth.ok).toBe(true);

    const { findings, summary } = await recordScan(
      {},
      {
        endpoint: moto.endpoint,
        baseCredentials: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! },
        homeRegion: REGION,
        maxAttempts: 1,
      },
    );
    expect(summary.errors.filter((e) => e.region === null)).toEqual([]);
    const denied = findings.filter((f) => f.status === 'ERROR' && DENIED.test(f.errorCode ?? ''));
    expect(denied.map((f) => `${f.checkId}: ${f.errorCode}: ${f.message}`)).toEqual([]);
    expect(findings.filter((f) => f.status !== 'ERROR').length).toBeGreaterThan(0);
  });
});
