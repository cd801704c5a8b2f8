// The configured owner routing as a scan hook: the check registry tells each check's service.
import { CHECKS } from '../checks/index.js';
import type { Check, Finding } from '../checks/types.js';
import type { OwnershipConfig } from '../notify/config.js';
import { createRouter } from '../notify/routing.js';

/** The scan's `route` hook for a configuration's ownership section; undefined without one (no owner field). */
export function ownerRouter(ownership: OwnershipConfig | undefined, registry: readonly Check[] = CHECKS): ((f: Finding) => string) | undefined {
  if (!ownership) return undefined;
  const services = new Map(registry.map((c) => [c.id, c.service as string]));
  return createRouter(ownership.routes, ownership.defaultTeam, (id) => services.get(id));
}
