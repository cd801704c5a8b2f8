import { asArray, bucketArn, forEachBucket, iamWildcardMatch, parsePolicyDocument, type PolicyStatement } from '../support/index.js';
import { defineCheck } from '../define.js';
import { cis30, configRule, fsbp } from '../frameworks/index.js';

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object') {
    return asArray((principal as { AWS?: string | string[] }).AWS).includes('*');
  }
  return false;
}

function coversAllS3Actions(action: string | string[] | undefined): boolean {
  return asArray(action).some((a) => a === '*' || a.toLowerCase() === 's3:*');
}

/** True when the condition is exactly "aws:SecureTransport is false" under Bool or BoolIfExists. */
function deniesInsecureTransport(condition: PolicyStatement['Condition']): boolean {
  if (!condition) return false;
  const operators = Object.entries(condition);
  return operators.some(([operator, keys]) => {
    if (operator !== 'Bool' && operator !== 'BoolIfExists') return false;
    return Object.entries(keys ?? {}).some(
      ([key, value]) => key.toLowerCase() === 'aws:securetransport' && asArray(value as unknown).every((v) => String(v).toLowerCase() === 'false'),
    );
  });
}

/** The statement that enforces TLS for the bucket and all its objects, or undefined. */
export function findSslOnlyStatement(statements: PolicyStatement[], bucketResourceArn: string): PolicyStatement | undefined {
  return statements.find((s) => {
    if (s.Effect !== 'Deny' || s.NotPrincipal || s.NotAction || s.NotResource) return false;
    if (!isEveryone(s.Principal) || !coversAllS3Actions(s.Action)) return false;
    if (!deniesInsecureTransport(s.Condition)) return false;
    const resources = asArray(s.Resource);
    // The literal "<bucket>/*" stands for every object key: a pattern must match it as written.
    const coversBucket = resources.some((r) => iamWildcardMatch(r, bucketResourceArn));
    const coversObjects = resources.some((r) => iamWildcardMatch(r, `${bucketResourceArn}/*`));
    return coversBucket && coversObjects;
  });
}

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
      let statements: PolicyStatement[];
      try {
        statements = parsePolicyDocument(policy);
      } catch {
        return { status: 'FAIL', message: 'the bucket policy is not valid JSON', evidence: { hasPolicy: true, parsable: false } };
      }
      const statement = findSslOnlyStatement(statements, bucketArn(ctx.partition, bucket));
      return statement
        ? { status: 'PASS', message: 'the bucket policy denies every request made without TLS', evidence: { hasPolicy: true, statement } }
        : {
            status: 'FAIL',
            message: 'the bucket policy has no Deny statement for aws:SecureTransport=false covering all principals, all S3 actions, the bucket and its objects',
            evidence: { hasPolicy: true, statements: statements.length },
          };
    });
  },
});
