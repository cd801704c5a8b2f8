// The zod pieces the routes share: request strings that can never reach the store as NUL bytes or
// control characters, page sizes that are whole decimal numbers, ids, and the error body.
import { z } from 'zod';
import { schemaRegistry } from './type-provider.js';

const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const NO_CONTROL_BUT_WHITESPACE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;

/** A one-line request string: no NUL bytes or other control characters (PostgreSQL refuses NUL in text). */
export const line = (max: number) => z.string().max(max).regex(NO_CONTROL, 'must not contain control characters');

/** Free text (a suppression's reason): tabs and line breaks allowed, other control characters not. */
export const freeText = (max: number) => z.string().max(max).regex(NO_CONTROL_BUT_WHITESPACE, 'must not contain control characters');

export const SCAN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const scanId = z.string().regex(SCAN_ID_PATTERN, 'must be 1-64 letters, digits, _ or -');

/**
 * A page size in a query string: decimal digits only, so `Infinity`, `1e400`, `NaN`, `0x10` and
 * `1.5` are refused rather than coerced.
 */
export const pageSize = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : v), z.number().int().min(1).max(max));

/** `{ id }` path parameters of a scan. */
export const scanParams = z.strictObject({ id: scanId });

export const errorBodySchema = z
  .object({ statusCode: z.number().int(), error: z.string(), message: z.string() })
  .describe('The one error shape of every non-2xx answer');
schemaRegistry.add(errorBodySchema, { id: 'Error' });

/**
 * An object documented by some of its fields and passed through whole (findings, scans, progress):
 * the OpenAPI document shows `shape`, the TypeScript type is `T`.
 */
export function openObject<T>(shape: z.ZodRawShape = {}, description?: string): z.ZodType<T> {
  const schema = z.looseObject(shape);
  return (description ? schema.describe(description) : schema) as unknown as z.ZodType<T>;
}
