// The Store over SQL shared by PGlite and PostgreSQL.
import { UNOWNED, type DeliveryRecord } from '../domain/index.js';
import type { ApiCallStats, Finding, FindingStatus, ScanProgress, ScanSummary } from '../domain/index.js';
import type { ScanScope } from '../domain/index.js';
import { decodeCursor, decodeWasteCursor, encodeCursor, encodeWasteCursor, pageSize } from './cursor.js';
import type { Db, Queryable, Row } from './db.js';
import { isKeysetOrder, keysetCursorOf, keysetQuery, searchClause } from './finding-query.js';
import { LATEST_VERSION, MIGRATIONS } from './migrations.js';
import {
  addDeliveries,
  applyAnnouncementChanges,
  deleteSetting,
  everResolved,
  getSetting,
  listDeliveries,
  openAnnouncements,
  putSetting,
  type AnnouncementChanges } from './notifications.js';
import { storableJson, storableText, storableTextOrNull } from './storable.js';
import {
  BASELINE_STATUSES,
  LATEST_VIEW_STATUSES,
  SCAN_STATUSES,
  type CreateScanResult,
  type FindingFilter,
  type FindingHistory,
  type NewScan,
  type Page,
  type PageRequest,
  type ScanListFilter,
  type ScanRecord,
  type ScanSource,
  type ScanStatus,
  type Store,
  type StoreMetrics,
  type StoredSuppression,
  type TrendPoint,
} from './types.js';

/** The waste order's sort key, as the findings_by_waste index defines it. */
const WASTE_KEY = "COALESCE((doc->>'estimatedMonthlyCostUsd')::float8, -1)";

/** Rows per INSERT statement; a unit's findings larger than this are split inside one transaction. */
const INSERT_CHUNK = 2000;
const MIGRATION_LOCK = 0x6f7267; // "org"

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** A scan ended without an engine summary (failed, interrupted) shows the counts of the findings it stored. */
const STORED_COUNTS = `(SELECT jsonb_build_object(
    'PASS', count(*) FILTER (WHERE f.status = 'PASS'), 'FAIL', count(*) FILTER (WHERE f.status = 'FAIL'),
    'ERROR', count(*) FILTER (WHERE f.status = 'ERROR'), 'MUTED', count(*) FILTER (WHERE f.status = 'MUTED'))
  FROM findings f WHERE f.scan_id = scans.id)`;

export function emptyProgress(): ScanProgress {
  return { unitsTotal: 0, unitsDone: 0, unitsFailed: 0, accountsTotal: 0, accountsDone: 0, apiCalls: 0, errors: 0, findings: 0 };
}

export function emptyCounts(): Record<FindingStatus, number> {
  return { PASS: 0, FAIL: 0, ERROR: 0, MUTED: 0 };
}

function emptyApiCalls(): ApiCallStats {
  return { total: 0, throttled: 0, retries: 0, byOperation: {} };
}

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

function toScan(row: Row): ScanRecord {
  return {
    id: row.id as string,
    status: row.status as ScanStatus,
    source: row.source as ScanSource,
    scope: row.scope as ScanScope,
    scopeKey: row.scope_key as string,
    createdAt: iso(row.created_at)!,
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    accounts: row.accounts as string[],
    regions: row.regions as string[],
    checks: row.checks as string[],
    progress: row.progress as ScanProgress,
    apiCalls: row.api_calls as ApiCallStats,
    errors: row.errors as ScanRecord['errors'],
    counts: row.counts as Record<FindingStatus, number>,
    coverage: (row.coverage as ScanRecord['coverage'] | undefined) ?? null,
    failureReason: (row.failure_reason as string | null) ?? null,
    idempotencyKey: (row.idempotency_key as string | null) ?? null,
    requeuedFrom: (row.requeued_from as string | null) ?? null,
  };
}

