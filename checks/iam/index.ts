// The iam checks, in report order.
import { iamAccessKeyRotation } from './iam-access-key-rotation.js';
import { iamAccessKeyUnused } from './iam-access-key-unused.js';
import { iamPasswordPolicy } from './iam-password-policy.js';
import { iamPolicyAdminWildcard } from './iam-policy-admin-wildcard.js';
import { iamRootAccessKeys } from './iam-root-access-keys.js';
import { iamRootMfa } from './iam-root-mfa.js';
import { iamUserConsoleWithoutMfa } from './iam-user-console-without-mfa.js';

export const iamChecks = [
  iamAccessKeyRotation,
  iamAccessKeyUnused,
  iamPasswordPolicy,
  iamPolicyAdminWildcard,
  iamRootAccessKeys,
  iamRootMfa,
  iamUserConsoleWithoutMfa,
] as const;
