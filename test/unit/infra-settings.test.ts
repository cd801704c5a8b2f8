// Deployment settings from CDK context: defaults, decoding of -c strings, and errors naming the bad key.
import { describe, expect, it } from 'vitest';
import { parseSettings, scannerTaskRoleName, SettingsError } from '../../infra/settings.js';
import { BASE_CONTEXT, buildTestApp } from './infra-fixtures.js';

function errorOf(raw: Record<string, unknown>): string {
  try {
    parseSettings(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(SettingsError);
    return (err as Error).message;
  }
  throw new Error('expected a SettingsError');
}

describe('region', () => {
  it('comes from context, else the CLI environment, and is required', () => {
    const saved = process.env.CDK_DEFAULT_REGION;
    delete process.env.CDK_DEFAULT_REGION;
    try {
      expect(() => buildTestApp({}, { region: undefined })).toThrow(/context region: is required/);
      expect(buildTestApp({ region: 'ap-southeast-2' }, { region: undefined }).stacks.scanner.region).toBe('ap-southeast-2');
      process.env.CDK_DEFAULT_REGION = 'eu-central-1';
      expect(buildTestApp({}, { region: undefined }).stacks.scanner.region).toBe('eu-central-1');
      expect(() => buildTestApp({ region: 'Frankfurt' }, { region: undefined })).toThrow(/context region: must be an AWS region name/);
    } finally {
      if (saved === undefined) delete process.env.CDK_DEFAULT_REGION;
      else process.env.CDK_DEFAULT_REGION = saved;
    }
  });
});

describe('parseSettings', () => {
  it('fills the defaults', () => {
    const s = parseSettings(BASE_CONTEXT);
    expect(s).toMatchObject({
      project: 'orgscan',
      roleName: 'OrgScanReadOnly',
      scanSchedule: 'cron(0 3 * * ? *)',
      weeklyReportSchedule: 'cron(0 7 ? * MON *)',
      natGateways: 1,
      interfaceEndpoints: true,
      desiredCount: 1,
      cpu: 512,
      memoryMiB: 1024,
      logRetentionDays: 90,
      memberRoleRegion: 'us-east-1',
      stackSetCallAs: 'SELF',
    });
    expect(scannerTaskRoleName(s)).toBe('orgscan-test-scanner-task');
  });

  it('decodes the strings `cdk -c key=value` passes', () => {
    const s = parseSettings({
      ...BASE_CONTEXT,
      natGateways: '0',
      interfaceEndpoints: 'false',
      logRetentionDays: '30',
      mailTo: '["a@example.com","b@example.com"]',
      mailFrom: 'orgscan@example.com',
      sesIdentity: 'example.com',
      memberOrganizationalUnitIds: '["ou-ab12-cdef3456"]',
    });
    expect(s.natGateways).toBe(0);
    expect(s.interfaceEndpoints).toBe(false);
    expect(s.logRetentionDays).toBe(30);
    expect(s.mailTo).toEqual(['a@example.com', 'b@example.com']);
    expect(s.memberOrganizationalUnitIds).toEqual(['ou-ab12-cdef3456']);
  });

  it('names every missing required key', () => {
    const message = errorOf({});
    for (const key of ['owner', 'organizationId', 'scannerAccountId', 'externalId']) expect(message).toContain(`context ${key}:`);
  });

  it('rejects bad values with the key and the rule', () => {
    expect(errorOf({ ...BASE_CONTEXT, organizationId: 'org-1' })).toMatch(/context organizationId: must be an AWS Organizations id/);
    expect(errorOf({ ...BASE_CONTEXT, scannerAccountId: '1234' })).toMatch(/context scannerAccountId: must be a 12-digit/);
    expect(errorOf({ ...BASE_CONTEXT, roleName: 'arn:aws:iam::111111111111:role/x' })).toMatch(/context roleName: must be an IAM role name/);
    expect(errorOf({ ...BASE_CONTEXT, logRetentionDays: 42 })).toMatch(/context logRetentionDays: must be one of 1, 3, 5/);
    expect(errorOf({ ...BASE_CONTEXT, cpu: 300 })).toMatch(/context cpu: must be a Fargate CPU size/);
    expect(errorOf({ ...BASE_CONTEXT, scanSchedule: 'every day' })).toMatch(/context scanSchedule: must be an EventBridge Scheduler/);
    expect(errorOf({ ...BASE_CONTEXT, allowedCidrs: ['10.0.0.0'] })).toMatch(/context allowedCidrs.0: must be an IPv4 CIDR/);
    expect(errorOf({ ...BASE_CONTEXT, certificateArn: 'my-cert' })).toMatch(/context certificateArn: must be an ACM certificate ARN/);
    expect(errorOf({ ...BASE_CONTEXT, unknownKey: 1, owner: '' })).toMatch(/context owner: is required/);
  });

  it('checks the parts of an existing VPC fit together', () => {
    const vpc = {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidrBlock: '10.20.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      privateSubnetIds: ['subnet-0123456789abcdef0'],
    };
    expect(errorOf({ ...BASE_CONTEXT, vpc })).toMatch(/context vpc.privateSubnetIds: /);
    expect(errorOf({ ...BASE_CONTEXT, vpc: { ...vpc, availabilityZones: ['eu-west-1a'] } })).toMatch(/at least two availability zones/);
  });

  it('needs the whole mail setting and a sender of the SES identity', () => {
    expect(errorOf({ ...BASE_CONTEXT, mailTo: ['a@example.com'] })).toMatch(/context mailTo: needs mailFrom and sesIdentity/);
    expect(errorOf({ ...BASE_CONTEXT, mailTo: ['a@example.com'], mailFrom: 'x@other.org', sesIdentity: 'example.com' })).toMatch(
      /context mailFrom: must be the SES identity example.com/,
    );
  });
});
