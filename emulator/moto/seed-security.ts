// Plants, in every account (and region) of the emulator, a failing resource and its passing twin
// for each security check, and returns what a correct scan must report about them.
// The scan of this scenario must run with a clock SECURITY_SCAN_CLOCK_SKEW_DAYS ahead: moto stamps
// access keys with the current time, so key age and idleness are exercised by moving the scan's clock.
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { PutPublicAccessBlockCommand as PutAccountPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  ConfigServiceClient,
  PutConfigurationRecorderCommand,
  PutDeliveryChannelCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import { FAKE_CREDENTIALS } from './moto.js';
import { seedClient } from './aws.js';

export interface ExpectedResult {
  checkId: string;
  accountId: string;
  region: string;
  resourceId: string;
  status: 'PASS' | 'FAIL' | 'ERROR';
  /** What the planted resource exercises, for assertion messages. */
  scenario: string;
}

/** Days the scan's clock must run ahead of the seeding time (see the file comment). */
export const SECURITY_SCAN_CLOCK_SKEW_DAYS = 100;

const GLOBAL = 'global';
const HOME = 'us-east-1';

const doc = (statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });
const ADMIN = doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
const READ_S3 = doc([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }]);

function sslOnlyPolicy(bucket: string): string {
  return doc([
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ]);
}

/** A policy that looks protective but only covers the objects, not the bucket. */
function objectsOnlyTlsPolicy(bucket: string): string {
  return doc([
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: `arn:aws:s3:::${bucket}/*`,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ]);
}

/** S3 Control on a loopback endpoint: no account-id host prefix, account routing by header. */
function s3ControlClient(endpoint: string, accountId: string): S3ControlClient {
  const client = new S3ControlClient({
    region: HOME,
    credentials: FAKE_CREDENTIALS,
    endpointProvider: () => ({ url: new URL(endpoint) }),
    disableHostPrefix: true,
    maxAttempts: 1,
  });
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) request.headers['x-moto-account-id'] = accountId;
      return next(args);
    },
    { step: 'build', name: 'motoAccountRouting' },
  );
  return client;
}

const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/**
 * Seeds every account. Accounts alternate between two profiles so each check sees both outcomes:
 * even-indexed accounts are the "good" profile for account-wide settings, odd-indexed the "bad" one.
 */
