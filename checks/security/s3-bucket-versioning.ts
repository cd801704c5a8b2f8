import type { Check } from '../types.js';
import { forEachBucket } from './support.js';

export const s3BucketVersioning: Check = {
  id: 's3-bucket-versioning',
  title: 'S3 bucket versioning is not enabled',
  service: 's3',
  scope: 'global',
  severity: 'low',
  frameworks: { 'aws-fsbp': 'S3.14', 'aws-config': 's3-bucket-versioning-enabled' },
  permissions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetBucketVersioning', 's3:GetBucketTagging'],
  remediation: {
    text: 'Enable versioning on the bucket and add a lifecycle rule that expires noncurrent versions, so overwritten or deleted objects can be recovered without unbounded cost.',
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/manage-versioning-examples.html',
  },
  async evaluate(ctx) {
    return forEachBucket(ctx, async (bucket) => {
      const versioning = await ctx.s3.bucketVersioning(bucket);
      const evidence = { versioning: versioning.status ?? 'Disabled', mfaDelete: versioning.mfaDelete };
      if (versioning.status === 'Enabled') return { status: 'PASS', message: 'versioning is enabled', evidence };
      return {
        status: 'FAIL',
        message: versioning.status === 'Suspended' ? 'versioning is suspended' : 'versioning has never been enabled',
        evidence,
      };
    });
  },
};
