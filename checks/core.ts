import type { Check } from './types.js';

/** The five core checks: default VPC use, unattached EBS, single-AZ RDS, alarms without actions, NAT vs endpoints. */
export const coreChecks: readonly Check[] = [];
