// The suppression rules a scan applies: the configured file (re-read at every scan, so edits
// apply without a restart) merged with the rules managed through the API.
import type { Finding, SuppressionMatch } from '../checks/types.js';
import { createSuppressor, loadSuppressionFile, validateSuppressionRule, type SuppressionRule } from '../scanner/suppressions.js';
import type { Store } from '../store/types.js';

export interface SuppressionSource {
  rules(): Promise<{ file: SuppressionRule[]; api: SuppressionRule[] }>;
  suppressor(now: Date): Promise<(finding: Finding) => SuppressionMatch | null>;
}

export function suppressionSource(store: Store, file: string | undefined): SuppressionSource {
  const rules = async () => ({
    file: file ? await loadSuppressionFile(file) : [],
    // Stored rules were validated when created; validating again keeps a hand-edited row from misbehaving.
    api: (await store.listSuppressions()).map((s) => validateSuppressionRule(s.rule)),
  });
  return {
    rules,
    async suppressor(now) {
      const { file: fromFile, api } = await rules();
      return createSuppressor([...fromFile, ...api], now);
    },
  };
}
