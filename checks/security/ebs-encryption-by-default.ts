import type { Check } from '../types.js';
import { accountResult } from './support.js';

export const ebsEncryptionByDefault: Check = {
  id: 'ebs-encryption-by-default',
  title: 'EBS encryption by default is off in the region',
  service: 'ebs',
  scope: 'regional',
  severity: 'medium',
  frameworks: { 'aws-fsbp': 'EC2.7', 'cis-aws-3.0': '2.2.1', 'aws-config': 'ec2-ebs-encryption-by-default' },
  permissions: ['ec2:GetEbsEncryptionByDefault'],
  remediation: {
    text: 'Turn on EBS encryption by default in the region (EC2 console → Account attributes → Data protection and security, or `aws ec2 enable-ebs-encryption-by-default`). Existing volumes stay unencrypted until re-created from an encrypted snapshot copy.',
    url: 'https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html',
  },
  async evaluate(ctx) {
    const enabled = await ctx.ec2.ebsEncryptionByDefault();
    return [
      enabled
        ? accountResult(ctx, 'PASS', `EBS encryption by default is on in ${ctx.region}`, { ebsEncryptionByDefault: true })
        : accountResult(ctx, 'FAIL', `EBS encryption by default is off in ${ctx.region}`, { ebsEncryptionByDefault: false }),
    ];
  },
};
