// Bearer-token authentication. Tokens are configured as `role:sha256-hex` entries, so the service
// never holds a token itself; a presented token is hashed and compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export const ROLES = ['reader', 'operator'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a scoped reader token may see: the findings of these teams (owner), or of accounts under these
 * OU paths. A finding is visible when it matches either list.
 */
export interface TokenScope {
  teams: string[];
  ouPaths: string[];
}

export interface TokenEntry {
  role: Role;
  hash: Buffer;
  /** Absent: the token sees everything its role allows. */
  scope?: TokenScope | undefined;
}

/** `team=a+b` or `ou=Root%2FProd+Root%2FSandbox` (each value URI-encoded, so `+`, `:` and `,` never clash). */
export function formatTokenScope(scope: TokenScope): string {
  const enc = (values: string[]) => values.map((v) => encodeURIComponent(v)).join('+');
  return [scope.teams.length ? `team=${enc(scope.teams)}` : '', scope.ouPaths.length ? `ou=${enc(scope.ouPaths)}` : ''].filter(Boolean).join(';');
}

function parseTokenScope(text: string): TokenScope | null {
  const scope: TokenScope = { teams: [], ouPaths: [] };
  for (const part of text.split(';')) {
    const m = /^(team|ou)=(.+)$/.exec(part);
    if (!m) return null;
    let values: string[];
    try {
      values = m[2]!.split('+').map((v) => decodeURIComponent(v));
    } catch {
      return null;
    }
    if (values.some((v) => v.length === 0)) return null;
    (m[1] === 'team' ? scope.teams : scope.ouPaths).push(...values);
  }
  return scope.teams.length + scope.ouPaths.length > 0 ? scope : null;
}

export class TokenConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenConfigError';
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Parses comma- or newline-separated `role:sha256hex` entries; `#` starts a comment line in a file. */
export function parseTokenEntries(text: string, source: string): TokenEntry[] {
  const parts = text
    .split(/[,\n]/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0 && !p.startsWith('#'));
  return parts.map((part, i) => {
    const m = /^([a-z]+):(?:([^:\s]+):)?([0-9a-fA-F]{64})$/.exec(part);
    // Never echo the entry itself: someone may have pasted a raw token there.
    if (!m) throw new TokenConfigError(`${source}: entry ${i + 1} is not "role:<64 hex digits of sha256(token)>" (or "reader:team=<team>:<hash>")`);
    const role = m[1] as Role;
    if (!ROLES.includes(role)) throw new TokenConfigError(`${source}: entry ${i + 1} has unknown role "${m[1]}" (expected reader or operator)`);
    const hash = Buffer.from(m[3]!.toLowerCase(), 'hex');
    if (m[2] === undefined) return { role, hash };
    const scope = parseTokenScope(m[2]);
    if (!scope) throw new TokenConfigError(`${source}: entry ${i + 1} has a malformed scope (expected team=<a>+<b> and/or ou=<path>, joined by ;)`);
    if (role !== 'reader') throw new TokenConfigError(`${source}: entry ${i + 1}: only reader tokens can be scoped to teams or OU paths`);
    return { role, hash, scope };
  });
}

/** Entries from ORGSCAN_API_TOKENS and/or the file named by ORGSCAN_API_TOKENS_FILE. */
export async function loadTokenEntries(env: NodeJS.ProcessEnv = process.env): Promise<TokenEntry[]> {
  const entries: TokenEntry[] = [];
  if (env.ORGSCAN_API_TOKENS) entries.push(...parseTokenEntries(env.ORGSCAN_API_TOKENS, 'ORGSCAN_API_TOKENS'));
  if (env.ORGSCAN_API_TOKENS_FILE) {
    let text: string;
    try {
      text = await readFile(env.ORGSCAN_API_TOKENS_FILE, 'utf8');
    } catch (err) {
      throw new TokenConfigError(`cannot read ORGSCAN_API_TOKENS_FILE ${env.ORGSCAN_API_TOKENS_FILE}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
    entries.push(...parseTokenEntries(text, env.ORGSCAN_API_TOKENS_FILE));
  }
  return entries;
}

/**
 * The configured entry a presented token matches (the operator entry when it matches both), or null.
 * Every entry is compared, so timing does not reveal which matched.
 */
export function matchToken(entries: readonly TokenEntry[], token: string): TokenEntry | null {
  const presented = createHash('sha256').update(token, 'utf8').digest();
  let match: TokenEntry | null = null;
  for (const entry of entries) {
    if (timingSafeEqual(presented, entry.hash) && match?.role !== 'operator') match = entry;
  }
  return match;
}

/** The role of a presented token, or null. */
export function authenticate(entries: readonly TokenEntry[], token: string): Role | null {
  return matchToken(entries, token)?.role ?? null;
}

const TOKEN_SYNTAX = /^[\x21-\x7e]{16,512}$/;

/** Whether a string can be a token at all (printable ASCII, 16 to 512 characters). */
export function wellFormedToken(token: string): boolean {
  return TOKEN_SYNTAX.test(token);
}

/** The bearer token of an Authorization header, or null when absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m && wellFormedToken(m[1]!) ? m[1]! : null;
}

export function roleAllows(role: Role, needed: Role): boolean {
  return needed === 'reader' || role === 'operator';
}

/** A new random token (256 bits, base64url) and its configuration entry. */
export function createToken(role: Role, scope?: TokenScope): { token: string; entry: string } {
  if (scope && role !== 'reader') throw new TokenConfigError('only reader tokens can be scoped to teams or OU paths');
  const token = `osk_${randomBytes(32).toString('base64url')}`;
  return { token, entry: `${role}:${scope ? `${formatTokenScope(scope)}:` : ''}${hashToken(token)}` };
}