/** Builds `AND column = ANY($n)` clauses for a finding filter; params are appended to `params`. */
function findingWhere(filter: FindingFilter, params: unknown[]): string {
  const clauses: string[] = [];
  const any = (column: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    // A single value as plain equality: the (scan_id, column, seq) index then yields rows in seq
    // order and LIMIT stops early; with = ANY the planner must collect and sort every match.
    params.push(values.length === 1 ? values[0] : values);
    clauses.push(values.length === 1 ? `${column} = $${params.length}` : `${column} = ANY($${params.length}::text[])`);
  };
  any('status', filter.status);
  any('severity', filter.severity);
  any('check_id', filter.checkId);
  any('account_id', filter.accountId);
  any('region', filter.region);
  if (filter.resourceId !== undefined) {
    params.push(filter.resourceId);
    clauses.push(`resource_id = $${params.length}`);
  }
  // Account metadata and owner live in the finding's JSON document (migration 5 indexes the owner).
  if (filter.ouPath && filter.ouPath.length > 0) {
    const ors = filter.ouPath.map((prefix) => {
      params.push(prefix.replace(/\/+$/, ''));
      const n = params.length;
      return `doc->>'ouPath' = $${n} OR starts_with(doc->>'ouPath', $${n} || '/')`;
    });
    clauses.push(`(${ors.join(' OR ')})`);
  }
  if (filter.accountTags && Object.keys(filter.accountTags).length > 0) {
    params.push(JSON.stringify({ accountTags: filter.accountTags }));
    clauses.push(`doc @> $${params.length}::jsonb`);
  }
  if (filter.owner && filter.owner.length > 0) {
    params.push(filter.owner);
    clauses.push(`COALESCE(doc->>'owner', '${UNOWNED}') = ANY($${params.length}::text[])`);
  }
  if (filter.visibleTo) {
    const ors: string[] = [];
    if (filter.visibleTo.owner.length > 0) {
      params.push(filter.visibleTo.owner);
      ors.push(`COALESCE(doc->>'owner', '${UNOWNED}') = ANY($${params.length}::text[])`);
    }
    for (const prefix of filter.visibleTo.ouPath) {
      params.push(prefix.replace(/\/+$/, ''));
      ors.push(`doc->>'ouPath' = $${params.length} OR starts_with(doc->>'ouPath', $${params.length} || '/')`);
    }
    clauses.push(ors.length > 0 ? `(${ors.join(' OR ')})` : 'FALSE');
  }
  return clauses.map((c) => ` AND ${c}`).join('') + searchClause(filter.q, params);
}

export class SqlStore implements Store {
  constructor(private readonly db: Db) {}

  get kind(): 'pglite' | 'postgres' {
    return this.db.kind;
  }

  async migrate(): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Serialises concurrent start-ups of several service instances on one database.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const applied = new Set((await tx.query('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
      for (const m of MIGRATIONS) {
        if (applied.has(m.version)) continue;
        await tx.exec(m.sql);
        await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      }
    });
  }

  async ready(): Promise<boolean> {
    try {
      const rows = await this.db.query('SELECT max(version) AS v FROM schema_migrations');
      return Number(rows[0]?.v) === LATEST_VERSION;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }

  // ------------------------------------------------------------------ scans

  async createScan(request: NewScan): Promise<CreateScanResult> {
    const input = { ...request, id: storableText(request.id), scopeKey: storableText(request.scopeKey) };
    const key = storableTextOrNull(request.idempotencyKey);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (key) {
        const byKey = await this.db.query('SELECT * FROM scans WHERE idempotency_key = $1', [key]);
        if (byKey[0]) return { created: false, scan: toScan(byKey[0]), reason: 'idempotency-key' };
      }
      const active = await this.db.query(
        `SELECT * FROM scans WHERE scope_key = $1 AND status IN ('queued','running')`,
        [input.scopeKey],
      );
      if (active[0]) return { created: false, scan: toScan(active[0]), reason: 'same-scope-active' };
      const inserted = await this.db.query(
        `INSERT INTO scans (id, status, source, scope, scope_key, idempotency_key, requeued_from, created_at, heartbeat_at,
                            progress, api_calls, counts)
         VALUES ($1, 'queued', $2, $3::jsonb, $4, $5, $6, $7::timestamptz, now(), $8::jsonb, $9::jsonb, $10::jsonb)
         ON CONFLICT DO NOTHING
         RETURNING *`,
        [
          input.id,
          input.source,
          storableJson(input.scope),
          input.scopeKey,
          key,
          storableTextOrNull(input.requeuedFrom),
          (input.createdAt ?? new Date()).toISOString(),
          JSON.stringify(emptyProgress()),
          JSON.stringify(emptyApiCalls()),
          JSON.stringify(emptyCounts()),
        ],
      );
      if (inserted[0]) return { created: true, scan: toScan(inserted[0]) };
      // Lost a race against a concurrent request for the same scope or key: read the winner.
    }
    throw new Error(`could not create scan ${input.id}: conflicting scans keep appearing for scope ${input.scopeKey}`);
  }

