// PostgreSQL through a pg pool (DATABASE_URL), optionally confined to one schema.
import pg from 'pg';
import type { Db, Queryable, Row } from './db.js';

export interface PostgresOptions {
  /** Schema for every table (created when missing); default: the server's search_path. */
  schema?: string | undefined;
  /** Pool size; default 10. */
  max?: number | undefined;
  /**
   * Client-side bound on one query (default 120 s): a database that stops answering without closing
   * the connection (a network partition) fails the query instead of holding the scan forever.
   */
  queryTimeoutMs?: number | undefined;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A connection string with the password replaced, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export async function openPostgres(connectionString: string, options: PostgresOptions = {}): Promise<Db> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name ${JSON.stringify(schema)}: lower-case letters, digits and _ only`);
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    query_timeout: options.queryTimeoutMs ?? 120_000,
    // Dead peers are noticed by TCP keep-alive rather than only at the next write.
    keepAlive: true,
    // The schema is validated above, so it can be spliced into the option string.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the service; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    else await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot connect to PostgreSQL at ${redactUrl(connectionString)}: ${(err as Error).message}`);
  }
  const query = async <R extends Row>(sql: string, params: unknown[] = []): Promise<R[]> =>
    (await pool.query(sql, params)).rows as R[];
  return {
    kind: 'postgres',
    query,
    async transaction(fn) {
      const client = await pool.connect();
      const tx: Queryable = {
        async query<R extends Row>(sql: string, params: unknown[] = []): Promise<R[]> {
          return (await client.query(sql, params)).rows as R[];
        },
        async exec(sql: string): Promise<void> {
          await client.query(sql);
        },
      };
      // A connection that failed (the server went away, a query timed out) is discarded, not pooled.
      let broken: Error | undefined;
      // Checked out, the client has no pool listener: a connection dropped between two statements
      // would be an uncaught 'error' event and crash the process. The next statement fails instead.
      const onError = (err: Error) => (broken = err);
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw err;
      } finally {
        client.off('error', onError);
        client.release(broken);
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
