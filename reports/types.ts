// Inputs shared by the report renderers and the weekly email.
import type { Finding, FindingStatus, ScanError } from '../checks/types.js';
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
}

export interface ReportInput {
  scan: ReportScan;
  findings: Finding[];
  /** The diff against the previous scan of the same scope; null when there is none. */
  diff?: ScanDiff | null;
  /** Oldest first. */
  trend?: TrendPoint[];
}
