// The ec2 checks, in report order.
import { ec2EipUnassociated } from './ec2-eip-unassociated.js';
import { ec2SecurityGroupAdminPortsOpen } from './ec2-security-group-admin-ports-open.js';
import { ec2InstanceStoppedLong } from './ec2-instance-stopped-long.js';

export const ec2Checks = [
  ec2SecurityGroupAdminPortsOpen,
  ec2EipUnassociated,
  ec2InstanceStoppedLong,
] as const;
