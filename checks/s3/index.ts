// The s3 checks, in report order.
import { s3AccountPublicAccessBlock } from './s3-account-public-access-block.js';
import { s3BucketDefaultEncryption } from './s3-bucket-default-encryption.js';
import { s3BucketPublicAccessBlock } from './s3-bucket-public-access-block.js';
import { s3BucketSslOnly } from './s3-bucket-ssl-only.js';
import { s3BucketVersioning } from './s3-bucket-versioning.js';
import { s3BucketNoLifecycle } from './s3-bucket-no-lifecycle.js';

export const s3Checks = [
  s3AccountPublicAccessBlock,
  s3BucketDefaultEncryption,
  s3BucketPublicAccessBlock,
  s3BucketSslOnly,
  s3BucketVersioning,
  s3BucketNoLifecycle,
] as const;
