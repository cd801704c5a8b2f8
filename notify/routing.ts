// Owner routing: ordered rules map a finding to the team that can fix it; the first matching rule wins.
// Findings no rule matches go to the default team, or stay visibly "unowned".
import { z } from 'zod';
import { ouPathUnder, SEVERITIES, UNOWNED, type Finding, type Severity } from '../domain/index.js';

const name = z.string().trim().regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, _ . or -');
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const oneOrMore = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1, 'must list at least one value')]);

/** One routing rule: every field given must match (lists: any of them); `team` names a configured team. */
export const routeRuleSchema = z
  .object({
    /** OU path prefix from the root: "Root/Workloads" covers "Root/Workloads/Payments". */
    ouPath: oneOrMore(nonEmpty).optional(),
    accountId: oneOrMore(z.string({ error: 'must be a 12-digit AWS account id in quotes' }).regex(/^\d{12}$/, 'must be a 12-digit AWS account id')).optional(),
    accountName: oneOrMore(nonEmpty).optional(),
    /** Account tags that must all be present with these values. */
    accountTags: z.record(nonEmpty, z.string()).refine((t) => Object.keys(t).length > 0, 'must list at least one tag').optional(),
    checkId: oneOrMore(nonEmpty).optional(),
    /** The check's service (ec2, s3, iam …, as `orgscan checks` lists it). */
    service: oneOrMore(nonEmpty).optional(),
    severity: oneOrMore(z.enum(SEVERITIES)).optional(),
    team: name,
  })
  .strict()
  .refine((r) => r.ouPath || r.accountId || r.accountName || r.accountTags || r.checkId || r.service || r.severity, {
    error: 'must match on at least one of ouPath, accountId, accountName, accountTags, checkId, service or severity (use defaultTeam for everything else)',
  });

export type RouteRule = z.infer<typeof routeRuleSchema>;

const list = <T>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** What routing needs to know of a finding beyond the finding itself: its check's service. */
export type ServiceOf = (checkId: string) => string | undefined;

export function ruleMatches(rule: RouteRule, f: Finding, serviceOf: ServiceOf): boolean {
  const ou = list(rule.ouPath);
  if (ou && !ou.some((p) => ouPathUnder(f.ouPath, p))) return false;
  const ids = list(rule.accountId);
  if (ids && !ids.includes(f.accountId)) return false;
  const names = list(rule.accountName);
  if (names && !(f.accountName && names.includes(f.accountName))) return false;
  if (rule.accountTags && !Object.entries(rule.accountTags).every(([k, v]) => f.accountTags?.[k] === v)) return false;
  const checks = list(rule.checkId);
  if (checks && !checks.includes(f.checkId)) return false;
  const services = list(rule.service);
  if (services && !services.includes(serviceOf(f.checkId) ?? '')) return false;
  const severities = list(rule.severity) as Severity[] | undefined;
  if (severities && !severities.includes(f.severity)) return false;
  return true;
}

/** The team owning a finding: the first matching rule's, else the default team, else "unowned". */
export function createRouter(rules: readonly RouteRule[], defaultTeam: string | undefined, serviceOf: ServiceOf): (f: Finding) => string {
  return (f) => rules.find((r) => ruleMatches(r, f, serviceOf))?.team ?? defaultTeam ?? UNOWNED;
}
