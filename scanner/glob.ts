// Resource-id globs for suppression rules, matched in time linear in the name's length.
//
// picomatch (and minimatch, micromatch) compile a glob to a backtracking RegExp: a pattern such as
// `*a*a*a*a*a*a*a*a*a*a*a*a*b` against a long name of `a`s takes exponential time and freezes the
// process. Here a glob becomes a small NFA that is simulated one character at a time (Thompson's
// construction): the work per character is bounded by the number of pattern states, whatever the input.
//
// Syntax (the subset of picomatch the README documents, with its semantics):
//   *        any run of characters except `/` (also none)
//   **       as a whole path segment (`a/**/b`, `**/b`, `a/**`, `**`): any run of characters, `/` included;
//            `a/**/b` also matches `a/b`, and `a/**` also matches `a`; elsewhere `**` is `*`
//   ?        one character except `/`
//   [a-z0]   one character (never `/`) in the set; [!…] or [^…] not in it; `]` first is literal
//   {a,b}    alternatives, nested allowed; expanded before matching (at most MAX_GLOB_ALTERNATIVES,
//            MAX_GLOB_EXPANDED_LENGTH characters in all: the work per character of a name grows with it)
//   \x       the character x itself
// Everything else, including picomatch's undocumented extglobs (`+(a|b)`), ranges (`{1..3}`) and a
// leading `!`, is literal: such a rule mutes less than it would have, never more.

export const MAX_GLOB_LENGTH = 256;
export const MAX_GLOB_ALTERNATIVES = 64;
export const MAX_GLOB_EXPANDED_LENGTH = 1024;

/** A pattern that cannot be used; `index` is the 0-based offset in the pattern it refers to. */
export class GlobError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
    this.name = 'GlobError';
  }
}

const enum Kind {
  /** One given character. */
  Literal,
  /** `?` */
  One,
  /** `[…]` */
  Class,
  /** `*`: ε to next; any non-`/` stays. */
  Star,
  /** `**` as the whole pattern, or after TailEntry's slash: ε to next; any character stays. */
  AnyRun,
  /** A `**` segment followed by a slash (matches "" or anything ending in `/`), entry: ε to next+1; `/` → self, else → DirBody. */
  DirEntry,
  /** The same, after a character that was not `/`: `/` → DirEntry, else → self. */
  DirBody,
  /** `/**` at the end (matches "" or `/` and anything), entry: ε to next+1; `/` → AnyRun at next. */
  TailEntry,
  /** The end of one alternative. */
  Accept,
}

interface Program {
  kind: Kind[];
  /** The character of a Literal; unused otherwise. */
  char: number[];
  /** For a Class: [negated, lo, hi, lo, hi …]. */
  ranges: (number[] | null)[];
  starts: number[];
}

const SLASH = 0x2f;

/** Splits `{a,b}` groups into every alternative; throws GlobError past MAX_GLOB_ALTERNATIVES or MAX_GLOB_EXPANDED_LENGTH. */
export function expandBraces(pattern: string): string[] {
  const out: string[] = [];
  let total = 0;
  const visit = (p: string, from: number): void => {
    const group = findBraceGroup(p, from);
    if (!group) {
      out.push(p);
      total += p.length;
      if (out.length > MAX_GLOB_ALTERNATIVES) {
        throw new GlobError(`has {…} groups that expand to more than ${MAX_GLOB_ALTERNATIVES} alternatives`, pattern.indexOf('{'));
      }
      if (total > MAX_GLOB_EXPANDED_LENGTH) {
        throw new GlobError(`has {…} groups that expand to more than ${MAX_GLOB_EXPANDED_LENGTH} characters in all`, pattern.indexOf('{'));
      }
      return;
    }
    const prefix = p.slice(0, group.open);
    const suffix = p.slice(group.close + 1);
    // Everything before the group is brace-free by now, so the search resumes after the prefix.
    for (const alt of group.alternatives) visit(prefix + alt + suffix, prefix.length);
  };
  visit(pattern, 0);
  return out;
}

