import type { CheckResult } from '../types.js';
import { defineCheck } from '../define.js';
import { configRule } from '../frameworks/index.js';

interface AlarmLike {
  AlarmName?: string | undefined;
  AlarmArn?: string | undefined;
  ActionsEnabled?: boolean | undefined;
  AlarmActions?: string[] | undefined;
  OKActions?: string[] | undefined;
  InsufficientDataActions?: string[] | undefined;
  StateValue?: string | undefined;
}

/** What keeps an alarm from notifying anyone when it fires; empty when nothing is missing. */
export function missingAlarmActions(alarm: AlarmLike): string[] {
  const missing: string[] = [];
  // The API omits ActionsEnabled only for malformed data; absent means AWS's default (enabled).
  if (alarm.ActionsEnabled === false) missing.push('actions are disabled (ActionsEnabled=false)');
  if ((alarm.AlarmActions ?? []).length === 0) missing.push('no action for the ALARM state');
  return missing;
}

function judge(alarm: AlarmLike, kind: 'metric' | 'composite'): CheckResult {
  const name = alarm.AlarmName ?? 'unknown';
  const missing = missingAlarmActions(alarm);
  const evidence = {
    alarmType: kind,
    actionsEnabled: alarm.ActionsEnabled ?? null,
    alarmActions: alarm.AlarmActions ?? [],
    okActions: alarm.OKActions ?? [],
    insufficientDataActions: alarm.InsufficientDataActions ?? [],
    stateValue: alarm.StateValue ?? null,
    missing,
  };
  const base = {
    resourceType: kind === 'metric' ? 'AWS::CloudWatch::Alarm' : 'AWS::CloudWatch::CompositeAlarm',
    resourceId: name,
    resourceArn: alarm.AlarmArn ?? null,
    evidence,
  };
  const label = kind === 'metric' ? 'Alarm' : 'Composite alarm';
  if (missing.length === 0) {
    return { ...base, status: 'PASS', message: `${label} ${name} has ${evidence.alarmActions.length} enabled ALARM action(s).` };
  }
  const otherOnly =
    evidence.alarmActions.length === 0 && (evidence.okActions.length > 0 || evidence.insufficientDataActions.length > 0)
      ? ' (its OK/INSUFFICIENT_DATA actions do not fire when it goes into ALARM)'
      : '';
  return {
    ...base,
    status: 'FAIL',
    message: `${label} ${name} notifies nobody when it fires: ${missing.join('; ')}${otherOnly}.`,
  };
}

export const cloudwatchAlarmNoAction = defineCheck({
  id: 'cloudwatch-alarm-no-action',
  title: 'CloudWatch alarm has no enabled action for the ALARM state',
  service: 'cloudwatch',
  scope: 'regional',
  severity: 'low',
  // cloudwatch-alarm-action-check is not claimed: by default it also requires an INSUFFICIENT_DATA action.
  frameworks: [configRule('cloudwatch-alarm-action-enabled-check')],
  reads: ['cloudwatch.alarms'],
  remediation: {
    text:
      'Add an ALARM-state action (for example an SNS topic that reaches the owning team) and make sure actions ' +
      'are enabled; delete alarms nobody needs.',
    url: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-actions',
  },
  async evaluate(ctx) {
    const { metricAlarms, compositeAlarms } = await ctx.cloudwatch.alarms();
    return [...metricAlarms.map((a) => judge(a, 'metric')), ...compositeAlarms.map((a) => judge(a, 'composite'))];
  },
});
