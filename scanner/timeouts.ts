// Bounded time for every AWS call: connection and request timeouts that abort the request (the
// SDK's handler only warns on a request timeout unless told to throw), few retries of a timed-out
// attempt, and a per-unit deadline that aborts whatever the unit still has in flight.
import { AdaptiveRetryStrategy } from '@smithy/core/retry';
import type { HttpHandler, HttpRequest, HttpResponse } from '@smithy/protocol-http';
import type { HttpHandlerOptions, RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';
import type { AwsEnvironment } from './types.js';

export interface AwsTimeouts {
  /** TCP (and TLS) connection set-up. */
  connectMs: number;
  /** From sending a request to its response headers; the attempt is aborted after it. */
  requestMs: number;
  /** Inactivity while a response body streams in. */
  socketIdleMs: number;
  /** Attempts of one call that may end in a timeout before the call fails (throttling keeps its own retries). */
  timeoutAttempts: number;
  /** Longest time one (account, region) unit may run; what is still open then is aborted and reported ERROR. */
  unitMs: number;
}

export const DEFAULT_TIMEOUTS: AwsTimeouts = {
  connectMs: 5_000,
  requestMs: 30_000,
  socketIdleMs: 30_000,
  timeoutAttempts: 3,
  unitMs: 15 * 60_000,
};

/** Environment variables that override the defaults (whole milliseconds; attempts as a count). */
export const TIMEOUT_ENV = {
  connectMs: 'ORGSCAN_AWS_CONNECT_TIMEOUT_MS',
  requestMs: 'ORGSCAN_AWS_REQUEST_TIMEOUT_MS',
  socketIdleMs: 'ORGSCAN_AWS_SOCKET_TIMEOUT_MS',
  timeoutAttempts: 'ORGSCAN_AWS_TIMEOUT_ATTEMPTS',
  unitMs: 'ORGSCAN_UNIT_DEADLINE_MS',
} as const satisfies Record<keyof AwsTimeouts, string>;

export class TimeoutConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutConfigError';
  }
}

/** The scan's timeouts: the environment object's, else the ORGSCAN_* variables, else the defaults. */
export function resolveTimeouts(env: AwsEnvironment, vars: NodeJS.ProcessEnv = process.env): AwsTimeouts {
  const out = { ...DEFAULT_TIMEOUTS };
  for (const key of Object.keys(DEFAULT_TIMEOUTS) as (keyof AwsTimeouts)[]) {
    const given = env.timeouts?.[key];
    const text = vars[TIMEOUT_ENV[key]];
    if (given !== undefined) out[key] = given;
    else if (text !== undefined && text !== '') {
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1) throw new TimeoutConfigError(`${TIMEOUT_ENV[key]} must be a whole number above 0, got ${JSON.stringify(text)}`);
      out[key] = n;
    }
    if (!Number.isFinite(out[key]) || out[key] < 1) throw new TimeoutConfigError(`timeout ${key} must be a positive number, got ${out[key]}`);
  }
  return out;
}

export function isTimeoutError(err: unknown): boolean {
  const e = (err ?? {}) as { name?: string; code?: string };
  return e.name === 'TimeoutError' || e.code === 'ETIMEDOUT';
}

/**
 * The SDK's adaptive strategy (client-side rate limiting, backoff for throttling), except that a call
 * whose attempts keep timing out gives up after `timeoutAttempts`: an endpoint that accepts and never
 * answers costs a few request timeouts, not eight of them plus backoff.
 */
export class TimeoutBoundedRetryStrategy implements RetryStrategyV2 {
  private readonly inner: AdaptiveRetryStrategy;

  constructor(maxAttempts: number, private readonly timeoutAttempts: number) {
    this.inner = new AdaptiveRetryStrategy(async () => maxAttempts);
  }

  acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    // getRetryCount() is the retries made so far: this failed attempt is number count + 1.
    if (isTimeoutError(errorInfo.error) && token.getRetryCount() + 1 >= this.timeoutAttempts) {
      return Promise.reject(new Error('no retry after the last allowed timeout'));
    }
    return this.inner.refreshRetryTokenForRetry(token as StandardRetryToken, errorInfo);
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token as StandardRetryToken);
  }
}

/** The Node handler options that make every timeout abort its request. */
export function handlerTimeouts(t: AwsTimeouts) {
  return {
    connectionTimeout: t.connectMs,
    requestTimeout: t.requestMs,
    // Without it the handler logs a warning at requestTimeout and keeps waiting.
    throwOnRequestTimeout: true,
    socketTimeout: t.socketIdleMs,
  };
}

/**
 * A request handler whose requests are aborted when `signal` fires (a unit's deadline); the clients
 * of one unit share it, every other setting is the scan's handler's.
 */
export function abortableHandler(inner: HttpHandler<any>, signal: AbortSignal): HttpHandler<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    handle(request: HttpRequest, options: HttpHandlerOptions = {}): Promise<{ response: HttpResponse }> {
      return inner.handle(request, { ...options, abortSignal: options.abortSignal ?? signal });
    },
    updateHttpClientConfig(key: never, value: never) {
      inner.updateHttpClientConfig(key, value);
    },
    httpHandlerConfigs() {
      return inner.httpHandlerConfigs();
    },
    destroy() {
      // The scan's handler outlives the unit: nothing to release here.
    },
  } as HttpHandler<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Why a unit stopped: its deadline passed with checks still waiting on AWS. */
export class UnitDeadlineError extends Error {
  constructor(accountId: string, region: string, ms: number) {
    super(`the unit ${accountId}/${region} did not finish within its deadline of ${formatMs(ms)} (${TIMEOUT_ENV.unitMs}); its open AWS requests were aborted`);
    this.name = 'UnitDeadlineExceeded';
  }
}

export function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
