// The vpc checks, in report order.
import { vpcDefaultInUse } from './vpc-default-in-use.js';
import { vpcNatGatewayEndpointSavings } from './vpc-nat-gateway-endpoint-savings.js';
import { vpcNatGatewayIdle } from './vpc-nat-gateway-idle.js';
import { vpcInterfaceEndpointIdle } from './vpc-interface-endpoint-idle.js';

export const vpcChecks = [
  vpcDefaultInUse,
  vpcNatGatewayEndpointSavings,
  vpcNatGatewayIdle,
  vpcInterfaceEndpointIdle,
] as const;
