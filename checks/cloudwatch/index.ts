// The cloudwatch checks, in report order.
import { cloudwatchAlarmNoAction } from './cloudwatch-alarm-no-action.js';

export const cloudwatchChecks = [
  cloudwatchAlarmNoAction,
] as const;
