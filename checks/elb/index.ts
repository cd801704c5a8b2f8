// The elb checks, in report order.
import { elbIdle } from './elb-idle.js';

export const elbChecks = [elbIdle] as const;
