import { isTrue, rootResult, rootRow } from '../support/iam-credentials.js';
import { defineCheck } from '../define.js';
import { cis30, configRule, fsbp } from '../frameworks/index.js';

export const iamRootAccessKeys = defineCheck({
  id: 'iam-root-access-keys',
  title: 'The root user has an active access key',
  service: 'iam',
  scope: 'global',
  severity: 'critical',
  frameworks: [fsbp('IAM.4'), cis30('1.4'), configRule('iam-root-access-key-check')],
  reads: ['iam.credentialReport'],
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
        ? rootResult(ctx, 'PASS', `The root user of account ${ctx.accountId} has no active access key.`, evidence)
        : rootResult(ctx, 'FAIL', `The root user of account ${ctx.accountId} has ${active.length} active access key${active.length > 1 ? 's' : ''}.`, evidence),
    ];
  },
});
