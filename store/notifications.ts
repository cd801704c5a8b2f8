// Notification state queries: open announcements per finding identity, and the per-scan delivery log.
import type { Announcement, DeliveryRecord } from '../domain/index.js';
import type { Db, Row } from './db.js';
import { storableJson } from './storable.js';

/** What one scan changes in the announcement state. */
export interface AnnouncementChanges {
  /** Newly announced (new or came back): opened. */
  opened: Announcement[];
  /** Open announcements that resolved in this scan. */
  resolved: Pick<Announcement, 'checkId' | 'accountId' | 'region' | 'resourceId'>[];
  at: Date;
  scanId: string;
}

const toIso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : new Date(String(v)).toISOString());

function announcementOf(row: Row): Announcement {
  const doc = row.doc as Pick<Announcement, 'severity' | 'message' | 'accountName'>;
  return {
    checkId: row.check_id as string,
    accountId: row.account_id as string,
    region: row.region as string,
    resourceId: row.resource_id as string,
    team: row.team as string,
    severity: doc.severity,
    message: doc.message,
    accountName: doc.accountName ?? null,
    announcedAt: toIso(row.announced_at)!,
    scanId: row.scan_id as string,
    resolvedAt: toIso(row.resolved_at),
    resolvedScanId: (row.resolved_scan_id as string | null) ?? null,
  };
}

export async function openAnnouncements(db: Db): Promise<Announcement[]> {
  const rows = await db.query('SELECT * FROM announcements WHERE resolved_at IS NULL ORDER BY id');
  return rows.map(announcementOf);
}

/** Identities (checkId, accountId, region, resourceId) among `keys` that were announced and resolved before. */
export async function everResolved(db: Db, identities: Pick<Announcement, 'checkId' | 'accountId' | 'region' | 'resourceId'>[]): Promise<Announcement[]> {
  if (identities.length === 0) return [];
  const rows = await db.query(
    `SELECT DISTINCT ON (a.check_id, a.account_id, a.region, a.resource_id) a.*
       FROM announcements a
       JOIN jsonb_to_recordset($1::jsonb) AS x(check_id text, account_id text, region text, resource_id text)
         USING (check_id, account_id, region, resource_id)
      WHERE a.resolved_at IS NOT NULL
      ORDER BY a.check_id, a.account_id, a.region, a.resource_id, a.id DESC`,
    [storableJson(identities.map((i) => ({ check_id: i.checkId, account_id: i.accountId, region: i.region, resource_id: i.resourceId })))],
  );
  return rows.map(announcementOf);
}

export async function applyAnnouncementChanges(db: Db, changes: AnnouncementChanges): Promise<void> {
  await db.transaction(async (tx) => {
    if (changes.resolved.length > 0) {
      await tx.query(
        `UPDATE announcements a SET resolved_at = $2, resolved_scan_id = $3
           FROM jsonb_to_recordset($1::jsonb) AS x(check_id text, account_id text, region text, resource_id text)
          WHERE a.resolved_at IS NULL AND a.check_id = x.check_id AND a.account_id = x.account_id
            AND a.region = x.region AND a.resource_id = x.resource_id`,
        [
          storableJson(changes.resolved.map((i) => ({ check_id: i.checkId, account_id: i.accountId, region: i.region, resource_id: i.resourceId }))),
          changes.at.toISOString(),
          changes.scanId,
        ],
      );
    }
    if (changes.opened.length > 0) {
      await tx.query(
        `INSERT INTO announcements (check_id, account_id, region, resource_id, team, doc, announced_at, scan_id)
         SELECT x.check_id, x.account_id, x.region, x.resource_id, x.team, x.doc, $2, $3
           FROM jsonb_to_recordset($1::jsonb) AS x(check_id text, account_id text, region text, resource_id text, team text, doc jsonb)
         ON CONFLICT (check_id, account_id, region, resource_id) WHERE resolved_at IS NULL DO NOTHING`,
        [
          storableJson(
            changes.opened.map((a) => ({
              check_id: a.checkId,
              account_id: a.accountId,
              region: a.region,
              resource_id: a.resourceId,
              team: a.team,
              doc: { severity: a.severity, message: a.message, accountName: a.accountName },
            })),
          ),
          changes.at.toISOString(),
          changes.scanId,
        ],
      );
    }
  });
}

export async function addDeliveries(db: Db, records: DeliveryRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.query(
    `INSERT INTO notification_deliveries (scan_id, doc) SELECT x.scan_id, x.doc FROM jsonb_to_recordset($1::jsonb) AS x(scan_id text, doc jsonb)`,
    [storableJson(records.map((r) => ({ scan_id: r.scanId, doc: r })))],
  );
}

export async function listDeliveries(db: Db, scanId: string): Promise<DeliveryRecord[]> {
  const rows = await db.query('SELECT doc FROM notification_deliveries WHERE scan_id = $1 ORDER BY seq', [scanId]);
  return rows.map((r) => r.doc as DeliveryRecord);
}

export async function getSetting(db: Db, key: string): Promise<{ value: unknown; updatedAt: string } | null> {
  const rows = await db.query('SELECT value, updated_at FROM settings WHERE key = $1', [key]);
  return rows[0] ? { value: rows[0].value, updatedAt: toIso(rows[0].updated_at)! } : null;
}

export async function putSetting(db: Db, key: string, value: unknown, at: Date): Promise<void> {
  await db.query(
    'INSERT INTO settings (key, value, updated_at) VALUES ($1, $2::jsonb, $3) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at',
    [key, storableJson(value), at.toISOString()],
  );
}

export async function deleteSetting(db: Db, key: string): Promise<boolean> {
  const rows = await db.query('DELETE FROM settings WHERE key = $1 RETURNING key', [key]);
  return rows.length > 0;
}
