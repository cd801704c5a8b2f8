import type { ConfigurationRecorder, ConfigurationRecorderStatus } from '@aws-sdk/client-config-service';
import { accountResult } from '../support/index.js';
import { defineCheck } from '../define.js';
import { cis30 } from '../frameworks/index.js';

/** Whether the recorder records every supported resource type (classic flag or the newer recording strategy). */
export function recordsAllSupported(recorder: ConfigurationRecorder): boolean {
  const group = recorder.recordingGroup;
  if (!group) return true; // AWS's default recording group records all supported types.
  const strategy = group.recordingStrategy?.useOnly;
  if (strategy) return strategy === 'ALL_SUPPORTED_RESOURCE_TYPES';
  return group.allSupported !== false;
}

interface RecorderVerdict {
  name: string;
  problems: string[];
  evidence: Record<string, unknown>;
}

function judge(recorder: ConfigurationRecorder, status: ConfigurationRecorderStatus | undefined): RecorderVerdict {
  const problems: string[] = [];
  if (!status?.recording) problems.push('is not recording');
  if (status?.lastStatus === 'Failure') problems.push(`last recording attempt failed${status.lastErrorCode ? ` (${status.lastErrorCode})` : ''}`);
  if (!recordsAllSupported(recorder)) problems.push('does not record all supported resource types');
  return {
    name: recorder.name ?? 'default',
    problems,
    evidence: {
      name: recorder.name,
      recording: status?.recording ?? false,
      lastStatus: status?.lastStatus ?? null,
      lastErrorCode: status?.lastErrorCode ?? null,
      allSupported: recordsAllSupported(recorder),
      includeGlobalResourceTypes: recorder.recordingGroup?.includeGlobalResourceTypes ?? false,
      recordingStrategy: recorder.recordingGroup?.recordingStrategy?.useOnly ?? null,
    },
  };
}

export const configRecorderEnabled = defineCheck({
  id: 'config-recorder-enabled',
  title: 'AWS Config is not recording in the region',
  service: 'config',
  scope: 'regional',
  severity: 'critical',
  // FSBP Config.1 is not claimed: it also requires the service-linked role for recording, which this check does not test.
  frameworks: [cis30('3.3')],
  reads: ['config.recorders', 'config.recorderStatuses'],
  remediation: {
    text: 'Set up AWS Config in the region with a recorder for all supported resource types and a delivery channel, and start it. Record global resource types (IAM) in one region only, to avoid duplicate configuration items.',
    url: 'https://docs.aws.amazon.com/config/latest/developerguide/gs-console.html',
  },
  async evaluate(ctx) {
    const recorders = await ctx.config.recorders();
    if (recorders.length === 0) {
      return [accountResult(ctx, 'FAIL', `Account ${ctx.accountId} has no AWS Config recorder in ${ctx.region}.`, { recorders: [] })];
    }
    const statuses = await ctx.config.recorderStatuses();
    const verdicts = recorders.map((r) => judge(r, statuses.find((s) => s.name === r.name)));
    const good = verdicts.find((v) => v.problems.length === 0);
    // Global resource types are reported, not required, per region: AWS recommends recording them in one region.
    const globalRecorded = verdicts.some((v) => v.evidence.includeGlobalResourceTypes === true);
    const evidence = { recorders: verdicts.map((v) => v.evidence), globalResourceTypesRecordedHere: globalRecorded };
    if (good) {
      return [accountResult(ctx, 'PASS', `AWS Config recorder ${good.name} of account ${ctx.accountId} records all supported resource types in ${ctx.region}${globalRecorded ? ', including global resource types.' : ' (global resource types are recorded elsewhere or not at all).'}`, evidence)];
    }
    return [accountResult(ctx, 'FAIL', `AWS Config in ${ctx.region} of account ${ctx.accountId} is not recording fully: ${verdicts.map((v) => `recorder ${v.name} ${v.problems.join(' and ')}`).join('; ')}.`, evidence)];
  },
});
