import type { Check } from '../types.js';
import { accountResult } from './support.js';

export const PUBLIC_ACCESS_BLOCK_SETTINGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
export type PublicAccessBlockSetting = (typeof PUBLIC_ACCESS_BLOCK_SETTINGS)[number];

export const s3AccountPublicAccessBlock: Check = {
  id: 's3-account-public-access-block',
  title: 'S3 Block Public Access is not fully enabled for the account',
  service: 's3',
  scope: 'global',
  severity: 'medium',
  frameworks: { 'aws-fsbp': 'S3.1', 'cis-aws-3.0': '2.1.4', 'aws-config': 's3-account-level-public-access-blocks-periodic' },
  permissions: ['s3:GetAccountPublicAccessBlock'],
  remediation: {
    text: 'Turn on all four Block Public Access settings for the account (S3 console → Block Public Access settings for this account), after confirming no workload relies on public buckets.',
    url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html',
  },
  async evaluate(ctx) {
    const config = await ctx.s3.accountPublicAccessBlock();
    const settings = Object.fromEntries(PUBLIC_ACCESS_BLOCK_SETTINGS.map((s) => [s, config?.[s] === true]));
    const off = PUBLIC_ACCESS_BLOCK_SETTINGS.filter((s) => !settings[s]);
    if (!config) {
      return [accountResult(ctx, 'FAIL', 'the account has no S3 Block Public Access configuration', { configured: false, ...settings })];
    }
    return [
      off.length === 0
        ? accountResult(ctx, 'PASS', 'all four account-level Block Public Access settings are on', { configured: true, ...settings })
        : accountResult(ctx, 'FAIL', `account-level Block Public Access settings off: ${off.join(', ')}`, { configured: true, ...settings }),
    ];
  },
};
