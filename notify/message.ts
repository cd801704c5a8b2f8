// One team's message after a scan: new, came-back and resolved findings grouped by check, capped, with a
// link to the report filtered to the team. Every sink renders this same model.
import type { Announcement, Finding, Severity } from '../domain/index.js';
import type { TeamChanges } from './announce.js';

export type ChangeKind = 'new' | 'cameBack' | 'resolved';

export interface MessageItem {
  accountId: string;
  accountName: string | null;
  region: string;
  resourceId: string;
  message: string;
}

export interface CheckGroup {
  checkId: string;
  severity: Severity;
  items: MessageItem[];
  /** Items of this check left out by the cap. */
  more: number;
}

export interface MessageSection {
  kind: ChangeKind;
  title: string;
  count: number;
  groups: CheckGroup[];
}

export interface TeamMessage {
  team: string;
  scanId: string;
  /** One line: "payments: 3 new, 1 came back, 2 resolved failing findings". */
  summary: string;
  counts: Record<ChangeKind, number>;
  sections: MessageSection[];
  /** The report filtered to the team; null without a configured base URL. */
  reportUrl: string | null;
  /** Items left out by the cap across all sections. */
  omitted: number;
}

const TITLES: Record<ChangeKind, string> = { new: 'New failing findings', cameBack: 'Failing again', resolved: 'Resolved' };
const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'informational'];

type Itemised = Pick<Finding, 'checkId' | 'severity' | 'accountId' | 'region' | 'resourceId' | 'message'> & { accountName?: string | null | undefined };

function group(kind: ChangeKind, entries: readonly Itemised[], budget: { left: number }): MessageSection {
  const byCheck = new Map<string, Itemised[]>();
  for (const e of entries) byCheck.set(e.checkId, [...(byCheck.get(e.checkId) ?? []), e]);
  const ordered = [...byCheck.entries()].sort(
    ([a, ea], [b, eb]) => SEVERITY_ORDER.indexOf(ea[0]!.severity) - SEVERITY_ORDER.indexOf(eb[0]!.severity) || eb.length - ea.length || a.localeCompare(b),
  );
  const groups = ordered.map(([checkId, items]) => {
    const shown = items.slice(0, Math.max(0, budget.left));
    budget.left -= shown.length;
    return {
      checkId,
      severity: items[0]!.severity,
      items: shown.map((i) => ({ accountId: i.accountId, accountName: i.accountName ?? null, region: i.region, resourceId: i.resourceId, message: i.message })),
      more: items.length - shown.length,
    };
  });
  return { kind, title: TITLES[kind], count: entries.length, groups };
}

/** The report URL filtered to a team: `<base>/report?owner=<team>`. */
export function teamReportUrl(base: string | undefined, team: string): string | null {
  if (!base) return null;
  const url = new URL('report', base.endsWith('/') ? base : `${base}/`);
  url.searchParams.set('owner', team);
  return url.toString();
}

export function buildTeamMessage(changes: TeamChanges, options: { scanId: string; reportBaseUrl?: string | undefined; maxItems: number }): TeamMessage {
  const budget = { left: options.maxItems };
  const resolved: Itemised[] = changes.resolved.map((a: Announcement) => ({ ...a }));
  const sections = [group('new', changes.new, budget), group('cameBack', changes.cameBack, budget), group('resolved', resolved, budget)].filter(
    (s) => s.count > 0,
  );
  const counts = { new: changes.new.length, cameBack: changes.cameBack.length, resolved: changes.resolved.length };
  const parts = [`${counts.new} new`, ...(counts.cameBack ? [`${counts.cameBack} failing again`] : []), `${counts.resolved} resolved`];
  const omitted = sections.reduce((n, s) => n + s.groups.reduce((m, g) => m + g.more, 0), 0);
  return {
    team: changes.team,
    scanId: options.scanId,
    summary: `orgscan · ${changes.team}: ${parts.join(', ')}`,
    counts,
    sections,
    reportUrl: teamReportUrl(options.reportBaseUrl, changes.team),
    omitted,
  };
}

export function accountLabel(i: Pick<MessageItem, 'accountId' | 'accountName'>): string {
  return i.accountName ? `${i.accountName} (${i.accountId})` : i.accountId;
}
