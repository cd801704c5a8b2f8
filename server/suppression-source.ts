// The suppression rules a scan applies: the configured file (re-read at every scan, so edits
// apply without a restart) merged with the rules managed through the API.
import type { Finding, SuppressionMatch } from '../checks/types.js';
import { createSuppressor, loadSuppressionFile, validateSuppressionRule, type SuppressionRule } from '../scanner/suppressions.js';
import type { Store } from '../store/types.js';

export interface SuppressionSource {
  rules(): Promise<{ file: SuppressionRule[]; api: SuppressionRule[] }>;
  suppressor(now: Date): Promise<(finding: Finding) => SuppressionMatch | null>;
}

/** Where a stored rule that no longer validates is reported. */
export interface InvalidRuleLogger {
  warn(obj: object, msg: string): void;
}

/**
 * The rules stored through the API, validated again (a hand-edited row, or a rule stored before a limit
 * existed, such as the glob length cap). A rule that no longer validates is left out and logged: its
 * findings then show as failing, which is visible, where throwing would stop every scan.
 */
export async function storedSuppressionRules(store: Store, logger?: InvalidRuleLogger): Promise<SuppressionRule[]> {
  const valid: SuppressionRule[] = [];
  for (const stored of await store.listSuppressions()) {
    try {
      valid.push(validateSuppressionRule(stored.rule));
    } catch (err) {
      logger?.warn(
        { ruleId: stored.id, reason: err instanceof Error ? err.message : String(err) },
        'a stored suppression rule no longer validates and is not applied: delete it (DELETE /suppressions/{id}) and add it again',
      );
    }
  }
  return valid;
}

export function suppressionSource(store: Store, file: string | undefined, logger?: InvalidRuleLogger): SuppressionSource {
  const rules = async () => ({
    file: file ? await loadSuppressionFile(file) : [],
    api: await storedSuppressionRules(store, logger),
  });
  return {
    rules,
    async suppressor(now) {
      const { file: fromFile, api } = await rules();
      return createSuppressor([...fromFile, ...api], now);
    },
  };
}
