// A damaged embedded data directory is detected and refused, never re-initialised; an empty or new one
// is created fresh. Each case damages a copy of one real store (a succeeded scan with 1,212 findings).
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirError, MARKER_FILE } from '../../store/data-dir.js';
import { openStore } from '../../store/open.js';
import { LATEST_VERSION } from '../../store/migrations.js';
import { emptyCounts, emptyProgress } from '../../store/sql-store.js';
import { CLI, ensureBuilt } from '../helpers/dist.js';
import { makeFinding } from '../helpers/sample-findings.js';
import { createToken } from '../../server/auth.js';

const FINDINGS = 1212;
let root: string;
let pristine: string;
let findingsFile: string;
let scansFile: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'orgscan-datadir-'));
  pristine = join(root, 'pristine');
  const store = await openStore({ dataDir: pristine });
  const { scan } = await store.createScan({ id: 'scan-1212', source: 'api', scope: { org: true }, scopeKey: 'org' });
  const at = new Date('2026-06-01T00:00:00.000Z');
  await store.markScanRunning(scan.id, at);
  await store.appendFindings(scan.id, Array.from({ length: FINDINGS }, (_, i) => makeFinding({ resourceId: `vol-${i}` })), at);
  await store.finishScan({
    id: scan.id,
    startedAt: at.toISOString(),
    finishedAt: new Date(at.getTime() + 60_000).toISOString(),
    status: 'succeeded',
    accounts: ['111111111111'],
    regions: ['eu-west-1'],
    checks: ['ebs-volume-unattached'],
    apiCalls: { total: 1, throttled: 0, retries: 0, byOperation: {} },
    errors: [],
    progress: emptyProgress(),
    counts: { ...emptyCounts(), FAIL: FINDINGS },
  });
  await store.close();
  const pg = await PGlite.create({ dataDir: pristine });
  const rows = (await pg.query<{ f: string; s: string }>(`SELECT pg_relation_filepath('findings') AS f, pg_relation_filepath('scans') AS s`)).rows;
  await pg.close();
  findingsFile = rows[0]!.f;
  scansFile = rows[0]!.s;
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

let copies = 0;
async function copy(): Promise<string> {
  const dir = join(root, `copy-${++copies}`);
  await cp(pristine, dir, { recursive: true });
  return dir;
}

/** Opening must fail with a DataDirError naming the directory and the problem, and leave the files as they were. */
async function expectRefused(dir: string, problem: RegExp): Promise<void> {
  const before = (await readdir(dir)).sort();
  const error = await openStore({ dataDir: dir }).then(
    async (store) => {
      await store.close();
      return null;
    },
    (err: unknown) => err,
  );
  expect(error, 'the damaged directory was opened').toBeInstanceOf(DataDirError);
  const message = (error as Error).message;
  expect(message).toContain(`data directory ${dir} `);
  expect(message).toMatch(problem);
  expect(message).not.toMatch(/Aborted\(\)|-sASSERTIONS|\[object Object\]/);
  expect((await readdir(dir)).sort()).toEqual(before);
}

