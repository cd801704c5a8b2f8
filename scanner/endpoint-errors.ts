// A call that cannot reach AWS fails with an error naming the service, the operation, the endpoint
// and where that endpoint came from (AWS_ENDPOINT_URL …), not only the socket's complaint.
import type { Pluggable } from '@smithy/types';

/** Node socket error codes of a request that never got an answer. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ETIMEDOUT']);

export function isNetworkFailure(err: unknown): boolean {
  const e = (err ?? {}) as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  if (e.$metadata?.httpStatusCode) return false;
  return e.name === 'TimeoutError' || e.name === 'AbortError' || (e.code !== undefined && NETWORK_CODES.has(e.code));
}

/** Where a client's endpoint comes from, as a user would look for it. */
export interface EndpointOrigin {
  /** The configured endpoint, or undefined for the SDK's regional default. */
  url: string | undefined;
  /** "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "the endpoint_url of the AWS config profile", "the scanner's endpoint setting", "the SDK's default endpoint". */
  source: string;
}

const ORIGIN_KEY = Symbol.for('orgscan.requestUrl');

function what(err: { name?: string; code?: string }): string {
  if (err.name === 'AbortError') return 'aborted the request to';
  if (err.name === 'TimeoutError' || err.code === 'ETIMEDOUT') return 'got no answer in time from';
  if (err.code === 'ECONNREFUSED') return 'could not connect to';
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return 'could not resolve the host of';
  return 'lost the connection to';
}

/**
 * Rewrites network failures of a client's calls: "EC2 DescribeVolumes got no answer in time from
 * http://127.0.0.1:4566/ (endpoint from AWS_ENDPOINT_URL): …". The error keeps its name and code.
 */
export function describeNetworkFailures(serviceId: string, origin: EndpointOrigin): Pluggable<any, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    applyToStack(stack) {
      stack.add(
        (next, context) => async (args) => {
          const r = args.request as { protocol?: string; hostname?: string; port?: number; path?: string } | undefined;
          if (r?.hostname) (context as Record<symbol, string>)[ORIGIN_KEY] = `${r.protocol ?? 'https:'}//${r.hostname}${r.port ? `:${r.port}` : ''}${r.path ?? '/'}`;
          return next(args);
        },
        { step: 'finalizeRequest', name: 'orgscanRecordRequestUrl', priority: 'low' },
      );
      stack.add(
        (next, context) => async (args) => {
          try {
            return await next(args);
          } catch (err) {
            if (isNetworkFailure(err) && err instanceof Error && !err.message.startsWith(`${serviceId} `)) {
              const url = (context as Record<symbol, string | undefined>)[ORIGIN_KEY] ?? origin.url ?? 'its default endpoint';
              const operation = String((context as { commandName?: string }).commandName ?? 'call').replace(/Command$/, '');
              err.message = `${serviceId} ${operation} ${what(err as { name?: string; code?: string })} ${url} (endpoint from ${origin.source}): ${err.message}`;
            }
            throw err;
          }
        },
        { step: 'initialize', name: 'orgscanDescribeNetworkFailures', priority: 'high' },
      );
    },
  };
}
