// Helpers for the IAM checks: credential report rows and access keys.
import type { AccessKeyMetadata } from '@aws-sdk/client-iam';
import type { CheckContext, CheckResult, CredentialReportRow } from '../types.js';
import { awsErrorCode } from './aws-errors.js';
import { mapBounded, PER_RESOURCE_CONCURRENCY } from './concurrency.js';
import { rootUserArn } from './arns.js';
import { tagsToRecord } from './tags.js';

export const ROOT_USER = '<root_account>';

/** The root row of the credential report; an ERROR result when the report lacks it. */
export async function rootRow(ctx: CheckContext): Promise<{ row: CredentialReportRow } | { error: CheckResult }> {
  const rows = await ctx.iam.credentialReport();
  const root = rows.find((r) => r.user === ROOT_USER);
  if (root) return { row: root };
  return {
    error: {
    status: 'ERROR',
    resourceType: 'AWS::IAM::RootUser',
    resourceId: ctx.accountId,
    resourceArn: rootUserArn(ctx.partition, ctx.accountId),
    message: `The IAM credential report of account ${ctx.accountId} has no ${ROOT_USER} row, so the root user cannot be evaluated.`,
    errorCode: 'RootUserMissingFromCredentialReport',
    },
  };
}

export function rootResult(ctx: CheckContext, status: 'PASS' | 'FAIL', message: string, evidence: Record<string, unknown>): CheckResult {
  return {
    status,
    resourceType: 'AWS::IAM::RootUser',
    resourceId: ctx.accountId,
    resourceArn: rootUserArn(ctx.partition, ctx.accountId),
    message,
    evidence,
  };
}

export function isTrue(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

/**
 * Evaluates every access key of every IAM user (from the authorization details). A user whose
 * keys cannot be listed becomes an ERROR result; the other users are still evaluated.
 */
export async function forEachAccessKey(
  ctx: CheckContext,
  evaluate: (key: AccessKeyMetadata & { AccessKeyId: string }, userName: string) => Promise<Pick<CheckResult, 'status' | 'message' | 'evidence'>>,
): Promise<CheckResult[]> {
  const details = await ctx.iam.authorizationDetails();
  const users = (details.UserDetailList ?? []).filter((u): u is typeof u & { UserName: string } => !!u.UserName);
  // Users are read side by side (bounded); one user's keys, at most two, one after another.
  const perUser = await mapBounded(users, PER_RESOURCE_CONCURRENCY, async (user): Promise<CheckResult[]> => {
    const userName = user.UserName;
    const tags = tagsToRecord(user.Tags);
    const results: CheckResult[] = [];
    try {
      const keys = await ctx.iam.accessKeys(userName);
      for (const key of keys) {
        if (!key.AccessKeyId) continue;
        const outcome = await evaluate(key as AccessKeyMetadata & { AccessKeyId: string }, userName);
        results.push({
          resourceType: 'AWS::IAM::AccessKey',
          resourceId: key.AccessKeyId,
          resourceArn: user.Arn ?? null,
          ...outcome,
          evidence: { userName, keyStatus: key.Status, createDate: key.CreateDate ? new Date(key.CreateDate).toISOString() : null, ...outcome.evidence },
          tags,
        });
      }
    } catch (err) {
      const code = awsErrorCode(err);
      // Keys evaluated before the failure keep their results, then the user's ERROR.
      return [
        ...results,
        {
          status: 'ERROR',
          resourceType: 'AWS::IAM::User',
          resourceId: userName,
          resourceArn: user.Arn ?? null,
          message: `Could not read the access keys of user ${userName}: ${code}.`,
          errorCode: code,
          tags,
        },
      ];
    }
    return results;
  });
  return perUser.flat();
}
