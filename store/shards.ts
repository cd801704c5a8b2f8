// Scan shards in PostgreSQL: one scan's accounts split into shards that service tasks claim with a
// lease (FOR UPDATE SKIP LOCKED, expiry, heartbeat, attempt count). Every write of a shard's worker is
// fenced by its lease (owner and attempt), so a worker that lost its lease cannot add to a re-run.
import type { Finding, ScanProgress, ScanSummary } from '../domain/index.js';
import type { Db, Queryable, Row } from './db.js';
import { openPostgres } from './postgres.js';
import { SqlStore } from './sql-store.js';
import { storableJson, storableText } from './storable.js';

export type ShardStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ShardRecord {
  scanId: string;
  shard: number;
  accounts: string[];
  status: ShardStatus;
  attempts: number;
  owner: string | null;
  summary: ScanSummary | null;
  lastError: string | null;
}

/** The lease a claim hands out; every fenced write names it. */
export interface ShardLease {
  scanId: string;
  shard: number;
  owner: string;
  attempt: number;
}

export type ClaimResult =
  /** Now held by this worker; `rerun` when an earlier attempt was lost (its findings were deleted). */
  | { kind: 'claimed'; lease: ShardLease; accounts: string[]; rerun: boolean }
  /** Another worker holds a live lease for `leaseLeftMs` more (a duplicate delivery). */
  | { kind: 'held'; leaseLeftMs: number }
  /** Locked by a claim or write in progress elsewhere: try again shortly. */
  | { kind: 'busy' }
  /** Nothing to do: finished, failed, cancelled, the scan ended, or unknown. */
  | { kind: 'gone' }
  /** The lease expired on the last allowed attempt: the shard is now failed; `last` when it was the scan's last open shard. */
  | { kind: 'exhausted'; accounts: string[]; attempts: number; last: boolean };

export class LeaseLostError extends Error {
  constructor(lease: ShardLease) {
    super(`shard ${lease.shard} of scan ${lease.scanId} is no longer held by ${lease.owner} (attempt ${lease.attempt})`);
    this.name = 'LeaseLostError';
  }
}

const LEASED = `status = 'running' AND owner = $3 AND attempts = $4`;

const PROGRESS_SUM = `(SELECT jsonb_build_object(
    'unitsTotal', COALESCE(sum((p.progress->>'unitsTotal')::bigint), 0),
    'unitsDone', COALESCE(sum((p.progress->>'unitsDone')::bigint), 0),
    'unitsFailed', COALESCE(sum((p.progress->>'unitsFailed')::bigint), 0),
    'accountsTotal', COALESCE(sum(jsonb_array_length(p.accounts)), 0),
    'accountsDone', COALESCE(sum((p.progress->>'accountsDone')::bigint), 0),
    'apiCalls', COALESCE(sum((p.progress->>'apiCalls')::bigint), 0),
    'errors', COALESCE(sum((p.progress->>'errors')::bigint), 0),
    'findings', COALESCE(sum((p.progress->>'findings')::bigint), 0))
  FROM scan_shards p WHERE p.scan_id = scans.id)`;

function toShard(row: Row): ShardRecord {
  return {
    scanId: row.scan_id as string,
    shard: Number(row.shard),
    accounts: row.accounts as string[],
    status: row.status as ShardStatus,
    attempts: Number(row.attempts),
    owner: (row.owner as string | null) ?? null,
    summary: (row.summary as ScanSummary | null) ?? null,
    lastError: (row.last_error as string | null) ?? null,
  };
}

export class ShardStore {
  private readonly sql: SqlStore;

