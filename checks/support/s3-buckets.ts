import type { CheckContext, CheckResult } from '../types.js';
import { bucketArn } from './arns.js';
import { awsErrorCode } from './aws-errors.js';
import { mapBounded, PER_RESOURCE_CONCURRENCY } from './concurrency.js';

/**
 * Evaluates every bucket of the account. A failing per-bucket call becomes an ERROR result for
 * that bucket and the other buckets are still evaluated; a failing bucket list propagates.
 */
export async function forEachBucket(
  ctx: CheckContext,
  evaluate: (bucket: string, region: string) => Promise<Pick<CheckResult, 'status' | 'message' | 'evidence'>>,
): Promise<CheckResult[]> {
  const buckets = await ctx.s3.buckets();
  const names = buckets.map((b) => b.Name).filter((n): n is string => !!n);
  // A bucket's reads wait for each other (region, then setting and tags); buckets do not.
  return mapBounded(names, PER_RESOURCE_CONCURRENCY, async (name): Promise<CheckResult> => {
    const base = { resourceType: 'AWS::S3::Bucket', resourceId: name, resourceArn: bucketArn(ctx.partition, name) };
    try {
      const region = await ctx.s3.bucketRegion(name);
      const outcome = await evaluate(name, region);
      // Tags only serve suppressions and reports: unreadable tags must not hide the verdict.
      let tags: Record<string, string> = {};
      let tagsError: string | undefined;
      try {
        tags = await ctx.s3.bucketTags(name);
      } catch (err) {
        tagsError = awsErrorCode(err);
      }
      return { ...base, ...outcome, evidence: { region, ...outcome.evidence, ...(tagsError ? { tagsError } : {}) }, tags };
    } catch (err) {
      const code = awsErrorCode(err);
      return { ...base, status: 'ERROR', message: `Could not read the settings of bucket ${name}: ${code}.`, errorCode: code };
    }
  });
}
