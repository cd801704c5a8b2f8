import {
  DescribeAddressesCommand,
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeImages,
  paginateDescribeInstances,
  paginateDescribeNatGateways,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSnapshots,
  paginateDescribeVolumes,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import { COLLECTORS } from '../../checks/catalog.js';
import type { Ec2Collectors } from '../../checks/types.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';
import { collectPages } from './paging.js';

export function createEc2Collectors(clients: UnitClients, memo: Memo): Ec2Collectors {
  const client = () => ({ client: clients.ec2() });
  return {
    volumes: () =>
      memo('ec2:volumes', () => collectPages(paginateDescribeVolumes({ ...client(), pageSize: COLLECTORS['ec2.volumes'].paging.pageSize }, {}), (p) => p.Volumes)),
    vpcs: () => memo('ec2:vpcs', () => collectPages(paginateDescribeVpcs({ ...client(), pageSize: COLLECTORS['ec2.vpcs'].paging.pageSize }, {}), (p) => p.Vpcs)),
    networkInterfaces: () =>
      memo('ec2:networkInterfaces', () =>
        collectPages(paginateDescribeNetworkInterfaces({ ...client(), pageSize: COLLECTORS['ec2.networkInterfaces'].paging.pageSize }, {}), (p) => p.NetworkInterfaces),
      ),
    natGateways: () =>
      memo('ec2:natGateways', () =>
        collectPages(paginateDescribeNatGateways({ ...client(), pageSize: COLLECTORS['ec2.natGateways'].paging.pageSize }, {}), (p) => p.NatGateways),
      ),
    routeTables: () =>
      memo('ec2:routeTables', () =>
        collectPages(paginateDescribeRouteTables({ ...client(), pageSize: COLLECTORS['ec2.routeTables'].paging.pageSize }, {}), (p) => p.RouteTables),
      ),
    vpcEndpoints: () =>
      memo('ec2:vpcEndpoints', () =>
        collectPages(paginateDescribeVpcEndpoints({ ...client(), pageSize: COLLECTORS['ec2.vpcEndpoints'].paging.pageSize }, {}), (p) => p.VpcEndpoints),
      ),
    securityGroups: () =>
      memo('ec2:securityGroups', () =>
        collectPages(paginateDescribeSecurityGroups({ ...client(), pageSize: COLLECTORS['ec2.securityGroups'].paging.pageSize }, {}), (p) => p.SecurityGroups),
      ),
    ebsEncryptionByDefault: () =>
      memo('ec2:ebsEncryptionByDefault', async () => {
        const out = await clients.ec2().send(new GetEbsEncryptionByDefaultCommand({}));
        return out.EbsEncryptionByDefault === true;
      }),
    addresses: () =>
      memo('ec2:addresses', async () => (await clients.ec2().send(new DescribeAddressesCommand({}))).Addresses ?? []),
    // ---- waste checks: EC2/EBS
    instances: () =>
      memo('ec2:instances', () =>
        collectPages(paginateDescribeInstances({ ...client(), pageSize: COLLECTORS['ec2.instances'].paging.pageSize }, {}), (p) =>
          (p.Reservations ?? []).flatMap((r) => r.Instances ?? []),
        ),
      ),
    snapshots: () =>
      memo('ec2:snapshots', () =>
        collectPages(paginateDescribeSnapshots({ ...client(), pageSize: COLLECTORS['ec2.snapshots'].paging.pageSize }, { OwnerIds: ['self'] }), (p) => p.Snapshots),
      ),
    images: () =>
      memo('ec2:images', () =>
        collectPages(paginateDescribeImages({ ...client(), pageSize: COLLECTORS['ec2.images'].paging.pageSize }, { Owners: ['self'] }), (p) => p.Images),
      ),
  };
}
