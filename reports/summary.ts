// Aggregates of a scan's findings for the report summary and the weekly email.
import { COST_BASES, roundToCents, SEVERITIES, STATUSES, type CostBasis, type Finding, type FindingStatus, type Severity } from '../domain/index.js';

/** A cost figure's basis; `unstated` for findings stored before checks said it. */
export type SummaryCostBasis = CostBasis | 'unstated';

export interface GroupTotal {
  key: string;
  count: number;
  costUsd: number;
  /** How much of costUsd rests on each basis (only bases with money). */
  costByBasis: Partial<Record<SummaryCostBasis, number>>;
  /** The most severe failing finding of the group. */
  severity: Severity;
  /** Failing findings of critical or high severity. */
  criticalHigh: number;
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
  /** wasteUsd by the basis of each figure. */
  wasteByBasis: Partial<Record<SummaryCostBasis, number>>;
  /** Only groups with waste, largest first. */
  wasteByCheck: GroupTotal[];
  wasteByAccount: GroupTotal[];
  /** Failing findings (and their waste) by owning team, when findings carry owners; 'unowned' for unrouted ones. */
  failingByTeam: GroupTotal[];
  /** Failing findings (and their waste) by OU path, when findings carry one. */
  failingByOu: GroupTotal[];
  /** Account id → name, for accounts whose findings carry one. */
  accountNames: Record<string, string>;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function addCost(byBasis: Partial<Record<SummaryCostBasis, number>>, basis: SummaryCostBasis, cost: number): void {
  if (cost > 0) byBasis[basis] = (byBasis[basis] ?? 0) + cost;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };

function bump(map: Map<string, GroupTotal>, key: string, cost: number, basis: SummaryCostBasis, severity: Severity): void {
  let g = map.get(key);
  if (!g) map.set(key, (g = { key, count: 0, costUsd: 0, costByBasis: {}, severity, criticalHigh: 0 }));
  g.count++;
  if (SEVERITY_RANK[severity] < SEVERITY_RANK[g.severity]) g.severity = severity;
  if (severity === 'critical' || severity === 'high') g.criticalHigh++;
  g.costUsd += cost;
  addCost(g.costByBasis, basis, cost);
}

function roundBases(byBasis: Partial<Record<SummaryCostBasis, number>>): Partial<Record<SummaryCostBasis, number>> {
  return Object.fromEntries(Object.entries(byBasis).map(([k, v]) => [k, roundUsd(v)]));
}

/** The bases in the order reports list them. */
export const SUMMARY_COST_BASES: readonly SummaryCostBasis[] = [...COST_BASES, 'unstated'];

const byCountThenKey = (a: GroupTotal, b: GroupTotal) => b.count - a.count || b.costUsd - a.costUsd || a.key.localeCompare(b.key);
/** Checks: the most severe first, then the most failing. */
const bySeverityThenCount = (a: GroupTotal, b: GroupTotal) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || byCountThenKey(a, b);
/** Accounts: the most critical and high findings first, then the most waste. */
const byCriticalHighThenCost = (a: GroupTotal, b: GroupTotal) =>
  b.criticalHigh - a.criticalHigh || b.costUsd - a.costUsd || byCountThenKey(a, b);
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
  const teams = new Map<string, GroupTotal>();
  const ous = new Map<string, GroupTotal>();
  const accountNames: Record<string, string> = {};
  let total = 0;
  let waste = 0;
  const wasteByBasis: Partial<Record<SummaryCostBasis, number>> = {};
  for (const f of findings) {
    total++;
    byStatus[f.status]++;
    byStatusAndSeverity[f.status][f.severity]++;
    if (f.accountName) accountNames[f.accountId] = f.accountName;
    if (f.status !== 'FAIL') continue;
    failingBySeverity[f.severity]++;
    const cost = f.estimatedMonthlyCostUsd ?? 0;
    const basis: SummaryCostBasis = f.costBasis ?? 'unstated';
    waste += cost;
    addCost(wasteByBasis, basis, cost);
    bump(checks, f.checkId, cost, basis, f.severity);
    bump(accounts, f.accountId, cost, basis, f.severity);
    if (f.owner !== undefined) bump(teams, f.owner ?? 'unowned', cost, basis, f.severity);
    if (f.ouPath) bump(ous, f.ouPath, cost, basis, f.severity);
  }
  const round = (g: GroupTotal): GroupTotal => ({ ...g, costUsd: roundUsd(g.costUsd), costByBasis: roundBases(g.costByBasis) });
  const failingByCheck = [...checks.values()].map(round).sort(bySeverityThenCount);
  const failingByAccount = [...accounts.values()].map(round).sort(byCriticalHighThenCost);
  return {
    total,
    byStatus,
    failingBySeverity,
    byStatusAndSeverity,
    failingByCheck,
    failingByAccount,
    wasteUsd: roundUsd(waste),
    wasteByBasis: roundBases(wasteByBasis),
    wasteByCheck: failingByCheck.filter((g) => g.costUsd > 0).sort(byCostThenKey),
    wasteByAccount: failingByAccount.filter((g) => g.costUsd > 0).sort(byCostThenKey),
    failingByTeam: [...teams.values()].map(round).sort(byCountThenKey),
    // Root first, each OU before the OUs under it.
    failingByOu: [...ous.values()].map(round).sort((a, b) => a.key.localeCompare(b.key)),
    accountNames,
  };
}

export { formatUsd } from '../domain/index.js';