  constructor(private readonly db: Db) {
    this.sql = new SqlStore(db);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** Records a scan's shards, all `queued`. */
  async createShards(scanId: string, shards: readonly (readonly string[])[]): Promise<void> {
    if (shards.length === 0) return;
    await this.db.query(
      `INSERT INTO scan_shards (scan_id, shard, accounts, status)
       SELECT $1, x.shard, x.accounts, 'queued' FROM jsonb_to_recordset($2::jsonb) AS x(shard int, accounts jsonb)
       ON CONFLICT DO NOTHING`,
      [storableText(scanId), storableJson(shards.map((accounts, shard) => ({ shard, accounts })))],
    );
  }

  /**
   * Claims a shard for `owner` for `leaseMs`. A queued shard, or a running one whose lease expired (its
   * worker died), is taken with the attempt count raised; a re-run first deletes what the lost attempt
   * stored, so its findings are replaced, never doubled. Past `maxAttempts` the shard fails instead.
   */
  async claim(scanId: string, shard: number, owner: string, leaseMs: number, maxAttempts: number): Promise<ClaimResult> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `SELECT s.*, sc.status AS scan_status, s.lease_expires_at > now() AS leased,
                GREATEST(0, extract(epoch FROM s.lease_expires_at - now()) * 1000)::float8 AS lease_left_ms
           FROM scan_shards s JOIN scans sc ON sc.id = s.scan_id
          WHERE s.scan_id = $1 AND s.shard = $2
            FOR UPDATE OF s SKIP LOCKED`,
        [scanId, shard],
      );
      const row = rows[0];
      if (!row) {
        const exists = await tx.query('SELECT 1 FROM scan_shards WHERE scan_id = $1 AND shard = $2', [scanId, shard]);
        return exists.length > 0 ? { kind: 'busy' } : { kind: 'gone' };
      }
      const status = row.status as ShardStatus;
      if (status === 'done' || status === 'failed' || status === 'cancelled') return { kind: 'gone' };
      if (row.scan_status !== 'running') {
        await tx.query(`UPDATE scan_shards SET status = 'cancelled', updated_at = now() WHERE scan_id = $1 AND shard = $2`, [scanId, shard]);
        return { kind: 'gone' };
      }
      if (status === 'running' && row.leased === true) return { kind: 'held', leaseLeftMs: Number(row.lease_left_ms) };
      const accounts = row.accounts as string[];
      const attempts = Number(row.attempts);
      const rerun = status === 'running' || attempts > 0;
      if (rerun) await this.deleteShardFindings(tx, scanId, accounts);
      if (attempts >= maxAttempts) {
        await tx.query(
          `UPDATE scan_shards SET status = 'failed', owner = NULL, lease_expires_at = NULL, updated_at = now(),
                  last_error = COALESCE(last_error, 'the worker holding it stopped') WHERE scan_id = $1 AND shard = $2`,
          [scanId, shard],
        );
        return { kind: 'exhausted', accounts, attempts, last: await this.lastOpen(tx, scanId) };
      }
      await tx.query(
        `UPDATE scan_shards SET status = 'running', owner = $3, attempts = attempts + 1, progress = NULL, updated_at = now(),
                lease_expires_at = now() + make_interval(secs => $4::float8 / 1000)
          WHERE scan_id = $1 AND shard = $2`,
        [scanId, shard, owner, leaseMs],
      );
      return { kind: 'claimed', lease: { scanId, shard, owner, attempt: attempts + 1 }, accounts, rerun };
    });
  }

  /** Findings of a shard are those of its accounts: shards partition the scan's accounts. */
  private async deleteShardFindings(tx: Queryable, scanId: string, accounts: readonly string[]): Promise<void> {
    await tx.query('DELETE FROM findings WHERE scan_id = $1 AND account_id = ANY($2::text[])', [scanId, accounts]);
  }

  /** Locks the scan row (serialising shard ends) and tells whether no shard of it is open any more. */
  private async lastOpen(tx: Queryable, scanId: string): Promise<boolean> {
    const scan = await tx.query(`SELECT status FROM scans WHERE id = $1 FOR UPDATE`, [scanId]);
    if (scan[0]?.status !== 'running') return false;
    const open = await tx.query(`SELECT count(*)::int AS n FROM scan_shards WHERE scan_id = $1 AND status IN ('queued','running')`, [scanId]);
    return Number(open[0]?.n) === 0;
  }

  /**
   * Extends the lease (and keeps the scan's heartbeat fresh). Returns false when the lease is lost or
   * the scan ended (cancelled, interrupted): the worker then stops the shard.
   */
  async renew(lease: ShardLease, leaseMs: number): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE scan_shards SET lease_expires_at = now() + make_interval(secs => $5::float8 / 1000), updated_at = now()
        WHERE scan_id = $1 AND shard = $2 AND ${LEASED}
          AND EXISTS (SELECT 1 FROM scans WHERE id = $1 AND status = 'running')
        RETURNING 1`,
      [lease.scanId, lease.shard, lease.owner, lease.attempt, leaseMs],
    );
    if (rows.length > 0) await this.db.query(`UPDATE scans SET heartbeat_at = now() WHERE id = $1 AND status = 'running'`, [lease.scanId]);
    return rows.length > 0;
  }

  /** Appends findings of a shard while its lease holds (same history and firstSeenAt handling as Store.appendFindings). */
  async appendFindings(lease: ShardLease, findings: Finding[], observedAt: Date): Promise<void> {
    if (findings.length === 0) return;
    await this.db.transaction(async (tx) => {
      const held = await tx.query(`SELECT 1 FROM scan_shards WHERE scan_id = $1 AND shard = $2 AND ${LEASED} FOR SHARE`, [
        lease.scanId,
        lease.shard,
        lease.owner,
        lease.attempt,
      ]);
      if (held.length === 0) throw new LeaseLostError(lease);
      await this.sql.insertFindings(tx, lease.scanId, findings, observedAt);
    });
  }

  /**
   * Records a shard's progress and sums every shard's into the scan row (which also refreshes its
   * heartbeat). False when the lease is lost or the scan no longer runs: the worker stops the shard.
   */
  async updateProgress(lease: ShardLease, progress: ScanProgress): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE scan_shards SET progress = $5::jsonb, updated_at = now() WHERE scan_id = $1 AND shard = $2 AND ${LEASED} RETURNING 1`,
      [lease.scanId, lease.shard, lease.owner, lease.attempt, storableJson(progress)],
    );
    if (rows.length === 0) return false;
    return this.sumProgress(this.db, lease.scanId);
  }

  private async sumProgress(q: Queryable, scanId: string): Promise<boolean> {
    const rows = await q.query(`UPDATE scans SET progress = ${PROGRESS_SUM}, heartbeat_at = now() WHERE id = $1 AND status = 'running' RETURNING 1`, [scanId]);
    return rows.length > 0;
  }

  /**
   * Ends a held shard: `done` with its engine summary, or `failed` (its accounts become account errors
   * when the scan is finished). Returns whether it was the scan's last open shard; throws LeaseLostError
   * when the lease was lost (another attempt owns the shard now).
   */
  async finish(lease: ShardLease, end: { summary: ScanSummary } | { error: string }): Promise<{ last: boolean }> {
    return this.db.transaction(async (tx) => {
      const ok = 'summary' in end;
      const rows = await tx.query(
        `UPDATE scan_shards SET status = $5, summary = $6::jsonb, progress = COALESCE($7::jsonb, progress), last_error = $8,
                lease_expires_at = NULL, updated_at = now()
          WHERE scan_id = $1 AND shard = $2 AND ${LEASED} RETURNING accounts`,
        [
          lease.scanId,
          lease.shard,
          lease.owner,
          lease.attempt,
          ok ? 'done' : 'failed',
          ok ? storableJson(end.summary) : null,
          ok ? storableJson(end.summary.progress) : null,
          ok ? null : storableText(end.error),
        ],
      );
      if (rows.length === 0) throw new LeaseLostError(lease);
      if (!ok) await this.deleteShardFindings(tx, lease.scanId, rows[0]!.accounts as string[]);
      const last = await this.lastOpen(tx, lease.scanId);
      await this.sumProgress(tx, lease.scanId);
      return { last };
    });
  }

  /**
   * Gives a held shard back (the worker is stopping, or the attempt failed and may be retried): queued
   * again for the next claim. A shutdown release does not count as an attempt.
   */
  async release(lease: ShardLease, options: { countAttempt: boolean; error?: string | undefined }): Promise<void> {
    await this.db.query(
      `UPDATE scan_shards SET status = 'queued', owner = NULL, lease_expires_at = NULL, updated_at = now(),
              attempts = CASE WHEN $5 THEN attempts ELSE attempts - 1 END, last_error = COALESCE($6, last_error)
        WHERE scan_id = $1 AND shard = $2 AND ${LEASED}`,
      [lease.scanId, lease.shard, lease.owner, lease.attempt, options.countAttempt, options.error ? storableText(options.error) : null],
    );
  }

  /** Stops a scan's open shards (the scan was cancelled or interrupted); their workers notice at their next renewal. */
  async cancelShards(scanId: string): Promise<number> {
    const rows = await this.db.query(
      `UPDATE scan_shards SET status = 'cancelled', updated_at = now() WHERE scan_id = $1 AND status IN ('queued','running') RETURNING 1`,
      [scanId],
    );
    return rows.length;
  }

  async shards(scanId: string): Promise<ShardRecord[]> {
    return (await this.db.query('SELECT * FROM scan_shards WHERE scan_id = $1 ORDER BY shard', [scanId])).map(toShard);
  }

  /**
   * Shards of running scans whose lease expired more than `graceMs` ago and that no worker took again:
   * their queue message is lost (a worker died between receiving it and extending its visibility, or
   * it went to the dead-letter queue). Each is returned once per `graceMs`, to be announced again.
   */
  async overdue(graceMs: number): Promise<{ scanId: string; shard: number }[]> {
    const rows = await this.db.query(
      `UPDATE scan_shards s SET lease_expires_at = now()
        WHERE s.status = 'running' AND s.lease_expires_at < now() - make_interval(secs => $1::float8 / 1000)
          AND EXISTS (SELECT 1 FROM scans WHERE id = s.scan_id AND status = 'running')
        RETURNING s.scan_id, s.shard`,
      [graceMs],
    );
    return rows.map((r) => ({ scanId: r.scan_id as string, shard: Number(r.shard) }));
  }

  /**
   * Running sharded scans whose shards have all ended `graceMs` ago or more, yet are not recorded: the
   * task that ended the last shard stopped before recording the scan. Any task may record it (once:
   * recording a scan that is no longer running changes nothing).
   */
  async unrecorded(graceMs: number): Promise<string[]> {
    const rows = await this.db.query(
      `SELECT s.id FROM scans s
        WHERE s.status = 'running' AND EXISTS (SELECT 1 FROM scan_shards p WHERE p.scan_id = s.id)
          AND NOT EXISTS (SELECT 1 FROM scan_shards p WHERE p.scan_id = s.id
                           AND (p.status IN ('queued','running') OR p.updated_at > now() - make_interval(secs => $1::float8 / 1000)))`,
      [graceMs],
    );
    return rows.map((r) => r.id as string);
  }

  /** Whether a scan is split into shards. */
  async isSharded(scanId: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM scan_shards WHERE scan_id = $1 LIMIT 1', [scanId])).length > 0;
  }

  /**
   * Keeps alive the running scans that still have shards to run, for other tasks' stale-scan sweep: a
   * scan whose shards wait in the queue has no worker writing its progress.
   */
  async keepAlive(): Promise<void> {
    await this.db.query(
      `UPDATE scans SET heartbeat_at = now()
        WHERE status = 'running' AND id IN (SELECT scan_id FROM scan_shards WHERE status IN ('queued','running'))`,
    );
  }
}

/** The shard store on its own small pool of the service's PostgreSQL (scale-out needs PostgreSQL). */
export async function openShardStore(databaseUrl: string, options: { schema?: string | undefined } = {}): Promise<ShardStore> {
  return new ShardStore(await openPostgres(databaseUrl, { schema: options.schema, max: 5 }));
}
