// Opaque keyset cursors: base64url of "<kind>:<seq>", so a cursor of one list cannot be used on another.
import { InvalidCursorError } from './types.js';

export function encodeCursor(kind: 'scans' | 'findings', seq: number): string {
  return Buffer.from(`${kind}:${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(kind: 'scans' | 'findings', cursor: string): number {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) throw new InvalidCursorError();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(scans|findings):(\d{1,15})$/.exec(text);
  if (!match || match[1] !== kind) throw new InvalidCursorError();
  return Number(match[2]);
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new RangeError(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  return limit;
}

/** A keyset cursor for findings ordered by waste: the last row's sort key (cost, or -1) and seq. */
export function encodeWasteCursor(cost: number, seq: number): string {
  return Buffer.from(`waste:${cost}:${seq}`, 'utf8').toString('base64url');
}

export function decodeWasteCursor(cursor: string): { cost: number; seq: number } {
  if (!/^[A-Za-z0-9_-]{1,96}$/.test(cursor)) throw new InvalidCursorError();
  const match = /^waste:(-1|\d{1,15}(?:\.\d{1,17})?(?:e[+-]?\d{1,3})?):(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const cost = match ? Number(match[1]) : Number.NaN;
  if (!match || !Number.isFinite(cost)) throw new InvalidCursorError();
  return { cost, seq: Number(match[2]) };
}
