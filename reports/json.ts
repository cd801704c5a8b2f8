// The JSON export: { "scan": ScanSummary, "findings": Finding[] } (the engine's contract).
import type { Finding } from '../domain/index.js';
import type { ReportScan } from './types.js';

export function scanToJson(scan: ReportScan, findings: readonly Finding[]): string {
  return `${JSON.stringify({ scan, findings }, null, 2)}\n`;
}
