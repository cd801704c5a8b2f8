import type { Check } from '../types.js';
import { isTrue, rootResult, rootRow } from './iam-support.js';

export const iamRootMfa: Check = {
  id: 'iam-root-mfa',
  title: 'The root user has no MFA device',
  service: 'iam',
  scope: 'global',
  severity: 'critical',
  frameworks: { 'aws-fsbp': 'IAM.9', 'cis-aws-3.0': '1.5', 'aws-config': 'root-account-mfa-enabled' },
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
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
        ? rootResult(ctx, 'PASS', 'the root user has MFA', evidence)
        : rootResult(ctx, 'FAIL', 'the root user has no MFA device', evidence),
    ];
  },
};
