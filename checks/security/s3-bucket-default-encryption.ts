import type { Check } from '../types.js';
import { forEachBucket } from './support.js';

export const s3BucketDefaultEncryption: Check = {
  id: 's3-bucket-default-encryption',
  title: 'S3 bucket has no default encryption configuration',
  service: 's3',
  scope: 'global',
  severity: 'medium',
  // S3.4 is retired in Security Hub since S3 encrypts new objects with SSE-S3 by default (January 2023).
  frameworks: { 'aws-fsbp': 'S3.4', 'aws-config': 's3-bucket-server-side-encryption-enabled' },
  permissions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetEncryptionConfiguration', 's3:GetBucketTagging'],
  remediation: {
    text: 'Set a default encryption configuration on the bucket (SSE-S3, or SSE-KMS with a customer managed key where key policies must control access).',
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-bucket-encryption.html',
  },
  async evaluate(ctx) {
    return forEachBucket(ctx, async (bucket) => {
      const config = await ctx.s3.bucketEncryption(bucket);
      const algorithms = (config?.Rules ?? [])
        .map((r) => r.ApplyServerSideEncryptionByDefault?.SSEAlgorithm)
        .filter((a): a is NonNullable<typeof a> => !!a);
      return algorithms.length > 0
        ? { status: 'PASS', message: `default encryption: ${algorithms.join(', ')}`, evidence: { algorithms, kmsKeyIds: (config?.Rules ?? []).map((r) => r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? null) } }
        : { status: 'FAIL', message: 'the bucket has no default encryption configuration', evidence: { algorithms } };
    });
  },
};
