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

const migrate = (db: ConstructorParameters<typeof SqlStore>[0]) => new SqlStore(db).migrate();

/**
 * Opens and migrates the store. The embedded store's directory is locked to this process and checked
 * (DataDirInUseError, DataDirError); see store/pglite.ts.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (!options.databaseUrl) return new SqlStore(await openPglite(options.dataDir, migrate));
  const db = await openPostgres(options.databaseUrl, { schema: options.schema });
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw new Error(`cannot apply database migrations: ${err instanceof Error ? err.message : String(err)}`);
  }
  return new SqlStore(db);
}
