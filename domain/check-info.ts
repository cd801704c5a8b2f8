// What renderers need to know about a check (title, service), by id. The registry (checks/index.ts)
// describes its checks here when it loads; a stored scan's check id this build no longer has falls back
// to the id itself. Reports read this, never the check registry.

export interface CheckInfo {
  title: string;
  service: string;
  /** The IAM actions the check needs (from the collectors it reads); empty for an unknown check. */
  permissions: readonly string[];
}

const known = new Map<string, CheckInfo>();

export function describeChecks(checks: readonly ({ id: string; title: string; service: string; permissions?: readonly string[] })[]): void {
  for (const c of checks) known.set(c.id, { title: c.title, service: c.service, permissions: c.permissions ?? [] });
}

export function checkInfo(checkId: string): CheckInfo {
  return known.get(checkId) ?? { title: checkId, service: checkId.split('-')[0] ?? checkId, permissions: [] };
}
