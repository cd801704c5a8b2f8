// The fastify application: security plugins, authentication, OpenAPI, and the routes.
import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ScanRequest } from '../scanner/types.js';
import type { Store } from '../store/types.js';
import { authenticate, bearerToken, roleAllows, type Role, type TokenEntry } from './auth.js';
import { errorBody, errorBodySchema, formatValidationErrors, installErrorHandlers } from './errors.js';
import type { ServiceMetrics } from './metrics.js';
import type { ScanManager } from './scan-manager.js';
import type { SuppressionSource } from './suppression-source.js';
import { checkRoutes } from './routes/checks.js';
import { findingRoutes } from './routes/findings.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { scanRoutes } from './routes/scans.js';
import { suppressionRoutes } from './routes/suppressions.js';
import { registerReportRoutes } from './routes/report-registration.js';

/** Who may call a route: `open` (no token), `reader` (GET), `operator` (start/cancel scans, suppressions). */
export type Access = 'open' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    role?: Role;
  }
}

export interface ServiceDeps {
  store: Store;
  manager: ScanManager;
  /** The configured scope; requests narrow it. */
  baseRequest: ScanRequest;
  organizationAccounts: () => Promise<string[]>;
  metrics: ServiceMetrics;
  suppressions: SuppressionSource;
  now: () => Date;
}

export interface AppOptions extends ServiceDeps {
  tokens: readonly TokenEntry[];
  /** fastify logger option or a pino instance (`loggerInstance`). */
  logger?: FastifyServerOptions['logger'];
  loggerInstance?: FastifyServerOptions['loggerInstance'];
  /** Requests per token (or per IP without a token) per window. Default 300 per minute. */
  rateLimit?: { max: number; timeWindowMs: number } | undefined;
  /** Default 64 KiB. */
  bodyLimit?: number | undefined;
  /** Default 30 s. */
  requestTimeoutMs?: number | undefined;
}

const OPEN_PREFIXES = ['/docs', '/openapi.json'];

function rateLimitKey(authorization: string | undefined, ip: string): string {
  // Keyed by a hash of the presented token, so the limiter never holds the token itself.
  return authorization ? `t:${createHash('sha256').update(authorization).digest('hex').slice(0, 32)}` : `ip:${ip}`;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? false }),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    connectionTimeout: options.requestTimeoutMs ?? 30_000,
    // A rejected unknown field is a clearer answer than a silently dropped one.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
    schemaErrorFormatter: formatValidationErrors,
  });
  installErrorHandlers(app);
  app.addSchema(errorBodySchema);

  await app.register(helmet, { global: true });
  await app.register(rateLimit, {
    global: true,
    max: options.rateLimit?.max ?? 300,
    timeWindow: options.rateLimit?.timeWindowMs ?? 60_000,
    keyGenerator: (request) => rateLimitKey(request.headers.authorization, request.ip),
    errorResponseBuilder: (_request, context) => ({
      ...errorBody(429, `rate limit of ${context.max} requests per ${context.after === '1 minute' ? 'minute' : 'window'} exceeded; retry in ${context.after}`),
    }),
  });

  const tokens = options.tokens;
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const access: Access = request.routeOptions.config?.access ?? (OPEN_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`)) ? 'open' : 'reader');
    if (access === 'open') return;
    const token = bearerToken(request.headers.authorization);
    const role = token ? authenticate(tokens, token) : null;
    if (!role) {
      void reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="orgscan"')
        .send(errorBody(401, token ? 'the bearer token is not valid' : 'missing bearer token: send "Authorization: Bearer <token>"'));
      return reply;
    }
    if (!roleAllows(role, access)) {
      void reply.code(403).send(errorBody(403, `this request needs the ${access} role; the token has the ${role} role`));
      return reply;
    }
    request.role = role;
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'orgscan',
        version: '0.1.0',
        description: 'Live compliance and waste scanner for AWS Organizations: scans, findings, diffs and reports.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true }, config: { access: 'open' } }, async () => app.swagger());

  const deps: ServiceDeps = {
    store: options.store,
    manager: options.manager,
    baseRequest: options.baseRequest,
    organizationAccounts: options.organizationAccounts,
    metrics: options.metrics,
    suppressions: options.suppressions,
    now: options.now,
  };
  await app.register(healthRoutes, deps);
  await app.register(metricsRoutes, deps);
  await app.register(checkRoutes, deps);
  await app.register(scanRoutes, deps);
  await app.register(findingRoutes, deps);
  await app.register(suppressionRoutes, deps);
  await registerReportRoutes(app, options.store);
  return app;
}
