// Query-string helpers: comma-separated lists with precise messages.
import { SEVERITIES, STATUSES } from '../checks/types.js';
import { MAX_SEARCH_LENGTH } from '../store/finding-query.js';
import { FINDING_ORDERS, type FindingFilter } from '../store/types.js';
import { z } from 'zod';
import { badRequest } from './errors.js';
import { line, pageSize } from './schemas.js';

export function parseList(value: string | undefined, field: string, allowed?: readonly string[]): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) throw badRequest(`${field} must list at least one value`);
  if (allowed) {
    const bad = items.filter((i) => !allowed.includes(i));
    if (bad.length > 0) throw badRequest(`${field}: unknown value${bad.length > 1 ? 's' : ''} ${bad.map((b) => JSON.stringify(b)).join(', ')} (expected ${allowed.join(', ')})`);
  }
  return [...new Set(items)];
}

const listParam = (description: string) => line(2000).optional().describe(description);

/** The filters and paging of GET /findings and GET /scans/{id}/findings. */
export const findingQuerySchema = z.strictObject({
  status: listParam('Comma-separated statuses: PASS, FAIL, ERROR, MUTED'),
  severity: listParam('Comma-separated severities: informational, low, medium, high, critical'),
  checkId: listParam('Comma-separated check ids'),
  accountId: listParam('Comma-separated 12-digit account ids'),
  region: listParam("Comma-separated regions ('global' for account-wide findings)"),
  resourceId: line(2048).min(1).optional().describe('Exact resource id'),
  q: line(MAX_SEARCH_LENGTH).optional().describe('Case-insensitive text in the resource id (a prefix matches), message, ARN, tag keys and values, or account name'),
  ouPath: listParam('Comma-separated OU path prefixes from the root, e.g. Root/Workloads (covers Root/Workloads/Payments)'),
  accountTag: listParam('Comma-separated account tags key=value; the account must carry all of them'),
  owner: listParam("Comma-separated owning teams ('unowned' for findings no routing rule matched)"),
  limit: pageSize(1000).default(100).describe('Page size (JSON only)'),
  cursor: line(2800).min(1).optional().describe('nextCursor of the previous page (made for the same sort)'),
  sort: z.enum(FINDING_ORDERS).default('seq').describe(
    'seq: the order the scan stored them; waste: largest estimated monthly cost first; triage: severity, then waste, then oldest first seen; first-seen: oldest first; check, account, resource: by that id. Every order spans all pages',
  ),
  format: z.enum(['json', 'csv']).default('json').describe('csv streams every matching finding (no paging)'),
});

export type FindingQuery = z.output<typeof findingQuerySchema>;

export function findingFilter(q: FindingQuery): FindingFilter {
  const accountId = parseList(q.accountId, 'accountId');
  const badAccount = accountId?.filter((a) => !/^\d{12}$/.test(a));
  if (badAccount?.length) throw badRequest(`accountId: ${badAccount.map((b) => JSON.stringify(b)).join(', ')} is not a 12-digit account id`);
  return {
    status: parseList(q.status, 'status', STATUSES) as FindingFilter['status'],
    severity: parseList(q.severity, 'severity', SEVERITIES) as FindingFilter['severity'],
    checkId: parseList(q.checkId, 'checkId'),
    accountId,
    region: parseList(q.region, 'region'),
    resourceId: q.resourceId,
    q: q.q?.trim() || undefined,
    ouPath: parseList(q.ouPath, 'ouPath'),
    accountTags: parseAccountTags(q.accountTag),
    owner: parseList(q.owner, 'owner'),
  };
}


function parseAccountTags(value: string | undefined): Record<string, string> | undefined {
  const items = parseList(value, 'accountTag');
  if (!items) return undefined;
  const tags: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw badRequest(`accountTag: ${JSON.stringify(item)} is not key=value`);
    tags[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return tags;
}
