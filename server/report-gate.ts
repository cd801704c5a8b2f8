// Bounds how many HTML reports are built at once. A build reads every finding of a scan and renders
// them; with the embedded store (PGlite runs in this thread) ten at 100,000 findings kept /healthz
// waiting for 10-30 s. Past the bound a request gets 429 with Retry-After at once, rather than a
// slot later: the work a waiting request would do is the work that starves the event loop.
import type { RouteHandlerMethod } from 'fastify';
import { BusyError } from './errors.js';

export const DEFAULT_MAX_REPORT_BUILDS = 2;
export const REPORT_RETRY_AFTER_SECONDS = 5;

export interface ReportGate {
  /** Runs `work` in a slot; throws BusyError (429) when every slot is taken. The slot is freed however `work` ends. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** The same, for a fastify route handler. */
  wrap(handler: RouteHandlerMethod): RouteHandlerMethod;
  /** Builds running now. */
  readonly active: number;
}

export function createReportGate(maxBuilds = DEFAULT_MAX_REPORT_BUILDS, retryAfterSeconds = REPORT_RETRY_AFTER_SECONDS): ReportGate {
  if (!Number.isInteger(maxBuilds) || maxBuilds < 1) throw new RangeError(`maxBuilds must be a whole number of at least 1, got ${maxBuilds}`);
  let active = 0;
  const gate: ReportGate = {
    async run(work) {
      if (active >= maxBuilds) {
        throw new BusyError(`${maxBuilds} reports are being built; retry in ${retryAfterSeconds} s`, retryAfterSeconds);
      }
      active++;
      try {
        return await work();
      } finally {
        active--;
      }
    },
    wrap(handler) {
      return function gated(this: ThisParameterType<RouteHandlerMethod>, request, reply) {
        return gate.run(async () => handler.call(this, request, reply));
      };
    },
    get active() {
      return active;
    },
  };
  return gate;
}
