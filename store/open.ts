// Opens the store the environment asks for: PostgreSQL with a connection string, else PGlite in a directory.
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';
import { SqlStore } from './sql-store.js';
import type { Store } from './types.js';

export interface StoreOptions {
  /** postgres:// connection string (DATABASE_URL); when absent, the embedded store is used. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined with no databaseUrl = in memory. */
  dataDir?: string | undefined;
  /** PostgreSQL schema (tests: one per suite). */
  schema?: string | undefined;
}

/** Opens and migrates the store. */
export async function openStore(options: StoreOptions): Promise<Store> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, { schema: options.schema })
    : await openPglite(options.dataDir);
  const store = new SqlStore(db);
  try {
    await store.migrate();
  } catch (err) {
    await db.close().catch(() => undefined);
    throw new Error(`cannot apply database migrations: ${(err as Error).message}`);
  }
  return store;
}
