// Which suppression rules stop muting soon, with how many findings each muted in the scan:
// listed in the HTML report and the weekly email so owners renew or fix before findings reappear.
import type { Finding } from '../domain/index.js';
import { expiringRules, type SuppressionRule } from '../domain/index.js';
import type { ExpiringRule, ExpiringSuppressions } from './types.js';

export const EXPIRING_WITHIN_DAYS = 14;

const DAY_MS = 86_400_000;

function utcDay(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
}

function daysLeft(expires: string, now: Date): number {
  const [y, m, d] = expires.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - utcDay(now)) / DAY_MS);
}

/** The rules (file and API together) that expire within `withinDays` of `now`; expired rules are left out. */
export function expiringSuppressions(
  rules: readonly SuppressionRule[],
  now: Date,
  findings: readonly Finding[] = [],
  withinDays = EXPIRING_WITHIN_DAYS,
): ExpiringSuppressions {
  const soon = expiringRules([...rules], now, withinDays);
  const muted = new Map<string, number>();
  if (soon.length > 0) {
    for (const f of findings) {
      const id = f.mutedBy?.ruleId;
      if (id !== undefined) muted.set(id, (muted.get(id) ?? 0) + 1);
    }
  }
  return {
    withinDays,
    rules: soon.map(
      (r): ExpiringRule => ({
        id: r.id,
        checkId: r.checkId,
        accountId: r.accountId,
        region: r.region,
        resourceId: r.resourceId,
        tags: r.tags,
        reason: r.reason,
        expires: r.expires,
        owner: r.owner,
        daysLeft: daysLeft(r.expires, now),
        muted: muted.get(r.id) ?? 0,
      }),
    ),
  };
}

/** Stands in for the list when the rules could not be read: the page says so in one line. */
export function expiringUnavailable(withinDays = EXPIRING_WITHIN_DAYS): ExpiringSuppressions {
  return { withinDays, rules: [], unavailable: 'the suppression rules could not be read (see the log); rules about to expire are not shown' };
}

/** What a rule matches, as "check X, account Y, region Z, resource R, tag K=V". */
export function ruleMatchParts(rule: Pick<ExpiringRule, 'checkId' | 'accountId' | 'region' | 'resourceId' | 'tags'>): [string, string][] {
  const parts: [string, string][] = [];
  if (rule.checkId) parts.push(['check', rule.checkId]);
  if (rule.accountId) parts.push(['account', rule.accountId]);
  if (rule.region) parts.push(['region', rule.region]);
  if (rule.resourceId) parts.push(['resource', rule.resourceId]);
  for (const [k, v] of Object.entries(rule.tags ?? {})) parts.push(['tag', `${k}=${v}`]);
  return parts;
}

export function daysLeftText(days: number): string {
  return days <= 0 ? 'today' : days === 1 ? '1 day' : `${days} days`;
}
