// The session cookie on the wire: its attributes, reading it from a request, and telling browsers
// (redirect to /login) from API clients (JSON 401).
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE, type Session, type SessionCodec } from './session.js';

/**
 * Whether the browser reached us over HTTPS: directly, or through the load balancer, which
 * terminates TLS and says so in X-Forwarded-Proto. Believing a forged header here only makes the
 * forger's own cookie HTTPS-only, so it needs no trusted-proxy setting.
 */
export function requestIsHttps(request: FastifyRequest): boolean {
  if (request.protocol === 'https') return true;
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

export function sessionCookieOptions(request: FastifyRequest, maxAgeSeconds?: number): CookieSerializeOptions {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: requestIsHttps(request),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

export function sessionCookieValue(request: FastifyRequest): string | undefined {
  return request.cookies?.[SESSION_COOKIE];
}

export function readSession(request: FastifyRequest, sessions: SessionCodec): Session | null {
  return sessions.verify(sessionCookieValue(request));
}

/** A browser navigating to a page (as opposed to fetch() or an API client asking for JSON or CSV). */
export function wantsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && /\b(?:text\/html|application\/xhtml\+xml)\b/i.test(accept);
}

/** GET and HEAD change nothing, so a cookie that a browser attaches by itself may authorize them. */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/**
 * Whether another site's page made the browser send this request. Sec-Fetch-Site decides when the
 * browser sends it (all current ones do). Origin is the fallback, except "null": our own pages
 * send no referrer, and with that policy a browser says "null" even for a same-origin form.
 */
export function crossOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}
