// One error shape for every non-2xx answer: { statusCode, error, message }.
import type { FastifyError, FastifyInstance, FastifySchemaValidationError, preHandlerHookHandler } from 'fastify';
import { UnknownCheckError } from '../checks/index.js';
import { safeErrorMessage } from '../scanner/errors.js';
import { SuppressionRuleError } from '../scanner/suppressions.js';
import { InvalidCursorError } from '../store/types.js';
import { QueueFullError } from './scan-manager.js';
import { ScopeError } from './scope.js';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The service is busy with this kind of work: 429 with a Retry-After header. */
export class BusyError extends HttpError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message);
    this.name = 'BusyError';
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);
export const conflict = (message: string) => new HttpError(409, message);

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: REASONS[statusCode] ?? 'Error', message };
}

const quoted = (values: unknown) => (Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : String(values));

/**
 * One sentence per schema issue, naming the field: `body.regions must be array`,
 * `querystring: unknown field "bogus"`, `querystring.limit must be <= 1000`.
 */
export function formatValidationErrors(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const parts = errors.map((e) => {
    const segments = e.instancePath.split('/').filter((p) => p.length > 0);
    const path = [dataVar, ...segments].join('.');
    const params = e.params as Record<string, unknown>;
    const message = e.message ?? 'is invalid';
    switch (e.keyword) {
      case 'unrecognized_keys': {
        const keys = params.keys as string[];
        return `${path}: unknown field${keys.length > 1 ? 's' : ''} ${quoted(keys)}`;
      }
      case 'invalid_type':
        if (/received undefined$/.test(message) && segments.length > 0) {
          return `${[dataVar, ...segments.slice(0, -1)].join('.')}: missing required field "${segments.at(-1)}"`;
        }
        return `${path} must be ${String(params.expected)}`;
      case 'too_big':
      case 'too_small': {
        const [bound, op] = e.keyword === 'too_big' ? [params.maximum, '<='] : [params.minimum, '>='];
        const unit = params.origin === 'string' ? ' characters' : params.origin === 'array' ? ' items' : '';
        return `${path} must be ${unit ? `${op === '<=' ? 'at most' : 'at least'} ${String(bound)}${unit}` : `${op} ${String(bound)}`}`;
      }
      case 'invalid_value':
        return `${path} must be one of ${quoted(params.values)}`;
      case 'invalid_format':
        // zod's own wording for a bare regex; our schemas give most patterns a sentence of their own.
        return /^Invalid string: must match pattern/.test(message) ? `${path} must match pattern ${String(params.pattern)}` : `${path} ${message}`;
      default:
        return `${path} ${message}`;
    }
  });
  return new HttpError(400, parts.join('; '));
}

/** `notFound.preHandler`: unknown paths answer 404 only to a caller who may read (see the auth plugin). */
export function installErrorHandlers(app: FastifyInstance, options: { notFound?: preHandlerHookHandler } = {}): void {
  app.setNotFoundHandler({ ...(options.notFound ? { preHandler: options.notFound } : {}) }, (request, reply) => {
    void reply.code(404).send(errorBody(404, `no route ${request.method} ${request.url.split('?')[0]}`));
  });
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    let status: number;
    let message: string;
    if (err instanceof BusyError || err instanceof QueueFullError) {
      [status, message] = [429, err.message];
      void reply.header('retry-after', String(err.retryAfterSeconds));
    } else if (err instanceof HttpError) {
      [status, message] = [err.statusCode, err.message];
    } else if (err instanceof ScopeError || err instanceof InvalidCursorError || err instanceof SuppressionRuleError || err instanceof UnknownCheckError) {
      [status, message] = [400, err.message];
    } else if ('validation' in err && err.validation) {
      [status, message] = [400, err.message];
    } else if ('statusCode' in err && typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      // fastify's own client errors: bad JSON, body too large, unsupported media type, rate limit.
      [status, message] = [err.statusCode, err.message];
    } else {
      status = 500;
      message = 'internal error; see the service log';
      // The stack's first line repeats the message, which is logged only in its redacted form.
      request.log.error({ err: safeErrorMessage(err), stack: err.stack?.split('\n').slice(1).join('\n') }, 'request failed');
    }
    void reply.code(status).send(errorBody(status, message));
  });
}
