import type { Check } from '../types.js';
import { forEachAccessKey } from './iam-support.js';
import { ageInDays } from './support.js';

export const iamAccessKeyRotation: Check = {
  id: 'iam-access-key-rotation',
  title: 'Active IAM access key is older than the rotation limit',
  service: 'iam',
  scope: 'global',
  severity: 'medium',
  frameworks: { 'aws-fsbp': 'IAM.3', 'cis-aws-3.0': '1.14', 'aws-config': 'access-keys-rotated' },
  permissions: ['iam:GetAccountAuthorizationDetails', 'iam:ListAccessKeys'],
  remediation: {
    text: 'Create a second access key, move every consumer to it, deactivate the old key, and delete it once nothing fails. Better: replace long-lived keys with IAM roles or IAM Identity Center.',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console',
  },
  async evaluate(ctx) {
    const maxAge = ctx.options.iamKeyMaxAgeDays;
    return forEachAccessKey(ctx, async (key, userName) => {
      if (key.Status !== 'Active') return { status: 'PASS', message: `access key of ${userName} is inactive`, evidence: { maxAgeDays: maxAge } };
      if (!key.CreateDate) return { status: 'FAIL', message: `active access key of ${userName} has no creation date`, evidence: { maxAgeDays: maxAge } };
      const age = ageInDays(key.CreateDate, ctx.now);
      const evidence = { ageDays: age, maxAgeDays: maxAge };
      return age > maxAge
        ? { status: 'FAIL', message: `active access key of ${userName} is ${age} days old (limit ${maxAge})`, evidence }
        : { status: 'PASS', message: `active access key of ${userName} is ${age} days old`, evidence };
    });
  },
};
