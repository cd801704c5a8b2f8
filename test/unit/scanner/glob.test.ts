import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { compileGlob, expandBraces, GlobError, MAX_GLOB_ALTERNATIVES, MAX_GLOB_EXPANDED_LENGTH, MAX_GLOB_LENGTH } from '../../../scanner/glob.js';

const matches = (pattern: string, name: string) => compileGlob(pattern)(name);

describe('compileGlob', () => {
  const cases: [string, string, boolean][] = [
    ['sg-0bastion*', 'sg-0bastion12', true],
    ['sg-0bastion*', 'sg-0bastion', true],
    ['sg-0bastion*', 'sg-1bastion', false],
    ['logs-*', 'logs-archive', true],
    ['logs-*', 'xlogs-archive', false],
    // `*` stays within a path segment; `**` as a segment crosses `/`.
    ['user/*/policy', 'user/alice/policy', true],
    ['user/*/policy', 'user/a/b/policy', false],
    ['user/ci-*/policy/**', 'user/ci-bot/policy/deploy', true],
    ['user/ci-*/policy/**', 'user/alice/policy/deploy', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'a/x/y/c', false],
    ['**/b', 'b', true],
    ['**/b', 'x/y/b', true],
    ['a/**', 'a', true],
    ['a/**', 'a/x/y', true],
    ['a/**', 'ab', false],
    ['**', 'a/b/c', true],
    ['**/**', 'a/b/c', true],
    ['a**b', 'axxb', true],
    ['a**b', 'a/b', false],
    ['x**', 'x/y', false],
    // Dot files are ordinary names.
    ['*', '.hidden', true],
    ['a/*', 'a/.b', true],
    ['?', 'a', true],
    ['?', '/', false],
    ['??', 'a', false],
    ['vol-0?', 'vol-01', true],
    ['[0-9]x', '7x', true],
    ['[0-9]x', 'ax', false],
    ['[!0-9]x', 'ax', true],
    ['[^0-9]x', '7x', false],
    ['[!a]', '/', false],
    ['[]a]', ']', true],
    ['[a-]', '-', true],
    ['[a', '[a', true],
    ['sg-0{1,2}*', 'sg-01abc', true],
    ['sg-0{1,2}*', 'sg-03abc', false],
    ['{a,b{c,d}}', 'bd', true],
    ['{a,b{c,d}}', 'b', false],
    ['{,a}x', 'x', true],
    ['{,a}x', 'ax', true],
    ['{a}', '{a}', true],
    ['{a}', 'a', false],
    ['{a,b', '{a,b', true],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['a\\{b,c}', 'a{b,c}', true],
    ['日本*', '日本語', true],
    ['?', '😀', true],
    // Undocumented picomatch syntax is literal, so it mutes less, never more.
    ['!foo', 'bar', false],
    ['+(a|b)', 'ab', false],
    ['Case*', 'case-1', false],
  ];
  for (const [pattern, name, expected] of cases) {
    it(`${JSON.stringify(pattern)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(name)}`, () => {
      expect(matches(pattern, name)).toBe(expected);
    });
  }

  it('agrees with picomatch (dot: true) on generated patterns and names', () => {
    // picomatch is the previous matcher: for the documented syntax the answers must not change.
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const nameAtoms = ['a', 'b', 'ab', '-', '.', '0', '7', 'x'];
    const name = () => {
      const segments = Array.from({ length: 1 + Math.floor(random() * 3) }, () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(nameAtoms)).join(''));
      // picomatch never lets a glob match a `.` or `..` segment (path traversal); resource ids have none.
      return segments.map((s) => (s === '.' || s === '..' ? `${s}a` : s)).join('/');
    };
    const patternAtoms = ['a', 'b', '-', '.', '*', '?', '[0-9]', '[^a]', '{a,b}', '{x,ab,}', '0'];
    // `**` only as a whole segment: inside one, picomatch reads `**{a,b}` as crossing `/` but `**a` as not.
    const segment = () =>
      random() < 0.15 ? '**' : Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(patternAtoms)).join('').replace(/\*+/g, '*');
    const pattern = () => Array.from({ length: 1 + Math.floor(random() * 3) }, segment).join('/');
    let compared = 0;
    let matched = 0;
    for (let p = 0; p < 400; p++) {
      const glob = pattern();
      const ours = compileGlob(glob);
      const theirs = picomatch(glob, { dot: true });
      for (let n = 0; n < 40; n++) {
        const candidate = random() < 0.5 ? name() : glob.replace(/\*\*/g, 'a/b').replace(/[*?]/g, 'a').replace(/\[[^\]]*\]/g, '7').replace(/\{([^,}]*)[^}]*\}/g, '$1');
        expect({ glob, candidate, match: ours(candidate) }).toEqual({ glob, candidate, match: theirs(candidate) });
        compared++;
        if (theirs(candidate)) matched++;
      }
    }
    expect(compared).toBe(16_000);
    // Both answers occur often, so agreement is not agreement on "no".
    expect(matched).toBeGreaterThan(2_000);
    expect(compared - matched).toBeGreaterThan(2_000);
  });

  it('answers a pattern that makes a backtracking matcher exponential, at once', () => {
    // picomatch's RegExp for this pattern takes minutes on this name (12 s with 5,000 characters).
    const pattern = '*a'.repeat(13);
    const long = `${'a'.repeat(50_000)}b`;
    expect(matches(pattern, long)).toBe(false);
    expect(matches(pattern, 'a'.repeat(50_000))).toBe(true);
    expect(matches(`${'*a'.repeat(12)}*b`, long)).toBe(true);
    expect(matches('**/'.repeat(20) + 'c', `${'a/'.repeat(20_000)}b`)).toBe(false);
  });
});

describe('validation', () => {
  it(`refuses a pattern longer than ${MAX_GLOB_LENGTH} characters`, () => {
    expect(() => compileGlob('a'.repeat(MAX_GLOB_LENGTH))).not.toThrow();
    expect(() => compileGlob('a'.repeat(MAX_GLOB_LENGTH + 1))).toThrow(GlobError);
  });

  it(`refuses braces that expand to more than ${MAX_GLOB_ALTERNATIVES} alternatives`, () => {
    expect(expandBraces('{a,b}{c,d}x')).toEqual(['acx', 'adx', 'bcx', 'bdx']);
    expect(expandBraces('{a,b}'.repeat(6))).toHaveLength(64);
    let caught: unknown;
    try {
      compileGlob('x{a,b}'.repeat(7));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(GlobError);
    expect((caught as GlobError).message).toBe(`has {…} groups that expand to more than ${MAX_GLOB_ALTERNATIVES} alternatives`);
    expect((caught as GlobError).index).toBe(1);
  });

  it(`refuses braces whose alternatives add up to more than ${MAX_GLOB_EXPANDED_LENGTH} characters`, () => {
    // 32 alternatives of 33 characters: 1,056 characters of pattern to run per name character.
    const long = `{a,b}{a,b}{a,b}{a,b}{a,b}${'*x'.repeat(14)}`;
    expect(long.length).toBeLessThanOrEqual(MAX_GLOB_LENGTH);
    expect(() => compileGlob(long)).toThrow(`has {…} groups that expand to more than ${MAX_GLOB_EXPANDED_LENGTH} characters in all`);
    expect(() => compileGlob(`{a,b}{a,b}{a,b}{a,b}{a,b}${'*x'.repeat(12)}`)).not.toThrow();
  });
});
