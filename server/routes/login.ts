// GET /login, POST /login, POST /logout: browsers sign in with an API token and get a session
// cookie, so report links from tickets and the weekly email open without an Authorization header.
import formbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { matchToken, wellFormedToken, type TokenEntry } from '../auth.js';
import { LOGIN_CSP, renderLoginPage, type LoginPageOptions } from '../login-page.js';
import { nextOrDefault } from '../next-path.js';
import { SESSION_COOKIE, type SessionCodec } from '../session.js';
import { crossOrigin, readSession, sessionCookieOptions, sessionCookieValue } from '../session-http.js';
import { routes } from '../type-provider.js';

export interface LoginRouteOptions {
  tokens: readonly TokenEntry[];
  sessions: SessionCodec;
  /** The service's rate limit, applied per client address (a sign-in carries no bearer token). */
  rateLimit: { max: number; timeWindowMs: number };
}

const REJECTED = 'That token was not accepted. Check that you pasted the whole token and try again.';

// Loose, and no character rules: a bad token or next gets the page's own answer (401, or next
// falls back to /report), never a JSON 400 in a browser.
const bodySchema = z
  .looseObject({
    token: z.string().max(4096).optional(),
    next: z.string().max(4096).optional(),
  })
  .nullable();

export const loginRoutes = routes<LoginRouteOptions>(async (app, opts) => {
  const { tokens, sessions } = opts;
  const ttlHours = Math.round((sessions.ttlMs / 3_600_000) * 10) / 10;
  // Forms post urlencoded bodies; only these routes accept them.
  await app.register(formbody, { bodyLimit: 16 * 1024 });

  const rateLimit = { max: opts.rateLimit.max, timeWindow: opts.rateLimit.timeWindowMs, keyGenerator: (r: FastifyRequest) => `login:${r.ip}` };

  function page(reply: FastifyReply, status: number, options: Omit<LoginPageOptions, 'ttlHours'>): FastifyReply {
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', LOGIN_CSP)
      // Instead of helmet's no-referrer: with it a browser sends "Origin: null" for this page's own
      // forms, which sign-in and sign-out refuse. Other sites still get no referrer.
      .header('referrer-policy', 'same-origin')
      .header('cache-control', 'no-store')
      .send(renderLoginPage({ ...options, ttlHours }));
  }

  function refuseCrossSite(reply: FastifyReply, next: string): FastifyReply {
    return page(reply, 403, { next, error: 'This form was sent from another site, so it was ignored. Sign in from this page instead.' });
  }

  app.get(
    '/login',
    {
      config: { access: 'open' },
      schema: {
        tags: ['browser'],
        summary: 'Sign-in page for browsers (HTML form asking for an API token)',
        security: [],
        querystring: z.looseObject({
          next: z.string().max(4096).optional().describe('Same-origin path to return to after signing in (default /report).'),
          'signed-out': z.string().max(8).optional(),
        }),
      },
    },
    async (request, reply) => {
      const next = nextOrDefault(request.query.next);
      const session = readSession(request, sessions);
      const stale = !session && sessionCookieValue(request) !== undefined;
      const notice = request.query['signed-out'] !== undefined ? 'You have signed out.' : stale ? 'Your session has ended. Sign in again to continue.' : undefined;
      return page(reply, 200, { next, notice, signedInAs: session?.role });
    },
  );

  app.post(
    '/login',
    {
      config: { access: 'open', rateLimit },
      schema: {
        tags: ['browser'],
        summary: 'Sign in with an API token: sets the session cookie and redirects (303) to `next`',
        security: [],
        consumes: ['application/x-www-form-urlencoded'],
        body: bodySchema,
      },
    },
    async (request, reply) => {
      const next = nextOrDefault(request.body?.next);
      if (crossOrigin(request)) return refuseCrossSite(reply, next);
      const token = (request.body?.token ?? '').trim();
      if (token === '') return page(reply, 400, { next, error: 'Enter an API token.' });
      // The same check as the bearer header: the token's sha256 against every configured entry.
      const entry = wellFormedToken(token) ? matchToken(tokens, token) : null;
      if (!entry) {
        request.log.info({ outcome: 'rejected' }, 'browser sign-in');
        return page(reply.header('www-authenticate', 'Bearer realm="orgscan"'), 401, { next, error: REJECTED });
      }
      const session = sessions.issue(entry);
      request.log.info({ outcome: 'accepted', role: entry.role, expiresAt: session.expiresAt.toISOString() }, 'browser sign-in');
      return reply
        .setCookie(SESSION_COOKIE, session.value, sessionCookieOptions(request, Math.floor(sessions.ttlMs / 1000)))
        .header('cache-control', 'no-store')
        .redirect(next, 303);
    },
  );

  app.post(
    '/logout',
    {
      config: { access: 'open', rateLimit },
      schema: { tags: ['browser'], summary: 'Sign out: clears the session cookie and redirects (303) to /login', security: [] },
    },
    async (request, reply) => {
      if (crossOrigin(request)) return refuseCrossSite(reply, nextOrDefault(undefined));
      return reply
        .clearCookie(SESSION_COOKIE, sessionCookieOptions(request))
        .header('cache-control', 'no-store')
        .redirect('/login?signed-out=1', 303);
    },
  );
});
