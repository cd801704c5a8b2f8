// The fastify application: security plugins, authentication, OpenAPI, and the routes.
import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
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
import { loginRoutes } from './routes/login.js';
import { createSessionCodec, loadSessionSecret, type SessionCodec } from './session.js';
import { isSafeMethod, readSession, sessionCookieValue, wantsHtml } from './session-http.js';

/** Who may call a route: `open` (no token), `reader` (GET), `operator` (start/cancel scans, suppressions). */
export type Access = 'open' | Role;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    role?: Role;
    /** How the caller proved its role: the Authorization header, or the browser's session cookie. */
    authVia?: 'bearer' | 'session';
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
  /** Key for signing browser session cookies; default ORGSCAN_SESSION_SECRET or a per-process random key. */
  sessionSecret?: Buffer | undefined;
  /** Lifetime of a browser session. Default 12 hours. */
  sessionTtlMs?: number | undefined;
}

const OPEN_PREFIXES = ['/docs', '/openapi.json'];

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

function rateLimitKey(request: FastifyRequest, sessions: SessionCodec): string {
  // Keyed by a hash of the presented token or session, so the limiter never holds either itself.
  const authorization = request.headers.authorization;
  if (authorization) return `t:${digest(authorization)}`;
  // Only a genuine session gets a bucket of its own; made-up cookies share their address's.
  if (readSession(request, sessions)) return `s:${digest(sessionCookieValue(request)!)}`;
  return `ip:${request.ip}`;
}

/** A browser without credentials goes to the sign-in page and comes back here; API clients get the JSON 401. */
function unauthenticated(request: FastifyRequest, reply: FastifyReply, message: string): FastifyReply {
  if (request.headers.authorization === undefined && isSafeMethod(request.method) && wantsHtml(request)) {
    return reply.code(303).header('cache-control', 'no-store').redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
  }
  return reply.code(401).header('www-authenticate', 'Bearer realm="orgscan"').send(errorBody(401, message));
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
  const now = options.now;
  const sessions = createSessionCodec({ secret: options.sessionSecret ?? loadSessionSecret(), tokens: options.tokens, now, ttlMs: options.sessionTtlMs });
  // Parses cookies in its onRequest hook, which must run before the rate limiter's and ours.
  await app.register(cookie, { hook: 'onRequest' });
  const limit = { max: options.rateLimit?.max ?? 300, timeWindowMs: options.rateLimit?.timeWindowMs ?? 60_000 };
  await app.register(rateLimit, {
    global: true,
    max: limit.max,
    timeWindow: limit.timeWindowMs,
    keyGenerator: (request) => rateLimitKey(request, sessions),
    errorResponseBuilder: (_request, context) => ({
      ...errorBody(429, `rate limit of ${context.max} requests per ${context.after === '1 minute' ? 'minute' : 'window'} exceeded; retry in ${context.after}`),
    }),
  });

  const tokens = options.tokens;
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const access: Access = request.routeOptions.config?.access ?? (OPEN_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`)) ? 'open' : 'reader');
    if (access === 'open') return;
    const authorization = request.headers.authorization;
    let role: Role | null = null;
    if (authorization !== undefined) {
      const token = bearerToken(authorization);
      role = token ? authenticate(tokens, token) : null;
      if (!role) {
        return unauthenticated(request, reply, token ? 'the bearer token is not valid' : 'missing bearer token: send "Authorization: Bearer <token>"');
      }
      request.authVia = 'bearer';
    } else if (isSafeMethod(request.method)) {
      role = readSession(request, sessions)?.role ?? null;
      if (!role) return unauthenticated(request, reply, 'missing bearer token: send "Authorization: Bearer <token>"');
      request.authVia = 'session';
    } else {
      // A browser attaches the session cookie to any request, including one a hostile page makes it
      // send (CSRF). So the cookie only reads; starting or cancelling scans and changing suppressions
      // need the Authorization header, which no other site can make a browser add.
      const message =
        sessionCookieValue(request) !== undefined
          ? `${request.method} requests need "Authorization: Bearer <token>"; the browser session is accepted only for GET and HEAD`
          : 'missing bearer token: send "Authorization: Bearer <token>"';
      return unauthenticated(request, reply, message);
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
        description:
          'Live compliance and waste scanner for AWS Organizations: scans, findings, diffs and reports. ' +
          'Browsers may sign in at /login instead; their session cookie is accepted for GET and HEAD only.',
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
  await app.register(loginRoutes, { tokens, sessions, rateLimit: limit });
  await registerReportRoutes(app, { store: options.store, suppressions: options.suppressions, now: options.now });
  return app;
}
