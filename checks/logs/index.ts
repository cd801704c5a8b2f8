// The logs checks, in report order.
import { logsGroupNoRetention } from './logs-group-no-retention.js';

export const logsChecks = [logsGroupNoRetention] as const;