export async function seedSecurityScenario(endpoint: string, accounts: string[], regions: string[]): Promise<ExpectedResult[]> {
  const expected: ExpectedResult[] = [];
  const expect = (checkId: string, accountId: string, region: string, resourceId: string, status: ExpectedResult['status'], scenario: string) =>
    expected.push({ checkId, accountId, region, resourceId, status, scenario });

  for (const [index, accountId] of accounts.entries()) {
    const good = index % 2 === 0;

    // ---- S3 account-level Block Public Access: all four on, or only the ACL pair.
    const control = s3ControlClient(endpoint, accountId);
    await control.send(
      new PutAccountPublicAccessBlockCommand({
        AccountId: accountId,
        PublicAccessBlockConfiguration: good ? ALL_BLOCKED : { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
      }),
    );
    expect('s3-account-public-access-block', accountId, GLOBAL, accountId, good ? 'PASS' : 'FAIL', good ? 'all four account settings on' : 'only the ACL settings on');

    // ---- Buckets: a compliant and a non-compliant one in every region, read from their own region.
    for (const region of regions) {
      const s3 = seedClient(S3Client, endpoint, region, accountId);
      const location = region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } };
      const compliant = `sec-${accountId}-${region}-compliant`;
      const exposed = `sec-${accountId}-${region}-exposed`;
      await s3.send(new CreateBucketCommand({ Bucket: compliant, ...location }));
      await s3.send(new CreateBucketCommand({ Bucket: exposed, ...location }));

      await s3.send(new PutPublicAccessBlockCommand({ Bucket: compliant, PublicAccessBlockConfiguration: ALL_BLOCKED }));
      await s3.send(new PutBucketPolicyCommand({ Bucket: compliant, Policy: sslOnlyPolicy(compliant) }));
      await s3.send(
        new PutBucketEncryptionCommand({
          Bucket: compliant,
          ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        }),
      );
      await s3.send(new PutBucketVersioningCommand({ Bucket: compliant, VersioningConfiguration: { Status: 'Enabled' } }));
      await s3.send(new PutBucketTaggingCommand({ Bucket: compliant, Tagging: { TagSet: [{ Key: 'Environment', Value: 'prod' }] } }));

      // The exposed bucket: no bucket-level block, a TLS policy that misses the bucket ARN,
      // no default encryption (moto's default), versioning enabled then suspended.
      await s3.send(new PutBucketPolicyCommand({ Bucket: exposed, Policy: objectsOnlyTlsPolicy(exposed) }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: exposed, VersioningConfiguration: { Status: 'Enabled' } }));
      await s3.send(new PutBucketVersioningCommand({ Bucket: exposed, VersioningConfiguration: { Status: 'Suspended' } }));
      await s3.send(new PutBucketTaggingCommand({ Bucket: exposed, Tagging: { TagSet: [{ Key: 'Environment', Value: 'dev' }] } }));

      for (const [bucket, ok] of [
        [compliant, true],
        [exposed, false],
      ] as const) {
        const where = `${bucket} in ${region}`;
        expect(
          's3-bucket-public-access-block',
          accountId,
          GLOBAL,
          bucket,
          ok || good ? 'PASS' : 'FAIL',
          ok ? `${where}: all four set on the bucket` : good ? `${where}: covered by the account settings` : `${where}: policy settings off at both levels`,
        );
        expect('s3-bucket-ssl-only', accountId, GLOBAL, bucket, ok ? 'PASS' : 'FAIL', ok ? `${where}: TLS-only policy` : `${where}: TLS deny covers objects only`);
        expect('s3-bucket-default-encryption', accountId, GLOBAL, bucket, ok ? 'PASS' : 'FAIL', ok ? `${where}: AES256 default` : `${where}: no default encryption`);
        expect('s3-bucket-versioning', accountId, GLOBAL, bucket, ok ? 'PASS' : 'FAIL', ok ? `${where}: versioning enabled` : `${where}: versioning suspended`);
      }
    }

    // ---- IAM.
    const iam = seedClient(IAMClient, endpoint, HOME, accountId);
    // moto's credential report has no <root_account> row: the root checks cannot evaluate.
    expect('iam-root-mfa', accountId, GLOBAL, accountId, 'ERROR', 'no root row in the emulated credential report');
    expect('iam-root-access-keys', accountId, GLOBAL, accountId, 'ERROR', 'no root row in the emulated credential report');

    await iam.send(new CreateUserCommand({ UserName: 'console-with-mfa' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'console-with-mfa', Password: 'Correct-Horse-Battery-9' }));
    const mfa = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'console-with-mfa' }));
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'console-with-mfa',
        SerialNumber: mfa.VirtualMFADevice!.SerialNumber!,
        AuthenticationCode1: '123456',
        AuthenticationCode2: '654321',
      }),
    );
    await iam.send(new CreateUserCommand({ UserName: 'console-without-mfa' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'console-without-mfa', Password: 'Correct-Horse-Battery-9' }));
    expect('iam-user-console-without-mfa', accountId, GLOBAL, 'console-with-mfa', 'PASS', 'console password and a virtual MFA device');
    expect('iam-user-console-without-mfa', accountId, GLOBAL, 'console-without-mfa', 'FAIL', 'console password, no MFA');

    // Keys: with the scan clock SECURITY_SCAN_CLOCK_SKEW_DAYS ahead, the active key is old and
    // never used; the deactivated key is out of scope for both checks and passes.
    await iam.send(new CreateUserCommand({ UserName: 'ci-deployer' }));
    const active = await iam.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' }));
    const retired = await iam.send(new CreateAccessKeyCommand({ UserName: 'ci-deployer' }));
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'ci-deployer', AccessKeyId: retired.AccessKey!.AccessKeyId!, Status: 'Inactive' }));
    const activeId = active.AccessKey!.AccessKeyId!;
    const retiredId = retired.AccessKey!.AccessKeyId!;
    expect('iam-access-key-rotation', accountId, GLOBAL, activeId, 'FAIL', `active key ${SECURITY_SCAN_CLOCK_SKEW_DAYS} days old`);
    expect('iam-access-key-rotation', accountId, GLOBAL, retiredId, 'PASS', 'inactive key');
    expect('iam-access-key-unused', accountId, GLOBAL, activeId, 'FAIL', `active key never used in ${SECURITY_SCAN_CLOCK_SKEW_DAYS} days`);
    expect('iam-access-key-unused', accountId, GLOBAL, retiredId, 'PASS', 'inactive key');

    await iam.send(
      new UpdateAccountPasswordPolicyCommand(good ? { MinimumPasswordLength: 14, PasswordReusePrevention: 24 } : { MinimumPasswordLength: 8 }),
    );
    expect('iam-password-policy', accountId, GLOBAL, accountId, good ? 'PASS' : 'FAIL', good ? 'length 14, reuse 24' : 'length 8, no reuse prevention');

    const admin = await iam.send(new CreatePolicyCommand({ PolicyName: 'everything', PolicyDocument: ADMIN }));
    const reader = await iam.send(new CreatePolicyCommand({ PolicyName: 's3-reader', PolicyDocument: READ_S3 }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'ci-deployer', PolicyArn: admin.Policy!.Arn! }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'console-without-mfa', PolicyName: 'god-mode', PolicyDocument: ADMIN }));
    await iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'read-data', PolicyDocument: READ_S3 }));
    expect('iam-policy-admin-wildcard', accountId, GLOBAL, admin.Policy!.Arn!, 'FAIL', 'customer-managed * on *');
    expect('iam-policy-admin-wildcard', accountId, GLOBAL, reader.Policy!.Arn!, 'PASS', 'customer-managed, scoped');
    expect('iam-policy-admin-wildcard', accountId, GLOBAL, 'user/console-without-mfa/god-mode', 'FAIL', 'inline user policy * on *');
    expect('iam-policy-admin-wildcard', accountId, GLOBAL, 'role/app/read-data', 'PASS', 'inline role policy, scoped');

    // ---- Regional: AWS Config, security groups, EBS encryption by default.
    for (const [regionIndex, region] of regions.entries()) {
      // Alternate per account and region so each account has one passing and one failing region.
      const on = (index + regionIndex) % 2 === 0;
      const config = seedClient(ConfigServiceClient, endpoint, region, accountId);
      const s3 = seedClient(S3Client, endpoint, region, accountId);
      if (on) {
        const bucket = `sec-${accountId}-${region}-config`;
        const location = region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } };
        await s3.send(new CreateBucketCommand({ Bucket: bucket, ...location }));
        // The delivery bucket is itself a bucket the S3 checks see: no settings, so it fails like the exposed one.
        for (const checkId of ['s3-bucket-ssl-only', 's3-bucket-default-encryption', 's3-bucket-versioning']) {
          expect(checkId, accountId, GLOBAL, bucket, 'FAIL', `AWS Config delivery bucket in ${region} without settings`);
        }
        expect('s3-bucket-public-access-block', accountId, GLOBAL, bucket, good ? 'PASS' : 'FAIL', `AWS Config delivery bucket in ${region}`);
        await config.send(
          new PutConfigurationRecorderCommand({
            ConfigurationRecorder: {
              name: 'default',
              roleARN: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
              recordingGroup: { allSupported: true, includeGlobalResourceTypes: region === HOME },
            },
          }),
        );
        await config.send(new PutDeliveryChannelCommand({ DeliveryChannel: { name: 'default', s3BucketName: bucket } }));
        await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: 'default' }));
        expect('config-recorder-enabled', accountId, region, accountId, 'PASS', 'recorder for all supported types, recording');
      } else if (index % 2 === 0) {
        expect('config-recorder-enabled', accountId, region, accountId, 'FAIL', 'no recorder');
      } else {
        // A recorder that exists but was never started.
        await config.send(
          new PutConfigurationRecorderCommand({
            ConfigurationRecorder: {
              name: 'default',
              roleARN: `arn:aws:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
              recordingGroup: { allSupported: true, includeGlobalResourceTypes: false },
            },
          }),
        );
        expect('config-recorder-enabled', accountId, region, accountId, 'FAIL', 'recorder never started');
      }

      const ec2 = seedClient(EC2Client, endpoint, region, accountId);
      const openSg = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'bastion-open', Description: 'SSH and RDP from anywhere' }));
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: openSg.GroupId!,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
          ],
        }),
      );
      const closedSg = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web-and-office-ssh', Description: 'HTTPS from anywhere, SSH from the office' }));
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: closedSg.GroupId!,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.0/24' }] },
          ],
        }),
      );
      expect('ec2-security-group-admin-ports-open', accountId, region, openSg.GroupId!, 'FAIL', '22 to 0.0.0.0/0 and 3389 to ::/0');
      expect('ec2-security-group-admin-ports-open', accountId, region, closedSg.GroupId!, 'PASS', '443 to the world, 22 from a /24');

      if (on) await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
      expect('ebs-encryption-by-default', accountId, region, accountId, on ? 'PASS' : 'FAIL', on ? 'enabled' : 'default (off)');
    }
  }
  return expected;
}
