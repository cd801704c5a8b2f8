// "Latest" means the service's configured full scope. A narrowed scan (one account, one check,
// one region) stays readable by id and is compared only with scans of its own scope, but it never
// stands for the organization in GET /findings, /report, the /metrics gauges or the weekly email.
import type { ScanRequest, ScanScope } from '../scanner/types.js';
import { scanHeadline } from '../reports/outcome.js';
import { BASELINE_STATUSES, LATEST_VIEW_STATUSES, type ScanRecord, type Store } from '../store/types.js';
import { scopeKey } from './scope.js';

/** The scope a request without narrowing gets: the configuration's. */
export function fullScope(base: ScanRequest): ScanScope {
  return { org: base.org, accounts: base.accounts, regions: base.regions, excludeRegions: base.excludeRegions, checks: base.checks };
}

export function fullScopeKey(base: ScanRequest): string {
  return scopeKey(fullScope(base));
}

/** A scan as the API shows it: its one-line outcome first ("PARTIAL SCAN: …"), then the record. */
export type ScanView = ScanRecord & { outcome: string };

export function withOutcome(scan: ScanRecord): ScanView {
  return { outcome: scanHeadline(scan), ...scan };
}

function decorate(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const v = value as Record<string, unknown>;
  if (typeof v.id === 'string' && typeof v.scopeKey === 'string' && typeof v.status === 'string') return withOutcome(v as unknown as ScanRecord);
  if (Array.isArray(v.items)) return { ...v, items: v.items.map(decorate) };
  if (v.scan && typeof v.scan === 'object') return { ...v, scan: decorate(v.scan) };
  return value;
}

const SCAN_READERS = new Set(['getScan', 'listScans', 'latestFinishedScan', 'previousFinishedScan', 'createScan']);

/**
 * The service's view of the store: `latestFinishedScan()`, `failingTrend()` and `metrics()` without a
 * scope key read the configured full scope; scans read through it carry their `outcome` line.
 * Everything else (writes included) is the store's own.
 */
export function latestScopeView(store: Store, configuredScopeKey: string): Store {
  const overrides: Partial<Store> = {
    latestFinishedScan: async (key?: string) => decorate(await store.latestFinishedScan(key ?? configuredScopeKey)) as ScanRecord | null,
    failingTrend: (limit: number, key?: string) => store.failingTrend(limit, key ?? configuredScopeKey),
    metrics: (key?: string) => store.metrics(key ?? configuredScopeKey),
  };
  return new Proxy(store, {
    get(target, prop) {
      if (typeof prop === 'string' && prop in overrides) return overrides[prop as keyof Store];
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (typeof prop === 'string' && SCAN_READERS.has(prop)) {
        return async (...args: unknown[]) => decorate(await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

/** Why a scan cannot be diffed (409), or null: only finished scans that looked at something. */
export function diffRefusal(scan: ScanRecord): string | null {
  return (LATEST_VIEW_STATUSES as readonly string[]).includes(scan.status) ? null : `scan ${scan.id} is ${scan.status}; only succeeded or partial scans can be diffed`;
}

/** Why `against` cannot be the baseline of `scan` (409), or null: a complete scan of the same scope. */
export function baselineRefusal(scan: ScanRecord, against: ScanRecord): string | null {
  if (!(BASELINE_STATUSES as readonly string[]).includes(against.status)) {
    return `scan ${against.id} (against) is ${against.status}; only a complete (succeeded) scan can be a baseline, so nothing not looked at is called resolved`;
  }
  if (against.scopeKey !== scan.scopeKey) return `scan ${against.id} (against) covers a different scope than scan ${scan.id}; scans are compared only with scans of the same scope`;
  return null;
}
