import type { CheckContext, CheckResult } from '../types.js';

/** A CheckResult for the account itself (account-wide settings). */
export function accountResult(
  ctx: CheckContext,
  status: CheckResult['status'],
  message: string,
  evidence: Record<string, unknown>,
): CheckResult {
  return { status, resourceType: 'AWS::::Account', resourceId: ctx.accountId, resourceArn: null, message, evidence };
}
