import type { ScanRequest, ScanRunOptions, ScanSummary } from './types.js';

/** Runs one scan to completion. Placeholder signature: implemented in the scan engine change. */
export async function runScan(request: ScanRequest, options: ScanRunOptions = {}): Promise<ScanSummary> {
  void request;
  void options;
  throw new Error('runScan is not implemented yet');
}
