import { accountResult } from '../support/index.js';
import { defineCheck } from '../define.js';
import { cis30, configRule, fsbp } from '../frameworks/index.js';

export const ebsEncryptionByDefault = defineCheck({
  id: 'ebs-encryption-by-default',
  title: 'EBS encryption by default is off in the region',
  service: 'ebs',
  scope: 'regional',
  severity: 'medium',
  frameworks: [fsbp('EC2.7'), cis30('2.2.1'), configRule('ec2-ebs-encryption-by-default')],
  reads: ['ec2.ebsEncryptionByDefault'],
  remediation: {
    text: 'Turn on EBS encryption by default in the region (EC2 console → Account attributes → Data protection and security, or `aws ec2 enable-ebs-encryption-by-default`). Existing volumes stay unencrypted until re-created from an encrypted snapshot copy.',
    url: 'https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html',
  },
  async evaluate(ctx) {
    const enabled = await ctx.ec2.ebsEncryptionByDefault();
    return [
      enabled
        ? accountResult(ctx, 'PASS', `Account ${ctx.accountId} encrypts new EBS volumes by default in ${ctx.region}.`, { ebsEncryptionByDefault: true })
        : accountResult(ctx, 'FAIL', `Account ${ctx.accountId} does not encrypt new EBS volumes by default in ${ctx.region}.`, { ebsEncryptionByDefault: false }),
    ];
  },
});
