// Embedded PostgreSQL (PGlite) in a data directory: `orgscan serve` without a database server.
import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { checkContents, checkSchema, DataDirError, describePgliteError, inspectDataDir, writeMarker } from './data-dir.js';
import type { Db, Queryable, Row } from './db.js';
import { lockDataDir } from './dir-lock.js';
import { LATEST_VERSION } from './migrations.js';

function wrap(q: PGlite | Transaction): Queryable {
  return {
    async query<R extends Row>(sql: string, params: unknown[] = []): Promise<R[]> {
      return (await q.query<R>(sql, params)).rows;
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  };
}

/**
 * Opens a PGlite database and applies `migrate`; `dataDir` undefined = in memory. A directory is
 * locked for this process until close() (DataDirInUseError when another process holds it), created
 * fresh when empty or missing, and otherwise checked before and after opening: a damaged one is
 * refused with a DataDirError, never re-initialised.
 */
export async function openPglite(dataDir: string | undefined, migrate: (db: Db) => Promise<void>): Promise<Db> {
  if (!dataDir) {
    const db = fromPglite(await PGlite.create({}), async () => undefined);
    await migrate(db).catch(async (err: unknown) => {
      await db.close();
      throw err;
    });
    return db;
  }
  await mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  let db: Db | undefined;
  try {
    const state = await inspectDataDir(dataDir, LATEST_VERSION);
    let pg: PGlite;
    try {
      pg = await PGlite.create({ dataDir });
    } catch (err) {
      throw new DataDirError(dataDir, `could not be opened: ${describePgliteError(err)}`);
    }
    db = fromPglite(pg, () => lock.release());
    try {
      await checkSchema(db, dataDir, state);
      await migrate(db);
      if (state.kind === 'existing') await checkContents(db, dataDir);
    } catch (err) {
      if (err instanceof DataDirError) throw err;
      throw state.kind === 'fresh'
        ? new Error(`cannot apply database migrations in data directory ${dataDir}: ${describePgliteError(err)}`)
        : new DataDirError(dataDir, `is damaged: reading it failed (${describePgliteError(err)})`);
    }
    await writeMarker(dataDir, LATEST_VERSION, state.kind === 'existing' ? state.marker : null);
    return db;
  } catch (err) {
    if (db) await db.close().catch(() => undefined);
    else await lock.release();
    throw err;
  }
}

function fromPglite(pg: PGlite, release: () => Promise<void>): Db {
  const base = wrap(pg);
  let closing: Promise<void> | undefined;
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () =>
      (closing ??= (async () => {
        try {
          await pg.close();
        } finally {
          await release();
        }
      })()),
  };
}
