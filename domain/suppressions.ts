// Suppression rules as the rest of the system sees them: what a rule matches and until when.
// Parsing and validation live in scanner/suppressions.ts; reports only read rules.

export interface SuppressionRule {
  id: string;
  checkId?: string;
  accountId?: string;
  region?: string;
  /** Exact resource id, or a glob (`*`, `**`, `?`, `{a,b}`, `[0-9]`; see scanner/glob.ts), at most 256 characters. */
  resourceId?: string;
  /** Every tag listed must be present on the finding with exactly this value. */
  tags?: Record<string, string>;
  reason: string;
  /** YYYY-MM-DD; the rule matches through the end of that day, UTC. */
  expires: string;
  owner?: string;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a rule stops matching (midnight UTC after its `expires` day), or null for a malformed date. */
export function ruleEndInstant(expires: string): Date | null {
  const m = DATE_PATTERN.exec(expires);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1)) : null;
}

/** Rules still in force that stop matching within `withinDays` of `now`, soonest first. */
export function expiringRules(rules: readonly SuppressionRule[], now: Date, withinDays = 14): SuppressionRule[] {
  const horizon = now.getTime() + withinDays * 86_400_000;
  return rules
    .filter((r) => {
      const end = ruleEndInstant(r.expires)?.getTime();
      return end !== undefined && end > now.getTime() && end <= horizon;
    })
    .sort((a, b) => a.expires.localeCompare(b.expires));
}