  async markScanRunning(id: string, startedAt: Date): Promise<void> {
    await this.db.query(
      `UPDATE scans SET status = 'running', started_at = $2::timestamptz, heartbeat_at = now() WHERE id = $1 AND status = 'queued'`,
      [id, startedAt.toISOString()],
    );
  }

  async updateScanProgress(id: string, progress: ScanProgress): Promise<void> {
    await this.db.query(`UPDATE scans SET progress = $2::jsonb, heartbeat_at = now() WHERE id = $1 AND status = 'running'`, [
      id,
      JSON.stringify(progress),
    ]);
  }

  async finishScan(summary: ScanSummary): Promise<boolean> {
    const recorded = await this.db.transaction(async (tx) => {
      const updated = await tx.query(
        `UPDATE scans SET status = $2, started_at = COALESCE(started_at, $3::timestamptz), finished_at = $4::timestamptz,
                accounts = $5::jsonb, regions = $6::jsonb, checks = $7::jsonb, progress = $8::jsonb, api_calls = $9::jsonb,
                errors = $10::jsonb, counts = $11::jsonb, coverage = $12::jsonb,
                failure_reason = COALESCE($13, failure_reason), heartbeat_at = now()
          WHERE id = $1 AND status IN ('queued','running') RETURNING id`,
        [
          summary.id,
          summary.status,
          summary.startedAt,
          summary.finishedAt ?? new Date().toISOString(),
          storableJson(summary.accounts),
          storableJson(summary.regions),
          storableJson(summary.checks),
          storableJson(summary.progress),
          storableJson(summary.apiCalls),
          storableJson(summary.errors),
          storableJson(summary.counts),
          summary.coverage ? storableJson(summary.coverage) : null,
          storableTextOrNull(summary.failureReason),
        ],
      );
      if (updated.length === 0) {
        const exists = await tx.query('SELECT 1 FROM scans WHERE id = $1', [summary.id]);
        if (exists.length === 0) throw new Error(`scan ${summary.id} does not exist`);
        return false;
      }
      if (summary.status === 'succeeded') await this.resolveAbsent(tx, summary);
      return true;
    });
    if (!recorded) return false;
    // A scan adds many rows at once; fresh statistics keep filtered pages on the ordered indexes
    // (PGlite has no autovacuum to do it). Best effort: a failure only costs query plans.
    await this.db.exec('ANALYZE findings; ANALYZE finding_history').catch(() => undefined);
    return true;
  }

  /**
   * A finding failing before and absent from a successful scan that covered its check, account and
   * region without an error there is resolved (the resource is gone or no longer evaluated as failing).
   */
  private async resolveAbsent(tx: Queryable, summary: ScanSummary): Promise<void> {
    const erroredAccounts = summary.errors.filter((e) => e.region === null).map((e) => e.accountId);
    const covered = summary.accounts.filter((a) => !erroredAccounts.includes(a));
    if (covered.length === 0 || summary.checks.length === 0) return;
    await tx.query(
      `UPDATE finding_history h
          SET last_status = 'ABSENT', failing_since = NULL, resolved_at = $2::timestamptz, last_scan_id = $1
        WHERE h.last_status = 'FAIL' AND h.last_scan_id <> $1
          AND h.account_id = ANY($3::text[]) AND h.check_id = ANY($4::text[])
          AND (h.region = 'global' OR h.region = ANY($5::text[]))
          AND NOT EXISTS (SELECT 1 FROM findings f
                           WHERE f.scan_id = $1 AND f.status = 'ERROR'
                             AND f.check_id = h.check_id AND f.account_id = h.account_id AND f.region = h.region)`,
      [summary.id, summary.startedAt, covered, summary.checks, summary.regions],
    );
  }

