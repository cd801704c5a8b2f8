import { accountResult } from '../support/index.js';
import { defineCheck } from '../define.js';
import { cis30 } from '../frameworks/index.js';

/** IAM.15 / CIS 1.8: at least 14 characters. */
export const MIN_PASSWORD_LENGTH = 14;
/** IAM.16's AWS Config parameter: remember the last 24 passwords. */
export const MIN_PASSWORD_REUSE_PREVENTION = 24;

export const iamPasswordPolicy = defineCheck({
  id: 'iam-password-policy',
  title: 'IAM password policy is missing or weak',
  service: 'iam',
  scope: 'global',
  severity: 'medium',
  frameworks: [cis30('1.8'), cis30('1.9')],
  reads: ['iam.passwordPolicy'],
  remediation: {
    text: `Set an account password policy with a minimum length of at least ${MIN_PASSWORD_LENGTH} and password reuse prevention of ${MIN_PASSWORD_REUSE_PREVENTION}.`,
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html',
  },
  async evaluate(ctx) {
    const policy = await ctx.iam.passwordPolicy();
    if (!policy) return [accountResult(ctx, 'FAIL', `Account ${ctx.accountId} has no IAM password policy.`, { configured: false })];
    const length = policy.MinimumPasswordLength ?? 0;
    const reuse = policy.PasswordReusePrevention ?? 0;
    const problems: string[] = [];
    if (length < MIN_PASSWORD_LENGTH) problems.push(`minimum length ${length} < ${MIN_PASSWORD_LENGTH}`);
    if (reuse < MIN_PASSWORD_REUSE_PREVENTION) problems.push(reuse === 0 ? 'password reuse is not prevented' : `reuse prevention remembers ${reuse} < ${MIN_PASSWORD_REUSE_PREVENTION} passwords`);
    const evidence = { configured: true, minimumPasswordLength: length, passwordReusePrevention: reuse };
    return [
      problems.length === 0
        ? accountResult(ctx, 'PASS', `The password policy of account ${ctx.accountId} requires ${length} characters and remembers ${reuse} passwords.`, evidence)
        : accountResult(ctx, 'FAIL', `The password policy of account ${ctx.accountId} is weak: ${problems.join('; ')}.`, evidence),
    ];
  },
});
