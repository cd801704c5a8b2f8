// What a scoped reader token sees: a view of the store in which every finding read is narrowed to the
// token's teams or OU paths, scans without a visible finding do not exist (404), and scan records carry
// only the scope's counts (no other account's ids, errors or trends).
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { STATUSES, type FindingStatus } from '../checks/types.js';
import type { FindingFilter, Page, ScanRecord, Store } from '../store/types.js';
import { scanHeadline } from '../reports/outcome.js';
import type { TokenScope } from './auth.js';

function narrowed(filter: FindingFilter | undefined, scope: TokenScope): FindingFilter {
  return { ...(filter ?? {}), visibleTo: { owner: scope.teams, ouPath: scope.ouPaths } };
}

async function redact(store: Store, scan: ScanRecord, scope: TokenScope): Promise<ScanRecord | null> {
  const counts = Object.fromEntries(
    await Promise.all(STATUSES.map(async (s) => [s, await store.countFindings(scan.id, narrowed({ status: [s] }, scope))] as const)),
  ) as Record<FindingStatus, number>;
  const total = STATUSES.reduce((n, s) => n + counts[s], 0);
  // A scan still running may have nothing of the scope yet: it is shown (with zero counts) only once it has.
  if (total === 0) return null;
  const redacted: ScanRecord = {
    ...scan,
    counts,
    // Other teams' accounts, errors and API statistics are not the scoped reader's to see.
    accounts: [],
    errors: [],
    coverage: null,
    failureReason: scan.failureReason === null ? null : 'the scan did not evaluate everything it planned',
    apiCalls: { total: 0, throttled: 0, retries: 0, byOperation: {} },
    progress: { ...scan.progress, findings: total, errors: 0, apiCalls: 0 },
    scope: { org: scan.scope.org },
    // The key names the scope's accounts; its hash still tells equal scopes apart.
    scopeKey: `sha256:${createHash('sha256').update(scan.scopeKey).digest('hex').slice(0, 16)}`,
    idempotencyKey: null,
  };
  // The API's scan view carries a one-line outcome; it is made again from what the scope may see.
  if ('outcome' in scan) (redacted as ScanRecord & { outcome: string }).outcome = scanHeadline(redacted);
  return redacted;
}

/** The store as a scoped reader may see it. */
export function scopedStore(store: Store, scope: TokenScope): Store {
  const view: Partial<Store> = {
    listFindings: (scanId, filter, page) => store.listFindings(scanId, narrowed(filter, scope), page),
    iterateFindings: (scanId, filter, batchSize) => store.iterateFindings(scanId, narrowed(filter, scope), batchSize),
    countFindings: (scanId, filter) => store.countFindings(scanId, narrowed(filter, scope)),
    getScan: async (id) => {
      const scan = await store.getScan(id);
      return scan ? redact(store, scan, scope) : null;
    },
    latestFinishedScan: async (key) => {
      const scan = await store.latestFinishedScan(key);
      return scan ? redact(store, scan, scope) : null;
    },
    previousFinishedScan: async (id) => {
      const scan = await store.previousFinishedScan(id);
      return scan ? redact(store, scan, scope) : null;
    },
    listScans: async (filter, page) => {
      const listed = await store.listScans(filter, page);
      const items = (await Promise.all(listed.items.map((s) => redact(store, s, scope)))).filter((s): s is ScanRecord => s !== null);
      return { items, nextCursor: listed.nextCursor } satisfies Page<ScanRecord>;
    },
    // Trends count every team's findings.
    failingTrend: async () => [],
  };
  return new Proxy(store, {
    get(target, prop) {
      if (typeof prop === 'string' && prop in view) return view[prop as keyof Store];
      return Reflect.get(target, prop, target) as unknown;
    },
  });
}

/**
 * The report's store: narrowed to `owner` when asked (the team link of notifications), and always to a scoped
 * token's scope; null (404) when a scoped token asks for a team outside its scope.
 */
export function reportView(request: FastifyRequest, store: Store, owner: string | undefined): Store | null {
  if (!owner) return storeFor(request, store);
  if (request.scope && !request.scope.teams.includes(owner)) return null;
  return scopedStore(store, { teams: [owner], ouPaths: [] });
}

/** The store for a request: the scoped view for a scoped reader, else the store itself. */
export function storeFor(request: FastifyRequest, store: Store): Store {
  return request.scope ? scopedStore(store, request.scope) : store;
}
