// The findings store: scans, their findings, per-finding history and API-managed suppressions.
// One interface over two backends (embedded PGlite, PostgreSQL) sharing the same SQL.
import type {
  ApiCallStats,
  Finding,
  FindingStatus,
  ScanCoverage,
  ScanError,
  ScanProgress,
  ScanSummary,
  Severity,
} from '../domain/index.js';
import type { Announcement, DeliveryRecord, ScanScope } from '../domain/index.js';
import type { AnnouncementChanges } from './notifications.js';
export type { AnnouncementChanges } from './notifications.js';

// The scan record is domain vocabulary (reports read it too); re-exported for the store's users.
export {
  BASELINE_STATUSES,
  LATEST_VIEW_STATUSES,
  SCAN_STATUSES,
  type ScanRecord,
  type ScanSource,
  type ScanStatus,
} from '../domain/index.js';
import type { ScanRecord, ScanSource, ScanStatus } from '../domain/index.js';

export interface NewScan {
  id: string;
  source: ScanSource;
  scope: ScanScope;
  scopeKey: string;
  idempotencyKey?: string | null;
  requeuedFrom?: string | null;
  /** Default: now. */
  createdAt?: Date;
}

export type CreateScanResult =
  | { created: true; scan: ScanRecord }
  /** A queued/running scan of the same scope, or the scan already created with the same idempotency key. */
  | { created: false; scan: ScanRecord; reason: 'same-scope-active' | 'idempotency-key' };

export interface FindingFilter {
  status?: FindingStatus[] | undefined;
  severity?: Severity[] | undefined;
  checkId?: string[] | undefined;
  accountId?: string[] | undefined;
  region?: string[] | undefined;
  resourceId?: string | undefined;
  /** Case-insensitive text in the resource id, message, ARN, tags or account name (store/finding-query.ts). */
  q?: string | undefined;
  /** OU path prefixes ("Root/Workloads" covers "Root/Workloads/Payments"); any of them. */
  ouPath?: string[] | undefined;
  /** Account tags the finding's account must carry, all of them. */
  accountTags?: Record<string, string> | undefined;
  /** Owning teams; any of them ('unowned' for findings no rule routed). */
  owner?: string[] | undefined;
  /**
   * A scoped reader's visibility, ANDed with everything above: findings owned by one of `owner` or under one
   * of `ouPath`. Empty lists match nothing.
   */
  visibleTo?: { owner: string[]; ouPath: string[] } | undefined;
}

/**
 * `seq`: the order findings were stored in; `waste`: largest monthly cost first (findings without one last);
 * `triage`: severity, then waste, then the oldest first seen; `first-seen`: oldest first; `check`, `account`,
 * `resource`: by that id. Every order spans all pages (keyset cursors).
 */
export const FINDING_ORDERS = ['seq', 'waste', 'triage', 'first-seen', 'check', 'account', 'resource'] as const;
export type FindingOrder = (typeof FINDING_ORDERS)[number];

export interface PageRequest {
  /** 1–1000; default 100. */
  limit?: number | undefined;
  /** Findings only; default `seq`. A cursor belongs to the order it was made for. */
  order?: FindingOrder | undefined;
  /** Opaque cursor from a previous page's nextCursor. */
  cursor?: string | undefined;
}

export interface Page<T> {
  items: T[];
  /** null on the last page. */
  nextCursor: string | null;
}

export interface ScanListFilter {
  status?: ScanStatus[] | undefined;
  scopeKey?: string | undefined;
}

/** What the store remembers of one finding identity (checkId, accountId, region, resourceId). */
export interface FindingHistory {
  checkId: string;
  accountId: string;
  region: string;
  resourceId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Start of the current FAIL streak; null when not failing. */
  failingSince: string | null;
  /** When it last stopped failing (PASS, MUTED, or gone from a scan that covered it); null while failing. */
  resolvedAt: string | null;
  /** PASS, FAIL, MUTED, ERROR (never evaluated otherwise), or ABSENT (gone after failing). */
  lastStatus: FindingStatus | 'ABSENT';
  lastScanId: string;
}

export interface TrendPoint {
  scanId: string;
  startedAt: string | null;
  finishedAt: string | null;
  failing: number;
  counts: Record<FindingStatus, number>;
}

/** A suppression rule stored through the API (the rule shape belongs to scanner/suppressions.ts). */
export interface StoredSuppression {
  id: string;
  rule: Record<string, unknown>;
  createdAt: string;
}

export interface StoreMetrics {
  scansByStatus: Record<ScanStatus, number>;
  /** Findings of the latest finished scan by status. */
  latestFindingsByStatus: Record<FindingStatus, number>;
  apiCallsTotal: number;
  scanErrorsTotal: number;
  /** Durations (seconds) of finished scans, newest first, at most 1000. */
  scanDurationsSeconds: number[];
}

