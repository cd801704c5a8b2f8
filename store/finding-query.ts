// Search and keyset orders of the findings list: the SQL pieces listFindings adds to its filter.
// Every order is a tuple of keys sorted ascending ending in seq, so a page's cursor is the last row's
// tuple and the next page is `(keys) > (cursor)`, which a btree index on (scan_id, keys…) serves.
import { InvalidCursorError } from './types.js';

export type KeyType = 'int' | 'float8' | 'text' | 'bigint';

interface KeyOrder {
  keys: readonly { sql: string; type: KeyType }[];
}

/** Severity rank: critical first. Must match migration 4's index expressions exactly. */
export const SEVERITY_RANK_SQL =
  "(CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END)";
/** Largest monthly waste first (findings without a figure last), as an ascending key. */
export const NEG_WASTE_SQL = "(-COALESCE((doc->>'estimatedMonthlyCostUsd')::float8, -1))";
/** ISO timestamps sort as text; findings stored without one come first. */
export const FIRST_SEEN_SQL = "(COALESCE(doc->>'firstSeenAt', ''))";

const SEQ = { sql: 'seq', type: 'bigint' } as const;

/** The keyset orders beyond `seq` and `waste` (whose cursors predate these; see cursor.ts). */
export const KEYSET_ORDERS = {
  /** What to fix first: severity, then monthly waste, then the oldest first seen. */
  triage: { keys: [{ sql: SEVERITY_RANK_SQL, type: 'int' }, { sql: NEG_WASTE_SQL, type: 'float8' }, { sql: FIRST_SEEN_SQL, type: 'text' }, SEQ] },
  /** Failing the longest first. */
  'first-seen': { keys: [{ sql: FIRST_SEEN_SQL, type: 'text' }, SEQ] },
  check: { keys: [{ sql: 'check_id', type: 'text' }, SEQ] },
  account: { keys: [{ sql: 'account_id', type: 'text' }, SEQ] },
  resource: { keys: [{ sql: 'resource_id', type: 'text' }, SEQ] },
} as const satisfies Record<string, KeyOrder>;
export type KeysetOrder = keyof typeof KEYSET_ORDERS;

export function isKeysetOrder(order: string | undefined): order is KeysetOrder {
  return order !== undefined && Object.hasOwn(KEYSET_ORDERS, order);
}

/** SELECT list, ORDER BY and cursor condition of a keyset order; params are appended. */
export function keysetQuery(order: KeysetOrder, cursor: string | undefined, params: unknown[]): { select: string; where: string; orderBy: string } {
  const keys = KEYSET_ORDERS[order].keys;
  const select = keys.map((k, i) => `${k.sql} AS k${i}`).join(', ');
  let where = '';
  if (cursor !== undefined) {
    const values = decodeKeysetCursor(order, cursor);
    const placeholders = values.map((v, i) => {
      params.push(v);
      return `$${params.length}::${keys[i]!.type}`;
    });
    where = ` AND (${keys.map((k) => k.sql).join(', ')}) > (${placeholders.join(', ')})`;
  }
  return { select, where, orderBy: keys.map((k) => k.sql).join(', ') };
}

export function keysetCursorOf(order: KeysetOrder, row: Record<string, unknown>): string {
  const keys = KEYSET_ORDERS[order].keys;
  const values = keys.map((k, i) => (k.type === 'text' ? String(row[`k${i}`]) : Number(row[`k${i}`])));
  return Buffer.from(JSON.stringify([order, ...values]), 'utf8').toString('base64url');
}

export function decodeKeysetCursor(order: KeysetOrder, cursor: string): (string | number)[] {
  if (!/^[A-Za-z0-9_-]{1,2800}$/.test(cursor)) throw new InvalidCursorError();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  const keys = KEYSET_ORDERS[order].keys;
  if (!Array.isArray(parsed) || parsed[0] !== order || parsed.length !== keys.length + 1) throw new InvalidCursorError();
  const values = parsed.slice(1) as unknown[];
  values.forEach((v, i) => {
    const ok = keys[i]!.type === 'text' ? typeof v === 'string' && v.length <= 2048 : typeof v === 'number' && Number.isFinite(v);
    if (!ok) throw new InvalidCursorError();
  });
  return values as (string | number)[];
}

/** The longest search text accepted (also the API's limit). */
export const MAX_SEARCH_LENGTH = 200;

/**
 * Full-text search, case-insensitive: resource id (so a prefix matches), message, ARN, tag keys and
 * values, and the account name where findings carry one. A substring match: no index serves it beyond
 * the scan's own rows (measured in test/integration/store-latency.test.ts).
 */
export function searchClause(q: string | undefined, params: unknown[]): string {
  const text = q?.trim().toLowerCase();
  if (!text) return '';
  params.push(text);
  const p = `$${params.length}`;
  const fields = [
    'resource_id',
    "doc->>'message'",
    "doc->>'resourceArn'",
    "(doc->'tags')::text",
    "doc->>'accountName'",
  ];
  return ` AND (${fields.map((f) => `strpos(lower(COALESCE(${f}, '')), ${p}) > 0`).join(' OR ')})`;
}
