import { PUBLIC_ACCESS_BLOCK_SETTINGS } from './s3-account-public-access-block.js';
import { forEachBucket } from '../support/index.js';
import { defineCheck } from '../define.js';
import { cis30, configRule, fsbp } from '../frameworks/index.js';

export const s3BucketPublicAccessBlock = defineCheck({
  id: 's3-bucket-public-access-block',
  title: 'S3 bucket is not covered by all four Block Public Access settings',
  service: 's3',
  scope: 'global',
  severity: 'high',
  frameworks: [fsbp('S3.8'), cis30('2.1.4'), configRule('s3-bucket-level-public-access-prohibited')],
  reads: ['s3.buckets', 's3.bucketRegion', 's3.bucketTags', 's3.bucketPublicAccessBlock', 's3.accountPublicAccessBlock'],
  remediation: {
    text: 'Turn on all four Block Public Access settings on the bucket (or for the whole account) unless the bucket must serve public content; prefer CloudFront with origin access control for public content.',
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-bucket.html',
  },
  async evaluate(ctx) {
    const account = await ctx.s3.accountPublicAccessBlock();
    return forEachBucket(ctx, async (bucket) => {
      const config = await ctx.s3.bucketPublicAccessBlock(bucket);
      // A setting is effective when it is on at the bucket or at the account level.
      const effective = Object.fromEntries(
        PUBLIC_ACCESS_BLOCK_SETTINGS.map((s) => [s, config?.[s] === true || account?.[s] === true]),
      );
      const off = PUBLIC_ACCESS_BLOCK_SETTINGS.filter((s) => !effective[s]);
      const evidence = { bucketSettings: config, accountSettings: account, effective };
      return off.length === 0
        ? { status: 'PASS', message: `Bucket ${bucket} is covered by all four Block Public Access settings (at bucket or account level).`, evidence }
        : { status: 'FAIL', message: `Bucket ${bucket} has Block Public Access settings off at both bucket and account level: ${off.join(', ')}.`, evidence };
    });
  },
});
