import type { Check } from '../types.js';
import { forEachAccessKey } from './iam-support.js';
import { ageInDays } from './support.js';

export const iamAccessKeyUnused: Check = {
  id: 'iam-access-key-unused',
  title: 'Active IAM access key has not been used recently',
  service: 'iam',
  scope: 'global',
  severity: 'medium',
  frameworks: { 'aws-fsbp': ['IAM.8', 'IAM.22'], 'cis-aws-3.0': '1.12', 'aws-config': 'iam-user-unused-credentials-check' },
  permissions: ['iam:GetAccountAuthorizationDetails', 'iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'],
  remediation: {
    text: 'Deactivate the key; delete it after a quiet period. Keys that are never used are credentials waiting to leak.',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html',
  },
  async evaluate(ctx) {
    const limit = ctx.options.iamKeyUnusedDays;
    return forEachAccessKey(ctx, async (key, userName) => {
      if (key.Status !== 'Active') return { status: 'PASS', message: `access key of ${userName} is inactive`, evidence: { unusedDaysLimit: limit } };
      const lastUsed = await ctx.iam.accessKeyLastUsed(key.AccessKeyId);
      // A never-used key is judged by its age, like AWS Config's rule: a key created yesterday is not yet unused.
      const since = lastUsed ?? key.CreateDate;
      if (!since) return { status: 'FAIL', message: `active access key of ${userName} was never used and has no creation date`, evidence: { lastUsed, unusedDaysLimit: limit } };
      const idle = ageInDays(since, ctx.now);
      const evidence = { lastUsed, idleDays: idle, unusedDaysLimit: limit };
      if (idle <= limit) {
        return { status: 'PASS', message: lastUsed ? `active access key of ${userName} was used ${idle} days ago` : `active access key of ${userName} is unused but only ${idle} days old`, evidence };
      }
      return {
        status: 'FAIL',
        message: lastUsed
          ? `active access key of ${userName} has not been used for ${idle} days (limit ${limit})`
          : `active access key of ${userName} has never been used in the ${idle} days since it was created (limit ${limit})`,
        evidence,
      };
    });
  },
};
