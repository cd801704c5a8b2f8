import type { Check } from './types.js';

/** S3, IAM, AWS Config and network security checks. */
export const securityChecks: readonly Check[] = [];
