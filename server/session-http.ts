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
 * Whether another site's page made the browser send this request. "Origin: null" is refused first:
 * it is what a sandboxed frame, a data: or file: page, or a page under a no-referrer policy sends,
 * whatever Sec-Fetch-Site says (our sign-in page uses the same-origin policy, so its form sends the
 * real origin). Then Sec-Fetch-Site decides when the browser sends it (all current ones do), and the
 * Origin's host is the fallback.
 */
export function crossOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === 'null') return true;
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  if (origin === undefined) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}
