import type { Check } from './types.js';
import { s3AccountPublicAccessBlock } from './security/s3-account-public-access-block.js';
import { s3BucketPublicAccessBlock } from './security/s3-bucket-public-access-block.js';
import { s3BucketSslOnly } from './security/s3-bucket-ssl-only.js';
import { s3BucketDefaultEncryption } from './security/s3-bucket-default-encryption.js';
import { s3BucketVersioning } from './security/s3-bucket-versioning.js';
import { iamRootMfa } from './security/iam-root-mfa.js';
import { iamRootAccessKeys } from './security/iam-root-access-keys.js';
import { iamAccessKeyRotation } from './security/iam-access-key-rotation.js';
import { iamAccessKeyUnused } from './security/iam-access-key-unused.js';
import { iamUserConsoleWithoutMfa } from './security/iam-user-console-without-mfa.js';
import { iamPasswordPolicy } from './security/iam-password-policy.js';
import { iamPolicyAdminWildcard } from './security/iam-policy-admin-wildcard.js';
import { configRecorderEnabled } from './security/config-recorder-enabled.js';
import { ec2SecurityGroupAdminPortsOpen } from './security/ec2-security-group-admin-ports-open.js';
import { ebsEncryptionByDefault } from './security/ebs-encryption-by-default.js';

/** S3, IAM, AWS Config and network security checks. */
export const securityChecks: readonly Check[] = [
  s3AccountPublicAccessBlock,
  s3BucketPublicAccessBlock,
  s3BucketSslOnly,
  s3BucketDefaultEncryption,
  s3BucketVersioning,
  iamRootMfa,
  iamRootAccessKeys,
  iamAccessKeyRotation,
  iamAccessKeyUnused,
  iamUserConsoleWithoutMfa,
  iamPasswordPolicy,
  iamPolicyAdminWildcard,
  configRecorderEnabled,
  ec2SecurityGroupAdminPortsOpen,
  ebsEncryptionByDefault,
];
