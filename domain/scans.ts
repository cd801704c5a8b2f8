// Scans: what was asked, what ran, what it found.
import type { FindingStatus } from './findings.js';

export interface ScanError {
  accountId: string;
  /** Region, 'global', or null for account-level errors (role not assumable). */
  region: string | null;
  checkId: string | null;
  code: string;
  message: string;
}

export interface ScanProgress {
  unitsTotal: number;
  unitsDone: number;
  /** Units in which at least one check could not be evaluated (ERROR). */
  unitsFailed?: number;
  accountsTotal: number;
  accountsDone: number;
  apiCalls: number;
  errors: number;
  findings: number;
}

export interface ApiCallStats {
  total: number;
  throttled: number;
  retries: number;
  /** "service:Operation" → count, e.g. "EC2:DescribeVolumes". */
  byOperation: Record<string, number>;
}

/** How much of a scan's plan was evaluated. */
export interface CoverageCount {
  planned: number;
  evaluated: number;
}

/**
 * What a scan looked at, against what it set out to look at. An account counts as evaluated when
 * at least one check ran there without an error; a unit (account × region) when every check of it
 * did; `checks` counts check evaluations (one per check and unit).
 */
export interface ScanCoverage {
  accounts: CoverageCount;
  units: CoverageCount;
  checks: CoverageCount;
}

/**
 * `succeeded`: everything planned was evaluated. `partial`: some account, region or check could not
 * be evaluated (see `errors` and `coverage`). `failed`: nothing was evaluated, or the scope named only
 * regions the accounts do not have. Neither partial nor failed scans are ever reported as clean.
 */
export const SCAN_OUTCOMES = ['succeeded', 'partial', 'failed', 'cancelled', 'interrupted'] as const;
export type ScanOutcome = (typeof SCAN_OUTCOMES)[number];

export interface ScanSummary {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | ScanOutcome;
  /** Evaluated against planned accounts, units and check evaluations. */
  coverage?: ScanCoverage | undefined;
  /** Why a scan is `failed` (or, in one line, why it is `partial`); null when it succeeded. */
  failureReason?: string | null | undefined;
  accounts: string[];
  regions: string[];
  checks: string[];
  apiCalls: ApiCallStats;
  errors: ScanError[];
  progress: ScanProgress;
  counts: Record<FindingStatus, number>;
}

/** What to scan. Targets come from the organization or configuration, never a caller-supplied role ARN. */
export interface ScanScope {
  /** Scan every ACTIVE account of the organization (organizations:ListAccounts). */
  org: boolean;
  /** Explicit 12-digit account ids; with `org`, narrows the organization's accounts. */
  accounts?: string[] | undefined;
  /** Regions to scan; default: every region enabled in each account. */
  regions?: string[] | undefined;
  excludeRegions?: string[] | undefined;
  /** Check ids; default: all. */
  checks?: string[] | undefined;
}

export const SCAN_STATUSES = ['queued', 'running', 'succeeded', 'partial', 'failed', 'interrupted', 'cancelled'] as const;
export type ScanStatus = (typeof SCAN_STATUSES)[number];

/** Statuses a "latest" view may show: complete scans, and partial ones (which say so first). */
export const LATEST_VIEW_STATUSES = ['succeeded', 'partial'] as const satisfies readonly ScanStatus[];
/** Statuses a diff baseline may have: only a complete scan, so "resolved" is never claimed for what was not looked at. */
export const BASELINE_STATUSES = ['succeeded'] as const satisfies readonly ScanStatus[];

/** Where a scan request came from; interrupted `queue` scans are re-queued at start-up. */
export type ScanSource = 'api' | 'queue' | 'cli';

export interface ScanRecord {
  id: string;
  status: ScanStatus;
  source: ScanSource;
  /** The (narrowed) scope the scan was asked for. */
  scope: ScanScope;
  /** Canonical form of `scope`: scans with equal keys are "the same scope" (diffs, trends, de-duplication). */
  scopeKey: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Resolved accounts, regions and checks (empty until the scan finishes). */
  accounts: string[];
  regions: string[];
  checks: string[];
  progress: ScanProgress;
  apiCalls: ApiCallStats;
  /** Per-account and per-check errors. */
  errors: ScanError[];
  counts: Record<FindingStatus, number>;
  /** What the scan evaluated against what it planned; null until it finishes (and for scans before this field). */
  coverage: ScanCoverage | null;
  /** Why a scan failed or was interrupted; null otherwise. */
  failureReason: string | null;
  idempotencyKey: string | null;
  /** The interrupted scan this one re-runs. */
  requeuedFrom: string | null;
}