  async failScan(id: string, status: 'failed' | 'interrupted' | 'cancelled', reason: string, at: Date, progress?: ScanProgress): Promise<void> {
    await this.db.query(
      `UPDATE scans SET status = $2, failure_reason = $3, finished_at = $4::timestamptz,
              progress = COALESCE($5::jsonb, progress), heartbeat_at = now(), counts = ${STORED_COUNTS}
        WHERE id = $1 AND status IN ('queued','running')`,
      [id, status, storableText(reason), at.toISOString(), progress ? storableJson(progress) : null],
    );
  }

  async interruptStaleScans(now: Date, staleAfterMs: number, reason: string): Promise<ScanRecord[]> {
    const rows = await this.db.query(
      `UPDATE scans SET status = 'interrupted', failure_reason = $1, finished_at = $2::timestamptz, counts = ${STORED_COUNTS}
        WHERE status IN ('queued','running') AND heartbeat_at <= now() - make_interval(secs => $3::float8 / 1000)
        RETURNING *`,
      [storableText(reason), now.toISOString(), staleAfterMs],
    );
    return rows.map(toScan);
  }

  async pendingRequeues(since: Date): Promise<ScanRecord[]> {
    const rows = await this.db.query(
      `SELECT s.* FROM scans s
        WHERE s.status = 'interrupted' AND s.source = 'queue' AND s.finished_at > $1::timestamptz
          AND NOT EXISTS (SELECT 1 FROM scans r WHERE r.requeued_from = s.id)
        ORDER BY s.seq`,
      [since.toISOString()],
    );
    return rows.map(toScan);
  }

  async heartbeat(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.query(`UPDATE scans SET heartbeat_at = now() WHERE id = ANY($1::text[]) AND status IN ('queued','running')`, [ids]);
  }

  async getScan(id: string): Promise<ScanRecord | null> {
    const rows = await this.db.query('SELECT * FROM scans WHERE id = $1', [id]);
    return rows[0] ? toScan(rows[0]) : null;
  }

