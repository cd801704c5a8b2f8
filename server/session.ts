// Browser sessions: a signed, expiring cookie value opened by signing in with an API token at /login.
// The value never holds the token. It names the token entry it was opened with by a keyed digest
// (so removing or re-roling a token ends its sessions) and carries an expiry; an HMAC-SHA256 over
// both, with a per-process random secret or ORGSCAN_SESSION_SECRET, makes it unforgeable.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role, TokenEntry } from './auth.js';

export const SESSION_COOKIE = 'orgscan_session';
export const DEFAULT_SESSION_TTL_MS = 12 * 3_600_000;
const MIN_SECRET_LENGTH = 32;
const VERSION = 'v1';

export class SessionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionConfigError';
  }
}

/**
 * The signing secret: ORGSCAN_SESSION_SECRET when set (so several instances accept each other's
 * sessions), otherwise 32 random bytes that live as long as the process.
 */
export function loadSessionSecret(env: NodeJS.ProcessEnv = process.env): Buffer {
  const configured = env.ORGSCAN_SESSION_SECRET;
  if (configured === undefined || configured === '') return randomBytes(32);
  // The secret itself is never echoed, only its length.
  if (configured.length < MIN_SECRET_LENGTH) {
    throw new SessionConfigError(
      `ORGSCAN_SESSION_SECRET must be at least ${MIN_SECRET_LENGTH} characters (it has ${configured.length}); generate one with \`openssl rand -base64 48\``,
    );
  }
  return Buffer.from(configured, 'utf8');
}

export interface Session {
  role: Role;
  expiresAt: Date;
  /** The SHA-256 (hex) of the token the session was opened with: the same principal as that bearer token. */
  principal: string;
}

export interface SessionCodecOptions {
  secret: Buffer;
  tokens: readonly TokenEntry[];
  now: () => Date;
  /** Default 12 hours. */
  ttlMs?: number | undefined;
}

export interface SessionCodec {
  readonly ttlMs: number;
  /** A cookie value for a session opened with `entry`. */
  issue(entry: TokenEntry): { value: string; expiresAt: Date };
  /** The session a cookie value carries, or null when malformed, forged, expired or its token is gone. */
  verify(value: string | undefined): Session | null;
}

const b64url = (buf: Buffer) => buf.toString('base64url');

export function createSessionCodec(options: SessionCodecOptions): SessionCodec {
  const { secret, now } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_SESSION_TTL_MS;
  if (!Number.isInteger(ttlMs) || ttlMs < 60_000) throw new SessionConfigError('the session lifetime must be at least one minute');
  const mac = (label: string, data: string) => createHmac('sha256', secret).update(label).update('\0').update(data).digest();
  // The role is part of the digest, so a token moved to another role does not keep its old sessions.
  const entryId = (entry: TokenEntry) => b64url(mac('entry', `${entry.role}:${entry.hash.toString('hex')}`).subarray(0, 16));
  const byId = new Map<string, { role: Role; principal: string }>();
  for (const entry of options.tokens) {
    const id = entryId(entry);
    if (byId.get(id)?.role !== 'operator') byId.set(id, { role: entry.role, principal: entry.hash.toString('hex') });
  }
  const sign = (payload: string) => mac('session', payload);

  return {
    ttlMs,
    issue(entry) {
      const expiresAt = new Date(Math.floor((now().getTime() + ttlMs) / 1000) * 1000);
      const payload = `${VERSION}.${entryId(entry)}.${expiresAt.getTime() / 1000}`;
      return { value: `${payload}.${b64url(sign(payload))}`, expiresAt };
    },
    verify(value) {
      if (!value || value.length > 200) return null;
      const m = /^(v1\.([A-Za-z0-9_-]{22})\.(\d{1,12}))\.([A-Za-z0-9_-]{43})$/.exec(value);
      if (!m) return null;
      const presented = Buffer.from(m[4]!, 'base64url');
      const expected = sign(m[1]!);
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
      const expiresAt = new Date(Number(m[3]) * 1000);
      const remaining = expiresAt.getTime() - now().getTime();
      // A value from the future beyond one lifetime was not issued by this configuration.
      if (remaining <= 0 || remaining > ttlMs + 1000) return null;
      const known = byId.get(m[2]!);
      return known ? { role: known.role, expiresAt, principal: known.principal } : null;
    },
  };
}
