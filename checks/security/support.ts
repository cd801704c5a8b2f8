// Helpers shared by the security checks.
import pLimit from 'p-limit';
import type { CheckContext, CheckResult } from '../types.js';

/** Per-resource reads (bucket settings, user keys) in flight at once within one check of a unit. */
export const PER_RESOURCE_CONCURRENCY = 8;

/** Maps items with at most `concurrency` calls of `fn` pending at once; results keep the items' order. */
export async function mapBounded<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const limit = pLimit(concurrency);
  return Promise.all(items.map((item) => limit(() => fn(item))));
}

export const DAY_MS = 86_400_000;

/** The AWS error code of a failed call (AccessDenied, NoSuchBucket, …); checks do not depend on the scanner. */
export function awsErrorCode(err: unknown): string {
  const e = (err ?? {}) as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'SyntaxError' && e.$metadata?.httpStatusCode) return `HTTP${e.$metadata.httpStatusCode}`;
  const code = e.Code ?? e.name;
  if (code && code !== 'Error') return code;
  return e.$metadata?.httpStatusCode ? `HTTP${e.$metadata.httpStatusCode}` : 'UnknownError';
}

/** Whole days from `from` to `now` (negative when `from` is in the future). */
export function ageInDays(from: Date | string, now: Date): number {
  return Math.floor((now.getTime() - new Date(from).getTime()) / DAY_MS);
}

export function bucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/** A CheckResult for the account itself (account-wide settings). */
export function accountResult(
  ctx: CheckContext,
  status: CheckResult['status'],
  message: string,
  evidence: Record<string, unknown>,
): CheckResult {
  return { status, resourceType: 'AWS::::Account', resourceId: ctx.accountId, resourceArn: null, message, evidence };
}

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
      return { ...base, status: 'ERROR', message: `could not read the settings of bucket ${name}: ${code}`, errorCode: code };
    }
  });
}

/** IAM wildcard match: `*` any run of characters, `?` one character, everything else literal (case-sensitive). */
export function iamWildcardMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return regex.test(value);
}

export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export interface PolicyStatement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

/**
 * Parses a policy document: JSON text, or the URL-encoded JSON that IAM's
 * GetAccountAuthorizationDetails returns. Throws on anything else.
 */
export function parsePolicyDocument(document: string | Record<string, unknown>): PolicyStatement[] {
  let parsed: unknown = document;
  if (typeof document === 'string') {
    const text = document.trimStart().startsWith('{') ? document : decodeURIComponent(document);
    parsed = JSON.parse(text);
  }
  const statement = (parsed as { Statement?: unknown } | null)?.Statement;
  return asArray(statement as PolicyStatement | PolicyStatement[] | undefined).filter((s) => typeof s === 'object' && s !== null);
}
