// Puts sample scans into a real store (embedded PGlite in memory) for report and email tests.
import type { Finding, ScanSummary } from '../../checks/types.js';
import { openStore } from '../../store/open.js';
import type { Store } from '../../store/types.js';
import { scopeKey } from '../../server/scope.js';

/** The scope of a service or CLI configured with `organization: true` and nothing else. */
export const SAMPLE_SCOPE_KEY = scopeKey({ org: true });

export async function memoryStore(): Promise<Store> {
  return openStore({});
}

/** Records a finished scan with its findings, as the service does. */
export async function seedScan(store: Store, sample: { scan: ScanSummary; findings: Finding[] }, scopeKey = SAMPLE_SCOPE_KEY): Promise<void> {
  const created = await store.createScan({ id: sample.scan.id, source: 'cli', scope: { org: true }, scopeKey, createdAt: new Date(sample.scan.startedAt) });
  if (!created.created) throw new Error(`scan ${sample.scan.id} was not created: ${created.reason}`);
  await store.markScanRunning(sample.scan.id, new Date(sample.scan.startedAt));
  const observedAt = new Date(sample.scan.startedAt);
  for (let i = 0; i < sample.findings.length; i += 1000) {
    await store.appendFindings(sample.scan.id, sample.findings.slice(i, i + 1000), observedAt);
  }
  await store.finishScan(sample.scan);
}
