import { cloudwatchAlarmNoAction } from './cloudwatch-alarm-no-action.js';
import { ebsVolumeUnattached } from './ebs-volume-unattached.js';
import { rdsInstanceSingleAz } from './rds-instance-single-az.js';
import type { Check } from './types.js';
import { vpcDefaultInUse } from './vpc-default-in-use.js';
import { vpcNatGatewayEndpointSavings } from './vpc-nat-gateway-endpoint-savings.js';

/** The five core checks: default VPC use, unattached EBS, single-AZ RDS, alarms without actions, NAT vs endpoints. */
export const coreChecks: readonly Check[] = [
  vpcDefaultInUse,
  ebsVolumeUnattached,
  rdsInstanceSingleAz,
  cloudwatchAlarmNoAction,
  vpcNatGatewayEndpointSavings,
];