/** The first `{…}` at or after `from` with a top-level comma; a group without one is literal. */
function findBraceGroup(p: string, from: number): { open: number; close: number; alternatives: string[] } | null {
  for (let i = from; i < p.length; i++) {
    if (p[i] === '\\') {
      i++;
      continue;
    }
    if (p[i] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    for (let j = i; j < p.length; j++) {
      const c = p[j];
      if (c === '\\') {
        j++;
      } else if (c === '{') {
        depth++;
      } else if (c === '}') {
        depth--;
        if (depth === 0) {
          if (commas.length === 0) break; // `{a}`: literal braces; look for a later group
          const bounds = [i, ...commas, j];
          const alternatives = bounds.slice(1).map((end, k) => p.slice(bounds[k]! + 1, end));
          return { open: i, close: j, alternatives };
        }
      } else if (c === ',' && depth === 1) {
        commas.push(j);
      }
    }
  }
  return null;
}

/** Parses `[…]` at `p[i] === '['`; returns null when it is not closed (then `[` is literal). */
function parseClass(p: string, i: number): { ranges: number[]; end: number } | null {
  let j = i + 1;
  let negated = 0;
  if (p[j] === '!' || p[j] === '^') {
    negated = 1;
    j++;
  }
  const ranges: number[] = [negated];
  let first = true;
  while (j < p.length) {
    let c = p[j]!;
    if (c === ']' && !first) return { ranges, end: j };
    first = false;
    if (c === '\\' && j + 1 < p.length) c = p[++j]!;
    const lo = c.codePointAt(0)!;
    j += c.length;
    if (p[j] === '-' && j + 1 < p.length && p[j + 1] !== ']') {
      let h = p[j + 1]!;
      j += 1;
      if (h === '\\' && j + 1 < p.length) h = p[++j]!;
      j += h.length;
      const hi = h.codePointAt(0)!;
      ranges.push(Math.min(lo, hi), Math.max(lo, hi));
    } else {
      ranges.push(lo, lo);
    }
  }
  return null;
}

function compileAlternative(p: string, program: Program): void {
  const { kind, char, ranges } = program;
  const push = (k: Kind, c = 0, r: number[] | null = null) => {
    kind.push(k);
    char.push(c);
    ranges.push(r);
  };
  program.starts.push(kind.length);
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (c === '*') {
      let j = i;
      while (p[j] === '*') j++;
      const segmentStart = i === 0 || (p[i - 1] === '/' && !(i >= 2 && p[i - 2] === '\\'));
      const segmentEnd = j === p.length || p[j] === '/';
      if (j - i >= 2 && segmentStart && segmentEnd) {
        if (j < p.length) {
          // `**/`: the slash belongs to the globstar, so `a/**/b` matches `a/b`.
          push(Kind.DirEntry);
          push(Kind.DirBody);
          j++;
        } else if (kind.length > program.starts.at(-1)! && kind.at(-1) === Kind.Literal && char.at(-1) === SLASH) {
          // `/**` at the end: the slash before belongs to the globstar, so `a/**` matches `a`.
          kind.pop();
          char.pop();
          ranges.pop();
          push(Kind.TailEntry);
          push(Kind.AnyRun);
        } else {
          push(Kind.AnyRun);
        }
      } else if (kind.length === 0 || kind[kind.length - 1] !== Kind.Star) {
        push(Kind.Star);
      }
      i = j;
    } else if (c === '?') {
      push(Kind.One);
      i++;
    } else if (c === '[' && parseClass(p, i)) {
      const cls = parseClass(p, i)!;
      push(Kind.Class, 0, cls.ranges);
      i = cls.end + 1;
    } else {
      const literal = c === '\\' && i + 1 < p.length ? p[i + 1]! : c;
      const cp = literal.codePointAt(0)!;
      const width = String.fromCodePoint(cp).length;
      push(Kind.Literal, cp);
      i += (c === '\\' && i + 1 < p.length ? 1 : 0) + width;
    }
  }
  push(Kind.Accept);
}

function inClass(r: number[], cp: number): boolean {
  if (cp === SLASH) return false;
  let hit = false;
  for (let k = 1; k < r.length; k += 2) {
    if (cp >= r[k]! && cp <= r[k + 1]!) {
      hit = true;
      break;
    }
  }
  return hit !== (r[0] === 1);
}

/** Checks a pattern's size and brace expansion; throws GlobError. */
export function validateGlob(pattern: string): void {
  if (pattern.length > MAX_GLOB_LENGTH) {
    throw new GlobError(`is ${pattern.length} characters long; a resource id pattern may have at most ${MAX_GLOB_LENGTH}`, MAX_GLOB_LENGTH);
  }
  expandBraces(pattern);
}

/** Compiles a glob to a predicate that runs in O(name length × pattern states). Throws GlobError. */
export function compileGlob(pattern: string): (name: string) => boolean {
  validateGlob(pattern);
  const program: Program = { kind: [], char: [], ranges: [], starts: [] };
  for (const alternative of expandBraces(pattern)) compileAlternative(alternative, program);
  const { kind, char, ranges, starts } = program;
  const size = kind.length;
  const seen = new Float64Array(size);
  let generation = 0;
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  let count = 0;
  let nextCount = 0;

  // Adds a state to `next` with the states it reaches without consuming a character.
  const add = (state: number): void => {
    for (let s = state; seen[s] !== generation; ) {
      seen[s] = generation;
      next[nextCount++] = s;
      const k = kind[s];
      if (k === Kind.Star || k === Kind.AnyRun) s += 1;
      else if (k === Kind.DirEntry || k === Kind.TailEntry) s += 2;
      else break;
    }
  };
  const swap = () => {
    [current, next] = [next, current];
    count = nextCount;
    nextCount = 0;
    generation++;
  };

  return (name) => {
    generation++;
    nextCount = 0;
    for (const s of starts) add(s);
    swap();
    for (let i = 0; i < name.length && count > 0; ) {
      const cp = name.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      for (let n = 0; n < count; n++) {
        const s = current[n]!;
        switch (kind[s]) {
          case Kind.Literal:
            if (cp === char[s]) add(s + 1);
            break;
          case Kind.One:
            if (cp !== SLASH) add(s + 1);
            break;
          case Kind.Class:
            if (inClass(ranges[s]!, cp)) add(s + 1);
            break;
          case Kind.Star:
            if (cp !== SLASH) add(s);
            break;
          case Kind.AnyRun:
            add(s);
            break;
          case Kind.DirEntry:
            add(cp === SLASH ? s : s + 1);
            break;
          case Kind.DirBody:
            add(cp === SLASH ? s - 1 : s);
            break;
          case Kind.TailEntry:
            if (cp === SLASH) add(s + 1);
            break;
          default:
            break;
        }
      }
      swap();
    }
    for (let n = 0; n < count; n++) if (kind[current[n]!] === Kind.Accept) return true;
    return false;
  };
}
