import { bucketArn, forEachBucket } from '../support/index.js';
import { analyzeBucketTlsPolicy, type BucketTlsAnalysis } from '../support/iam-policy.js';
import { defineCheck } from '../define.js';
import { cis30, configRule, fsbp } from '../frameworks/index.js';

export const s3BucketSslOnly = defineCheck({
  id: 's3-bucket-ssl-only',
  title: 'S3 bucket policy does not deny requests made without TLS',
  service: 's3',
  scope: 'global',
  severity: 'medium',
  frameworks: [fsbp('S3.5'), cis30('2.1.1'), configRule('s3-bucket-ssl-requests-only')],
  reads: ['s3.buckets', 's3.bucketRegion', 's3.bucketTags', 's3.bucketPolicy'],
  remediation: {
    text: 'Add a bucket policy statement with Effect Deny, Principal "*", Action "s3:*", Resource the bucket ARN and "<bucket ARN>/*", and Condition {"Bool": {"aws:SecureTransport": "false"}}.',
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit',
  },
  async evaluate(ctx) {
    return forEachBucket(ctx, async (bucket) => {
      const policy = await ctx.s3.bucketPolicy(bucket);
      if (policy === null) return { status: 'FAIL', message: 'the bucket has no policy, so plain-HTTP requests are not denied', evidence: { hasPolicy: false } };
      let analysis: BucketTlsAnalysis;
      try {
        analysis = analyzeBucketTlsPolicy(policy, bucketArn(ctx.partition, bucket));
      } catch {
        return { status: 'FAIL', message: 'the bucket policy is not valid JSON', evidence: { hasPolicy: true, parsable: false } };
      }
      const { bucketStatements, objectStatements } = analysis;
      const evidence = { hasPolicy: true, statements: analysis.statementCount, bucketStatements, objectStatements };
      return analysis.compliant
        ? { status: 'PASS', message: 'the bucket policy denies every request made without TLS', evidence }
        : { status: 'FAIL', message: `the bucket policy does not deny every request made without TLS: ${analysis.reason}`, evidence };
    });
  },
});
