// The config checks, in report order.
import { configRecorderEnabled } from './config-recorder-enabled.js';

export const configChecks = [
  configRecorderEnabled,
] as const;
