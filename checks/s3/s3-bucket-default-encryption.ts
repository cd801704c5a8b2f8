import { forEachBucket } from '../support/index.js';
import { defineCheck } from '../define.js';
import { configRule } from '../frameworks/index.js';

export const s3BucketDefaultEncryption = defineCheck({
  id: 's3-bucket-default-encryption',
  title: 'S3 bucket has no default encryption configuration',
  service: 's3',
  scope: 'global',
  severity: 'medium',
  // S3.4 is retired in Security Hub since S3 encrypts new objects with SSE-S3 by default (January 2023).
  frameworks: [configRule('s3-bucket-server-side-encryption-enabled')],
  reads: ['s3.buckets', 's3.bucketRegion', 's3.bucketTags', 's3.bucketEncryption'],
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
        ? { status: 'PASS', message: `Bucket ${bucket} encrypts new objects by default with ${algorithms.join(', ')}.`, evidence: { algorithms, kmsKeyIds: (config?.Rules ?? []).map((r) => r.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID ?? null) } }
        : { status: 'FAIL', message: `Bucket ${bucket} has no default encryption configuration.`, evidence: { algorithms } };
    });
  },
});
