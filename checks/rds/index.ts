// The rds checks, in report order.
import { rdsInstanceSingleAz } from './rds-instance-single-az.js';

export const rdsChecks = [
  rdsInstanceSingleAz,
] as const;