  async listScans(filter: ScanListFilter = {}, page: PageRequest = {}): Promise<Page<ScanRecord>> {
    const limit = pageSize(page.limit);
    const params: unknown[] = [];
    let where = 'TRUE';
    if (filter.status && filter.status.length > 0) {
      params.push(filter.status);
      where += ` AND status = ANY($${params.length}::text[])`;
    }
    if (filter.scopeKey !== undefined) {
      params.push(filter.scopeKey);
      where += ` AND scope_key = $${params.length}`;
    }
    if (page.cursor !== undefined) {
      params.push(decodeCursor('scans', page.cursor));
      where += ` AND seq < $${params.length}`;
    }
    params.push(limit + 1);
    const rows = await this.db.query(`SELECT * FROM scans WHERE ${where} ORDER BY seq DESC LIMIT $${params.length}`, params);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toScan),
      nextCursor: rows.length > limit && last ? encodeCursor('scans', Number(last.seq)) : null,
    };
  }

  async latestFinishedScan(scopeKey?: string): Promise<ScanRecord | null> {
    const rows =
      scopeKey === undefined
        ? await this.db.query(`SELECT * FROM scans WHERE status = ANY($1::text[]) ORDER BY finished_at DESC, seq DESC LIMIT 1`, [LATEST_VIEW_STATUSES])
        : await this.db.query(`SELECT * FROM scans WHERE status = ANY($2::text[]) AND scope_key = $1 ORDER BY seq DESC LIMIT 1`, [
            scopeKey,
            LATEST_VIEW_STATUSES,
          ]);
    return rows[0] ? toScan(rows[0]) : null;
  }

  async previousFinishedScan(scanId: string): Promise<ScanRecord | null> {
    const rows = await this.db.query(
      `SELECT p.* FROM scans p JOIN scans c ON c.id = $1
        WHERE p.status = ANY($2::text[]) AND p.scope_key = c.scope_key AND p.seq < c.seq
        ORDER BY p.seq DESC LIMIT 1`,
      [scanId, BASELINE_STATUSES],
    );
    return rows[0] ? toScan(rows[0]) : null;
  }

  async failingTrend(limit: number, scopeKey?: string): Promise<TrendPoint[]> {
    const n = pageSize(limit);
    const rows =
      scopeKey === undefined
        ? await this.db.query(`SELECT * FROM scans WHERE status = 'succeeded' ORDER BY seq DESC LIMIT $1`, [n])
        : await this.db.query(`SELECT * FROM scans WHERE status = 'succeeded' AND scope_key = $2 ORDER BY seq DESC LIMIT $1`, [
            n,
            scopeKey,
          ]);
    return rows.reverse().map((row) => {
      const scan = toScan(row);
      return { scanId: scan.id, startedAt: scan.startedAt, finishedAt: scan.finishedAt, failing: scan.counts.FAIL ?? 0, counts: scan.counts };
    });
  }

  // ------------------------------------------------------------------ findings

  async appendFindings(scanId: string, findings: Finding[], observedAt: Date): Promise<void> {
    if (findings.length === 0) return;
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < findings.length; i += INSERT_CHUNK) {
        await this.insertChunk(tx, scanId, findings.slice(i, i + INSERT_CHUNK), observedAt);
      }
    });
  }

  /** appendFindings' insert inside a caller's transaction (store/shards.ts fences it with a lease check). */
  async insertFindings(tx: Queryable, scanId: string, findings: Finding[], observedAt: Date): Promise<void> {
    for (let i = 0; i < findings.length; i += INSERT_CHUNK) {
      await this.insertChunk(tx, scanId, findings.slice(i, i + INSERT_CHUNK), observedAt);
    }
  }

  private async insertChunk(tx: Queryable, scanId: string, findings: Finding[], observedAt: Date): Promise<void> {
    const input = findings.map((f, ord) => ({
      ord,
      check_id: f.checkId,
      status: f.status,
      severity: f.severity,
      account_id: f.accountId,
      region: f.region,
      resource_id: f.resourceId,
      doc: f,
    }));
    // One statement: upsert the history of each identity (once, its last occurrence in the batch),
    // then insert the findings with firstSeenAt taken from the updated history.
    await tx.query(
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb)
           AS x(ord int, check_id text, status text, severity text, account_id text, region text, resource_id text, doc jsonb)
       ),
       latest AS (
         SELECT DISTINCT ON (check_id, account_id, region, resource_id) check_id, account_id, region, resource_id, status
           FROM input ORDER BY check_id, account_id, region, resource_id, ord DESC
       ),
       hist AS (
         INSERT INTO finding_history AS h
                (check_id, account_id, region, resource_id, first_seen_at, last_seen_at, failing_since, resolved_at, last_status, last_scan_id)
         SELECT check_id, account_id, region, resource_id, $3::timestamptz, $3::timestamptz,
                CASE WHEN status = 'FAIL' THEN $3::timestamptz END, NULL, status, $1
           FROM latest
         ON CONFLICT (check_id, account_id, region, resource_id) DO UPDATE SET
           last_seen_at = GREATEST(h.last_seen_at, EXCLUDED.last_seen_at),
           failing_since = CASE
             WHEN EXCLUDED.last_status = 'FAIL' THEN COALESCE(h.failing_since, EXCLUDED.last_seen_at)
             WHEN EXCLUDED.last_status IN ('PASS','MUTED') THEN NULL
             ELSE h.failing_since END,
           resolved_at = CASE
             WHEN EXCLUDED.last_status = 'FAIL' THEN NULL
             WHEN EXCLUDED.last_status IN ('PASS','MUTED') AND h.failing_since IS NOT NULL THEN EXCLUDED.last_seen_at
             ELSE h.resolved_at END,
           last_status = CASE WHEN EXCLUDED.last_status = 'ERROR' THEN h.last_status ELSE EXCLUDED.last_status END,
           last_scan_id = EXCLUDED.last_scan_id
         RETURNING h.check_id, h.account_id, h.region, h.resource_id, h.first_seen_at, h.failing_since
       )
       INSERT INTO findings (scan_id, check_id, status, severity, account_id, region, resource_id, doc)
       SELECT $1, i.check_id, i.status, i.severity, i.account_id, i.region, i.resource_id,
              i.doc || jsonb_build_object('firstSeenAt',
                to_char((CASE WHEN i.status = 'FAIL' THEN COALESCE(hist.failing_since, hist.first_seen_at) ELSE hist.first_seen_at END)
                        AT TIME ZONE 'UTC', ${ISO}))
         FROM input i JOIN hist USING (check_id, account_id, region, resource_id)
        ORDER BY i.ord`,
      [scanId, storableJson(input), observedAt.toISOString()],
    );
  }

  async listFindings(scanId: string, filter: FindingFilter = {}, page: PageRequest = {}): Promise<Page<Finding>> {
    const limit = pageSize(page.limit);
    const params: unknown[] = [scanId];
    let where = findingWhere(filter, params);
    if (isKeysetOrder(page.order)) {
      const order = page.order;
      const k = keysetQuery(order, page.cursor, params);
      params.push(limit + 1);
      const rows = await this.db.query(
        `SELECT seq, doc, ${k.select} FROM findings WHERE scan_id = $1${where}${k.where} ORDER BY ${k.orderBy} LIMIT $${params.length}`,
        params,
      );
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items: items.map((r) => r.doc as Finding), nextCursor: rows.length > limit && last ? keysetCursorOf(order, last) : null };
    }
    const byWaste = page.order === 'waste';
    if (page.cursor !== undefined) {
      if (byWaste) {
        const after = decodeWasteCursor(page.cursor);
        params.push(after.cost, after.seq);
        where += ` AND (${WASTE_KEY} < $${params.length - 1} OR (${WASTE_KEY} = $${params.length - 1} AND seq > $${params.length}))`;
      } else {
        params.push(decodeCursor('findings', page.cursor));
        where += ` AND seq > $${params.length}`;
      }
    }
    params.push(limit + 1);
    const rows = await this.db.query(
      `SELECT seq, doc${byWaste ? `, ${WASTE_KEY} AS waste_key` : ''} FROM findings WHERE scan_id = $1${where} ` +
        `ORDER BY ${byWaste ? `${WASTE_KEY} DESC, seq` : 'seq'} LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    const more = rows.length > limit && last !== undefined;
    return {
      items: items.map((r) => r.doc as Finding),
      nextCursor: !more ? null : byWaste ? encodeWasteCursor(Number(last.waste_key), Number(last.seq)) : encodeCursor('findings', Number(last.seq)),
    };
  }

  async *iterateFindings(scanId: string, filter: FindingFilter = {}, batchSize = 1000): AsyncIterable<Finding> {
    let cursor: string | undefined;
    do {
      const page = await this.listFindings(scanId, filter, { limit: Math.min(batchSize, 1000), cursor });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
      // PGlite runs each query on this thread and its promises settle as microtasks: without a turn of
      // the event loop between pages, reading 100,000 findings kept every other request (/healthz too) waiting.
      if (cursor) await new Promise<void>((resolve) => setImmediate(resolve));
    } while (cursor);
  }

  async countFindings(scanId: string, filter: FindingFilter = {}): Promise<number> {
    const params: unknown[] = [scanId];
    const where = findingWhere(filter, params);
    const rows = await this.db.query(`SELECT count(*)::int AS n FROM findings WHERE scan_id = $1${where}`, params);
    return Number(rows[0]?.n ?? 0);
  }

  async findingHistory(identity: Pick<Finding, 'checkId' | 'accountId' | 'region' | 'resourceId'>): Promise<FindingHistory | null> {
    const rows = await this.db.query(
      'SELECT * FROM finding_history WHERE check_id = $1 AND account_id = $2 AND region = $3 AND resource_id = $4',
      [identity.checkId, identity.accountId, identity.region, identity.resourceId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      checkId: row.check_id as string,
      accountId: row.account_id as string,
      region: row.region as string,
      resourceId: row.resource_id as string,
      firstSeenAt: iso(row.first_seen_at)!,
      lastSeenAt: iso(row.last_seen_at)!,
      failingSince: iso(row.failing_since),
      resolvedAt: iso(row.resolved_at),
      lastStatus: row.last_status as FindingHistory['lastStatus'],
      lastScanId: row.last_scan_id as string,
    };
  }

  // ------------------------------------------------------------------ suppressions

  async addSuppression(rule: Record<string, unknown>, id: string, at: Date): Promise<StoredSuppression> {
    const rows = await this.db.query(
      'INSERT INTO suppressions (id, rule, created_at) VALUES ($1, $2::jsonb, $3::timestamptz) RETURNING *',
      [storableText(id), storableJson(rule), at.toISOString()],
    );
    const row = rows[0]!;
    return { id: row.id as string, rule: row.rule as Record<string, unknown>, createdAt: iso(row.created_at)! };
  }

  async listSuppressions(): Promise<StoredSuppression[]> {
    const rows = await this.db.query('SELECT * FROM suppressions ORDER BY created_at, id');
    return rows.map((row) => ({ id: row.id as string, rule: row.rule as Record<string, unknown>, createdAt: iso(row.created_at)! }));
  }

  async deleteSuppression(id: string): Promise<boolean> {
    const rows = await this.db.query('DELETE FROM suppressions WHERE id = $1 RETURNING id', [id]);
    return rows.length > 0;
  }

  // ------------------------------------------------------------------ housekeeping

  openAnnouncements() {
    return openAnnouncements(this.db);
  }

  resolvedAnnouncements(identities: Parameters<Store['resolvedAnnouncements']>[0]) {
    return everResolved(this.db, identities);
  }

  applyAnnouncementChanges(changes: AnnouncementChanges) {
    return applyAnnouncementChanges(this.db, changes);
  }

  addDeliveries(records: DeliveryRecord[]) {
    return addDeliveries(this.db, records);
  }

  listDeliveries(scanId: string) {
    return listDeliveries(this.db, scanId);
  }

  getSetting(key: string) {
    return getSetting(this.db, key);
  }

  putSetting(key: string, value: unknown, at: Date) {
    return putSetting(this.db, key, value, at);
  }

  deleteSetting(key: string) {
    return deleteSetting(this.db, key);
  }

  async applyRetention(days: number, now: Date): Promise<number> {
    if (!Number.isFinite(days) || days <= 0) throw new RangeError(`retention days must be positive, got ${days}`);
    const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
    return this.db.transaction(async (tx) => {
      const deleted = await tx.query(
        `DELETE FROM scans s
          WHERE s.created_at < $1::timestamptz AND s.status NOT IN ('queued','running')
            AND s.id NOT IN (SELECT DISTINCT ON (scope_key) id FROM scans WHERE status = 'succeeded' ORDER BY scope_key, seq DESC)
          RETURNING s.id`,
        [cutoff],
      );
      await tx.query(`DELETE FROM finding_history WHERE last_seen_at < $1::timestamptz AND last_status <> 'FAIL'`, [cutoff]);
      return deleted.length;
    });
  }

  async metrics(scopeKey?: string): Promise<StoreMetrics> {
    const byStatus = await this.db.query('SELECT status, count(*)::int AS n FROM scans GROUP BY status');
    const scansByStatus = Object.fromEntries(SCAN_STATUSES.map((s) => [s, 0])) as Record<ScanStatus, number>;
    for (const row of byStatus) scansByStatus[row.status as ScanStatus] = Number(row.n);
    const totals = await this.db.query(
      `SELECT COALESCE(sum((api_calls->>'total')::bigint), 0)::float8 AS api, COALESCE(sum((progress->>'errors')::bigint), 0)::float8 AS errors FROM scans`,
    );
    const durations = await this.db.query(
      `SELECT extract(epoch FROM finished_at - started_at)::float8 AS d FROM scans
        WHERE status = 'succeeded' AND started_at IS NOT NULL ORDER BY seq DESC LIMIT 1000`,
    );
    const latest = await this.latestFinishedScan(scopeKey);
    return {
      scansByStatus,
      latestFindingsByStatus: latest ? { ...emptyCounts(), ...latest.counts } : emptyCounts(),
      apiCallsTotal: Number(totals[0]?.api ?? 0),
      scanErrorsTotal: Number(totals[0]?.errors ?? 0),
      scanDurationsSeconds: durations.map((r) => Number(r.d)),
    };
  }
}
