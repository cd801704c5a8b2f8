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

export interface ScanSummary {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
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