export class InvalidCursorError extends Error {
  constructor(message = 'invalid cursor: pass the nextCursor value of a previous page unchanged') {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

export interface Store {
  readonly kind: 'pglite' | 'postgres';

  /** Applies pending migrations (idempotent; every backend calls it when opened). */
  migrate(): Promise<void>;
  /** True when the database answers and every migration is applied. */
  ready(): Promise<boolean>;
  close(): Promise<void>;

  // ---- scans
  /** Inserts a `queued` scan, unless a queued/running scan of the same scope or idempotency key exists. */
  createScan(input: NewScan): Promise<CreateScanResult>;
  markScanRunning(id: string, startedAt: Date): Promise<void>;
  updateScanProgress(id: string, progress: ScanProgress): Promise<void>;
  /**
   * Records the engine's summary (status succeeded/cancelled/…) and updates finding history for resolved
   * findings. A scan already ended (e.g. interrupted at a shutdown deadline) keeps its status.
   */
  finishScan(summary: ScanSummary): Promise<boolean>;
  /** Ends a queued/running scan without an engine summary: failed (the engine threw), interrupted, or cancelled before it ran; its counts become those of the findings it stored. */
  failScan(id: string, status: 'failed' | 'interrupted' | 'cancelled', reason: string, at: Date, progress?: ScanProgress): Promise<void>;
  /** Interrupted `queue` scans that ended after `since` and have not been re-queued yet (no scan has requeuedFrom = id). */
  pendingRequeues(since: Date): Promise<ScanRecord[]>;
  /**
   * Marks `running`/`queued` scans whose heartbeat (database clock) is older than `staleAfterMs`
   * as interrupted at `now` (0 = every one: the embedded store has a single writer). Returns them.
   */
  interruptStaleScans(now: Date, staleAfterMs: number, reason: string): Promise<ScanRecord[]>;
  /** Keeps this process's active scans alive for other processes' interruptStaleScans (progress updates do too). */
  heartbeat(ids: string[]): Promise<void>;

  getScan(id: string): Promise<ScanRecord | null>;
  /** Newest first. */
  listScans(filter?: ScanListFilter, page?: PageRequest): Promise<Page<ScanRecord>>;
  /**
   * The newest `succeeded` or `partial` scan of a scope (of any scope without one). "Latest" views pass
   * the service's configured full scope, so a narrowed scan never stands for the organization.
   */
  latestFinishedScan(scopeKey?: string): Promise<ScanRecord | null>;
  /** The diff baseline: the newest `succeeded` scan of the same scope that started before the given scan (never a partial or failed one). */
  previousFinishedScan(scanId: string): Promise<ScanRecord | null>;
  /** Failing (FAIL) counts of the last `limit` succeeded scans (of a scope when given), oldest first. */
  failingTrend(limit: number, scopeKey?: string): Promise<TrendPoint[]>;

  // ---- findings
  /**
   * Appends one batch of a scan's findings and updates the finding history in one transaction.
   * firstSeenAt is set from history (the start of the current FAIL streak for FAIL findings,
   * otherwise the first time the finding was seen), `observedAt` for a finding never seen before.
   */
  appendFindings(scanId: string, findings: Finding[], observedAt: Date): Promise<void>;
  /** A scan's findings in insertion order, filtered, with keyset (cursor) pagination. */
  listFindings(scanId: string, filter?: FindingFilter, page?: PageRequest): Promise<Page<Finding>>;
  /** Every finding of a scan (filtered), read in pages of `batchSize`; constant memory. */
  iterateFindings(scanId: string, filter?: FindingFilter, batchSize?: number): AsyncIterable<Finding>;
  countFindings(scanId: string, filter?: FindingFilter): Promise<number>;
  findingHistory(identity: Pick<Finding, 'checkId' | 'accountId' | 'region' | 'resourceId'>): Promise<FindingHistory | null>;

  // ---- suppressions managed through the API
  addSuppression(rule: Record<string, unknown>, id: string, at: Date): Promise<StoredSuppression>;
  listSuppressions(): Promise<StoredSuppression[]>;
  deleteSuppression(id: string): Promise<boolean>;

  // ---- notifications (store/notifications.ts)
  /** Failing findings announced to their team and not resolved yet. */
  openAnnouncements(): Promise<Announcement[]>;
  /** The latest resolved announcement of each given identity that has one (a finding that "came back"). */
  resolvedAnnouncements(identities: Pick<Announcement, 'checkId' | 'accountId' | 'region' | 'resourceId'>[]): Promise<Announcement[]>;
  /** Opens announcements and resolves open ones, in one transaction. */
  applyAnnouncementChanges(changes: AnnouncementChanges): Promise<void>;
  addDeliveries(records: DeliveryRecord[]): Promise<void>;
  /** A scan's delivery log, in the order deliveries finished. */
  listDeliveries(scanId: string): Promise<DeliveryRecord[]>;
  /** Settings managed through the API (a JSON value per key), e.g. the routing rules. */
  getSetting(key: string): Promise<{ value: unknown; updatedAt: string } | null>;
  putSetting(key: string, value: unknown, at: Date): Promise<void>;
  deleteSetting(key: string): Promise<boolean>;

  // ---- housekeeping
  /** Deletes finished scans created before now − days; never the latest succeeded scan of any scope. Returns the count. */
  applyRetention(days: number, now: Date): Promise<number>;
  /** Gauges; "latest" is the latest finished scan of `scopeKey` (of any scope without one). */
  metrics(scopeKey?: string): Promise<StoreMetrics>;
}
