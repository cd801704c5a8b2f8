import { accountResult } from '../support/index.js';
import { defineCheck } from '../define.js';
import { cis30, configRule, fsbp } from '../frameworks/index.js';

export const PUBLIC_ACCESS_BLOCK_SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
export type PublicAccessBlockSetting = (typeof PUBLIC_ACCESS_BLOCK_SETTINGS)[number];

export const s3AccountPublicAccessBlock = defineCheck({
  id: 's3-account-public-access-block',
  title: 'S3 Block Public Access is not fully enabled for the account',
  service: 's3',
  scope: 'global',
  severity: 'medium',
  frameworks: [fsbp('S3.1'), cis30('2.1.4'), configRule('s3-account-level-public-access-blocks-periodic')],
  reads: ['s3.accountPublicAccessBlock'],
  remediation: {
    text: 'Turn on all four Block Public Access settings for the account (S3 console → Block Public Access settings for this account), after confirming no workload relies on public buckets.',
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html',
  },
  async evaluate(ctx) {
    const config = await ctx.s3.accountPublicAccessBlock();
    const settings = Object.fromEntries(PUBLIC_ACCESS_BLOCK_SETTINGS.map((s) => [s, config?.[s] === true]));
    const off = PUBLIC_ACCESS_BLOCK_SETTINGS.filter((s) => !settings[s]);
    if (!config) {
      return [accountResult(ctx, 'FAIL', `Account ${ctx.accountId} has no S3 Block Public Access configuration.`, { configured: false, ...settings })];
    }
    return [
      off.length === 0
        ? accountResult(ctx, 'PASS', `Account ${ctx.accountId} has all four S3 Block Public Access settings on.`, { configured: true, ...settings })
        : accountResult(ctx, 'FAIL', `Account ${ctx.accountId} has S3 Block Public Access settings off: ${off.join(', ')}.`, { configured: true, ...settings }),
    ];
  },
});
