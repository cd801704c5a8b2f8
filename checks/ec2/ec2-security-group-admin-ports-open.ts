import type { IpPermission } from '@aws-sdk/client-ec2';
import { defineCheck } from '../define.js';
import { cis30, configRule } from '../frameworks/index.js';
import { tagsToRecord } from '../support/index.js';

export const ADMIN_PORTS = [22, 3389] as const;
const OPEN_IPV4 = '0.0.0.0/0';
const OPEN_IPV6 = '::/0';

export interface OpenAdminRule {
  protocol: string;
  fromPort: number | null;
  toPort: number | null;
  ports: number[];
  cidr: string;
}

/** The admin ports a permission opens: every port for protocol -1, ranges for TCP and UDP (RDP also listens on UDP). */
function portsOpenedBy(p: IpPermission): number[] {
  const protocol = (p.IpProtocol ?? '').toLowerCase();
  if (protocol === '-1' || protocol === 'all') return [...ADMIN_PORTS];
  if (!['tcp', '6', 'udp', '17'].includes(protocol)) return [];
  const from = p.FromPort ?? -1;
  const to = p.ToPort ?? -1;
  // For TCP/UDP, -1 to -1 is not a valid range; a missing range is treated as all ports.
  if (from === -1 && to === -1) return [...ADMIN_PORTS];
  return ADMIN_PORTS.filter((port) => from <= port && port <= to);
}

/** Ingress rules that open 22 or 3389 to the whole IPv4 or IPv6 internet. */
export function openAdminRules(permissions: IpPermission[]): OpenAdminRule[] {
  const rules: OpenAdminRule[] = [];
  for (const p of permissions) {
    const ports = portsOpenedBy(p);
    if (ports.length === 0) continue;
    const cidrs = [
      ...(p.IpRanges ?? []).map((r) => r.CidrIp).filter((c) => c === OPEN_IPV4),
      ...(p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6).filter((c) => c === OPEN_IPV6),
    ];
    for (const cidr of cidrs) {
      rules.push({ protocol: p.IpProtocol ?? '', fromPort: p.FromPort ?? null, toPort: p.ToPort ?? null, ports, cidr: cidr! });
    }
  }
  return rules;
}

export const ec2SecurityGroupAdminPortsOpen = defineCheck({
  id: 'ec2-security-group-admin-ports-open',
  title: 'Security group opens SSH or RDP to the internet',
  service: 'ec2',
  scope: 'regional',
  severity: 'high',
  frameworks: [cis30('5.2'), cis30('5.3'), configRule('vpc-sg-port-restriction-check')],
  reads: ['ec2.securityGroups'],
  remediation: {
    text: 'Remove the 0.0.0.0/0 and ::/0 ingress rules for ports 22 and 3389; reach instances through AWS Systems Manager Session Manager, EC2 Instance Connect Endpoint, or a VPN with a narrow source range.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
  },
  async evaluate(ctx) {
    const groups = await ctx.ec2.securityGroups();
    return groups
      .filter((g) => g.GroupId)
      .map((g) => {
        const open = openAdminRules(g.IpPermissions ?? []);
        const ports = [...new Set(open.flatMap((r) => r.ports))].sort((a, b) => a - b);
        const cidrs = [...new Set(open.map((r) => r.cidr))];
        const tags = tagsToRecord(g.Tags);
        return {
          status: open.length > 0 ? ('FAIL' as const) : ('PASS' as const),
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: g.GroupId!,
          resourceArn: `arn:${ctx.partition}:ec2:${ctx.region}:${g.OwnerId ?? ctx.accountId}:security-group/${g.GroupId}`,
          message:
            open.length > 0
              ? `Security group ${g.GroupName ?? g.GroupId} (${g.GroupId}) opens port${ports.length > 1 ? 's' : ''} ${ports.join(', ')} to ${cidrs.join(' and ')}.`
              : `Security group ${g.GroupName ?? g.GroupId} (${g.GroupId}) does not open port 22 or 3389 to the internet.`,
          evidence: { groupName: g.GroupName, vpcId: g.VpcId, openRules: open },
          tags,
        };
      });
  },
});
