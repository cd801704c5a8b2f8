// One error shape for every non-2xx answer: { statusCode, error, message }.
import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify';
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

export const errorBodySchema = {
  $id: 'Error',
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;

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

/** Names the offending property for ajv errors that only say "must NOT have additional properties". */
export function formatValidationErrors(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const parts = errors.map((e) => {
    const path = `${dataVar}${e.instancePath.replace(/\//g, '.')}`;
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'additionalProperties') return `${path}: unknown field "${String(params.additionalProperty)}"`;
    if (e.keyword === 'required') return `${path}: missing required field "${String(params.missingProperty)}"`;
    if (e.keyword === 'enum') return `${path} ${e.message} (${(params.allowedValues as unknown[]).join(', ')})`;
    return `${path} ${e.message ?? 'is invalid'}`;
  });
  return new HttpError(400, parts.join('; '));
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
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
