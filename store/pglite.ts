// Embedded PostgreSQL (PGlite) in a data directory: `orgscan serve` without a database server.
import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Queryable, Row } from './db.js';
import { lockDataDir } from './dir-lock.js';

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
 * Opens (creating when missing) a PGlite database; `dataDir` undefined = in memory. A directory is
 * locked for this process until close(); one held by another process is refused (DataDirInUseError).
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  if (!dataDir) return fromPglite(await PGlite.create({}), async () => undefined);
  await mkdir(dataDir, { recursive: true });
  const lock = await lockDataDir(dataDir);
  try {
    return fromPglite(await PGlite.create({ dataDir }), () => lock.release());
  } catch (err) {
    await lock.release();
    throw err;
  }
}

function fromPglite(pg: PGlite, release: () => Promise<void>): Db {
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    async close() {
      try {
        await pg.close();
      } finally {
        await release();
      }
    },
  };
}
