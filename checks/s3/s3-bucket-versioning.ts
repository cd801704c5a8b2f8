import { forEachBucket } from '../support/index.js';
import { defineCheck } from '../define.js';
import { configRule } from '../frameworks/index.js';

export const s3BucketVersioning = defineCheck({
  id: 's3-bucket-versioning',
  title: 'S3 bucket versioning is not enabled',
  service: 's3',
  scope: 'global',
  severity: 'low',
  frameworks: [configRule('s3-bucket-versioning-enabled')],
  reads: ['s3.buckets', 's3.bucketRegion', 's3.bucketTags', 's3.bucketVersioning'],
  remediation: {
    text: 'Enable versioning on the bucket and add a lifecycle rule that expires noncurrent versions, so overwritten or deleted objects can be recovered without unbounded cost.',
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/manage-versioning-examples.html',
  },
  async evaluate(ctx) {
    return forEachBucket(ctx, async (bucket) => {
      const versioning = await ctx.s3.bucketVersioning(bucket);
      const evidence = { versioning: versioning.status ?? 'Disabled', mfaDelete: versioning.mfaDelete };
      if (versioning.status === 'Enabled') return { status: 'PASS', message: `Bucket ${bucket} has versioning enabled.`, evidence };
      return {
        status: 'FAIL',
        message: versioning.status === 'Suspended' ? `Bucket ${bucket} has versioning suspended.` : `Bucket ${bucket} has never had versioning enabled.`,
        evidence,
      };
    });
  },
});
