import { describe, expect, it } from 'vitest';
import { authenticate, bearerToken, createToken, hashToken, parseTokenEntries, roleAllows, TokenConfigError } from '../../server/auth.js';

describe('API tokens', () => {
  it('creates a random token whose entry admits it with its role', () => {
    const a = createToken('operator');
    const b = createToken('operator');
    expect(a.token).not.toBe(b.token);
    expect(a.token.length).toBeGreaterThanOrEqual(40);
    expect(a.entry).toBe(`operator:${hashToken(a.token)}`);
    const entries = parseTokenEntries(`${a.entry}, ${createToken('reader').entry}`, 'test');
    expect(authenticate(entries, a.token)).toBe('operator');
    expect(authenticate(entries, b.token)).toBeNull();
    expect(authenticate([], a.token)).toBeNull();
  });

  it('gives the stronger role when a token is listed twice', () => {
    const t = createToken('reader');
    const entries = parseTokenEntries(`${t.entry}\noperator:${hashToken(t.token)}\n# comment\n`, 'file');
    expect(authenticate(entries, t.token)).toBe('operator');
  });

  it('rejects malformed entries without echoing them', () => {
    expect(() => parseTokenEntries('operator:abc', 'ORGSCAN_API_TOKENS')).toThrow(TokenConfigError);
    expect(() => parseTokenEntries('my-secret-token', 'ORGSCAN_API_TOKENS')).toThrow(/entry 1 is not "role:<64 hex digits/);
    try {
      parseTokenEntries('my-secret-token', 'X');
    } catch (err) {
      expect((err as Error).message).not.toContain('my-secret-token');
    }
    expect(() => parseTokenEntries(`admin:${'a'.repeat(64)}`, 'X')).toThrow(/unknown role "admin"/);
  });

  it('reads bearer headers strictly', () => {
    expect(bearerToken('Bearer abcdefghijklmnopqrstuvwxyz')).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(bearerToken('bearer   abcdefghijklmnopqrstuvwxyz ')).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken('Bearer short')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });

  it('lets operators do what readers do, not the reverse', () => {
    expect(roleAllows('operator', 'reader')).toBe(true);
    expect(roleAllows('reader', 'reader')).toBe(true);
    expect(roleAllows('reader', 'operator')).toBe(false);
  });
});
