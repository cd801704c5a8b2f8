import { isTrue, rootResult, rootRow } from '../support/iam-credentials.js';
import { defineCheck } from '../define.js';
import { cis30, configRule } from '../frameworks/index.js';

export const iamRootMfa = defineCheck({
  id: 'iam-root-mfa',
  title: 'The root user has no MFA device',
  service: 'iam',
  scope: 'global',
  severity: 'critical',
  frameworks: [cis30('1.5'), configRule('root-account-mfa-enabled')],
  reads: ['iam.credentialReport'],
  remediation: {
    text: 'Sign in as the root user and assign an MFA device (a FIDO security key or hardware token is best). In an organization, consider centralized root access management to remove member-account root credentials.',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-mfa-for-root.html',
  },
  async evaluate(ctx) {
    const found = await rootRow(ctx);
    if ('error' in found) return [found.error];
    const root = found.row;
    const evidence = { mfa_active: root.mfa_active, password_enabled: root.password_enabled };
    return [
      isTrue(root.mfa_active)
        ? rootResult(ctx, 'PASS', `The root user of account ${ctx.accountId} has an MFA device.`, evidence)
        : rootResult(ctx, 'FAIL', `The root user of account ${ctx.accountId} has no MFA device.`, evidence),
    ];
  },
});
