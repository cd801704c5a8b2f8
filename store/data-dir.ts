// Start-up checks of an embedded (PGlite) data directory. PGlite initialises a new, empty database
// in any directory without PG_VERSION, so a damaged directory came up "ready" with nothing in it, and
// a truncated findings table came up with 0 findings under a scan that counted 1,212. orgscan writes
// a marker (orgscan-store.json: format, PostgreSQL major, schema version) into every directory it
// creates, checks the files before PGlite opens them and the row counts after, and refuses to start
// on a damaged directory instead of re-initialising it.
import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Queryable } from './db.js';
import { LOCK_FILE } from './dir-lock.js';

export const MARKER_FILE = 'orgscan-store.json';
const MARKER_FORMAT = 'orgscan-pglite';
/** PostgreSQL's control file is always 8 KiB (PG_CONTROL_FILE_SIZE). */
const PG_CONTROL_SIZE = 8192;
/** What every PostgreSQL data directory holds; without one of them PGlite fails or starts over. */
const REQUIRED = ['PG_VERSION', 'base', 'global', 'global/pg_control', 'pg_wal', 'pg_xact', 'pg_multixact'] as const;
/** Entries that do not make a directory "not empty": our lock and marker temporaries, a file system's lost+found. */
const IGNORED = (name: string) =>
  name === LOCK_FILE || name.startsWith(`${LOCK_FILE}.`) || name.startsWith(`${MARKER_FILE}.`) || name === 'lost+found';

export interface DataDirMarker {
  format: typeof MARKER_FORMAT;
  /** PostgreSQL major version of the files (PG_VERSION), e.g. "18". */
  postgresMajor: string;
  /** Latest migration applied, as orgscan last recorded it. */
  schemaVersion: number;
  createdAt: string;
  updatedAt: string;
}

export type DataDirState =
  /** Empty or new: PGlite initialises it. */
  | { kind: 'fresh' }
  /** An orgscan store (marker null: written before markers existed; the checks below still apply). */
  | { kind: 'existing'; marker: DataDirMarker | null };

