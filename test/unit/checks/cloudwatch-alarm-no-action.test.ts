import type { CompositeAlarm, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { cloudwatchAlarmNoAction } from '../../../checks/cloudwatch/cloudwatch-alarm-no-action.js';
import { awsError, fakeContext, runCheck } from '../../helpers/fake-context.js';

const TOPIC = 'arn:aws:sns:us-east-1:111111111111:oncall';
const metric = (name: string, extra: Partial<MetricAlarm> = {}): MetricAlarm => ({
  AlarmName: name,
  AlarmArn: `arn:aws:cloudwatch:us-east-1:111111111111:alarm:${name}`,
  ActionsEnabled: true,
  AlarmActions: [],
  OKActions: [],
  InsufficientDataActions: [],
  StateValue: 'OK',
  ...extra,
});
const composite = (name: string, extra: Partial<CompositeAlarm> = {}): CompositeAlarm => ({
  AlarmName: name,
  AlarmArn: `arn:aws:cloudwatch:us-east-1:111111111111:alarm:${name}`,
  ActionsEnabled: true,
  AlarmActions: [],
  AlarmRule: 'ALARM(a) OR ALARM(b)',
  ...extra,
});

async function run(metricAlarms: MetricAlarm[], compositeAlarms: CompositeAlarm[] = []) {
  const ctx = fakeContext({ cloudwatch: { alarms: async () => ({ metricAlarms, compositeAlarms }) } });
  return runCheck(cloudwatchAlarmNoAction, ctx);
}

describe('cloudwatch-alarm-no-action', () => {
  it('passes an alarm with an enabled ALARM action and fails one with no action at all', async () => {
    const results = await run([metric('good', { AlarmActions: [TOPIC] }), metric('silent')]);
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['good', 'PASS'],
      ['silent', 'FAIL'],
    ]);
    expect(results[1]).toMatchObject({
      resourceType: 'AWS::CloudWatch::Alarm',
      resourceArn: 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:silent',
      evidence: { alarmType: 'metric', missing: ['no action for the ALARM state'] },
    });
  });

  it('fails an alarm whose only actions are for OK / INSUFFICIENT_DATA', async () => {
    const [r] = await run([metric('ok-only', { OKActions: [TOPIC], InsufficientDataActions: [TOPIC] })]);
    expect(r?.status).toBe('FAIL');
    expect(r?.evidence).toMatchObject({ okActions: [TOPIC], missing: ['no action for the ALARM state'] });
    expect(r?.message).toContain('OK/INSUFFICIENT_DATA actions do not fire');
  });

  it('fails an alarm with ALARM actions but actions disabled, naming what is missing', async () => {
    const [r] = await run([metric('disabled', { ActionsEnabled: false, AlarmActions: [TOPIC] })]);
    expect(r?.status).toBe('FAIL');
    expect(r?.evidence).toMatchObject({ actionsEnabled: false, alarmActions: [TOPIC], missing: ['actions are disabled (ActionsEnabled=false)'] });
  });

  it('lists both problems when actions are disabled and absent', async () => {
    const [r] = await run([metric('both', { ActionsEnabled: false })]);
    expect(r?.evidence?.missing).toEqual(['actions are disabled (ActionsEnabled=false)', 'no action for the ALARM state']);
  });

  it('judges composite alarms too', async () => {
    const results = await run([], [composite('rollup', { AlarmActions: [TOPIC] }), composite('rollup-silent')]);
    expect(results.map((r) => [r.resourceId, r.resourceType, r.status])).toEqual([
      ['rollup', 'AWS::CloudWatch::CompositeAlarm', 'PASS'],
      ['rollup-silent', 'AWS::CloudWatch::CompositeAlarm', 'FAIL'],
    ]);
    expect(results[1]?.message).toContain('Composite alarm rollup-silent');
  });

  it('propagates a denied DescribeAlarms', async () => {
    const ctx = fakeContext({ cloudwatch: { alarms: async () => Promise.reject(awsError('AccessDenied')) } });
    await expect(runCheck(cloudwatchAlarmNoAction, ctx)).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});
