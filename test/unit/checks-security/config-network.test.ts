import { describe, expect, it } from 'vitest';
import type { ConfigurationRecorder, ConfigurationRecorderStatus } from '@aws-sdk/client-config-service';
import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { configRecorderEnabled } from '../../../checks/config/config-recorder-enabled.js';
import { ec2SecurityGroupAdminPortsOpen, openAdminRules } from '../../../checks/ec2/ec2-security-group-admin-ports-open.js';
import { ebsEncryptionByDefault } from '../../../checks/ebs/ebs-encryption-by-default.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

function configContext(recorders: ConfigurationRecorder[], statuses: ConfigurationRecorderStatus[]) {
  return fakeContext({ region: 'eu-west-1', config: { recorders: async () => recorders, recorderStatuses: async () => statuses } });
}

describe('config-recorder-enabled', () => {
  const recorder: ConfigurationRecorder = { name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } };
  const ok: ConfigurationRecorderStatus = { name: 'default', recording: true, lastStatus: 'Success' };

  it('passes a recording recorder for all supported types', async () => {
    const [r] = await runCheck(configRecorderEnabled, configContext([recorder], [ok]));
    expect(r).toMatchObject({ status: 'PASS', resourceType: 'AWS::::Account', resourceId: '111111111111', evidence: { globalResourceTypesRecordedHere: true } });
  });

  it('does not require global resource types in every region', async () => {
    const regional = { name: 'default', recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } };
    const [r] = await runCheck(configRecorderEnabled, configContext([regional], [ok]));
    expect(r).toMatchObject({ status: 'PASS', evidence: { globalResourceTypesRecordedHere: false } });
  });

  it.each([
    ['no recorder', [], [], /no AWS Config recorder in eu-west-1/],
    ['a stopped recorder', [recorder], [{ ...ok, recording: false }], /is not recording/],
    ['a recorder without status', [recorder], [], /is not recording/],
    ['a failing recorder', [recorder], [{ ...ok, lastStatus: 'Failure', lastErrorCode: 'AccessDenied' }], /last recording attempt failed \(AccessDenied\)/],
    ['a recorder of some types only', [{ name: 'default', recordingGroup: { allSupported: false, resourceTypes: ['AWS::EC2::Instance'] } }], [ok], /does not record all supported/],
    [
      'an exclusion strategy',
      [{ name: 'default', recordingGroup: { allSupported: false, recordingStrategy: { useOnly: 'EXCLUSION_BY_RESOURCE_TYPES' } } }],
      [ok],
      /does not record all supported/,
    ],
  ] as [string, ConfigurationRecorder[], ConfigurationRecorderStatus[], RegExp][])('fails %s', async (_name, recorders, statuses, message) => {
    const [r] = await runCheck(configRecorderEnabled, configContext(recorders, statuses));
    expect(r!.status).toBe('FAIL');
    expect(r!.message).toMatch(message);
  });

  it('accepts the ALL_SUPPORTED_RESOURCE_TYPES recording strategy', async () => {
    const modern = { name: 'default', recordingGroup: { allSupported: true, recordingStrategy: { useOnly: 'ALL_SUPPORTED_RESOURCE_TYPES' as const } } };
    expect((await runCheck(configRecorderEnabled, configContext([modern], [ok])))[0]!.status).toBe('PASS');
  });
});

const open = (p: Partial<IpPermission>): IpPermission => ({ IpRanges: [{ CidrIp: '0.0.0.0/0' }], ...p });

describe('ec2-security-group-admin-ports-open', () => {
  it.each([
    ['SSH to 0.0.0.0/0', open({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }), [22]],
    ['RDP to ::/0', { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }, [3389]],
    ['a range over both', open({ IpProtocol: 'tcp', FromPort: 0, ToPort: 65535 }), [22, 3389]],
    ['all traffic', open({ IpProtocol: '-1' }), [22, 3389]],
    ['UDP 3389', open({ IpProtocol: 'udp', FromPort: 3389, ToPort: 3389 }), [3389]],
    ['HTTPS only', open({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }), []],
    ['SSH from a /24', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.0/24' }] }, []],
    ['SSH from a security group', { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: 'sg-1' }] }, []],
    ['ICMP', open({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1 }), []],
  ] as [string, IpPermission, number[]][])('%s opens %j', (_name, permission, ports) => {
    expect([...new Set(openAdminRules([permission]).flatMap((r) => r.ports))]).toEqual(ports);
  });

  it('fails the open group, passes its twin and carries tags', async () => {
    const groups: SecurityGroup[] = [
      { GroupId: 'sg-open', GroupName: 'bastion', OwnerId: '111111111111', VpcId: 'vpc-1', IpPermissions: [open({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 })], Tags: [{ Key: 'Environment', Value: 'dev' }] },
      { GroupId: 'sg-closed', GroupName: 'web', IpPermissions: [open({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 })] },
    ];
    const results = await runCheck(ec2SecurityGroupAdminPortsOpen, fakeContext({ region: 'eu-west-1', ec2: { securityGroups: async () => groups } }));
    expect(results).toMatchObject([
      {
        status: 'FAIL',
        resourceId: 'sg-open',
        resourceArn: 'arn:aws:ec2:eu-west-1:111111111111:security-group/sg-open',
        message: 'Security group bastion (sg-open) opens port 22 to 0.0.0.0/0.',
        tags: { Environment: 'dev' },
      },
      { status: 'PASS', resourceId: 'sg-closed' },
    ]);
  });
});

describe('ebs-encryption-by-default', () => {
  it('passes when on, fails when off, propagates errors', async () => {
    expect(await runCheck(ebsEncryptionByDefault, fakeContext({ ec2: { ebsEncryptionByDefault: async () => true } }))).toMatchObject([{ status: 'PASS' }]);
    expect(await runCheck(ebsEncryptionByDefault, fakeContext({ region: 'ap-south-1', ec2: { ebsEncryptionByDefault: async () => false } }))).toMatchObject([
      { status: 'FAIL', message: 'Account 111111111111 does not encrypt new EBS volumes by default in ap-south-1.' },
    ]);
    await expect(
      runCheck(ebsEncryptionByDefault, fakeContext({ ec2: { ebsEncryptionByDefault: () => Promise.reject(awsError('UnauthorizedOperation')) } })),
    ).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});
