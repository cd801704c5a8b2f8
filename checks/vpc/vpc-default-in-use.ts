import type { NetworkInterface } from '@aws-sdk/client-ec2';
import type { CheckResult } from '../types.js';
import { ec2Arn, plural, tagsToRecord } from '../support/index.js';
import { defineCheck } from '../define.js';

export const INTERFACE_KINDS = [
  'ec2_instance',
  'lambda',
  'rds',
  'elb',
  'nat_gateway',
  'vpc_endpoint',
  'ecs',
  'other',
] as const;
export type InterfaceKind = (typeof INTERFACE_KINDS)[number];

/** How many interfaces of each kind are listed in the evidence; the count is always complete. */
const LISTED_PER_KIND = 20;

/**
 * What owns a network interface. AWS marks most managed interfaces by InterfaceType;
 * the rest are recognised by the requester or the description AWS writes on them.
 */
export function classifyInterface(eni: NetworkInterface): InterfaceKind {
  const type = (eni.InterfaceType ?? '') as string;
  const description = eni.Description ?? '';
  const requester = eni.RequesterId ?? '';

  if (type === 'nat_gateway' || type === 'natGateway' || description.startsWith('Interface for NAT Gateway')) return 'nat_gateway';
  if (type === 'vpc_endpoint' || type === 'gateway_load_balancer_endpoint' || description.startsWith('VPC Endpoint Interface')) {
    return 'vpc_endpoint';
  }
  if (type === 'lambda' || description.startsWith('AWS Lambda VPC ENI')) return 'lambda';
  if (
    type === 'load_balancer' ||
    type === 'network_load_balancer' ||
    type === 'gateway_load_balancer' ||
    description.startsWith('ELB ') ||
    requester === 'amazon-elb'
  ) {
    return 'elb';
  }
  if (requester === 'amazon-rds' || description === 'RDSNetworkInterface') return 'rds';
  // awsvpc task interfaces: "arn:aws:ecs:<region>:<account>:attachment/<id>"; trunk/branch for ENI trunking.
  if (/^arn:[^:]+:ecs:/.test(description) || type === 'trunk' || type === 'branch') return 'ecs';
  // A plain interface attached to an instance the account owns (not a service-managed one).
  if (eni.Attachment?.InstanceId && !eni.RequesterManaged) return 'ec2_instance';
  return 'other';
}

interface InterfaceSummary {
  networkInterfaceId: string | undefined;
  subnetId: string | undefined;
  privateIpAddress: string | undefined;
  description: string | undefined;
  interfaceType: string | undefined;
  instanceId?: string;
  requesterId?: string;
}

function summarize(eni: NetworkInterface): InterfaceSummary {
  const s: InterfaceSummary = {
    networkInterfaceId: eni.NetworkInterfaceId,
    subnetId: eni.SubnetId,
    privateIpAddress: eni.PrivateIpAddress,
    description: eni.Description || undefined,
    interfaceType: eni.InterfaceType,
  };
  if (eni.Attachment?.InstanceId) s.instanceId = eni.Attachment.InstanceId;
  if (eni.RequesterId) s.requesterId = eni.RequesterId;
  return s;
}

export const vpcDefaultInUse = defineCheck({
  id: 'vpc-default-in-use',
  title: 'Default VPC has resources in it',
  service: 'vpc',
  scope: 'regional',
  severity: 'medium',
  // No AWS-managed control targets resources placed in the default VPC; none is claimed.
  frameworks: [],
  reads: ['ec2.vpcs', 'ec2.networkInterfaces'],
  remediation: {
    text:
      'Move the workloads listed in the evidence into a VPC designed for them (private subnets, ' +
      'explicit routing and security groups), then delete the default VPC so nothing lands there by accident.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html',
  },
  async evaluate(ctx) {
    const defaults = (await ctx.ec2.vpcs()).filter((v) => v.IsDefault && v.VpcId);
    if (defaults.length === 0) return [];
    const interfaces = await ctx.ec2.networkInterfaces();

    return defaults.map((vpc): CheckResult => {
      const vpcId = vpc.VpcId as string;
      const inVpc = interfaces.filter((eni) => eni.VpcId === vpcId);
      const byKind: Partial<Record<InterfaceKind, { count: number; interfaces: InterfaceSummary[] }>> = {};
      for (const eni of inVpc) {
        const kind = classifyInterface(eni);
        const group = (byKind[kind] ??= { count: 0, interfaces: [] });
        group.count += 1;
        if (group.interfaces.length < LISTED_PER_KIND) group.interfaces.push(summarize(eni));
      }
      const base = {
        resourceType: 'AWS::EC2::VPC',
        resourceId: vpcId,
        resourceArn: ec2Arn(ctx.partition, ctx.region, ctx.accountId, 'vpc', vpcId),
        tags: tagsToRecord(vpc.Tags),
      };
      const evidence = {
        vpcId,
        isDefault: true,
        cidrBlock: vpc.CidrBlock,
        networkInterfaceCount: inVpc.length,
        interfacesByKind: byKind,
      };
      if (inVpc.length === 0) {
        return { ...base, status: 'PASS', message: `Default VPC ${vpcId} has no network interfaces.`, evidence };
      }
      const kinds = INTERFACE_KINDS.filter((k) => byKind[k])
        .map((k) => `${byKind[k]?.count} ${k}`)
        .join(', ');
      return {
        ...base,
        status: 'FAIL',
        message: `Default VPC ${vpcId} is in use: ${plural(inVpc.length, 'network interface')} (${kinds}).`,
        evidence,
      };
    });
  },
});