describe('embedded data directory checks', () => {
  it('creates a missing or empty directory fresh and marks it as an orgscan store', async () => {
    const fresh = join(root, 'new', 'nested');
    const store = await openStore({ dataDir: fresh });
    expect(await store.listScans()).toEqual({ items: [], nextCursor: null });
    await store.close();
    expect(JSON.parse(await readFile(join(fresh, MARKER_FILE), 'utf8'))).toMatchObject({ format: 'orgscan-pglite', schemaVersion: LATEST_VERSION, postgresMajor: expect.any(String) });
    const empty = join(root, 'empty');
    await mkdir(join(empty, 'lost+found'), { recursive: true });
    await (await openStore({ dataDir: empty })).close();
  });

  it('opens an intact store and keeps every finding', async () => {
    const dir = await copy();
    const store = await openStore({ dataDir: dir });
    expect(await store.countFindings('scan-1212')).toBe(FINDINGS);
    await store.close();
  });

  it('refuses a store whose PG_VERSION is missing instead of creating an empty one over it', async () => {
    const dir = await copy();
    await unlink(join(dir, 'PG_VERSION'));
    await expectRefused(dir, /is damaged: PG_VERSION is missing/);
  });

  it('refuses a store written before markers existed whose PG_VERSION is missing', async () => {
    const dir = await copy();
    await unlink(join(dir, 'PG_VERSION'));
    await unlink(join(dir, MARKER_FILE));
    await expectRefused(dir, /is damaged: PG_VERSION is missing/);
  });

  it('refuses a store whose findings table was truncated, naming the scan and both counts', async () => {
    const dir = await copy();
    await truncate(join(dir, findingsFile), 0);
    await expectRefused(dir, /is damaged: scan scan-1212 \(succeeded\) counted 1,212 findings but the findings table holds 0 of them/);
  });

  it('refuses a store whose scans table was truncated', async () => {
    const dir = await copy();
    await truncate(join(dir, scansFile), 0);
    await expectRefused(dir, /is damaged: 1,212 findings belong to scans missing from the scans table/);
  });

  it('refuses a store whose control file is missing or cut short, without emscripten noise', async () => {
    const missing = await copy();
    await unlink(join(missing, 'global', 'pg_control'));
    await expectRefused(missing, /is damaged: global\/pg_control is missing/);
    const short = await copy();
    await truncate(join(short, 'global', 'pg_control'), 100);
    await expectRefused(short, /is damaged: global\/pg_control is 100 bytes, not 8192/);
  });

  it('refuses a store whose files PGlite cannot read, with a one-line reason', async () => {
    const dir = await copy();
    await writeFile(join(dir, 'global', 'pg_control'), Buffer.alloc(8192, 0x5a));
    await expectRefused(dir, /could not be opened: |is damaged: /);
  });

  it('refuses a directory holding something else, and a store of a newer schema', async () => {
    const other = join(root, 'other');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'not a database');
    await expectRefused(other, /is not empty and holds no orgscan store \(no orgscan-store\.json, no PG_VERSION; it contains notes\.txt\)/);
    const newer = await copy();
    const marker = JSON.parse(await readFile(join(newer, MARKER_FILE), 'utf8')) as Record<string, unknown>;
    await writeFile(join(newer, MARKER_FILE), JSON.stringify({ ...marker, schemaVersion: 99 }));
    await expectRefused(newer, new RegExp(`was written by a newer orgscan \\(schema version 99; this one knows up to ${LATEST_VERSION}\\)`));
  });

  it('adds the marker to an intact store created before markers existed', async () => {
    const dir = await copy();
    await unlink(join(dir, MARKER_FILE));
    const store = await openStore({ dataDir: dir });
    expect(await store.countFindings('scan-1212')).toBe(FINDINGS);
    await store.close();
    expect(JSON.parse(await readFile(join(dir, MARKER_FILE), 'utf8'))).toMatchObject({ format: 'orgscan-pglite', schemaVersion: LATEST_VERSION });
  });

  it('orgscan serve refuses a damaged directory at start-up with the directory and the problem', async () => {
    ensureBuilt();
    const dir = await copy();
    await unlink(join(dir, 'PG_VERSION'));
    // Before the checks it started on a new, empty store: killed after 20 s, it has no exit code.
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [CLI, 'serve', '--accounts', '111111111111', '--regions', 'eu-west-1', '--port', '0', '--data-dir', dir],
        { env: { PATH: process.env.PATH ?? '', ORGSCAN_API_TOKENS: createToken('operator').entry, HOME: tmpdir() }, timeout: 20_000, killSignal: 'SIGKILL' },
        (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('listening');
    expect(r.stderr).toContain(`orgscan: data directory ${dir} is damaged: PG_VERSION is missing; refusing to start`);
    expect(r.stderr).not.toMatch(/Aborted\(\)|-sASSERTIONS|\[object Object\]/);
  });
});
