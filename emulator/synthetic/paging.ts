// Pagination as AWS does it: an opaque token naming the next offset, and a page size bounded by the API's limits.
import { AwsError } from './errors.js';

export interface PageLimits {
  /** Page size when the caller gives none. Infinity: every item. */
  default: number;
  min: number;
  max: number;
  /** The error code for a bad token or page size (InvalidParameterValue, InvalidNextToken …). */
  errorCode?: string;
  /** Name of the size parameter, for error messages. */
  sizeName: string;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

export function encodeToken(offset: number, scope: string): string {
  return Buffer.from(`${scope}:${offset}`).toString('base64url');
}

function decodeToken(token: string, scope: string, code: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const colon = text.lastIndexOf(':');
  const tokenScope = text.slice(0, colon);
  const offset = colon > 0 ? Number(text.slice(colon + 1)) : Number.NaN;
  if (tokenScope !== scope || !Number.isInteger(offset) || offset < 0) {
    throw new AwsError(code, `The pagination token is invalid for this call: ${token.slice(0, 40)}`);
  }
  return offset;
}

/** One page of `items` from `token` (null: the start), `size` items at most (undefined: the default). */
export function paginate<T>(items: readonly T[], size: number | undefined, token: string | null | undefined, scope: string, limits: PageLimits): Page<T> {
  const code = limits.errorCode ?? 'InvalidParameterValue';
  if (size !== undefined && (!Number.isInteger(size) || size < limits.min || size > limits.max)) {
    throw new AwsError(code, `Value ${size} for parameter ${limits.sizeName} is invalid: must be between ${limits.min} and ${limits.max}`);
  }
  const start = token ? decodeToken(token, scope, code) : 0;
  const count = size ?? limits.default;
  const end = Math.min(items.length, start + count);
  return { items: items.slice(start, end), next: end < items.length ? encodeToken(end, scope) : null };
}

export function intParam(value: string | null | undefined, name: string): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new AwsError('InvalidParameterValue', `Value ${value} for parameter ${name} is not an integer`);
  return n;
}
