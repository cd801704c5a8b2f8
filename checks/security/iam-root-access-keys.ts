import type { Check } from '../types.js';
import { isTrue, rootResult, rootRow } from './iam-support.js';

export const iamRootAccessKeys: Check = {
  id: 'iam-root-access-keys',
  title: 'The root user has an active access key',
  service: 'iam',
  scope: 'global',
  severity: 'critical',
  frameworks: { 'aws-fsbp': 'IAM.4', 'cis-aws-3.0': '1.4', 'aws-config': 'iam-root-access-key-check' },
  permissions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport'],
  remediation: {
    text: 'Sign in as the root user, find what uses the key (access_key_N_last_used_service in the credential report), move that workload to an IAM role, then delete the root access keys.',
    url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_delete-key.html',
  },
  async evaluate(ctx) {
    const found = await rootRow(ctx);
    if ('error' in found) return [found.error];
    const root = found.row;
    const active = [1, 2].filter((n) => isTrue(root[`access_key_${n}_active`]));
    const evidence = { access_key_1_active: root.access_key_1_active, access_key_2_active: root.access_key_2_active };
    return [
      active.length === 0
        ? rootResult(ctx, 'PASS', 'the root user has no active access key', evidence)
        : rootResult(ctx, 'FAIL', `the root user has ${active.length} active access key${active.length > 1 ? 's' : ''}`, evidence),
    ];
  },
};
