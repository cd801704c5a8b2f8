// The rds checks, in report order.
import { rdsInstanceSingleAz } from './rds-instance-single-az.js';
import { rdsInstanceIdle } from './rds-instance-idle.js';

export const rdsChecks = [
  rdsInstanceSingleAz,
  rdsInstanceIdle,
] as const;
