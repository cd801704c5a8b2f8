import { forEachAccessKey } from '../support/iam-credentials.js';
import { ageInDays } from '../support/index.js';
import { z } from 'zod';
import { defineCheck } from '../define.js';
import { configRule, fsbp } from '../frameworks/index.js';

export const iamAccessKeyUnused = defineCheck({
  id: 'iam-access-key-unused',
  title: 'Active IAM access key has not been used recently',
  service: 'iam',
  scope: 'global',
  severity: 'medium',
  frameworks: [fsbp('IAM.8'), configRule('iam-user-unused-credentials-check')],
  reads: ['iam.authorizationDetails', 'iam.accessKeys', 'iam.accessKeyLastUsed'],
  options: z.object({
    unusedDays: z.number().int().positive().default(90).describe('Active access keys unused for this many days fail.'),
  }),
  remediation: {
    text: 'Deactivate the key; delete it after a quiet period. Keys that are never used are credentials waiting to leak.',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_finding-unused.html',
  },
  async evaluate(ctx, options) {
    const limit = options.unusedDays;
    return forEachAccessKey(ctx, async (key, userName) => {
      if (key.Status !== 'Active') return { status: 'PASS', message: `Access key ${key.AccessKeyId} of user ${userName} is inactive.`, evidence: { unusedDaysLimit: limit } };
      const lastUsed = await ctx.iam.accessKeyLastUsed(key.AccessKeyId);
      // A never-used key is judged by its age, like AWS Config's rule: a key created yesterday is not yet unused.
      const since = lastUsed ?? key.CreateDate;
      if (!since) return { status: 'FAIL', message: `Active access key ${key.AccessKeyId} of user ${userName} was never used and has no creation date.`, evidence: { lastUsed, unusedDaysLimit: limit } };
      const idle = ageInDays(since, ctx.now) ?? 0;
      const evidence = { lastUsed, idleDays: idle, unusedDaysLimit: limit };
      if (idle <= limit) {
        return { status: 'PASS', message: lastUsed ? `Active access key ${key.AccessKeyId} of user ${userName} was used ${idle} days ago.` : `Active access key ${key.AccessKeyId} of user ${userName} is unused but only ${idle} days old.`, evidence };
      }
      return {
        status: 'FAIL',
        message: lastUsed
          ? `Active access key ${key.AccessKeyId} of user ${userName} has not been used for ${idle} days (limit ${limit}).`
          : `Active access key ${key.AccessKeyId} of user ${userName} has never been used in the ${idle} days since it was created (limit ${limit}).`,
        evidence,
      };
    });
  },
});
