import type { NetworkInterface, Vpc } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { classifyInterface, vpcDefaultInUse } from '../../../checks/vpc/vpc-default-in-use.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const defaultVpc: Vpc = { VpcId: 'vpc-default', IsDefault: true, CidrBlock: '172.31.0.0/16', Tags: [{ Key: 'env', Value: 'legacy' }] };
const customVpc: Vpc = { VpcId: 'vpc-custom', IsDefault: false, CidrBlock: '10.0.0.0/16' };

const eni = (id: string, vpcId: string, extra: Partial<NetworkInterface> = {}): NetworkInterface => ({
  NetworkInterfaceId: id,
  VpcId: vpcId,
  SubnetId: 'subnet-1',
  PrivateIpAddress: '172.31.0.10',
  InterfaceType: 'interface',
  ...extra,
});

describe('vpc-default-in-use', () => {
  it('fails a default VPC with interfaces, grouped by kind, and ignores other VPCs', async () => {
    const ctx = fakeContext({
      ec2: {
        vpcs: async () => [defaultVpc, customVpc],
        networkInterfaces: async () => [
          eni('eni-ec2', 'vpc-default', { Attachment: { InstanceId: 'i-1', InstanceOwnerId: '111111111111' } }),
          eni('eni-ec2b', 'vpc-default', { Attachment: { InstanceId: 'i-2' } }),
          eni('eni-lambda', 'vpc-default', { InterfaceType: 'lambda', Description: 'AWS Lambda VPC ENI-fn', RequesterManaged: true }),
          eni('eni-rds', 'vpc-default', { Description: 'RDSNetworkInterface', RequesterId: 'amazon-rds', RequesterManaged: true }),
          eni('eni-custom', 'vpc-custom', { Attachment: { InstanceId: 'i-3' } }),
        ],
      },
    });
    const results = await runCheck(vpcDefaultInUse, ctx);
    expect(results).toHaveLength(1);
    const [r] = results;
    expect(r).toMatchObject({
      status: 'FAIL',
      resourceType: 'AWS::EC2::VPC',
      resourceId: 'vpc-default',
      resourceArn: 'arn:aws:ec2:us-east-1:111111111111:vpc/vpc-default',
      tags: { env: 'legacy' },
    });
    expect(r?.message).toContain('4 network interfaces');
    expect(r?.message).toContain('2 ec2_instance');
    const byKind = r?.evidence?.interfacesByKind as Record<string, { count: number; interfaces: { networkInterfaceId: string; instanceId?: string }[] }>;
    expect(Object.keys(byKind).sort()).toEqual(['ec2_instance', 'lambda', 'rds']);
    expect(byKind.ec2_instance?.count).toBe(2);
    expect(byKind.ec2_instance?.interfaces.map((i) => i.instanceId)).toEqual(['i-1', 'i-2']);
    expect(byKind.lambda?.interfaces[0]?.networkInterfaceId).toBe('eni-lambda');
    expect(r?.evidence?.networkInterfaceCount).toBe(4);
  });

  it('passes an empty default VPC', async () => {
    const ctx = fakeContext({
      ec2: {
        vpcs: async () => [defaultVpc, customVpc],
        networkInterfaces: async () => [eni('eni-custom', 'vpc-custom', { Attachment: { InstanceId: 'i-3' } })],
      },
    });
    const results = await runCheck(vpcDefaultInUse, ctx);
    expect(results).toEqual([expect.objectContaining({ status: 'PASS', resourceId: 'vpc-default' })]);
    expect(results[0]?.evidence?.networkInterfaceCount).toBe(0);
  });

  it('reports nothing (and reads no interfaces) when the region has no default VPC', async () => {
    const ctx = fakeContext({ ec2: { vpcs: async () => [customVpc] } });
    expect(await runCheck(vpcDefaultInUse, ctx)).toEqual([]);
  });

  it('caps the listed interfaces per kind but keeps the full count', async () => {
    const many = Array.from({ length: 45 }, (_, i) => eni(`eni-${i}`, 'vpc-default', { Attachment: { InstanceId: `i-${i}` } }));
    const ctx = fakeContext({ ec2: { vpcs: async () => [defaultVpc], networkInterfaces: async () => many } });
    const [r] = await runCheck(vpcDefaultInUse, ctx);
    const group = (r?.evidence?.interfacesByKind as Record<string, { count: number; interfaces: unknown[] }>).ec2_instance;
    expect(group?.count).toBe(45);
    expect(group?.interfaces).toHaveLength(20);
  });

  it('propagates a denied API call (the runner turns it into an ERROR finding)', async () => {
    const ctx = fakeContext({
      ec2: { vpcs: async () => [defaultVpc], networkInterfaces: async () => Promise.reject(awsError('UnauthorizedOperation')) },
    });
    await expect(runCheck(vpcDefaultInUse, ctx)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});

describe('classifyInterface', () => {
  it.each<[string, Partial<NetworkInterface>, string]>([
    ['instance', { Attachment: { InstanceId: 'i-1' } }, 'ec2_instance'],
    ['lambda by type', { InterfaceType: 'lambda' }, 'lambda'],
    ['lambda by description', { Description: 'AWS Lambda VPC ENI-my-fn-1234' }, 'lambda'],
    ['rds by requester', { RequesterId: 'amazon-rds', Description: 'RDSNetworkInterface' }, 'rds'],
    ['alb', { Description: 'ELB app/my-alb/50dc6c495c0c9188', RequesterId: 'amazon-elb' }, 'elb'],
    ['nlb', { InterfaceType: 'network_load_balancer', Description: 'ELB net/my-nlb/1234' }, 'elb'],
    ['nat gateway', { InterfaceType: 'nat_gateway' as NetworkInterface['InterfaceType'], Description: 'Interface for NAT Gateway nat-0123' }, 'nat_gateway'],
    ['interface endpoint', { InterfaceType: 'vpc_endpoint', Description: 'VPC Endpoint Interface vpce-0123' }, 'vpc_endpoint'],
    ['gwlb endpoint', { InterfaceType: 'gateway_load_balancer_endpoint' }, 'vpc_endpoint'],
    [
      'ecs awsvpc task',
      { Description: 'arn:aws:ecs:us-east-1:111111111111:attachment/9b4d1b6a-1234', RequesterManaged: true, Attachment: { InstanceId: 'i-host' } },
      'ecs',
    ],
    ['ecs trunk', { InterfaceType: 'trunk', Attachment: { InstanceId: 'i-host' } }, 'ecs'],
    ['efs mount target', { Description: 'EFS mount target for fs-1 (fsmt-1)', RequesterManaged: true }, 'other'],
    ['detached interface', { Description: 'spare' }, 'other'],
  ])('%s', (_name, extra, kind) => {
    expect(classifyInterface(eni('eni-x', 'vpc-default', extra))).toBe(kind);
  });
});
