// Aggregates of a scan's findings for the report summary and the weekly email.
import { roundToCents, SEVERITIES, STATUSES, type Finding, type FindingStatus, type Severity } from '../domain/index.js';

export interface GroupTotal {
  key: string;
  count: number;
  costUsd: number;
}

export interface FindingsSummary {
  total: number;
  byStatus: Record<FindingStatus, number>;
  /** Failing findings by severity. */
  failingBySeverity: Record<Severity, number>;
  /** All findings by status and severity. */
  byStatusAndSeverity: Record<FindingStatus, Record<Severity, number>>;
  failingByCheck: GroupTotal[];
  failingByAccount: GroupTotal[];
  /** Sum of estimatedMonthlyCostUsd of failing findings. */
  wasteUsd: number;
  /** Only groups with waste, largest first. */
  wasteByCheck: GroupTotal[];
  wasteByAccount: GroupTotal[];
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function bump(map: Map<string, GroupTotal>, key: string, cost: number): void {
  const g = map.get(key);
  if (g) {
    g.count++;
    g.costUsd += cost;
  } else map.set(key, { key, count: 1, costUsd: cost });
}

const byCountThenKey = (a: GroupTotal, b: GroupTotal) => b.count - a.count || b.costUsd - a.costUsd || a.key.localeCompare(b.key);
const byCostThenKey = (a: GroupTotal, b: GroupTotal) => b.costUsd - a.costUsd || b.count - a.count || a.key.localeCompare(b.key);

/** Cents-rounded, so sums of many findings do not show float noise. */
export const roundUsd = roundToCents;

export function summarizeFindings(findings: Iterable<Finding>): FindingsSummary {
  const byStatus = zeroes(STATUSES);
  const failingBySeverity = zeroes(SEVERITIES);
  const byStatusAndSeverity = Object.fromEntries(STATUSES.map((s) => [s, zeroes(SEVERITIES)])) as Record<
    FindingStatus,
    Record<Severity, number>
  >;
  const checks = new Map<string, GroupTotal>();
  const accounts = new Map<string, GroupTotal>();
  let total = 0;
  let waste = 0;
  for (const f of findings) {
    total++;
    byStatus[f.status]++;
    byStatusAndSeverity[f.status][f.severity]++;
    if (f.status !== 'FAIL') continue;
    failingBySeverity[f.severity]++;
    const cost = f.estimatedMonthlyCostUsd ?? 0;
    waste += cost;
    bump(checks, f.checkId, cost);
    bump(accounts, f.accountId, cost);
  }
  const round = (g: GroupTotal): GroupTotal => ({ ...g, costUsd: roundUsd(g.costUsd) });
  const failingByCheck = [...checks.values()].map(round).sort(byCountThenKey);
  const failingByAccount = [...accounts.values()].map(round).sort(byCountThenKey);
  return {
    total,
    byStatus,
    failingBySeverity,
    byStatusAndSeverity,
    failingByCheck,
    failingByAccount,
    wasteUsd: roundUsd(waste),
    wasteByCheck: failingByCheck.filter((g) => g.costUsd > 0).sort(byCostThenKey),
    wasteByAccount: failingByAccount.filter((g) => g.costUsd > 0).sort(byCostThenKey),
  };
}

export { formatUsd } from '../domain/index.js';