export class DataDirError extends Error {
  constructor(
    readonly dataDir: string,
    problem: string,
    advice = 'refusing to start rather than create a new, empty store over it; restore the directory from a backup, or move it away to start with an empty store',
  ) {
    super(`data directory ${dataDir} ${problem}; ${advice}`);
    this.name = 'DataDirError';
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function readMarker(dataDir: string): Promise<DataDirMarker | null> {
  let text: string;
  try {
    text = await readFile(join(dataDir, MARKER_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DataDirError(dataDir, `has an unreadable ${MARKER_FILE} (${(err as Error).message})`);
  }
  try {
    const marker = JSON.parse(text) as Partial<DataDirMarker>;
    if (marker.format === MARKER_FORMAT && typeof marker.schemaVersion === 'number' && typeof marker.postgresMajor === 'string') {
      return marker as DataDirMarker;
    }
  } catch {
    // reported below
  }
  throw new DataDirError(dataDir, `has a damaged ${MARKER_FILE} (not an orgscan store marker)`);
}

/** Checks the files before PGlite opens them: fresh (empty), an existing store, or a DataDirError. */
export async function inspectDataDir(dataDir: string, latestSchemaVersion: number): Promise<DataDirState> {
  const entries = (await readdir(dataDir)).filter((name) => !IGNORED(name));
  if (entries.length === 0) return { kind: 'fresh' };
  const marker = await readMarker(dataDir);
  if (!marker && !entries.includes('PG_VERSION')) {
    if (entries.includes('base') || entries.includes('global')) throw new DataDirError(dataDir, 'is damaged: PG_VERSION is missing');
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw new DataDirError(
      dataDir,
      `is not empty and holds no orgscan store (no ${MARKER_FILE}, no PG_VERSION; it contains ${shown})`,
      'refusing to create a store in it; pass an empty or new directory as --data-dir',
    );
  }
  const missing: string[] = [];
  for (const entry of REQUIRED) if (!(await exists(join(dataDir, entry)))) missing.push(entry);
  if (missing.length > 0) throw new DataDirError(dataDir, `is damaged: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`);
  const pgVersion = (await readFile(join(dataDir, 'PG_VERSION'), 'utf8')).trim();
  if (marker && pgVersion !== marker.postgresMajor) {
    throw new DataDirError(dataDir, `is damaged: PG_VERSION says ${JSON.stringify(pgVersion)} but the store was created with PostgreSQL ${marker.postgresMajor}`);
  }
  const control = await stat(join(dataDir, 'global', 'pg_control'));
  if (control.size !== PG_CONTROL_SIZE) {
    throw new DataDirError(dataDir, `is damaged: global/pg_control is ${control.size} bytes, not ${PG_CONTROL_SIZE}`);
  }
  if (marker && marker.schemaVersion > latestSchemaVersion) {
    throw new DataDirError(
      dataDir,
      `was written by a newer orgscan (schema version ${marker.schemaVersion}; this one knows up to ${latestSchemaVersion})`,
      'refusing to start; run the newer orgscan, or restore a backup made by this version',
    );
  }
  return { kind: 'existing', marker };
}

/** Turns whatever PGlite threw into one line (never "[object Object]" or emscripten's "Build with -sASSERTIONS" hint). */
export function describePgliteError(err: unknown): string {
  const raw = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
  if (/Aborted\(|-sASSERTIONS|RuntimeError|unreachable/.test(raw)) return 'the embedded PostgreSQL aborted while opening its files';
  return raw.replace(/\s+/g, ' ').trim() || 'unknown error';
}

/** Before migrations: the schema the marker recorded is still there (a migration never runs over a lost schema). */
export async function checkSchema(db: Queryable, dataDir: string, state: DataDirState): Promise<void> {
  if (state.kind !== 'existing') return;
  const table = await db.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  const present = table[0]?.present === true;
  const expected = state.marker?.schemaVersion ?? 0;
  if (!present) {
    if (expected > 0) throw new DataDirError(dataDir, `is damaged: its schema (version ${expected}) is gone, the schema_migrations table is missing`);
    return; // a directory PGlite created but orgscan never migrated (a crash on first start)
  }
  const rows = await db.query('SELECT COALESCE(max(version), 0)::int AS v FROM schema_migrations');
  const version = Number(rows[0]?.v ?? 0);
  if (version < expected) throw new DataDirError(dataDir, `is damaged: schema version ${version} in the database, but ${expected} was recorded`);
}

/**
 * After migrations: every finished scan still has the findings it counted, and no finding belongs to a
 * scan that is gone. Sequential scans only: an index could still list rows whose table pages are lost.
 */
export async function checkContents(db: Queryable & { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, dataDir: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off; SET LOCAL enable_bitmapscan = off');
    const short = await tx.query(
      `SELECT s.id, s.status, s.expected::bigint AS expected, COALESCE(f.n, 0)::bigint AS stored
         FROM (SELECT id, status, seq, (SELECT COALESCE(sum(value::bigint), 0) FROM jsonb_each_text(counts)) AS expected
                 FROM scans WHERE status NOT IN ('queued','running')) s
         LEFT JOIN (SELECT scan_id, count(*) AS n FROM findings GROUP BY scan_id) f ON f.scan_id = s.id
        WHERE COALESCE(f.n, 0) < s.expected
        ORDER BY s.seq DESC`,
    );
    if (short.length > 0) {
      const first = short[0]!;
      const more = short.length > 1 ? ` (and ${short.length - 1} more scan${short.length > 2 ? 's' : ''})` : '';
      throw new DataDirError(
        dataDir,
        `is damaged: scan ${String(first.id)} (${String(first.status)}) counted ${Number(first.expected).toLocaleString('en-US')} findings but the findings table holds ${Number(first.stored).toLocaleString('en-US')} of them${more}`,
      );
    }
    const orphans = await tx.query(
      `SELECT count(*)::bigint AS n FROM findings f WHERE NOT EXISTS (SELECT 1 FROM scans s WHERE s.id = f.scan_id)`,
    );
    const n = Number(orphans[0]?.n ?? 0);
    if (n > 0) throw new DataDirError(dataDir, `is damaged: ${n.toLocaleString('en-US')} findings belong to scans missing from the scans table`);
  });
}

/** Records (atomically) that this directory is an orgscan store at `schemaVersion`. */
export async function writeMarker(dataDir: string, schemaVersion: number, previous: DataDirMarker | null): Promise<void> {
  const now = new Date().toISOString();
  const marker: DataDirMarker = {
    format: MARKER_FORMAT,
    postgresMajor: (await readFile(join(dataDir, 'PG_VERSION'), 'utf8')).trim(),
    schemaVersion,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
  };
  if (previous && previous.schemaVersion === schemaVersion && previous.postgresMajor === marker.postgresMajor) return;
  const temp = join(dataDir, `${MARKER_FILE}.${process.pid}.tmp`);
  await writeFile(temp, `${JSON.stringify(marker, null, 2)}\n`);
  await rename(temp, join(dataDir, MARKER_FILE));
}
