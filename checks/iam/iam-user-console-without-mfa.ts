import type { CheckResult } from '../types.js';
import { ROOT_USER, isTrue } from '../support/iam-credentials.js';
import { defineCheck } from '../define.js';
import { cis30, configRule, fsbp } from '../frameworks/index.js';

export const iamUserConsoleWithoutMfa = defineCheck({
  id: 'iam-user-console-without-mfa',
  title: 'IAM user with a console password has no MFA',
  service: 'iam',
  scope: 'global',
  severity: 'medium',
  frameworks: [fsbp('IAM.5'), cis30('1.10'), configRule('mfa-enabled-for-iam-console-access')],
  reads: ['iam.credentialReport'],
  remediation: {
    text: 'Assign an MFA device to the user, or remove the console password if the user does not need the console. Prefer IAM Identity Center users over IAM users.',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable.html',
  },
  async evaluate(ctx) {
    const rows = await ctx.iam.credentialReport();
    const results: CheckResult[] = [];
    // Users without a console password are out of scope: they cannot sign in to the console.
    for (const row of rows) {
      if (row.user === ROOT_USER || !row.user || !isTrue(row.password_enabled)) continue;
      const evidence = { password_enabled: row.password_enabled, mfa_active: row.mfa_active, password_last_used: row.password_last_used };
      results.push({
        status: isTrue(row.mfa_active) ? 'PASS' : 'FAIL',
        resourceType: 'AWS::IAM::User',
        resourceId: row.user,
        resourceArn: row.arn || null,
        message: isTrue(row.mfa_active) ? `User ${row.user} signs in to the console with MFA.` : `User ${row.user} has a console password and no MFA device.`,
        evidence,
      });
    }
    return results;
  },
});
