import { forEachAccessKey } from '../support/iam-credentials.js';
import { ageInDays } from '../support/index.js';
import { z } from 'zod';
import { defineCheck } from '../define.js';
import { cis30, configRule, fsbp } from '../frameworks/index.js';

export const iamAccessKeyRotation = defineCheck({
  id: 'iam-access-key-rotation',
  title: 'Active IAM access key is older than the rotation limit',
  service: 'iam',
  scope: 'global',
  severity: 'medium',
  frameworks: [fsbp('IAM.3'), cis30('1.14'), configRule('access-keys-rotated')],
  reads: ['iam.authorizationDetails', 'iam.accessKeys'],
  options: z.object({
    maxAgeDays: z.number().int().positive().default(90).describe('Active access keys older than this many days fail (IAM.3 and CIS 1.14 use 90).'),
  }),
  remediation: {
    text: 'Create a second access key, move every consumer to it, deactivate the old key, and delete it once nothing fails. Better: replace long-lived keys with IAM roles or IAM Identity Center.',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console',
  },
  async evaluate(ctx, options) {
    const maxAge = options.maxAgeDays;
    return forEachAccessKey(ctx, async (key, userName) => {
      if (key.Status !== 'Active') return { status: 'PASS', message: `Access key ${key.AccessKeyId} of user ${userName} is inactive.`, evidence: { maxAgeDays: maxAge } };
      if (!key.CreateDate) return { status: 'FAIL', message: `Active access key ${key.AccessKeyId} of user ${userName} has no creation date.`, evidence: { maxAgeDays: maxAge } };
      const age = ageInDays(key.CreateDate, ctx.now) ?? 0;
      const evidence = { ageDays: age, maxAgeDays: maxAge };
      return age > maxAge
        ? { status: 'FAIL', message: `Active access key ${key.AccessKeyId} of user ${userName} is ${age} days old (limit ${maxAge}).`, evidence }
        : { status: 'PASS', message: `Active access key ${key.AccessKeyId} of user ${userName} is ${age} days old.`, evidence };
    });
  },
});
