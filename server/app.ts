// The fastify application: security plugins, authentication, OpenAPI, and the routes.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { ScanRequest } from '../scanner/types.js';
import type { Store } from '../store/types.js';
import type { TokenEntry } from './auth.js';
import authPlugin, { rateLimitKey, requireAccess } from './auth-plugin.js';
import { errorBody, formatValidationErrors, installErrorHandlers } from './errors.js';
import type { ServiceMetrics } from './metrics.js';
import type { ScanManager } from './scan-manager.js';
import type { SuppressionSource } from './suppression-source.js';
import { checkRoutes } from './routes/checks.js';
import { findingRoutes } from './routes/findings.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { scanRoutes } from './routes/scans.js';
import { suppressionRoutes } from './routes/suppressions.js';
import { ownershipRoutes } from './routes/ownership.js';
import type { OwnershipSource } from './ownership-source.js';
import { registerReportRoutes } from './routes/report-registration.js';
import { loginRoutes } from './routes/login.js';
import { createSessionCodec, loadSessionSecret } from './session.js';
import type { TrustProxy } from './trust-proxy.js';
import { openApiTransforms } from './type-provider.js';

export type { Access } from './auth-plugin.js';

export interface ServiceDeps {
  store: Store;
  manager: ScanManager;
  /** The configured scope; requests narrow it. */
  baseRequest: ScanRequest;
  organizationAccounts: () => Promise<string[]>;
  metrics: ServiceMetrics;
  suppressions: SuppressionSource;
  /** Teams, routing rules (file or API) and sinks. */
  ownership: OwnershipSource;
  now: () => Date;
}

export interface AppOptions extends ServiceDeps {
  tokens: readonly TokenEntry[];
  /** fastify logger option or a pino instance (`loggerInstance`). */
  logger?: FastifyServerOptions['logger'];
  loggerInstance?: FastifyServerOptions['loggerInstance'];
  /** Requests per authenticated principal (valid token or session), else per client address, per window. Default 300 per minute. */
  rateLimit?: { max: number; timeWindowMs: number } | undefined;
  /** Default 64 KiB. */
  bodyLimit?: number | undefined;
  /** Default 30 s. */
  requestTimeoutMs?: number | undefined;
  /** Key for signing browser session cookies; default ORGSCAN_SESSION_SECRET or a per-process random key. */
  sessionSecret?: Buffer | undefined;
  /** Lifetime of a browser session. Default 12 hours. */
  sessionTtlMs?: number | undefined;
  /** Proxies whose X-Forwarded-For gives the client address (ORGSCAN_TRUST_PROXY); default none. */
  trustProxy?: TrustProxy | undefined;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? false }),
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    connectionTimeout: options.requestTimeoutMs ?? 30_000,
    schemaErrorFormatter: formatValidationErrors,
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  });
  installErrorHandlers(app, { notFound: requireAccess('reader') });

  await app.register(helmet, { global: true });
  const now = options.now;
  const sessions = createSessionCodec({ secret: options.sessionSecret ?? loadSessionSecret(), tokens: options.tokens, now, ttlMs: options.sessionTtlMs });
  // Parses cookies in its onRequest hook, which must run before the rate limiter's and ours.
  await app.register(cookie, { hook: 'onRequest' });
  const limit = { max: options.rateLimit?.max ?? 300, timeWindowMs: options.rateLimit?.timeWindowMs ?? 60_000 };
  await app.register(rateLimit, {
    global: true,
    max: limit.max,
    timeWindow: limit.timeWindowMs,
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) => ({
      ...errorBody(429, `rate limit of ${context.max} requests per ${context.after === '1 minute' ? 'minute' : 'window'} exceeded; retry in ${context.after}`),
    }),
  });

  // Identifies the caller before the limiter keys on it; checks each route's access after it counted.
  await app.register(authPlugin, { tokens: options.tokens, sessions });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'orgscan',
        version: '0.1.0',
        description:
          'Live compliance and waste scanner for AWS Organizations: scans, findings, diffs and reports. ' +
          'Browsers may sign in at /login instead; their session cookie is accepted for GET and HEAD only.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    ...openApiTransforms,
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
    ownership: options.ownership,
    now: options.now,
  };
  // One pattern: each routes module is a plugin (see type-provider.ts) registered here.
  await app.register(healthRoutes, deps);
  await app.register(metricsRoutes, deps);
  await app.register(checkRoutes, deps);
  await app.register(scanRoutes, deps);
  await app.register(findingRoutes, deps);
  await app.register(suppressionRoutes, deps);
  await app.register(ownershipRoutes, deps);
  // Report builds take a slot of the report gate (a bounded number at once; more get 429 with Retry-After).
  await registerReportRoutes(app, { store: options.store, suppressions: options.suppressions, now: options.now });
  await app.register(loginRoutes, { tokens: options.tokens, sessions, rateLimit: limit });
  return app;
}
