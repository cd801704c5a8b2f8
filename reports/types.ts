// Inputs shared by the report renderers and the weekly email.
import type { Finding, FindingStatus, ScanCoverage, ScanError } from '../domain/index.js';
import type { ScanDiff } from './diff.js';

/** One scan of the trend chart; structurally the store's TrendPoint. */
export interface TrendPoint {
  scanId: string;
  startedAt: string | null;
  finishedAt: string | null;
  failing: number;
}

/** What the renderers read of a scan: satisfied by the engine's ScanSummary and the store's ScanRecord. */
export interface ReportScan {
  id: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  accounts: string[];
  regions: string[];
  checks: string[];
  errors: ScanError[];
  counts: Record<FindingStatus, number>;
  /** What was evaluated against what was planned (absent in exports made before it existed). */
  coverage?: ScanCoverage | null | undefined;
  failureReason?: string | null | undefined;
}

export interface ReportInput {
  scan: ReportScan;
  findings: Finding[];
  /** The diff against the previous scan of the same scope; null when there is none. */
  diff?: ScanDiff | null;
  /** Oldest first. */
  trend?: TrendPoint[];
  /** Suppression rules that stop matching soon; absent when the caller has no rules to offer. */
  expiringSuppressions?: ExpiringSuppressions | undefined;
}

/** A suppression rule about to expire, as the report and the weekly email show it. */
export interface ExpiringRule {
  id: string;
  checkId?: string | undefined;
  accountId?: string | undefined;
  region?: string | undefined;
  resourceId?: string | undefined;
  tags?: Record<string, string> | undefined;
  reason: string;
  /** YYYY-MM-DD; the rule matches through the end of that day, UTC. */
  expires: string;
  owner?: string | undefined;
  /** Calendar days from the report's date to `expires` (0: expires at the end of today, UTC). */
  daysLeft: number;
  /** Findings of this scan the rule muted. */
  muted: number;
}

export interface ExpiringSuppressions {
  /** The window: rules ending within this many days are listed. */
  withinDays: number;
  /** Soonest first; empty when no rule expires within the window. */
  rules: ExpiringRule[];
  /** Set when the rules could not be read (e.g. an invalid suppression file): the list is then unknown. */
  unavailable?: string | undefined;
}
