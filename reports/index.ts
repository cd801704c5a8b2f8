// Entry point of the renderers: `orgscan scan --format X` and the API's exports call formatScan.
import type { Finding, ScanSummary } from '../domain/index.js';
import { findingsToCsv } from './csv.js';
import type { ScanDiff } from './diff.js';
import { renderReportHtml } from './html/page.js';
import { scanToJson } from './json.js';
import { findingsToOcsfJson } from './ocsf.js';
import type { ExpiringSuppressions, ReportScan, TrendPoint } from './types.js';

export const REPORT_FORMATS = ['json', 'csv', 'html', 'ocsf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

export interface FormatInput {
  scan: ScanSummary | ReportScan;
  findings: Finding[];
  diff?: ScanDiff | null;
  trend?: TrendPoint[];
  /** Suppression rules about to expire (reports/expiring.ts); HTML only. */
  expiringSuppressions?: ExpiringSuppressions | undefined;
}

export function formatScan(format: ReportFormat, input: FormatInput): string {
  switch (format) {
    case 'json':
      return scanToJson(input.scan, input.findings);
    case 'csv':
      return findingsToCsv(input.findings);
    case 'ocsf':
      return findingsToOcsfJson(input.findings, input.scan);
    case 'html':
      return renderReportHtml({
        scan: input.scan,
        findings: input.findings,
        diff: input.diff ?? null,
        trend: input.trend ?? [],
        expiringSuppressions: input.expiringSuppressions,
      });
    default: {
      const never: never = format;
      throw new Error(`unknown report format ${String(never)} (expected one of ${REPORT_FORMATS.join(', ')})`);
    }
  }
}

export { diffFindings, diffCounts, findingKey, type ScanDiff } from './diff.js';
export { csvRows, csvRowsAsync, findingsToCsv } from './csv.js';
export { renderReportHtml, reportCsp, type ReportMode } from './html/page.js';
export { summarizeFindings, type FindingsSummary } from './summary.js';
export type { ExpiringRule, ExpiringSuppressions, ReportScan, TrendPoint } from './types.js';
export { expiringSuppressions, expiringUnavailable, EXPIRING_WITHIN_DAYS } from './expiring.js';
