// Authentication and authorization as one plugin. Every request is first identified (bearer token
// or browser session) so the rate limiter can key on the principal; each route then checks its
// `access` level (route config) after the limiter has counted the request, so rejected requests
// are limited too.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { bearerToken, matchToken, roleAllows, type Role, type TokenEntry, type TokenScope } from './auth.js';
import { errorBody } from './errors.js';
import type { SessionCodec } from './session.js';
import { isSafeMethod, readSession, wantsHtml } from './session-http.js';

/** Who may call a route: `open` (no token), `reader` (GET), `operator` (start/cancel scans, suppressions). */
export type Access = 'open' | Role;

/** An authenticated caller. `key` names it for the rate limiter without holding its secret. */
export interface Principal {
  role: Role;
  via: 'bearer' | 'session';
  key: string;
  /** A scoped reader: it sees only these teams' (or OU paths') findings. */
  scope?: TokenScope | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The caller, when its token or session is valid. */
    principal?: Principal | undefined;
    /** Why an Authorization header was not accepted. */
    authFailure?: string | undefined;
    role?: Role;
    /** Set for a scoped reader token (or a session opened with one): what it may see. */
    scope?: TokenScope | undefined;
    /** How the caller proved its role: the Authorization header, or the browser's session cookie. */
    authVia?: 'bearer' | 'session';
  }
}

export interface AuthPluginOptions {
  tokens: readonly TokenEntry[];
  sessions: SessionCodec;
}

/** The routes a scoped reader may call; each narrows its answer to the token's scope (server/token-scope.ts). */
const SCOPE_AWARE_ROUTES = new Set(['/findings', '/scans', '/scans/:id', '/scans/:id/findings', '/scans/:id/report', '/report', '/checks', '/teams']);

/** Routes under these paths are open unless their config says otherwise (the API's documentation). */
const OPEN_PREFIXES = ['/docs', '/openapi.json'];
const MISSING = 'missing bearer token: send "Authorization: Bearer <token>"';


/** A route's access level: its config, else open for the documentation and reader for everything else. */
export function routeAccess(url: string, configured: Access | undefined): Access {
  if (configured) return configured;
  return OPEN_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`)) ? 'open' : 'reader';
}

/**
 * The rate limiter's bucket: the configured token entry (its SHA-256, never the token) of a valid bearer
 * token, however its header is spelled, or of the token a valid session was opened with, so sign-ins
 * cannot multiply a token's buckets; anything else, made-up tokens and cookies included, shares its
 * client address's.
 */
export function rateLimitKey(request: FastifyRequest): string {
  return request.principal?.key ?? `ip:${request.ip}`;
}

function identify(request: FastifyRequest, { tokens, sessions }: AuthPluginOptions): void {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const token = bearerToken(authorization);
    const entry = token ? matchToken(tokens, token) : null;
    // Keyed by the token's entry, so its sessions (however many sign-ins) share the token's bucket.
    if (entry) request.principal = { role: entry.role, via: 'bearer', key: `p:${entry.hash.toString('hex')}`, scope: entry.scope };
    else request.authFailure = token ? 'the bearer token is not valid' : MISSING;
    return;
  }
  const session = readSession(request, sessions);
  // A session keeps the scope of the token it was opened with (looked up, so a token's scope change applies).
  const scope = session ? tokens.find((t) => t.hash.toString('hex') === session.principal)?.scope : undefined;
  if (session) request.principal = { role: session.role, via: 'session', key: `p:${session.principal}`, scope };
}

/** A browser without credentials goes to the sign-in page and comes back here; API clients get the JSON 401. */
function unauthenticated(request: FastifyRequest, reply: FastifyReply, message: string): FastifyReply {
  if (request.headers.authorization === undefined && isSafeMethod(request.method) && wantsHtml(request)) {
    return reply.code(303).header('cache-control', 'no-store').redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
  }
  return reply.code(401).header('www-authenticate', 'Bearer realm="orgscan"').send(errorBody(401, message));
}

/** The hook that lets a request through to a route needing `access`, or answers 401, 303 or 403. */
export function requireAccess(access: Role): onRequestHookHandler {
  return async function authorize(request, reply) {
    const principal = request.principal;
    if (!principal) return unauthenticated(request, reply, request.authFailure ?? MISSING);
    if (principal.via === 'session' && !isSafeMethod(request.method)) {
      // A browser attaches the session cookie to any request, including one a hostile page makes it
      // send (CSRF). So the cookie only reads; starting or cancelling scans and changing suppressions
      // need the Authorization header, which no other site can make a browser add.
      return unauthenticated(request, reply, `${request.method} requests need "Authorization: Bearer <token>"; the browser session is accepted only for GET and HEAD`);
    }
    if (!roleAllows(principal.role, access)) {
      return reply.code(403).send(errorBody(403, `this request needs the ${access} role; the token has the ${principal.role} role`));
    }
    request.role = principal.role;
    request.authVia = principal.via;
    request.scope = principal.scope;
    // Deny by default: a scoped reader reaches only the routes that filter what they answer to its scope.
    if (principal.scope && !SCOPE_AWARE_ROUTES.has(request.routeOptions.url ?? '')) {
      return reply.code(404).send(errorBody(404, 'not found'));
    }
  };
}

/**
 * Register after the rate limiter and before any route: its per-route hook then runs after the
 * limiter's. Unknown paths need a reader too (see `requireAccess('reader')` on the 404 handler).
 */
const authPlugin: FastifyPluginAsync<AuthPluginOptions> = async (app, options) => {
  app.addHook('onRequest', async (request) => identify(request, options));
  const hooks = { reader: requireAccess('reader'), operator: requireAccess('operator') };
  app.addHook('onRoute', (route) => {
    const access = routeAccess(route.url, route.config?.access);
    if (access === 'open') return;
    const existing = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...existing, hooks[access]];
  });
};

export default fp(authPlugin, { name: 'orgscan-auth', fastify: '5.x' });
