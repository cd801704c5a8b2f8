import {
  GetEbsEncryptionByDefaultCommand,
  paginateDescribeNatGateways,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeVolumes,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
} from '@aws-sdk/client-ec2';
import type { Ec2Collectors } from '../../checks/types.js';
import type { UnitClients } from './clients.js';
import type { Memo } from './memo.js';
import { collectPages } from './paging.js';

export function createEc2Collectors(clients: UnitClients, memo: Memo): Ec2Collectors {
  const client = () => ({ client: clients.ec2() });
  return {
    volumes: () =>
      memo('ec2:volumes', () => collectPages(paginateDescribeVolumes({ ...client(), pageSize: 500 }, {}), (p) => p.Volumes)),
    vpcs: () => memo('ec2:vpcs', () => collectPages(paginateDescribeVpcs({ ...client(), pageSize: 1000 }, {}), (p) => p.Vpcs)),
    networkInterfaces: () =>
      memo('ec2:networkInterfaces', () =>
        collectPages(paginateDescribeNetworkInterfaces({ ...client(), pageSize: 1000 }, {}), (p) => p.NetworkInterfaces),
      ),
    natGateways: () =>
      memo('ec2:natGateways', () =>
        collectPages(paginateDescribeNatGateways({ ...client(), pageSize: 1000 }, {}), (p) => p.NatGateways),
      ),
    routeTables: () =>
      memo('ec2:routeTables', () =>
        collectPages(paginateDescribeRouteTables({ ...client(), pageSize: 100 }, {}), (p) => p.RouteTables),
      ),
    vpcEndpoints: () =>
      memo('ec2:vpcEndpoints', () =>
        collectPages(paginateDescribeVpcEndpoints({ ...client(), pageSize: 1000 }, {}), (p) => p.VpcEndpoints),
      ),
    securityGroups: () =>
      memo('ec2:securityGroups', () =>
        collectPages(paginateDescribeSecurityGroups({ ...client(), pageSize: 1000 }, {}), (p) => p.SecurityGroups),
      ),
    ebsEncryptionByDefault: () =>
      memo('ec2:ebsEncryptionByDefault', async () => {
        const out = await clients.ec2().send(new GetEbsEncryptionByDefaultCommand({}));
        return out.EbsEncryptionByDefault === true;
      }),
  };
}
