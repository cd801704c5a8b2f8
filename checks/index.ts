import { coreChecks } from './core.js';
import { securityChecks } from './security.js';
import type { Check } from './types.js';

/** Every check orgscan knows, in report order. */
export const CHECKS: readonly Check[] = [...coreChecks, ...securityChecks];

export class UnknownCheckError extends Error {
  constructor(
    readonly unknownIds: string[],
    known: readonly Check[] = CHECKS,
  ) {
    super(
      `unknown check id${unknownIds.length > 1 ? 's' : ''}: ${unknownIds.join(', ')} ` +
        `(known: ${known.map((c) => c.id).join(', ')}; run \`orgscan checks\` for details)`,
    );
    this.name = 'UnknownCheckError';
  }
}

export function findCheck(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}

/** The checks named by ids (all checks when ids is empty or undefined); throws UnknownCheckError. */
export function resolveChecks(ids?: readonly string[], registry: readonly Check[] = CHECKS): Check[] {
  if (!ids || ids.length === 0) return [...registry];
  const unknown = ids.filter((id) => !registry.some((c) => c.id === id));
  if (unknown.length > 0) throw new UnknownCheckError(unknown, registry);
  return registry.filter((c) => ids.includes(c.id));
}

/** The union of IAM actions the given checks need, sorted; the member role policy is generated from it. */
export function requiredPermissions(checks: readonly Check[] = CHECKS): string[] {
  return [...new Set(checks.flatMap((c) => c.permissions))].sort();
}
