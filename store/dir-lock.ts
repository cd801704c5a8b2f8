// One process per embedded data directory. PGlite does not lock its directory: a second process on it
// (a second `orgscan serve`, `orgscan report email --data-dir`) silently shares the files, and its
// start-up marked the first one's running scan interrupted. The lock is a file created atomically
// (link(2) fails when it exists) holding the holder's pid, host and process start time, so a lock left
// by a process that is gone (SIGKILL, power loss) is recognised as stale and taken over.
import { randomUUID } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

export const LOCK_FILE = 'orgscan.lock';
/** The holder refreshes the lock's mtime this often; only a lock from another host is judged by it. */
const REFRESH_MS = 10_000;
const FOREIGN_STALE_MS = 60_000;
/** A takeover file older than this was left by a process that died while taking over a stale lock. */
const TAKEOVER_STALE_MS = 10_000;

interface LockContent {
  token: string;
  pid: number;
  host: string;
  /** Linux: boot id and the process's start time in clock ticks, so a reused pid is not taken for the holder. */
  bootId: string | null;
  startTime: string | null;
  command: string;
  acquiredAt: string;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'DataDirInUseError';
  }
}

export interface DirLock {
  readonly path: string;
  release(): Promise<void>;
}

/** Lock files held by this process (a second open in the same process is refused too). */
const heldHere = new Map<string, string>();
let exitHookInstalled = false;

function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

const bootId = (): string | null => readProc('/proc/sys/kernel/random/boot_id');

/** Field 22 of /proc/<pid>/stat (start time after boot); the command name before it may hold spaces. */
function processStartTime(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

function commandLabel(): string {
  const script = process.argv[1] ?? '';
  const name = basename(dirname(script)) === 'cli' && basename(script) === 'index.js' ? 'orgscan' : basename(script) || 'node';
  return [name, process.argv[2]].filter(Boolean).join(' ');
}

function parse(text: string): LockContent | null {
  try {
    const value = JSON.parse(text) as Partial<LockContent>;
    return typeof value.pid === 'number' && typeof value.token === 'string' && typeof value.host === 'string' ? (value as LockContent) : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the recorded holder still runs; a lock from another host is judged by how recently it was refreshed. */
function holderRunning(path: string, holder: LockContent, mtimeMs: number): boolean {
  if (holder.host !== hostname()) return Date.now() - mtimeMs < FOREIGN_STALE_MS;
  if (holder.bootId && holder.bootId !== bootId()) return false;
  // Our own pid: held by this process, or left by an earlier process that had the same pid (a container's pid 1).
  if (holder.pid === process.pid) return heldHere.get(path) === holder.token;
  if (!alive(holder.pid)) return false;
  if (holder.startTime && holder.startTime !== processStartTime(holder.pid)) return false;
  return true;
}

function describeHolder(dataDir: string, holder: LockContent): string {
  const where = holder.host === hostname() ? 'on this host' : `on host ${holder.host}`;
  return (
    `data directory ${dataDir} is in use by process ${holder.pid} (${holder.command}) ${where} since ${holder.acquiredAt}: ` +
    `only one process at a time may open an embedded store; stop that process or use another --data-dir ` +
    `(lock file ${join(dataDir, LOCK_FILE)})`
  );
}

async function readLock(path: string): Promise<{ text: string; content: LockContent | null; mtimeMs: number } | null> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, content: parse(text), mtimeMs: info.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Removes a stale lock unless another process replaced it meanwhile; serialised by a takeover file. */
async function removeStale(path: string, staleText: string): Promise<void> {
  const takeover = `${path}.takeover`;
  try {
    await writeFile(takeover, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const info = await stat(takeover).catch(() => null);
    if (info && Date.now() - info.mtimeMs > TAKEOVER_STALE_MS) await unlink(takeover).catch(() => undefined);
    return; // another process is taking over; the caller tries again
  }
  try {
    const current = await readLock(path);
    if (current?.text === staleText) await unlink(path);
  } finally {
    await unlink(takeover).catch(() => undefined);
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A process exiting without closing its store (process.exit after an error) leaves no lock behind.
  process.once('exit', () => {
    for (const [path, token] of heldHere) {
      try {
        if (parse(readFileSync(path, 'utf8'))?.token === token) unlinkSync(path);
      } catch {
        // best effort: a lock left here is stale and taken over by the next process
      }
    }
  });
}

/** Takes the exclusive lock of `dataDir` (which must exist), or throws DataDirInUseError naming the holder. */
export async function lockDataDir(dataDir: string): Promise<DirLock> {
  const path = join(dataDir, LOCK_FILE);
  const self = process.pid;
  const content: LockContent = {
    token: randomUUID(),
    pid: self,
    host: hostname(),
    bootId: bootId(),
    startTime: processStartTime(self),
    command: commandLabel(),
    acquiredAt: new Date().toISOString(),
  };
  const text = `${JSON.stringify(content, null, 2)}\n`;
  for (let attempt = 0; attempt < 20; attempt += 1) {
    // Written in full under a unique name, then linked into place: nobody reads a half-written lock.
    const temp = `${path}.${content.token}`;
    await writeFile(temp, text, { flag: 'wx' });
    try {
      await link(temp, path);
      heldHere.set(path, content.token);
      installExitHook();
      return held(path, content.token);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await unlink(temp).catch(() => undefined);
    }
    const existing = await readLock(path);
    if (!existing) continue; // released meanwhile
    if (!existing.content) {
      throw new DataDirInUseError(dataDir, null, `data directory ${dataDir} has an unreadable lock file ${path}: if no orgscan process uses the directory, delete the file`);
    }
    if (holderRunning(path, existing.content, existing.mtimeMs)) throw new DataDirInUseError(dataDir, existing.content.pid, describeHolder(dataDir, existing.content));
    await removeStale(path, existing.text);
    await new Promise((resolve) => setTimeout(resolve, 25 * (attempt + 1)));
  }
  throw new DataDirInUseError(dataDir, null, `data directory ${dataDir}: could not take its lock ${path} (other processes keep taking it)`);
}

function held(path: string, token: string): DirLock {
  const refresh = setInterval(() => {
    const now = new Date();
    void utimes(path, now, now).catch(() => undefined);
  }, REFRESH_MS);
  refresh.unref();
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      clearInterval(refresh);
      heldHere.delete(path);
      const current = await readLock(path).catch(() => null);
      if (current?.content?.token === token) await unlink(path).catch(() => undefined);
    },
  };
}
