// Scoped reader token entries: format, parsing, and refusals.
import { describe, expect, it } from 'vitest';
import { createToken, formatTokenScope, matchToken, parseTokenEntries, TokenConfigError } from '../../server/auth.js';

describe('scoped token entries', () => {
  it('round-trips teams and OU paths with characters that would clash (+, :, ;, spaces)', () => {
    const scope = { teams: ['payments', 'search.eu'], ouPaths: ['Root/Work loads', 'Root/a+b:c;d'] };
    const created = createToken('reader', scope);
    expect(created.entry).toMatch(/^reader:team=payments\+search\.eu;ou=Root%2FWork%20loads\+Root%2Fa%2Bb%3Ac%3Bd:[0-9a-f]{64}$/);
    const [entry] = parseTokenEntries(created.entry, 'test');
    expect(entry!.scope).toEqual(scope);
    expect(matchToken([entry!], created.token)?.scope).toEqual(scope);
    expect(formatTokenScope({ teams: ['a'], ouPaths: [] })).toBe('team=a');
  });

  it('keeps unscoped entries as they were and refuses scoped operators and malformed scopes', () => {
    const plain = createToken('operator');
    expect(parseTokenEntries(plain.entry, 'test')[0]!.scope).toBeUndefined();
    const hash = plain.entry.split(':')[1]!;
    expect(() => parseTokenEntries(`operator:team=a:${hash}`, 'test')).toThrow(/only reader tokens/);
    expect(() => parseTokenEntries(`reader:teams=a:${hash}`, 'test')).toThrow(TokenConfigError);
    expect(() => parseTokenEntries(`reader:team=:${hash}`, 'test')).toThrow(/malformed scope/);
    expect(() => createToken('operator', { teams: ['a'], ouPaths: [] })).toThrow(/only reader tokens/);
  });
});
