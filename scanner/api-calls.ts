// Instrumentation shared by every SDK client of a scan: a bound on requests in flight,
// and counters of logical calls, attempts (retries) and throttling answers.
import type { LimitFunction } from 'p-limit';
import type { Pluggable } from '@smithy/types';
import type { ApiCallStats } from '../checks/types.js';
import { isThrottlingError } from './errors.js';

export interface ApiCallListener {
  (service: string, operation: string): void;
}

export class ApiCallRecorder {
  total = 0;
  attempts = 0;
  throttled = 0;
  readonly byOperation = new Map<string, number>();

  record(service: string, operation: string): void {
    this.total += 1;
    const key = `${service}:${operation}`;
    this.byOperation.set(key, (this.byOperation.get(key) ?? 0) + 1);
  }

  stats(): ApiCallStats {
    return {
      total: this.total,
      throttled: this.throttled,
      retries: Math.max(0, this.attempts - this.total),
      byOperation: Object.fromEntries([...this.byOperation.entries()].sort(([a], [b]) => a.localeCompare(b))),
    };
  }
}

interface HandlerContext {
  clientName?: string;
  commandName?: string;
}

const serviceName = (context: HandlerContext): string => (context.clientName ?? 'Unknown').replace(/Client$/, '');
const operationName = (context: HandlerContext): string => (context.commandName ?? 'Unknown').replace(/Command$/, '');

/**
 * A plugin for SDK clients: counts each logical call once (initialize step, outside retries),
 * and each attempt inside the retry loop, where it also takes a slot of the scan-wide limiter.
 */
export function instrumentationPlugin(recorder: ApiCallRecorder, limit: LimitFunction, listener?: ApiCallListener): Pluggable<any, any> {
  return {
    applyToStack(stack) {
      stack.add(
        (next, context: HandlerContext) => async (args) => {
          const service = serviceName(context);
          const operation = operationName(context);
          recorder.record(service, operation);
          listener?.(service, operation);
          return next(args);
        },
        { step: 'initialize', name: 'orgscanCountCalls', override: true },
      );
      stack.add(
        (next) => async (args) =>
          limit(async () => {
            recorder.attempts += 1;
            try {
              return await next(args);
            } catch (err) {
              if (isThrottlingError(err)) recorder.throttled += 1;
              throw err;
            }
          }),
        { step: 'finalizeRequest', priority: 'low', name: 'orgscanLimitAttempts', override: true },
      );
    },
  };
}
