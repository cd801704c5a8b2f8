// What each team is told after a scan: failing findings never announced (new), announced findings that
// stopped failing (resolved), and findings failing again after a resolution (came back). A finding is
// announced once until it resolves; a finding the scan did not evaluate keeps its state.
import { GLOBAL_REGION, UNOWNED, type Announcement, type Finding, type ScanError } from '../domain/index.js';

type Identity = Pick<Finding, 'checkId' | 'accountId' | 'region' | 'resourceId'>;

export function identityKey(f: Identity): string {
  return `${f.checkId}\u0000${f.accountId}\u0000${f.region}\u0000${f.resourceId}`;
}

/** What the scan evaluated: its resolved accounts, regions and checks, its errors and its ERROR findings. */
export interface ScanCoverageView {
  accounts: readonly string[];
  regions: readonly string[];
  checks: readonly string[];
  errors: readonly ScanError[];
}

export interface TeamChanges {
  team: string;
  new: Finding[];
  cameBack: Finding[];
  /** The announcements that resolved (what was said when they were announced). */
  resolved: Announcement[];
}

export interface AnnouncementPlan {
  teams: Map<string, TeamChanges>;
  opened: Announcement[];
  resolved: Announcement[];
}

/** True when the scan evaluated the unit (check, account, region) of an identity without an error there. */
export function coveredBy(scan: ScanCoverageView, errorFindings: readonly Finding[]): (i: Identity) => boolean {
  const accounts = new Set(scan.accounts);
  const regions = new Set([...scan.regions, GLOBAL_REGION]);
  const checks = new Set(scan.checks);
  const erroredUnits = new Set(errorFindings.map((f) => `${f.checkId}\u0000${f.accountId}\u0000${f.region}`));
  return (i) =>
    accounts.has(i.accountId) &&
    regions.has(i.region) &&
    checks.has(i.checkId) &&
    !erroredUnits.has(`${i.checkId}\u0000${i.accountId}\u0000${i.region}`) &&
    !scan.errors.some((e) => e.accountId === i.accountId && (e.region === null || e.region === i.region) && (e.checkId === null || e.checkId === i.checkId));
}

function teamOf(plan: Map<string, TeamChanges>, team: string): TeamChanges {
  let t = plan.get(team);
  if (!t) plan.set(team, (t = { team, new: [], cameBack: [], resolved: [] }));
  return t;
}

/**
 * The scan's announcements. `failing`: the scan's FAIL findings (with owner); `open`: announcements not yet
 * resolved; `resolvedBefore`: identities announced and resolved earlier (a failure of one "came back").
 */
export function planAnnouncements(input: {
  scanId: string;
  at: Date;
  failing: readonly Finding[];
  open: readonly Announcement[];
  resolvedBefore: ReadonlySet<string>;
  covered: (i: Identity) => boolean;
}): AnnouncementPlan {
  const teams = new Map<string, TeamChanges>();
  const openKeys = new Set(input.open.map(identityKey));
  const failingKeys = new Set<string>();
  const opened: Announcement[] = [];
  for (const f of input.failing) {
    const key = identityKey(f);
    if (failingKeys.has(key)) continue;
    failingKeys.add(key);
    if (openKeys.has(key)) continue;
    const team = f.owner ?? UNOWNED;
    const changes = teamOf(teams, team);
    (input.resolvedBefore.has(key) ? changes.cameBack : changes.new).push(f);
    opened.push({
      checkId: f.checkId,
      accountId: f.accountId,
      region: f.region,
      resourceId: f.resourceId,
      team,
      severity: f.severity,
      message: f.message,
      accountName: f.accountName ?? null,
      announcedAt: input.at.toISOString(),
      scanId: input.scanId,
      resolvedAt: null,
      resolvedScanId: null,
    });
  }
  const resolved: Announcement[] = [];
  for (const a of input.open) {
    if (failingKeys.has(identityKey(a)) || !input.covered(a)) continue;
    resolved.push(a);
    // The team that was told it is failing is the one told it resolved.
    teamOf(teams, a.team).resolved.push(a);
  }
  return { teams, opened, resolved };
}
